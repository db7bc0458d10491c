// The packaged extension (`vsce package`, as `npm run package` does it): small, and holding only
// what the installed extension needs — the bundles, manifest, l10n, media, grammar, schema —
// never sources, source maps, tests or node_modules. Every file the manifest points at is inside.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as zlib from 'node:zlib';
import { packageVsix } from '../../../scripts/package.mjs';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const MAX_BYTES = 1024 * 1024;

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** Reads a zip's central directory (the .vsix format); no zip64, as vsce writes small archives. */
function readZip(buf: Buffer): { entries: Entry[]; read(name: string): Buffer } {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  assert.ok(eocd >= 0, 'the .vsix is a zip archive');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, 'central directory entry');
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    entries.push({
      method: buf.readUInt16LE(at + 10),
      compressedSize: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
      localOffset: buf.readUInt32LE(at + 42),
      name: buf.toString('utf8', at + 46, at + 46 + nameLen),
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return {
    entries,
    read(name) {
      const e = entries.find((x) => x.name === name);
      assert.ok(e, `${name} is in the archive`);
      const start = e.localOffset + 30 + buf.readUInt16LE(e.localOffset + 26) + buf.readUInt16LE(e.localOffset + 28);
      const data = buf.subarray(start, start + e.compressedSize);
      return e.method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data);
    },
  };
}

/** What may be in the package (paths inside `extension/`). */
const ALLOWED = [
  /^package\.json$/,
  /^package\.nls(\.[a-z]{2}(-[a-z]{2,4})?)?\.json$/,
  /^dist\/(extension|server)\.js$/,
  /^media\/[\w./-]+\.(svg|png|md|css)$/,
  /^syntaxes\/[\w.-]+\.json$/,
  /^schemas\/[\w.-]+\.json$/,
  /^l10n\/([\w-]+\/)?bundle\.l10n(\.[a-z]{2}(-[a-z]{2,4})?)?\.json$/, // the extension's, and the server's in l10n/server/
  /^language-configuration\.json$/,
  /^(readme|changelog)\.md$/,
  /^LICENSE(\.txt)?$/,
  /^docs\/[\w.-]+\.png$/, // the README's pictures, so that they show in the packaged listing
];

