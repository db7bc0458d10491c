import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseNote } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';
import { ensureCliBuilt, runCli } from '../cli/checkHelpers';
import { englishSentences } from './english';

/** `HANDOFF_LANG=zh-cn handoff check | changelog | note new`: no English sentence (identifiers, paths, commands excepted). */
describe('CLI in Simplified Chinese', () => {
  const repo = new TestRepo();
  const zh = { HANDOFF_LANG: 'zh-cn' };
  before(() => {
    ensureCliBuilt();
    repo.commit('init', {
      'manage.py': 'import os\n',
      'accounts/migrations/0001_initial.py': 'from django.db import migrations\nclass Migration(migrations.Migration):\n    initial = True\n    dependencies = []\n    operations = []\n',
      'app/settings.py': "import os\nOLD = os.environ['LEGACY_TOKEN']\n",
      'config/settings.yml': 'mail:\n  smtp_host: localhost\ncache:\n  ttl: 60\n',
      'package.json': '{\n  "name": "app",\n  "dependencies": {\n    "express": "^4.18.2",\n    "left-pad": "1.0.0"\n  }\n}\n',
    });
    repo.git('tag', 'v1.0.0');
    repo.checkout('feature', true);
    repo.commit('work', {
      'accounts/migrations/0002_remove_account_legacy_plan.py': "from django.db import migrations\nclass Migration(migrations.Migration):\n    dependencies = [('accounts', '0001_initial')]\n    operations = [\n        migrations.RemoveField(model_name='account', name='legacy_plan'),\n        migrations.RenameField(model_name='account', old_name='plan', new_name='tier'),\n    ]\n",
      'app/settings.py': "import os\nKEY = os.environ['BILLING_API_KEY']\nT = os.environ.get('HTTP_TIMEOUT', '5')\n",
      'config/settings.yml': 'mail:\n  relay_host: localhost\ncache:\n  ttl: 300\n',
      'package.json': '{\n  "name": "app",\n  "dependencies": {\n    "express": "^5.0.0",\n    "left-pad": "1.0.0",\n    "lodash": "^4.17.21"\n  }\n}\n',
    });
  });
  after(() => repo.dispose());

  const noEnglish = (out: string, what: string) => {
    const lines = out.split('\n').filter((l) => englishSentences(l) !== '');
    assert.deepEqual(lines, [], `${what}: English left in\n${out}`);
  };

  it('check (text, markdown and GitHub formats)', () => {
    for (const format of ['text', 'markdown', 'github']) {
      const r = runCli(['check', '--repo', repo.dir, '--base', 'main', '--head', 'feature', '--format', format], { env: zh });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /删除列 account\.legacy_plan：列中数据将丢失/);
      noEnglish(r.stdout, `check --format ${format}`);
    }
    const flag = runCli(['--lang', 'zh-cn', 'check', '--repo', repo.dir, '--base', 'main', '--head', 'feature'], { env: { HANDOFF_LANG: '', LANG: 'C' } });
    assert.match(flag.stdout, /需要部署说明/, '--lang chooses the language too');
  });

  it('note new drafts the whole note in Chinese; changelog markdown and html are Chinese too', () => {
    repo.checkout('feature');
    const r = runCli(['note', 'new', '--repo', repo.dir, '--base', 'main'], { cwd: repo.dir, env: zh });
    assert.equal(r.code, 0, r.stderr);
    noEnglish(r.stderr, 'note new (stderr)');
    const notePath = r.stdout.trim();
    const text = repo.read(notePath);
    noEnglish(text, 'drafted note');
    const note = parseNote(notePath, text).note!;
    assert.deepEqual(note.sections.map((s) => s.title), ['部署前', '部署', '部署后', '验证', '回滚']);
    assert.ok(note.items.some((i) => i.text.includes('`python manage.py migrate accounts 0001_initial`')), text);
    repo.commit('note');
    for (const format of ['markdown', 'html']) {
      const c = runCli(['changelog', '--repo', repo.dir, '--from', 'main', '--format', format], { env: zh });
      assert.equal(c.code, 0, c.stderr);
      noEnglish(format === 'html' ? c.stdout.replace(/<style>[\s\S]*<\/style>/, '') : c.stdout, `changelog --format ${format}`);
    }
  });
});
