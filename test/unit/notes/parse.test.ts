import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCoverEntry, parseNote } from '../../../src/core/notes';

const DESIGN_NOTE = `---
title: Add billing plan to accounts
covers:
  - db/migrate/20261124093000_add_billing_plan.rb
  - config/billing/*.yml          # globs allowed
  - env:BILLING_API_KEY           # an environment variable
  - "skip: config/locales/*.yml — copy only, nothing to deploy"   # no action, with the reason
risk: high                        # low | medium | high
ticket: BILL-42
---
## Deploy
- [ ] Set \`BILLING_API_KEY\` in production secrets @ops
- [ ] Run \`rails db:migrate\` before restarting app servers @implementation

## Verify
- [x] \`/admin/billing\` loads for an admin account

## Rollback
- [ ] \`rails db:rollback STEP=1\`
`;

describe('parseNote', () => {
  it('reads the note of DESIGN.md: title, covers of every kind with positions, risk, extra keys, sections, items and roles', () => {
    const { note, error, problems } = parseNote('.handoff/notes/2026-11-24-billing-plan.md', DESIGN_NOTE);
    assert.equal(error, undefined);
    assert.deepEqual(problems, []);
    assert.ok(note);
    assert.equal(note.title, 'Add billing plan to accounts');
    assert.equal(note.risk, 'high');
    assert.deepEqual(note.extra, { ticket: 'BILL-42' });
    assert.deepEqual(note.frontMatter, { startLine: 1, endLine: 10 });
    assert.equal(note.eol, '\n');
    assert.deepEqual(
      note.covers.map((c) => [c.kind, c.pattern ?? c.name, c.reason, c.line, c.column]),
      [
        ['path', 'db/migrate/20261124093000_add_billing_plan.rb', undefined, 4, 5],
        ['path', 'config/billing/*.yml', undefined, 5, 5],
        ['env', 'BILLING_API_KEY', undefined, 6, 5],
        ['skip', 'config/locales/*.yml', 'copy only, nothing to deploy', 7, 5],
      ],
    );
    assert.deepEqual(note.sections, [
      { title: 'Deploy', level: 2, line: 11 },
      { title: 'Verify', level: 2, line: 15 },
      { title: 'Rollback', level: 2, line: 18 },
    ]);
    assert.deepEqual(note.items, [
      { text: 'Set `BILLING_API_KEY` in production secrets', done: false, section: 'Deploy', role: 'ops', line: 12 },
      { text: 'Run `rails db:migrate` before restarting app servers', done: false, section: 'Deploy', role: 'implementation', line: 13 },
      { text: '`/admin/billing` loads for an admin account', done: true, section: 'Verify', role: null, line: 16 },
      { text: '`rails db:rollback STEP=1`', done: false, section: 'Rollback', role: null, line: 19 },
    ]);
  });

  it('reads CRLF notes with the same lines and reports the style', () => {
    const { note } = parseNote('n.md', DESIGN_NOTE.replace(/\n/g, '\r\n'));
    assert.ok(note);
    assert.equal(note.eol, '\r\n');
    assert.equal(note.covers.length, 4);
    assert.deepEqual(note.items.map((i) => [i.line, i.text]), [
      [12, 'Set `BILLING_API_KEY` in production secrets'],
      [13, 'Run `rails db:migrate` before restarting app servers'],
      [16, '`/admin/billing` loads for an admin account'],
      [19, '`rails db:rollback STEP=1`'],
    ]);
    assert.equal(note.items[0].text.includes('\r'), false);
  });

  it('refuses a note with conflict markers with one line naming file and line', () => {
    const text = `---\ntitle: x\ncovers: [a]\n---\n## Deploy\n<<<<<<< HEAD\n- [ ] one\n=======\n- [x] one\n>>>>>>> feature\n`;
    const r = parseNote('.handoff/notes/x.md', text);
    assert.equal(r.note, null);
    assert.equal(r.error, '.handoff/notes/x.md:6: conflict markers: resolve the merge conflict first');
    assert.deepEqual(r.problems.map((p) => [p.code, p.line, p.endLine]), [['conflict-markers', 6, 10]]);
  });

  it('does not mistake a Setext underline for a conflict', () => {
    const r = parseNote('n.md', '---\ntitle: x\ncovers: [a]\n---\nTitle\n=======\n- [ ] a\n');
    assert.ok(r.note);
  });

  it('refuses broken YAML with the line of the error in the note file', () => {
    const r = parseNote('.handoff/notes/y.md', '---\ntitle: ok\ncovers:\n  - a\n  b: [\n---\n');
    assert.equal(r.note, null);
    assert.match(r.error!, /^\.handoff\/notes\/y\.md:[45]: front matter: /);
    assert.equal(r.problems[0].code, 'yaml-syntax');
    assert.ok(r.problems[0].line >= 4);
  });

  it('refuses a note without front matter, or with an unclosed one', () => {
    assert.deepEqual(parseNote('a.md', '# Just markdown\n- [ ] a\n').problems.map((p) => p.code), ['missing-front-matter']);
    const unclosed = parseNote('b.md', '---\ntitle: x\n- [ ] a\n');
    assert.equal(unclosed.note, null);
    assert.equal(unclosed.error, 'b.md:1: front matter is not closed: add a `---` line after it');
  });

  it('keeps the note usable but reports skips without reason, bad risks, bad env names and typos of keys', () => {
    const text = ['---', 'titel: oops', 'covers:', '  - "skip: config/*.yml"', '  - env:lower-case', '  - src/**', '  - {a: 1}', 'risk: huge', '---', '- [ ] loose @nobody', '## Deploy', '- [ ]', ''].join('\n');
    const r = parseNote('.handoff/notes/z.md', text, { roles: ['ops', 'dev'] });
    assert.ok(r.note, 'still usable');
    assert.equal(r.error, undefined);
    assert.deepEqual(r.note.covers.map((c) => c.raw), ['src/**']);
    assert.equal(r.note.title, 'z', 'falls back to the file name');
    const codes = r.problems.map((p) => `${p.line}:${p.code}`);
    assert.deepEqual(codes, ['1:missing-title', '2:unknown-key', '4:skip-without-reason', '5:bad-env-name', '7:bad-cover-entry', '8:bad-risk', '10:item-outside-section', '10:unknown-role', '12:empty-item']);
    assert.match(r.problems.find((p) => p.code === 'unknown-key')!.message, /did you mean 'title'/);
    assert.equal(r.problems.find((p) => p.code === 'skip-without-reason')!.column, 5);
  });

  it('reads unquoted `- skip: …` and `- env: …` entries as meant', () => {
    const r = parseNote('n.md', '---\ntitle: t\ncovers:\n  - skip: docs/** — docs only\n  - env: API_TOKEN\n---\n');
    assert.deepEqual(r.note!.covers.map((c) => [c.kind, c.pattern ?? c.name, c.reason]), [
      ['skip', 'docs/**', 'docs only'],
      ['env', 'API_TOKEN', undefined],
    ]);
  });

  it('ignores task syntax inside fenced code and headings inside fences', () => {
    const r = parseNote('n.md', '---\ntitle: t\ncovers: [a]\n---\n## Deploy\n```md\n## Not a section\n- [ ] not an item\n```\n- [X] real @ops\n');
    assert.deepEqual(r.note!.sections.map((s) => s.title), ['Deploy']);
    assert.deepEqual(r.note!.items, [{ text: 'real', done: true, section: 'Deploy', role: 'ops', line: 10 }]);
  });

  it('accepts a BOM, numbered and starred items, nested items and unicode text', () => {
    const r = parseNote('n.md', '\uFEFF---\ntitle: 计费方案\ncovers: [a]\n---\n# 部署\n1. [ ] 设置 `KEY` @ops\n* [x] done\n  - [ ] nested @dba\n');
    assert.equal(r.note!.title, '计费方案');
    assert.deepEqual(r.note!.items.map((i) => [i.text, i.done, i.role, i.section]), [
      ['设置 `KEY`', false, 'ops', '部署'],
      ['done', true, null, '部署'],
      ['nested', false, 'dba', '部署'],
    ]);
  });
});

