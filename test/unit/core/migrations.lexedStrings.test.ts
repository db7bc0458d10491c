import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, type Report } from '../../../src/core';
import { codeStrings, lexedDdlLanguage } from '../../../src/core/analyzers/ddlStrings';
import { TestRepo } from '../../helpers/repo';
import { assertLinear, repeatTo } from '../hostile/timing';
import { impactAt, isMigration } from '../../helpers/impacts';

// Issue 11, session 14 (mig13c): DDL in the string literals of Perl, Erlang, Haskell, Clojure and Swift
// code, which the lexers read but the DDL reader skipped. Seen in dev projects of two ecosystems:
// hydra-head (Haskell; 2.1.0's new `Hydra/Events/SQLiteBased.hs`: `execute_ conn "CREATE TABLE IF NOT
// EXISTS events \ \(…)"`, a string with a gap) and zonemaster-backend (Perl; per-version patch scripts
// `share/patch/patch_db_zonemaster_backend_ver_*.pl`: `$dbh->do( 'ALTER TABLE …' )`). With the
// look-alikes that stay silent: DDL words in comments and prose strings, and a test's file.

const HYDRA = `module Hydra.Events.SQLiteBased where

import Database.SQLite.Simple

-- | CREATE TABLE events is run on open.
createEventsTable :: Connection -> IO ()
createEventsTable conn =
  execute_
    conn
    "CREATE TABLE IF NOT EXISTS events \\
    \\(event_id INTEGER NOT NULL PRIMARY KEY, event_data BLOB NOT NULL)"

selectLastEventId :: Connection -> IO [Only Word64]
selectLastEventId conn =
  query_ conn "SELECT event_id FROM events ORDER BY event_id DESC LIMIT 1"
`;

const HASKELL_QQ = `module Store.Schema where

squares = [x*x|x<-xs]

migrate :: Connection -> IO ()
migrate conn = execute_ conn [sql|
  ALTER TABLE checkpoints ADD COLUMN slot_no INTEGER;
|]
`;

const ZONEMASTER = `use strict;
use warnings;
use Zonemaster::Backend::Config;

my $config = Zonemaster::Backend::Config->load_config();
my $dbh = $config->new_DB()->dbh;

# ALTER TABLE test_results is done below
$dbh->do( 'ALTER TABLE test_results ADD COLUMN undelegated BOOLEAN NOT NULL DEFAULT false' );
$dbh->do(<<"SQL");
CREATE INDEX IF NOT EXISTS test_results__hash_id ON test_results (hash_id)
SQL
print "done\\n";
`;

const ERLANG = `-module(mod_archive_sql).
-export([update_schema/1]).

%% CREATE TABLE archive is not run here
update_schema(Host) ->
    ejabberd_sql:sql_query(Host, [<<"ALTER TABLE archive ADD COLUMN origin_id text;">>]),
    ok.
`;

const CLOJURE = `(ns app.migrations.sql)

;; CREATE TABLE in a comment
(def migration-0042
  "ALTER TABLE file ADD COLUMN features text[] NULL;")
`;

const SWIFT = `import SQLite

// CREATE TABLE in a comment
let migration = """
CREATE TABLE IF NOT EXISTS bookmarks (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL
);
"""
`;

