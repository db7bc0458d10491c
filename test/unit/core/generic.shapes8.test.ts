import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, translateMessage, type Report } from '../../../src/core';
import { isQualifiedSchemaVersionName, schemaVersionDecls } from '../../../src/core/analyzers/ddl';
import { TestRepo } from '../../helpers/repo';
import { impactAt, isMigration } from '../../helpers/impacts';

// Issue 11, session 8: a schema version constant in the shapes key-value stores and embedded
// SQLite use in any language — the number wrapped in a newtype (`SchemaVersion(9)`: LevelDB /
// RocksDB stores in Rust, a `new DbVersion(3)` in Java) and a version named after the store it
// versions (`SQL_MARF_SCHEMA_VERSION`, `CHAINSTATE_DB_VERSION`), the latter only beside a
// migration. Each with the look-alikes that must stay silent.

describe('generic layer: a schema version in a newtype or named after its store (real repository)', () => {
  const repo = new TestRepo();
  let report: Report;
  before(async () => {
    repo.commit('init', {
      'README.md': '# node\n',
      // a LevelDB store's version as a newtype; the upgrade lives in another module
      'store/src/metadata.rs': 'use crate::StoreItem;\n\npub const CURRENT_SCHEMA_VERSION: SchemaVersion = SchemaVersion(8);\npub const SPLIT_KEY: u8 = 2;\n\npub struct SchemaVersion(pub u64);\n',
      // an SQLite index named after its store, migrated in the same file
      'index/src/trie_sql.rs': 'pub static SQL_MARF_SCHEMA_VERSION: u64 = 2;\n\npub fn migrate_tables_if_needed(conn: &Connection) -> Result<u64, Error> {\n    Ok(SQL_MARF_SCHEMA_VERSION)\n}\n',
      'src/main/java/org/db/Storage.java': 'class Storage {\n  private static final DbVersion CURRENT_DB_VERSION = new DbVersion(3);\n}\n',
      // look-alikes
      'cache/src/lib.rs': 'pub const BLOCK_CACHE_SCHEMA_VERSION: u32 = 1;\npub fn rebuild() {}\n',
      'src/peers.rs': 'pub const PEER_DB_VERSION: u32 = 4;\npub fn open() {}\n',
      'api/src/openapi.rs': 'pub const OPENAPI_SCHEMA_VERSION: u32 = 3;\npub fn upgrade_client() {}\n',
      'src/release.go': 'package release\n\nvar SchemaVersion = Version(1, 2, 3)\n',
    });
    repo.checkout('feature', true);
    repo.commit('feature', {
      'store/src/metadata.rs': 'use crate::StoreItem;\n\npub const CURRENT_SCHEMA_VERSION: SchemaVersion = SchemaVersion(9);\npub const SPLIT_KEY: u8 = 2;\n\npub struct SchemaVersion(pub u64);\n',
      'index/src/trie_sql.rs': 'pub static SQL_MARF_EXTERNAL_BLOBS_SCHEMA_VERSION: u64 = 2;\npub static SQL_MARF_SCHEMA_VERSION: u64 = 3;\n\npub fn migrate_tables_if_needed(conn: &Connection) -> Result<u64, Error> {\n    Ok(SQL_MARF_SCHEMA_VERSION)\n}\n',
      'src/main/java/org/db/Storage.java': 'class Storage {\n  private static final DbVersion CURRENT_DB_VERSION = new DbVersion(4);\n}\n',
      // a cache's format version raised (rebuilt, never migrated), a store-named version with no
      // migration in its file (a comment saying "migrate" is not one), an API schema beside an
      // upgrade function, a release version in a newtype
      'cache/src/lib.rs': 'pub const BLOCK_CACHE_SCHEMA_VERSION: u32 = 2;\npub fn rebuild() {}\npub fn upgrade_entries() {}\n',
      'src/peers.rs': 'pub const PEER_DB_VERSION: u32 = 5;\npub fn open() {}\n// migrate later\n',
      'api/src/openapi.rs': 'pub const OPENAPI_SCHEMA_VERSION: u32 = 4;\npub fn upgrade_client() {}\n',
      'src/release.go': 'package release\n\nvar SchemaVersion = Version(1, 3, 0)\n',
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  it('a schema version held in a newtype and raised is a schema change that needs a note', () => {
    const i = impactAt(report, 'store/src/metadata.rs');
    assert.ok(isMigration(i), JSON.stringify(i?.findings));
    // the type of the declaration is not read as a second constant
    assert.deepEqual(i!.findings.filter((f) => f.kind === 'schema-change').map((f) => f.message), ['raises the schema version CURRENT_SCHEMA_VERSION from 8 to 9: the database is upgraded when this version starts']);
    assert.ok(translateMessage(i!.findings[0].message)?.includes('CURRENT_SCHEMA_VERSION'));
    const j = impactAt(report, 'src/main/java/org/db/Storage.java');
    assert.ok(isMigration(j), 'new DbVersion(4)');
  });

  it('a version named after its store and raised in a file that migrates is one, a new sibling constant is not', () => {
    const i = impactAt(report, 'index/src/trie_sql.rs');
    assert.ok(isMigration(i));
    assert.deepEqual(i!.findings.filter((f) => f.kind === 'schema-change').map((f) => f.message), ['raises the schema version SQL_MARF_SCHEMA_VERSION from 2 to 3: the database is upgraded when this version starts']);
  });

  it('a cache version, a store-named version with no migration, an API schema and a release are not', () => {
    for (const p of ['cache/src/lib.rs', 'src/peers.rs', 'api/src/openapi.rs', 'src/release.go']) {
      const i = impactAt(report, p);
      assert.ok(!i || i.category !== 'migration', `${p}: ${i?.rule} ${JSON.stringify(i?.findings)}`);
    }
  });

  it('reads the names and the wrapped values', () => {
    const one = (l: string, qualified = false) => schemaVersionDecls(l, { qualified }).map((d) => `${d.name}=${d.value}`);
    assert.deepEqual(one('pub const CURRENT_SCHEMA_VERSION: SchemaVersion = SchemaVersion(19);'), ['CURRENT_SCHEMA_VERSION=19']);
    assert.deepEqual(one('static final DbVersion DB_VERSION = new DbVersion(3);'), ['DB_VERSION=3']);
    assert.deepEqual(one('const SCHEMA_VERSION: Version = Version::new(7);'), ['SCHEMA_VERSION=7']);
    assert.deepEqual(one('var SchemaVersion = Version(1, 2, 3)'), []);
    assert.deepEqual(one('pub static SQL_MARF_SCHEMA_VERSION: u64 = 3;'), []);
    assert.deepEqual(one('pub static SQL_MARF_SCHEMA_VERSION: u64 = 3;', true), ['SQL_MARF_SCHEMA_VERSION=3']);
    assert.deepEqual(one('const chainstateDbVersion = 11', true), ['chainstateDbVersion=11']);
    assert.deepEqual(one('let peer_db_version = 4;', true), []);
    for (const n of ['SQL_MARF_SCHEMA_VERSION', 'CHAINSTATE_DB_VERSION', 'BURNCHAIN_DB_SCHEMA_VERSION', 'kIndexDatabaseVersion']) assert.ok(isQualifiedSchemaVersionName(n), n);
    for (const n of ['SCHEMA_VERSION', 'JSON_SCHEMA_VERSION', 'API_SCHEMA_VERSION', 'CONFIG_SCHEMA_VERSION', 'BLOCK_CACHE_SCHEMA_VERSION', 'MIN_DB_VERSION', 'MAX_FLUSHABLE_SCHEMA_VERSION', 'PROTOCOL_VERSION', 'SCHEMA_VERSION_KEY', 'DB_VERSION_MAJOR']) assert.ok(!isQualifiedSchemaVersionName(n), n);
  });
});
