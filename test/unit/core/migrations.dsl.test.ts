import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDsl, dslFamily, migrationDslAnalyzer, scanCode, type DslFamily } from '../../../src/core/analyzers/migrationDsl';
import type { Rule } from '../../../src/core/rules/rule';
import type { Change } from '../../../src/core/types';
import { hunksBetween } from './analyzers.helpers';

/** Findings of a new migration file as `kind@line subject`. */
function added(family: DslFamily, text: string): string[] {
  return analyzeDsl(family, text, { changed: null, whole: true }).map((f) => `${f.kind}@${f.line}${f.subject ? ` ${f.subject}` : ''}`);
}

/** Findings through the analyzer for a change from `oldText` to `newText` (null: added). */
function changed(dialect: string, path: string, oldText: string | null, newText: string): string[] {
  const rule: Rule = { id: 'test.dsl', category: 'migration', title: 'Migration', paths: ['**'], severity: 'warning', requiresNote: true, analyzers: ['migration-dsl'], dialect };
  const change: Change = { status: oldText == null ? 'added' : 'modified', path, oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks: hunksBetween(oldText ?? '', newText) };
  return migrationDslAnalyzer.analyze({ change, rule, oldText, newText }).map((f) => `${f.kind}@${f.line}${f.subject ? ` ${f.subject}` : ''}`);
}

const sorted = (a: string[]): string[] => [...a].sort();

describe('migration-dsl: Rails', () => {
  const rb = (body: string, down = ''): string => `class M < ActiveRecord::Migration[7.1]\n  def up\n${body}\n  end\n${down}end\n`;

  const cases: [string, string, string[]][] = [
    ['remove_column', '    remove_column :accounts, :legacy_plan, :string', ['destructive-sql@3 accounts.legacy_plan']],
    ['remove_columns', '    remove_columns :accounts, :a, :b', ['destructive-sql@3 accounts.a', 'destructive-sql@3 accounts.b']],
    ['drop_table', '    drop_table :old_widgets', ['destructive-sql@3 old_widgets']],
    ['rename_column', '    rename_column :accounts, :plan, :tier', ['destructive-sql@3 accounts.plan']],
    ['rename_table', "    rename_table 'accounts', 'customers'", ['destructive-sql@3 accounts']],
    ['change_column', '    change_column :accounts, :balance, :decimal', ['destructive-sql@3 accounts.balance']],
    ['add_index without algorithm: :concurrently', '    add_index :accounts, :email, unique: true', ['locking-migration@3 accounts']],
    ['add_column null: false without a default', '    add_column :accounts, :plan, :string, null: false', ['locking-migration@3 accounts.plan']],
    ['change_column_null false', '    change_column_null :accounts, :plan, false', ['locking-migration@3 accounts.plan']],
    ['add_foreign_key', '    add_foreign_key :orders, :accounts', ['locking-migration@3 orders']],
    ['change_table block', '    change_table :users do |t|\n      t.remove :nickname\n      t.rename :fname, :first_name\n    end', ['destructive-sql@4 users.nickname', 'destructive-sql@5 users.fname']],
    ['execute heredoc with data SQL', "    execute <<~SQL\n      UPDATE accounts SET plan = 'free' WHERE plan IS NULL;\n    SQL", ['data-migration@4 accounts']],
    ['model data changes', '    Account.where(plan: nil).update_all(plan: "free")', ['data-migration@3']],
  ];
  for (const [name, body, want] of cases) it(name, () => assert.deepEqual(sorted(added('rails', rb(body, '  def down\n  end\n'))), sorted(want)));

  const negatives: [string, string][] = [
    ['a comment mentioning remove_column', '    # remove_column :accounts, :plan once billing ships\n    add_column :accounts, :tier, :string'],
    ['add_index with algorithm: :concurrently', '    add_index :accounts, :email, algorithm: :concurrently'],
    ['an index on a table created here', '    create_table :widgets do |t|\n      t.string :name\n    end\n    add_index :widgets, :name'],
    ['add_column null: false with a default', '    add_column :accounts, :plan, :string, null: false, default: "free"'],
    ['change_column_null true', '    change_column_null :accounts, :plan, true'],
    ['add_foreign_key validate: false', '    add_foreign_key :orders, :accounts, validate: false'],
    ['the words in a string', '    say "remove_column and drop_table are not called here"'],
  ];
  for (const [name, body] of negatives) it(`not: ${name}`, () => assert.deepEqual(added('rails', rb(body, '  def down\n  end\n')), []));

  it('the down method is not reported', () => {
    assert.deepEqual(added('rails', rb('    add_column :a, :b, :string', '  def down\n    remove_column :a, :b\n    drop_table :a\n  end\n')), []);
  });

  it('raise IrreversibleMigration and `up` without `down` are irreversible', () => {
    assert.deepEqual(added('rails', rb('    add_column :a, :b, :string', '  def down\n    raise ActiveRecord::IrreversibleMigration\n  end\n')), ['irreversible-migration@6']);
    assert.deepEqual(added('rails', rb('    add_column :a, :b, :string')), ['irreversible-migration@2']);
    assert.deepEqual(added('rails', 'class M < ActiveRecord::Migration[7.1]\n  def change\n    add_column :a, :b, :string\n  end\nend\n'), []);
  });

  it('reversible: dir.up is reported, dir.down is not', () => {
    const text = 'class M < ActiveRecord::Migration[7.1]\n  def change\n    reversible do |dir|\n      dir.up { execute "UPDATE t SET a = 1" }\n      dir.down { execute "DROP TABLE t" }\n    end\n    reversible do |dir|\n      dir.down do\n        execute "DELETE FROM t"\n      end\n    end\n  end\nend\n';
    assert.deepEqual(added('rails', text), ['data-migration@4 t']);
  });

  it('in a modified migration only the added calls count', () => {
    const oldText = rb('    drop_table :legacy', '  def down\n  end\n');
    const newText = rb('    drop_table :legacy\n    rename_column :accounts, :a, :b', '  def down\n  end\n');
    assert.deepEqual(changed('rails', 'db/migrate/1_x.rb', oldText, newText), ['destructive-sql@4 accounts.a']);
  });
});

