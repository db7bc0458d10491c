import type { AnalyzerId } from '../rules/rule';
import type { Analyzer } from './analyzer';
import { apiSchemaAnalyzer } from './apiSchema';
import { configKeysAnalyzer } from './configKeys';
import { ddlAnalyzer } from './ddl';
import { dependenciesAnalyzer } from './dependencies';
import { dockerfileAnalyzer } from './dockerfile';
import { envFileAnalyzer } from './envFile';
import { envManifestAnalyzer } from './envManifest';
import { migrationDslAnalyzer } from './migrationDsl';
import { portsAnalyzer } from './ports';
import { runtimeAnalyzer } from './runtime';
import { secretsAnalyzer } from './secrets';
import { sqlAnalyzer } from './sql';

const REGISTRY: Record<AnalyzerId, Analyzer> = {
  sql: sqlAnalyzer,
  'migration-dsl': migrationDslAnalyzer,
  'config-keys': configKeysAnalyzer,
  'env-file': envFileAnalyzer,
  'env-manifest': envManifestAnalyzer,
  dependencies: dependenciesAnalyzer,
  runtime: runtimeAnalyzer,
  dockerfile: dockerfileAnalyzer,
  ports: portsAnalyzer,
  secrets: secretsAnalyzer,
  'api-schema': apiSchemaAnalyzer,
  ddl: ddlAnalyzer,
};

export function analyzerFor(id: AnalyzerId): Analyzer {
  return REGISTRY[id];
}
