import { globTester } from '../matcher';
import type { Rule } from '../rule';
import { CI_FOLDERS, CONFIG_STEPS, DEV_ONLY, DOCS, MIGRATION_BEFORE, MIGRATION_VERIFY, NOT_DEPLOYED } from './common';
import { memoByPath } from '../../util/memoByPath';

/**
 * Rules of the generic layer (issue 11): evidence found in the content, or learned by the
 * repository profile, for files no framework rule matches. The engine applies them itself
 * (they are not walked by the matcher: a `.sql` file is a migration only when its added
 * lines hold DDL), after the packs; `.handoff/config.yaml` can override them by id like
 * any built-in rule.
 */

const GENERIC_MIGRATION_STEPS = [
  ...MIGRATION_BEFORE,
  { phase: 'Deploy' as const, text: 'Apply the schema change of `{path}` the way this project applies its schema (its migration command, or the new version at start-up)', role: 'implementation' },
  MIGRATION_VERIFY,
  { phase: 'Rollback' as const, text: 'Write down how to undo the schema change of `{path}` (or restore the backup)', role: 'dba' },
];

export const GENERIC_RULES: Rule[] = [
  {
    id: 'generic.sql-schema',
    category: 'migration',
    title: 'SQL schema change',
    paths: ['**/*.{sql,pgsql,psql,ddl,cql}', '**/*.sql.*'],
    severity: 'warning',
    requiresNote: true,
    analyzers: ['ddl'],
    checklist: GENERIC_MIGRATION_STEPS,
    priority: 90,
  },
  {
    id: 'generic.code-ddl',
    category: 'migration',
    title: 'Schema change in code',
    // code files, and resource files of SQL statements keyed by name (`journal-sql.properties`)
    paths: ['**/*.{go,java,kt,kts,scala,groovy,cs,rs,js,jsx,mjs,cjs,ts,tsx,mts,cts,py,rb,php,ex,exs,lua,properties}'],
    severity: 'warning',
    requiresNote: true,
    analyzers: ['ddl'],
    checklist: GENERIC_MIGRATION_STEPS,
    priority: 90,
  },
  {
    id: 'generic.orm-migration',
    category: 'migration',
    title: 'Schema operations',
    paths: ['**/*.{js,mjs,cjs,ts,mts,cts,py,rb,php,ex,exs,cs}'],
    severity: 'warning',
    requiresNote: true,
    analyzers: ['migration-dsl'],
    checklist: GENERIC_MIGRATION_STEPS,
    priority: 90,
  },
  {
    // Schema operations the project's own upgrade code calls by name, a data migration module added
    // (analyzers/schemaCalls.ts); the engine reads them.
    id: 'generic.schema-call',
    category: 'migration',
    title: 'Schema migration code',
    paths: ['**/*'],
    severity: 'warning',
    requiresNote: true,
    checklist: GENERIC_MIGRATION_STEPS,
    priority: 90,
  },
  {
    id: 'generic.schema-history',
    category: 'migration',
    title: 'Schema history file',
    paths: ['**/*'],
    severity: 'warning',
    requiresNote: true,
    analyzers: ['ddl'],
    checklist: GENERIC_MIGRATION_STEPS,
    priority: 90,
  },
  {
    id: 'generic.operator-template',
    category: 'config',
    title: 'Operator config template',
    paths: ['**/*'],
    severity: 'warning',
    requiresNote: 'findings',
    // The engine reads the keys itself (analyzers/template.ts): any format operators copy.
    checklist: [
      { phase: 'Before deploy', text: 'Merge the changed keys of `{path}` into every deployed copy of it', role: 'ops' },
      ...CONFIG_STEPS.slice(1),
    ],
    priority: 90,
  },
  {
    id: 'generic.schema-autosync',
    category: 'migration',
    title: 'Model change (schema synced at start-up)',
    paths: ['**/*'],
    severity: 'warning',
    requiresNote: true,
    checklist: GENERIC_MIGRATION_STEPS,
    priority: 90,
  },
  {
    id: 'generic.config-reader',
    category: 'config',
    title: 'Config reader changed',
    paths: ['**/*'],
    severity: 'warning',
    requiresNote: 'findings',
    // The engine reads the keys itself (analyzers/configReader.ts), in modules the profile learned.
    checklist: [
      { phase: 'Before deploy', text: 'Update every deployed config for the settings `{path}` no longer reads, now refuses or now requires', role: 'ops' },
      ...CONFIG_STEPS.slice(1),
    ],
    priority: 90,
  },
  {
    id: 'generic.setting-refusal',
    category: 'config',
    title: 'Setting now required or refused',
    paths: ['**/*'],
    severity: 'warning',
    requiresNote: 'findings',
    // The engine reads the stops code adds whose message names a setting itself (analyzers/configRefusals.ts).
    checklist: [
      { phase: 'Before deploy', text: 'Set the settings `{path}` now requires, and remove those it now refuses, in every deployment', role: 'ops' },
      ...CONFIG_STEPS.slice(1),
    ],
    priority: 90,
  },
  {
    id: 'generic.setting-default',
    category: 'config',
    title: 'Setting default changed',
    paths: ['**/*'],
    severity: 'warning',
    requiresNote: 'findings',
    // The engine reads the defaults a settings module changes in place itself (analyzers/settingDefaults.ts).
    checklist: [
      { phase: 'Before deploy', text: 'Check which deployments rely on the defaults `{path}` changes; set the old value explicitly where the old behaviour is needed', role: 'ops' },
      ...CONFIG_STEPS.slice(1),
    ],
    priority: 90,
  },
  {
    id: 'generic.setting-removed',
    category: 'config',
    title: 'Setting no longer declared',
    paths: ['**/*'],
    severity: 'warning',
    requiresNote: 'findings',
    // The engine reads the setting names of settings modules itself (analyzers/settingNames.ts) and checks head for the name.
    checklist: [
      { phase: 'Before deploy', text: 'Remove or rename the settings `{path}` no longer declares in every deployment (config files, command lines, environment)', role: 'ops' },
      ...CONFIG_STEPS.slice(1),
    ],
    priority: 90,
  },
  {
    id: 'generic.cli-option',
    category: 'config',
    title: 'Command-line option removed',
    paths: ['**/*'],
    severity: 'warning',
    requiresNote: 'findings',
    // The engine reads the option declarations itself (analyzers/cliOptions.ts) and checks head for the name.
    checklist: [
      { phase: 'Before deploy', text: 'Remove or replace the command-line options `{path}` no longer accepts in every deployment (command lines, service units, compose files, the options\' config file)', role: 'ops' },
      ...CONFIG_STEPS.slice(1),
    ],
    priority: 90,
  },
];