describe('migration-dsl: Django', () => {
  const py = (ops: string): string => `from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    operations = [\n${ops}\n    ]\n`;
  const cases: [string, string, string[]][] = [
    ['RemoveField (multi-line)', "        migrations.RemoveField(\n            model_name='account',\n            name='legacy_plan',\n        ),", ['destructive-sql@6 account.legacy_plan']],
    ['DeleteModel', "        migrations.DeleteModel(name='Coupon'),", ['destructive-sql@6 Coupon']],
    ['RenameField', "        migrations.RenameField('account', 'plan', 'tier'),", ['destructive-sql@6 account.plan']],
    ['RenameModel', "        migrations.RenameModel(old_name='Coupon', new_name='Voucher'),", ['destructive-sql@6 Coupon']],
    ['AlterField', "        migrations.AlterField(model_name='account', name='plan', field=models.CharField(max_length=10)),", ['locking-migration@6 account.plan']],
    ['AddIndex on an existing model', "        migrations.AddIndex(model_name='account', index=models.Index(fields=['plan'], name='plan_idx')),", ['locking-migration@6 account']],
    ['RunPython without reverse_code', '        migrations.RunPython(backfill_plans),', ['data-migration@6 backfill_plans', 'irreversible-migration@6 backfill_plans']],
    ['RunSQL analysed as SQL, without reverse_sql', '        migrations.RunSQL("UPDATE accounts_account SET plan = \'free\'"),', ['data-migration@6 accounts_account', 'irreversible-migration@6']],
  ];
  for (const [name, ops, want] of cases) it(name, () => assert.deepEqual(sorted(added('django', py(ops))), sorted(want)));

  it('a migration marked is_post_deployment runs after the deploy', () => {
    const text = "from sentry.new_migrations.migrations import CheckedMigration\n\n\nclass Migration(CheckedMigration):\n    is_post_deployment = True\n    operations = []\n";
    assert.deepEqual(added('django', text), ['post-deploy-migration@5']);
    assert.deepEqual(added('django', text.replace('True', 'False')), []);
  });

  it('not: RunPython with a reverse, AddIndex on a model created here, AddField', () => {
    const ops = [
      "        migrations.CreateModel(name='Widget', fields=[('id', models.AutoField(primary_key=True))]),",
      "        migrations.AddIndex(model_name='widget', index=models.Index(fields=['id'], name='w_idx')),",
      "        migrations.AddField(model_name='account', name='tier', field=models.CharField(default='a', max_length=5, null=True)),",
      "        # migrations.RemoveField(model_name='account', name='plan'),",
    ].join('\n');
    assert.deepEqual(added('django', py(ops)), []);
    assert.deepEqual(added('django', py('        migrations.RunPython(forwards, migrations.RunPython.noop),')), ['data-migration@6 forwards']);
    assert.deepEqual(added('django', py('        migrations.RunSQL("CREATE EXTENSION IF NOT EXISTS pg_trgm", reverse_sql=migrations.RunSQL.noop),')), []);
  });
});

