/**
 * Env shapes found on projects Handoff was not tuned on (issue 11, session 4), each on a real
 * repository with a decoy beside it:
 * - a function named for the environment handed an UPPER_SNAKE name (`GetFromSysconfig("X")`,
 *   `requireEnv("X")`, `EnvUtil.getString("X")`), but not one that writes, fakes or compares it;
 * - a read assigned to a variable that the next statement tests for absence and gives a value
 *   (optional), or tests and then stops the program (required);
 * - the environment files a service is started with: RHEL sysconfig, Debian `*.default`, a
 *   `*.profile` a start script sources, also as CMake/autoconf templates (`*.sysconfig.cmake`);
 * - a name the base only listed commented out is not "removed" while head still lists it.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, translateMessage } from '../../../src/core';
import { notChinese } from '../l10n/english';
import { TestRepo } from '../../helpers/repo';
import { addedIn, type Report } from '../../helpers/envFindings';


describe('a function named for the environment reads the variable it is handed', () => {
  const repo = new TestRepo('envnamed');
  after(() => repo.dispose());
  repo.commit('init', { 'README.md': '# daemon\n' });
  repo.checkout('feature', true);
  repo.commit('reads', {
    'src/main.cpp': [
      '#include "utility.hpp"',
      'int Main() {',
      '  String user = Utility::GetFromSysconfig("DAEMON_USER");',
      '  if (user.IsEmpty())',
      '    user = DEFAULT_USER;',
      '  String token = Utility::GetFromSysconfig("DAEMON_TOKEN");',
      '  if (token.IsEmpty()) {',
      '    std::cout << "DAEMON_TOKEN is required";',
      '    return EXIT_FAILURE;',
      '  }',
      '  Utility::SetEnv("DAEMON_WRITE_DECOY", "1");',
      '  if (IsEnvironment("PRODUCTION_DECOY")) {}',
      '  return 0;',
      '}',
      '',
    ].join('\n'),
    'src/Settings.java': [
      'class Settings {',
      '  String region = EnvUtil.getString("JAVA_REGION");',
      '  boolean sso = EnvUtil.has("JAVA_SSO");',
      '  void reset() { EnvUtil.set("JAVA_SET_DECOY", "x"); }',
      '}',
      '',
    ].join('\n'),
    'src/boot.ts': [
      'export const key = requireEnv("TS_API_KEY");',
      'export const port = getEnvVar("TS_PORT", "8080");',
      'withEnv("TS_WITH_DECOY", () => 1);',
      'log("TS_LOG_DECOY");',
      '',
    ].join('\n'),
    'cmd/server/main.go': [
      'package main',
      '',
      'import ("log"; "os")',
      '',
      'func main() {',
      '\taddr := os.Getenv("GO_LISTEN")',
      '\tif addr == "" {',
      '\t\taddr = ":8080"',
      '\t}',
      '\tsecret := os.Getenv("GO_SECRET")',
      '\tif secret == "" {',
      '\t\tlog.Fatal("GO_SECRET is not set")',
      '\t}',
      '\t_ = addr + secret',
      '}',
      '',
    ].join('\n'),
  });
  let report: Report | null = null;
  const get = async () => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' }));

  it('C++: GetFromSysconfig("X"), optional when the next statement gives a default, required when it stops', async () => {
    assert.deepEqual(addedIn(await get(), 'src/main.cpp'), ['DAEMON_TOKEN', 'DAEMON_USER?']);
  });
  it('Java: getters of an Env-named class; a presence test is optional', async () => {
    assert.deepEqual(addedIn(await get(), 'src/Settings.java'), ['JAVA_REGION', 'JAVA_SSO?']);
  });
  it('TypeScript: requireEnv / getEnvVar with a default', async () => {
    assert.deepEqual(addedIn(await get(), 'src/boot.ts'), ['TS_API_KEY', 'TS_PORT?']);
  });
  it('Go: a default given one statement later is optional; log.Fatal after the test is required', async () => {
    assert.deepEqual(addedIn(await get(), 'cmd/server/main.go'), ['GO_LISTEN?', 'GO_SECRET']);
  });
  it('no write, fake, comparison or log message is taken for a read', async () => {
    const r = await get();
    assert.deepEqual(r.envVars.added.filter((n) => /DECOY/.test(n)), []);
    assert.ok(r.envVars.added.includes('DAEMON_USER'));
  });
});

describe('the environment files a service is started with', () => {
  const repo = new TestRepo('envsysconfig');
  after(() => repo.dispose());
  repo.commit('init', {
    'etc/initsystem/daemon.sysconfig.cmake': [
      '# Make your changes here.',
      '#DAEMON_CONFIG_FILE=@SYSCONFDIR@/daemon.conf',
      '#DAEMON_RUN_DIR=@RUNDIR@',
      '#DAEMON_STATE_DIR=@LOCALSTATEDIR@',
      'DAEMON_USER=@DAEMON_USER@',
      '',
    ].join('\n'),
    'etc/broker.profile': "BROKER_HOME='${broker.home}'\nBROKER_ETC_DIR='${broker.etc}'\nJAVA_ARGS=\"-Xmx2G\"\n",
    'debian/daemon.default': '# Options for the daemon\nDAEMON_OPTS=""\n',
    'src/daemon.cmake': 'set(DAEMON_CMAKE_DECOY "x")\n',
  });
  repo.checkout('feature', true);
  repo.commit('change', {
    'etc/initsystem/daemon.sysconfig.cmake': [
      '# Make your changes here.',
      '#DAEMON_CONFIG_FILE=@CONFIGDIR@/daemon.conf',
      '#DAEMON_INIT_RUN_DIR=@INITRUNDIR@',
      'DAEMON_USER=@DAEMON_USER@',
      'DAEMON_GROUP=@DAEMON_GROUP@',
      '',
    ].join('\n'),
    'etc/broker.profile': "BROKER_HOME='${broker.home}'\nJAVA_ARGS=\"-Xmx2G\"\n",
    'debian/daemon.default': '# Options for the daemon\nDAEMON_OPTS=""\nDAEMON_NICE=0\n',
    'src/daemon.cmake': 'set(DAEMON_CMAKE_DECOY "x")\nset(DAEMON_CMAKE_DECOY2 "y")\n',
  });
  let report: Report | null = null;
  const get = async () => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' }));

  it('a sysconfig template (CMake configure_file) declares names; a commented-out one is optional', async () => {
    assert.deepEqual(addedIn(await get(), 'etc/initsystem/daemon.sysconfig.cmake'), ['DAEMON_GROUP', 'DAEMON_INIT_RUN_DIR?']);
  });
  it('Debian default files declare names', async () => {
    assert.deepEqual(addedIn(await get(), 'debian/daemon.default'), ['DAEMON_NICE']);
  });
  it('a name dropped from a sourced profile or from the commented options is removed; one still listed commented out is not', async () => {
    const r = await get();
    assert.deepEqual(r.envVars.removed, ['BROKER_ETC_DIR', 'DAEMON_RUN_DIR', 'DAEMON_STATE_DIR']);
  });
  it('a CMake script is not an env file', async () => {
    const r = await get();
    assert.deepEqual(r.envVars.added.filter((n) => /CMAKE/.test(n)), []);
  });
});

describe('command-line options bound to the environment through a prefix', () => {
  const repo = new TestRepo('envprefix');
  after(() => repo.dispose());
  const cs = (extra: string) => [
    'namespace Shop.Configuration;',
    'public class DefaultConfiguration : DefaultConfigurationBase',
    '{',
    '    protected override CommandLineApplication CreateCommandLineApplicationCore()',
    '    {',
    '        var app = new CommandLineApplication(true);',
    '        app.Option("-n | --network", "Set the network", CommandOptionType.SingleValue);',
    extra,
    '        return app;',
    '    }',
    '    public override string EnvironmentVariablePrefix => "SHOP_";',
    '}',
    '',
  ].join('\n');
  repo.commit('init', {
    'src/Shop/Configuration/DefaultConfiguration.cs': cs(''),
    'src/Shop/Other.cs': 'class Other { void Run(CommandLineApplication app) { } }\n',
  });
  repo.checkout('feature', true);
  repo.commit('options', {
    'src/Shop/Configuration/DefaultConfiguration.cs': cs('        app.Option("--nodefaultchain | -nodefaultchain", "Start without a chain (default: false)", CommandOptionType.BoolValue);'),
    // no prefix in this file: an option of another command line is not an env var
    'src/Shop/Other.cs': 'class Other { void Run(CommandLineApplication app) { app.Option("--verbose-decoy", "x", CommandOptionType.NoValue); } }\n',
    'shop/cli.py': [
      'import click',
      '',
      '',
      '@click.command(context_settings={"auto_envvar_prefix": "SHOPCLI"})',
      '@click.option("--db-url", envvar="SHOP_DATABASE_URL", required=True)',
      '@click.option("--workers", default=2)',
      '@click.option("--token", envvar=["SHOP_TOKEN", "SHOP_API_TOKEN"])',
      'def main(db_url, workers, token):',
      '    click.echo("SHOP_ECHO_DECOY")',
      '',
    ].join('\n'),
  });
  let report: Report | null = null;
  const get = async () => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' }));

  it('.NET: an option of a configuration with EnvironmentVariablePrefix is PREFIX + NAME, optional', async () => {
    const r = await get();
    assert.deepEqual(addedIn(r, 'src/Shop/Configuration/DefaultConfiguration.cs'), ['SHOP_NODEFAULTCHAIN?']);
    assert.deepEqual(r.envVars.added.filter((n) => /DECOY|NETWORK/.test(n)), []);
  });
  it('click: envvar= names the variable (required=True needs a note); auto_envvar_prefix binds the others', async () => {
    assert.deepEqual(addedIn(await get(), 'shop/cli.py'), ['SHOPCLI_WORKERS?', 'SHOP_API_TOKEN?', 'SHOP_DATABASE_URL', 'SHOP_TOKEN?']);
  });
  it('the way each was found reads in Chinese', async () => {
    const r = await get();
    const messages = r.impacts.flatMap((i) => i.findings.map((f) => f.message)).filter((m) => /prefix/.test(m));
    assert.ok(messages.length >= 2, messages.join('\n'));
    assert.deepEqual(notChinese(messages, translateMessage), []);
  });
});

describe('names the repository sets for its own child processes are no operator setting', () => {
  const repo = new TestRepo('envset');
  after(() => repo.dispose());
  const flags = (names: string[]) => [
    'package exec',
    '',
    'import "github.com/urfave/cli/v2"',
    '',
    'var flags = []cli.Flag{',
    ...names.map((n) => `\t&cli.StringFlag{Name: "${n.toLowerCase()}", EnvVars: []string{"${n}"}},`),
    '}',
    '',
  ].join('\n');
  repo.commit('init', {
    'cli/exec/flags.go': flags(['CI_PIPELINE_NUMBER', 'CI_REPO_LINK']),
    'pipeline/metadata/environment.go': [
      'package metadata',
      '',
      'func (m *Metadata) Environ() map[string]string {',
      '\tparams := map[string]string{',
      '\t\t"CI_PIPELINE_NUMBER": m.Number,',
      '\t\t"CI_REPO_LINK":       m.Link,',
      '\t}',
      '\treturn params',
      '}',
      '',
    ].join('\n'),
  });
  repo.checkout('feature', true);
  repo.commit('change', {
    'cli/exec/flags.go': flags(['CI_PIPELINE_NUMBER', 'CI_PIPELINE_FILES', 'CI_COMMIT_AUTHOR', 'SHOP_AGENT_SECRET']),
    'pipeline/metadata/environment.go': [
      'package metadata',
      '',
      'func (m *Metadata) Environ() map[string]string {',
      '\tparams := map[string]string{',
      '\t\t"CI_PIPELINE_NUMBER": m.Number,',
      '\t\t"CI_PIPELINE_FILES":  m.Files,',
      '\t}',
      '\tsetNonEmptyEnvVar(params, "CI_COMMIT_AUTHOR", m.Author)',
      '\treturn params',
      '}',
      '',
    ].join('\n'),
    'cmd/server/main.go': 'package main\n\nimport "os"\n\nfunc main() {\n\tos.Setenv("SHOP_CHILD_MODE", "server")\n\t_ = os.Getenv("SHOP_LISTEN")\n}\n',
    // a test setting a variable up (or clearing it) does not make it the repository's own
    'tst/ServerTest.php': "<?php\nclass ServerTest {\n    public function testListen() { putenv('SHOP_LISTEN'); }\n}\n",
    'internal/child/child.go': 'package child\n\nimport "os"\n\nvar Mode = os.Getenv("SHOP_CHILD_MODE")\n',
    // a file that reads a name and sets it in its own tests still reads a setting
    'src/utils.rs': [
      'pub fn proxies() -> String {',
      '    std::env::var("RS_TRUSTED_PROXIES").expect("RS_TRUSTED_PROXIES is not set")',
      '}',
      '#[cfg(test)]',
      'mod tests {',
      '    #[test]',
      '    fn reads() { std::env::set_var("RS_TRUSTED_PROXIES", "10.0.0.0/8"); }',
      '}',
      '',
    ].join('\n'),
  });
  it('a flag or read of a name the repository writes into an environment is neither added nor removed; the others are', async () => {
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(r.envVars.added, ['RS_TRUSTED_PROXIES', 'SHOP_AGENT_SECRET', 'SHOP_LISTEN']);
    assert.deepEqual(r.envVars.removed, []);
  });
});

describe('a commented-out option the range drops from one template while another file of head still lists it', () => {
  const repo = new TestRepo('envcommentedelsewhere');
  after(() => repo.dispose());
  repo.commit('init', {
    'etc/daemon.sysconfig': '# Options\n#DAEMON_TRACE_DIR=/var/trace\nDAEMON_USER=daemon\n',
    'debian/daemon.default': '# Options\n#DAEMON_TRACE_DIR=/var/trace\n',
  });
  repo.checkout('feature', true);
  repo.commit('change', { 'etc/daemon.sysconfig': '# Options\nDAEMON_USER=daemon\n' });

  it('is not removed: an unchanged file of head still lists it', async () => {
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(r.envVars.removed, []);
  });
});
