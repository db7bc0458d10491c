import { createHash } from 'node:crypto';
import { terminalText } from './escape';
import { CATEGORIES, SEVERITY_RANK, type Finding, type FindingKind, type Impact, type Report } from '../types';

/** Where the tool is documented (SARIF `informationUri`); package.json's repository. */
export const INFORMATION_URI = 'https://example.invalid/handoff';

/** The rule id CI reports use for "this impact needs a deployment note and has none". */
export const UNCOVERED_RULE = 'uncovered-impact';

/** Where a developer stands with one impact. */
export type ImpactState = 'uncovered' | 'covered' | 'info';

export function impactState(i: Impact): ImpactState {
  if (!i.requiresNote) return 'info';
  return i.coveredBy.length ? 'covered' : 'uncovered';
}

const STATE_RANK: Record<ImpactState, number> = { uncovered: 0, covered: 1, info: 2 };

/** Uncovered first, then covered, then informational; within each, most severe first, then by path. */
export function byUrgency(a: Impact, b: Impact): number {
  return (
    STATE_RANK[impactState(a)] - STATE_RANK[impactState(b)] ||
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
  );
}

/** Impacts grouped by category, in the vocabulary's order, each group sorted by urgency. */
export function groupByCategory(impacts: Impact[]): [string, Impact[]][] {
  const groups = new Map<string, Impact[]>();
  for (const i of impacts) groups.set(i.category, [...(groups.get(i.category) ?? []), i]);
  const order = (c: string) => {
    const k = (CATEGORIES as readonly string[]).indexOf(c);
    return k < 0 ? CATEGORIES.length : k;
  };
  return [...groups.entries()].sort((a, b) => order(a[0]) - order(b[0]) || a[0].localeCompare(b[0])).map(([c, list]) => [c, list.sort(byUrgency)]);
}

/** The line an impact points at: its first finding with a line, else the top of the file. */
export function impactLine(i: Impact): number {
  const lines = i.findings.map((f) => f.line).filter((l): l is number => typeof l === 'number' && l >= 1);
  return lines.length ? Math.min(...lines) : 1;
}

/** `path:line` (or `path` for a whole-file fact): the form terminals and editors turn into links. */
export function pathLine(path: string, line?: number): string {
  return line && line >= 1 ? `${path}:${line}` : path;
}

/** The findings' severity, or the impact's when the finding carries none. */
export function findingSeverity(f: Finding, i: Impact): Impact['severity'] {
  return f.severity ?? i.severity;
}

/** A short, stable hash (hex) for fingerprints: same input, same output, across runs and machines. */
export function stableHash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}

/**
 * Fingerprints for the results of a report, stable across runs: they hash what a result
 * is about (rule, path, subject or message), not where it sits, so a line moving does not
 * make a new alert. Repeats of the same key get an ordinal.
 */
export class Fingerprints {
  private seen = new Map<string, number>();

  next(ruleId: string, path: string, about: string): string {
    const key = `${ruleId}\0${path}\0${about}`;
    const n = this.seen.get(key) ?? 0;
    this.seen.set(key, n + 1);
    return stableHash('handoff/v1', ruleId, path, about, String(n));
  }
}

/** What a result is about, for its fingerprint: the finding's subject (env var, key) or its message. */
export function findingAbout(f: Finding): string {
  return f.subject ?? f.message;
}

/** The command that drafts a note covering the uncovered impacts. */
export function noteCommand(report: Report, max = 3): string {
  const paths = report.impacts.filter((i) => impactState(i) === 'uncovered').sort(byUrgency).map((i) => i.path);
  const shown = paths.slice(0, max).map((p) => `--cover ${shellQuote(p)}`);
  if (paths.length > max) shown.push('…');
  return `handoff note new ${shown.join(' ')}`.trim();
}

/**
 * Makes text from the repository (paths, messages) safe to print on one terminal line:
 * control characters (newlines, ESC sequences) are shown as `\n`, `\x1b`, never acted on.
 */
export const printable = terminalText;

/** Quotes a path for a POSIX shell only when it needs it. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Descriptions of the CI rules: one per finding kind plus the uncovered-impact rule. */
export interface RuleInfo {
  id: string;
  name: string;
  short: string;
  full: string;
  help: string;
  /** SARIF default level: how serious the rule is before any covering note. */
  level: 'error' | 'warning' | 'note';
}

