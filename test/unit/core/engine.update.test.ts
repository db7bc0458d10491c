import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, AnalysisSession, type Report } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';

/** A report as plain data (the JSON the CLI would print). */
function comparable(r: Report): unknown {
  return JSON.parse(JSON.stringify(r));
}

/**
 * The editor's incremental path: after each save, `session.update([file])` must give the
 * report a fresh analysis of the same working tree gives, whatever the save changed
 * (env reads appearing and disappearing, a declaration, a migration, a note).
 */
describe('AnalysisSession.update equals a fresh analysis after every save', () => {
  const repo = new TestRepo();
  after(() => repo.dispose());
  repo.commit('base', {
    'src/a.js': 'module.exports = process.env.OLD_SETTING;\n',
    'src/b.js': 'module.exports = 1;\n',
    '.env.example': 'OLD_SETTING=1\n',
    'db/migrate/20240101000000_init.rb': 'class Init < ActiveRecord::Migration[7.1]\n  def change\n    create_table :users\n  end\nend\n',
  });
  repo.checkout('wip', true);
  repo.write({ 'src/c.js': 'module.exports = process.env.SHARED_FLAG;\n' });

  const saves: [string, string | null][] = [
    ['src/b.js', 'module.exports = process.env.NEW_ONE;\n'],
    ['src/c.js', 'module.exports = process.env.SHARED_FLAG + process.env.NEW_ONE;\n'],
    ['.env.example', 'OLD_SETTING=1\nNEW_ONE=\n'],
    ['src/b.js', 'module.exports = 2;\n'],
    ['src/a.js', 'module.exports = 0;\n'],
    ['.env.example', 'NEW_ONE=\n'],
    ['db/migrate/20240102000000_drop.rb', 'class Drop < ActiveRecord::Migration[7.1]\n  def change\n    remove_column :users, :name\n  end\nend\n'],
    ['.handoff/notes/2024-01-02-drop.md', '# Drop name\n\nCovers: db/migrate/20240102000000_drop.rb\n\n## Deploy\n- [ ] run migrations\n'],
    ['src/c.js', null],
    ['src/a.js', 'module.exports = process.env.OLD_SETTING;\n'],
    ['.env.example', 'OLD_SETTING=1\n'],
  ];

  it('for a sequence of saves', async () => {
    const session = await AnalysisSession.open({ repo: repo.dir, base: 'main' });
    assert.deepEqual(comparable(await session.result()), comparable(await analyze({ repo: repo.dir, base: 'main' })));
    const sets: string[] = [];
    for (const [path, content] of saves) {
      if (content === null) repo.remove(path);
      else repo.write({ [path]: content });
      const incremental = await session.update([path]);
      const fresh = await analyze({ repo: repo.dir, base: 'main' });
      assert.deepEqual(comparable(incremental), comparable(fresh), `after saving ${path}`);
      sets.push(`+${incremental.envVars.added.join(',')} -${incremental.envVars.removed.join(',')}`);
    }
    // The sequence did move names in and out of the env sets.
    assert.deepEqual(sets, [
      '+NEW_ONE,SHARED_FLAG -',
      '+NEW_ONE,SHARED_FLAG -',
      '+NEW_ONE,SHARED_FLAG -',
      '+NEW_ONE,SHARED_FLAG -',
      // src/a.js stops reading OLD_SETTING while .env.example still lists it: nothing reads it, removed
      '+NEW_ONE,SHARED_FLAG -OLD_SETTING',
      '+NEW_ONE,SHARED_FLAG -OLD_SETTING',
      '+NEW_ONE,SHARED_FLAG -OLD_SETTING',
      '+NEW_ONE,SHARED_FLAG -OLD_SETTING',
      '+NEW_ONE -OLD_SETTING',
      '+NEW_ONE -',
      '+ -',
    ]);
  });
});
