/**
 * The config-reader messages (analyzers/configReader.ts) embed the profile's evidence; when the
 * module was learned from Go field tags that evidence is `X declares N config keys in field tags (…)`,
 * which has its own catalog row. Every config-reader message translates it (review9 F3): no English
 * left in the Chinese message. And the catalog holds each English template once (a second row is dead).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configReaderFindings } from '../../../src/core/analyzers/configReader';
import type { Change } from '../../../src/core/types';
import { MESSAGES, translateMessage } from '../../../src/core/l10n/catalog';
import { englishSentences } from './english';

const EVIDENCE = 'pkg/config/config.go declares 12 config keys in field tags (pkg/config/config.go:4 `Port int `toml:"port"``)';

function findings(path: string, oldText: string, newText: string) {
  const a = oldText.split('\n');
  const b = newText.split('\n');
  const change: Change = { status: 'modified', path, oldPath: null, oldBlob: null, newBlob: null, binary: false, hunks: [{ oldStart: 1, oldLines: a.length, newStart: 1, newLines: b.length, removed: a, added: b }] };
  return configReaderFindings(change, oldText, newText, EVIDENCE);
}

describe('config-reader messages translate a field-tag evidence (zh-CN)', () => {
  it('no longer reads / now refuses / reads new required: the evidence is Chinese too', () => {
    const go = findings(
      'pkg/config/config.go',
      'package config\nfunc load() {\n\ta := viper.GetString("worker_app")\n\tb := viper.GetString("gone_key")\n}\n',
      'package config\nfunc load() {\n\ta := viper.GetString("worker_app")\n\tif a != "" {\n\t\tpanic("worker_app is no longer supported")\n\t}\n}\n',
    );
    const py = findings('app/config.py', 'a = config.get("old_key")\n', 'a = config.get("old_key")\nb = config["new_key"]\n');
    const messages = [...go, ...py].map((f) => f.message);
    assert.deepEqual(messages.map((m) => m.split(' (')[0]), ['no longer reads config key gone_key', 'now refuses config key worker_app, which it used to read', 'reads new required config key new_key']);
    for (const m of messages) {
      const zh = translateMessage(m);
      assert.ok(zh && zh.includes('在字段标签中声明了 12 个配置键'), `${m} → ${zh}`);
      assert.equal(englishSentences(zh!), '', zh!);
    }
  });
  it('no config-reader template has two rows', () => {
    const rows = MESSAGES.filter(([en]) => en.includes('config key {key}')).map(([en]) => en);
    assert.deepEqual(rows, [...new Set(rows)]);
  });
});
