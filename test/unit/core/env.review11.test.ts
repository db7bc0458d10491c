/**
 * review11's env findings, each on a real repository:
 * - F0: head's env index read every file without an extension as a shell script when one of its
 *   lines held `${X:-d}` / `${X:?}`, so an extension-less note or doc (`NOTES`, `MIGRATING`,
 *   `RELEASE`, `docs/configuration`) quoting `QUEUE_URL=${QUEUE_URL:?}` made a new read of
 *   QUEUE_URL old and declared. Such a file is read at head only with a `#!` line naming a shell
 *   (or Perl, escript), as the range reads it: cold, warm (a blob read since the indexed commit),
 *   names only (HANDOFF_ENV_INDEX=off, as the eval runs), working mode and an editor's save alike.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, AnalysisSession } from '../../../src/core';
import { envIndexCounters } from '../../../src/core/cache/headEnv';
import { TestRepo } from '../../helpers/repo';
import { addedIn, withIndex, type Report } from '../../helpers/envFindings';

const undeclaredIn = (r: Report, path: string) =>
  (r.impacts.find((i) => i.path === path)?.findings ?? []).filter((f) => f.kind === 'env-var-undeclared').map((f) => f.subject).sort();

describe('an extension-less file at head without a `#!` line (review11 F0)', () => {
  const repo = new TestRepo('envnoextdoc');
  after(() => repo.dispose());
  const note = (names: string[]) => ['2.0', '===', '', 'Set these before you upgrade:', '', ...names.map((n) => `    ${n}=\${${n}:?set ${n}}`), '    export QUEUE_URL', ''].join('\n');
  const decoys = (names: string[]) => ({ NOTES: note(names), MIGRATING: note(names), RELEASE: note(names), 'docs/configuration': note(names) });

  it('a note or doc quoting a required shell read neither makes a new read old nor declares it; a `#!` script does', async () => {
    repo.commit('init', {
      'src/app.py': 'import os\nX = 1\n',
      ...decoys(['QUEUE_URL']),
      // the positive beside it: a shell script without an extension that reads BILLING_URL
      'bin/worker': '#!/bin/sh\nBILLING_URL=${BILLING_URL:?set BILLING_URL}\nexec worker "$BILLING_URL"\n',
    });
    repo.checkout('feature', true);
    repo.commit('code', { 'src/app.py': 'import os\nX = os.environ["QUEUE_URL"]\nY = os.environ["BILLING_URL"]\n' });
    for (const mode of ['index', 'off'] as const) {
      const r = await withIndex(mode, () => analyze({ repo: repo.dir, base: 'main', head: 'feature' }));
      assert.deepEqual(addedIn(r, 'src/app.py'), ['QUEUE_URL'], mode);
      assert.deepEqual(undeclaredIn(r, 'src/app.py'), ['QUEUE_URL'], mode);
    }
  });

  it('the same in working mode (head is the working tree)', async () => {
    repo.checkout('main');
    repo.checkout('working', true);
    repo.write({ 'src/app.py': 'import os\nX = os.environ["QUEUE_URL"]\nY = os.environ["BILLING_URL"]\n', NOTES: note(['QUEUE_URL', 'SMTP_HOST']) });
    try {
      for (const mode of ['index', 'off'] as const) {
        const r = await withIndex(mode, () => analyze({ repo: repo.dir, base: 'main' }));
        assert.deepEqual(addedIn(r, 'src/app.py'), ['QUEUE_URL'], mode);
      }
    } finally {
      repo.git('checkout', '-q', '--', '.');
    }
  });

  it("an editor's save of a note (session.update) neither makes a new read old nor keeps a dropped one; a saved `#!` script does", async () => {
    repo.checkout('main');
    repo.checkout('saves', true);
    repo.commit('reads', { 'src/app.py': 'import os\nX = os.environ["SMTP_HOST"]\n' });
    repo.write({ 'src/app.py': 'import os\nX = os.environ["QUEUE_URL"]\n' });
    try {
      const session = await AnalysisSession.open({ repo: repo.dir, base: 'saves' });
      const opened = await session.result();
      assert.deepEqual([opened.envVars.added, opened.envVars.removed], [['QUEUE_URL'], ['SMTP_HOST']]);
      repo.write({ 'docs/configuration': note(['QUEUE_URL', 'SMTP_HOST']) });
      const saved = await session.update(['docs/configuration']);
      assert.deepEqual([saved.envVars.added, saved.envVars.removed], [['QUEUE_URL'], ['SMTP_HOST']]);
      repo.write({ 'bin/mailer': '#!/bin/bash\nSMTP_HOST=${SMTP_HOST:?set SMTP_HOST}\nexec mailer\n' });
      assert.deepEqual((await session.update(['bin/mailer'])).envVars.removed, []);
    } finally {
      repo.git('checkout', '-q', '--', '.');
      repo.git('clean', '-qfd');
    }
  });

  it('warm: a note changed since the indexed commit (read from its blob) counts for nothing either', async () => {
    repo.checkout('main');
    repo.commit('notes 2.1', decoys(['QUEUE_URL', 'MAIL_FROM']));
    repo.checkout('feature2', true);
    repo.commit('mail', { 'src/app.py': 'import os\nX = os.environ["MAIL_FROM"]\nY = os.environ["BILLING_URL"]\n' });
    // the index was built at `feature` by the first test; head moved: the changed notes are read from their blobs
    const r = await withIndex('index', () => analyze({ repo: repo.dir, base: 'main', head: 'feature2' }));
    assert.equal(envIndexCounters.mode, 'warm');
    assert.ok(envIndexCounters.blobsRead >= 4, `blobs read: ${envIndexCounters.blobsRead}`);
    assert.deepEqual(addedIn(r, 'src/app.py'), ['MAIL_FROM']);
    assert.deepEqual(undeclaredIn(r, 'src/app.py'), ['MAIL_FROM']);
    const off = await withIndex('off', () => analyze({ repo: repo.dir, base: 'main', head: 'feature2' }));
    assert.deepEqual(addedIn(off, 'src/app.py'), ['MAIL_FROM']);
  });
});

/**
 * F13: an indented `NAME=value \` line of a Dockerfile was read as a continuation of a multi-line
 * `ENV` whatever instruction it continued, `RUN` included: the image "set" build-time variables.
 * Only a line that continues an `ENV` sets its names; read alone at head, the line is confirmed
 * against the whole file.
 */
