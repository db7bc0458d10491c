/**
 * Config files installed as the operators' own configuration (issue 11): a folder named `etc`
 * (what a package installs into /etc, or what `app create` copies into a new instance) holding
 * config files. A package upgrade keeps an operator's edited copy, so a changed or removed
 * setting, or a file no longer shipped, is a config action; settings only added with their
 * values are optional; comments (XML comment blocks included) and spacing are nothing to do.
 * Reverse-proxy examples (nginx) are copied by operators even when they live in docs/: any
 * changed directive is one they replicate. Real repository; decoys: a lint tool's settings in
 * etc/, schema SQL in etc/, a comment-only proxy edit, an etc/ folder with a single file.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, translateMessage } from '../../../src/core';
import type { Impact, Report } from '../../../src/core';
import { settingLines } from '../../../src/core/analyzers/template';
import { SimpleGitSource } from '../../../src/core/git/simpleGitSource';
import { learnProfile } from '../../../src/core/profile/learn';
import { ProfileView } from '../../../src/core/profile';
import { TestRepo } from '../../helpers/repo';
import { notChinese } from '../l10n/english';

const MAIN_CONF = ['# main configuration', 'include "conf.d/*.conf"', 'const MaxConcurrentChecks = 512', 'log_level = info', ''].join('\n');
const FEATURE_CONF = ['object ApiListener "api" {', '  accept_config = false', '}', ''].join('\n');
const BROKER = ['<configuration>', '  <core>', '    <!-- how many messages are kept in memory', '         from paging: 1000 is a good default -->', '    <max-read-page-messages>1000</max-read-page-messages>', '  </core>', '</configuration>', ''].join('\n');
const NGINX = ['# example nginx config for operators', 'server {', '  listen 443 ssl;', '  location / {', '    proxy_pass http://127.0.0.1:3000;', '  }', '}', ''].join('\n');

describe('config installed as the operators\' own configuration (etc/), on a real repository', () => {
  const repo = new TestRepo('shipped');
  after(() => repo.dispose());
  repo.commit('init', {
    'etc/myapp/myapp.conf': MAIN_CONF,
    'etc/myapp/features/api.conf': FEATURE_CONF,
    'etc/myapp/conf.d/legacy.conf': 'object Host "legacy" {\n  check_command = "ping"\n}\n',
    'etc/logrotate.d/myapp': '/var/log/myapp/*.log {\n  daily\n  postrotate\n    /bin/kill -HUP $(cat /run/myapp.pid)\n  endscript\n}\n',
    'etc/checkstyle.xml': '<module name="Checker">\n  <property name="severity" value="error"/>\n</module>\n',
    'etc/schema/mysql.schema.sql': 'CREATE TABLE t (id int);\n',
    'cli/src/main/resources/app/commands/etc/broker.xml': BROKER,
    'cli/src/main/resources/app/commands/etc/app.profile': 'JAVA_ARGS="-Xmx2G"\n',
    'tools/etc/only.conf': 'a = 1\n',
    'etc/bash_completion.d/myapp': 'complete -W "start stop" myapp\n',
    'etc/dev/myapp.conf': 'log_level = debug\n',
    'docs/example.nginx.conf': NGINX,
    'docs/other.nginx.conf': NGINX,
    'src/main.c': 'int main(void) { return 0; }\n',
  });
  repo.checkout('feature', true);
  repo.git('rm', '-q', 'etc/myapp/conf.d/legacy.conf');
  repo.commit('change', {
    // a changed value: operators merge it into their edited copy
    'etc/myapp/myapp.conf': MAIN_CONF.replace('log_level = info', 'log_level = notice'),
    // a setting only added, with its value: optional
    'etc/myapp/features/api.conf': FEATURE_CONF.replace('  accept_config = false\n', '  accept_config = false\n  accept_commands = false\n'),
    // a changed directive of a logrotate file shipped in etc/
    'etc/logrotate.d/myapp': '/var/log/myapp/*.log {\n  daily\n  postrotate\n    /bin/kill -USR1 $(cat /run/myapp.pid)\n  endscript\n}\n',
    // decoys: a lint tool's settings, schema SQL, an edit inside an XML comment block
    'etc/checkstyle.xml': '<module name="Checker">\n  <property name="severity" value="warning"/>\n</module>\n',
    'etc/schema/mysql.schema.sql': 'CREATE TABLE t (id int, name text);\n',
    'cli/src/main/resources/app/commands/etc/broker.xml': BROKER.replace('1000 is a good default', '1000 is a sensible default'),
    'tools/etc/only.conf': 'a = 2\n',
    'etc/bash_completion.d/myapp': 'complete -W "start stop reload" myapp\n',
    'etc/dev/myapp.conf': 'log_level = trace\n',
    // a new location in the example proxy config; a comment-only edit of another
    'docs/example.nginx.conf': NGINX.replace('  location / {', '  location /api/ {\n    proxy_pass http://127.0.0.1:3001;\n  }\n  location / {'),
    'docs/other.nginx.conf': NGINX.replace('# example nginx config for operators', '# example nginx config (TLS) for operators'),
  });
  let report: Report | null = null;
  const get = async () => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' }));
  const impact = async (p: string): Promise<Impact | undefined> => (await get()).impacts.find((i) => i.path === p);

  it('the profile learns the etc/ folders with evidence, not a lint tool\'s file or a lone file', async () => {
    const git = await SimpleGitSource.open(repo.dir);
    const head = repo.git('rev-parse', 'feature').trim();
    const profile = await learnProfile(git, head, repo.git('rev-parse', 'feature^{tree}').trim());
    const shipped = profile.templates.filter((t) => t.kind === 'shipped');
    assert.deepEqual(shipped.map((t) => t.path).sort(), ['cli/src/main/resources/app/commands/etc/', 'etc/']);
    assert.match(shipped.find((t) => t.path === 'etc/')!.evidence, /^an etc folder: etc\/ holds \d+ config files installed as the operators' own configuration \(e\.g\. etc\//);
    const view = new ProfileView(profile);
    assert.equal(view.template('etc/myapp/myapp.conf')?.kind, 'shipped');
    assert.equal(view.template('etc/checkstyle.xml'), null, 'a lint tool\'s settings are not the operators\'');
    assert.equal(view.template('etc/schema/mysql.schema.sql'), null, 'schema SQL is not config');
    assert.equal(view.template('tools/etc/only.conf'), null, 'an etc/ folder with one file is not learned');
    assert.equal(view.template('etc/bash_completion.d/myapp'), null, 'shell completion is not operator config');
    assert.equal(view.template('etc/dev/myapp.conf'), null, 'a development setup is not operator config');
    assert.equal(view.template('docs/example.nginx.conf')?.kind, 'nginx', 'a proxy example in docs/ is copied by operators');
  });

  it('a changed setting needs a note naming it, with the evidence', async () => {
    const i = await impact('etc/myapp/myapp.conf');
    assert.equal(i?.rule, 'generic.operator-template');
    assert.equal(i?.requiresNote, true);
    const f = i!.findings.find((x) => x.severity === 'warning');
    assert.match(f?.message ?? '', /^shipped config changes 1 setting line \(`log_level`\): installations keep their own edited copy, merge the change; learned by the repository profile: an etc folder: etc\/ holds/);
    assert.equal((await impact('etc/logrotate.d/myapp'))?.requiresNote, true);
  });

  it('a config file no longer shipped needs a note', async () => {
    const i = await impact('etc/myapp/conf.d/legacy.conf');
    assert.equal(i?.status, 'deleted');
    assert.equal(i?.requiresNote, true);
    assert.ok(i?.findings.some((f) => f.kind === 'config-key-removed' && /no longer shipped/.test(f.message)), JSON.stringify(i?.findings));
  });

  it('a setting only added with its value is optional: listed, no note', async () => {
    const i = await impact('etc/myapp/features/api.conf');
    assert.equal(i?.requiresNote, false);
    assert.ok(i?.findings.some((f) => f.severity === 'info' && /adds 1 setting line \(`accept_commands`\)/.test(f.message)), JSON.stringify(i?.findings));
  });

  it('an edit inside an XML comment block, a lint tool\'s settings, schema SQL, a lone etc file, shell completion and a dev setup need no config note', async () => {
    assert.equal((await impact('cli/src/main/resources/app/commands/etc/broker.xml'))?.requiresNote ?? false, false);
    for (const p of ['etc/checkstyle.xml', 'etc/schema/mysql.schema.sql', 'tools/etc/only.conf', 'etc/bash_completion.d/myapp', 'etc/dev/myapp.conf']) {
      const i = await impact(p);
      assert.ok(!(i && (i.category === 'config' || i.category === 'env') && i.requiresNote), `${p}: ${JSON.stringify(i)}`);
    }
  });

  it('an example reverse-proxy config in docs/: a new location needs a note; a comment edit does not', async () => {
    const i = await impact('docs/example.nginx.conf');
    assert.equal(i?.rule, 'generic.operator-template');
    assert.equal(i?.requiresNote, true);
    assert.ok(i?.findings.some((f) => /^example reverse-proxy config changes 3 lines \(`location`, `proxy_pass`, `}`\): replicate the change/.test(f.message)), JSON.stringify(i?.findings));
    assert.equal((await impact('docs/other.nginx.conf'))?.requiresNote ?? false, false);
  });

  it('every message reads fully in Chinese', async () => {
    const r = await get();
    const messages = r.impacts.filter((i) => i.rule === 'generic.operator-template').flatMap((i) => i.findings.map((f) => f.message));
    assert.ok(messages.length >= 5);
    assert.deepEqual(notChinese(messages, translateMessage), []);
  });
});

describe('settingLines', () => {
  it('drops comments, XML comment blocks and blank lines, and collapses spacing', () => {
    assert.deepEqual(settingLines('# c\n; c\n// c\n\n  a   =  1\n<!-- x\n y -->\n<b>2</b> <!-- z --> <c/>\nrem c\n:: c\n'), ['a = 1', '<b>2</b> <c/>']);
  });
  it('is linear: 20,000 unclosed comment openers and a 1 MB line', () => {
    const t0 = process.cpuUsage();
    settingLines('<!--'.repeat(20_000));
    settingLines(`${' '.repeat(1_000_000)}x`);
    settingLines('<!-- -->\n'.repeat(100_000));
    const u = process.cpuUsage(t0);
    const ms = (u.user + u.system) / 1000;
    assert.ok(ms < 2000, `${ms} ms`);
  });
});
