import type { Category, ChecklistTemplate, Finding, FindingKind, Impact } from '../types';

/**
 * Checklist steps drafted for a note (`handoff note new`, the editor's "Create note").
 *
 * A template's text may hold placeholders: `{path}` (the impacted file), `{subject}`
 * (the finding's subject: env var, config key, column, package), `{message}` (the
 * finding's message), `{from}` / `{to}` (the major versions of an upgrade). Config
 * `templates` replace the built-in steps of a finding kind, or of a category (used when
 * none of an impact's findings has steps and its rule suggests none).
 */
export type TemplateOverrides = Partial<Record<string, ChecklistTemplate[]>>;

interface Context {
  impact: Impact;
  finding?: Finding;
}

type Builtin = (ctx: Required<Context>) => ChecklistTemplate[];

/** Built-in steps per finding kind. Kinds without an entry add no step on their own. */
const BY_KIND: Partial<Record<FindingKind, Builtin>> = {
  'env-var-added': () => [{ phase: 'Before deploy', text: 'Set `{subject}` in every environment', role: 'ops' }],
  'env-var-removed': () => [{ phase: 'After deploy', text: 'Remove `{subject}` from every environment once no running release reads it', role: 'ops' }],
  'env-var-undeclared': () => [{ phase: 'Before deploy', text: 'Declare `{subject}` in the env example, manifests or docs so that every environment gets it', role: 'dev' }],
  'config-key-added': () => [{ phase: 'Before deploy', text: 'Check `{subject}` has the right value in every environment\'s configuration', role: 'ops' }],
  'config-key-removed': () => [{ phase: 'After deploy', text: 'Remove `{subject}` from deployed configuration overrides', role: 'ops' }],
  'config-value-changed': () => [{ phase: 'Verify', text: 'Check the new value of `{subject}` suits every environment', role: 'ops' }],
  'destructive-sql': ({ finding }) => {
    const m = /\b(column|table)\b/i.exec(finding.message);
    const what = m ? m[1].toLowerCase() : null;
    if (/\bdrop/i.test(finding.message) && what) {
      return [
        { phase: 'Before deploy', text: `Confirm nothing reads \`{subject}\`; back up the ${what}`, role: 'dba' },
        { phase: 'Rollback', text: `Restore \`{subject}\` from the backup`, role: 'dba' },
      ];
    }
    if (/\b(truncate|deletes every row)/i.test(finding.message)) {
      return [
        { phase: 'Before deploy', text: 'Back up `{subject}` before its rows are deleted', role: 'dba' },
        { phase: 'Rollback', text: 'Restore `{subject}` from the backup', role: 'dba' },
      ];
    }
    if (/\brenames?\b/i.test(finding.message)) {
      return [{ phase: 'Before deploy', text: 'Make sure no running release reads `{subject}` by its old name while the deploy rolls out ({message})', role: 'dev' }];
    }
    return [{ phase: 'Before deploy', text: 'Confirm the running release copes with it: {message} (`{path}`)', role: 'dba' }];
  },
  'locking-migration': () => [{ phase: 'Before deploy', text: 'Plan a low-traffic window: {message} (`{path}`)', role: 'dba' }],
  'data-migration': () => [
    { phase: 'Deploy', text: 'Run the data migration `{path}` and watch its progress', role: 'implementation' },
    { phase: 'Verify', text: 'Spot-check the data changed by `{path}`', role: 'qa' },
  ],
  'post-deploy-migration': () => [{ phase: 'After deploy', text: 'Run post-deploy migrations once every app server runs the new code', role: 'implementation' }],
  'irreversible-migration': () => [
    { phase: 'Before deploy', text: 'Back up the data `{path}` changes: it cannot be rolled back', role: 'dba' },
    { phase: 'Rollback', text: 'Restore the backup taken before `{path}` ran', role: 'dba' },
  ],
  'dependency-major-upgrade': ({ finding }) => {
    if (!finding.subject) return [{ phase: 'Before deploy', text: 'Review the major upgrades in `{path}`: {message}', role: 'dev' }];
    const v = majorVersions(finding);
    return [
      { phase: 'Before deploy', text: v ? 'Read the upgrade guide of `{subject}` {from} → {to}' : 'Read the upgrade guide of `{subject}`', role: 'dev' },
      { phase: 'Verify', text: 'Smoke-test the features that use `{subject}`', role: 'qa' },
    ];
  },
  'runtime-version-changed': () => [{ phase: 'Before deploy', text: 'Provide the new runtime on every host and build image: {message}', role: 'ops' }],
  'image-changed': () => [
    { phase: 'Deploy', text: 'Roll out the new image: {message}', role: 'ops' },
    { phase: 'Rollback', text: 'Redeploy the previous image', role: 'ops' },
  ],
  'port-changed': () => [{ phase: 'Before deploy', text: 'Update load balancers, firewalls and health checks: {message}', role: 'ops' }],
  'secret-suspected': () => [{ phase: 'Before deploy', text: 'Move the credential in `{path}` to the secret store and rotate it', role: 'ops' }],
  'schema-breaking-change': () => [
    { phase: 'Before deploy', text: 'Tell the API\'s consumers: {message}', role: 'dev' },
    { phase: 'Verify', text: 'Check the main clients still work against `{path}`', role: 'qa' },
  ],
};