describe('generic: DDL in the strings of Perl, Erlang, Haskell, Clojure and Swift code', () => {
  it('knows these languages by their extension (Haskell included, which languageOfPath leaves out)', () => {
    assert.equal(lexedDdlLanguage('hydra-node/src/Hydra/Events/SQLiteBased.hs'), 'haskell');
    assert.equal(lexedDdlLanguage('share/patch/patch_db_zonemaster_backend_ver_11.2.0.pl'), 'perl');
    assert.equal(lexedDdlLanguage('src/mod_archive_sql.erl'), 'erlang');
    assert.equal(lexedDdlLanguage('backend/src/app/migrations/sql.clj'), 'clojure');
    assert.equal(lexedDdlLanguage('Sources/Store/Schema.swift'), 'swift');
    assert.equal(lexedDdlLanguage('src/db.go'), null, 'read by the C-like scanner already');
    assert.equal(lexedDdlLanguage('db/schema.sql'), null);
    assert.equal(lexedDdlLanguage('docs/x.hs/readme'), null);
    // tests by the languages' own conventions
    for (const t of ['t/db.t', 'src/Store/SchemaSpec.hs', 'Tests/StoreSpec.swift', 'src/mod_mam_SUITE.erl']) assert.equal(lexedDdlLanguage(t), null, t);
  });

  it('reads each language\'s literals: a Haskell string gap and quasi-quote, a Perl heredoc and q{}, an Erlang binary, a Swift """', () => {
    const hs = codeStrings('x.hs', HYDRA).find((l) => l.value.includes('CREATE TABLE'));
    assert.ok(hs && hs.line === 10 && hs.endLine === 11 && /events\s+\(event_id/.test(hs.value), JSON.stringify(hs));
    const qq = codeStrings('x.hs', HASKELL_QQ).find((l) => l.value.includes('ALTER TABLE'));
    assert.ok(qq && qq.line === 6 && qq.endLine === 8, JSON.stringify(qq));
    // the list comprehension before it opens no quote
    assert.ok(!codeStrings('x.hs', HASKELL_QQ).some((l) => l.value.includes('x<-xs')));
    const pl = codeStrings('x.pl', ZONEMASTER).map((l) => l.value);
    assert.ok(pl.includes('ALTER TABLE test_results ADD COLUMN undelegated BOOLEAN NOT NULL DEFAULT false'), JSON.stringify(pl));
    assert.ok(pl.some((v) => v.startsWith('CREATE INDEX IF NOT EXISTS test_results__hash_id')), JSON.stringify(pl));
    assert.ok(!pl.some((v) => v.includes('is done below')), 'a comment is no string');
    assert.ok(codeStrings('x.pl', 'my $q = q{DROP TABLE old_jobs};\n').some((l) => l.value === 'DROP TABLE old_jobs'));
    assert.ok(codeStrings('x.erl', ERLANG).some((l) => l.value === 'ALTER TABLE archive ADD COLUMN origin_id text;'));
    assert.ok(!codeStrings('x.erl', ERLANG).some((l) => l.value.includes('is not run')));
    assert.ok(codeStrings('x.clj', CLOJURE).some((l) => l.value.startsWith('ALTER TABLE file')));
    assert.ok(codeStrings('x.swift', SWIFT).some((l) => l.value.includes('CREATE TABLE IF NOT EXISTS bookmarks') && l.line === 4));
  });

  describe('in a real repository', () => {
    const repo = new TestRepo();
    let report: Report;
    before(async () => {
      repo.commit('init', {
        'README.md': '# node\n',
        'hydra-node/src/Hydra/Events/FileBased.hs': 'module Hydra.Events.FileBased where\n',
        'share/patch/patch_db_zonemaster_backend_ver_11.1.0.pl': 'use strict;\nprint "nothing\\n";\n',
        'src/help.pl': 'print "usage\\n";\n',
      });
      repo.checkout('feature', true);
      repo.commit('feature', {
        'hydra-node/src/Hydra/Events/SQLiteBased.hs': HYDRA,
        'kupo/src/Store/Schema.hs': HASKELL_QQ,
        'share/patch/patch_db_zonemaster_backend_ver_11.2.0.pl': ZONEMASTER,
        'src/mod_archive_sql.erl': ERLANG,
        'backend/src/app/migrations/sql.clj': CLOJURE,
        'Sources/Store/Schema.swift': SWIFT,
        // look-alikes: DDL words in a comment only, in a prose string, and a test's file
        'hydra-node/src/Hydra/Events/Doc.hs': 'module Hydra.Events.Doc where\n\n-- CREATE TABLE events is run on open\nnote = "events are stored"\n',
        'src/help.pl': 'print "usage: run the patch scripts to create table indexes\\n";\n# ALTER TABLE x ADD y int\n',
        'lib/Zonemaster/Prose.pm': 'package Prose;\nmy $msg = "Please ALTER TABLE permissions in your head";\n1;\n',
        'hydra-node/test/Hydra/Events/SQLiteBasedSpec.hs': HYDRA,
        't/db.t': ZONEMASTER,
        'src/Store/SchemaSpec.hs': HYDRA,
      });
      report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    });
    after(() => repo.dispose());

    it('each language\'s DDL is a schema change with its statement', () => {
      const cases: [string, RegExp][] = [
        ['hydra-node/src/Hydra/Events/SQLiteBased.hs', /events/],
        ['kupo/src/Store/Schema.hs', /checkpoints/],
        ['share/patch/patch_db_zonemaster_backend_ver_11.2.0.pl', /test_results/],
        ['src/mod_archive_sql.erl', /archive/],
        ['backend/src/app/migrations/sql.clj', /file/],
        ['Sources/Store/Schema.swift', /bookmarks/],
      ];
      for (const [p, table] of cases) {
        const i = impactAt(report, p);
        assert.ok(isMigration(i), `${p}: ${i?.rule} ${JSON.stringify(report.impacts.map((x) => [x.path, x.rule]))}`);
        assert.equal(i!.rule, 'generic.code-ddl', p);
        assert.ok(i!.findings.some((f) => f.kind === 'schema-change' && table.test(f.message)), `${p}: ${JSON.stringify(i!.findings)}`);
      }
    });

    it('DDL words in comments or prose strings, and a test\'s files, are no schema change', () => {
      for (const p of ['hydra-node/src/Hydra/Events/Doc.hs', 'src/help.pl', 'lib/Zonemaster/Prose.pm', 'hydra-node/test/Hydra/Events/SQLiteBasedSpec.hs', 't/db.t', 'src/Store/SchemaSpec.hs']) {
        assert.ok(!isMigration(impactAt(report, p)), `${p}: ${JSON.stringify(impactAt(report, p))}`);
      }
    });
  });

  it('reading Haskell quasi-quotes is linear (openers without a close, list comprehensions, nested openers)', () => {
    for (const unit of ['[x|x<-xs] ', '[sql|', '[a|[b|[c| |]', '[r|CREATE TABLE t (a int)|] ', '|][q|']) {
      const r = assertLinear(`quasi-quotes: ${JSON.stringify(unit)}`, (n) => repeatTo(unit, n), (text) => codeStrings('x.hs', text));
      assert.ok(r.large < 2000);
    }
  });
});
