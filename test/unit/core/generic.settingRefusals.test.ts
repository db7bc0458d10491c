/**
 * A setting the program now requires or refuses (issue 11, config actions), on a real repository: a
 * raise / throw / panic / error return added in server code whose message names a setting (a
 * `--flag`, "config", "option", "setting") and says it is required or no longer accepted is a config
 * action that needs a note — Go, TypeScript, Java, Python and C# beside each other. Beside them: a
 * requirement of a feature being switched on, a request's parameter, a warning that stops nothing,
 * a message naming no setting, test and front-end code — none.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, localizeTitle, translateMessage } from '../../../src/core';
import { addedRefusals } from '../../../src/core/analyzers/configRefusals';
import { RULE_STEPS_ZH } from '../../../src/core/l10n/ruleSteps';
import { genericRule } from '../../../src/core/rules/packs/generic';
import type { Change } from '../../../src/core/types';
import { assertConfigNotes } from '../../helpers/impacts';
import { TestRepo } from '../../helpers/repo';
import { notChinese } from '../l10n/english';

const GO = (check: string) => `package cmd\n\nimport "fmt"\n\nfunc (s *ServerCmd) validate(config Config) error {\n\tif config.GithubUser == "" {\n\t\treturn fmt.Errorf("--%s must be set", GHUserFlag)\n\t}\n${check}\treturn nil\n}\n`;
const TS = (check: string) => `export class BridgeConfig {\n  constructor(private readonly yaml: any) {\n    if (!yaml.bridge) {\n      throw new ConfigError("bridge", "is required");\n    }\n${check}  }\n}\n`;
const JAVA = (check: string) => `package app;\n\npublic class Router {\n  void init(Config config) {\n${check}  }\n}\n`;
const PY = (check: string) => `def load(config):\n    port = config.get("port", 80)\n${check}    return port\n`;
const CS = (check: string) => `namespace App;\n\npublic class Node {\n  public void Start(Options options) {\n${check}  }\n}\n`;

describe('a setting the program now requires or refuses', () => {
  const repo = new TestRepo('settingrefusals');
  after(() => repo.dispose());
  repo.commit('init', {
    'cmd/server.go': GO(''),
    'src/config/Config.ts': TS(''),
    'core/src/main/java/app/Router.java': JAVA(''),
    'app/loader.py': PY(''),
    'src/App/Node.cs': CS(''),
    'server/api.go': 'package server\n\nfunc handle() error {\n\treturn nil\n}\n',
    'cmd/server_test.go': 'package cmd\n',
    'web/src/form.ts': 'export function check() {}\n',
  });
  repo.checkout('feature', true);
  repo.commit('add checks', {
    // required: a new flag every deployment must set
    'cmd/server.go': GO('\tif config.RepoWhitelist == "" {\n\t\treturn fmt.Errorf("--%s must be set for security purposes", RepoWhitelistFlag)\n\t}\n'),
    // refused: a key that used to be accepted
    'src/config/Config.ts': TS('    if (yaml.bridge.pantalaimon) {\n      throw new ConfigError("bridge.pantalaimon", "Pantalaimon support has been removed. Use the `encryption` config option");\n    }\n'),
    'core/src/main/java/app/Router.java': JAVA('    if (config.has("graph.vehicles"))\n      throw new IllegalArgumentException("The option graph.vehicles is no longer supported. Use custom_model instead");\n'),
    'app/loader.py': PY('    if "legacy_mode" in config:\n        raise ConfigError("The legacy_mode setting has been removed")\n'),
    'src/App/Node.cs': CS('    if (options.Certificate == null && !options.Insecure)\n      throw new InvalidConfigurationException("A certificate is required unless insecure mode (--insecure) is set.");\n'),
    // none: a request's parameter, a feature switched on, a warning, a message naming no setting
    'server/api.go': 'package server\n\nimport "errors"\n\nfunc handle(q Query, c Config) error {\n\tif q.Types == "" {\n\t\treturn errors.New("\'types\' query parameter is required")\n\t}\n\tif c.Encryption && c.Key == "" {\n\t\treturn errors.New("the key option must be set when encryption is enabled")\n\t}\n\tlog.Warn("the option old_name is deprecated and has been renamed")\n\tif c.Name == "" {\n\t\treturn errors.New("a name is required")\n\t}\n\treturn nil\n}\n',
    'cmd/server_test.go': 'package cmd\n\nfunc f() error {\n\treturn fmt.Errorf("--%s must be set", "x")\n}\n',
    'web/src/form.ts': 'export function check(o: any) {\n  if (!o.selector) throw new Error("`selector` option must be specified");\n}\n',
  });

  it('is a config action quoting the check; parameters, conditional requirements, warnings, tests and front-end code are not', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const impacts = assertConfigNotes(report, 'generic.setting-refusal');
    assert.deepEqual(impacts.map((i) => i.path).sort(), ['app/loader.py', 'cmd/server.go', 'core/src/main/java/app/Router.java', 'src/App/Node.cs', 'src/config/Config.ts']);
    for (const i of impacts) {
      assert.equal(i.findings.length, 1, i.path);
    }
    const go = impacts.find((i) => i.path === 'cmd/server.go')!;
    assert.match(go.findings[0].message, /^adds a check that requires a setting \(`--%s must be set for security purposes`\)/);
    assert.equal(go.findings[0].line, 10);
    const ts = impacts.find((i) => i.path === 'src/config/Config.ts')!;
    assert.match(ts.findings[0].message, /^adds a check that refuses a setting \(`bridge\.pantalaimon Pantalaimon support has been removed\. Use the 'encryption' config option`\)/);
    assert.equal(report.impacts.some((i) => ['server/api.go', 'cmd/server_test.go', 'web/src/form.ts'].includes(i.path) && i.requiresNote), false);
    assert.deepEqual(notChinese(impacts.flatMap((i) => i.findings.map((f) => f.message)), translateMessage), []);
    assert.match(localizeTitle(impacts[0].title, 'zh-cn'), /设置现在为必需或被拒绝/);
    for (const step of genericRule('generic.setting-refusal').checklist ?? []) assert.ok(RULE_STEPS_ZH[step.text], step.text);
  });
});

describe('addedRefusals (pure)', () => {
  const modified = (path: string, newText: string, lines: number[]): Change => ({
    status: 'modified', path, hunks: lines.map((n) => ({ oldStart: n, oldLines: 0, newStart: n, newLines: 1, removed: [], added: [newText.split('\n')[n - 1]] })),
  } as unknown as Change);

  it('reads a check on added lines only: the same stop on an unchanged line is none', () => {
    const text = 'package cmd\n\nfunc v() error {\n\treturn fmt.Errorf("--%s must be set", RepoFlag)\n}\n';
    assert.equal(addedRefusals(modified('cmd/server.go', text, [4]), text).length, 1);
    assert.deepEqual(addedRefusals(modified('cmd/server.go', text, [3]), text), []);
  });

  it('leaves a check when using a feature and a command argument', () => {
    const text = 'class S {\n  void f() {\n    throw new ConfigException("The configuration must be specified when using a primitive key.");\n    throw new IllegalStateException("--dir argument is required");\n  }\n}\n';
    assert.deepEqual(addedRefusals(modified('src/main/java/app/S.java', text, [3, 4]), text), []);
  });
});

describe('a request handler validating its input (review12 F6)', () => {
  const repo = new TestRepo('settingrefusals-requests');
  after(() => repo.dispose());
  repo.commit('init', {
    'src/routes/polls.ts': 'export function createPoll(body: any) {\n  return body;\n}\n',
    'internal/server/polls.go': 'package server\n\nfunc CreatePoll(n int) error {\n\treturn nil\n}\n',
    'internal/server/prefs.go': 'package server\n\nfunc SaveSetting(name string) error {\n\treturn nil\n}\n',
    'app/settings.py': 'def check(choice):\n    return choice\n',
    'internal/config/load.go': 'package config\n\nfunc Load(c Config) error {\n\treturn nil\n}\n',
  });
  repo.checkout('feature', true);
  repo.commit('add validation', {
    // a handler folder
    'src/routes/polls.ts': 'export function createPoll(body: any) {\n  if (!body.options?.length) throw new Error("At least one option is required");\n  return body;\n}\n',
    // an HTTP error type outside a handler folder
    'internal/server/polls.go': 'package server\n\nfunc CreatePoll(n int) error {\n\tif n == 0 {\n\t\tpanic(NewHTTPError(400, "at least one option is required"))\n\t}\n\treturn nil\n}\n',
    // no config-loading context: not a settings module, no flag, key or env name in the message
    'internal/server/prefs.go': 'package server\n\nimport "fmt"\n\nfunc SaveSetting(name string) error {\n\tif name == "" {\n\t\treturn fmt.Errorf("setting name must be provided")\n\t}\n\treturn nil\n}\n',
    // two statements without `;`: the first message must not run into the second
    'app/settings.py': 'def check(choice):\n    if choice is None:\n        raise ValueError("unknown option")\n    if not choice.label:\n        raise ValueError("a label is required")\n    return choice\n',
    // the control: the configuration loader refusing to start
    'internal/config/load.go': 'package config\n\nimport "fmt"\n\nfunc Load(c Config) error {\n\tif c.Secret == "" {\n\t\treturn fmt.Errorf("config option --secret must be set")\n\t}\n\treturn nil\n}\n',
  });

  it('is no config action; the configuration loader beside them still is', async () => {
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const impacts = report.impacts.filter((i) => i.rule === 'generic.setting-refusal');
    assert.deepEqual(impacts.map((i) => i.path), ['internal/config/load.go']);
    assert.match(impacts[0].findings[0].message, /\(`config option --secret must be set`\)/);
  });
});
