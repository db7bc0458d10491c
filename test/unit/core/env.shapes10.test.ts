/**
 * Env shapes read in session 11 from the ex-holdout-v9 misses (issue 11): executables without an
 * extension whose `#!` line names a shell (a container image's `cont-init.d/10-app`, its sourced
 * `functions/` and `defaults/` files) are read as `.sh` files are, both in the range and at head;
 * a variable tested for emptiness before the script first assigns it comes from the environment;
 * a continuation line of a Dockerfile's multi-line `ENV` sets its names in the image.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import { isEnvNoisePath } from '../../../src/core/analyzers/env';
import { TestRepo } from '../../helpers/repo';
import { addedIn } from '../../helpers/envFindings';

/** The report with the persistent env index, and with head asked about the names only (HANDOFF_ENV_INDEX=off). */
async function bothWays(repo: TestRepo, base: string, head: string): Promise<Awaited<ReturnType<typeof analyze>>[]> {
  const out = [];
  for (const mode of ['index', 'off']) {
    const old = process.env.HANDOFF_ENV_INDEX;
    if (mode === 'off') process.env.HANDOFF_ENV_INDEX = 'off';
    try {
      out.push(await analyze({ repo: repo.dir, base, head }));
    } finally {
      if (old === undefined) delete process.env.HANDOFF_ENV_INDEX;
      else process.env.HANDOFF_ENV_INDEX = old;
    }
  }
  return out;
}

describe('an executable shell script without an extension', () => {
  const repo = new TestRepo('envnoext');
  after(() => repo.dispose());
  const init = (extra: string[]) => [
    '#!/command/with-contenv bash',
    'source /assets/functions/10-app',
    'PROCESS_NAME="app"',
    ...extra,
    'app_configure',
    'liftoff',
    '',
  ].join('\n');
  const functions = (extra: string[]) => [
    '#!/command/with-contenv bash',
    '',
    'app_configure() {',
    '    sed -i "s|<WORKERS>|${APP_WORKERS}|g" /etc/app.conf',
    ...extra,
    '}',
    '',
  ].join('\n');
  const defaults = [
    '#!/command/with-contenv bash',
    '',
    'APP_WORKERS=${APP_WORKERS:-"auto"}',
    'APP_WEBROOT=${APP_WEBROOT:-"/www/html"}',
    '',
  ].join('\n');

  it('reads a variable it tests or expands and never assigns; its own variables are none', async () => {
    repo.commit('init', {
      Dockerfile: 'FROM alpine\nADD install /\n',
      'install/etc/cont-init.d/10-app': init([]),
      'install/assets/functions/10-app': functions([]),
      'install/assets/defaults/10-app': defaults,
    });
    repo.checkout('feature', true);
    repo.commit('post init', {
      'install/etc/cont-init.d/10-app': init([
        'if [ -n "${APP_POST_INIT_SCRIPT}" ] ; then',
        '  post_scripts=$(echo "${APP_POST_INIT_SCRIPT}" | tr "," "\\n")',
        '  for script in $post_scripts; do ${script}; done',
        'fi',
        'if [ -n "${APP_WEBROOT_SUFFIX}" ]; then',
        '    _app_webroot=${APP_WEBROOT}${APP_WEBROOT_SUFFIX}',
        'fi',
        'LOCAL_MODE=quiet',
        'echo "$LOCAL_MODE ${PROCESS_NAME} $APP_BANNER"',
        // `read -r X` assigns X (-r takes no argument)
        'while read -r APP_DOMAIN; do mkdir -p "/keys/${APP_DOMAIN}"; done < /etc/domains',
      ]),
    });
    for (const r of await bothWays(repo, 'main', 'feature')) {
      // tested for emptiness (`if [ -n "${X}" ]`): the script runs without them, optional settings; APP_BANNER is read untested
      assert.deepEqual(addedIn(r, 'install/etc/cont-init.d/10-app'), ['APP_BANNER', 'APP_POST_INIT_SCRIPT?', 'APP_WEBROOT_SUFFIX?']);
      // APP_WEBROOT: the unchanged defaults file reads it at head (a line of an executable without an extension)
      assert.deepEqual(r.envVars.added, ['APP_BANNER', 'APP_POST_INIT_SCRIPT', 'APP_WEBROOT_SUFFIX']);
      assert.deepEqual(r.envVars.removed, []);
    }
  });

  it('tested for emptiness before the script first assigns it: read, with the assignment as its default', async () => {
    repo.checkout('feature');
    repo.checkout('site', true);
    repo.commit('site', {
      'install/assets/functions/10-app': functions([
        '    if [ -z "${APP_SITE_ENABLED}" ] && [ ! -f "/etc/app/default.conf" ]; then',
        '        print_notice "no site"',
        '    fi',
        '    for site in /etc/app/sites/*.conf; do',
        '        echo "$site"',
        '    done',
        '    APP_SITE_ENABLED=default',
        // the same test after the script assigned it: its own variable
        '    _site_count=1',
        '    if [ -n "${_site_count}" ]; then LOCAL_SEEN=1; fi',
        '    LOCAL_SEEN=2',
        '    if [ -z "${LOCAL_SEEN}" ]; then echo none; fi',
      ]),
    });
    for (const r of await bothWays(repo, 'feature', 'site')) {
      assert.deepEqual(addedIn(r, 'install/assets/functions/10-app'), ['APP_SITE_ENABLED?']);
    }
  });

  it('a plain read the range drops is not removed while an unchanged script still reads the name with a default; the last one is', async () => {
    repo.checkout('feature');
    repo.checkout('template', true);
    repo.commit('template', {
      'install/assets/functions/10-app': functions([]).replace('    sed -i "s|<WORKERS>|${APP_WORKERS}|g" /etc/app.conf\n', '    update_template /etc/app.conf APP_WORKERS\n'),
    });
    for (const r of await bothWays(repo, 'feature', 'template')) assert.deepEqual(r.envVars.removed, [], 'APP_WORKERS is still read by defaults/10-app');
    repo.checkout('feature');
    repo.checkout('dropall', true);
    repo.commit('drop workers', {
      'install/assets/functions/10-app': functions([]).replace('    sed -i "s|<WORKERS>|${APP_WORKERS}|g" /etc/app.conf\n', ''),
      'install/assets/defaults/10-app': defaults.replace('APP_WORKERS=${APP_WORKERS:-"auto"}\n', ''),
    });
    for (const r of await bothWays(repo, 'feature', 'dropall')) assert.deepEqual(r.envVars.removed, ['APP_WORKERS']);
  });

  it('a file without an extension that is no shell script (no `#!` line naming a shell) reads nothing', async () => {
    repo.checkout('feature');
    repo.checkout('notes', true);
    repo.commit('notes', {
      'install/etc/app/motd': 'Welcome. Set ${APP_MOTD_NAME} and $APP_MOTD_COLOR to change this text.\n',
      'install/bin/app-tool': '#!/usr/bin/env python3\nprint("$APP_TOOL_FLAG")\n',
    });
    for (const r of await bothWays(repo, 'feature', 'notes')) assert.deepEqual(r.envVars.added, []);
  });
});

