import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze, type Report } from '../../../src/core';
import { compileLinear } from '../../../src/core/rules/linearRegex';
import { BUILTIN_RULES } from '../../../src/core/rules/packs';
import { TestRepo } from '../../helpers/repo';
import { assertLinear, repeatTo } from '../hostile/timing';

/**
 * A framework's migration outside the folder its pack rule names, recognised by the
 * framework's own signature in the file (issue 11): an Alembic revision in the `versions/`
 * folder of a script location called anything (Asterisk's `contrib/ast-db-manage/config/versions/`),
 * a Doctrine `Version<timestamp>.php` in a `Migration/` folder (AzuraCast's `src/Entity/Migration/`).
 */

const ALEMBIC = `"""add qualify 2xx only option

Revision ID: 44bd6dd914fa
Revises: 4f91fc18c979
"""

# revision identifiers, used by Alembic.
revision = '44bd6dd914fa'
down_revision = '4f91fc18c979'

from alembic import op
import sqlalchemy as sa


def upgrade():
    op.add_column('ps_aors', sa.Column('qualify_2xx_only', sa.Boolean))


def downgrade():
    op.drop_column('ps_aors', 'qualify_2xx_only')
`;

const DOCTRINE = `<?php

declare(strict_types=1);

namespace App\\Entity\\Migration;

use Doctrine\\DBAL\\Schema\\Schema;
use Doctrine\\Migrations\\AbstractMigration;

final class Version20240702170603 extends AbstractMigration
{
    public function up(Schema $schema): void
    {
        $this->addSql('UPDATE station SET backend_config = NULL');
    }
}
`;

describe('framework migrations recognised by their signature, wherever they live', () => {
  const repo = new TestRepo();
  let report: Report;
  before(async () => {
    repo.commit('init', { 'README.md': '# pbx\n', 'src/Entity/Station.php': '<?php\nclass Station {}\n' });
    repo.checkout('feature', true);
    repo.commit('feature', {
      // an Alembic revision under a script location not named alembic/ or migrations/ (and under contrib/)
      'contrib/ast-db-manage/config/versions/44bd6dd914fa_add_qualify_2xx_only_option.py': ALEMBIC,
      // a versions/ module that declares no revision chain
      'tools/versions/schema_names.py': "NAMES = ['a', 'b']\nrevision = 3\n",
      // a Doctrine migration in a singular Migration/ folder, with data statements only
      'src/Entity/Migration/Version20240702170603.php': DOCTRINE,
      // a class named Version… that is no migration
      'src/Version2024.php': '<?php\nfinal class Version2024 extends AbstractVersion {}\n',
      // a revision file in a test fixture stays a test's
      'tests/fixtures/versions/1a2b_fixture.py': ALEMBIC,
    });
    report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
  });
  after(() => repo.dispose());

  const impact = (path: string) => report.impacts.find((i) => i.path === path);

  it('an Alembic revision in any versions/ folder is an Alembic migration that needs a note', () => {
    const i = impact('contrib/ast-db-manage/config/versions/44bd6dd914fa_add_qualify_2xx_only_option.py');
    assert.ok(i, `an impact for the revision (got ${report.impacts.map((x) => `${x.path} ${x.rule}`).join(', ')})`);
    assert.equal(i.rule, 'alembic.revision');
    assert.equal(i.category, 'migration');
    assert.equal(i.requiresNote, true);
    assert.ok(i.checklist?.some((s) => s.phase === 'Deploy' && s.text.includes('alembic upgrade head')));
    assert.ok(i.checklist?.some((s) => s.phase === 'Rollback' && s.text.includes('alembic downgrade -1')));
  });

  it('a versions/ module without a revision chain is no migration', () => {
    const i = impact('tools/versions/schema_names.py');
    assert.ok(!i || i.category !== 'migration', `not a migration: ${i?.rule}`);
  });

  it('a Doctrine Version<timestamp>.php extending AbstractMigration is a Doctrine migration, whatever its folder', () => {
    const i = impact('src/Entity/Migration/Version20240702170603.php');
    assert.ok(i, 'an impact for the Doctrine migration');
    assert.equal(i.rule, 'doctrine.version');
    assert.equal(i.requiresNote, true);
    assert.ok(i.checklist?.some((s) => s.text.includes('doctrine:migrations:migrate')));
  });

  it('a Version… class that extends no migration base, and a fixture revision, are no migrations', () => {
    const v = impact('src/Version2024.php');
    assert.ok(!v || v.category !== 'migration', `not a migration: ${v?.rule}`);
    assert.equal(impact('tests/fixtures/versions/1a2b_fixture.py'), undefined);
  });
});

describe('the signature conditions cost linear time', () => {
  for (const id of ['alembic.revision', 'doctrine.version']) {
    const rule = BUILTIN_RULES.find((r) => r.id === id);
    it(`${id}: its content condition on near-miss lines`, () => {
      assert.ok(rule?.content, `${id} has a content condition`);
      const re = compileLinear(rule.content);
      const units = id === 'alembic.revision' ? ['down_revision :', 'down_revision: Union[str, ', 'down_revision \t'] : ['extends ', 'extends \\Doctrine\\Migrations\\', 'extends \t'];
      for (const unit of units) {
        const make = (n: number) => (unit.startsWith('down') ? unit + repeatTo(' ', n) : repeatTo(unit, n));
        const r = assertLinear(`${id}: ${JSON.stringify(unit)}`, make, (text) => re.test(text));
        assert.ok(r.large < 2000);
        // one 1 MB line of the near miss
        const t0 = process.cpuUsage();
        assert.equal(re.test(make(1024 * 1024)), false);
        const t = process.cpuUsage(t0);
        assert.ok((t.user + t.system) / 1000 < 2000, `1 MB line in ${(t.user + t.system) / 1000} ms`);
      }
    });
  }
});
