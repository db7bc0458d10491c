/**
 * The generic layer's messages (operator templates, config readers, changed env defaults,
 * schema auto-sync) are written by the engine, not by an Analyzer the catalog test wraps: run
 * them on a real repository and require a Simplified Chinese row for every message.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, localizeTitle, translateMessage } from '../../../src/core';
import { renderReport } from '../../../src/core/report';
import { TestRepo } from '../../helpers/repo';
import { notChinese } from './english';

describe('l10n: messages of the generic layer', () => {
  const repo = new TestRepo('generic-l10n');
  after(() => repo.dispose());
  repo.commit('init', {
    'config/app.example.yml': 'db:\n  host: localhost\n  pool: 5\nlegacy_mode: false\n',
    'config/app.default.yml': 'workers: 4\nqueue: default\n',
    'deploy/nginx.conf.example': 'server {\n  listen 80;\n}\n',
    'app/settings.py': 'import os\nPORT = int(os.getenv("APP_PORT", "8080"))\n',
    'cmd/app/main.go': 'package main\n\nfunc main() {\n\tdb.AutoMigrate(&models.User{})\n}\n',
    'models/user.go': 'package models\n\ntype User struct {\n\tID uint `gorm:"primaryKey"`\n}\n',
  });
  repo.checkout('feature', true);
  repo.commit('change', {
    'config/app.example.yml': 'db:\n  host: db.internal\n  pool: 5\n  timeout: 30\n',
    'config/app.default.yml': 'workers: 8\nqueue: default\n',
    'app/settings.py': 'import os\nPORT = int(os.getenv("APP_PORT", "9090"))\n',
    'models/user.go': 'package models\n\ntype User struct {\n\tID uint `gorm:"primaryKey"`\n\tEmail string `gorm:"uniqueIndex"`\n}\n',
  });

  it('every finding message has a zh-cn row, and the right one', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const messages = report.impacts.flatMap((i) => i.findings.map((f) => f.message)).filter(Boolean);
    const kinds = new Set(report.impacts.flatMap((i) => i.findings.map((f) => f.kind)));
    for (const k of ['config-key-added', 'config-key-removed', 'default-changed', 'schema-change']) assert.ok(kinds.has(k as never), `${k} in ${[...kinds].join(', ')}`);
    assert.deepEqual(notChinese(messages, translateMessage), [], 'every message has a row in src/core/l10n/catalog.ts, and the right one');
  });

  it('the report in Chinese: generic rule titles and the engine\'s warnings', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    report.warnings = ['db/x.sql: git could not read it (unable to read 219e5184afbec16e01ab8478d8f6a22fc64eb450); its content was not analysed', '.handoff/notes/a.md: note could not be read (binary or too large)'];
    const md = renderReport(report, 'markdown', { locale: 'zh-cn' });
    assert.match(md, /db\/x\.sql：git 无法读取（unable to read 219e5184afbec16e01ab8478d8f6a22fc64eb450）；未分析其内容/);
    assert.match(md, /\.handoff\/notes\/a\.md：无法读取该说明（二进制文件或文件过大）/);
    for (const i of report.impacts) assert.match(localizeTitle(i.title, 'zh-cn'), /[\u4e00-\u9fff]/, i.title);
    assert.match(md, /运维配置模板（修改）/);
  });
});
