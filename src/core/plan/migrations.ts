import type { Finding, Impact } from '../types';
import type { PlanFacts } from './facts';

/** What the planner knows about one migration file: the tool, and the commands with every value filled. */
export interface MigrationInfo {
  tool: 'django' | 'rails' | 'alembic' | 'diesel' | 'other';
  /** How the migration is named in items: `accounts.0012_remove_plan`, a Rails version, a path. */
  label: string;
  /** Command that applies it (or every pending migration); null when unknown. */
  run: string | null;
  /** Command that migrates back to just before it; null when unknown. */
  back: string | null;
  /** Command that shows it applied; null when unknown. */
  verify: string | null;
  /** Django app label / Alembic branch: migrations of one group roll back together to the first one's parent. */
  group?: string;
  /** Sort key within the group (earliest first). */
  order?: string;
}

const stem = (path: string) => (path.split('/').pop() ?? path).replace(/\.[^.]+$/, '');

/** The first code span of a rule step of `phase`, when it names a complete command (no `<placeholder>`). */
function ruleCommand(impact: Impact, phase: string): string | null {
  for (const step of impact.checklist ?? []) {
    if (step.phase !== phase) continue;
    const m = /`([^`]+)`/.exec(step.text);
    if (m && !/[<>{}]|\.\.\./.test(m[1])) return m[1];
  }
  return null;
}

/** `dependencies = [('accounts', '0011_prev'), …]` of a Django migration: the parent in the same app. */
export function djangoParent(text: string, app: string): string | null {
  const start = text.search(/\bdependencies\s*=\s*[[(]/);
  if (start < 0) return null;
  const end = text.indexOf(']', start);
  const list = text.slice(start, end < 0 ? undefined : end);
  const parents: string[] = [];
  for (const m of list.matchAll(/\(\s*['"]([\w.]+)['"]\s*,\s*['"](\w+)['"]\s*\)/g)) if (m[1] === app || m[1].endsWith(`.${app}`)) parents.push(m[2]);
  return parents.sort().pop() ?? null;
}

/** Alembic's `revision = 'abc'` / `down_revision = 'def'` (None: the first revision). */
export function alembicRevisions(text: string): { revision: string | null; down: string | null } {
  const rev = /^revision\s*(?::\s*\w+\s*)?=\s*['"]([\w-]+)['"]/m.exec(text)?.[1] ?? null;
  const downM = /^down_revision\s*(?::[^=\n]*)?=\s*(?:['"]([\w-]+)['"]|None)/m.exec(text);
  return { revision: rev, down: downM ? (downM[1] ?? 'base') : null };
}

/** Reads the migration's tool and fills its commands from the repository. */
export function migrationInfo(impact: Impact, facts: PlanFacts): MigrationInfo {
  const rule = impact.rule;
  const text = facts.files.get(impact.path) ?? null;
  const name = stem(impact.path);
  if (rule.startsWith('django.')) {
    const parts = impact.path.split('/');
    const at = parts.lastIndexOf('migrations');
    const app = at > 0 ? parts[at - 1] : null;
    if (!app) return { tool: 'django', label: name, run: 'python manage.py migrate', back: null, verify: 'python manage.py showmigrations' };
    const parent = text == null ? null : (djangoParent(text, app) ?? (/\binitial\s*=\s*True/.test(text) || !/\bdependencies\b/.test(text) ? 'zero' : null));
    return {
      tool: 'django',
      label: `${app}.${name}`,
      run: `python manage.py migrate ${app} ${name}`,
      back: parent ? `python manage.py migrate ${app} ${parent}` : null,
      verify: `python manage.py showmigrations ${app}`,
      group: `django:${app}`,
      order: name,
    };
  }
  if (rule.startsWith('rails.') && !rule.includes('data-migration')) {
    const version = /^(\d{3,})_/.exec(name)?.[1] ?? null;
    return {
      tool: 'rails',
      label: version ?? name,
      run: 'bin/rails db:migrate',
      back: version ? `bin/rails db:migrate:down VERSION=${version}` : null,
      verify: 'bin/rails db:migrate:status',
    };
  }
  if (rule.startsWith('alembic.')) {
    const r = text == null ? { revision: null, down: null } : alembicRevisions(text);
    return {
      tool: 'alembic',
      label: r.revision ?? name,
      run: r.revision ? `alembic upgrade ${r.revision}` : 'alembic upgrade head',
      back: r.down ? `alembic downgrade ${r.down}` : null,
      verify: 'alembic current',
      group: 'alembic',
      order: name,
    };
  }
  if (rule.startsWith('diesel.')) {
    const dir = impact.path.split('/').slice(-2, -1)[0] ?? name;
    return { tool: 'diesel', label: dir, run: 'diesel migration run', back: 'diesel migration revert', verify: 'diesel migration list' };
  }
  return { tool: 'other', label: impact.path, run: ruleCommand(impact, 'Deploy'), back: ruleCommand(impact, 'Rollback'), verify: ruleCommand(impact, 'Verify') };
}

/** What a migration finding does to the schema, read from its structured fields or its message. */
export type Hazard = 'drop' | 'wipe' | 'rename' | 'retype' | 'other';

export function hazardOf(f: Finding): Hazard {
  // The risk model's operations (src/core/analyzers/migrationRisk.ts), when the finding carries one.
  const op = (f as Finding & { hazard?: string }).hazard;
  if (op) {
    if (/^(drop-(table|column|schema|database|partition)|replace-table|revert-migration)$/.test(op)) return 'drop';
    if (op === 'truncate' || op === 'delete-all') return 'wipe';
    if (op.startsWith('rename-')) return 'rename';
    if (op === 'change-type' || op === 'alter-field') return 'retype';
    if (f.kind === 'destructive-sql') return 'other';
  }
  const m = f.message.toLowerCase();
  if (/^(drops (column|columns|reference column|table)|removes field|deletes model)\b/.test(m) || /\bdrops (its|the) (column|table)\b/.test(m)) return 'drop';
  if (/^(truncates|deletes every row)/.test(m)) return 'wipe';
  if (/^renames\b/.test(m)) return 'rename';
  if (/\bchanges the (type|definition)\b|^alters field/.test(m)) return 'retype';
  return 'other';
}

/** The column or table a finding is about, for items: its subject, else the name after `column`/`table`/`field`/`model`. */
export function schemaObject(f: Finding): string {
  if (f.subject) return f.subject;
  const m = /\b(?:column|columns|table|field|model|of)\s+([\w.$"`[\]-]+)/i.exec(f.message);
  return (m?.[1] ?? '').replace(/["`[\]]/g, '');
}

/** `drop` of a column vs a table, for wording. */
export function droppedThing(f: Finding): 'column' | 'table' {
  return /\b(table|model)\b/i.test(f.message) && !/\bcolumns?\b/i.test(f.message) ? 'table' : 'column';
}
