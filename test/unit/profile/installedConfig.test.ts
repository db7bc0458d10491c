/**
 * Config actions in the config a project ships as its own (issue 11, the shapes of ex-holdout v4):
 * - a config file a release manifest installs (a relx overlay `{template, "rel/files/app.toml",
 *   "etc/app.toml"}`, a GoReleaser archive's `files:`) and a standalone `default.yaml` operators
 *   copy are read key by key: a key or section removed is one copies still set (a note); a key
 *   added with its value and a changed value are listed, no note;
 * - an example template: a key only added is an optional new setting (info); the file's own
 *   config version raised is a note (the application compares it with deployed copies);
 * - a script named like a template (`appctl.template`, `#!` first line) and a template in a
 *   hidden folder (`.github/`) are not operator config.
 * Real repository; decoys: a build input the manifest names without installing it, an app
 * version (not a config version) raised, a value changed in a default config, keys only added.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, translateMessage } from '../../../src/core';
import type { Impact, Report } from '../../../src/core';
import { SimpleGitSource } from '../../../src/core/git/simpleGitSource';
import { learnProfile } from '../../../src/core/profile/learn';
import { ProfileView } from '../../../src/core/profile';
import { TestRepo } from '../../helpers/repo';
import { notChinese } from '../l10n/english';

const REBAR = [
  '{relx, [{release, {app, "1.0"}, [app]},',
  '        {overlay_vars, "rel/vars.config"},',
  '        {overlay, [{template, "rel/files/app.toml", "etc/app.toml"},',
  '                   {template, "rel/files/vm.args", "etc/vm.args"}]}]}.',
  '',
].join('\n');
const APP_TOML = ['[general]', '  hosts = ["localhost"]', '  max_fsm_queue = 1000', '', '[listen.http]', '  port = 5280', '  tls = true', ''].join('\n');
const GORELEASER = ['archives:', '  - files:', '      - README.md', '      - server.yaml', ''].join('\n');
const SERVER_YAML = ['server:', '  name: example.test', '  listeners:', '    ":6667": {}', 'limits:', '  nicklen: 32', ''].join('\n');
const DEFAULT_YAML = ['network:', '  name: ExampleNet', 'history:', '  enabled: true', '  maxmessages: 100', 'accounts:', '  legacy-timeout: 30s', ''].join('\n');
const CTL = ['#!/bin/sh', '# app control script, filled in by the build', 'NODE=@node@', 'exec_cmd() {', '  echo "$@"', '}', ''].join('\n');

describe('config a project ships as its own: installed by a release manifest, default.yaml, example versions', () => {
  const repo = new TestRepo('installed-config');
  after(() => repo.dispose());
  repo.commit('init', {
    'rebar.config': REBAR,
    'rel/files/app.toml': APP_TOML,
    'rel/files/vm.args': '-name app@127.0.0.1\n-setcookie app\n',
    'rel/vars.config': '{node_name, "app@localhost"}.\n',
    '.goreleaser.yml': GORELEASER,
    'server.yaml': SERVER_YAML,
    'default.yaml': DEFAULT_YAML,
    'config/app.cfg.php.dist': "<?php\nconfig_version = 83\nversion = \"7.7.2\"\nencode_args = \"-b %BITRATE%\"\n",
    'config/other.cfg.php.dist': 'version = "1.0"\nlog_level = info\n',
    'appctl.template': CTL,
    '.github/container/app.yml.example': 'listen: 80\nstarttls: true\n',
    'src/app.erl': '-module(app).\n',
    'Taskfile.yml': 'version: "3"\nvars:\n  path: ./...\n',
  });
  repo.checkout('feature', true);
  repo.commit('change', {
    // a key removed from the installed TOML (a note); a key added (optional)
    'rel/files/app.toml': APP_TOML.replace('  max_fsm_queue = 1000\n', '').replace('  tls = true\n', '  tls = true\n  num_acceptors = 10\n'),
    // a build input named by the manifest, not installed: a decoy
    'rel/vars.config': '{node_name, "app@127.0.0.1"}.\n',
    // only a key added and a value changed in the archived config: listed, no note
    'server.yaml': SERVER_YAML.replace('  nicklen: 32\n', '  nicklen: 32\n  awaylen: 390\n').replace('example.test', 'example.org'),
    // a section removed from default.yaml (a note), a value changed (listed)
    'default.yaml': DEFAULT_YAML.replace('accounts:\n  legacy-timeout: 30s\n', '').replace('maxmessages: 100', 'maxmessages: 1000'),
    // the config file's own version raised (a note)
    'config/app.cfg.php.dist': "<?php\nconfig_version = 85\nversion = \"7.8.0\"\nencode_args = \"-b %BITRATE%k\"\n",
    // the application's version raised in an example: a decoy
    'config/other.cfg.php.dist': 'version = "1.1"\nlog_level = info\n',
    // a script template and a template under .github/: decoys
    'appctl.template': CTL.replace('  echo "$@"\n', '  echo "$@"\n  printf "%s" "$@";\n  question "Stop the node?";\n'),
    '.github/container/app.yml.example': 'listen: 80\n',
    // a task runner reading a new env var for its lint chores: developer tooling
    'Taskfile.yml': 'version: "3"\nvars:\n  path: ./...\n  BASE_BRANCH:\n    sh: |\n      if [ -n "${BASE_BRANCH}" ]; then echo "${BASE_BRANCH}"; else echo master; fi\n',
  });
  let report: Report | null = null;
  const get = async () => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' }));
  const impact = async (p: string): Promise<Impact | undefined> => (await get()).impacts.find((i) => i.path === p);

  it('the profile learns the files a release manifest installs, with the manifest line as evidence', async () => {
    const git = await SimpleGitSource.open(repo.dir);
    const head = repo.git('rev-parse', 'feature').trim();
    const profile = await learnProfile(git, head, repo.git('rev-parse', 'feature^{tree}').trim());
    const view = new ProfileView(profile);
    assert.equal(view.template('rel/files/app.toml')?.kind, 'installed');
    assert.match(view.template('rel/files/app.toml')!.evidence, /^installed by the release manifest rebar\.config:3 \(`\{overlay, \[\{template, "rel\/files\/app\.toml", "etc\/app\.toml"\},`\): the copy operators keep and edit$/);
    assert.equal(view.template('rel/files/vm.args')?.kind, 'installed');
    assert.equal(view.template('server.yaml')?.kind, 'installed');
    assert.equal(view.template('rel/vars.config'), null, 'a build input the manifest reads is not installed');
    assert.equal(view.template('default.yaml')?.kind, 'default');
    assert.equal(view.template('.github/container/app.yml.example'), null, 'a hidden folder holds tooling, not operator config');
    assert.equal(view.template('appctl.template')?.kind, 'example', 'named like a template; its content decides');
  });

  it('a key removed from an installed config needs a note naming it; an added key is listed as optional', async () => {
    const i = await impact('rel/files/app.toml');
    assert.equal(i?.rule, 'generic.operator-template');
    assert.equal(i?.requiresNote, true);
    const removed = i!.findings.find((f) => f.kind === 'config-key-removed');
    assert.equal(removed?.subject, 'general.max_fsm_queue');
    assert.equal(removed?.severity, 'warning');
    assert.match(removed!.message, /^key `general\.max_fsm_queue` removed from the installed config `rel\/files\/app\.toml`: copies operators keep still set it — remove or rename it there; learned by the repository profile: installed by the release manifest rebar\.config:3/);
    const added = i!.findings.find((f) => f.kind === 'config-key-added');
    assert.equal(added?.subject, 'listen.http.num_acceptors');
    assert.equal(added?.severity, 'info');
    assert.equal((await impact('rel/vars.config'))?.requiresNote ?? false, false);
  });

  it('keys only added and values changed in an installed config: listed, no note', async () => {
    const i = await impact('server.yaml');
    assert.equal(i?.rule, 'generic.operator-template');
    assert.equal(i?.requiresNote, false);
    assert.deepEqual(i?.findings.map((f) => `${f.kind}:${f.subject}:${f.severity}`).sort(), ['config-key-added:limits.awaylen:info', 'config-value-changed:server.name:info']);
  });

  it('default.yaml: a section removed needs a note; a value changed does not change deployed copies', async () => {
    const i = await impact('default.yaml');
    assert.equal(i?.requiresNote, true);
    assert.deepEqual(i?.findings.map((f) => `${f.kind}:${f.subject}:${f.severity}`), ['config-key-removed:accounts:warning', 'config-value-changed:history.maxmessages:info']);
    assert.match(i!.findings[0].message, /^section `accounts` removed from the default config `default\.yaml`/);
  });

  it('an example\'s config version raised needs a note; the application\'s version in an example does not', async () => {
    const i = await impact('config/app.cfg.php.dist');
    assert.equal(i?.requiresNote, true);
    const v = i!.findings.find((f) => f.subject === 'config_version');
    assert.equal(v?.severity, 'warning');
    assert.match(v!.message, /^config version `config_version` raised from 83 to 85: deployed copies at version 83 must be updated with the template's changes; learned by the repository profile/);
    const decoy = await impact('config/other.cfg.php.dist');
    assert.equal(decoy?.requiresNote ?? false, false, JSON.stringify(decoy?.findings));
  });

  it('a script named like a template and a template in .github/ need no config note', async () => {
    assert.equal((await impact('appctl.template'))?.requiresNote ?? false, false);
    assert.equal((await impact('.github/container/app.yml.example'))?.requiresNote ?? false, false);
  });

  it('a task runner file is developer tooling: the env var its chores read is not deployment impact', async () => {
    const r = await get();
    assert.ok(!r.envVars.added.includes('BASE_BRANCH'), JSON.stringify(r.envVars.added));
    assert.equal((await impact('Taskfile.yml'))?.requiresNote ?? false, false);
  });

  it('every message reads fully in Chinese', async () => {
    const messages = (await get()).impacts.flatMap((i) => i.findings.map((f) => f.message)).filter(Boolean);
    assert.ok(messages.length >= 6, String(messages.length));
    assert.deepEqual(notChinese(messages, translateMessage), []);
  });
});