describe("the shell's assign-default expansion", () => {
  const repo = new TestRepo('envassigndefault');
  after(() => repo.dispose());
  it('`: "${X=d}"` replacing `X=d` makes X a setting with a default; a brace group `{ X=1; }` is an assignment', async () => {
    const script = (head: string[]) => ['#!/bin/sh', 'set -e', ...head, 'if [ "${STAGING}" = "1" ]; then url="${CERT_STAGING_URL}"; else url="${CERT_PRODUCTION_URL}"; fi', '{ LOCAL_TRIES=3; }', 'echo "$url $LOCAL_TRIES"', ''].join('\n');
    repo.commit('init', { 'entrypoint.sh': script(["CERT_PRODUCTION_URL='https://acme.example/directory'", "CERT_STAGING_URL='https://staging.example/directory'"]) });
    repo.checkout('feature', true);
    repo.commit('overridable', { 'entrypoint.sh': script([': "${CERT_PRODUCTION_URL=https://acme.example/directory}"', ': "${CERT_STAGING_URL:=https://staging.example/directory}"']) });
    for (const r of await bothWays(repo, 'main', 'feature')) {
      assert.deepEqual(addedIn(r, 'entrypoint.sh'), ['CERT_PRODUCTION_URL?', 'CERT_STAGING_URL?']);
      assert.ok(!r.envVars.added.includes('LOCAL_TRIES'));
    }
  });
});

