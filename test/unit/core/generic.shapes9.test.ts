import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, translateMessage, type Report } from '../../../src/core';
import { isQualifiedSchemaVersionName, modelColumnNames, modelTables, schemaVersionDecls } from '../../../src/core/analyzers/ddl';
import { isVersionFolderStep } from '../../../src/core/profile';
import { SimpleGitSource } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';
import { impactAt, isMigration } from '../../helpers/impacts';

// Issue 11, session 9: schema changes that generalize.
// 1. A key-value store versions its on-disk format as `DATABASE_FORMAT_VERSION` (Zebra's RocksDB
//    state, db4o / LMDB / sled stores): raised, the store is upgraded in place when the version starts.
// 2. A schema history kept as one folder per version (`etc/upgrade/4.4.1/` of Request Tracker,
//    `phpbb/db/migration/data/v330/`): a step added to a version folder is a migration whatever its
//    own name (`content`, `schema.Pg`), since the version is the folder's name.
// 3. Where the schema is created from the models at start-up (SQLAlchemy `create_all`), a model
//    file added for new tables is a schema change even when the file also carries DDL the reader
//    cannot parse (`ALTER TABLE {table}` in an f-string), and one added for a table another file of
//    the base already declares with the same columns (each plugin's copy of a shared table, a model
//    moved between files) creates nothing.
// Each with the look-alikes that must stay silent.