describe('packaged .vsix', () => {
  let tmp: string;
  let vsix: string;
  let zip: ReturnType<typeof readZip>;
  let files: string[];

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-vsix-'));
    vsix = path.join(tmp, 'handoff.vsix');
    // what `npm run package` does: the production build, then vsce with .vscodeignore
    packageVsix(vsix, { quiet: true });
    zip = readZip(fs.readFileSync(vsix));
    files = zip.entries.map((e) => e.name).filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('is smaller than 1 MB', () => {
    const size = fs.statSync(vsix).size;
    assert.ok(size < MAX_BYTES, `${size} bytes`);
  });

  it('holds only allowed files: no sources, maps, tests or node_modules', () => {
    const outside = zip.entries.map((e) => e.name).filter((n) => !n.startsWith('extension/') && n !== 'extension.vsixmanifest' && n !== '[Content_Types].xml');
    assert.deepEqual(outside, []);
    const unexpected = files.filter((f) => !ALLOWED.some((re) => re.test(f)));
    assert.deepEqual(unexpected, [], `unexpected files in the .vsix: ${unexpected.join(', ')}`);
    assert.deepEqual(files.filter((f) => /\.(ts|map)$|node_modules|^test\/|^src\//.test(f)), []);
  });

  it('holds the bundles, both languages of the manifest and of the runtime strings', () => {
    for (const f of ['package.json', 'dist/extension.js', 'dist/server.js', 'package.nls.json', 'package.nls.zh-cn.json', 'l10n/bundle.l10n.json', 'l10n/bundle.l10n.zh-cn.json']) {
      assert.ok(files.includes(f), `${f} is packaged`);
    }
  });

  it('ships minified bundles without source-map references', () => {
    const js = zip.read('extension/dist/extension.js').toString('utf8');
    assert.doesNotMatch(js, /\/\/# sourceMappingURL=/);
    const perLine = js.length / js.split('\n').length;
    assert.ok(perLine > 500, `the production build is minified (${Math.round(perLine)} characters per line)`);
  });

  it('contains every file the manifest refers to', () => {
    const manifest = JSON.parse(zip.read('extension/package.json').toString('utf8'));
    const c = manifest.contributes ?? {};
    const refs: string[] = [manifest.main];
    const rel = (p: unknown) => { if (typeof p === 'string' && !/^[a-z]+:/i.test(p) && !p.startsWith('$(')) refs.push(p); };
    for (const v of Object.values(c.viewsContainers ?? {}) as { icon?: string }[][]) for (const x of v) rel(x.icon);
    for (const v of Object.values(c.views ?? {}) as { icon?: string }[][]) for (const x of v) rel(x.icon);
    for (const g of c.grammars ?? []) rel(g.path);
    for (const l of c.languages ?? []) { rel(l.configuration); rel(l.icon?.light); rel(l.icon?.dark); }
    for (const j of c.jsonValidation ?? []) rel(j.url);
    for (const y of c.yamlValidation ?? []) rel(y.url);
    for (const w of c.walkthroughs ?? []) for (const s of w.steps ?? []) { rel(s.media?.image); rel(s.media?.svg); rel(s.media?.markdown); }
    for (const i of Object.values(c.icons ?? {}) as { default?: { fontPath?: string } }[]) rel(i.default?.fontPath);
    rel(manifest.icon);
    const missing = refs.filter(Boolean).map((p) => path.posix.normalize(p.replace(/^\.\//, ''))).filter((p) => !files.includes(p));
    assert.deepEqual(missing, [], `the manifest refers to files not in the .vsix: ${missing.join(', ')}`);
    assert.equal(manifest.main, './dist/extension.js');
  });

  it('is ready for the Marketplace and Open VSX: licence, change log, PNG icon, categories, kind, YAML schema', () => {
    const manifest = JSON.parse(zip.read('extension/package.json').toString('utf8'));
    const license = files.find((f) => /^LICENSE(\.txt)?$/.test(f));
    assert.ok(license, 'a LICENSE file (Open VSX refuses unlicensed extensions)');
    assert.match(zip.read(`extension/${license}`).toString('utf8'), /MIT License/);
    assert.equal(manifest.license, 'MIT');
    assert.ok(files.some((f) => /^changelog\.md$/i.test(f)), 'a CHANGELOG.md');
    // the Marketplace refuses SVG icons: a PNG of at least 128×128
    assert.match(manifest.icon, /\.png$/);
    const icon = zip.read(`extension/${manifest.icon}`);
    assert.equal(icon.subarray(1, 4).toString('latin1'), 'PNG');
    assert.ok(icon.readUInt32BE(16) >= 128 && icon.readUInt32BE(20) >= 128, `icon is ${icon.readUInt32BE(16)}×${icon.readUInt32BE(20)}`);
    assert.ok(manifest.galleryBanner?.color, 'a gallery banner');
    assert.ok(manifest.keywords?.length >= 3, 'keywords');
    assert.ok(manifest.categories.includes('SCM Providers') && manifest.categories.includes('Linters'), `categories: ${manifest.categories}`);
    assert.deepEqual(manifest.extensionKind, ['workspace']);
    assert.doesNotMatch(JSON.stringify(manifest.repository), /example\.invalid/);
    const yaml = (manifest.contributes.yamlValidation ?? []) as { fileMatch: string | string[]; url: string }[];
    assert.ok(yaml.some((y) => [y.fileMatch].flat().some((m) => m.endsWith('.handoff/config.yaml')) && y.url === './schemas/config.schema.json'), 'yamlValidation for .handoff/config.yaml');
  });

  it('has no README link or picture pointing at a file missing from the package', () => {
    const readme = zip.read(`extension/${files.find((f) => /^readme\.md$/i.test(f))}`).toString('utf8');
    const targets = [...readme.matchAll(/!?\[[^\]]*\]\(([^)\s]+)[^)]*\)/g), ...readme.matchAll(/\bsrc="([^"]+)"/g)].map((m) => m[1]);
    const relative = targets.filter((t) => !/^(https?:|mailto:|#)/.test(t)).map((t) => decodeURIComponent(t.split('#')[0]).replace(/^\.\//, ''));
    assert.ok(relative.includes('docs/demo-sidebar.png'), 'the README shows the side bar');
    const missing = relative.filter((t) => !files.includes(t));
    assert.deepEqual(missing, [], `README links to files not in the .vsix: ${missing.join(', ')}`);
  });
});
