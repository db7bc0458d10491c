/**
 * A settings module that reads the operator's parsed config file by subscript (issue 11, session 14):
 * `data["deploy_timeout_rollback_ms"]` (DeployEx's Elixir config provider, which renames it to
 * `deploy_rollback_timeout_ms`), `$config['preferences_store']` (Icinga Web 2's PHP). A key read this way
 * that the module stops reading and that no other module of head names is a renamed or removed setting,
 * as a quoted name in a key position is. A list literal (`= ["x-request-id"]`), a key the module still
 * reads, a key another module reads, and a subscript in code that is no settings module are not; nor is a
 * settings module's other dict (review14 F4: an OAuth response's `data["access_token"]` in `app/config.py`,
 * `profile._json["given_name"]` in `config/passport.js`): only the config object itself names settings.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../src/core';
import { removesSettingHint, removesSubscriptKeyHint, settingNames } from '../../../src/core/analyzers/settingNames';
import type { Change } from '../../../src/core/types';
import { assertConfigNotes, subjectsByPath } from '../../helpers/impacts';
import { TestRepo } from '../../helpers/repo';

const EX = (reads: string) => `defmodule Foundation.ConfigProvider.Env.Config do\n  def load(config, path) do\n    data = YamlElixir.read_from_file!(path)\n${reads}    config\n  end\nend\n`;
const OAUTH = (reads: string) => `import json\nimport urllib.request\n\n\ndef load(path):\n    with open(path) as f:\n        return json.load(f)\n\n\ndef fetch_token(url):\n    with urllib.request.urlopen(url) as r:\n        data = json.loads(r.read())\n${reads}`;
const PHP = (reads: string) => `<?php\nclass Store\n{\n    public function create(array $config)\n    {\n${reads}    }\n}\n`;

describe('a settings module stops reading a config key by subscript', () => {
  const repo = new TestRepo('settingsubscripts');
  after(() => repo.dispose());
  repo.commit('init', {
    'apps/foundation/lib/config_provider/env/config.ex': EX('    timeout = data["deploy_timeout_rollback_ms"]\n    port = data["initial_port"]\n    interval = data["deploy_schedule_interval_ms"]\n    moved = data["metrics_retention_time_ms"]\n    headers = ["x-request-id"]\n'),
    'library/Icinga/Application/config/Store.php': PHP("        $this->setName('form_config_store');\n        $store = $config['preferences_store'];\n        $create = $config['force_creation'];\n"),
    'lib/web/handlers.ex': 'defmodule Web.Handlers do\n  def id(conn), do: conn.req_headers["request_id_header"]\nend\n',
    'app/config.py': OAUTH('    token = data["access_token"]\n    expires = data["expires_in"]\n    return token, expires\n'),
    'config/passport.js': 'module.exports = function (profile) {\n  const name = profile._json["given_name"];\n  return { name };\n};\n',
  });
  repo.checkout('feature', true);
  repo.commit('rename and drop keys', {
    // renamed deploy_timeout_rollback_ms → deploy_rollback_timeout_ms; initial_port dropped; the list literal dropped;
    // metrics_retention_time_ms moved to another module
    'apps/foundation/lib/config_provider/env/config.ex': EX('    timeout = data["deploy_rollback_timeout_ms"]\n    interval = data["deploy_schedule_interval_ms"]\n'),
    'apps/foundation/lib/config_provider/env/metrics.ex': 'defmodule Foundation.Metrics do\n  def retention(data), do: data["metrics_retention_time_ms"]\nend\n',
    // preferences_store dropped, force_creation kept; a form's name dropped (single-quoted, no subscript: not read as a setting)
    'library/Icinga/Application/config/Store.php': PHP("        $create = $config['force_creation'];\n"),
    // a subscript in code that is no settings module
    'lib/web/handlers.ex': 'defmodule Web.Handlers do\n  def id(conn), do: conn.assigns[:id]\nend\n',
    // a settings-named module's HTTP response and OAuth profile: dicts, not the config object (review14 F4)
    'app/config.py': OAUTH('    return data.get("token"), data.get("ttl")\n'),
    'config/passport.js': 'module.exports = function (profile) {\n  const name = profile.displayName;\n  return { name };\n};\n',
  });

  it('a subscript key left nowhere is a removed setting that needs a note; kept, moved, listed and non-settings keys are not', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(subjectsByPath(report, 'generic.setting-removed'), {
      'apps/foundation/lib/config_provider/env/config.ex': ['deploy_timeout_rollback_ms', 'initial_port'],
      'library/Icinga/Application/config/Store.php': ['preferences_store'],
    });
    assertConfigNotes(report, 'generic.setting-removed');
  });
});

describe('subscript keys', () => {
  const names = (path: string, text: string): string[] => settingNames(path, text).map((d) => d.name);
  it('reads a string that is the whole index of a `[` glued to the config object, `]` or `)` of its chain', () => {
    assert.deepEqual(names('lib/config.ex', 'a = application["initial_port"]\nb = cfg["a_b"]["c_d"]\nc = load_config()["e_f"]\nd = self.settings["g_h"]\n'), ['initial_port', 'a_b', 'c_d', 'e_f', 'g_h']);
    assert.deepEqual(names('app/settings.py', "a = cfg['log_dir']\n"), ['log_dir']);
    assert.deepEqual(names('application/forms/Config/General/ApplicationConfigForm.php', "<?php\nif (isset($formData['global_config_backend'])) {}\n"), ['global_config_backend']);
    assert.deepEqual(names('app/settings.py', "import yaml\ndata = yaml.safe_load(f)\nb = data['log_dir']\n"), ['log_dir']);
    assert.deepEqual(names('lib/config.ex', 'case YamlElixir.read_from_file(p) do\n  {:ok, data} ->\n    data["initial_port"]\n'), ['initial_port']);
  });
  it("not a subscript of another value of a settings module: a JSON response, an OAuth profile (review14 F4)", () => {
    assert.deepEqual(names('app/config.py', 'data = json.loads(r.read())\ntoken = data["access_token"]\n'), []);
    assert.deepEqual(names('config/passport.js', 'const name = profile._json["given_name"];\n'), []);
    assert.deepEqual(names('lib/config.ex', 'a = m["a_b"]["c_d"]\nc = f()["e_f"]\n'), []);
  });
  it('not a list literal, a spaced index, a value that is more than the index, or Haskell', () => {
    assert.deepEqual(names('lib/config.ex', 'a = ["x_request_id"]\nb = f(["list_item"])\nc = x ["spaced_key"]\nd = m["a_b" <> suffix]\n'), []);
    assert.deepEqual(names('src/Config.hs', 'a = f["bad_key"]\n'), []);
  });
  it('subscripts only: a call argument is no subscript key', () => {
    assert.deepEqual(settingNames('lib/config.php', "<?php\n$this->setName('form_config_store');\n$a = $config['preferences_store'];\n", true).map((d) => d.name), ['preferences_store']);
  });
  it("the cheap hint sees a single-quoted subscript key on a removed line", () => {
    const change = (removed: string[]): Change => ({ path: 'a/config.php', status: 'modified', hunks: [{ oldStart: 1, oldLines: removed.length, newStart: 1, newLines: 0, added: [], removed }] } as unknown as Change);
    assert.equal(removesSubscriptKeyHint(change(["$s = $config['preferences_store'];"])), true);
    assert.equal(removesSubscriptKeyHint(change(["$s = $config['x'];", "$this->setName('form_config_x');"])), false);
    assert.equal(removesSettingHint(change(["$s = $config['preferences_store'];"])), false);
  });
});
