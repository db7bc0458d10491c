/**
 * The release-note reader (analyzers/releaseNotes.ts) is linear: a whole new note (every line
 * added) in every shared shape, and shapes of its own — one endless entry (continuation lines),
 * thousands of entries that each match, endless code spans, backtick runs, a fence never closed,
 * RST underlines on every other line, "no … config" negations that almost close.
 */
import { describe, it } from 'node:test';
import { releaseNoteFindings } from '../../../src/core/analyzers/releaseNotes';
import type { Change } from '../../../src/core/types';
import { SHAPES, assertLinearPrepared, repeatTo } from './timing';

const OWN: Record<string, (size: number) => string> = {
  oneEntry: (size) => `- Removed the option\n${repeatTo('  and the config setting was renamed, must be updated\n', size)}`,
  entries: (size) => repeatTo('- Removed `old-key` config option, which is no longer supported\n', size),
  spans: (size) => `- ${repeatTo('`a` ', size)} config removed\n`,
  backticks: (size) => repeatTo('`', size),
  fenceOpen: (size) => `\`\`\`\n${repeatTo('- Removed config option\n', size)}`,
  rstUnderlines: (size) => repeatTo('Removed config option\n=====\n', size),
  negations: (size) => repeatTo('no config removed. ', size),
  words: (size) => repeatTo('must be must be must be config ', size),
};

const STRESS = Object.fromEntries(Object.entries(SHAPES).filter(([k]) => ['quotes', 'backslashes', 'spaces', 'manyShortLines', 'hashRun', 'dashes', 'equalsRun', 'colonRun'].includes(k)));

describe('the release-note reader is linear on adversarial input', () => {
  for (const path of ['CHANGELOG.md', 'doc/migration.rst']) {
    it(path, () => {
      for (const [name, make] of Object.entries({ ...STRESS, ...OWN })) {
        assertLinearPrepared(`release-notes ${path} ${name}`, make, (text) => {
          const change: Change = { status: 'added', path, oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks: [] };
          return () => releaseNoteFindings(change, text);
        });
      }
    });
  }
});
