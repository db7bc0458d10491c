// Writes schemas/config.schema.json from the schema defined in code
// (src/core/config/schema.ts). `npm run gen:schema`; `--check` exits 1 when the
// committed file is out of date instead of writing it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderConfigJsonSchema } from '../src/core/config/schema';

const file = join(__dirname, '..', 'schemas', 'config.schema.json');
const text = renderConfigJsonSchema();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // missing: out of date
  }
  if (current !== text) {
    console.error('schemas/config.schema.json is out of date: run `npm run gen:schema`');
    process.exit(1);
  }
} else {
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}
