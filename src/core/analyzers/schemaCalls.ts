import type { Finding } from '../types';
import { identWords, languageOfPath, scan, type Language } from '../lex';

/**
 * Schema operations a project's own upgrade code calls by name, in any language: a call whose
 * name is a schema verb and a schema object (`CreateColumnIfNotExists("Sessions", …)` in Go,
 * `$dbh->bz_add_column('bugs', …)` in Perl, `self.add_index("users", …)`, `AlterPrimaryKey("Reactions", …)`)
 * with a literal first argument (the table or index it changes). The frameworks the packs and
 * ORM_SCHEMA_OP know are one spelling each of this shape; a project with its own upgrade code
 * writes its own helpers with the same words.
 *
 * Read through the linear lexers of core/lex (strings and comments never count), in a file
 * whose code names a migration or an upgrade (an identifier with migrat/upgrad: the upgrade
 * module, not a schema editor or an ORM's own implementation). A call already in the old file
 * with the same tokens (reformatted, moved) is nothing new.
 */

const VERBS = new Set(['create', 'add', 'alter', 'drop', 'remove', 'rename', 'change', 'modify']);
/** One-word schema objects, and the first words of two-word ones. */
const OBJECTS = new Set(['column', 'columns', 'index', 'indexes', 'indices', 'table', 'tables', 'constraint', 'constraints', 'fk', 'fks']);
const TWO_WORD = new Map([['primary', new Set(['key'])], ['foreign', new Set(['key', 'keys'])], ['unique', new Set(['index', 'constraint', 'key'])]]);
/** Words a helper's name may end with after its object (`…IfNotExists`, `…NoDefault`, `…Type`). */
const TAILS = new Set(['if', 'not', 'exists', 'exist', 'no', 'default', 'defaults', 'type', 'nullable', 'null', 'safe', 'safely', 'concurrently', 'online']);
/** Words before the verb that make the call a question, a builder or a test, not an operation. */
const NOT_AN_OPERATION = new Set(['get', 'has', 'is', 'does', 'should', 'can', 'check', 'validate', 'gen', 'generate', 'build', 'render', 'print', 'format', 'to', 'parse', 'test', 'mock', 'fake', 'handle', 'on', 'new', 'make', 'emit', 'visit', 'sql', 'ddl', 'stmt', 'statement', 'query', 'diff', 'ui', 'view', 'show', 'allow', 'deny', 'permission']);

/** A cheap test of one added line before the lexer runs (the engine's prefilter). */
export const SCHEMA_CALL_HINT = /(?:create|add|alter|drop|remove|rename|change|modify)_?(?:column|index|table|primary_?key|foreign_?key|constraint|fk|unique_?(?:index|constraint|key))/i;

/** Whether `name` names a schema operation: `CreateColumnIfNotExists`, `bz_add_column`, `AlterPrimaryKey`, `dropIndex`. */
export function isSchemaOperationName(name: string): boolean {
  if (name.length > 60) return false;
  const w = identWords(name);
  for (let i = 0; i < w.length - 1 && i <= 2; i++) {
    if (!VERBS.has(w[i])) continue;
    if (w.slice(0, i).some((p) => NOT_AN_OPERATION.has(p))) return false;
    let end = i + 1;
    if (OBJECTS.has(w[end])) end++;
    else if (TWO_WORD.get(w[end])?.has(w[end + 1] ?? '')) end += 2;
    else return false;
    return w.slice(end).every((t) => TAILS.has(t));
  }
  return false;
}

/** Languages whose code is read here (not SQL, YAML or shell: their own readers see them). */
function codeLanguage(path: string): Language | null {
  const l = languageOfPath(path);
  return l && l !== 'sql' && l !== 'yaml' && l !== 'shell' ? l : null;
}

/**
 * A numbered step of a project's own upgrade code, by its declared name: `upgrade_1844` (PostfixAdmin's
 * upgrade.php runs every `upgrade_N` not yet applied), `upgrade_318_mysql`, `upgradeDatabaseToVersion516`
 * (Mattermost's store), `migrateFrom12` (ntfy), `migrationSpecialUp24` (Authelia), `migrate_v0_12`. The
 * name starts with the verb, ends with the step's number (a database's name may follow), and every word
 * between says which step (`upgradeToHttp2`, `upgrade_to_eip4844` are no steps of a schema).
 */
