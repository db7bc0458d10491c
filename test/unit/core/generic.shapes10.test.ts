import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, translateMessage, type Report } from '../../../src/core';
import { schemaVersionDecls } from '../../../src/core/analyzers/ddl';
import { TestRepo } from '../../helpers/repo';
import { impactAt, isMigration } from '../../helpers/impacts';

// Issue 11, session 10: the version of the database's format the code checks at start-up, in the
// shapes holdout v8's key-value stores used, in two languages:
// 1. a list of the database versions the code supports, whose highest member rises (electrumx,
//    Python: `DB_VERSIONS = [6, 7]` → `[6, 7, 8]`, the UTXO and history databases upgraded in place);
// 2. in the module that opens the database (`src/db.rs`), the format's version without a database
//    word (electrs, Rust: `const CURRENT_FORMAT: u64 = 0;`, reindexed when the stored one differs).
// Each with the look-alikes that must stay silent.

describe('schema version: lists of supported versions and format versions in database modules', () => {
  it('reads the highest member of a list of database versions', () => {
    assert.deepEqual(schemaVersionDecls('    DB_VERSIONS = [6, 7, 8]'), [{ name: 'DB_VERSIONS', value: 8 }]);
    assert.deepEqual(schemaVersionDecls('SCHEMA_VERSIONS = (0, 1)'), [{ name: 'SCHEMA_VERSIONS', value: 1 }]);
    // API and protocol versions are no database's
    assert.deepEqual(schemaVersionDecls('SUPPORTED_VERSIONS = [1, 2, 3]'), []);
    assert.deepEqual(schemaVersionDecls('PROTOCOL_VERSIONS = [1, 2]'), []);
  });
  it('reads a format version without a database word only in a database module', () => {
    assert.deepEqual(schemaVersionDecls('const CURRENT_FORMAT: u64 = 3;', { dbModule: true }), [{ name: 'CURRENT_FORMAT', value: 3, format: true }]);
    assert.deepEqual(schemaVersionDecls('const CURRENT_FORMAT: u64 = 3;'), []);
    assert.deepEqual(schemaVersionDecls('let format = 3;', { dbModule: true }), []);
  });
});

describe('schema version: raised in a real repository', () => {
  const repo = new TestRepo();
  let report: Report;
  // A database module that upgrades its store when the format it finds is older.
  const storeDb = (v: number) => `const CURRENT_FORMAT: u64 = ${v};\n\nfn open(db: &DB) { if db.format() < CURRENT_FORMAT { upgrade_store(db); } }\n`;
  // The state a browser keeps in localStorage, versioned (a Redux store): no database of the operator's.
  const reduxStore = (v: number) => `import { configureStore } from '@reduxjs/toolkit';\n\nexport const FORMAT_VERSION = ${v};\n\nexport function load(): unknown {\n  const raw = localStorage.getItem('state');\n  const s = raw ? JSON.parse(raw) : null;\n  return s?.version === FORMAT_VERSION ? s.state : undefined;\n}\n\nexport const store = configureStore({ reducer: {}, preloadedState: load() as never });\n`;
  // The version of the JSON export files a tool writes.
  const exportFile = (v: number) => `package export\n\n// CurrentFormat is the version of the JSON export files this tool writes.\nconst CurrentFormat = ${v}\n\ntype File struct {\n\tFormat int \`json:"format"\`\n}\n\nfunc NewFile() File { return File{Format: CurrentFormat} }\n`;
  const db = (versions: string) => `class DB:\n    DB_VERSIONS = [${versions}]\n\n    def open(self):\n        if self.db_version != max(self.DB_VERSIONS):\n            self.upgrade_db()\n`;
  before(async () => {
    repo.commit('init', {
      'README.md': '# server\n',
      'server/db.py': db('6, 7'),
      'server/history.py': db('0'),
      'server/lists.py': db('6, 7, 8'),
      'server/api.py': 'SUPPORTED_VERSIONS = [1, 2]\n',
      'src/cache.rs': 'const CURRENT_FORMAT: u64 = 1;\n',
      'store/src/db.rs': storeDb(1),
      // review10 F5: a front-end state store's and an export file's format, in files named like a database module
      'web/package.json': '{"name":"web","private":true}\n',
      'web/src/app/store.ts': reduxStore(2),
      'src/export/storage.go': exportFile(1),
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      'server/db.py': db('6, 7, 8'),
      'server/history.py': db('0, 1'),
      // the oldest version dropped: the highest stays, nothing to upgrade
      'server/lists.py': db('7, 8'),
      'server/api.py': 'SUPPORTED_VERSIONS = [1, 2, 3]\n',
      // a cache's format is rebuilt, not a database's
      'src/cache.rs': 'const CURRENT_FORMAT: u64 = 2;\n',
      'store/src/db.rs': storeDb(2),
      'web/src/app/store.ts': reduxStore(3),
      'src/export/storage.go': exportFile(2),
      // electrs 0.9: the module that opens the database is new, with its format's version
      'src/db.rs': 'const CURRENT_FORMAT: u64 = 0;\n\nfn open() { if config.format != CURRENT_FORMAT { reindex(); } }\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('the highest supported database version raised is a schema change that needs a note', () => {
    for (const [p, from, to] of [['server/db.py', 7, 8], ['server/history.py', 0, 1]] as const) {
      const i = impactAt(report, p);
      assert.ok(isMigration(i), p);
      const f = i!.findings.find((x) => x.kind === 'schema-change');
      assert.equal(f?.message, `raises the schema version DB_VERSIONS from ${from} to ${to}: the database is upgraded when this version starts`);
      assert.equal(f?.line, 2);
      assert.match(translateMessage(f!.message!) ?? '', /将数据库结构版本 DB_VERSIONS 从/);
    }
  });
  it('a format version in the database module, raised or new, is a schema change', () => {
    assert.ok(isMigration(impactAt(report, 'store/src/db.rs')));
    const i = impactAt(report, 'src/db.rs');
    assert.ok(isMigration(i));
    assert.match(i!.findings[0].message ?? '', /declares the schema version CURRENT_FORMAT = 0/);
  });
  it('a list whose highest member stays, an API version list, a cache format and a format in a store that migrates nothing are nothing', () => {
    for (const p of ['server/lists.py', 'server/api.py', 'src/cache.rs', 'web/src/app/store.ts', 'src/export/storage.go']) assert.equal(impactAt(report, p), undefined, p);
  });
});
