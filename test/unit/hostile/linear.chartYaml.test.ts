/**
 * helm-chart-template (detect/contentDetectors.ts) asks whether a Chart.yaml stands beside each `templates/` folder a
 * changed `.tpl` lies under. A Smarty tree has many such folders (`modules/<m>/views/templates/…`): each answer scanned
 * the merge-base's whole file list once, so D folders cost D × files (review17 F2: 4,000 folders and 80,000 files,
 * +14.7 s). The answer must come from one pass over the list, whatever the number of folders.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { AnalysisSession, SimpleGitSource, type GitSource } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';

describe('helm-chart-template reads the file lists once, not once per templates folder', () => {
  it('300 changed `.tpl` folders against a merge-base of 3,000 files', async (t) => {
    const repo = new TestRepo();
    t.after(() => repo.dispose());
    const D = 300;
    const P = 3_000;
    // Index-only entries sharing a few blobs: a large tree made in one git call.
    const git = (args: string[], input?: string) => execFileSync('git', args, { cwd: repo.dir, input, encoding: 'utf8' }).trim();
    const pad = git(['hash-object', '-w', '--stdin'], 'pad\n');
    const oldId = git(['hash-object', '-w', '--stdin'], '<p>{$a}</p>\n');
    const newId = git(['hash-object', '-w', '--stdin'], '<p>{$b}</p>\n');
    const entries = (id: string) => [...Array.from({ length: P }, (_, i) => `100644 ${pad}\tpad/d${i}/f.txt`), ...Array.from({ length: D }, (_, i) => `100644 ${id}\tm${i}/views/templates/x.tpl`)].join('\n') + '\n';
    git(['update-index', '--add', '--index-info'], entries(oldId));
    repo.git('commit', '-q', '-m', 'init');
    repo.git('checkout', '-q', '-b', 'feature');
    git(['update-index', '--index-info'], entries(newId));
    repo.git('commit', '-q', '-m', 'feature');

    // Count the reads of the merge-base's list, entry by entry (Array.prototype.includes and for…of read through the proxy).
    let reads = 0;
    let listed = 0;
    const inner = await SimpleGitSource.open(repo.dir);
    const listFiles: GitSource['listFiles'] = async (rev) => {
      const list = await inner.listFiles(rev);
      listed = list.length;
      return new Proxy(list, { get: (o, k, r) => (typeof k === 'string' && /^\d+$/.test(k) && reads++, Reflect.get(o, k, r)) });
    };
    const source = new Proxy(inner, { get: (o, k) => (k === 'listFiles' ? listFiles : typeof Reflect.get(o, k) === 'function' ? Reflect.get(o, k).bind(o) : Reflect.get(o, k)) }) as GitSource;
    const session = await AnalysisSession.open({ repo: repo.dir, base: 'main', head: 'feature', git: source });
    const report = await session.result();
    assert.ok(!report.impacts.some((i) => i.rule.startsWith('helm.')), 'no Chart.yaml: no template is a chart\'s');
    assert.ok(listed >= P + D, `listed ${listed}`);
    // One pass for the chart folders, a few for the session's other readers of the list; per folder it was D × 2 passes.
    assert.ok(reads <= 5 * listed, `${reads} reads of a ${listed}-path list (${(reads / listed).toFixed(1)} passes)`);
  });
});
