import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Impact, Report } from '../../../src/core';
import {
  escapeData,
  escapeProperty,
  localeFromEnv,
  renderGithub,
  renderJson,
  renderMarkdown,
  renderText,
  sarifUri,
  toGitlab,
  toSarif,
} from '../../../src/core/report';
import { code, esc } from '../../../src/core/report/markdown';
import { failed } from '../../../src/cli/commands/check';

function impact(over: Partial<Impact>): Impact {
  const path = over.path ?? 'db/migrate/1_x.rb';
  const category = over.category ?? 'migration';
  return {
    id: `${category}:${path}`,
    path,
    oldPath: null,
    status: 'added',
    category,
    rule: 'rails.migration',
    severity: 'warning',
    requiresNote: true,
    title: 'Rails migration added',
    findings: [],
    coveredBy: [],
    ...over,
  };
}

function report(impacts: Impact[], over: Partial<Report> = {}): Report {
  const requiring = impacts.filter((i) => i.requiresNote);
  const byCategory: Record<string, number> = {};
  for (const i of impacts) byCategory[i.category] = (byCategory[i.category] ?? 0) + 1;
  return {
    schemaVersion: 1,
    tool: { name: 'handoff', version: '0.1.0' },
    range: { base: 'main', baseSha: 'a'.repeat(40), mergeBase: 'b'.repeat(40), head: 'feature', headSha: 'c'.repeat(40) },
    impacts,
    envVars: { added: [], removed: [] },
    notes: [],
    summary: { changes: impacts.length, impacts: impacts.length, requiringNotes: requiring.length, uncovered: requiring.filter((i) => !i.coveredBy.length).length, byCategory },
    ...over,
  };
}

const destructive = impact({
  findings: [
    { kind: 'destructive-sql', message: 'drops column accounts.legacy_plan', line: 7, severity: 'critical', subject: 'accounts.legacy_plan' },
    { kind: 'locking-migration', message: 'adds an index without CONCURRENTLY', line: 9 },
  ],
  severity: 'critical',
});

describe('report: GitHub workflow command escaping', () => {
  it('escapes %, CR and LF in data, and also : and , in properties', () => {
    assert.equal(escapeData('100% done\r\nnext'), '100%25 done%0D%0Anext');
    assert.equal(escapeProperty('a,b:c%\n'), 'a%2Cb%3Ac%25%0A');
  });

  it('a path or message cannot start a second workflow command', () => {
    const evil = impact({ path: 'x\n::set-output name=a::b.rb', findings: [{ kind: 'secret-suspected', message: 'line\n::error::fake', line: 1 }] });
    const out = renderGithub(report([evil]), { stopToken: 'tok' });
    // Inside ::stop-commands::tok … ::tok:: nothing is a command; outside, only ours are.
    const outside = out.replace(/^::stop-commands::tok\n[\s\S]*?\n::tok::$/m, '');
    const commands = outside.split('\n').filter((l) => l.trimStart().startsWith('::'));
    assert.deepEqual(commands.map((l) => l.split(/[ :]/, 3)[2]), ['error', 'group', 'endgroup']);
    assert.ok(out.includes('::error file=x%0A%3A%3Aset-output name=a%3A%3Ab.rb,line=1,'), out);
    assert.match(renderText(report([evil])), /x\\n::set-output name=a::b\.rb/, 'text shows the newline as \\n');
  });
});