describe('generic layer: a database format version raised (real repository)', () => {
  const repo = new TestRepo();
  let report: Report;
  const consts = (major: number, minor: number, patch: number) =>
    `/// The database format major version.\nconst DATABASE_FORMAT_VERSION: u64 = ${major};\n\n/// The minor version.\npub(crate) const DATABASE_FORMAT_MINOR_VERSION: u64 = ${minor};\n\npub(crate) const DATABASE_FORMAT_PATCH_VERSION: u64 = ${patch};\n`;
  before(async () => {
    repo.commit('init', {
      'README.md': '# node\n',
      'state/src/constants.rs': consts(26, 0, 0),
      'state2/src/constants.rs': consts(26, 0, 2),
      'state3/src/constants.rs': consts(26, 0, 0),
      // look-alikes
      'storage/src/Rocks.java': 'class Rocks {\n  private static final int ROCKSDB_FORMAT_VERSION = 4;\n  void upgradeColumns() {}\n}\n',
      'cache/src/lib.rs': 'pub const CACHE_FORMAT_VERSION: u32 = 1;\npub const FORMAT_VERSION: u32 = 1;\n',
      'export/src/lib.rs': 'pub const EXPORT_DB_FORMAT_VERSION: u32 = 1;\npub fn upgrade_export() {}\n',
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      'state/src/constants.rs': consts(27, 0, 0),
      // the minor version raised (an in-place upgrade), the patch reset
      'state2/src/constants.rs': consts(26, 1, 0),
      // a patch alone: a fix of the format's writer, nothing to upgrade
      'state3/src/constants.rs': consts(26, 0, 1),
      // the storage engine's own table format (RocksDB reads older ones back)
      'storage/src/Rocks.java': 'class Rocks {\n  private static final int ROCKSDB_FORMAT_VERSION = 5;\n  void upgradeColumns() {}\n}\n',
      'cache/src/lib.rs': 'pub const CACHE_FORMAT_VERSION: u32 = 2;\npub const FORMAT_VERSION: u32 = 2;\n',
      'export/src/lib.rs': 'pub const EXPORT_DB_FORMAT_VERSION: u32 = 2;\npub fn upgrade_export() {}\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('a database format version raised (major, or minor) is a schema change that needs a note', () => {
    const i = impactAt(report, 'state/src/constants.rs');
    assert.ok(isMigration(i), JSON.stringify(i?.findings));
    assert.deepEqual(i!.findings.filter((f) => f.kind === 'schema-change').map((f) => f.message), ['raises the schema version DATABASE_FORMAT_VERSION from 26 to 27: the database is upgraded when this version starts']);
    const j = impactAt(report, 'state2/src/constants.rs');
    assert.ok(isMigration(j), JSON.stringify(j?.findings));
    assert.deepEqual(j!.findings.filter((f) => f.kind === 'schema-change').map((f) => f.subject), ['DATABASE_FORMAT_MINOR_VERSION']);
  });

  it('a patch version, a cache or bare format version, an export format, a storage engine format are not', () => {
    for (const p of ['state3/src/constants.rs', 'cache/src/lib.rs', 'export/src/lib.rs', 'storage/src/Rocks.java']) {
      const i = impactAt(report, p);
      assert.ok(!i || i.category !== 'migration', `${p}: ${i?.rule} ${JSON.stringify(i?.findings)}`);
    }
  });

  it('reads the names', () => {
    const names = (l: string) => schemaVersionDecls(l, { qualified: true }).map((d) => `${d.name}=${d.value}`);
    assert.deepEqual(names('const DATABASE_FORMAT_VERSION: u64 = 27;'), ['DATABASE_FORMAT_VERSION=27']);
    assert.deepEqual(names('#define DB_FORMAT_VERSION 2'), ['DB_FORMAT_VERSION=2']);
    assert.deepEqual(names('public static final int DATABASE_FORMAT_MINOR_VERSION = 3;'), ['DATABASE_FORMAT_MINOR_VERSION=3']);
    assert.deepEqual(names('const DATABASE_FORMAT_PATCH_VERSION: u64 = 1;'), []);
    assert.deepEqual(names('const CACHE_FORMAT_VERSION: u64 = 1;'), []);
    assert.deepEqual(names('const FORMAT_VERSION: u64 = 1;'), []);
    assert.deepEqual(names('private static final int ROCKSDB_FORMAT_VERSION = 5;'), []);
    assert.equal(isQualifiedSchemaVersionName('ROCKSDB_FORMAT_VERSION'), false);
    assert.equal(isQualifiedSchemaVersionName('EXPORT_DB_FORMAT_VERSION'), false);
  });
});

describe('generic layer: a step added to a version folder of the schema history (real repository)', () => {
  const repo = new TestRepo();
  let report: Report;
  before(async () => {
    const files: Record<string, string> = { 'README.md': '# tracker\n', 'etc/upgrade/upgrade-mysql-schema.pl': 'use strict;\nprint "upgrade\\n";\n' };
    for (const v of ['4.0.1', '4.2.1', '4.3.0']) {
      files[`etc/upgrade/${v}/schema.mysql`] = `ALTER TABLE Tickets ADD COLUMN Col${v.replace(/\./g, '')} INT NULL;\n`;
      files[`etc/upgrade/${v}/schema.Pg`] = `ALTER TABLE Tickets ADD COLUMN Col${v.replace(/\./g, '')} INTEGER NULL;\n`;
      files[`etc/upgrade/${v}/content`] = 'our @Initial = (\n    sub { RT->Logger->debug("step"); },\n);\n';
    }
    files['docs/release/4.3.0/content'] = 'Release notes.\n';
    repo.commit('init', files);
    repo.checkout('feature', true);
    repo.commit('feature', {
      // a new version's data step (a Perl script with no extension) and its Pg schema
      'etc/upgrade/4.4.1/content': 'our @Initial = (\n    sub { RT->Logger->debug("migrate recipients"); },\n);\n',
      'etc/upgrade/4.4.2/schema.Pg': 'CREATE INDEX Tickets5 ON Tickets (Owner);\n',
      // look-alikes: notes beside a step, a helper beside the version folders, a version folder outside the history
      'etc/upgrade/4.4.1/README': 'Run make upgrade-database.\n',
      'etc/upgrade/4.4.1/notes.md': '# 4.4.1\n',
      'etc/upgrade/sanity-check.in': '#!/usr/bin/perl\nprint "ok\\n";\n',
      'docs/release/4.4.1/content': 'Release notes.\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('a step added to a new version folder is a migration, whatever its own name', () => {
    for (const p of ['etc/upgrade/4.4.1/content', 'etc/upgrade/4.4.2/schema.Pg']) {
      const i = impactAt(report, p);
      assert.ok(isMigration(i), `${p}: ${i?.rule} ${JSON.stringify(i?.findings)}`);
      assert.equal(i!.rule, 'generic.schema-history');
    }
  });

  it('notes beside it, a helper script and a version folder outside the history are not', () => {
    for (const p of ['etc/upgrade/4.4.1/README', 'etc/upgrade/4.4.1/notes.md', 'etc/upgrade/sanity-check.in', 'docs/release/4.4.1/content']) {
      const i = impactAt(report, p);
      assert.ok(!i || i.category !== 'migration', `${p}: ${i?.rule} ${JSON.stringify(i?.findings)}`);
    }
  });

  it('isVersionFolderStep reads the folder, not the name', () => {
    assert.equal(isVersionFolderStep('etc/upgrade/4.4.1/content', 'etc/upgrade'), true);
    assert.equal(isVersionFolderStep('phpbb/db/migration/data/v330/add_column.php', 'phpbb/db/migration/data'), true);
    assert.equal(isVersionFolderStep('etc/upgrade/4.4.1/README', 'etc/upgrade'), false);
    assert.equal(isVersionFolderStep('etc/upgrade/4.4.1/sub/x.sql', 'etc/upgrade'), false);
    assert.equal(isVersionFolderStep('etc/upgrade/next/x.sql', 'etc/upgrade'), false);
  });
});

describe('generic layer: models added where the schema is created at start-up (real repository)', () => {
  const repo = new TestRepo();
  let report: Report;
  const header = 'from sqlalchemy import Column, Index, Integer, String, text\nfrom sqlalchemy.ext.declarative import declarative_base\n\nBase = declarative_base()\n\n';
  const symtoken = (extra = '') =>
    `${header}class SymToken(Base):\n    __tablename__ = "symtoken"\n    id = Column(Integer, primary_key=True)\n    symbol = Column(String, nullable=False, index=True)\n    token = Column(String)\n${extra}\n\ndef init_db():\n    Base.metadata.create_all(bind=engine)\n`;
  before(async () => {
    repo.commit('init', {
      'README.md': '# trading\n',
      'database/auth_db.py': `${header}class Auth(Base):\n    __tablename__ = "auth"\n    id = Column(Integer, primary_key=True)\n    name = Column(String)\n\n\ndef init_db():\n    Base.metadata.create_all(bind=engine)\n`,
      'broker/alpha/database/master_contract_db.py': symtoken(),
      'broker/delta/database/master_contract_db.py': symtoken(),
      'database/sandbox_db.py': `${header}class Order(Base):\n    __tablename__ = "sandbox_orders"\n    id = Column(Integer, primary_key=True)\n    user_id = Column(String)\n    __table_args__ = (\n        Index("idx_user_status", "user_id"),\n    )\n`,
      'database/report_db.py': `${header}import pandas as pd\n\nclass Report(Base):\n    __tablename__ = "reports"\n    id = Column(Integer, primary_key=True)\n\n\ndef frame(rows):\n    return pd.DataFrame(rows, index=pd.Index(["a"]))\n`,
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      // a new plugin's copy of the shared table: nothing new
      'broker/beta/database/master_contract_db.py': symtoken(),
      // a copy that adds a column: a schema change
      'broker/gamma/database/master_contract_db.py': symtoken('    isin = Column(String)\n'),
      // an index of a model renamed; a pandas index in a model file is none
      'database/sandbox_db.py': `${header}class Order(Base):\n    __tablename__ = "sandbox_orders"\n    id = Column(Integer, primary_key=True)\n    user_id = Column(String)\n    __table_args__ = (\n        Index("idx_sandbox_user_status", "user_id"),\n    )\n`,
      'database/report_db.py': `${header}import pandas as pd\n\nclass Report(Base):\n    __tablename__ = "reports"\n    id = Column(Integer,  primary_key=True)  # the key\n\n\ndef frame(rows):\n    idx = Index(["a", "b"])\n    return pd.DataFrame(rows, index=pd.Index(["a"]))\n`,
      // new tables, beside a helper that adds columns by an f-string
      'database/chat_db.py': `${header}class ChatUser(Base):\n    __tablename__ = "chat_users"\n    id = Column(Integer, primary_key=True)\n    jid = Column(String(120), unique=True)\n\n\ndef _add_missing(conn, table, col, typ):\n    conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {col} {typ}"))\n\n\ndef init_db():\n    Base.metadata.create_all(bind=engine)\n`,
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('a model file with new tables is a schema change, though its f-string DDL is unreadable', () => {
    const i = impactAt(report, 'database/chat_db.py');
    assert.ok(isMigration(i), JSON.stringify(i));
    assert.equal(i!.rule, 'generic.schema-autosync');
  });

  it('a copy of a table the base declares, with a column more, is one', () => {
    assert.ok(isMigration(impactAt(report, 'broker/gamma/database/master_contract_db.py')));
  });

  it('a copy of a table the base declares with the same columns is not', () => {
    const i = impactAt(report, 'broker/beta/database/master_contract_db.py');
    assert.ok(!i || i.category !== 'migration', JSON.stringify(i));
  });

  it('an index of a model renamed is a schema change; a pandas index or a column line reformatted is not', () => {
    const i = impactAt(report, 'database/sandbox_db.py');
    assert.ok(isMigration(i), JSON.stringify(i));
    const f = i!.findings.find((x) => x.kind === 'schema-change')!;
    assert.ok(f.message.startsWith('adds an index to a model the schema is created from at start-up: `Index("idx_sandbox_user_status"'), f.message);
    assert.ok(translateMessage(f.message)?.startsWith('向启动时用于创建数据库结构的模型添加了索引'), String(translateMessage(f.message)));
    const j = impactAt(report, 'database/report_db.py');
    assert.ok(!j || j.category !== 'migration', JSON.stringify(j));
  });

  it('reads the tables and columns of model declarations', () => {
    assert.deepEqual(modelTables('m.py', '    __tablename__ = "symtoken"\nusers = Table("users", metadata)\n# __tablename__ = "no"\n'), ['symtoken', 'users']);
    assert.deepEqual(modelTables('M.java', '@Entity\n@Table(name = "accounts")\nclass A {}\n'), ['accounts']);
    assert.deepEqual(modelTables('m.ts', '@Entity("orders")\n@Entity({ name: "items" })\n'), ['orders', 'items']);
    assert.deepEqual(modelTables('m.go', 'func (User) TableName() string { return "users" }\n'), ['users']);
    assert.deepEqual(modelColumnNames('m.py', '    id = Column(Integer)\n    name: Mapped[str] = mapped_column(String)\nx = Column(1)\n'), ['id', 'name']);
  });
});

describe('generic layer: added model files ask the merge-base once per set of tables (real repository)', () => {
  const repo = new TestRepo();
  let report: Report;
  let greps: string[];
  const header = 'from sqlalchemy import Column, Integer, String\nfrom sqlalchemy.ext.declarative import declarative_base\n\nBase = declarative_base()\n\n';
  const symtoken = `${header}class SymToken(Base):\n    __tablename__ = "symtoken"\n    id = Column(Integer, primary_key=True)\n    symbol = Column(String)\n\n\ndef init_db():\n    Base.metadata.create_all(bind=engine)\n`;
  before(async () => {
    repo.commit('init', {
      'database/auth_db.py': `${header}class Auth(Base):\n    __tablename__ = "auth"\n    id = Column(Integer, primary_key=True)\n\n\ndef init_db():\n    Base.metadata.create_all(bind=engine)\n`,
      'broker/alpha/database/master_contract_db.py': symtoken,
      'broker/delta/database/master_contract_db.py': symtoken,
      // the table's name in a file no model reader reads: git is not asked about it
      'docs/symtoken.md': '# symtoken\n__tablename__ = "symtoken"\n',
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      'broker/beta/database/master_contract_db.py': symtoken,
      'broker/epsilon/database/master_contract_db.py': symtoken,
      'broker/zeta/database/master_contract_db.py': symtoken,
    });
    // The real git source, its greps counted.
    const git = await SimpleGitSource.open(repo.dir);
    greps = [];
    const counted = new Proxy(git, {
      get(target, prop, receiver) {
        if (prop === 'grep') return (rev: string, words: string[], pathspecs?: string[], opts?: object) => {
          if (words.includes('symtoken')) greps.push(`${words.join(',')} ${(pathspecs ?? []).join(' ')}`);
          return target.grep(rev, words, pathspecs, opts);
        };
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature', git: counted });
  });
  after(() => repo.dispose());

  it('three copies of a shared table: silent, and the merge-base grepped once, in model files only', () => {
    for (const p of ['beta', 'epsilon', 'zeta']) {
      const i = impactAt(report, `broker/${p}/database/master_contract_db.py`);
      assert.ok(!i || i.category !== 'migration', JSON.stringify(i));
    }
    assert.equal(greps.length, 1, greps.join('\n'));
    assert.match(greps[0], /\*\.py/);
  });
});