const KIND_INFO: Record<FindingKind, [short: string, full: string, help: string]> = {
  'env-var-added': [
    'New environment variable',
    'The change starts reading or declaring an environment variable that the base did not have.',
    'Set the variable in every environment (and its secret store) before the code that reads it is deployed, and list it in the deployment note (`env:NAME` in `covers`).',
  ],
  'env-var-removed': [
    'Environment variable no longer used',
    'The change stops reading or declaring an environment variable, and nothing else in the repository uses it.',
    'Remove the variable from the environments after the deployment, and say so in the deployment note.',
  ],
  'env-var-undeclared': [
    'Environment variable read but declared nowhere',
    'Code reads an environment variable that no env file, chart, manifest or doc of the repository declares.',
    'Declare the variable where the repository lists its configuration (e.g. `.env.example`, the Helm values, the compose file) so operators know it exists.',
  ],
  'config-key-added': [
    'Configuration key added',
    'A configuration file gains a key.',
    'Check whether environments override this file and need the new key too.',
  ],
  'config-key-removed': [
    'Configuration key removed',
    'A configuration file loses a key that deployments may still set or rely on.',
    'Remove the key from environment-specific overrides and check nothing still reads it; record it in the deployment note.',
  ],
  'config-value-changed': [
    'Configuration value changed',
    'A configuration key keeps its name but changes its value.',
    'Check that the new value suits every environment, and whether overrides hide it.',
  ],
  'destructive-sql': [
    'Destructive schema change',
    'A migration drops, truncates, renames or changes the type of a table or column: data or running code can break.',
    'Deploy code that no longer uses the table/column first, back up the data, and write the rollback in the deployment note.',
  ],
  'locking-migration': [
    'Migration that may lock a table',
    'A migration takes locks or rewrites a table (an index built without CONCURRENTLY, NOT NULL without a default, a table rewrite).',
    'Run it at a quiet time or make it non-blocking (e.g. CREATE INDEX CONCURRENTLY), and give the expected duration in the deployment note.',
  ],
  'data-migration': [
    'Data migration',
    'A migration changes rows, not just the schema.',
    'Estimate its duration on production data, make it resumable, and describe how to verify and roll it back.',
  ],
  'post-deploy-migration': [
    'Post-deployment migration',
    'A migration meant to run after the new code is live.',
    'Schedule it after the deployment and say when and by whom in the deployment note.',
  ],
  'irreversible-migration': [
    'Irreversible migration',
    'A migration that cannot be rolled back automatically.',
    'Take a backup before running it and describe the manual rollback in the deployment note.',
  ],
  'dependency-added': [
    'Dependency added',
    'A new package dependency.',
    'Check its licence and that build and runtime environments can install it.',
  ],
  'dependency-removed': [
    'Dependency removed',
    'A package dependency was removed.',
    'Check that nothing at runtime (plugins, scripts, images) still needs it.',
  ],
  'dependency-major-upgrade': [
    'Major dependency upgrade',
    'A dependency moves to a new major version, which may break behaviour at runtime.',
    'Read the upgrade guide, test the affected paths, and note any runtime or configuration change it needs.',
  ],
  'runtime-version-changed': [
    'Runtime version changed',
    'The language runtime or base image version changes (Dockerfile FROM, .nvmrc, engines, go directive, toolchain files).',
    'Make sure every environment (servers, CI, build images) gets the new runtime version before the code is deployed.',
  ],
  'image-changed': [
    'Container image changed',
    'A container image reference changes.',
    'Check the new image is published and pullable by every environment, and how to roll back to the old tag.',
  ],
  'port-changed': [
    'Port changed',
    'A listening or exposed port changes.',
    'Update load balancers, firewalls, health checks and service definitions to the new port.',
  ],
  'secret-suspected': [
    'Possible secret committed',
    'A literal value that looks like a credential was added to a file.',
    'Move the value to a secret store, read it from the environment, and rotate the credential if it was real.',
  ],
  'schema-breaking-change': [
    'Breaking API schema change',
    'A public API schema (OpenAPI, GraphQL, protobuf) changes in a way existing clients may not support.',
    'Coordinate the rollout with API consumers, or keep the old contract alongside the new one.',
  ],
  'schema-change': [
    'Schema change',
    'A file adds DDL (CREATE/ALTER/DROP TABLE, INDEX, TYPE…) or ORM schema operations outside the migration folders Handoff knows.',
    'Apply the schema change the way the project applies its schema, in order, and describe how to roll it back in the deployment note.',
  ],
  'default-changed': [
    'Default value changed',
    'An existing setting keeps its name but its default changes: deployments that do not set it behave differently.',
    'Check every environment that relies on the old default, and set the old value explicitly where it must stay.',
  ],
  'migration-column-still-read': [
    'Dropped while code still reads it',
    'A migration drops or renames a column or table that code at head still reads.',
    'Deploy the code that stops reading it first; drop or rename it in a later deploy.',
  ],
  'expand-contract-violated': [
    'Expand/contract in one deploy',
    'A destructive migration ships with the code change that stops using what it removes: old servers fail while it runs.',
    'Split it across two deploys: the code first, then the migration.',
  ],
  'migration-edited': [
    'Released migration edited',
    'A migration that already exists at the base was changed: databases that ran it will not run it again.',
    'Revert the edit and put the change in a new migration.',
  ],
  'migration-out-of-order': [
    'Migration out of order',
    'A new migration sorts before the newest one at the base, or two migrations share a version.',
    'Give the migration a new, later version.',
  ],
  'schema-snapshot-missing': [
    'Schema snapshot not updated',
    'A migration changed without its schema snapshot (schema.rb, structure.sql, schema.prisma, EF model snapshot), or the reverse.',
    'Run the migration and commit the regenerated snapshot, or generate the missing migration.',
  ],
  'content-skipped': [
    'Content not analysed',
    'The file is binary or larger than the size limit, so its content was not analysed.',
    'Review the file by hand for deployment impact.',
  ],
};

/** The CI rules: `uncovered-impact` first, then one per finding kind. */
export function ciRules(): RuleInfo[] {
  const rules: RuleInfo[] = [
    {
      id: UNCOVERED_RULE,
      name: 'UncoveredImpact',
      short: 'Change needs a deployment note',
      full: 'A change that someone must act on at deployment (a migration, configuration, environment variables, infrastructure, a major upgrade…) has no deployment note in this range.',
      help: 'Add a deployment note in `.handoff/notes/` whose `covers` list names the file (or `env:NAME` for an environment variable), with the checklist for deploying, verifying and rolling back. `handoff note new --cover <path>` drafts one.',
      level: 'error',
    },
  ];
  for (const [kind, [short, full, help]] of Object.entries(KIND_INFO)) {
    const level = kind === 'destructive-sql' || kind === 'secret-suspected' ? 'error' : kind === 'content-skipped' ? 'note' : 'warning';
    rules.push({ id: kind, name: kind.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()), short, full, help, level });
  }
  return rules;
}

/** A human title for a finding kind ("destructive-sql" → "Destructive schema change"). */
export function kindTitle(kind: FindingKind): string {
  return KIND_INFO[kind]?.[0] ?? kind;
}