describe('report: SARIF', () => {
  it('percent-encodes each path segment: spaces, CJK, #, ?, %', () => {
    assert.equal(sarifUri('src/a b/账单#1?.js'), 'src/a%20b/%E8%B4%A6%E5%8D%95%231%3F.js');
    assert.equal(sarifUri('100%/x.sql'), '100%25/x.sql');
  });

  it('maps severities to levels, and covered findings to note', () => {
    const covered = impact({ path: 'db/migrate/2_y.rb', coveredBy: ['.handoff/notes/y.md'], findings: [{ kind: 'data-migration', message: 'updates rows', line: 3, severity: 'warning' }] });
    const run = (toSarif(report([destructive, covered])) as { runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] }).runs[0];
    assert.deepEqual(
      run.results.map((r) => [r.ruleId, r.level, r.locations[0].physicalLocation.region.startLine]),
      [
        ['uncovered-impact', 'error', 7],
        ['destructive-sql', 'error', 7],
        ['locking-migration', 'error', 9], // no severity of its own: the impact's (critical)
        ['data-migration', 'note', 3],
      ],
    );
  });

  it('fingerprints do not change when a finding moves to another line', () => {
    const fp = (line: number) => {
      const i = impact({ findings: [{ kind: 'destructive-sql', message: 'drops column a.b', line, subject: 'a.b' }] });
      const s = toSarif(report([i])) as { runs: { results: { partialFingerprints: Record<string, string> }[] }[] };
      return s.runs[0].results.map((r) => Object.values(r.partialFingerprints)[0]);
    };
    assert.deepEqual(fp(3), fp(30));
    assert.equal(new Set(fp(3)).size, 2);
  });
});

describe('report: GitLab Code Quality', () => {
  it('severity: uncovered critical impact is critical; findings by severity; fingerprints unique even for repeated findings', () => {
    const twice = impact({
      path: 'config/app.yml',
      category: 'config',
      requiresNote: false,
      severity: 'info',
      findings: [
        { kind: 'config-key-added', message: 'adds key a', line: 1 },
        { kind: 'config-key-added', message: 'adds key a', line: 5 },
      ],
    });
    const issues = toGitlab(report([destructive, twice]));
    assert.deepEqual(issues.map((i) => [i.check_name, i.severity, i.location.lines.begin]), [
      ['uncovered-impact', 'critical', 7],
      ['destructive-sql', 'major', 7],
      ['locking-migration', 'major', 9],
      ['config-key-added', 'info', 1],
      ['config-key-added', 'info', 5],
    ]);
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length);
  });
});

