/**
 * The schema of `.handoff/config.yaml`, defined once: `validate.ts` checks configs
 * against it (with line and column), `scripts/gen-schema.ts` writes it to
 * `schemas/config.schema.json` for editors, and the type assertions at the end of this
 * file make the compiler fail when it and `HandoffConfig` / `Rule` drift apart.
 */
import type { AnalyzerId, Rule } from '../rules/rule';
import { CATEGORIES, FINDING_KINDS, ROLLOUT_PHASES, SEVERITIES, type ChecklistTemplate } from '../types';
import type { HandoffConfig } from './types';

/** The JSON-Schema subset the validator understands (draft-07 keywords). */
export interface SchemaNode {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  description?: string;
  enum?: readonly (string | number | boolean)[];
  properties?: Readonly<Record<string, SchemaNode>>;
  required?: readonly string[];
  additionalProperties?: boolean | SchemaNode;
  propertyNames?: SchemaNode;
  items?: SchemaNode;
  anyOf?: readonly SchemaNode[];
  minimum?: number;
  minLength?: number;
  minItems?: number;
  uniqueItems?: boolean;
  /** `regex`: the string must compile as a JavaScript regular expression. */
  format?: 'regex';
  default?: unknown;
}

/** Analyzer ids a rule may name; checked against `AnalyzerId` below. */
export const ANALYZER_IDS = ['sql', 'migration-dsl', 'config-keys', 'env-file', 'env-manifest', 'dependencies', 'runtime', 'dockerfile', 'ports', 'secrets', 'api-schema', 'ddl'] as const;

const glob = { type: 'string', minLength: 1 } as const;
const globList = { type: 'array', items: glob } as const;

const checklistTemplate = {
  type: 'object',
  description: 'A checklist step suggested for a note. `{path}`, `{subject}`, `{message}`, `{from}`, `{to}` are filled in.',
  properties: {
    phase: { type: 'string', enum: ROLLOUT_PHASES, description: 'The rollout phase (section) the step goes in.' },
    text: { type: 'string', minLength: 1, description: 'The step, one line of Markdown.' },
    role: { type: 'string', minLength: 1, description: 'Who does it (`@role` at the end of the item), e.g. ops.' },
  },
  required: ['phase', 'text'],
  additionalProperties: false,
} as const;

const rule = {
  type: 'object',
  description: 'A rule added, or a built-in rule overridden by id (only the fields given change).',
  properties: {
    id: { type: 'string', minLength: 1, description: 'Stable id, `<pack>.<name>`; a built-in id overrides that rule.' },
    title: { type: 'string', minLength: 1, description: 'Noun phrase for titles: "Search index" gives "Search index added".' },
    category: { type: 'string', enum: CATEGORIES, description: 'Category of the impacts the rule finds.' },
    paths: { ...globList, description: 'Globs (picomatch, dotfiles match) of the repository-relative paths the rule matches.' },
    exclude: { ...globList, description: 'Globs of paths the rule does not match.' },
    content: { type: 'string', format: 'regex', description: 'A regular expression that must match an added line (a removed line, for a deletion).' },
    severity: { type: 'string', enum: SEVERITIES },
    requiresNote: {
      description: 'true: every matched change needs a note; "findings": only with a finding that needs one; false: never.',
      anyOf: [{ type: 'boolean' }, { type: 'string', enum: ['findings'] }],
    },
    analyzers: { type: 'array', items: { type: 'string', enum: ANALYZER_IDS }, description: 'Content analyzers to run on matched changes.' },
    pathFindings: {
      type: 'array',
      description: 'Facts known from the path alone.',
      items: {
        type: 'object',
        properties: { kind: { type: 'string', enum: ['post-deploy-migration', 'data-migration'] }, message: { type: 'string', minLength: 1 } },
        required: ['kind', 'message'],
        additionalProperties: false,
      },
    },
    checklist: { type: 'array', items: checklistTemplate, description: 'Steps suggested when drafting a note.' },
    priority: { type: 'number', description: 'Lower runs first; the first matching rule wins. Built-ins use 100, new rules default to 50.' },
    dialect: { type: 'string', description: 'Migration dialect hint for the migration analyzer.' },
  },
  required: ['id'],
  additionalProperties: false,
} as const;