describe('migration-dsl: Alembic', () => {
  const alembic = (up: string, down = '    pass'): string => `"""add plan"""\nfrom alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n${up}\n\n\ndef downgrade():\n${down}\n`;
  const cases: [string, string, string[]][] = [
    ['drop_column', "    op.drop_column('accounts', 'legacy_plan')", ['destructive-sql@7 accounts.legacy_plan']],
    ['drop_table', "    op.drop_table('coupons')", ['destructive-sql@7 coupons']],
    ['alter_column type_', "    op.alter_column('accounts', 'balance', type_=sa.Numeric(12, 2))", ['destructive-sql@7 accounts.balance']],
    ['alter_column new_column_name', "    op.alter_column('accounts', 'plan', new_column_name='tier')", ['destructive-sql@7 accounts.plan']],
    ['alter_column nullable=False', "    op.alter_column('accounts', 'plan', nullable=False)", ['locking-migration@7 accounts.plan']],
    ['add_column NOT NULL without server_default', "    op.add_column('accounts', sa.Column('plan', sa.String(), nullable=False))", ['locking-migration@7 accounts.plan']],
    ['create_index on an existing table', "    op.create_index('ix_plan', 'accounts', ['plan'])", ['locking-migration@7 accounts']],
    ['batch_alter_table', "    with op.batch_alter_table('users') as batch_op:\n        batch_op.drop_column('nickname')", ['destructive-sql@8 users.nickname']],
    ['execute with a literal', "    op.execute(\"UPDATE accounts SET plan = 'free'\")", ['data-migration@7 accounts']],
    ['execute with built SQL', '    op.execute(accounts.update().values(plan="free"))', ['data-migration@7']],
  ];
  for (const [name, up, want] of cases) it(name, () => assert.deepEqual(sorted(added('alembic', alembic(up, "    op.add_column('x', sa.Column('y', sa.Integer()))"))), sorted(want)));

  it('downgrade() that only passes is irreversible; the downgrade body is not reported', () => {
    assert.deepEqual(added('alembic', alembic("    op.add_column('a', sa.Column('b', sa.Integer()))")), ['irreversible-migration@10']);
    assert.deepEqual(added('alembic', alembic("    op.add_column('a', sa.Column('b', sa.Integer()))", "    op.drop_column('a', 'b')")), []);
  });

  it('not: concurrent index, nullable column, table created here, comment', () => {
    const up = [
      "    op.create_table('widgets', sa.Column('id', sa.Integer(), primary_key=True))",
      "    op.create_index('ix_w', 'widgets', ['id'])",
      "    op.create_index('ix_plan', 'accounts', ['plan'], postgresql_concurrently=True)",
      "    op.add_column('accounts', sa.Column('plan', sa.String(), nullable=False, server_default='free'))",
      "    # op.drop_column('accounts', 'legacy')",
    ].join('\n');
    assert.deepEqual(added('alembic', alembic(up, "    op.drop_table('widgets')")), []);
  });
});

