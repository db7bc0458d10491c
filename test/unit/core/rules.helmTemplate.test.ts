import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, AnalysisSession, SimpleGitSource, type GitSource } from '../../../src/core';
import { helmTemplateDirs } from '../../../src/core/detect/contentDetectors';
import { TestRepo } from '../../helpers/repo';

/** The rule ids of the range's impacts, by path. */
async function rulesOf(repo: TestRepo, base: string, head: string): Promise<Record<string, string>> {
  const report = await analyze({ repo: repo.dir, base, head });
  return Object.fromEntries(report.impacts.map((i) => [i.path, `${i.rule}${i.requiresNote ? ' (note)' : ''}`]));
}

describe('helm.chart: a .tpl is a chart template only beside a Chart.yaml', () => {
  it('a Smarty page template (LTB Self Service Password `templates/change.tpl`) is no Helm chart', async (t) => {
    const repo = new TestRepo();
    t.after(() => repo.dispose());
    repo.commit('init', { 'index.php': '<?php\n$smarty->display("change.tpl");\n', 'templates/change.tpl': '<div class="alert">{$msg}</div>\n', 'templates/menu/item.tpl': '<li>{$item}</li>\n' });
    repo.checkout('feature', true);
    repo.commit('feature', { 'templates/change.tpl': '<div class="alert alert-info">{$msg}</div>\n', 'templates/menu/item.tpl': '<li class="x">{$item}</li>\n' });
    const rules = await rulesOf(repo, 'main', 'feature');
    assert.ok(!Object.values(rules).some((r) => r.startsWith('helm.')), JSON.stringify(rules));
  });

  it("a chart's `templates/_helpers.tpl` beside `Chart.yaml` (outside a charts/ folder) still is one, also when the chart is added", async (t) => {
    const repo = new TestRepo();
    t.after(() => repo.dispose());
    repo.commit('init', {
      'deploy/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n',
      'deploy/shop/templates/_helpers.tpl': '{{- define "shop.name" -}}\n{{ .Chart.Name }}\n{{- end }}\n',
      'README.md': '# shop\n',
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      'deploy/shop/templates/_helpers.tpl': '{{- define "shop.name" -}}\n{{ .Chart.Name | trunc 63 }}\n{{- end }}\n',
      'Chart.yaml': 'apiVersion: v2\nname: root\nversion: 0.1.0\n',
      'templates/nested/_labels.tpl': '{{- define "root.labels" -}}\napp: root\n{{- end }}\n',
    });
    const rules = await rulesOf(repo, 'main', 'feature');
    assert.equal(rules['deploy/shop/templates/_helpers.tpl'], 'helm.chart (note)');
    assert.equal(rules['templates/nested/_labels.tpl'], 'helm.chart (note)');
  });

  it("keeps the config's `exclude` and `paths` of helm.chart for a chart's `.tpl` (review17 F1)", async (t) => {
    const repo = new TestRepo();
    t.after(() => repo.dispose());
    repo.commit('init', {
      '.handoff/config.yaml': 'rules:\n  - id: helm.chart\n    exclude: ["legacy/**"]\n',
      'legacy/chart/Chart.yaml': 'apiVersion: v2\nname: legacy\nversion: 1.0.0\n',
      'legacy/chart/templates/_h.tpl': '{{- define "legacy.name" -}}\nlegacy\n{{- end }}\n',
      'deploy/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n',
      'deploy/shop/templates/_helpers.tpl': '{{- define "shop.name" -}}\nshop\n{{- end }}\n',
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      'legacy/chart/templates/_h.tpl': '{{- define "legacy.name" -}}\nlegacy-2\n{{- end }}\n',
      'legacy/chart/templates/dep.yaml': '{{ include "legacy.name" . }}\n',
      'deploy/shop/templates/_helpers.tpl': '{{- define "shop.name" -}}\nshop-2\n{{- end }}\n',
    });
    const rules = await rulesOf(repo, 'main', 'feature');
    assert.equal(rules['legacy/chart/templates/_h.tpl'], undefined, JSON.stringify(rules));
    assert.equal(rules['legacy/chart/templates/dep.yaml'], undefined, JSON.stringify(rules));
    // The exclusion is the config's only: the other chart's template still is one.
    assert.equal(rules['deploy/shop/templates/_helpers.tpl'], 'helm.chart (note)');

    // `paths` replaced without the `.tpl` glob: no `.tpl` is a chart's, though a Chart.yaml stands beside it.
    repo.checkout('main');
    repo.commit('narrow', { '.handoff/config.yaml': 'rules:\n  - id: helm.chart\n    paths: ["**/Chart.yaml"]\n' });
    repo.checkout('feature');
    repo.git('merge', '--quiet', '--no-edit', 'main');
    const narrowed = await rulesOf(repo, 'main', 'feature');
    assert.ok(!Object.values(narrowed).some((r) => r.startsWith('helm.')), JSON.stringify(narrowed));
  });

  it('working mode: an untracked Chart.yaml git lists after the template still makes it a chart\'s (review17 F3)', async (t) => {
    const repo = new TestRepo();
    t.after(() => repo.dispose());
    repo.commit('init', { 'app/templates/_h.tpl': '{{- define "app.name" -}}\napp\n{{- end }}\n', 'README.md': '# app\n' });
    repo.write({ 'app/templates/_h.tpl': '{{- define "app.name" -}}\napp-2\n{{- end }}\n', 'app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n' });
    // git's untracked listing comes after the tracked diff; here it comes late for sure: the Chart.yaml is handed over only
    // once the rest of the diff is, a moment later (the race review17 saw as YnnYnYnYYn over ten runs).
    const inner = await SimpleGitSource.open(repo.dir);
    const late: GitSource['changes'] = async (range, opts) => {
      const held: Parameters<NonNullable<typeof opts.onChange>>[] = [];
      const all = await inner.changes(range, { ...opts, onChange: (c, l) => void (c.path.endsWith('Chart.yaml') ? held.push([c, l]) : opts.onChange?.(c, l)) });
      await new Promise((r) => setTimeout(r, 300));
      for (const h of held) opts.onChange?.(...h);
      return all;
    };
    const git = new Proxy(inner, { get: (o, k) => (k === 'changes' ? late : typeof Reflect.get(o, k) === 'function' ? Reflect.get(o, k).bind(o) : Reflect.get(o, k)) }) as GitSource;
    const session = await AnalysisSession.open({ repo: repo.dir, base: 'main', git });
    const report = await session.result();
    const rules = Object.fromEntries(report.impacts.map((i) => [i.path, i.rule]));
    assert.equal(rules['app/templates/_h.tpl'], 'helm.chart', JSON.stringify(rules));
    assert.equal(rules['app/Chart.yaml'], 'helm.chart');
  });

  it("the editor: a Chart.yaml deleted or written back re-decides its folder's templates, as a fresh open does (review17 F4)", async (t) => {
    const repo = new TestRepo();
    t.after(() => repo.dispose());
    repo.commit('init', { 'app/templates/_h.tpl': '{{- define "app.name" -}}\napp\n{{- end }}\n', 'README.md': '# app\n' });
    repo.checkout('wip', true);
    repo.commit('chart', { 'app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n' });
    repo.write({ 'app/templates/_h.tpl': '{{- define "app.name" -}}\napp-2\n{{- end }}\n' });
    const rulesOfReport = (r: { impacts: { path: string; rule: string }[] }) => r.impacts.map((i) => `${i.path}:${i.rule}`).sort();
    const fresh = async () => rulesOfReport(await analyze({ repo: repo.dir, base: 'main' }));
    const session = await AnalysisSession.open({ repo: repo.dir, base: 'main' });
    assert.deepEqual(rulesOfReport(await session.result()), ['app/Chart.yaml:helm.chart', 'app/templates/_h.tpl:helm.chart']);

    // Deleted in the work tree, not staged: no chart at head any more, the template is a page template.
    repo.remove('app/Chart.yaml');
    assert.deepEqual(rulesOfReport(await session.update(['app/Chart.yaml'])), await fresh());
    assert.deepEqual(await fresh(), []);
    assert.deepEqual(rulesOfReport(await session.update(['app/templates/_h.tpl'])), []);

    // Written back: the template is a chart's again, without saving it.
    repo.write({ 'app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.1\n' });
    assert.deepEqual(rulesOfReport(await session.update(['app/Chart.yaml'])), await fresh());
    assert.deepEqual(await fresh(), ['app/Chart.yaml:helm.chart', 'app/templates/_h.tpl:helm.chart']);
  });

  it('finds the folders a Chart.yaml is looked for in', () => {
    assert.deepEqual(helmTemplateDirs('deploy/shop/templates/_helpers.tpl'), ['deploy/shop/']);
    assert.deepEqual(helmTemplateDirs('templates/change.tpl'), ['']);
    assert.deepEqual(helmTemplateDirs('a/templates/b/templates/x.tpl'), ['a/templates/b/', 'a/']);
    assert.deepEqual(helmTemplateDirs('deploy/shop/templates/tests/t.tpl'), []);
    assert.deepEqual(helmTemplateDirs('deploy/shop/templates/deployment.yaml'), []);
    assert.deepEqual(helmTemplateDirs('src/change.tpl'), []);
  });
});
