import type { Rule } from '../rule';

/**
 * CI and release pipelines. They change how the software is built and tested, not what
 * runs in production: listed as info, and they need a note only when an analyzer finds
 * something that does (runtime pins of a CI job are not deployments, so no `runtime`).
 */

const CI: Pick<Rule, 'category' | 'severity' | 'requiresNote' | 'analyzers' | 'priority'> = {
  category: 'ci',
  severity: 'info',
  requiresNote: 'findings',
  analyzers: ['secrets'],
  priority: 20,
};

export const CI_RULES: Rule[] = [
  {
    ...CI,
    id: 'github.workflow',
    title: 'GitHub Actions workflow',
    paths: ['.github/workflows/**', '.github/actions/**', '**/action.{yml,yaml}'],
    checklist: [{ phase: 'Verify', text: 'The changed workflow `{path}` runs green on the pull request', role: 'dev' }],
  },
  {
    ...CI,
    id: 'gitlab.ci',
    title: 'GitLab CI config',
    paths: ['**/.gitlab-ci.yml', '**/*.gitlab-ci.yml', '.gitlab-ci/**', '.gitlab/ci/**', '.gitlab/**/*.gitlab-ci.yml'],
    checklist: [{ phase: 'Verify', text: 'The pipeline of the merge request runs green with `{path}`', role: 'dev' }],
  },
  { ...CI, id: 'jenkins.pipeline', title: 'Jenkins pipeline', paths: ['**/Jenkinsfile', '**/Jenkinsfile.*', '**/*.jenkinsfile', '**/*.Jenkinsfile', '**/jenkins/**/*.groovy'] },
  { ...CI, id: 'circleci.config', title: 'CircleCI config', paths: ['.circleci/**'] },
  { ...CI, id: 'azure.pipeline', title: 'Azure Pipelines config', paths: ['**/azure-pipelines*.{yml,yaml}', '.azure-pipelines/**', '.azuredevops/**', '**/.pipelines/**/*.{yml,yaml}'] },
  { ...CI, id: 'bitbucket.pipeline', title: 'Bitbucket Pipelines config', paths: ['**/bitbucket-pipelines.yml'] },
  { ...CI, id: 'travis.config', title: 'Travis CI config', paths: ['**/.travis.yml'] },
  {
    ...CI,
    id: 'ci.other',
    title: 'CI config',
    paths: [
      '**/.drone.yml',
      '**/.drone.star',
      '.drone/**',
      '**/.woodpecker.yml',
      '.woodpecker/**',
      '.buildkite/**',
      '**/appveyor.yml',
      '**/.appveyor.yml',
      '**/.cirrus.yml',
      '**/cloudbuild*.{yaml,yml,json}',
      '**/buildspec*.{yml,yaml}',
      '**/codemagic.yaml',
      '**/bitrise.yml',
      '.tekton/**',
      '**/.semaphore/**',
      '**/wercker.yml',
      '**/.gitea/workflows/**',
      '**/.forgejo/workflows/**',
    ],
  },
];
