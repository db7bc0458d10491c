/**
 * Config actions in a sample config the build installs into the system config folder (issue 11,
 * ex-holdout v15: ngIRCd `doc/Makefile.am` installing `sample-ngircd.conf` — made from
 * `doc/sample-ngircd.conf.tmpl` — as `$(sysconfdir)/ngircd.conf`; BIRD `Makefile.in` installing
 * `$(srcdir)/doc/bird.conf.example` as `@CONFIG_FILE@`). Wherever the sample lives (`doc/`
 * included), the installed copy is the one operators edit and an upgrade keeps, so a changed or
 * removed setting line is one they merge (a note); settings only added are optional.
 * Real repository; decoys: a file the same make rule only echoes, a doc sample no build installs,
 * a script installed beside the config, a CMake install into the data folder.
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

const DOC_MAKEFILE = [
  'doc_templates = sample-ircd.conf.tmpl',
  'generated_docs = sample-ircd.conf',
  '',
  'install-data-hook:',
  '\t$(MKDIR_P) -m 755 $(DESTDIR)$(sysconfdir)',
  '\t@if [ ! -f $(DESTDIR)$(sysconfdir)/ircd.conf ]; then \\',
  '\t  $(INSTALL) -m 600 -c sample-ircd.conf $(DESTDIR)$(sysconfdir)/ircd.conf; \\',
  '\tfi',
  '\t$(INSTALL) -m 755 -c ircd-helper.sh $(DESTDIR)$(sysconfdir)/ircd-helper.sh',
  '',
].join('\n');
const TOP_MAKEFILE = [
  'install: all',
  '\tif ! test -f $(DESTDIR)/@CONFIG_FILE@ ; then \\',
  '\t\t$(INSTALL_DATA) $(srcdir)/doc/router.conf.example $(DESTDIR)/@CONFIG_FILE@ ; \\',
  '\telse \\',
  '\t\techo "Not overwriting old router.conf" ; \\',
  '\tfi',
  '',
].join('\n');
/** BIRD's configure.ac: `@CONFIG_FILE@` is a path under the config folder. */
const CONFIGURE_AC = ['AC_INIT([router], [1.0])', 'if test "$enable_debug" = yes ; then', '  CONFIG_FILE="router.conf"', 'else', '  CONFIG_FILE="\\$(sysconfdir)/router.conf"', 'fi', 'AC_SUBST([CONFIG_FILE])', ''].join('\n');
const CMAKE = [
  'install(FILES contrib/agent.conf',
  '        DESTINATION ${CMAKE_INSTALL_SYSCONFDIR}/agent)',
  'install(FILES contrib/fields.conf DESTINATION ${CMAKE_INSTALL_DATADIR}/agent)',
  '',
].join('\n');
const IRCD_CONF = ['[Global]', '\tName = irc.example.net', '\t;SSLPorts = 6697', '\t;SSLKeyFile = :ETCDIR:/ssl/server-key.pem', '\tSyslogFacility = local1', ''].join('\n');
const ROUTER_CONF = ['log syslog all;', 'protocol device {', '\tscan time 10;', '}', 'protocol kernel {', '\texport all;', '}', ''].join('\n');
const AGENT_CONF = ['[agent]', 'interval = 10', 'hostname = example', ''].join('\n');