describe('build scripts and build-tool wrappers without an extension', () => {
  const repo = new TestRepo('envnoextbuild');
  after(() => repo.dispose());
  it("autotools' `configure`, a `gradlew` wrapper read nothing an operator sets; a launcher in `bin/` does", async () => {
    repo.commit('init', { 'README.md': '# app\n' });
    repo.checkout('feature', true);
    repo.commit('scripts', {
      configure: '#!/bin/sh\nif [ -n "$SM_VSN" ]; then echo "$SM_VSN"; fi\nCC="${CC:-cc}"\n',
      gradlew: '#!/bin/sh\nexec "$JAVACMD" $DEFAULT_JVM_OPTS $GRADLE_OPTS -classpath "$CLASSPATH" org.gradle.wrapper.GradleWrapperMain "$@"\n',
      'bin/app': '#!/bin/sh\nexec /opt/app/bin/server --data "${APP_DATA_DIR}" "$@"\n',
    });
    for (const r of await bothWays(repo, 'main', 'feature')) assert.deepEqual(r.envVars.added, ['APP_DATA_DIR']);
  });
  it('which names are build tooling', () => {
    for (const p of ['configure', 'bootstrap', 'autogen.sh', 'install-sh', 'depcomp', 'gradlew', 'sub/mvnw']) assert.ok(isEnvNoisePath(p), p);
    for (const p of ['bin/app', 'install/etc/cont-init.d/10-app', 'configure-app', 'reconfigure.sh']) assert.ok(!isEnvNoisePath(p), p);
  });
});

describe("a continuation line of a Dockerfile's multi-line ENV", () => {
  const repo = new TestRepo('envdockercont');
  after(() => repo.dispose());
  it('sets its names in the image: a script that starts reading one adds no setting; a name the image does not set is added', async () => {
    repo.commit('init', {
      Dockerfile: ['FROM alpine', 'ENV APP_VERSION=1.2 \\', '    IMAGE_NAME="org/app" \\', '    IMAGE_REPO_URL="https://example.org/app"', 'RUN CGO_ENABLED=0 \\', '    BUILD_FLAGS=-s go build \\', '    ./...', 'COPY entrypoint.sh /', ''].join('\n'),
      'entrypoint.sh': '#!/bin/sh\nexec app\n',
    });
    repo.checkout('feature', true);
    repo.commit('banner', { 'entrypoint.sh': '#!/bin/sh\necho "Welcome to ${IMAGE_NAME} from ${IMAGE_REPO_URL}, ${BUILD_FLAGS}"\necho "${APP_BANNER_TEXT}"\nexec app\n' });
    for (const r of await bothWays(repo, 'main', 'feature')) {
      // BUILD_FLAGS is on a RUN continuation with a command after it: not an ENV line
      assert.deepEqual(r.envVars.added, ['APP_BANNER_TEXT', 'BUILD_FLAGS']);
    }
  });
});

describe('viper keys bound to the environment one by one', () => {
  const repo = new TestRepo('envviperbind');
  after(() => repo.dispose());
  const main = (binds: string[], gets: string[]) => [
    'package main',
    '',
    'import "github.com/spf13/viper"',
    '',
    'func setup() {',
    '\tviper.SetEnvPrefix("relay")',
    '\tviper.BindEnv("debug")',
    ...binds.map((b) => `\tviper.BindEnv(${b})`),
    ...gets.map((g) => `\t_ = viper.GetString(${g})`),
    '}',
    '',
  ].join('\n');
  const cmd = (gets: string[]) => ['package cmd', '', 'import "github.com/spf13/viper"', '', 'func serve() {', '\tviper.AutomaticEnv()', ...gets.map((g) => `\t_ = viper.GetString(${g})`), '}', ''].join('\n');
  it('`BindEnv("key")` under `SetEnvPrefix("p")` reads P_KEY; an UPPER_SNAKE key read in a file without a prefix is the variable itself; a lower-case key there is none', async () => {
    repo.commit('init', { 'main.go': main([], []), 'cmd/serve.go': cmd(['"DATABASE_URL"']) });
    repo.checkout('feature', true);
    repo.commit('web', {
      'main.go': main(['"web"', '"web_password", "RELAY_WEB_SECRET"'], ['"web"']),
      'cmd/serve.go': cmd(['"DATABASE_URL"', '"AUTHORIZER_KETO_URL"', '"log_level"', '"Mixed_Case"']),
    });
    for (const r of await bothWays(repo, 'main', 'feature')) {
      assert.deepEqual(addedIn(r, 'main.go'), ['RELAY_WEB?', 'RELAY_WEB_SECRET']);
      assert.deepEqual(addedIn(r, 'cmd/serve.go'), ['AUTHORIZER_KETO_URL?']);
      assert.deepEqual(r.envVars.added, ['AUTHORIZER_KETO_URL', 'RELAY_WEB', 'RELAY_WEB_SECRET']);
    }
  });
  it('an UPPER_SNAKE key of a file that sets a prefix is no variable of its own name', async () => {
    repo.checkout('feature');
    repo.checkout('prefixed', true);
    repo.commit('prefixed get', { 'main.go': main(['"web"'], ['"web"', '"SMTP_HOST"']) });
    for (const r of await bothWays(repo, 'feature', 'prefixed')) assert.ok(!r.envVars.added.includes('SMTP_HOST'), JSON.stringify(r.envVars.added));
  });
});
