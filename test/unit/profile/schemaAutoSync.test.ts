/**
 * Schemas created from the models at start-up (issue 11, item 6), on real repositories: with
 * evidence that the repository syncs its schema from its models (GORM AutoMigrate, Hibernate
 * ddl-auto=update), a column added to a model is a schema change that needs a note; without
 * that evidence (or with ddl-auto=validate) the same edit is not.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, translateMessage } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';
import { notChinese } from '../l10n/english';

const USER_GO = 'package models\n\ntype User struct {\n\tID   uint   `gorm:"primaryKey"`\n\tName string `gorm:"size:64"`\n}\n';
const USER_GO_NEW = USER_GO.replace('\tName string `gorm:"size:64"`\n', '\tName string `gorm:"size:64"`\n\tEmail string `gorm:"uniqueIndex"`\n');
const ENTITY = 'package shop;\n\n@Entity\npublic class Order {\n    @Id\n    private Long id;\n}\n';
const ENTITY_NEW = ENTITY.replace('    private Long id;\n', '    private Long id;\n    @Column(nullable = false)\n    private String currency;\n');

function repoWith(files: Record<string, string>, changed: Record<string, string>): TestRepo {
  const repo = new TestRepo('autosync');
  repo.commit('init', files);
  repo.checkout('feature', true);
  repo.commit('model change', changed);
  return repo;
}

describe('schema synced from models at start-up', () => {
  const repos: TestRepo[] = [];
  after(() => repos.forEach((r) => r.dispose()));

  it('GORM AutoMigrate: a tagged field added to a model is a schema change', async () => {
    const repo = repoWith({ 'cmd/app/main.go': 'package main\n\nfunc main() {\n\tdb.AutoMigrate(&models.User{})\n}\n', 'models/user.go': USER_GO }, { 'models/user.go': USER_GO_NEW });
    repos.push(repo);
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const impact = r.impacts.find((i) => i.path === 'models/user.go');
    assert.equal(impact?.rule, 'generic.schema-autosync');
    assert.equal(impact?.category, 'migration');
    assert.equal(impact?.requiresNote, true);
    const f = impact!.findings.find((x) => x.kind === 'schema-change')!;
    assert.equal(f.line, 6);
    assert.match(f.message, /learned by the repository profile: cmd\/app\/main\.go:4 `db\.AutoMigrate/);
  });

  it('without AutoMigrate the same field is no schema change', async () => {
    const repo = repoWith({ 'cmd/app/main.go': 'package main\n\nfunc main() {}\n', 'models/user.go': USER_GO }, { 'models/user.go': USER_GO_NEW });
    repos.push(repo);
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.equal(r.impacts.find((i) => i.path === 'models/user.go'), undefined);
  });

  it('Hibernate ddl-auto=update: a @Column added to an entity is a schema change; ddl-auto=validate is not', async () => {
    const props = (v: string) => `spring.jpa.hibernate.ddl-auto=${v}\n`;
    const upd = repoWith({ 'src/main/resources/application.properties': props('update'), 'src/main/java/shop/Order.java': ENTITY }, { 'src/main/java/shop/Order.java': ENTITY_NEW });
    const val = repoWith({ 'src/main/resources/application.properties': props('validate'), 'src/main/java/shop/Order.java': ENTITY }, { 'src/main/java/shop/Order.java': ENTITY_NEW });
    repos.push(upd, val);
    const a = await analyze({ repo: upd.dir, base: 'main', head: 'feature' });
    const b = await analyze({ repo: val.dir, base: 'main', head: 'feature' });
    assert.equal(a.impacts.find((i) => i.path === 'src/main/java/shop/Order.java')?.rule, 'generic.schema-autosync');
    assert.equal(b.impacts.find((i) => i.path === 'src/main/java/shop/Order.java'), undefined);
  });
});

describe('schema auto-sync corrected in .handoff/config.yaml', () => {
  const repos: TestRepo[] = [];
  after(() => repos.forEach((r) => r.dispose()));

  it('notSchemaAutoSync drops a learned sync (a dev-only tool): the field is no schema change', async () => {
    const repo = repoWith(
      { 'tools/devdb/main.go': 'package main\n\nfunc main() {\n\tdb.AutoMigrate(&models.User{})\n}\n', 'models/user.go': USER_GO, '.handoff/config.yaml': 'profile:\n  notSchemaAutoSync: ["tools/devdb/**"]\n' },
      { 'models/user.go': USER_GO_NEW },
    );
    repos.push(repo);
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.equal(r.impacts.find((i) => i.path === 'models/user.go'), undefined, JSON.stringify(r.impacts.map((i) => i.rule)));
  });

  it('schemaAutoSync names a sync the profile cannot see: the field is a schema change, saying why', async () => {
    const repo = repoWith(
      { 'cmd/app/main.go': 'package main\n\nfunc main() { store.Open() }\n', 'models/user.go': USER_GO, '.handoff/config.yaml': 'profile:\n  schemaAutoSync: [internal/store/open.go]\n' },
      { 'models/user.go': USER_GO_NEW },
    );
    repos.push(repo);
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const impact = r.impacts.find((i) => i.path === 'models/user.go');
    assert.equal(impact?.rule, 'generic.schema-autosync');
    assert.match(impact!.findings.find((x) => x.kind === 'schema-change')!.message, /set in \.handoff\/config\.yaml \(profile\.schemaAutoSync\)/);
  });
});

describe('JDO/JPA entities in a repository that keeps no migrations', () => {
  const repos: TestRepo[] = [];
  after(() => repos.forEach((r) => r.dispose()));
  const jdo = (name: string) => `package shop.model;\n\n@PersistenceCapable\npublic class ${name} {\n    @Persistent\n    private long id;\n}\n`;
  const models = { 'src/main/java/shop/model/Project.java': jdo('Project'), 'src/main/java/shop/model/Team.java': jdo('Team'), 'src/main/java/shop/model/Policy.java': jdo('Policy') };
  const added = { 'src/main/java/shop/model/Project.java': jdo('Project').replace('    private long id;\n', '    private long id;\n    @Persistent\n    @Column(name = "AUTHOR", jdbcType = "VARCHAR")\n    private String author;\n') };

  it('a column added to an entity is a schema change: the schema can only follow the models', async () => {
    const repo = repoWith(models, added);
    repos.push(repo);
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const i = r.impacts.find((x) => x.path === 'src/main/java/shop/model/Project.java');
    assert.equal(i?.rule, 'generic.schema-autosync');
    assert.equal(i?.requiresNote, true);
    assert.match(i?.findings[0]?.message ?? '', /3 entity classes .* no migration history/);
  });
  it('the finding reads fully in Chinese, the profile evidence inside it included', async () => {
    const repo = repoWith(models, added);
    repos.push(repo);
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const messages = r.impacts.filter((x) => x.rule === 'generic.schema-autosync').flatMap((x) => x.findings.map((f) => f.message));
    assert.ok(messages.some((m) => m.startsWith('adds a column to a model')), JSON.stringify(messages));
    assert.deepEqual(notChinese(messages, translateMessage), []);
  });
  it('not when the repository keeps migrations (Flyway) or turns the sync off, nor with fewer than three entities', async () => {
    const flyway = repoWith({ ...models, 'src/main/resources/db/migration/V1__init.sql': 'CREATE TABLE project (id bigint);\n' }, added);
    const off = repoWith({ ...models, 'src/main/resources/application.properties': 'spring.jpa.hibernate.ddl-auto=validate\n' }, added);
    const few = repoWith({ 'src/main/java/shop/model/Project.java': jdo('Project') }, added);
    repos.push(flyway, off, few);
    for (const repo of [flyway, off, few]) {
      const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
      assert.equal(r.impacts.find((x) => x.path === 'src/main/java/shop/model/Project.java')?.rule === 'generic.schema-autosync', false, repo.dir);
    }
  });
});
