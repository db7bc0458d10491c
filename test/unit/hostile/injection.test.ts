/**
 * Issue 16: repository text (paths, note titles, config keys, finding messages) renders as
 * text in every output of `check`: no HTML that could run (`<script>`, `<img onerror>`,
 * `<iframe src=javascript:>`), no terminal escape, and no line a CI runner would read as a
 * command (`::add-mask::`, `::set-output`, `::error`, `##[…]`, `##vso[…]`).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Impact, Report } from '../../../src/core';
import { renderReport, CHECK_FORMATS, type CheckFormat } from '../../../src/core/report';
import { htmlText, mdBlock, mdCode, mdInline, neutralizeCiCommands, safeJson, safeUrl, terminalText } from '../../../src/core/report/escape';
import { TestRepo } from '../../helpers/repo';
import { bestOf } from './timing';
import { ensureCliBuilt, runCli } from '../cli/checkHelpers';

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<iframe src=javascript:alert(1)>',
  '::add-mask::hunter2',
  '::set-output name=pwned::1',
  '::error file=x.js::pwned',
  '##[add-mask]hunter2',
  '##vso[task.setvariable variable=pwned]1',
  '\x1b]0;owned\x07\x1b[2J',
  'a\n::add-mask::after-newline',
  'b\r\n::warning::after-crlf',
  '\u2028::notice::after-line-separator',
  '[click](javascript:alert(1))',
  '\u202egnp.exe',
];

/** Lines a GitHub runner reads as commands: after the whitespace .NET's TrimStart removes, `::` or `##`. */
function commandLines(out: string): string[] {
  return out.split('\n').filter((l) => /^[\t\x0b\x0c\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(::|##(vso|teamcity)?\[)/i.test(l));
}

/** Handoff's own workflow commands in `--format github`. */
const OWN_COMMAND = /^::(?:(?:error|warning|notice) (?:file=[^,:\n]*,line=\d+,)?title=[^:\n]*::[^\n]*|group::Handoff report|stop-commands::\w+|\w+::|endgroup::)$/;

function assertSafe(out: string, format: CheckFormat): void {
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(out, /[\x1b\x07\u202e\u2028]/, `${format}: a control character from the repository reached the output`);
  assert.doesNotMatch(out, /##(\[|vso\[|teamcity\[)/i, `${format}: a ##[command] in the output`);
  for (const line of commandLines(out)) {
    assert.ok(format === 'github' && OWN_COMMAND.test(line), `${format}: a line a CI runner reads as a command: ${JSON.stringify(line)}`);
  }
  if (format === 'github') {
    // Every annotation is one line: what follows `::` cannot contain a line break.
    for (const line of out.split('\n').filter((l) => l.startsWith('::'))) assert.match(line, OWN_COMMAND);
  }
  if (format === 'json' || format === 'sarif' || format === 'gitlab') {
    assert.doesNotMatch(out, /[<>]/, `${format}: raw < or > in JSON text`);
    JSON.parse(out); // still valid JSON
  } else {
    // Text in code spans renders as text; outside them no tag may remain.
    const prose = format === 'markdown' ? out.replace(/(`+)[^`]*?\1/g, '') : '';
    assert.doesNotMatch(prose, /<\s*(script|img|iframe|svg|a)\b/i, `${format}: raw HTML from the repository`);
    assert.doesNotMatch(prose, /(?<!\\)\]\(\s*javascript:/i, `${format}: a javascript: link`);
  }
}

function impact(over: Partial<Impact>): Impact {
  const p = over.path ?? 'db/migrate/1_x.rb';
  return { id: `migration:${p}`, path: p, oldPath: null, status: 'added', category: 'migration', rule: 'rails.migration', severity: 'critical', requiresNote: true, title: 'Rails migration added', findings: [], coveredBy: [], ...over };
}

function hostileReport(): Report {
  const impacts: Impact[] = PAYLOADS.map((p, k) =>
    impact({
      path: `db/migrate/${k}_${p}.rb`,
      oldPath: k % 3 === 0 ? `old/${p}` : null,
      status: k % 3 === 0 ? 'renamed' : 'added',
      title: p,
      coveredBy: k % 2 ? [`.handoff/notes/${p}.md`] : [],
      findings: [{ kind: 'config-key-removed', message: `removes config key \`${p}\` and ${p}`, line: 3, subject: p }],
    }),
  );
  return {
    schemaVersion: 1,
    tool: { name: 'handoff', version: '0.1.0' },
    range: { base: '::add-mask::base', baseSha: 'a'.repeat(40), mergeBase: 'b'.repeat(40), head: '<img src=x onerror=alert(1)>', headSha: 'c'.repeat(40) },
    impacts,
    envVars: { added: ['::set-output name=a::b'], removed: [] },
    notes: PAYLOADS.map((p) => ({ path: `.handoff/notes/${p}.md`, title: p, covers: [p], risk: 'high', items: [{ text: p, done: false, section: p, role: p, line: 1 }] })) as unknown as Report['notes'],
    summary: { changes: impacts.length, impacts: impacts.length, requiringNotes: impacts.length, uncovered: 7, byCategory: { migration: impacts.length } },
    warnings: PAYLOADS.map((p) => `${p}: broken note`),
  };
}

describe('injection: the check renderers show repository text as text', () => {
  for (const format of CHECK_FORMATS) {
    it(`--format ${format}`, () => {
      const out = renderReport(hostileReport(), format, { blobUrl: 'https://github.com/o/r/blob/abc', stopToken: 'tok123' });
      assertSafe(out, format);
      // The text is still there, as text.
      if (format === 'markdown') assert.match(out, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      if (format === 'text') assert.match(out, /a\\n::add-mask::after-newline/);
      if (format === 'json') assert.ok(JSON.stringify(JSON.parse(out)).includes('<script>alert(1)</script>'), 'JSON values are unchanged');
    });
  }
});

describe('injection: escape helpers', () => {
  it('terminalText shows controls, separators and bidi overrides as escapes', () => {
    assert.equal(terminalText('a\nb\x1b[2J\u202e\u2028\x9b'), 'a\\nb\\x1b[2J\\u202e\\u2028\\x9b');
    assert.equal(terminalText('plain ü 中文'), 'plain ü 中文');
  });

  it('neutralizeCiCommands: no line starts a command, no ##[ anywhere; the text reads the same', () => {
    const out = neutralizeCiCommands('::add-mask::x\n  ::error::y\nok ::not-at-start\nsee ##[add-mask]z and ##vso[task.x]y\n### heading');
    assert.deepEqual(commandLines(out), []);
    assert.doesNotMatch(out, /##\[|##vso\[/);
    assert.equal(out.replace(/\u200b/g, ''), '::add-mask::x\n  ::error::y\nok ::not-at-start\nsee ##[add-mask]z and ##vso[task.x]y\n### heading');
    assert.ok(out.includes('ok ::not-at-start') && out.endsWith('\n### heading'), 'mid-line text and headings untouched');
  });

  it('safeJson parses back to the same value and holds no < > or ##', () => {
    const value = { a: '<script>x</script> & ##[add-mask]y \u2028', b: ['#', '##'] };
    const text = safeJson(value);
    assert.doesNotMatch(text, /[<>&\u2028]|##/);
    assert.deepEqual(JSON.parse(text), value);
  });

  it('mdInline, mdCode, htmlText, safeUrl', () => {
    assert.equal(mdInline('<img src=x onerror=alert(1)>'), '&lt;img src=x onerror=alert(1)&gt;');
    assert.equal(mdInline('[a](javascript:x) ![i](y) @team'), '\\[a\\](javascript:x) \\!\\[i\\](y) @\u200bteam');
    assert.equal(mdInline('a\nb'), 'a b');
    assert.equal(mdCode('a`b\nc'), '``a`b\\nc``');
    assert.equal(htmlText(`<a href="x" onclick='y'>&`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;');
    assert.equal(safeUrl('javascript:alert(1)'), '#');
    assert.equal(safeUrl(' JaVaScRiPt:alert(1)'), '#');
    assert.equal(safeUrl('java\tscript:alert(1)'), '#');
    assert.equal(safeUrl('data:text/html,x'), '#');
    assert.equal(safeUrl('https://example.com/a?b#c'), 'https://example.com/a?b#c');
    assert.equal(safeUrl('docs/a.md#x'), 'docs/a.md#x');
  });

  it('mdBlock keeps a note body as Markdown, minus what could run', () => {
    const body = [
      '## Deploy',
      '- [ ] Run `rails db:migrate` <b>now</b> @ops',
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](&#106;avascript:alert(1)) ![d](data:text/html;base64,xx)',
      '::add-mask::secret',
      '```sh',
      'echo "<b>kept</b>"',
      '```',
      'A `<code>` span and ``a ` b <i>``.',
    ].join('\n');
    const out = mdBlock(body);
    assert.doesNotMatch(out.replace(/`[^`]*`/g, '').replace(/```sh\n[^`]*```/, ''), /<\s*(script|img|b|i)\b/i);
    assert.doesNotMatch(out, /\]\(\s*(javascript|data):/i);
    assert.doesNotMatch(out, /&#106;/);
    assert.deepEqual(commandLines(out), []);
    assert.match(out, /^- \[ \] Run `rails db:migrate` &lt;b&gt;now&lt;\/b&gt; @ops$/m, 'task items and code spans are kept');
    assert.match(out, /^echo "<b>kept<\/b>"$/m, 'fenced code is kept as it is');
    assert.match(out, /A `<code>` span and ``a ` b <i>``\.$/m, 'code spans are kept');
  });

  it('mdBlock and mdInline are linear: 100 KB vs 1 MB of backticks, brackets, tags and references', () => {
    // A quadratic helper takes 100 times as long on ten times the input; a linear one about
    // ten times (up to 30 allowed), and a quadratic one could never do 1 MB in 3 s of CPU.
    // Both sizes are past the point where V8 starts collecting garbage during the call (a
    // 20 KB input never does, which makes small inputs look faster than linear). CPU time,
    // best of three runs (timing.ts): wall time on this shared machine measured the
    // neighbours (45 → 664 ms CPU read as 85 → 3130 ms wall at load average 20).
    const best = (s: string) => bestOf(() => (mdBlock(s), mdInline(s)));
    for (const unit of ['` `` ``` ', '`` `', '<a [](&#', '_*javascript:']) {
      const small = unit.repeat(Math.ceil(100_000 / unit.length));
      const large = unit.repeat(Math.ceil(1_000_000 / unit.length));
      const a = Math.max(best(small), 1);
      const b = best(large);
      assert.ok(b < a * 30 || b < 3000, `${JSON.stringify(unit)}: 100 KB ${a.toFixed(1)} ms, 1 MB ${b.toFixed(1)} ms`);
    }
  });

});

describe('injection: check on a real repository with hostile names, titles and keys', () => {
  let repo: TestRepo;
  before(() => {
    ensureCliBuilt();
    repo = new TestRepo('inject');
    repo.commit('base', { 'config/settings.yml': 'safe: 1\n"<img src=x onerror=alert(1)>": 2\n"::set-output name=k::v": 3\n' });
    repo.checkout('feat', true);
    const names = ['<script>alert(1)<', '::add-mask::hunter2', '##[add-mask]x', 'new\n::error::line'];
    const files: Record<string, string> = { 'config/settings.yml': 'safe: 1\n' };
    names.forEach((n, k) => (files[`db/migrate/2026112409300${k}_${n.replace(/\//g, '_')}.sql`] = 'DROP TABLE accounts;\n'));
    files['.handoff/notes/2026-11-24-x.md'] = `---\ntitle: "<iframe src=javascript:alert(1)> ::add-mask::t"\ncovers:\n  - "db/migrate/20261124093000_*"\nrisk: high\n---\n## Deploy\n- [ ] <script>alert(2)</script> @ops\n`;
    repo.commit('hostile', files);
    fs.writeFileSync(path.join(repo.dir, '::warning::untracked.sql'), 'DROP TABLE x;\n');
  });
  after(() => repo.dispose());

  for (const format of CHECK_FORMATS) {
    for (const mode of ['review', 'working']) {
      it(`--format ${format}, ${mode} mode`, () => {
        const r = runCli(['check', '--repo', repo.dir, '--base', 'main', ...(mode === 'review' ? ['--head', 'feat'] : []), '--format', format, '--fail-on', 'none']);
        assert.equal(r.code, 0, r.stderr);
        assertSafe(r.stdout, format);
        assertSafe(r.stderr, 'text');
        assert.ok(r.stdout.length > 200);
      });
    }
  }

  it('the job summary written beside --format github is safe too', () => {
    const summary = path.join(path.dirname(repo.dir), 'summary.md');
    const r = runCli(['check', '--repo', repo.dir, '--base', 'main', '--head', 'feat', '--format', 'github', '--fail-on', 'none'], { env: { GITHUB_STEP_SUMMARY: summary, GITHUB_ACTIONS: 'true' } });
    assert.equal(r.code, 0, r.stderr);
    assertSafe(fs.readFileSync(summary, 'utf8'), 'markdown');
  });
});
