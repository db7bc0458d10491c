import type { GitSource } from '../git/gitSource';
import type { Report } from '../types';

/** Where the repository shows that migrations run by themselves when the application starts. */
export interface StartupMigrations {
  path: string;
  line: number;
  /** The line, trimmed and cut to 120 characters. */
  text: string;
  /** How it runs: a release phase (before the new version takes traffic) or the app's own start-up. */
  how: 'release-phase' | 'start-up';
}

/**
 * What the repository tells the planner beyond the report: the text of the impacted
 * migration files (app label, revision ids, dependencies are read from it) and whether
 * migrations run at start-up. Gathered once per draft by `gatherPlanFacts`; the planner
 * itself stays pure.
 */
export interface PlanFacts {
  /** New text of impacted migration files, by path (null: deleted or unreadable). */
  files: ReadonlyMap<string, string | null>;
  startup: StartupMigrations | null;
  /** All paths at head (to find the previous migration of a folder); may be empty. */
  paths: readonly string[];
}

export const NO_FACTS: PlanFacts = { files: new Map(), startup: null, paths: [] };

/** Commands and calls that apply migrations; found in a start-up file or code, they mean "at start-up". */
const MIGRATE_WORDS = [
  'manage.py migrate',
  'db:migrate',
  'db:prepare',
  'alembic upgrade',
  'flask db upgrade',
  'diesel migration run',
  'sqlx migrate run',
  'prisma migrate deploy',
  'migrate:latest',
  'goose up',
  'artisan migrate',
  'ecto.migrate',
  'sqlx::migrate!',
  'run_pending_migrations',
  'migrate.latest(',
  'migrationsRun: true',
  "call_command('migrate'",
  'call_command("migrate"',
  'command.upgrade(',
  'flyway migrate',
  'liquibase update',
];

/** Code-level calls: count wherever they are (outside tests). Shell-level commands count only in start-up files. */
const CODE_CALLS = ['sqlx::migrate!', 'run_pending_migrations', 'migrate.latest(', 'migrationsRun: true', "call_command('migrate'", 'call_command("migrate"', 'command.upgrade('];

const NOT_RUNTIME = /(^|\/)(tests?|spec|specs|__tests__|docs?|examples?|fixtures|migrations|db\/migrate|alembic\/versions)\/|(^|\/)README|\.md$|(^|\/)Makefile$|(^|\/)\.github\/|(^|\/)\.gitlab-ci|_test\.|\.test\.|\.spec\./i;

/** The kind of start-up file a path is, or null. */
function startupFile(path: string): 'procfile' | 'entrypoint' | 'compose' | 'dockerfile' | 'platform' | 'package' | null {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (base === 'procfile') return 'procfile';
  if (base.includes('entrypoint') || base === 'start.sh' || base === 'run.sh' || base === 'boot.sh' || base === 'docker-start.sh') return 'entrypoint';
  if (/^(docker-)?compose[\w.-]*\.ya?ml$/.test(base)) return 'compose';
  if (base === 'dockerfile' || base.endsWith('.dockerfile') || base === 'containerfile') return 'dockerfile';
  if (base === 'fly.toml' || base === 'app.json' || base === 'render.yaml' || base === 'app.yaml' || base === 'heroku.yml') return 'platform';
  if (base === 'package.json') return 'package';
  return null;
}

/** Classifies one grep hit; null when it does not show migrations running at start-up. */
export function startupEvidence(path: string, line: number, text: string): StartupMigrations | null {
  if (NOT_RUNTIME.test(path)) return null;
  const t = text.trim();
  if (/^(#|\/\/|--)/.test(t)) return null;
  const cut = t.length > 120 ? `${t.slice(0, 119)}…` : t;
  const kind = startupFile(path);
  if (kind === 'procfile') {
    if (/^release\s*:/.test(t)) return { path, line, text: cut, how: 'release-phase' };
    if (/^\w[\w-]*\s*:/.test(t)) return { path, line, text: cut, how: 'start-up' };
    return null;
  }
  if (kind === 'platform') return { path, line, text: cut, how: /release_command|release\s*:|predeploy|preDeployCommand/i.test(t) ? 'release-phase' : 'start-up' };
  if (kind === 'dockerfile') return /^(CMD|ENTRYPOINT)\b/i.test(t) ? { path, line, text: cut, how: 'start-up' } : null;
  if (kind === 'package') return /"(start|prestart|serve|poststart)"\s*:/.test(t) ? { path, line, text: cut, how: 'start-up' } : null;
  if (kind === 'entrypoint' || kind === 'compose') return { path, line, text: cut, how: 'start-up' };
  if (CODE_CALLS.some((c) => t.includes(c))) return { path, line, text: cut, how: 'start-up' };
  return null;
}

/**
 * Reads what the planner needs from the repository at the report's head: the impacted
 * migration files, and one `git grep` for migration commands in start-up files and
 * code. Only when the report has a migration impact; otherwise nothing is read.
 */
export async function gatherPlanFacts(git: GitSource, report: Report, maxBytes = 512 * 1024): Promise<PlanFacts> {
  const migrations = report.impacts.filter((i) => i.category === 'migration' && i.status !== 'deleted');
  if (!migrations.length) return NO_FACTS;
  const rev = report.range.head;
  const [files, hits, paths] = await Promise.all([
    git.readFiles(rev, migrations.map((i) => i.path), maxBytes).catch(() => new Map<string, string | null>()),
    git.grep(rev, MIGRATE_WORDS, undefined, { word: false }).catch(() => []),
    git.listFiles(rev).catch(() => [] as string[]),
  ]);
  let startup: StartupMigrations | null = null;
  for (const h of hits) {
    const e = startupEvidence(h.path, h.line, h.text);
    // A start-up run beats a release phase (it is the more dangerous one for the planner's order).
    if (e && (!startup || (startup.how === 'release-phase' && e.how === 'start-up'))) startup = e;
  }
  return { files, startup, paths };
}
