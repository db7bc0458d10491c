/**
 * A renamed operator config template is a config action (issue 11): operators made their
 * deployed copy from the old file (`cfg/conf.ini.sample` → `cfg/conf.php`-style), and the new
 * version documents and reads the new one. Real repository; decoys: code files whose names
 * merely end in `_dist` / `-sample`, and a template edited only in a comment.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import { deployedName } from '../../../src/core/analyzers/template';
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

describe('a renamed template whose deployed copy keeps its name, on a real repository', () => {
  const repo = new TestRepo('tplrename-same');
  after(() => repo.dispose());
  const PROFILE = ['# LAM-style server profile', 'ServerURL: ldap://localhost:389', 'Admins: cn=admin,dc=example,dc=com', 'treesuffix: dc=example,dc=com', 'defaultLanguage: en_GB.utf8:UTF-8:English (Great Britain)', ''].join('\n');
  const UPSSCHED = ['# upssched.conf', 'CMDSCRIPT /usr/bin/upssched-cmd', 'PIPEFN /var/run/upssched.pipe', 'LOCKFN /var/run/upssched.lock', ''].join('\n');
  repo.commit('init', { 'lam/config/unix.conf.sample': PROFILE, 'conf/upssched.conf.sample': UPSSCHED, 'cfg/conf.ini.sample': SAMPLE });
  repo.checkout('feature', true);
  repo.git('mv', 'lam/config/unix.conf.sample', 'lam/config/unix.sample.conf');
  repo.git('mv', 'conf/upssched.conf.sample', 'conf/upssched.conf.sample.in');
  repo.git('mv', 'cfg/conf.ini.sample', 'cfg/conf.sample.ini');
  repo.commit('rename', {
    'lam/config/unix.sample.conf': PROFILE.replace('# LAM-style', '# LAM'),
    'conf/upssched.conf.sample.in': UPSSCHED.replace('/usr/bin/', '@BINDIR@/'),
  });
  let report: Report | null = null;
  const get = async () => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' }));

  for (const [path, old, deployed] of [['lam/config/unix.sample.conf', 'lam/config/unix.conf.sample', 'lam/config/unix.conf'], ['conf/upssched.conf.sample.in', 'conf/upssched.conf.sample', 'conf/upssched.conf'], ['cfg/conf.sample.ini', 'cfg/conf.ini.sample', 'cfg/conf.ini']]) {
    it(`${old} → ${path}: listed, no note (the deployed copy stays ${deployed})`, async () => {
      const i = (await get()).impacts.find((x) => x.path === path);
      assert.ok(i, `an impact for ${path}`);
      assert.equal(i.requiresNote, false, JSON.stringify(i.findings));
      assert.ok(i.findings.some((f) => f.subject === old && f.severity === 'info' && f.message.includes(`keeps its name \`${deployed}\``)), JSON.stringify(i.findings));
    });
  }
});

describe('deployedName', () => {
  it('drops template markers and a build input\'s .in; null without a marker', () => {
    assert.equal(deployedName('lam/config/unix.conf.sample'), 'lam/config/unix.conf');
    assert.equal(deployedName('lam/config/unix.sample.conf'), 'lam/config/unix.conf');
    assert.equal(deployedName('conf/upssched.conf.sample.in'), 'conf/upssched.conf');
    assert.equal(deployedName('cfg/conf.sample.php'), 'cfg/conf.php');
    assert.equal(deployedName('cfg/conf.ini.sample'), 'cfg/conf.ini');
    assert.equal(deployedName('contrib/oauth2_proxy.cfg.example'), 'contrib/oauth2_proxy.cfg');
    assert.equal(deployedName('config/settings-example.yml'), 'config/settings.yml');
    assert.equal(deployedName('.env.example'), '.env');
    assert.equal(deployedName('config/app.yml'), null);
    assert.equal(deployedName('sample.conf'), null);
  });
});
