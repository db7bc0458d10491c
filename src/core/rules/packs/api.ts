import type { Rule } from '../rule';

/**
 * Public API schemas. Clients depend on them, so a breaking change (found by the
 * `api-schema` analyzer) needs a note; additions are listed. GraphQL documents that are
 * only queries (client side) are not schemas and are not matched by path.
 */

const API: Pick<Rule, 'category' | 'severity' | 'requiresNote' | 'analyzers' | 'checklist'> = {
  category: 'api',
  severity: 'warning',
  requiresNote: 'findings',
  analyzers: ['api-schema'],
  checklist: [
    { phase: 'Before deploy', text: 'Tell API consumers about the breaking changes in `{path}` (changelog, deprecation notice)', role: 'implementation' },
    { phase: 'Deploy', text: 'Deploy servers before clients that use the new schema; keep removed fields until clients migrate', role: 'implementation' },
    { phase: 'Verify', text: 'Contract tests / generated clients still work against the new schema', role: 'qa' },
    { phase: 'Rollback', text: 'Redeploy the previous API version', role: 'implementation' },
  ],
};

export const API_RULES: Rule[] = [
  {
    ...API,
    id: 'openapi.spec',
    title: 'OpenAPI document',
    paths: ['**/{openapi,swagger}*.{yaml,yml,json}', '**/*.{openapi,swagger}.{yaml,yml,json}', '**/{openapi,swagger,api-spec,api-specs,apispec}/**/*.{yaml,yml,json}'],
    exclude: ['**/{swagger-ui,openapi-generator,openapitools}*/**', '**/openapitools.json', '**/.openapi-generator/**', '**/swagger-ui*.json'],
    priority: 50,
  },
  {
    ...API,
    id: 'graphql.schema',
    title: 'GraphQL schema',
    paths: ['**/*.graphqls', '**/schema.{graphql,gql}', '**/*.schema.{graphql,gql}', '**/schema/**/*.{graphql,gql}', '**/schemas/**/*.{graphql,gql}', '**/*.sdl'],
    priority: 50,
  },
  {
    ...API,
    id: 'protobuf.schema',
    title: 'Protocol Buffers schema',
    paths: ['**/*.proto'],
    priority: 50,
  },
  {
    ...API,
    id: 'idl.schema',
    title: 'API schema',
    paths: ['**/*.thrift', '**/*.avsc', '**/*.avdl', '**/asyncapi*.{yaml,yml,json}', '**/*.smithy'],
    priority: 50,
  },
  {
    ...API,
    id: 'openapi.spec-content',
    title: 'OpenAPI document',
    paths: ['**/*.{yaml,yml,json}'],
    exclude: ['**/package.json', '**/package-lock.json', '**/composer.json'],
    content: String.raw`^\s*["']?(?:openapi|swagger)["']?\s*:\s*["']?[23]\.\d`,
    priority: 75,
  },
  {
    ...API,
    id: 'graphql.schema-content',
    title: 'GraphQL schema',
    paths: ['**/*.{graphql,gql}'],
    content: String.raw`^\s*(?:extend\s+)?(?:type|interface|enum|input|union|scalar|schema|directive)\b`,
    priority: 75,
  },
];