export function genericRule(id: string): Rule {
  const r = GENERIC_RULES.find((x) => x.id === id);
  if (!r) throw new Error(`no generic rule ${id}`);
  return r;
}

/**
 * Paths the generic layer never reads as deployment impact: docs, examples, CI, dev-only
 * files (tests and fixtures are already ignored by the engine), plus test-ish names the
 * built-in ignores miss.
 */
export const GENERIC_EXCLUDE = [
  ...NOT_DEPLOYED,
  ...DOCS,
  ...CI_FOLDERS,
  ...DEV_ONLY,
  '**/{testutil,testutils,testhelpers,test_helpers,testing,mock,mocks,stubs,seeds,seed,seeders,fixture,__fixtures__}/**',
  '**/*{_test,Test,Tests,.test,.spec,_spec}.*',
  '**/{seed,seeds,sample_data,demo_data,dev_data}.sql',
  '**/scripts/{dev,local,test}*/**',
];

/** Tried for most changed files no pack rule matched: each glob behind a string search (matcher.ts). */
const excluded = globTester(GENERIC_EXCLUDE);

/** True when the generic layer does not read `path` (docs, examples, tests, dev-only files); kept by path: the engine asks for one changed file up to four times. */
export const genericExcluded: (path: string) => boolean = memoByPath(excluded);

/**
 * ORM schema operations on one line (outside the framework folders the packs know):
 * Alembic, Django, Rails, Laravel, Knex, Sequelize, TypeORM, EF Core, Ecto, peewee's playhouse
 * migrator (`migrator.add_column(…)`), GORM's Migrator
 * (`tx.Migrator().DropTable(…)`; its `HasTable`/`HasColumn` checks are not operations).
 */
export const ORM_SCHEMA_OP =
  /\bop\.(?:add_column|drop_column|alter_column|create_table|drop_table|rename_table|create_index|drop_index|create_foreign_key)\s*\(|\bmigrations\.(?:AddField|RemoveField|AlterField|RenameField|CreateModel|DeleteModel|RenameModel|AddIndex|RemoveIndex|AddConstraint)\s*\(|^\s*(?:add_column|remove_column|rename_column|change_column|create_table|drop_table|rename_table|add_index|remove_index|add_reference|add_foreign_key)\s+:\w|\bSchema::(?:create|table|drop|dropIfExists|rename)\s*\(|\.schema\s*\.\s*(?:createTable|alterTable|dropTable|table|renameTable)\s*\(|\bqueryInterface\s*\.\s*(?:addColumn|removeColumn|changeColumn|renameColumn|createTable|dropTable|addIndex|removeIndex)\s*\(|\bqueryRunner\s*\.\s*(?:addColumn|dropColumn|changeColumn|createTable|dropTable|createIndex|renameColumn)\s*\(|\bmigrationBuilder\s*\.\s*(?:AddColumn|DropColumn|AlterColumn|CreateTable|DropTable|RenameColumn|CreateIndex)\s*[<(]|^\s*(?:create|alter|drop)\s+(?:table|index|unique_index)\s*\(\s*:|\bmigrator\.(?:add_column|drop_column|rename_column|alter_column_type|add_not_null|drop_not_null|add_column_default|drop_column_default|rename_table|add_index|drop_index|add_constraint|drop_constraint|add_unique|drop_unique)\s*\(|\.Migrator\(\)\.(?:CreateTable|DropTable|RenameTable|AddColumn|DropColumn|AlterColumn|RenameColumn|CreateIndex|DropIndex|RenameIndex|CreateConstraint|DropConstraint)\(/;