describe('report: Markdown', () => {
  it('escapes text so a message cannot inject HTML, break a table or mention someone', () => {
    assert.equal(esc('<img src=x> | @ops *bold* _x_ SNAKE_CASE'), '&lt;img src=x&gt; \\| @\u200bops \\*bold\\* \\_x\\_ SNAKE_CASE');
  });

  it('keeps the code spans of engine messages, escapes the rest', () => {
    assert.equal(esc('removes key `a.snake_case` and *b*'), 'removes key `a.snake_case` and \\*b\\*');
    assert.equal(esc('a lone ` backtick'), 'a lone \\` backtick');
  });

  it('code spans survive backticks', () => {
    assert.equal(code('a`b'), '``a`b``');
    assert.equal(code('`x'), '`` `x ``');
  });

  it('a report with nothing to do says so and has no sections', () => {
    const md = renderMarkdown(report([]));
    assert.match(md, /^<!-- handoff:check -->\n### ✅ Handoff: deployment notes are in order\n/);
    assert.doesNotMatch(md, /####|<details>/);
  });

  it('links paths when a blob URL is given, escaping the path', () => {
    const md = renderMarkdown(report([impact({ path: 'db/a b.sql', findings: [{ kind: 'destructive-sql', message: 'drops t', line: 2 }] })]), { blobUrl: 'https://x/blob/sha/' });
    assert.ok(md.includes('[`db/a b.sql:2`](https://x/blob/sha/db/a%20b.sql#L2)'));
  });

  it('says which warnings the analysis met', () => {
    const md = renderMarkdown(report([], { warnings: ['.handoff/notes/x.md:1: missing front matter'] }));
    assert.match(md, /#### Warnings\n\n- ⚠️ \.handoff\/notes\/x\.md:1: missing front matter/);
  });
});

describe('report: text', () => {
  it('colours only when asked', () => {
    const r = report([destructive]);
    assert.doesNotMatch(renderText(r), /\x1b\[/);
    assert.match(renderText(r, { color: true }), /\x1b\[1;31m✗ 1 change needs a deployment note and has none\.\x1b\[0m/);
  });

  it('summary line for each state', () => {
    const last = (r: Report) => renderText(r).trimEnd().split('\n').filter((l) => !l.startsWith('  ')).pop();
    assert.equal(last(report([destructive])), '✗ 1 change needs a deployment note and has none.');
    assert.equal(last(report([impact({ coveredBy: ['n.md'] }), impact({ path: 'b.rb', coveredBy: ['n.md'] })])), '✓ All 2 changes that need a deployment note are covered.');
    assert.equal(last(report([impact({ requiresNote: false, severity: 'info' })])), '✓ No change needs a deployment note (1 informational impact).');
    assert.equal(last(report([], { summary: { changes: 4, impacts: 0, requiringNotes: 0, uncovered: 0, byCategory: {} } })), '✓ No deployment impact in 4 changed files.');
  });

  it('shows a working-tree range as such, and renames with their old path', () => {
    const r = report([impact({ status: 'renamed', oldPath: 'db/migrate/0_old.rb' })]);
    r.range.head = 'WORKTREE';
    const out = renderText(r);
    assert.match(out, /^Handoff {2}main\.\.\.working tree /);
    assert.match(out, /db\/migrate\/1_x\.rb \(← db\/migrate\/0_old\.rb\)/);
  });

  it('Simplified Chinese', () => {
    assert.match(renderText(report([destructive]), { locale: 'zh-cn' }), /✗ 1 项改动需要部署说明，但尚未编写。/);
  });
});

describe('report: JSON contract', () => {
  it('leaves out internal fields and gives absent lines as null', () => {
    const i = impact({ checklist: [{ phase: 'Deploy', text: 'run it' }], findings: [{ kind: 'post-deploy-migration', message: 'post-deploy folder' }] });
    const j = JSON.parse(renderJson(report([i], { envVars: { added: ['B', 'A', 'B'], removed: [] } })));
    assert.equal('checklist' in j.impacts[0], false);
    assert.deepEqual(j.impacts[0].findings, [{ kind: 'post-deploy-migration', message: 'post-deploy folder', line: null }]);
    assert.deepEqual(j.envVars.added, ['A', 'B']);
    assert.deepEqual(j.warnings, []);
  });
});

describe('check: --fail-on', () => {
  const critical = impact({ severity: 'critical' });
  const warning = impact({ path: 'b.rb' });
  it('uncovered, critical, none', () => {
    assert.equal(failed(report([warning]), 'uncovered'), true);
    assert.equal(failed(report([warning]), 'critical'), false);
    assert.equal(failed(report([critical]), 'critical'), true);
    assert.equal(failed(report([{ ...critical, coveredBy: ['n.md'] }]), 'critical'), false);
    assert.equal(failed(report([{ ...critical, requiresNote: false }]), 'uncovered'), false);
    assert.equal(failed(report([critical]), 'none'), false);
  });
});

describe('locale from the environment', () => {
  it('zh_CN, zh-Hans and zh give Simplified Chinese; zh_TW, C and en do not', () => {
    assert.equal(localeFromEnv({ LANG: 'zh_CN.UTF-8' }), 'zh-cn');
    assert.equal(localeFromEnv({ LC_ALL: 'zh-Hans' }), 'zh-cn');
    assert.equal(localeFromEnv({ LANGUAGE: 'zh' }), 'zh-cn');
    assert.equal(localeFromEnv({ LANG: 'zh_TW.UTF-8' }), 'en');
    assert.equal(localeFromEnv({ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' }), 'en');
    assert.equal(localeFromEnv({ HANDOFF_LANG: 'en', LANG: 'zh_CN.UTF-8' }), 'en');
    assert.equal(localeFromEnv({}), 'en');
  });
});