const STEP_VERBS = new Set(['upgrade', 'migrate', 'migration']);
const STEP_WORDS = new Set(['database', 'db', 'schema', 'to', 'version', 'from', 'v', 'step', 'special', 'up', 'data']);
const DIALECTS = new Set(['mysql', 'pgsql', 'postgres', 'postgresql', 'sqlite', 'mssql', 'oracle', 'db2']);

export function isUpgradeStepName(name: string): boolean {
  if (name.length > 60) return false;
  const parts: string[] = [];
  for (const w of identWords(name)) for (const m of w.match(/[a-z]+|\d+/g) ?? []) parts.push(m);
  if (parts.length < 2 || !STEP_VERBS.has(parts[0])) return false;
  let end = parts.length;
  while (end > 1 && DIALECTS.has(parts[end - 1])) end--;
  if (!/^\d+$/.test(parts[end - 1] ?? '')) return false;
  // the step's number, maybe dotted (`v0_12`); the words before it say which step
  let i = end - 1;
  while (i > 1 && /^\d+$/.test(parts[i - 1])) i--;
  // A one-digit number alone is a format's or an API's version (`MigrateToV2`), not a step of a
  // schema's history, unless a database's name says which script it is (`upgrade_4_pgsql`).
  if (parts.slice(i, end).join('').length < 2 && end === parts.length) return false;
  return parts.slice(1, i).every((w) => STEP_WORDS.has(w));
}

/**
 * A named step of a project's own migration code, by its declared name (session 17, issue 11): a verb that converts
 * stored data, then what it converts — tuwunel's `upgrade_legacy_mediaid_user` and `backfill_server_name` in
 * `src/service/migrations.rs` (RocksDB column families, run once on boot under a marker key), asynq's
 * `migrateList` in `tools/asynq/cmd/migrate.go` (Redis keys, run by `asynq migrate`), Mattermost's
 * `DoSystemConsoleRolesCreationMigration`-style steps named by purpose, not number. A bare verb (`migrate`,
 * `upgrade`) is the runner, not a step; a leading `do`/`db`/`run` is allowed (`do_migrate_media`, `db_upgrade_x`).
 * Read only in migration code (inMigrationCode) that works on a database or a store, and only when the new file
 * also calls it (the runner's list names it): a helper nobody calls is no step.
 */
const NAMED_STEP_VERBS = new Set(['migrate', 'upgrade', 'backfill', 'convert', 'fix', 'repair', 'rebuild', 'populate', 'split', 'rename', 'reindex', 'transform', 'normalize', 'rewrite', 'recompute', 'deduplicate', 'dedupe', 'import', 'partition']);
const NAMED_STEP_LEAD = new Set(['do', 'db', 'run']);
const NOT_A_STEP_WORD = new Set(['test', 'tests', 'mock', 'fake', 'bench', 'example']);
/** A cheap test of an identifier before its words are split: it may start with a step's verb (after a lead word). */
const NAMED_STEP_START = /^_*(?:(?:do|db|run)_?)?(?:migrat|upgrad|backfill|convert|fix|repair|rebuild|populat|split|renam|reindex|transform|normaliz|rewrit|recompute|dedup|import|partition)/i;

export function isNamedStepName(name: string): boolean {
  if (name.length > 60 || !NAMED_STEP_START.test(name)) return false;
  const w = identWords(name);
  const at = NAMED_STEP_LEAD.has(w[0]) ? 1 : 0;
  if (!NAMED_STEP_VERBS.has(w[at] ?? '') || w.length < at + 2) return false;
  return !w.some((x) => NOT_A_STEP_WORD.has(x));
}

/**
 * What says the code of a file works on a database (review13 F8): a step's name alone is no evidence in a
 * browser store's `migrateFrom12(state)`. An identifier with a database's word (`db_query`, `_db_add_field`,
 * `sqlStore`, `$dbh`, `PDO`, `sqlite3`), or a string that reads as a SQL statement.
 */