/** Steps for an impact none of whose findings has steps, by category. */
const BY_CATEGORY: Record<Category, ChecklistTemplate[]> = {
  migration: [
    { phase: 'Deploy', text: 'Run the migration `{path}` before restarting the app servers', role: 'implementation' },
    { phase: 'Rollback', text: 'Roll back `{path}`', role: 'implementation' },
  ],
  config: [{ phase: 'Deploy', text: 'Roll out the configuration change in `{path}`', role: 'ops' }],
  env: [{ phase: 'Before deploy', text: 'Update the environment variables changed in `{path}`', role: 'ops' }],
  infrastructure: [
    { phase: 'Deploy', text: 'Apply `{path}`', role: 'ops' },
    { phase: 'Rollback', text: 'Re-apply the previous version of `{path}`', role: 'ops' },
  ],
  dependency: [{ phase: 'Deploy', text: 'Install the updated dependencies of `{path}` on every host', role: 'ops' }],
  ci: [{ phase: 'Verify', text: 'Check the pipeline still builds and deploys after the change to `{path}`', role: 'dev' }],
  api: [{ phase: 'Before deploy', text: 'Tell the API\'s consumers about the change to `{path}`', role: 'dev' }],
  'feature-flag': [{ phase: 'Deploy', text: 'Set the flags changed in `{path}` in every environment', role: 'implementation' }],
  custom: [{ phase: 'Deploy', text: 'Handle `{path}` at deploy time', role: 'implementation' }],
};

/**
 * The steps drafted for one impact: for each finding, the config's template for its
 * kind or the built-in one; then the rule's own checklist; the category's steps only
 * when nothing else applied. Placeholders are filled in.
 */
export function stepsForImpact(impact: Impact, overrides: TemplateOverrides = {}): ChecklistTemplate[] {
  const out: ChecklistTemplate[] = [];
  for (const finding of impact.findings) {
    const own = overrides[finding.kind];
    const builtin = BY_KIND[finding.kind];
    const templates = own ?? (builtin ? builtin({ impact, finding }) : []);
    for (const t of templates) out.push({ ...t, text: fill(t.text, { impact, finding }) });
  }
  for (const t of impact.checklist ?? []) out.push({ ...t, text: fill(t.text, { impact }) });
  if (!out.length) for (const t of overrides[impact.category] ?? BY_CATEGORY[impact.category]) out.push({ ...t, text: fill(t.text, { impact }) });
  return out;
}

/** Fills `{path}`, `{subject}`, `{message}`, `{from}`, `{to}`; unknown placeholders stay as written. */
export function fill(text: string, { impact, finding }: Context): string {
  const versions = finding ? majorVersions(finding) : null;
  const values: Record<string, string | undefined> = {
    path: impact.path,
    subject: finding ? subjectOf(finding) ?? impact.path : impact.path,
    message: finding?.message,
    from: versions?.from,
    to: versions?.to,
  };
  return text.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}

/** The finding's subject, or one read from its message (`drops column accounts.legacy_plan`). */
function subjectOf(f: Finding): string | undefined {
  if (f.subject) return f.subject;
  const quoted = /`([^`]+)`/.exec(f.message);
  if (quoted) return quoted[1];
  const named = /\b(?:column|table|key|variable|package|index)\s+["'`]?([\w.:/@-]+)/i.exec(f.message);
  return named?.[1];
}

/** The old and new major versions of an upgrade, read from its message (`express ^4.18.2 → ^5.0.0`). */
function majorVersions(f: Finding): { from: string; to: string } | null {
  const msg = f.subject ? f.message.split(f.subject).join(' ') : f.message;
  const versions = [...msg.matchAll(/(?:^|[^\w.])[v^~>=<]*(\d+)(?:\.[\dx*]+)*/g)].map((m) => m[1]);
  if (versions.length < 2) return null;
  return { from: versions[0], to: versions[versions.length - 1] };
}
