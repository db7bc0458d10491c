import type { ChecklistTemplate } from '../../types';

/**
 * Folders whose files are documentation, examples, demos, benchmarks or editor/dev
 * tooling: never deployed. Tests and fixtures are already in BUILTIN_IGNORES; these are
 * added to the exclusions of every built-in rule (the API pack keeps `docs/`, where
 * projects often keep their real OpenAPI document).
 */
export const NOT_DEPLOYED = [
  '**/examples/**',
  '**/example/**',
  '**/samples/**',
  '**/sample/**',
  '**/demo/**',
  '**/demos/**',
  '**/playground/**',
  '**/sandbox/**',
  '**/e2e/**',
  '**/cypress/**',
  '**/playwright/**',
  '**/benchmarks/**',
  '**/benchmark/**',
  '**/bench/**',
  '**/storybook/**',
  '**/.storybook/**',
  '**/stories/**',
  '**/.devcontainer/**',
  '**/.vscode/**',
  '**/.idea/**',
  '**/.husky/**',
  '**/testing/**',
  '**/integration-tests/**',
  '**/*-tests/**',
  '**/__snapshots__/**',
  '**/.changeset/**',
];

/** Documentation folders (excluded by every pack but the API one). */
export const DOCS = ['**/docs/**', '**/doc/**', '**/documentation/**', '**/website/**'];

/** CI configuration folders: only the CI pack looks inside them. */
export const CI_FOLDERS = ['.github/**', '.gitlab/**', '.circleci/**', '.buildkite/**', '.woodpecker/**', '.drone/**', '.azure-pipelines/**', '.azuredevops/**', '.tekton/**'];

/** Files that only run a developer's machine or a throwaway environment. */
export const DEV_ONLY = [
  '**/hack/**',
  '**/contrib/**',
  '**/docker-compose{.,-,_}{dev,development,local,test,tests,testing,ci,e2e,debug,override,devcontainer}.{yml,yaml}',
  '**/compose{.,-,_}{dev,development,local,test,tests,testing,ci,e2e,debug,override}.{yml,yaml}',
  '**/{dev,development,local,test,ci,e2e,debug,devcontainer}.{Dockerfile,dockerfile}',
  '**/{Dockerfile,dockerfile,Containerfile}{.,-,_}{dev,development,local,test,tests,testing,ci,e2e,debug,devcontainer,gitpod}',
  '**/.gitpod.*',
  '**/Procfile.dev',
];

/** Steps shared by the migration rules. */
export const MIGRATION_BEFORE: ChecklistTemplate[] = [
  { phase: 'Before deploy', text: 'Review `{path}` for locks and run time on a production-sized copy of the database', role: 'dba' },
  { phase: 'Before deploy', text: 'Confirm a recent restorable backup of the affected tables', role: 'dba' },
];

export const MIGRATION_VERIFY: ChecklistTemplate = { phase: 'Verify', text: 'The application works against the migrated schema (smoke test the affected features)', role: 'qa' };

/** Steps shared by the config rules. */
export const CONFIG_STEPS: ChecklistTemplate[] = [
  { phase: 'Before deploy', text: 'Set the new or changed keys of `{path}` in every environment (staging, production)', role: 'ops' },
  { phase: 'Verify', text: 'The application starts and reads the new settings (check the logs for config errors)', role: 'ops' },
  { phase: 'Rollback', text: 'Restore the previous values of `{path}`', role: 'ops' },
];

/** Steps shared by the dependency manifests. */
export const DEPENDENCY_STEPS: ChecklistTemplate[] = [
  { phase: 'Before deploy', text: 'Read the changelogs of major upgrades in `{path}` for breaking changes', role: 'implementation' },
  { phase: 'Deploy', text: 'Rebuild and redeploy with the updated dependencies (clean install from the lockfile)', role: 'implementation' },
  { phase: 'Verify', text: 'Smoke test the features that use the upgraded packages', role: 'qa' },
  { phase: 'Rollback', text: 'Redeploy the previous build (previous lockfile)', role: 'implementation' },
];
