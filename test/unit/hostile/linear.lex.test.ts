import { describe, it } from 'node:test';
import { LANGUAGES, scan } from '../../../src/core/lex';
import { EXTRA } from './extraShapes';
import { SHAPES, assertLinear } from './timing';


describe('lexers are linear on adversarial input', () => {
  const shapes = { ...SHAPES, ...EXTRA };
  // java, swift and scala share every construct measured here with kotlin and c
  for (const lang of LANGUAGES.filter((l) => l !== 'java' && l !== 'swift' && l !== 'scala')) {
    it(`${lang}`, () => {
      for (const [name, make] of Object.entries(shapes)) assertLinear(`lex ${lang} ${name}`, make, (t) => { let count = 0; scan(lang, t, () => { count++; }); return count; });
    });
  }
});