describe('migration-dsl: Laravel, JS ORMs, Ecto, EF Core, Doctrine, Liquibase', () => {
  it('Laravel: dropColumn, renameColumn, ->change(), dropIfExists, DB::statement; down() skipped', () => {
    const php = `<?php\nreturn new class extends Migration {\n    public function up(): void\n    {\n        Schema::table('users', function (Blueprint $table) {\n            $table->dropColumn(['votes', 'karma']);\n            $table->renameColumn('from', 'to');\n            $table->string('name', 50)->nullable()->change();\n        });\n        Schema::dropIfExists('flights');\n        DB::statement('UPDATE users SET active = 1');\n    }\n    public function down(): void\n    {\n        Schema::drop('users');\n    }\n};\n`;
    assert.deepEqual(sorted(added('laravel', php)), sorted(['destructive-sql@6 users.votes', 'destructive-sql@6 users.karma', 'destructive-sql@7 users.from', 'destructive-sql@8 users.name', 'destructive-sql@10 flights', 'data-migration@11 users']));
  });

  it('Laravel: an empty down() is irreversible; adding a nullable column is nothing', () => {
    const php = `<?php\nreturn new class extends Migration {\n    public function up(): void\n    {\n        Schema::table('users', function (Blueprint $table) {\n            $table->string('nickname')->nullable();\n        });\n    }\n    public function down(): void\n    {\n        //\n    }\n};\n`;
    assert.deepEqual(added('laravel', php), ['irreversible-migration@9']);
  });

  it('Knex: dropColumn, renameColumn, .alter(), raw; exports.down skipped', () => {
    const js = "exports.up = function (knex) {\n  return knex.schema.alterTable('users', (table) => {\n    table.dropColumn('legacy');\n    table.renameColumn('a', 'b');\n    table.string('email', 100).notNullable().alter();\n  });\n};\n\nexports.down = function (knex) {\n  return knex.schema.dropTable('users');\n};\n";
    assert.deepEqual(sorted(added('js', js)), sorted(['destructive-sql@3 users.legacy', 'destructive-sql@4 users.a', 'destructive-sql@5 users.email']));
  });

  it('Sequelize: removeColumn, addIndex, bulkInsert; an empty down is irreversible', () => {
    const js = "module.exports = {\n  async up(queryInterface, Sequelize) {\n    await queryInterface.removeColumn('Users', 'legacy');\n    await queryInterface.addIndex('Users', ['email']);\n    await queryInterface.bulkInsert('Roles', [{ name: 'admin' }]);\n  },\n  async down(queryInterface, Sequelize) {\n    /** Add reverting commands here. */\n  },\n};\n";
    assert.deepEqual(sorted(added('js', js)), sorted(['destructive-sql@3 Users.legacy', 'locking-migration@4 Users', 'data-migration@5', 'irreversible-migration@7']));
  });

  it('TypeORM: queryRunner.query SQL in up() only', () => {
    const ts = 'export class AddEmail1700000000000 implements MigrationInterface {\n  public async up(queryRunner: QueryRunner): Promise<void> {\n    await queryRunner.query(`ALTER TABLE "user" DROP COLUMN "legacy"`);\n    await queryRunner.query(`CREATE INDEX "IDX_email" ON "user" ("email") `);\n  }\n\n  public async down(queryRunner: QueryRunner): Promise<void> {\n    await queryRunner.query(`DROP INDEX "IDX_email"`);\n    await queryRunner.query(`DROP TABLE "user"`);\n  }\n}\n';
    assert.deepEqual(sorted(added('js', ts)), sorted(['destructive-sql@3 user.legacy', 'locking-migration@4 user']));
  });

  it('TypeORM with custom migration types: destructured helpers and prefixed table names', () => {
    const dropRole = "export class DropRoleTable1745934666077 implements IrreversibleMigration {\n\tasync up({ schemaBuilder: { dropTable } }: MigrationContext) {\n\t\tawait dropTable('role');\n\t}\n}\n";
    assert.deepEqual(added('js', dropRole), ['destructive-sql@3 role']);
    const dropCols = "export class RemoveResetPasswordColumns implements ReversibleMigration {\n\tasync up({ queryRunner, tablePrefix }: MigrationContext) {\n\t\tawait queryRunner.dropColumns(`${tablePrefix}user`, [\n\t\t\t'resetPasswordToken',\n\t\t]);\n\t}\n\n\tasync down({ queryRunner, tablePrefix }: MigrationContext) {\n\t\tawait queryRunner.dropTable(`${tablePrefix}user`);\n\t}\n}\n";
    assert.deepEqual(added('js', dropCols), ['destructive-sql@3 user.resetPasswordToken']);
    assert.deepEqual(added('js', 'await schema.createTable("x", (t) => t.increments());\nconst y = recreateTable("z");\n'), []);
  });

  it('Ecto: remove, modify, rename, drop, execute; concurrent index is fine', () => {
    const exs = 'defmodule MyApp.Repo.Migrations.Change do\n  use Ecto.Migration\n  @disable_ddl_transaction true\n\n  def change do\n    alter table(:accounts) do\n      remove :legacy_plan\n      modify :plan, :text\n    end\n    rename table(:accounts), :a, to: :b\n    drop table(:coupons)\n    create index(:accounts, [:email], concurrently: true)\n    create index(:accounts, [:plan])\n    execute "UPDATE accounts SET plan = \'free\'", "SELECT 1"\n  end\nend\n';
    assert.deepEqual(sorted(added('ecto', exs)), sorted(['destructive-sql@7 accounts.legacy_plan', 'destructive-sql@8 accounts.plan', 'destructive-sql@10 accounts.a', 'destructive-sql@11 coupons', 'locking-migration@13 accounts', 'data-migration@14 accounts']));
  });

  it('EF Core: DropColumn, AlterColumn with a type change, Sql; Down skipped; a widened column is not', () => {
    const cs = 'public partial class Change : Migration\n{\n    protected override void Up(MigrationBuilder migrationBuilder)\n    {\n        migrationBuilder.DropColumn(\n            name: "Legacy",\n            table: "Accounts");\n        migrationBuilder.AlterColumn<string>(\n            name: "Name",\n            table: "Accounts",\n            type: "nvarchar(100)",\n            nullable: false,\n            oldClrType: typeof(string),\n            oldType: "nvarchar(max)");\n        migrationBuilder.AlterColumn<string>(name: "Code", table: "Accounts", maxLength: 50, oldClrType: typeof(string), oldMaxLength: 20);\n        migrationBuilder.Sql(@"UPDATE Accounts SET Plan = \'free\'");\n    }\n\n    protected override void Down(MigrationBuilder migrationBuilder)\n    {\n        migrationBuilder.DropTable(name: "Widgets");\n    }\n}\n';
    assert.deepEqual(sorted(added('efcore', cs)), sorted(['destructive-sql@5 Accounts.Legacy', 'destructive-sql@8 Accounts.Name', 'data-migration@16 Accounts']));
  });

  it('Doctrine: addSql goes through the SQL analysis; down() and comments are skipped', () => {
    const php = "<?php\nfinal class Version20240101000000 extends AbstractMigration\n{\n    public function up(Schema $schema): void\n    {\n        // $this->addSql('DROP TABLE audit');\n        $this->addSql('ALTER TABLE account DROP legacy_plan');\n        $this->addSql('CREATE INDEX IDX_1 ON account (plan)');\n    }\n\n    public function down(Schema $schema): void\n    {\n        $this->addSql('ALTER TABLE account ADD legacy_plan VARCHAR(255) NOT NULL');\n        $this->addSql('DROP INDEX IDX_1');\n    }\n}\n";
    assert.deepEqual(sorted(added('doctrine', php)), sorted(['destructive-sql@7 account.legacy_plan', 'locking-migration@8 account']));
  });

  it('Liquibase XML and YAML: change types and <sql>; rollback skipped', () => {
    const xml = '<databaseChangeLog>\n  <changeSet id="1" author="a">\n    <dropColumn tableName="accounts" columnName="legacy_plan"/>\n    <renameColumn tableName="accounts" oldColumnName="a" newColumnName="b"/>\n    <addNotNullConstraint tableName="accounts" columnName="plan"/>\n    <sql>DELETE FROM sessions</sql>\n    <rollback>\n      <dropTable tableName="accounts"/>\n    </rollback>\n  </changeSet>\n</databaseChangeLog>\n';
    assert.deepEqual(sorted(added('liquibase', xml)), sorted(['destructive-sql@3 accounts.legacy_plan', 'destructive-sql@4 accounts.a', 'locking-migration@5 accounts.plan', 'destructive-sql@6 sessions']));
    const yaml = 'databaseChangeLog:\n  - changeSet:\n      id: 1\n      author: a\n      changes:\n        - dropColumn:\n            tableName: accounts\n            columnName: legacy_plan\n        - sql:\n            sql: UPDATE accounts SET x = 1\n      rollback:\n        - dropTable:\n            tableName: foo\n';
    assert.deepEqual(sorted(added('liquibase', yaml)), sorted(['destructive-sql@6 accounts.legacy_plan', 'data-migration@10 accounts']));
  });
});

