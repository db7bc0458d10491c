/**
 * Token snapshots of the note grammar (syntaxes/handoff-note.tmLanguage.json) over the
 * fixtures in test/grammar/*.md, tokenized with vscode-textmate + vscode-oniguruma and the
 * real Markdown and YAML grammars it embeds (from the tm-grammars package).
 *
 * A token change fails the test. After an intended change, refresh the snapshots with
 *   UPDATE_SNAPSHOTS=1 node --import tsx --test test/unit/grammar/grammar.test.ts
 * and review the diff of test/grammar/__snapshots__.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const root = path.resolve(__dirname, '../../..');
const fixtures = path.join(root, 'test/grammar');
const snapshots = path.join(fixtures, '__snapshots__');
const update = process.env.UPDATE_SNAPSHOTS === '1';

const GRAMMARS: Record<string, string> = {
  'text.handoff-note': path.join(root, 'syntaxes/handoff-note.tmLanguage.json'),
  'source.yaml': path.join(root, 'node_modules/tm-grammars/grammars/yaml.json'),
  'text.html.markdown': path.join(root, 'node_modules/tm-grammars/grammars/markdown.json'),
};

let grammar: textmate.IGrammar;

before(async () => {
  const wasm = fs.readFileSync(path.join(root, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    // Languages fenced inside Markdown (js, sql…) are not loaded: their blocks stay plain.
    loadGrammar: async (scope) => (GRAMMARS[scope] ? textmate.parseRawGrammar(fs.readFileSync(GRAMMARS[scope], 'utf8'), GRAMMARS[scope]) : null),
  });
  const g = await registry.loadGrammar('text.handoff-note');
  assert.ok(g, 'the note grammar loads');
  grammar = g;
});

/** One line per source line, then one indented line per token: its text and its scopes (the root scope left out). */
function tokenize(text: string): string {
  const out: string[] = [];
  let stack = textmate.INITIAL;
  for (const line of text.split(/\r?\n/)) {
    const r = grammar.tokenizeLine(line, stack);
    out.push(`>${line}`);
    for (const t of r.tokens) {
      const scopes = t.scopes.filter((s) => s !== 'text.handoff-note').join(' ');
      out.push(`  ${JSON.stringify(line.slice(t.startIndex, t.endIndex))} ${scopes}`);
    }
    stack = r.ruleStack;
  }
  return out.join('\n') + '\n';
}

/** The scopes of the token that covers `needle` on the first line containing it. */
function scopesOf(text: string, needle: string): string[] {
  let stack = textmate.INITIAL;
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, stack);
    const at = line.indexOf(needle);
    if (at >= 0) return r.tokens.find((t) => t.startIndex <= at && at < t.endIndex)!.scopes;
    stack = r.ruleStack;
  }
  throw new Error(`${needle} not found`);
}

describe('note grammar: token snapshots', () => {
  const files = fs.readdirSync(fixtures).filter((f) => f.endsWith('.md')).sort();
  test('there are fixtures', () => assert.ok(files.length >= 4, `fixtures in ${fixtures}`));
  for (const file of files) {
    test(file, () => {
      const actual = tokenize(fs.readFileSync(path.join(fixtures, file), 'utf8'));
      const snap = path.join(snapshots, `${file}.snap`);
      if (update) {
        fs.mkdirSync(snapshots, { recursive: true });
        fs.writeFileSync(snap, actual);
        return;
      }
      assert.ok(fs.existsSync(snap), `no snapshot for ${file}: run with UPDATE_SNAPSHOTS=1 and commit it`);
      assert.equal(actual, fs.readFileSync(snap, 'utf8'), `tokens of ${file} changed`);
    });
  }
});

// Direct checks of the scopes themes and features rely on, so that a snapshot refreshed
// without care cannot hide a regression in them.
describe('note grammar: key scopes', () => {
  const note = [
    '---',
    'title: Add billing plan',
    'covers:',
    '  - db/migrate/*.rb   # glob',
    '  - env:BILLING_API_KEY',
    '  - "skip: config/locales/*.yml — copy only"',
    'risk: high',
    'owner: someone',
    '---',
    '## Deploy',
    '- [ ] Set `BILLING_API_KEY` in **production** @ops',
    '- [x] Done already @implementation',
    '<<<<<<< HEAD',
  ].join('\n');

  test('front matter is embedded YAML; unknown keys fall back to the YAML grammar', () => {
    assert.ok(scopesOf(note, 'owner').includes('meta.embedded.block.yaml'));
    assert.ok(scopesOf(note, 'owner').some((s) => s.endsWith('.yaml') && s.startsWith('entity.name.tag')));
  });
  test('title, covers entries and risk', () => {
    assert.ok(scopesOf(note, 'Add billing plan').includes('entity.name.section.title.handoff-note'));
    assert.ok(scopesOf(note, 'db/migrate/').includes('string.unquoted.path.handoff-note'));
    assert.ok(scopesOf(note, '*.rb').includes('keyword.operator.glob.wildcard.handoff-note'));
    assert.ok(scopesOf(note, '# glob').includes('comment.line.number-sign.yaml'));
    assert.ok(scopesOf(note, 'BILLING_API_KEY').includes('variable.other.constant.env.handoff-note'));
    assert.ok(scopesOf(note, 'skip').includes('keyword.control.skip.handoff-note'));
    assert.ok(scopesOf(note, 'copy only').includes('string.unquoted.reason.handoff-note'));
    assert.ok(scopesOf(note, 'high').includes('constant.language.risk.high.handoff-note'));
  });
  test('body: phase headings, task states, roles, Markdown inline, conflict markers', () => {
    assert.ok(scopesOf(note, 'Deploy').includes('entity.name.section.phase.handoff-note'));
    assert.ok(scopesOf(note, 'Deploy').includes('meta.embedded.block.markdown'));
    assert.ok(scopesOf(note, '- [ ]').includes('markup.list.task.todo.handoff-note'));
    assert.ok(scopesOf(note, 'x]').includes('constant.language.checkbox.checked.handoff-note'));
    assert.ok(scopesOf(note, 'ops').includes('entity.name.tag.role.handoff-note'));
    assert.ok(scopesOf(note, 'production').some((s) => s.startsWith('markup.bold')));
    assert.ok(scopesOf(note, '`BILLING').some((s) => s.startsWith('markup.inline.raw')));
    assert.ok(scopesOf(note, '<<<<<<<').includes('invalid.illegal.conflict-marker.handoff-note'));
  });
});