describe('a sample config the build installs into the system config folder: changed settings need a note', () => {
  const repo = new TestRepo('build-installed-config');
  after(() => repo.dispose());
  repo.commit('init', {
    'doc/Makefile.am': DOC_MAKEFILE,
    'doc/sample-ircd.conf.tmpl': IRCD_CONF,
    'doc/ircd-helper.sh': '#!/bin/sh\necho helper\n',
    'Makefile.in': TOP_MAKEFILE,
    'configure.ac': CONFIGURE_AC,
    'doc/router.conf.example': ROUTER_CONF,
    'doc/router.conf.example2': ROUTER_CONF,
    'router.conf': ROUTER_CONF,
    'CMakeLists.txt': CMAKE,
    'contrib/agent.conf': AGENT_CONF,
    'contrib/fields.conf': 'a = 1\nb = 2\n',
  });
  repo.checkout('feature', true);
  repo.commit('change', {
    // the SSL settings move to an [SSL] section with their prefix stripped; a set value moves, commented out, to [Options] (a note)
    'doc/sample-ircd.conf.tmpl': IRCD_CONF.replace('\t;SSLPorts = 6697\n\t;SSLKeyFile = :ETCDIR:/ssl/server-key.pem\n', '').replace('\tSyslogFacility = local1\n', '[Options]\n\t;SyslogFacility = local1\n;[SSL]\n\t;Ports = 6697\n'),
    // a setting line changed in the installed example (a note); the same change in a doc sample and a root file nothing installs
    'doc/router.conf.example': ROUTER_CONF.replace('\tscan time 10;\n', ''),
    'doc/router.conf.example2': ROUTER_CONF.replace('\tscan time 10;\n', ''),
    'router.conf': ROUTER_CONF.replace('\tscan time 10;\n', ''),
    // only a setting added to the CMake-installed config: optional
    'contrib/agent.conf': AGENT_CONF.replace('hostname = example\n', 'hostname = example\ntimeout = 5\n'),
    'contrib/fields.conf': 'a = 1\n',
    'doc/ircd-helper.sh': '#!/bin/sh\necho helper two\n',
  });
  let report: Report | null = null;
  const get = async () => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' }));
  const impact = async (p: string): Promise<Impact | undefined> => (await get()).impacts.find((i) => i.path === p);

  it('the profile learns the files the build installs into the config folder, with the install line as evidence', async () => {
    const git = await SimpleGitSource.open(repo.dir);
    const head = repo.git('rev-parse', 'feature').trim();
    const view = new ProfileView(await learnProfile(git, head, repo.git('rev-parse', 'feature^{tree}').trim()));
    assert.equal(view.template('doc/sample-ircd.conf.tmpl')?.kind, 'installed');
    assert.match(view.template('doc/sample-ircd.conf.tmpl')!.evidence, /^installed into the system config folder by doc\/Makefile\.am:7 \(`\$\(INSTALL\) -m 600 -c sample-ircd\.conf \$\(DESTDIR\)\$\(sysconfdir\)\/ircd/);
    assert.equal(view.template('doc/router.conf.example')?.kind, 'installed');
    assert.equal(view.template('contrib/agent.conf')?.kind, 'installed');
    assert.equal(view.template('router.conf'), null, 'a file the rule only echoes is not installed');
    assert.equal(view.template('doc/router.conf.example2'), null, 'a doc sample no build installs');
    assert.equal(view.template('doc/ircd-helper.sh'), null, 'a script is no config');
    assert.equal(view.template('contrib/fields.conf'), null, 'installed into the data folder, not the config folder');
  });

  it('settings moved or removed in an installed sample need a note naming them, in English and Chinese', async () => {
    for (const p of ['doc/sample-ircd.conf.tmpl', 'doc/router.conf.example']) {
      const i = await impact(p);
      assert.equal(i?.rule, 'generic.operator-template', p);
      assert.equal(i?.requiresNote, true, p);
      assert.equal(i!.findings[0].severity, 'warning');
      assert.deepEqual(notChinese(i!.findings.map((f) => f.message), translateMessage), []);
    }
    assert.match((await impact('doc/sample-ircd.conf.tmpl'))!.findings[0].message, /^shipped config changes 1 setting line \(`SyslogFacility`, `\[Options\]`\): installations keep their own edited copy, merge the change; learned by the repository profile: installed into the system config folder by doc\/Makefile\.am:7/);
  });

  it('the same change where no build installs the file needs no config note; a setting only added is optional', async () => {
    assert.equal((await impact('doc/router.conf.example2'))?.requiresNote ?? false, false);
    assert.equal((await impact('doc/ircd-helper.sh'))?.requiresNote ?? false, false);
    const agent = await impact('contrib/agent.conf');
    assert.equal(agent?.rule, 'generic.operator-template');
    assert.equal(agent?.requiresNote, false);
  });
});

describe('integration files a build installs into another program\'s folder of the config folder are no operator config', () => {
  // review17 F9: a CMake build installing a D-Bus policy and a udev rule under ${CMAKE_INSTALL_SYSCONFDIR}
  // made every change to them a "merge the change" warning; the package replaces them, operators keep no copy.
  const CMAKE_SYS = [
    'cmake_minimum_required(VERSION 3.10)',
    'project(foo C)',
    'include(GNUInstallDirs)',
    'install(FILES data/org.example.Foo.conf DESTINATION ${CMAKE_INSTALL_SYSCONFDIR}/dbus-1/system.d)',
    'install(FILES data/60-foo.rules DESTINATION ${CMAKE_INSTALL_SYSCONFDIR}/udev/rules.d)',
    'install(FILES data/foo-sysctl.conf DESTINATION "${CMAKE_INSTALL_SYSCONFDIR}/sysctl.d")',
    'install(FILES data/foo.conf DESTINATION ${CMAKE_INSTALL_SYSCONFDIR}/foo)',
    '',
  ].join('\n');
  const AM_SYS = [
    'dbusservicedir = $(sysconfdir)/dbus-1/system.d',
    'dbusservice_DATA = org.example.Bar.conf',
    'barconfdir = $(sysconfdir)/bar',
    'barconf_DATA = bar.conf',
    '',
    'install-data-local:',
    '\t$(INSTALL_DATA) bar-logrotate.conf $(DESTDIR)$(sysconfdir)/logrotate.d/bar',
    '',
  ].join('\n');
  const MESON_SYS = [
    "install_data('org.example.Baz.conf', install_dir: join_paths(get_option('sysconfdir'), 'dbus-1', 'system.d'))",
    "install_data('baz.conf', install_dir: get_option('sysconfdir') / 'baz')",
    '',
  ].join('\n');
  const POLICY = ['<busconfig>', '  <policy user="root">', '    <allow own="org.example.Foo"/>', '  </policy>', '  <policy context="default">', '    <allow send_destination="org.example.Foo"/>', '  </policy>', '</busconfig>', ''].join('\n');
  const RULES = ['SUBSYSTEM=="usb", ATTRS{idVendor}=="1234", MODE="0660", GROUP="plugdev"', ''].join('\n');
  const CONF = ['[main]', 'interval = 10', 'mode = fast', ''].join('\n');
  const repo = new TestRepo('build-installed-system-dirs');
  after(() => repo.dispose());
  repo.commit('init', {
    'CMakeLists.txt': CMAKE_SYS,
    'data/org.example.Foo.conf': POLICY,
    'data/60-foo.rules': RULES,
    'data/foo-sysctl.conf': 'net.ipv4.ip_forward = 1\nkernel.foo = 2\n',
    'data/foo.conf': CONF,
    'bar/Makefile.am': AM_SYS,
    'bar/org.example.Bar.conf': POLICY,
    'bar/bar.conf': CONF,
    'bar/bar-logrotate.conf': '/var/log/bar.log {\n  weekly\n  rotate 4\n}\n',
    'baz/meson.build': MESON_SYS,
    'baz/org.example.Baz.conf': POLICY,
    'baz/baz.conf': CONF,
  });
  repo.checkout('feature', true);
  repo.commit('change', {
    'data/org.example.Foo.conf': POLICY.replace('    <allow send_destination="org.example.Foo"/>\n', '    <deny send_destination="org.example.Foo"/>\n'),
    'data/60-foo.rules': RULES.replace('ATTRS{idVendor}=="1234",', 'ATTRS{idVendor}=="1234", ATTRS{idProduct}=="5678",'),
    // a setting removed from the project's own installed config: a note
    'data/foo.conf': CONF.replace('mode = fast\n', ''),
  });

  it('the profile learns the configs installed into the project\'s own folder, not D-Bus, udev, sysctl or logrotate files', async () => {
    const git = await SimpleGitSource.open(repo.dir);
    const view = new ProfileView(await learnProfile(git, repo.git('rev-parse', 'feature').trim(), repo.git('rev-parse', 'feature^{tree}').trim()));
    for (const p of ['data/foo.conf', 'bar/bar.conf', 'baz/baz.conf']) assert.equal(view.template(p)?.kind, 'installed', p);
    for (const p of ['data/org.example.Foo.conf', 'data/60-foo.rules', 'data/foo-sysctl.conf', 'bar/org.example.Bar.conf', 'bar/bar-logrotate.conf', 'baz/org.example.Baz.conf']) assert.equal(view.template(p), null, p);
  });

  it('a D-Bus policy narrowed and a udev rule extended need no config note; the project\'s own config still does', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    for (const p of ['data/org.example.Foo.conf', 'data/60-foo.rules']) {
      const i = report.impacts.find((x) => x.path === p);
      assert.notEqual(i?.rule, 'generic.operator-template', p);
      assert.equal(i?.requiresNote ?? false, false, p);
    }
    const own = report.impacts.find((x) => x.path === 'data/foo.conf');
    assert.equal(own?.rule, 'generic.operator-template');
    assert.equal(own?.requiresNote, true);
  });
});

describe('an autoconf `@X@` install target counts when the configure script sets X under sysconfdir, whatever its name', () => {
  // review17 F10: `@CONFIG_FILE@` was BIRD's own name in a fixed pattern; the same install to `@CONF_FILE@` was not learned.
  const makefile = (v: string, src: string) => ['install: all', `\tif ! test -f $(DESTDIR)/@${v}@ ; then \\`, `\t\t$(INSTALL_DATA) $(srcdir)/doc/${src} $(DESTDIR)/@${v}@ ; \\`, '\tfi', ''].join('\n');
  const APP_CONF = ['router id 192.0.2.1;', 'log syslog all;', 'protocol device {', '}', ''].join('\n');
  const repo = new TestRepo('build-installed-subst');
  after(() => repo.dispose());
  repo.commit('init', {
    'configure.ac': ['AC_INIT([app], [1.0])', 'CONF_FILE="\\$(sysconfdir)/app.conf"', 'AC_SUBST([CONF_FILE])', 'NOTES_FILE="\\$(docdir)/notes.conf"', 'AC_SUBST([NOTES_FILE])', ''].join('\n'),
    'Makefile.in': makefile('CONF_FILE', 'app.conf.example'),
    'doc/app.conf.example': APP_CONF,
    'extra/Makefile.in': makefile('NOTES_FILE', 'notes.conf.example'),
    'extra/doc/notes.conf.example': APP_CONF,
  });
  repo.checkout('feature', true);
  repo.commit('change', { 'doc/app.conf.example': APP_CONF.replace('router id 192.0.2.1;\n', '') });

  it('the profile learns the file installed to `@CONF_FILE@` (set under sysconfdir), not one installed to a variable set elsewhere', async () => {
    const git = await SimpleGitSource.open(repo.dir);
    const view = new ProfileView(await learnProfile(git, repo.git('rev-parse', 'feature').trim(), repo.git('rev-parse', 'feature^{tree}').trim()));
    assert.equal(view.template('doc/app.conf.example')?.kind, 'installed');
    assert.match(view.template('doc/app.conf.example')!.evidence, /^installed into the system config folder by Makefile\.in:3 /);
    assert.equal(view.template('extra/doc/notes.conf.example'), null, 'NOTES_FILE is under docdir');
  });

  it('a setting removed from it needs a note', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const i = report.impacts.find((x) => x.path === 'doc/app.conf.example');
    assert.equal(i?.rule, 'generic.operator-template');
    assert.equal(i?.requiresNote, true);
  });
});
