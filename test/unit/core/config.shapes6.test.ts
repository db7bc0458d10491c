/**
 * A JSON Schema of the operator's config file (issue 11, the shape of ex-holdout v5's .NET and
 * Python projects: `schemas/settings-schema.json`, `config/schema.yaml`) is read as the settings it
 * defines: a setting removed or renamed, a type narrowed, a default changed or a setting made
 * required is a note naming it; a new optional setting is listed; description/title/example edits
 * are nothing. Real repository; decoys: a schema whose only changes are an optional setting with
 * a default and reworded descriptions, and an API schema (not named for config) whose property is
 * removed.
 * And a config file deleted from an instance-template folder (`share/app/templates/classic/config.ini`,
 * copied when an instance is created) is listed, not an action: instances keep their copy; decoy: the same
 * file deleted from the application's own `conf/` needs a note.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, translateMessage } from '../../../src/core';
import type { Impact, Report } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';
import { notChinese } from '../l10n/english';

const settingsSchema = (v2: boolean) =>
  JSON.stringify(
    {
      $schema: 'https://json-schema.org/draft-07/schema',
      type: 'object',
      additionalProperties: false,
      properties: {
        ...(v2
          ? { repositories: { type: 'object', properties: { guide: { $ref: '#/$defs/repo' } } } }
          : { repository: { type: 'object', properties: { clone_url: { type: 'string' }, branch: { type: 'string' } } } }),
        replace_existing: { type: 'boolean', description: v2 ? 'Replace formats it did not create.' : 'Replace existing formats.', default: !v2 },
        reset_scores: { type: v2 ? ['object'] : ['boolean', 'object'] },
        instances: { type: 'object', additionalProperties: { type: 'object', required: v2 ? ['base_url', 'api_key'] : ['base_url'], properties: { base_url: { type: 'string' }, api_key: { type: 'string' } } } },
      },
      $defs: { repo: { type: 'object', properties: { clone_url: { type: 'string' }, branch: { type: 'string' } } } },
    },
    null,
    2,
  ) + '\n';

const PY_SCHEMA = (v2: boolean) =>
  [
    'type: object',
    'required:',
    '  - repositories',
    'properties:',
    '  repositories:',
    '    type: array',
    '    description: Paths of repositories.' + (v2 ? ' Local or remote.' : ''),
    '    items:',
    '      type: string',
    '  archive_name_format:',
    '    type: string',
    '    default: "{hostname}-{now}"',
    '    example: "{hostname}-documents-{now}"',
    ...(v2 ? ['  keep_hourly:', '    type: integer', '    default: 0', '    description: Number of hourly archives to keep.'] : []),
    '',
  ].join('\n');

const API_SCHEMA = (v2: boolean) => JSON.stringify({ $schema: 'https://json-schema.org/draft-07/schema', type: 'object', properties: { id: { type: 'string' }, ...(v2 ? {} : { legacy_name: { type: 'string' } }) } }, null, 2) + '\n';

describe('a JSON Schema of the operator config is read as the settings it defines', () => {
  const repo = new TestRepo('config-schema6');
  after(() => repo.dispose());
  repo.commit('init', {
    'schemas/settings-schema.json': settingsSchema(false),
    'app/config/schema.yaml': PY_SCHEMA(false),
    'schemas/api/item.schema.json': API_SCHEMA(false),
    'src/Program.cs': 'class Program { static void Main() {} }\n',
  });
  repo.checkout('feature', true);
  repo.commit('change', {
    'schemas/settings-schema.json': settingsSchema(true),
    'app/config/schema.yaml': PY_SCHEMA(true),
    'schemas/api/item.schema.json': API_SCHEMA(true),
  });
  let report: Report | null = null;
  const get = async () => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' }));
  const impact = async (p: string): Promise<Impact | undefined> => (await get()).impacts.find((i) => i.path === p);

  it('a renamed setting, a narrowed type, a changed default and a newly required setting each need a note, named', async () => {
    const i = await impact('schemas/settings-schema.json');
    assert.equal(i?.rule, 'config.schema');
    assert.equal(i?.requiresNote, true);
    const got = i!.findings.map((f) => `${f.kind}:${f.subject}:${f.severity}`).sort();
    assert.deepEqual(got, [
      'config-key-added:instances.*.api_key:warning',
      'config-key-added:repositories:info',
      'config-key-removed:repository:warning',
      'config-value-changed:reset_scores:warning',
      'default-changed:replace_existing:warning',
    ]);
    const removed = i!.findings.find((f) => f.kind === 'config-key-removed')!;
    assert.equal(removed.message, 'setting `repository` is no longer defined by the config schema `schemas/settings-schema.json`: a deployed config that sets it is refused or ignored — rename or remove it there');
    assert.match(i!.findings.find((f) => f.kind === 'default-changed')!.message, /^default of `replace_existing` changes from `true` to `false` in the config schema/);
    assert.match(i!.findings.find((f) => f.subject === 'reset_scores')!.message, /no longer accepts boolean values .*\(now object\)/);
    const decoy = await impact('app/config/schema.yaml');
    assert.deepEqual(notChinese([...i!.findings, ...(decoy?.findings ?? [])].map((f) => f.message), translateMessage), []);
  });

  it('decoy: a config schema that only gains an optional setting with a default and rewords a description needs no note', async () => {
    const i = await impact('app/config/schema.yaml');
    assert.equal(i?.rule, 'config.schema');
    assert.equal(i?.requiresNote, false, JSON.stringify(i?.findings));
    assert.deepEqual(i?.findings.map((f) => `${f.kind}:${f.subject}:${f.severity}`), ['config-key-added:keep_hourly:info']);
  });

  it('decoy: an API schema (not named for config) losing a property is not a config action', async () => {
    const i = await impact('schemas/api/item.schema.json');
    assert.ok(!i || i.category !== 'config' || !i.requiresNote, JSON.stringify(i));
  });
});

describe('a config file removed from an instance template is listed; one removed from the application is an action', () => {
  const INI = '[main]\ndatabase = db\n\n[tracker]\nweb = http://tracker.example/\nlanguage = en\n';
  const repo = new TestRepo('config-skeleton6');
  after(() => repo.dispose());
  repo.commit('init', {
    'share/app/templates/classic/config.ini': INI,
    'share/app/templates/classic/schema.py': 'def open(db):\n    pass\n',
    'conf/config.ini': INI,
    'app/admin.py': 'def install(home):\n    return home\n',
  });
  repo.checkout('feature', true);
  repo.remove('share/app/templates/classic/config.ini', 'conf/config.ini');
  repo.commit('drop the generated copies', {});
  let report: Report | null = null;
  const get = async () => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' }));

  it('the template\'s config file going away is info, naming the template folder; instances keep their copy', async () => {
    const i = (await get()).impacts.find((x) => x.path === 'share/app/templates/classic/config.ini');
    assert.equal(i?.requiresNote, false, JSON.stringify(i?.findings));
    assert.equal(i!.findings[0].severity, 'info');
    assert.equal(i!.findings[0].message, 'config file removed from the instance template `share/app/templates/classic/` with 3 keys: instances created from it earlier keep their own copy');
    assert.deepEqual(notChinese(i!.findings.map((f) => f.message), translateMessage), []);
  });

  it('decoy: the same file removed from the application\'s own config folder needs a note', async () => {
    const i = (await get()).impacts.find((x) => x.path === 'conf/config.ini');
    assert.equal(i?.requiresNote, true);
    assert.equal(i!.findings[0].kind, 'config-key-removed');
    assert.equal(i!.findings[0].severity, 'warning');
  });
});