/** The schema of `.handoff/config.yaml`. */
export const CONFIG_SCHEMA = {
  type: 'object',
  description: 'Handoff configuration (.handoff/config.yaml).',
  properties: {
    base: { type: 'string', minLength: 1, description: 'Base branch; detected (origin/HEAD, main, master, develop, trunk) when absent.' },
    rules: { type: 'array', items: rule, description: 'Rules added, or built-in rules overridden by id.' },
    ignore: { ...globList, description: 'Globs of paths never analysed, added to the built-in ignores (tests, fixtures, vendored code).' },
    roles: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Roles checklist items may be assigned to (`@ops`).' },
    environments: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      uniqueItems: true,
      minItems: 1,
      description: 'Environments checklist items are signed off in, in rollout order (e.g. [staging, production]). Default: [production].',
      default: ['production'],
    },
    maxFileBytes: { type: 'integer', minimum: 1, description: 'Files larger than this (bytes) are not content-analysed; in the working tree, the changed lines of a larger file still are.', default: 1048576 },
    profile: {
      type: 'object',
      description: 'Corrections to what the repository profile learned (see `handoff profile`).',
      properties: {
        schemaHistory: { ...globList, description: 'Folders (globs) that hold the schema history: a file added there is a migration.' },
        notSchemaHistory: { ...globList, description: 'Folders the profile took for schema history that are not.' },
        envRegistries: { ...globList, description: 'Files (globs) that read the whole environment and name its keys.' },
        notEnvRegistries: { ...globList, description: 'Files the profile took for env registries that are not.' },
        envReaders: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Functions that read the env var their argument names.' },
        notEnvReaders: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Functions the profile took for env readers that are not.' },
        templates: { ...globList, description: 'Operator config templates (globs): a change operators must merge is a config action.' },
        notTemplates: { ...globList, description: 'Files the profile took for operator templates that are not.' },
        devOnly: { ...globList, description: 'Paths (globs) that only run in development or tests: not deployment impact.' },
        notDevOnly: { ...globList, description: 'Paths the profile took for development-only that are deployed.' },
        configReaders: { ...globList, description: "Modules (globs) that read many keys of the operator's config file: a key they stop reading or now refuse is a config action." },
        notConfigReaders: { ...globList, description: 'Files the profile took for config readers that are not.' },
        schemaAutoSync: { ...globList, description: 'Files (globs) that create or update the schema from the model classes at start-up: a column added to a model is a schema change.' },
        notSchemaAutoSync: { ...globList, description: 'Files the profile took for schema auto-sync that are not (a test helper, a dev-only script).' },
        deploymentDocs: { ...globList, description: 'Deployment and upgrade docs (globs) operators read.' },
        notDeploymentDocs: { ...globList, description: 'Files the profile took for deployment docs that are not.' },
        optionalSettingsNeedNote: { type: 'boolean', description: 'A new optional setting (it has a default) needs a note too.', default: false },
      },
      additionalProperties: false,
    },
    templates: {
      type: 'object',
      description: 'Checklist steps that replace the built-in ones, by finding kind (or by category).',
      propertyNames: { type: 'string', enum: [...FINDING_KINDS, ...CATEGORIES] },
      additionalProperties: { type: 'array', items: checklistTemplate },
    },
  },
  additionalProperties: false,
} as const satisfies SchemaNode;

/** The JSON Schema document written to `schemas/config.schema.json`. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://handoff.invalid/schemas/config.schema.json',
    title: 'Handoff configuration',
    ...CONFIG_SCHEMA,
  };
}

/** The text of `schemas/config.schema.json` (stable key order, LF, final newline). */
export function renderConfigJsonSchema(): string {
  return JSON.stringify(configJsonSchema(), null, 2) + '\n';
}

// ---- The schema and the code's types must agree (compile-time checks). ----

type Writable<T> = T extends readonly (infer E)[] ? E[] : T;

/** The TypeScript type a schema node describes (for the subset above). */
export type FromSchema<S> = S extends { enum: readonly (infer E)[] }
  ? E
  : S extends { anyOf: readonly (infer A)[] }
    ? A extends unknown
      ? FromSchema<A>
      : never
    : S extends { type: 'string' }
      ? string
      : S extends { type: 'integer' | 'number' }
        ? number
        : S extends { type: 'boolean' }
          ? boolean
          : S extends { type: 'array'; items: infer I }
            ? Writable<FromSchema<I>[]>
            : S extends { type: 'object'; properties: infer P; required: readonly (infer R)[] }
              ? Flatten<{ -readonly [K in keyof P & R]: FromSchema<P[K]> } & { -readonly [K in Exclude<keyof P, R>]?: FromSchema<P[K]> }>
              : S extends { type: 'object'; properties: infer P }
                ? { -readonly [K in keyof P]?: FromSchema<P[K]> }
                : S extends { type: 'object'; additionalProperties: infer A }
                  ? Partial<Record<string, FromSchema<A>>>
                  : unknown;

type Flatten<T> = { [K in keyof T]: T[K] };
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

/** The config file as written: every key optional. */
export type ConfigFile = FromSchema<typeof CONFIG_SCHEMA>;

// If one of these fails, a field was added to HandoffConfig, Rule, ChecklistTemplate or
// AnalyzerId without updating CONFIG_SCHEMA (or the reverse): update both, then run
// `npm run gen:schema`.
export type SchemaMatchesConfig = Assert<Same<ConfigFile, Partial<HandoffConfig>>>;
export type SchemaMatchesRule = Assert<Same<FromSchema<typeof rule>, Flatten<Partial<Rule> & { id: string }>>>;
export type SchemaMatchesTemplate = Assert<Same<FromSchema<typeof checklistTemplate>, ChecklistTemplate>>;
// Optional keys are mutually assignable even when one side lacks them: compare key sets too.
export type SchemaKeysMatchConfig = Assert<Same<keyof ConfigFile, keyof HandoffConfig>>;
export type SchemaKeysMatchRule = Assert<Same<keyof FromSchema<typeof rule>, keyof Rule>>;
export type SchemaKeysMatchTemplate = Assert<Same<keyof FromSchema<typeof checklistTemplate>, keyof ChecklistTemplate>>;
export type SchemaMatchesAnalyzers = Assert<Same<(typeof ANALYZER_IDS)[number], AnalyzerId>>;
