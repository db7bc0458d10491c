/**
 * A renamed operator config template is a config action (issue 11): operators made their
 * deployed copy from the old file (`cfg/conf.ini.sample` → `cfg/conf.php`-style), and the new
 * version documents and reads the new one. Real repository; decoys: code files whose names
 * merely end in `_dist` / `-sample`, and a template edited only in a comment.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import type { Report } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';

const SAMPLE = ['; PrivateBin-style configuration', '[main]', 'name = "PasteBin"', 'discussion = true', 'opendiscussion = false', 'password = true', 'fileupload = false', 'burnafterreadingselected = false', 'defaultformatter = "plaintext"', 'sizelimit = 10485760', 'template = "bootstrap"', ''].join('\n');

describe('a renamed operator template, on a real repository', () => {
  const repo = new TestRepo('tplrename');
  after(() => repo.dispose());
  repo.commit('init', {
    'cfg/conf.ini.sample': SAMPLE,
    'config/app.example.yml': '# example\nport: 8080\n',
    'lib/runtime/erl_dist.ex': 'defmodule Runtime.ErlDist do\n  def start, do: :ok\nend\n',
  });
  repo.checkout('feature', true);
  repo.git('mv', 'cfg/conf.ini.sample', 'cfg/conf.sample.php');
  repo.commit('rename', {
    'cfg/conf.sample.php': `;<?php http_response_code(403); /*\n${SAMPLE}`,
    'config/app.example.yml': '# example, documented\nport: 8080\n',
    'lib/runtime/erl_dist.ex': 'defmodule Runtime.ErlDist do\n  def start, do: {:ok, self()}\nend\n',
  });
  let report: Report | null = null;
  const get = async () => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' }));

  it('the renamed template needs a note naming the old file', async () => {
    const i = (await get()).impacts.find((x) => x.path === 'cfg/conf.sample.php');
    assert.equal(i?.rule, 'generic.operator-template');
    assert.equal(i?.requiresNote, true);
    assert.ok(i?.findings.some((f) => f.subject === 'cfg/conf.ini.sample' && f.severity === 'warning' && /renamed from `cfg\/conf\.ini\.sample`/.test(f.message)), JSON.stringify(i?.findings));
  });
  it('a comment-only template edit and code named *_dist.ex need no config note', async () => {
    const r = await get();
    assert.equal(r.impacts.find((x) => x.path === 'config/app.example.yml')?.requiresNote ?? false, false);
    assert.notEqual(r.impacts.find((x) => x.path === 'lib/runtime/erl_dist.ex')?.rule, 'generic.operator-template');
  });
});
