import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CJK_FILE, ensureCliBuilt, makeCheckRepo, MIGRATION, ODD_FILE, runCli } from './checkHelpers';

/** `handoff check` in each format, on a real repository, through the built CLI. */
describe('handoff check: output formats', () => {
  const repo = makeCheckRepo();
  const review = ['check', '--repo', repo.dir, '--base', 'main', '--head', 'feature'];
  before(() => ensureCliBuilt());
  after(() => repo.dispose());

  it('text: grouped by category, uncovered marked, path:line findings, a summary that says what to do', () => {
    const r = runCli([...review]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, '');
    const out = r.stdout;
    assert.match(out.split('\n')[0], /^Handoff {2}main\.\.\.feature {2}\(6 changed files, 5 impacts\)$/);
    // Categories in the vocabulary's order, each a heading line.
    const headings = out.split('\n').filter((l) => /^[A-Z]/.test(l) && !l.startsWith('Handoff'));
    assert.deepEqual(headings, ['Migrations', 'Configuration', 'Environment variables', 'API schemas', 'Deployment notes in this range']);
    assert.match(out, /^  \.handoff\/notes\/2026-11-24-schema\.md  Publish the plans query  1\/2 checklist items done$/m);
    assert.match(out, new RegExp(`✗ ${MIGRATION} {2}Rails migration added {2}needs a note`));
    assert.match(out, /✓ schema\/public\.graphql .*\[critical\] {2}covered by \.handoff\/notes\/2026-11-24-schema\.md/);
    assert.match(out, /· site\/site\.txt {2}Site settings modified {2}info/);
    assert.ok(out.includes(`${CJK_FILE}:1  env-var-added: reads new environment variable BILLING_API_KEY`));
    assert.ok(out.includes(`${ODD_FILE}:2  env-var-added: reads new environment variable ODD_FLAG`));
    assert.match(out, /\n✗ 3 changes need a deployment note and have none\.\n {2}Draft one: handoff note new --cover db\/migrate\/\S+ --cover 'src\/billing 账单\.js' --cover src\/odd,name:x\.js\n$/);
    assert.doesNotMatch(out, /\x1b\[/, 'no colour when not a TTY / NO_COLOR');
  });

  it('text: coloured on a terminal, not with NO_COLOR (a real pty through util-linux script)', () => {
    const cli = path.resolve(__dirname, '../../../dist/cli.js');
    const run = (env: NodeJS.ProcessEnv) => {
      try {
        return execFileSync('script', ['-qec', `"${process.execPath}" "${cli}" check --base main --head feature`, '/dev/null'], {
          cwd: repo.dir,
          encoding: 'utf8',
          env: { ...process.env, HANDOFF_LANG: 'en', TERM: 'xterm', NO_COLOR: '', ...env },
        });
      } catch (e) {
        return String((e as { stdout?: string }).stdout ?? ''); // exit 1: uncovered impacts
      }
    };
    const coloured = run({});
    assert.match(coloured, /\x1b\[1mMigrations\x1b\[0m/);
    assert.match(coloured, /\x1b\[1;31m✗ 3 changes need a deployment note and have none\.\x1b\[0m/);
    assert.doesNotMatch(run({ NO_COLOR: '1' }), /\x1b\[/);
  });

  it('text: a clean range says so in one line and exits 0', () => {
    const r = runCli(['check', '--repo', repo.dir, '--base', 'main', '--head', 'quiet']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\n✓ No change needs a deployment note \(1 informational impact\)\.\n$/);
  });

  it('json: the contract fields, schemaVersion 1, no internal fields, envVars sorted and unique', () => {
    const r = runCli([...review, '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(j), ['schemaVersion', 'tool', 'range', 'impacts', 'envVars', 'notes', 'summary', 'warnings']);
    assert.equal(j.schemaVersion, 1);
    assert.deepEqual(Object.keys(j.tool), ['name', 'version']);
    assert.equal(j.tool.name, 'handoff');
    assert.deepEqual(Object.keys(j.range), ['base', 'baseSha', 'mergeBase', 'head', 'headSha']);
    assert.equal(j.range.base, 'main');
    assert.equal(j.range.head, 'feature');
    assert.match(j.range.headSha, /^[0-9a-f]{40}$/);
    assert.equal(j.range.headSha, repo.git('rev-parse', 'feature').trim());
    for (const i of j.impacts) {
      assert.deepEqual(Object.keys(i), ['id', 'path', 'oldPath', 'status', 'category', 'rule', 'severity', 'requiresNote', 'title', 'findings', 'coveredBy']);
      assert.equal(i.id, `${i.category}:${i.path}`);
      for (const f of i.findings) {
        assert.ok(['kind', 'message', 'line'].every((k) => k in f));
        assert.ok(f.line === null || (Number.isInteger(f.line) && f.line >= 1));
      }
    }
    const byPath = Object.fromEntries(j.impacts.map((i: { path: string }) => [i.path, i]));
    assert.equal(byPath[MIGRATION].category, 'migration');
    assert.equal(byPath[MIGRATION].requiresNote, true);
    assert.deepEqual(byPath[MIGRATION].coveredBy, []);
    assert.deepEqual(byPath['schema/public.graphql'].coveredBy, ['.handoff/notes/2026-11-24-schema.md']);
    assert.equal(byPath['site/site.txt'].requiresNote, false);
    assert.deepEqual(j.envVars, { added: ['BILLING_API_KEY', 'ODD_FLAG'], removed: [] });
    assert.deepEqual(j.notes.map((n: { path: string }) => n.path), ['.handoff/notes/2026-11-24-schema.md']);
    assert.deepEqual(j.notes[0].items.map((it: { done: boolean; role: string | null }) => [it.done, it.role]), [[false, 'ops'], [true, null]]);
    assert.deepEqual(j.summary, { changes: 6, impacts: 5, requiringNotes: 4, uncovered: 3, byCategory: { migration: 1, config: 1, env: 2, api: 1 } });
  });

  it('markdown: marker, summary table, uncovered first, info folded, notes listed', () => {
    const r = runCli([...review, '--format', 'markdown']);
    assert.equal(r.code, 1, r.stderr);
    const md = r.stdout;
    assert.ok(md.startsWith('<!-- handoff:check -->\n'));
    assert.match(md, /^### ❌ Handoff: 3 changes need a deployment note$/m);
    assert.match(md, /^\| Category \| Impacts \| Need a note \| Uncovered \|$/m);
    assert.match(md, /^\| Environment variables \| 2 \| 2 \| \*\*2\*\* \|$/m);
    assert.match(md, /^\| \*\*Total\*\* \| \*\*5\*\* \| \*\*4\*\* \| \*\*3\*\* \|$/m);
    const needs = md.indexOf('#### Needs a deployment note');
    const covered = md.indexOf('#### Covered by a note');
    const details = md.indexOf('<details><summary>1 informational impact (no note needed)</summary>');
    assert.ok(needs > 0 && covered > needs && details > covered, 'uncovered, then covered, then folded info');
    assert.ok(md.slice(details).includes('`site/site.txt`'));
    assert.ok(md.includes(`- \`${CJK_FILE}:1\` — \`env-var-added\` reads new environment variable BILLING_API_KEY`));
    assert.match(md, /`\.handoff\/notes\/2026-11-24-schema\.md` — Publish the plans query · 1\/2 checklist items done/);
  });

  it('markdown on GitHub Actions links findings to the head commit', () => {
    const r = runCli([...review, '--format', 'markdown'], { env: { GITHUB_ACTIONS: 'true', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/app' } });
    const sha = repo.git('rev-parse', 'feature').trim();
    assert.ok(r.stdout.includes(`[\`src/billing 账单.js:1\`](https://github.com/acme/app/blob/${sha}/src/billing%20%E8%B4%A6%E5%8D%95.js#L1)`), r.stdout);
  });

  it('sarif: 2.1.0 with rules that have help, results that reference them, escaped URIs and stable fingerprints', () => {
    const r = runCli([...review, '--format', 'sarif']);
    assert.equal(r.code, 1, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.version, '2.1.0');
    assert.match(s.$schema, /sarif-2\.1\.0/);
    assert.equal(s.runs.length, 1);
    const driver = s.runs[0].tool.driver;
    assert.equal(driver.name, 'Handoff');
    assert.match(driver.version, /^\d+\.\d+\.\d+/);
    assert.match(driver.informationUri, /^https:\/\//);
    const ids = driver.rules.map((x: { id: string }) => x.id);
    assert.equal(new Set(ids).size, ids.length, 'rule ids unique');
    assert.ok(ids.includes('uncovered-impact') && ids.includes('env-var-added') && ids.includes('destructive-sql'));
    for (const rule of driver.rules) {
      assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text && rule.help.markdown, rule.id);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
    }
    const results = s.runs[0].results;
    for (const res of results) {
      assert.equal(driver.rules[res.ruleIndex].id, res.ruleId, 'ruleIndex points at ruleId');
      assert.ok(['error', 'warning', 'note'].includes(res.level));
      assert.ok(res.message.text.length > 0);
      const loc = res.locations[0].physicalLocation;
      assert.ok(Number.isInteger(loc.region.startLine) && loc.region.startLine >= 1);
      assert.doesNotMatch(loc.artifactLocation.uri, /^\/|^file:|[ \u0080-\uffff]/, 'relative, escaped URI');
      assert.match(Object.values(res.partialFingerprints)[0] as string, /^[0-9a-f]{32}$/);
    }
    const uncovered = results.filter((x: { ruleId: string }) => x.ruleId === 'uncovered-impact');
    assert.deepEqual(
      uncovered.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0].physicalLocation.artifactLocation.uri).sort(),
      [MIGRATION, 'src/billing%20%E8%B4%A6%E5%8D%95.js', 'src/odd%2Cname%3Ax.js'],
    );
    assert.ok(uncovered.every((x: { level: string }) => x.level === 'error'));
    const envAdded = results.find((x: { ruleId: string; message: { text: string } }) => x.ruleId === 'env-var-added' && x.message.text.includes('ODD_FLAG'));
    assert.equal(envAdded.locations[0].physicalLocation.region.startLine, 2);
    const fps = results.map((x: { partialFingerprints: object }) => Object.values(x.partialFingerprints)[0]);
    assert.equal(new Set(fps).size, fps.length, 'fingerprints unique within a run');
    // Same range again: same fingerprints.
    const again = JSON.parse(runCli([...review, '--format', 'sarif']).stdout).runs[0].results.map((x: { partialFingerprints: object }) => Object.values(x.partialFingerprints)[0]);
    assert.deepEqual(again, fps);
  });

  it('github: annotations parse, carry escaped properties, and the job summary gets the Markdown report', () => {
    const summary = path.join(path.dirname(repo.dir), 'step summary.md');
    fs.writeFileSync(summary, '# earlier step\n');
    const r = runCli([...review, '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
    assert.equal(r.code, 1, r.stderr);
    const annotations = r.stdout
      .split('\n')
      .filter((l) => /^::(error|warning|notice) /.test(l))
      .map((l) => {
        const m = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(l);
        assert.ok(m, `annotation parses: ${l}`);
        const props = Object.fromEntries(m[2].split(',').map((p) => p.split('=')).map(([k, v]) => [k, decodeURIComponent(v)]));
        return { level: m[1], props, message: decodeURIComponent(m[3]) };
      });
    const errors = annotations.filter((a) => a.level === 'error');
    assert.deepEqual(errors.map((a) => a.props.file).sort(), [MIGRATION, CJK_FILE, ODD_FILE].sort());
    const odd = errors.find((a) => a.props.file === ODD_FILE)!;
    assert.equal(odd.props.line, '2');
    assert.equal(odd.props.title, 'Deployment note needed: Environment variables changed');
    assert.ok(odd.message.includes('L2 env-var-added: reads new environment variable ODD_FLAG\n'), 'newlines in the message are %0A');
    // Raw line: `,` and `:` in the file property are escaped, so the property list splits cleanly.
    assert.ok(r.stdout.includes('file=src/odd%2Cname%3Ax.js,line=2,title=Deployment note needed%3A Environment variables changed::'));
    assert.ok(annotations.some((a) => a.level === 'notice' && a.props.file === 'schema/public.graphql'));
    // The readable report is in a log group, with workflow commands stopped around it.
    assert.match(r.stdout, /::group::Handoff report\n::stop-commands::(\w+)\n[\s\S]*\n::\1::\n::endgroup::\n✗ 3 changes need a deployment note/);
    const written = fs.readFileSync(summary, 'utf8');
    assert.ok(written.startsWith('# earlier step\n<!-- handoff:check -->\n'), 'appended, earlier content kept');
    assert.match(written, /\| \*\*Total\*\* \| \*\*5\*\* \| \*\*4\*\* \| \*\*3\*\* \|/);
  });

  it('github: file paths are relative to GITHUB_WORKSPACE when the repository is a subfolder of it', () => {
    const r = runCli([...review, '--format', 'github'], { env: { GITHUB_WORKSPACE: path.dirname(repo.dir) } });
    assert.ok(r.stdout.includes(`::error file=my repo 仓库/${MIGRATION},line=1,`), r.stdout.split('\n')[0]);
  });

  it('gitlab: a Code Quality array with stable unique fingerprints and valid severities', () => {
    const r = runCli([...review, '--format', 'gitlab']);
    assert.equal(r.code, 1, r.stderr);
    const issues = JSON.parse(r.stdout);
    assert.ok(Array.isArray(issues) && issues.length >= 5);
    for (const i of issues) {
      assert.equal(typeof i.description, 'string');
      assert.equal(typeof i.check_name, 'string');
      assert.match(i.fingerprint, /^[0-9a-f]{32}$/);
      assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(i.severity));
      assert.equal(typeof i.location.path, 'string');
      assert.ok(Number.isInteger(i.location.lines.begin) && i.location.lines.begin >= 1);
    }
    const fps = issues.map((i: { fingerprint: string }) => i.fingerprint);
    assert.equal(new Set(fps).size, fps.length);
    const uncovered = issues.filter((i: { check_name: string }) => i.check_name === 'uncovered-impact');
    assert.deepEqual(uncovered.map((i: { location: { path: string } }) => i.location.path).sort(), [MIGRATION, CJK_FILE, ODD_FILE].sort());
    assert.ok(uncovered.every((i: { severity: string }) => i.severity === 'major'));
    assert.deepEqual(JSON.parse(runCli([...review, '--format', 'gitlab']).stdout).map((i: { fingerprint: string }) => i.fingerprint), fps);
  });

  it('runs from a subfolder of the repository, and --repo takes a subfolder too', () => {
    const fromSub = runCli(['check', '--base', 'main', '--head', 'feature', '--format', 'json'], { cwd: path.join(repo.dir, 'src') });
    assert.equal(fromSub.code, 1, fromSub.stderr);
    const j = JSON.parse(fromSub.stdout);
    assert.ok(j.impacts.some((i: { path: string }) => i.path === MIGRATION), 'paths stay repository-relative');
    const viaRepo = runCli(['check', '--repo', path.join(repo.dir, 'schema'), '--base', 'main', '--head', 'feature', '--format', 'json']);
    assert.deepEqual(JSON.parse(viaRepo.stdout).impacts, j.impacts);
  });

  it('working mode (no --head) includes uncommitted files', () => {
    repo.checkout('quiet');
    repo.write({ 'db/migrate/20261201000000_add_flag.rb': 'class AddFlag < ActiveRecord::Migration[7.1]\nend\n' });
    try {
      const r = runCli(['check', '--repo', repo.dir, '--base', 'main', '--format', 'json']);
      assert.equal(r.code, 1, r.stderr);
      const j = JSON.parse(r.stdout);
      assert.equal(j.range.head, 'WORKTREE');
      assert.deepEqual(j.impacts.filter((i: { coveredBy: string[]; requiresNote: boolean }) => i.requiresNote && !i.coveredBy.length).map((i: { path: string }) => i.path), ['db/migrate/20261201000000_add_flag.rb']);
    } finally {
      repo.remove('db');
      repo.checkout('main');
    }
  });

  it('text in Simplified Chinese when the locale says so', () => {
    const r = runCli([...review], { env: { HANDOFF_LANG: 'zh_CN.UTF-8' } });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^数据库迁移$/m);
    assert.match(r.stdout, /✗ 3 项改动需要部署说明，但尚未编写。/);
  });
});

describe('handoff check: --fail-on and exit codes', () => {
  const repo = makeCheckRepo();
  before(() => ensureCliBuilt());
  after(() => repo.dispose());
  const code = (head: string, failOn?: string) =>
    runCli(['check', '--repo', repo.dir, '--base', 'main', '--head', head, '--format', 'json', ...(failOn ? ['--fail-on', failOn] : [])]).code;

  it('uncovered (the default) fails on any impact that needs a note and has none', () => {
    assert.equal(code('feature'), 1);
    assert.equal(code('feature', 'uncovered'), 1);
    assert.equal(code('critical', 'uncovered'), 1);
    assert.equal(code('quiet', 'uncovered'), 0);
  });

  it('critical fails only when an uncovered impact is critical (a covered critical one passes)', () => {
    assert.equal(code('feature', 'critical'), 0, 'the critical schema change on feature is covered by a note');
    assert.equal(code('critical', 'critical'), 1);
    assert.equal(code('quiet', 'critical'), 0);
  });

  it('none never fails', () => {
    assert.equal(code('feature', 'none'), 0);
    assert.equal(code('critical', 'none'), 0);
  });
});
