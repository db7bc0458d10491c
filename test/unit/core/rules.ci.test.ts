import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, type Report } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';
import { expectImpactAt } from '../../helpers/impacts';

const WORKFLOW = (extra: string) => `name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      DATABASE_URL: postgres://localhost/test\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test${extra}\n`;

describe('CI rules on a real repository (review mode)', () => {
  const repo = new TestRepo();
  let report: Report;
  before(async () => {
    repo.commit('init', {
      'README.md': '# shop\n',
      '.github/workflows/ci.yml': WORKFLOW(''),
      '.github/dependabot.yml': 'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weekly\n',
      '.gitlab-ci.yml': 'test:\n  image: node:18\n  script: npm test\n',
      Jenkinsfile: "pipeline {\n  agent any\n  stages {\n    stage('test') { steps { sh 'npm test' } }\n  }\n}\n",
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      '.github/workflows/ci.yml': WORKFLOW('\n      - run: npm run lint'),
      '.github/dependabot.yml': 'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: daily\n',
      '.gitlab-ci.yml': 'test:\n  image: node:20\n  script: npm test\n',
      Jenkinsfile: "pipeline {\n  agent any\n  stages {\n    stage('test') { steps { sh 'npm test' } }\n    stage('lint') { steps { sh 'npm run lint' } }\n  }\n}\n",
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('workflow, GitLab CI and Jenkinsfile changes are CI, info, and need no note', () => {
    for (const [path, rule] of [
      ['.github/workflows/ci.yml', 'github.workflow'],
      ['.gitlab-ci.yml', 'gitlab.ci'],
      ['Jenkinsfile', 'jenkins.pipeline'],
    ] as const) {
      const i = expectImpactAt(report, path);
      assert.equal(i.category, 'ci', path);
      assert.equal(i.rule, rule, path);
      assert.equal(i.severity, 'info', path);
      assert.equal(i.requiresNote, false, path);
    }
  });

  it('the CI image of a job is not a deployment runtime', () => {
    assert.ok(!expectImpactAt(report, '.gitlab-ci.yml').findings.some((f) => f.kind === 'runtime-version-changed'));
  });

  it('repository housekeeping under .github is not an impact', () => {
    assert.ok(!report.impacts.some((x) => x.path === '.github/dependabot.yml'));
    assert.equal(report.summary.requiringNotes, 0);
  });
});

describe('CI rules in working mode (uncommitted changes)', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());

  it('an untracked workflow is listed as CI', async () => {
    repo.commit('init', { 'README.md': '# shop\n' });
    repo.write({ '.github/workflows/release.yml': WORKFLOW(''), '.circleci/config.yml': 'version: 2.1\njobs: {}\n' });
    const report = await analyze({ repo: repo.dir, base: 'main' });
    assert.equal(expectImpactAt(report, '.github/workflows/release.yml').category, 'ci');
    assert.equal(expectImpactAt(report, '.circleci/config.yml').rule, 'circleci.config');
    assert.ok(report.impacts.every((i) => !i.requiresNote));
  });
});
