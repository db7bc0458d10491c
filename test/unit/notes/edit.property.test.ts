import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addCovers, appendItem, applyEdits, parseNote, toggleItem, yamlScalar, type Note, type TextEdit } from '../../../src/core/notes';

/** A generated note, with what it should parse to. */
interface Generated {
  text: string;
  eol: '\n' | '\r\n';
  covers: string[];
  sections: string[];
}

const segment = fc.stringMatching(/^[a-z0-9_][a-z0-9_.-]{0,8}$/).filter((s) => !s.endsWith('.'));
const unicodeWord = fc.constantFrom('é', '文件', 'ß', 'Ω', 'ü', '数据', 'naïve', 'émoji😀');
const pathEntry = fc
  .tuple(fc.array(fc.oneof(segment, unicodeWord), { minLength: 1, maxLength: 4 }), fc.constantFrom('', '.yml', '.rb', '.sql', '/**', '/*.yml'))
  .map(([parts, ext]) => parts.join('/') + ext);
const coverEntry = fc.oneof(
  pathEntry,
  pathEntry.map((p) => `**/${p}`),
  fc.stringMatching(/^[A-Z][A-Z0-9_]{1,10}$/).map((n) => `env:${n}`),
  fc.tuple(pathEntry, fc.constantFrom('copy only', 'nothing to deploy — docs', 'docs: only')).map(([p, r]) => `skip: ${p} — ${r}`),
);
const commentText = fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => s.replace(/[\r\n\u2028\u2029\u0085]/g, ' '));
const lineText = fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => s.replace(/[\r\n\u2028\u2029\u0085`]/g, ' ').trim());
const sectionTitle = fc.oneof(fc.constantFrom('Before deploy', 'Deploy', 'After deploy', 'Verify', 'Rollback', '部署', 'Notes à lire'), fc.stringMatching(/^[A-Z][a-z ]{2,12}[a-z]$/));

const noteArb: fc.Arbitrary<Generated> = fc
  .record({
    eol: fc.constantFrom('\n' as const, '\r\n' as const),
    title: lineText.filter((s) => s.length > 0),
    covers: fc.uniqueArray(coverEntry, { maxLength: 5 }),
    coverStyle: fc.constantFrom('block0', 'block2', 'block4', 'flow', 'absent'),
    dashGap: fc.constantFrom(' ', '   '),
    fmComments: fc.array(fc.tuple(fc.nat(6), commentText), { maxLength: 3 }),
    itemComments: fc.array(commentText, { maxLength: 5 }),
    risk: fc.option(fc.constantFrom('low', 'medium', 'high'), { nil: undefined }),
    extraFirst: fc.boolean(),
    sections: fc.uniqueArray(
      fc.record({ title: sectionTitle, items: fc.array(fc.record({ text: lineText.filter((s) => !!s && !s.startsWith('@') && !/\s@[A-Za-z]/.test(s)), done: fc.boolean(), role: fc.option(fc.constantFrom('ops', 'dba', 'qa'), { nil: null }), marker: fc.constantFrom('-', '*') }), { maxLength: 4 }), prose: fc.option(lineText.map((s) => `P ${s}`), { nil: null }) }),
      { maxLength: 4, selector: (s) => s.title.toLowerCase() },
    ),
    trailingEol: fc.boolean(),
  })
  .map((g) => {
    const fm: string[] = [];
    if (g.extraFirst) fm.push('owner: team-ü # who');
    fm.push(`title: ${JSON.stringify(g.title)}`);
    if (g.coverStyle === 'flow') fm.push(`covers: [${g.covers.map((c) => yamlScalar(c, true)).join(', ')}]  # flow`);
    else if (g.coverStyle !== 'absent') {
      const indent = ' '.repeat(Number(g.coverStyle.slice(5)));
      fm.push('covers:');
      g.covers.forEach((c, i) => fm.push(`${indent}-${g.dashGap}${yamlScalar(c)}${g.itemComments[i] !== undefined ? `   # ${g.itemComments[i]}` : ''}`));
    }
    if (g.risk) fm.push(`risk: ${g.risk}   # low | medium | high`);
    if (!g.extraFirst) fm.push('owner: team-ü # who');
    for (const [at, c] of g.fmComments) fm.splice(Math.min(at, fm.length), 0, `# ${c}`);
    const body: string[] = [];
    for (const s of g.sections) {
      body.push(`## ${s.title}`);
      if (s.prose) body.push(s.prose, '');
      for (const it of s.items) body.push(`${it.marker} [${it.done ? 'x' : ' '}] ${it.text}${it.role ? ` @${it.role}` : ''}`);
      body.push('');
    }
    const lines = ['---', ...fm, '---', ...body];
    const text = lines.join(g.eol) + (g.trailingEol ? g.eol : '');
    return { text, eol: g.eol, covers: g.coverStyle === 'absent' ? [] : g.covers, sections: g.sections.map((s) => s.title) };
  });

function parse(text: string): Note {
  const r = parseNote('.handoff/notes/gen.md', text);
  assert.equal(r.error, undefined, `${r.error}\n${text}`);
  return r.note!;
}

/** The text with the inserted spans removed: equal to the original when the edits only inserted. */
function withoutInsertions(edits: TextEdit[], after: string): string {
  let out = after;
  let shift = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    assert.equal(e.end, e.start, 'an insertion');
    const at = e.start + shift;
    assert.equal(out.slice(at, at + e.newText.length), e.newText);
    out = out.slice(0, at) + out.slice(at + e.newText.length);
  }
  return out;
}

function assertEolStyle(text: string, eol: '\n' | '\r\n'): void {
  if (eol === '\r\n') assert.equal(/(^|[^\r])\n/.test(text), false, 'no bare LF in a CRLF note');
  else assert.equal(text.includes('\r'), false, 'no CR in an LF note');
}

const RUNS = { numRuns: 300 };

describe('note edits change only the bytes they must (property tests)', () => {
  it('generated notes parse as generated', () => {
    fc.assert(
      fc.property(noteArb, (g) => {
        const note = parse(g.text);
        assert.deepEqual(note.covers.map((c) => c.raw), g.covers);
        assert.deepEqual(note.sections.map((s) => s.title), g.sections);
      }),
      RUNS,
    );
  });

  it('toggleItem changes exactly the one character between the brackets', () => {
    fc.assert(
      fc.property(noteArb, fc.nat(), (g, pick) => {
        const before = parse(g.text);
        fc.pre(before.items.length > 0);
        const item = before.items[pick % before.items.length];
        const edit = toggleItem(g.text, item.line);
        assert.ok(edit);
        assert.equal(edit.end - edit.start, 1);
        assert.equal(g.text[edit.start], item.done ? 'x' : ' ');
        const after = applyEdits(g.text, [edit]);
        assert.equal(after.length, g.text.length);
        for (let i = 0; i < after.length; i++) if (i !== edit.start) assert.equal(after[i], g.text[i]);
        const note = parse(after);
        assert.deepEqual(note.items, before.items.map((it) => (it.line === item.line ? { ...it, done: !it.done } : it)));
        assert.equal(toggleItem(after, item.line, !item.done), null, 'already in that state');
      }),
      RUNS,
    );
  });

  it('addCovers only inserts, keeps every other byte, the EOL style and the parsed rest', () => {
    fc.assert(
      fc.property(noteArb, fc.uniqueArray(coverEntry, { minLength: 1, maxLength: 3 }), (g, entries) => {
        const before = parse(g.text);
        const edits = addCovers(g.text, entries);
        const after = applyEdits(g.text, edits);
        assert.equal(withoutInsertions(edits, after), g.text);
        assertEolStyle(after, g.eol);
        const note = parse(after);
        const expected = [...g.covers, ...entries.filter((e) => !g.covers.includes(e))];
        assert.deepEqual(note.covers.map((c) => c.raw), expected);
        assert.deepEqual(note.items, before.items.map((it) => ({ ...it, line: it.line + (note.frontMatter.endLine - before.frontMatter.endLine) })));
        assert.equal(note.title, before.title);
        assert.deepEqual(note.extra, before.extra);
        assert.equal(note.risk, before.risk);
        assert.equal(/(\r\n|\n)$/.test(after), /(\r\n|\n)$/.test(g.text), 'trailing newline kept (or kept absent)');
        assert.deepEqual(addCovers(after, entries), [], 'idempotent');
      }),
      RUNS,
    );
  });

  it('appendItem only inserts and adds exactly one item to the section', () => {
    fc.assert(
      fc.property(noteArb, fc.oneof(sectionTitle, fc.constantFrom('Deploy', 'Rollback')), lineText.filter((s) => !!s && !/\s@[A-Za-z]/.test(s) && !s.startsWith('@')), (g, section, text) => {
        const before = parse(g.text);
        const edits = appendItem(g.text, section, `${text} @ops`);
        const after = applyEdits(g.text, edits);
        assert.equal(withoutInsertions(edits, after), g.text);
        assertEolStyle(after, g.eol);
        const note = parse(after);
        assert.equal(note.items.length, before.items.length + 1);
        const added = note.items.filter((it) => !before.items.some((b) => b.text === it.text && b.section === it.section && b.done === it.done && b.role === it.role));
        assert.ok(added.some((it) => it.text === text && it.role === 'ops' && !it.done && it.section?.toLowerCase() === section.toLowerCase()), `added to ${section}`);
        assert.deepEqual(note.covers.map((c) => c.raw), before.covers.map((c) => c.raw));
        assert.equal(/(\r\n|\n)$/.test(after), /(\r\n|\n)$/.test(g.text), 'trailing newline kept (or kept absent)');
        // Every earlier item keeps its text, state and section, in order.
        const kept = note.items.filter((it) => it !== added[0]);
        assert.deepEqual(kept.map((i) => [i.text, i.done, i.section, i.role]), before.items.map((i) => [i.text, i.done, i.section, i.role]));
      }),
      RUNS,
    );
  });
});

describe('bad input never throws from the parser and never corrupts a note', () => {
  const junk = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.array(fc.constantFrom('---', '...', 'title: x', 'covers:', '  - a', '  - [b', 'covers: [', '<<<<<<< HEAD', '=======', '## Deploy', '- [ ] a', '- [x] b @ops', '```', '\t- c', '', 'risk: 7', '? k', '&a x', '*a'), { maxLength: 12 }).map((ls) => ls.join('\n')),
  );
  it('parseNote returns a note or an error with problems, for any text', () => {
    fc.assert(
      fc.property(junk, (text) => {
        const r = parseNote('j.md', text);
        if (r.note === null) {
          assert.match(r.error ?? '', /^j\.md:\d+: /);
          assert.ok(r.problems.some((p) => p.severity === 'error'));
        }
        for (const p of r.problems) assert.ok(p.line >= 1 && p.column >= 1);
      }),
      { numRuns: 500 },
    );
  });
  it('addCovers and appendItem either refuse (EngineError) or give a note that still parses with the entry', () => {
    fc.assert(
      fc.property(junk, (text) => {
        const before = parseNote('j.md', text);
        let edited: string;
        try {
          edited = applyEdits(text, addCovers(text, ['new/entry.yml']));
        } catch (e) {
          assert.equal((e as Error).name, 'EngineError');
          return;
        }
        const after = parseNote('j.md', edited);
        if (before.note) {
          assert.ok(after.note, edited);
          assert.ok(after.note.covers.some((c) => c.raw === 'new/entry.yml'), edited);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('note edits: cases', () => {
  it('addCovers keeps a CRLF block list, its indentation and dash spacing, and the comments', () => {
    const text = '---\r\ntitle: t\r\ncovers:\r\n    -   a.yml   # first\r\n    -   b.yml\r\n# tail comment\r\nrisk: low\r\n---\r\n';
    assert.equal(applyEdits(text, addCovers(text, ['*.sql'])), '---\r\ntitle: t\r\ncovers:\r\n    -   a.yml   # first\r\n    -   b.yml\r\n    -   "*.sql"\r\n# tail comment\r\nrisk: low\r\n---\r\n');
  });
  it('addCovers handles flow lists, empty lists, empty keys, a scalar and missing keys', () => {
    const cases: [string, string][] = [
      ['---\ntitle: t\ncovers: [a, b] # c\n---\n', '---\ntitle: t\ncovers: [a, b, x/y] # c\n---\n'],
      ['---\ntitle: t\ncovers: [ ]\n---\n', '---\ntitle: t\ncovers: [x/y ]\n---\n'],
      ['---\ntitle: t\ncovers: # soon\nrisk: low\n---\n', '---\ntitle: t\ncovers: # soon\n  - x/y\nrisk: low\n---\n'],
      ['---\ntitle: t\ncovers: a.yml\n---\n', '---\ntitle: t\ncovers: [a.yml, x/y]\n---\n'],
      ['---\ntitle: t\n---\n## Deploy\n', '---\ntitle: t\ncovers:\n  - x/y\n---\n## Deploy\n'],
      ['# no front matter\n', '---\ncovers:\n  - x/y\n---\n# no front matter\n'],
    ];
    for (const [before, after] of cases) assert.equal(applyEdits(before, addCovers(before, ['x/y'])), after, before);
  });
  it('addCovers refuses to edit a note it cannot parse, without touching it', () => {
    assert.throws(() => addCovers('---\ntitle: [\n---\n', ['a']), /YAML error/);
    assert.throws(() => addCovers('---\ntitle: t\n---\n<<<<<<< HEAD\n', ['a']), /conflict markers/);
  });
  it('appendItem creates a phase section in rollout order, or at the end, with a blank line before it', () => {
    const text = '---\ntitle: t\n---\n## Deploy\n- [ ] a\n\n## Rollback\n- [ ] r\n';
    assert.equal(applyEdits(text, appendItem(text, 'Verify', 'v')), '---\ntitle: t\n---\n## Deploy\n- [ ] a\n\n## Verify\n- [ ] v\n\n## Rollback\n- [ ] r\n');
    assert.equal(applyEdits(text, appendItem(text, 'Misc', 'm')), text + '\n## Misc\n- [ ] m\n');
    assert.equal(applyEdits('---\ntitle: t\n---\nno eol', appendItem('---\ntitle: t\n---\nno eol', 'Deploy', 'd')), '---\ntitle: t\n---\nno eol\n\n## Deploy\n- [ ] d');
  });
  it('toggleItem ignores lines that are not items, in front matter or in fences', () => {
    const text = '---\ntitle: "- [ ] x"\n---\n```\n- [ ] code\n```\n- [ ] real\n';
    assert.equal(toggleItem(text, 2), null);
    assert.equal(toggleItem(text, 5), null);
    assert.equal(toggleItem(text, 99), null);
    assert.deepEqual(toggleItem(text, 7), { start: text.indexOf('[ ] real') + 1, end: text.indexOf('[ ] real') + 2, newText: 'x' });
  });
  it('applyEdits rejects overlapping edits', () => {
    assert.throws(() => applyEdits('abcdef', [{ start: 1, end: 3, newText: 'x' }, { start: 2, end: 4, newText: 'y' }]), RangeError);
  });
});