describe("a Dockerfile's RUN continuation line (review11 F13)", () => {
  const repo = new TestRepo('envdockerrun');
  after(() => repo.dispose());
  const dockerfile = [
    'FROM golang:1.22 AS build',
    'RUN apk add --no-cache git && \\',
    '    APP_CGO_MODE=0 APP_TARGET_OS=linux \\',
    '    go build -o /app .',
    'RUN set -eux; \\',
    '    cd /src; \\',
    '    APP_BUILD_TAG="v1" \\',
    '    make release',
    'FROM alpine',
    'ENV APP_HOME=/app \\',
    '    # the image name',
    '    IMAGE_NAME="org/app" \\',
    '    IMAGE_PORT=8080',
    'COPY entrypoint.sh /',
    '',
  ].join('\n');
  const entrypoint = (reads: string[]) => ['#!/bin/sh', ...reads.map((n) => `echo "\${${n}}"`), 'exec /app', ''].join('\n');
  const names = ['APP_BUILD_TAG', 'APP_CGO_MODE', 'APP_TARGET_OS', 'IMAGE_NAME', 'IMAGE_PORT'];

  it('sets no name in the image: a script that starts reading one adds it; a name an ENV continuation sets is not added', async () => {
    repo.commit('init', { Dockerfile: dockerfile, 'entrypoint.sh': entrypoint([]) });
    repo.checkout('feature', true);
    repo.commit('banner', { 'entrypoint.sh': entrypoint(names) });
    for (const mode of ['index', 'off'] as const) {
      const r = await withIndex(mode, () => analyze({ repo: repo.dir, base: 'main', head: 'feature' }));
      assert.deepEqual(r.envVars.added, ['APP_BUILD_TAG', 'APP_CGO_MODE', 'APP_TARGET_OS'], mode);
    }
  });

  it('the same in working mode and after a save of the Dockerfile (session.update)', async () => {
    repo.checkout('main');
    repo.checkout('work', true);
    repo.write({ 'entrypoint.sh': entrypoint(names) });
    try {
      for (const mode of ['index', 'off'] as const) {
        const r = await withIndex(mode, () => analyze({ repo: repo.dir, base: 'main' }));
        assert.deepEqual(r.envVars.added, ['APP_BUILD_TAG', 'APP_CGO_MODE', 'APP_TARGET_OS'], mode);
      }
      const session = await AnalysisSession.open({ repo: repo.dir, base: 'main' });
      repo.write({ Dockerfile: dockerfile.replace('FROM alpine', 'FROM alpine:3.20') });
      assert.deepEqual((await session.update(['Dockerfile'])).envVars.added, ['APP_BUILD_TAG', 'APP_CGO_MODE', 'APP_TARGET_OS']);
    } finally {
      repo.git('checkout', '-q', '--', '.');
    }
  });
});