const DB_WORDS = new Set(['db', 'dbh', 'dbal', 'sql', 'database', 'databases', 'pdo', 'mysqli', 'sqlx', 'gorm', 'knex', 'sequelize', 'adodb', ...DIALECTS, 'sqlite3']);
const SQL_STATEMENT = /\b(?:SELECT\s+(?:\*|DISTINCT\b|COUNT\s*\()|INSERT\s+INTO|UPDATE\s+[\w.`"[\]]+\s+SET|DELETE\s+FROM|(?:CREATE|ALTER|DROP)\s+(?:TABLE|INDEX|UNIQUE\s+INDEX|VIEW|SEQUENCE))\b/i;

function isDatabaseIdent(id: string): boolean {
  if (id.length >= 200) return false;
  for (const w of identWords(id)) if (DB_WORDS.has(w) || DB_WORDS.has(w.replace(/\d+$/, ''))) return true;
  return false;
}

/** A named step declared in migration code, and whether its name, parameters or body touch the stored data. */
interface NamedStep { name: string; line: number; touches: boolean }
interface OpenStep { step: NamedStep; depth: number; indent: number; entered: boolean }
const MAX_OPEN_STEPS = 8;
/** Languages whose bodies end by indentation (a `def` … the next line no deeper), not by a brace. */
const INDENTED = new Set<Language>(['python', 'ruby', 'elixir']);

/**
 * Words that say a named step's own code works on stored data (review17 F7): a database's (isDatabaseIdent), or a
 * store's — a key-value or document store by name, or a `store`/`kvStore`/`entityStore` handle (lakeFS'
 * `migrateToACL(ctx, kvStore kv.Store, …)`, Marathon's `store.create(newName, bytes)`). Not `kv` alone (Go's
 * `for _, kv := range os.Environ()`) nor `collection(s)` (Python's `import collections`, Java's `Collections`):
 * words of every standard library, which a self-updater or a CLI helper in an `upgrade` module holds as well.
 */
const STEP_STORE_WORDS = new Set(['zk', 'zookeeper', 'mongo', 'mongodb', 'mongoose', 'bolt', 'boltdb', 'badger', 'leveldb', 'rocksdb', 'redis', 'etcd', 'dba', 'store', 'stores']);

function touchesStoredData(id: string): boolean {
  if (isDatabaseIdent(id)) return true;
  for (const w of identWords(id)) if (STEP_STORE_WORDS.has(w)) return true;
  return false;
}

const MIGRATION_IDENT = /migrat|upgrad/i;
const MAX_CALL_TOKENS = 80;

interface SchemaCall { name: string; table: string; line: number; key: string }

/**
 * A named data migration the code declares or registers with the project's own migration runner, which runs
 * each name once (session 16, issue 11): a class named for a migration that extends a migration base
 * (beets' `class RemoveInheritedArtpathMigration(Migration):` in `beets/library/migrations.py`, a PHP
 * `class UsersMigration extends Migration`), or a call that adds a migration under a literal name to a
 * migration registry (ApostropheCMS's `self.apos.migration.add('deduplicate-widget-ids', …)`, an
 * `addMigration("name", …)`). Read by the same scan as the schema calls: bounded state, one pass.
 */
interface NamedMigration { name: string; line: number; viaClass?: true }

/** A path segment's word that names migration code: a folder or module named for migrations (`migrations/`, `Migration/`, `db/migrate/`, `migrations.py`, `upgrades/`). */
const MIGRATION_PATH_WORD = /^(?:migrations?|migrate|migrator|upgrades?)$/;

/**
 * Whether a file lies in the project's migration code by its path (beets' `beets/library/migrations.py`,
 * Open XDMoD's `classes/OpenXdmod/Migration/Version700To701/`, Laravel's `database/migrations/`): a class named
 * for a migration elsewhere is a domain class as often (a VM's `LiveMigration(Migration)`, a mailbox import), which
 * no migration runner runs (review16 F4).
 */
export function inMigrationCode(path: string): boolean {
  const segs = path.split('/');
  segs[segs.length - 1] = segs[segs.length - 1].replace(/\.[^.]*$/, '');
  return segs.some((seg) => seg.length <= 80 && seg.split(/[-.\s]/).some((part) => identWords(part).some((w) => MIGRATION_PATH_WORD.test(w))));
}

/** Whether an identifier's last word is `migration` (`Migration`, `BaseMigration`, `DataMigration`, `ADD_MIGRATION` no: a verb first). */
function endsInMigration(id: string): boolean {
  if (id.length > 80) return false;
  const w = identWords(id);
  return w.length > 0 && w[w.length - 1] === 'migration';
}

/** A registry's method that adds a named migration: `<…>.migration.add(`, `migrations.register(`; or `addMigration(`, `registerMigration(`. */
const REGISTER_METHODS = new Set(['add', 'register']);
function isRegisterMigrationName(id: string): boolean {
  if (id.length > 40) return false;
  const w = identWords(id);
  return w.length === 2 && REGISTER_METHODS.has(w[0]) && w[1] === 'migration';
}

/** The schema operation calls of `text`, the numbered upgrade steps and named migrations it declares, and whether its code names a migration or an upgrade. */
function schemaCalls(language: Language, text: string): { calls: SchemaCall[]; steps: { name: string; line: number }[]; named: NamedMigration[]; namedSteps: NamedStep[]; called: Set<string>; migrates: boolean; database: boolean } {
  const calls: SchemaCall[] = [];
  const steps: { name: string; line: number }[] = [];
  // named steps declared (isNamedStepName) and the step-like names the code calls
  const namedSteps: NamedStep[] = [];
  const called = new Set<string>();
  // The named steps whose declaration is being read (a nested one inside its runner's body too), innermost last:
  // what each one's name, parameters and body touch (review17 F7).
  const open: OpenStep[] = [];
  const byIndent = INDENTED.has(language);
  // brace depth (C-like: a body's end), or bracket depth (indented languages: a signature across lines)
  let depth = 0;
  let lastLine = 0;
  let lineIndent = 0;
  const named: NamedMigration[] = [];
  let migrates = false;
  let database = false;
  // A call being read: its name, line, the tokens from its `(` on, and the depth of parentheses.
  let cur: { name: string; line: number; parts: string[]; depth: number; table: string | null } | null = null;
  let prev: { kind: string; text: string; line: number } | null = null;
  // the token before `prev` (`migration` in `migration.add`)
  let prev2: { kind: string; text: string } | null = null;
  let pending: { name: string; line: number } | null = null;
  // A class named for a migration: its head's next tokens (at most 8) are read for a migration base.
  let classHead: { name: string; line: number; left: number } | null = null;
  // A migration class just found: its body is read up to its first token; an empty one (`{ }`, `: pass`) adds no step of its own
  // (Open XDMoD's `class DatabasesMigration extends \…\Version660To700\DatabasesMigration {}` for a release with no schema change).
  let classBody: { at: number; open: boolean; left: number } | null = null;
  // A registry call being read: 'open' waits for `(`, 'arg' for its first argument (a literal name).
  // A template literal's pieces as the name (`${self.__meta.name}:clean-naughty-link-href` → `…:clean-naughty-link-href`), read for at most 16 tokens.
  let register: { line: number; state: 'open' | 'arg' | 'template'; name?: string; left?: number } | null = null;
  scan(language, text, (tok) => {
    if (tok.kind === 'comment') return;
    if (byIndent && tok.line !== lastLine) {
      // the first token of a line: its column is the line's indentation
      lineIndent = tok.start - text.lastIndexOf('\n', tok.start - 1) - 1;
      // An indented language's step ends at the first line, outside brackets, indented no deeper than its `def`.
      while (open.length && depth <= open[open.length - 1].depth && lineIndent <= open[open.length - 1].indent) open.pop();
    }
    if (open.length) {
      // A C-like one ends where another function is declared at its level before its body opened (a body-less
      // declaration, an expression body), or below.
      if (!byIndent && tok.kind === 'ident' && prev?.kind === 'ident' && /^(?:func|def|defp|sub|function|fn|fun)$/.test(prev.text)) {
        while (open.length && !open[open.length - 1].entered && depth <= open[open.length - 1].depth) open.pop();
      }
      if (open.length && (tok.kind === 'ident' ? tok.text.length < 200 && touchesStoredData(tok.text) : tok.kind === 'string' && tok.value.length < 4000 && SQL_STATEMENT.test(tok.value))) {
        for (const o of open) o.step.touches = true;
      }
    }
    if (tok.line !== lastLine) lastLine = tok.line;
    if (tok.kind === 'punct') {
      if (byIndent ? tok.text === '(' || tok.text === '[' || tok.text === '{' : tok.text === '{') {
        depth++;
        if (!byIndent) for (const o of open) if (depth > o.depth) o.entered = true;
      } else if (byIndent ? tok.text === ')' || tok.text === ']' || tok.text === '}' : tok.text === '}') {
        depth = Math.max(0, depth - 1);
        if (!byIndent) while (open.length && depth <= open[open.length - 1].depth && (open[open.length - 1].entered || depth < open[open.length - 1].depth)) open.pop();
      }
    }
    if (classBody) {
      if (classBody.open) {
        if ((tok.kind === 'punct' && tok.text === '}') || (tok.kind === 'ident' && tok.text === 'pass') || (tok.kind === 'punct' && tok.text === '.' && language === 'python')) {
          if (named.length - 1 === classBody.at) named.pop();
        }
        classBody = null;
      } else if (tok.kind === 'punct' && (tok.text === '{' || (tok.text === ':' && language === 'python'))) classBody.open = true;
      else if (--classBody.left <= 0) classBody = null;
    }
    if (classHead) {
      if (tok.kind === 'ident' && endsInMigration(tok.text) && named.length < 1000) {
        named.push({ name: classHead.name, line: classHead.line, viaClass: true });
        classBody = { at: named.length - 1, open: false, left: 16 };
        classHead = null;
      } else if (--classHead.left <= 0 || (tok.kind === 'punct' && (tok.text === '{' || (tok.text === ':' && language === 'python')))) classHead = null;
    }
    if (register) {
      if (register.state === 'open') register = tok.kind === 'punct' && tok.text === '(' ? { line: register.line, state: 'arg' } : null;
      else if (register.state === 'arg') {
        if (tok.kind === 'string' && tok.template === 'head') register = { line: register.line, state: 'template', name: tok.value || '…', left: 16 };
        else {
          if (tok.kind === 'string' && !tok.template && tok.value.length > 0 && tok.value.length <= 120 && named.length < 1000) named.push({ name: tok.value, line: register.line });
          register = null;
        }
      } else if (tok.kind === 'string' && (tok.template === 'middle' || tok.template === 'tail')) {
        register.name = `${register.name}${register.name!.endsWith('…') ? '' : '…'}${tok.value}`;
        if (tok.template === 'tail') {
          if (register.name.length <= 120 && register.name !== '…' && named.length < 1000) named.push({ name: register.name, line: register.line });
          register = null;
        }
      } else if (--register.left! <= 0) register = null;
    }
    if (tok.kind === 'ident' && prev?.kind === 'ident' && prev.text === 'class' && endsInMigration(tok.text)) classHead = { name: tok.text, line: tok.line, left: 8 };
    if (tok.kind === 'ident' && !(prev?.kind === 'ident' && /^(?:func|def|sub|function|fn|fun)$/.test(prev.text))) {
      const viaRegistry = REGISTER_METHODS.has(tok.text) && prev?.kind === 'punct' && prev.text === '.' && prev2?.kind === 'ident' && /^migrations?$/i.test(prev2.text);
      if (viaRegistry || isRegisterMigrationName(tok.text)) register = { line: tok.line, state: 'open' };
    }
    if (tok.kind === 'ident' && !migrates && tok.text.length < 200 && MIGRATION_IDENT.test(tok.text)) migrates = true;
    if (!database && (tok.kind === 'ident' ? isDatabaseIdent(tok.text) : tok.kind === 'string' && tok.value.length < 4000 && SQL_STATEMENT.test(tok.value))) database = true;
    if (tok.kind === 'ident' && tok.text.length < 200 && isNamedStepName(tok.text)) {
      if (prev?.kind === 'ident' && /^(?:func|def|defp|sub|function|fn|fun)$/.test(prev.text)) {
        if (namedSteps.length < 1000) {
          // its own name may say it (`db_upgrade_015_016`); its parameters and body are read until it ends
          const step: NamedStep = { name: tok.text, line: tok.line, touches: touchesStoredData(tok.text) };
          namedSteps.push(step);
          if (open.length >= MAX_OPEN_STEPS) open.shift();
          open.push({ step, depth, indent: lineIndent, entered: false });
        }
      } else if (called.size < 1000) called.add(tok.text);
    }
    if (cur) {
      if (cur.parts.length === 1 && cur.table === null) {
        // the first argument must be a literal: the table or index the operation changes
        if (tok.kind !== 'string' || tok.template) cur = null;
        else cur.table = tok.value;
      }
      if (cur) {
        cur.parts.push(tok.kind === 'string' ? JSON.stringify(tok.value) : tok.text);
        if (tok.kind === 'punct' && tok.text === '(') cur.depth++;
        else if (tok.kind === 'punct' && tok.text === ')') cur.depth--;
        if (cur.depth === 0 || cur.parts.length >= MAX_CALL_TOKENS) {
          calls.push({ name: cur.name, table: cur.table ?? '', line: cur.line, key: `${cur.name}\u0001${cur.parts.join('\u0001')}` });
          cur = null;
        }
      }
      prev2 = prev;
      prev = tok;
      return;
    }
    if (pending && tok.kind === 'punct' && tok.text === '(') {
      cur = { name: pending.name, line: pending.line, parts: ['('], depth: 1, table: null };
      pending = null;
      prev2 = prev;
      prev = tok;
      return;
    }
    pending = null;
    // `func (s *Store) CreateColumnIfNotExists(`, `sub bz_add_column`, `def add_column(`: a declaration, not a call.
    const declared = prev !== null && prev.kind === 'ident' && /^(?:func|def|sub|function|fn|fun)$/.test(prev.text);
    if (tok.kind === 'ident' && !declared && isSchemaOperationName(tok.text)) pending = { name: tok.text, line: tok.line };
    if (tok.kind === 'ident' && declared && steps.length < 1000 && isUpgradeStepName(tok.text)) steps.push({ name: tok.text, line: tok.line });
    prev2 = prev;
    prev = tok;
  });
  return { calls, steps, named, namedSteps, called, migrates, database };
}

/**
 * `schema-change` findings for the schema operation calls the change adds to upgrade code
 * (see the module comment). `changed(line)` tells the new file's added lines.
 */
export function schemaCallFindings(path: string, oldText: string | null, newText: string | null, changed: (line: number) => boolean): Finding[] {
  const language = codeLanguage(path);
  if (!language || newText == null) return [];
  const now = schemaCalls(language, newText);
  if (!now.migrates) return [];
  const fresh = now.calls.filter((c) => changed(c.line));
  const freshSteps = now.steps.filter((st) => changed(st.line));
  const freshNamedSteps = now.namedSteps.filter((st) => changed(st.line) && now.called.has(st.name));
  if (!fresh.length && !freshSteps.length && !now.named.some((m) => changed(m.line)) && !freshNamedSteps.length) return [];
  const old = oldText ? schemaCalls(language, oldText) : null;
  const before = new Set(old?.calls.map((c) => c.key));
  const out: Finding[] = [];
  for (const c of fresh) {
    if (before.has(c.key)) continue;
    out.push({ kind: 'schema-change', message: `schema operation ${c.name} on ${c.table}`, line: c.line, severity: 'warning' });
  }
  // A numbered upgrade step declared anew (not one the old file declared, moved or reformatted), where
  // no operation it calls was read: the step is then the evidence, in code that works on a database
  // (not a browser store's `migrateFrom12(state)`, a config file's `migrate_from_12(cfg)`).
  if (out.length) return out;
  if (!now.database) return namedStepFindings(path, now, old, freshNamedSteps);
  const stepsBefore = new Set(old?.steps.map((st) => st.name));
  for (const st of freshSteps) {
    if (stepsBefore.has(st.name)) continue;
    out.push({ kind: 'schema-change', message: `adds the upgrade step ${st.name}: the project's upgrade code runs it on the stored data when this version is installed`, line: st.line, severity: 'warning' });
  }
  if (out.length) return out;
  // A named data migration declared or registered anew (not one the old file had, moved or reformatted), in
  // code that works on a database: the project's migration runner runs it once on the stored data.
  // A class is taken for one only in the project's migration code (its path); a registry call names its runner.
  const namedBefore = new Set(old?.named.map((m) => m.name));
  const seen = new Set<string>();
  const classesCount = inMigrationCode(path);
  for (const m of now.named) {
    if (!changed(m.line) || namedBefore.has(m.name) || seen.has(m.name) || (m.viaClass && !classesCount)) continue;
    seen.add(m.name);
    out.push({ kind: 'schema-change', message: `adds the data migration ${m.name}: the project's migration code runs it once on the stored data when this version starts or migrates`, line: m.line, severity: 'warning' });
  }
  return out.length ? out : namedStepFindings(path, now, old, freshNamedSteps);
}

/**
 * A named step (isNamedStepName) declared anew in the project's migration code (its path: `migrations.rs`,
 * `cmd/migrate.go`, `DatabaseMigrator.java`), called there, whose own code touches the stored data — its name,
 * parameters or body name a database or a store, or hold a SQL statement (review17 F7: a DB word elsewhere in the
 * file is no evidence: a runner's `splitStatements(script)` that cuts SQL text, a self-updater's `upgradeBinary(url)`,
 * a CLI's `upgrade_plugins(names)` in `commands/upgrade.py`): the migration code runs it on the stored data.
 * Not one the old file declared (moved, reformatted).
 */
function namedStepFindings(path: string, now: ReturnType<typeof schemaCalls>, old: ReturnType<typeof schemaCalls> | null, fresh: NamedStep[]): Finding[] {
  if (!fresh.length || !inMigrationCode(path)) return [];
  const before = new Set(old?.namedSteps.map((st) => st.name));
  const out: Finding[] = [];
  for (const st of fresh) {
    if (!st.touches || before.has(st.name) || out.some((f) => f.subject === st.name)) continue;
    out.push({ kind: 'schema-change', subject: st.name, message: `adds the migration step ${st.name}: the project's migration code runs it on the stored data when this version starts or migrates`, line: st.line, severity: 'warning' });
  }
  return out;
}

/** A cheap test of one added line for a numbered upgrade step's declaration (`function upgrade_1844()`). */
const UPGRADE_STEP_HINT = /\b(?:func|function|def|sub|fn|fun)[ \t]+&?(_?(?:upgrade|migrat)\w{0,60})/i;

function declaresUpgradeStep(line: string): boolean {
  const m = UPGRADE_STEP_HINT.exec(line);
  return m !== null && isUpgradeStepName(m[1]);
}

/** A cheap test of one added line for a named migration declared or registered (NamedMigration). */
const NAMED_MIGRATION_HINT = /\bclass[ \t]{1,8}\w{0,80}Migration\b|\bmigrations?[ \t]{0,4}\.[ \t]{0,4}(?:add|register)[ \t]{0,4}\(|\b(?:add|register)_?Migration[ \t]{0,4}\(/i;

/** The engine's prefilter: whether an added line of a code file may call a schema operation, declare an upgrade step or add a named migration. */
export function mayAddSchemaCall(path: string, added: readonly string[]): boolean {
  if (!codeLanguage(path)) return false;
  const migrationCode = inMigrationCode(path);
  for (const l of added) if (l.length < 2000 && (SCHEMA_CALL_HINT.test(l) || declaresUpgradeStep(l) || NAMED_MIGRATION_HINT.test(l) || (migrationCode && declaresNamedStep(l)))) return true;
  return false;
}

/** A cheap test of one added line for a named step's declaration (`async fn upgrade_legacy_mediaid_user(`, `func migrateList(`). */
const NAMED_STEP_HINT = /\b(?:func|function|def|defp|sub|fn|fun)[ \t]+&?(\w{1,80})/;

function declaresNamedStep(line: string): boolean {
  const m = NAMED_STEP_HINT.exec(line);
  return m !== null && isNamedStepName(m[1]);
}

/** A code module named for migrating or upgrading data: `migrate.rs`, `migration.go`, `migrator.py`, `Upgrade.cs`. */
const MIGRATION_MODULE = /^(?:migrate|migration|migrations|migrator|upgrade|upgrades)\.[a-z]+$/i;
/**
 * A word of a data layer's folder name: it starts with a data word (`models`, `database`, `dbutil`,
 * `persistence`) or is a compound ending in one (`sqldb`, `channeldb`, `sqlstore`, `datastore`) —
 * a word's start or end, never its middle (`feedback`, `sandbox`) nor `metadata`'s end.
 */
const DATA_WORD = /^(?:model|db|store|storage|data|persist)|(?:db|dbs|store|stores|storage)$/;
/** Words that start or end like a data word and are none (`restore` is no store, D-Bus no database). */
const NOT_DATA_WORD = new Set(['restore', 'restores', 'dbus']);

/** Whether a folder name is the data layer's (`model`, `channeldb`, `core/storage`, `DatabaseTool`, `sql-store`). */
function isDataFolder(seg: string): boolean {
  return seg.split(/[-.\s]/).some((part) => identWords(part).some((w) => DATA_WORD.test(w) && !NOT_DATA_WORD.has(w)));
}

/** A folder named for the migrations it holds (`storage/migration/`, `Update/Migration/V7/`, `app/migrations/`). */
const MIGRATION_FOLDER = /^(?:migrations?|migrate|upgrades?)$/i;

/**
 * Where an added file may be a migration module of the data layer (path only; the gate's question): its
 * name says it migrates or upgrades, it is code, and a folder above it holds the data (models, a store, a
 * database) — 'data'. A `config/migrate.go` or a `cmd/upgrade.go` is not.
 * A module named for one numbered step of the upgrade (isUpgradeStepName: Marathon's
 * `storage/migration/MigrationTo152.scala`, Ampache's `Update/Migration/V7/Migration750001.php`, Penpot's
 * `app/migrations/migration_0023.clj`) is one too under a data folder ('data'), or in a folder named for
 * migrations ('steps'): there the path is no evidence by itself (isDataMigrationModule reads the code).
 */
export function dataMigrationModulePlace(path: string): 'data' | 'steps' | null {
  const slash = path.lastIndexOf('/');
  if (slash < 0) return null;
  const base = path.slice(slash + 1);
  const named = MIGRATION_MODULE.test(base);
  const dot = base.lastIndexOf('.');
  const step = !named && dot > 0 && isUpgradeStepName(base.slice(0, dot));
  const language = named || step ? codeLanguage(path) : null;
  if (!language) return null;
  const segs = path.slice(0, slash).split('/');
  // A browser's state store migrates its own saved state (redux-persist's `store/migrations.ts`): no database.
  if (language === 'js' && segs.some((seg) => FRONT_END.has(seg.toLowerCase()))) return null;
  if (segs.some(isDataFolder)) return 'data';
  return step && segs.some((seg) => MIGRATION_FOLDER.test(seg)) ? 'steps' : null;
}

/**
 * A store's words (review14 F3): a step's code that migrates a key-value or document store names it
 * (`zk`, `zookeeper`, `mongo`, `kv`, `bolt`, `badger`, a `collection`) where a SQL one names its database.
 */
const STORE_WORDS = new Set(['zk', 'zookeeper', 'mongo', 'mongodb', 'mongoose', 'kv', 'bolt', 'boltdb', 'badger', 'leveldb', 'rocksdb', 'redis', 'etcd', 'collection', 'collections', 'dba']);

/**
 * Whether the added file `path` (its head text `text`) is a migration module of the data layer: under a data
 * folder by its name alone; a numbered step in a folder of migrations only when its code works on a
 * database or a store (review13 F8: a step's name alone is no evidence — a CLI's
 * `settings/upgrades/upgradeTo12.ts` converts a settings object, no stored data).
 */
export function isDataMigrationModule(path: string, text: string | null): boolean {
  const place = dataMigrationModulePlace(path);
  if (place !== 'steps') return place === 'data';
  const language = codeLanguage(path);
  if (!language || text === null || text.length > 400_000) return false;
  if (schemaCalls(language, text).database) return true;
  let store = false;
  scan(language, text, (tok) => {
    if (!store && tok.kind === 'ident' && tok.text.length < 200) for (const w of identWords(tok.text)) if (STORE_WORDS.has(w)) store = true;
  });
  return store;
}

const FRONT_END = new Set(['web', 'webapp', 'frontend', 'front-end', 'ui', 'client', 'www', 'store', 'stores', 'redux', 'vuex', 'pinia']);