describe('parseCoverEntry', () => {
  it('splits skip reasons on —, --, - and :', () => {
    for (const raw of ['skip: a/*.yml — why', 'skip: a/*.yml -- why', 'skip: a/*.yml - why', 'skip: a/*.yml: why', 'skip:a/*.yml—why']) {
      assert.deepEqual(parseCoverEntry(raw), { kind: 'skip', pattern: 'a/*.yml', reason: 'why' }, raw);
    }
  });
  it('keeps dashes inside paths and normalises ./ and leading /', () => {
    assert.deepEqual(parseCoverEntry('skip: config/my-file.yml — not used'), { kind: 'skip', pattern: 'config/my-file.yml', reason: 'not used' });
    assert.deepEqual(parseCoverEntry('./db/x.sql'), { kind: 'path', pattern: 'db/x.sql' });
    assert.deepEqual(parseCoverEntry('/db/x.sql'), { kind: 'path', pattern: 'db/x.sql' });
  });
  it('reads env skips and env globs', () => {
    assert.deepEqual(parseCoverEntry('skip: env:DEBUG_* — local only'), { kind: 'skip', name: 'DEBUG_*', reason: 'local only' });
    assert.deepEqual(parseCoverEntry('env: BILLING_*'), { kind: 'env', name: 'BILLING_*' });
    assert.equal((parseCoverEntry('env:') as { code: string }).code, 'bad-env-name');
    assert.equal((parseCoverEntry('skip: — because') as { code: string }).code, 'skip-without-pattern');
  });
});
