// Generates a large synthetic repository for the benchmarks with `git fast-import`
// (seconds instead of minutes for 50,000 files). Deterministic: same arguments, same repo.
//
//   node bench/generate.mjs <dir> [--files 50000] [--changed 10000]
//
// main: `files` files (sources, configs, migrations, docs).
// feature (branched from main): `changed` changed files, split as the benchmark issue asks:
//   20% migrations across frameworks, 10% config files, 50% sources with env reads,
//   5% renames, a few 5 MB files, some binary files; the rest plain source edits.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';

const args = process.argv.slice(2);
const dir = args[0];
if (!dir) {
  console.error('usage: node bench/generate.mjs <dir> [--files N] [--changed N]');
  process.exit(2);
}
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const FILES = opt('files', 50_000);
const CHANGED = opt('changed', 10_000);

// A tiny deterministic PRNG (mulberry32) so the repo is the same on every machine.
let seed = 0x5eed;
const rand = () => {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const MIGRATION_KINDS = [
  (i) => [`db/migrate/2026${pad(i, 10)}_change_${i}.rb`, `class Change${i} < ActiveRecord::Migration[7.1]\n  def change\n    add_column :t${i % 50}, :c${i}, :string\n    remove_column :t${i % 50}, :old_${i}\n  end\nend\n`],
  (i) => [`app${i % 20}/migrations/${pad(i, 4)}_auto_${i}.py`, `from django.db import migrations, models\n\nclass Migration(migrations.Migration):\n    operations = [\n        migrations.RemoveField(model_name='m${i}', name='f${i}'),\n    ]\n`],
  (i) => [`alembic/versions/${pad(i, 6)}_rev.py`, `def upgrade():\n    op.drop_column('t${i}', 'c${i}')\n\ndef downgrade():\n    pass\n`],
  (i) => [`db/migration/V${i}__change.sql`, `ALTER TABLE t${i % 90} ADD COLUMN c${i} text NOT NULL;\nCREATE INDEX idx_${i} ON t${i % 90} (c${i});\n`],
  (i) => [`database/migrations/2026_11_24_${pad(i, 6)}_change.php`, `<?php\nreturn new class extends Migration {\n    public function up(): void {\n        Schema::table('t${i}', function (Blueprint $t) { $t->dropColumn('c${i}'); });\n    }\n};\n`],
  (i) => [`migrations/${pad(i, 6)}_change.up.sql`, `DROP TABLE IF EXISTS legacy_${i};\n`],
];

const CONFIG_KINDS = [
  (i, v) => [`config/services/service_${i}.yml`, `service:\n  name: s${i}\n  timeout: ${30 + v}\n  retries: 3\n${v ? '' : '  legacy_flag: true\n'}`],
  (i, v) => [`config/app_${i}.json`, JSON.stringify({ name: `a${i}`, port: 3000 + (v ? i % 7 : 0), features: { x: true, [`k${v}`]: 1 } }, null, 2) + '\n'],
  (i, v) => [`config/tool_${i}.toml`, `[server]\nhost = "0.0.0.0"\nport = ${8000 + v}\n${v ? 'workers = 4\n' : ''}`],
];

function pad(n, w) {
  return String(n).padStart(w, '0');
}

function source(i, variant) {
  const lines = [`// module ${i}`, `import { helper${i % 100} } from './lib/helper${i % 100}';`, ''];
  const body = 20 + (i % 30);
  for (let l = 0; l < body; l++) lines.push(`export function f${i}_${l}(x) { return helper${i % 100}(x) + ${l}; }`);
  if (variant) {
    // Half the edits read an env var: some shared (already read elsewhere), some new.
    lines.splice(3, 0, `const cfg${i} = process.env.${variant === 1 ? `SHARED_VAR_${i % 40}` : `NEW_VAR_${i % 500}`};`);
    lines.push(`export const changed${i} = ${variant};`);
  }
  return lines.join('\n') + '\n';
}

function bigText(mb, tag) {
  const line = `${tag} lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod\n`;
  return line.repeat(Math.ceil((mb * 1024 * 1024) / line.length));
}

function binary(i, v) {
  const b = Buffer.alloc(4096 + (i % 512));
  for (let k = 0; k < b.length; k++) b[k] = (k * 31 + i + v) & 0xff;
  b[0] = 0;
  return b;
}

// ---- build the two trees -------------------------------------------------------------
const base = new Map(); // path -> content
const nMig = Math.floor(CHANGED * 0.2);
const nCfg = Math.floor(CHANGED * 0.1);
const nEnv = Math.floor(CHANGED * 0.5);
const nRen = Math.floor(CHANGED * 0.05);
const nBig = 4;
const nBin = 20;

for (let i = 0; i < nCfg; i++) {
  const [p, c] = CONFIG_KINDS[i % CONFIG_KINDS.length](i, 0);
  base.set(p, c);
}
for (let i = 0; i < 40; i++) base.set(`src/shared/env_${i}.js`, `module.exports = process.env.SHARED_VAR_${i};\n`);
for (let i = 0; i < nBig; i++) base.set(`assets/big_${i}.txt`, bigText(5, `v0-${i}`));
for (let i = 0; i < nBin; i++) base.set(`assets/img_${i}.bin`, binary(i, 0));
let k = 0;
while (base.size < FILES) {
  if (k % 25 === 0) base.set(`docs/page_${k}.md`, `# Page ${k}\n\nText.\n`);
  else base.set(`src/mod${k % 200}/file_${k}.js`, source(k, 0));
  k++;
}

const head = new Map(base);
const sources = [...base.keys()].filter((p) => p.startsWith('src/mod'));
let si = 0;
for (let i = 0; i < nMig; i++) {
  const [p, c] = MIGRATION_KINDS[i % MIGRATION_KINDS.length](i);
  head.set(p, c);
}
for (let i = 0; i < nCfg; i++) {
  const [p, c] = CONFIG_KINDS[i % CONFIG_KINDS.length](i, 1);
  head.set(p, c);
}
for (let i = 0; i < nEnv; i++) {
  const p = sources[si++];
  head.set(p, source(Number(p.match(/file_(\d+)/)[1]), rand() < 0.5 ? 1 : 2));
}
for (let i = 0; i < nRen; i++) {
  const p = sources[si++];
  head.set(p.replace('/file_', '/renamed_'), head.get(p));
  head.delete(p);
}
for (let i = 0; i < nBig; i++) head.set(`assets/big_${i}.txt`, bigText(5, `v1-${i}`));
for (let i = 0; i < nBin; i++) head.set(`assets/img_${i}.bin`, binary(i, 1));
const rest = CHANGED - nMig - nCfg - nEnv - nRen - nBig - nBin;
for (let i = 0; i < rest; i++) {
  const p = sources[si++];
  head.set(p, head.get(p).replace('// module', '// edited module'));
}

// ---- write with fast-import ----------------------------------------------------------
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const git = (...a) => {
  const r = spawnSync('git', a, { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`git ${a.join(' ')} failed`);
  return r.stdout.toString();
};
git('init', '-q', '-b', 'main');

const chunks = [];
let mark = 0;
const blobMarks = new Map();
function blob(content) {
  const buf = Buffer.isBuffer(content) ? content : Buffer.from(content);
  const key = buf.length < 200_000 ? buf.toString('latin1') : null;
  if (key !== null && blobMarks.has(key)) return blobMarks.get(key);
  mark++;
  chunks.push(Buffer.from(`blob\nmark :${mark}\ndata ${buf.length}\n`), buf, Buffer.from('\n'));
  if (key !== null) blobMarks.set(key, mark);
  return mark;
}
function commit(ref, tree, message, time, parent) {
  const marks = [...tree].map(([p, c]) => [p, blob(c)]);
  mark++;
  const msg = Buffer.from(message);
  chunks.push(Buffer.from(`commit ${ref}\nmark :${mark}\nauthor Bench <bench@handoff.local> ${time} +0000\ncommitter Bench <bench@handoff.local> ${time} +0000\ndata ${msg.length}\n`), msg, Buffer.from('\n'));
  if (parent) chunks.push(Buffer.from(`from :${parent}\n`));
  chunks.push(Buffer.from('deleteall\n'));
  for (const [p, m] of marks) chunks.push(Buffer.from(`M 100644 :${m} ${quote(p)}\n`));
  chunks.push(Buffer.from('\n'));
  return mark;
}
function quote(p) {
  return /["\\\n ]/.test(p) ? JSON.stringify(p) : p;
}
const baseMark = commit('refs/heads/main', base, 'base', 1_790_000_000);
commit('refs/heads/feature', head, 'feature', 1_790_003_600, baseMark);
// A small range on top of main: 10 files.
const small = new Map(base);
for (let i = 0; i < 10; i++) {
  const p = sources[sources.length - 1 - i];
  small.set(p, source(Number(p.match(/file_(\d+)/)[1]), i < 3 ? 2 : 1));
}
commit('refs/heads/small', small, 'small', 1_790_007_200, baseMark);

const r = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, input: Buffer.concat(chunks), stdio: ['pipe', 'inherit', 'inherit'], maxBuffer: 1 << 30 });
if (r.status !== 0) throw new Error('fast-import failed');
git('checkout', '-q', '-f', 'main');
console.log(JSON.stringify({ dir, files: base.size, changed: CHANGED, migrations: nMig, configs: nCfg, envSources: nEnv, renames: nRen, big: nBig, binary: nBin }));