describe('migration-dsl: plumbing', () => {
  it('picks the DSL from the rule dialect, else from the file', () => {
    assert.equal(dslFamily('knex', 'x.js', ''), 'js');
    assert.equal(dslFamily(undefined, 'db/migrate/1.rb', ''), 'rails');
    assert.equal(dslFamily(undefined, 'versions/1.py', 'def upgrade():\n    op.drop_table("x")'), 'alembic');
    assert.equal(dslFamily(undefined, 'app/migrations/0001.py', 'operations = []'), 'django');
    assert.equal(dslFamily(undefined, 'x.unknown', ''), null);
  });

  it('the code scanner blanks comments but keeps strings and finds heredocs', () => {
    const code = scanCode('execute <<~SQL # not a comment\n  DROP TABLE a; # in the heredoc\nSQL\n# a comment\n', 'rails');
    assert.ok(code.masked.includes('DROP TABLE a; # in the heredoc'));
    assert.ok(!code.masked.includes('a comment'));
    assert.equal(code.literals.length, 1);
    assert.equal(code.text.slice(code.literals[0].start, code.literals[0].end), '  DROP TABLE a; # in the heredoc\n');
  });

  it('a deleted migration has no content findings', () => {
    const rule: Rule = { id: 't', category: 'migration', title: 'M', paths: ['**'], severity: 'warning', requiresNote: true, dialect: 'rails' };
    const change: Change = { status: 'deleted', path: 'db/migrate/1.rb', oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks: hunksBetween('drop_table :a\n', '') };
    assert.deepEqual(migrationDslAnalyzer.analyze({ change, rule, oldText: 'drop_table :a\n', newText: null }), []);
  });

  it('without the whole file, each hunk is read on its own', () => {
    const rule: Rule = { id: 't', category: 'migration', title: 'M', paths: ['**'], severity: 'warning', requiresNote: true, dialect: 'rails' };
    const change: Change = { status: 'modified', path: 'db/migrate/1.rb', oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks: [{ oldStart: 4, oldLines: 0, newStart: 5, newLines: 1, removed: [], added: ['    remove_column :accounts, :plan'] }] };
    assert.deepEqual(migrationDslAnalyzer.analyze({ change, rule, oldText: null, newText: null }).map((f) => `${f.kind}@${f.line} ${f.message.split(':')[0]}`), ['destructive-sql@5 drops column accounts.plan']);
  });
});
