/**
 * Schemas created from the models at start-up (issue 11, item 6), on real repositories: with
 * evidence that the repository syncs its schema from its models (GORM AutoMigrate, Hibernate
 * ddl-auto=update), a column added to a model is a schema change that needs a note; without
 * that evidence (or with ddl-auto=validate) the same edit is not.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';

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

describe('Grails domain classes in a repository that keeps no migrations (issue 11, hoist-core)', () => {
  const repos: TestRepo[] = [];
  after(() => repos.forEach((r) => r.dispose()));
  const domain = (name: string, extra = '', constraints = '') =>
    `package io.xh.app\n\nclass ${name} implements JSONFormat {\n\n    def logLevelService\n    static transients = ['effectiveLevel']\n\n    String name\n    String level\n${extra}    Date dateCreated\n\n    static mapping = {\n        table 'xh_${name.toLowerCase()}'\n        cache true\n    }\n\n    static constraints = {\n        name(maxSize: 50, unique: true)\n        level(nullable: true, maxSize: 20)\n${constraints}    }\n\n    String getEffectiveLevel() { logLevelService.getEffectiveLevel(name) }\n\n    Map formatForJSON() {\n        return [\n            id  : id,\n            name: name\n        ]\n    }\n}\n`;
  const models = { 'grails-app/domain/io/xh/app/LogLevel.groovy': domain('LogLevel'), 'grails-app/domain/io/xh/app/ClientError.groovy': domain('ClientError'), 'grails-app/domain/io/xh/app/TrackLog.groovy': domain('TrackLog') };
  const path = 'grails-app/domain/io/xh/app/ClientError.groovy';

  it('a property added to a domain class is a schema change, with its constraint line', async () => {
    const repo = repoWith(models, { [path]: domain('ClientError', '    String url\n', '        url(nullable: true, maxSize: 500)\n') });
    repos.push(repo);
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const i = r.impacts.find((x) => x.path === path);
    assert.equal(i?.rule, 'generic.schema-autosync');
    assert.equal(i?.requiresNote, true);
    const lines = i!.findings.filter((f) => f.kind === 'schema-change').map((f) => f.line);
    assert.deepEqual(lines, [10, 21]);
    assert.match(i!.findings[0].message, /^adds a column to a model .*`String url`.*3 Grails domain classes .* no migration history/);
  });

  it("a column's constraint changed in place (maxSize 20 → 100) is a schema change", async () => {
    const repo = repoWith(models, { [path]: domain('ClientError').replace('level(nullable: true, maxSize: 20)', 'level(nullable: true, maxSize: 100)') });
    repos.push(repo);
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const i = r.impacts.find((x) => x.path === path);
    assert.equal(i?.rule, 'generic.schema-autosync');
    assert.match(i!.findings[0].message, /^changes a column of a model .*`level\(nullable: true, maxSize: 100\)`/);
  });

  it('methods, static or injected properties and the JSON map of a domain class are no schema change', async () => {
    const edited = domain('ClientError')
      .replace('    def logLevelService\n', '    def logLevelService\n    def trackService\n    static hasTimestamps = true\n')
      .replace('    Map formatForJSON() {', '    Boolean getEffectiveSuppress() { logLevelService.suppress(name) }\n\n    def afterUpdate() {\n        String msg = "changed"\n        noteChanged(msg)\n    }\n\n    Map formatForJSON() {')
      .replace('            name: name\n', '            name: name,\n            level: level\n');
    const repo = repoWith(models, { [path]: edited });
    repos.push(repo);
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.equal(r.impacts.find((x) => x.path === path), undefined, JSON.stringify(r.impacts.map((x) => [x.path, x.findings])));
  });

  it('not with the database-migration plugin’s changelog, nor with fewer than three domain classes, nor outside grails-app/domain', async () => {
    const added = { [path]: domain('ClientError', '    String url\n') };
    const migrations = repoWith({ ...models, 'grails-app/migrations/changelog.groovy': 'databaseChangeLog = {\n}\n' }, added);
    const few = repoWith({ [path]: domain('ClientError') }, added);
    const src = repoWith({ 'src/main/groovy/io/xh/app/A.groovy': domain('A'), 'src/main/groovy/io/xh/app/B.groovy': domain('B'), 'src/main/groovy/io/xh/app/C.groovy': domain('C') }, { 'src/main/groovy/io/xh/app/A.groovy': domain('A', '    String url\n') });
    repos.push(migrations, few, src);
    for (const repo of [migrations, few, src]) {
      const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
      assert.equal(r.impacts.some((x) => x.rule === 'generic.schema-autosync'), false, repo.dir);
    }
  });
});

describe('model classes with column-annotated fields and no JPA @Entity (issue 11, SkyWalking storage models)', () => {
  const repos: TestRepo[] = [];
  after(() => repos.forEach((r) => r.dispose()));
  const model = (name: string, extra = '') =>
    `package org.apache.skywalking.oap.server.core.alarm;\n\n@Stream(name = ${name}.INDEX_NAME, scopeId = 1)\npublic class ${name} extends Record {\n    public static final String INDEX_NAME = "${name.toLowerCase()}";\n\n    @Column(name = "scope")\n    private int scope;\n    @Column(name = "message", length = 200)\n    private String message;\n${extra}}\n`;
  const base = 'oap-server/server-core/src/main/java/org/apache/skywalking/oap/server/core/alarm/';
  const models = { [`${base}AlarmRecord.java`]: model('AlarmRecord'), [`${base}TopNRecord.java`]: model('TopNRecord'), [`${base}EventRecord.java`]: model('EventRecord') };
  const path = `${base}AlarmRecord.java`;
  const grown = { [path]: model('AlarmRecord').replace('length = 200', 'length = 2000') };

  it("a column's length changed on a storage model is a schema change, though a protobuf file is named migrate.proto", async () => {
    const repo = repoWith({ ...models, 'oap-server/receiver-proto/src/main/proto/udpa/annotations/migrate.proto': 'syntax = "proto3";\n' }, grown);
    repos.push(repo);
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const i = r.impacts.find((x) => x.path === path);
    assert.equal(i?.rule, 'generic.schema-autosync');
    assert.equal(i?.requiresNote, true);
    assert.equal(i!.findings[0].line, 9);
    assert.match(i!.findings[0].message, /^changes a column of a model .*length = 2000/);
    assert.match(i!.findings[0].message, /3 model classes with column fields .* no migration history/);
  });

  it('a field without a column annotation is none; nor when the repository keeps migrations or has fewer than three such models', async () => {
    const plain = repoWith(models, { [path]: model('AlarmRecord', '    private transient String cache;\n') });
    const flyway = repoWith({ ...models, 'src/main/resources/db/migration/V1__init.sql': 'CREATE TABLE alarm (id bigint);\n' }, grown);
    const few = repoWith({ [path]: model('AlarmRecord'), [`${base}TopNRecord.java`]: model('TopNRecord') }, grown);
    repos.push(plain, flyway, few);
    for (const repo of [plain, flyway, few]) {
      const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
      assert.equal(r.impacts.some((x) => x.rule === 'generic.schema-autosync'), false, repo.dir);
    }
  });
});
