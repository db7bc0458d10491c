/**
 * Env names found in tokens (envCode.ts) and the registry shapes of issue 11, each on a real
 * repository: a branch adds a file per language; `envVars.added` must name exactly the
 * variables the code reads — none of the decoys (a name in a comment, in a log message, in an
 * unrelated string).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze, translateMessage } from '../../../src/core';
import { notChinese } from '../l10n/english';
import { TestRepo } from '../../helpers/repo';

interface Shape {
  path: string;
  text: string;
  /** Names `envVars.added` must hold; `?` marks an optional one (no note required). */
  expect: string[];
}

const SHAPES: Record<string, Shape> = {
  'Go: constants handed to os.Getenv, a composed prefix, struct tags': {
    path: 'internal/settings/env.go',
    text: [
      'package settings',
      '',
      'import "os"',
      '',
      'const prefix = "SHOP_"',
      '',
      'const (',
      '\tenvDatabaseURL = "SHOP_DATABASE_URL"',
      '\tenvCacheTTL    = "SHOP_CACHE_TTL"',
      ')',
      '',
      'type Mail struct {',
      '\tHost string `env:"SHOP_SMTP_HOST" envDefault:"localhost"`',
      '}',
      '',
      'func Load() string {',
      '\t// os.Getenv("COMMENTED_OUT")',
      '\tlog("set GO_LOG_DECOY to debug")',
      '\treturn os.Getenv(envDatabaseURL) + os.Getenv(prefix + "REGION")',
      '}',
      '',
      'func get(key string) string { return os.Getenv(key) }',
      '',
    ].join('\n'),
    expect: ['SHOP_CACHE_TTL?', 'SHOP_DATABASE_URL', 'SHOP_REGION', 'SHOP_SMTP_HOST?'],
  },
  'Go: viper SetEnvPrefix + AutomaticEnv keys': {
    path: 'pkg/config/config.go',
    text: [
      'package config',
      '',
      'import (',
      '\t"strings"',
      '\t"github.com/spf13/viper"',
      ')',
      '',
      'type Key string',
      '',
      'const (',
      '\tServiceJWTSecret Key = "service.jwtsecret"',
      '\tMailerHost       Key = "mailer.host"',
      ')',
      '',
      'func Init() {',
      '\tviper.SetEnvPrefix("tasks")',
      '\tviper.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))',
      '\tviper.AutomaticEnv()',
      '\tviper.SetDefault("log.level", "info")',
      '}',
      '',
    ].join('\n'),
    expect: ['TASKS_LOG_LEVEL?', 'TASKS_MAILER_HOST?', 'TASKS_SERVICE_JWTSECRET?'],
  },
  'Java: an enum of env names read through System.getenv(key.name())': {
    path: 'src/main/java/shop/EnvKey.java',
    text: [
      'package shop;',
      '',
      'public enum EnvKey {',
      '    QUEUE_URL("QUEUE_URL"),',
      '    QUEUE_USER("QUEUE_USER");',
      '',
      '    private final String env;',
      '    EnvKey(String env) { this.env = env; }',
      '    /* System.getenv("BLOCK_COMMENT_DECOY") */',
      '    public String value() { return System.getenv(env); }',
      '}',
      '',
    ].join('\n'),
    expect: ['QUEUE_URL?', 'QUEUE_USER?'],
  },
  'Java: @ConfigurationProperties fields (relaxed binding)': {
    path: 'src/main/java/shop/MailProperties.java',
    text: [
      'package shop;',
      '',
      '@ConfigurationProperties(prefix = "shop.mail")',
      'public class MailProperties {',
      '    private static final String DEFAULT = "x";',
      '    private String host;',
      '    private int port = 25;',
      '    public String getHost() { return host; }',
      '}',
      '',
    ].join('\n'),
    expect: ['SHOP_MAIL_HOST?', 'SHOP_MAIL_PORT?'],
  },
  'Kotlin: System.getenv split across lines, @Value placeholder': {
    path: 'src/main/kotlin/shop/Boot.kt',
    text: [
      'package shop',
      '',
      'class Boot(@Value("\\${KT_REPORT_DIR:/tmp}") val dir: String) {',
      '    val token = System.getenv(',
      '        "KT_API_TOKEN"',
      '    )',
      '    val msg = "export KT_STRING_DECOY first"',
      '}',
      '',
    ].join('\n'),
    expect: ['KT_API_TOKEN', 'KT_REPORT_DIR?'],
  },
  'C#: a static class of constants handed to GetEnvironmentVariable': {
    path: 'src/Shop/EnvNames.cs',
    text: [
      'namespace Shop;',
      '',
      'public static class EnvNames',
      '{',
      '    public const string StorageBucket = "CS_STORAGE_BUCKET";',
      '    public static string Bucket() => Environment.GetEnvironmentVariable(StorageBucket) ?? "default";',
      '    // Environment.GetEnvironmentVariable("CS_COMMENTED")',
      '}',
      '',
    ].join('\n'),
    expect: ['CS_STORAGE_BUCKET?'],
  },
  'Python: an Enum of env names, a read that tolerates absence, a read split across lines': {
    path: 'shop/settings.py',
    text: [
      'import os',
      'from enum import Enum',
      '',
      '',
      'class Env(str, Enum):',
      '    BROKER = "PY_BROKER_URL"',
      '',
      '',
      'def read(key):',
      '    return os.environ.get(key)',
      '',
      '',
      'if os.getenv("PY_FEATURE_FLAG"):',
      '    pass',
      'SECRET = os.environ[',
      '    "PY_SECRET_KEY"',
      ']',
      'print("PY_LOG_DECOY is not read")  # os.getenv("PY_COMMENTED")',
      '',
    ].join('\n'),
    expect: ['PY_BROKER_URL?', 'PY_FEATURE_FLAG?', 'PY_SECRET_KEY'],
  },
  'TypeScript: an enum of env names read through process.env[key]': {
    path: 'src/envNames.ts',
    text: [
      'export enum EnvName {',
      '  Redis = "TS_REDIS_URL",',
      '}',
      '// process.env.TS_COMMENTED',
      'export const read = (k: EnvName) => process.env[k];',
      'export const sentry = process.env[EnvName.Redis] ?? "";',
      'const note = "TS_STRING_DECOY";',
      '',
    ].join('\n'),
    expect: ['TS_REDIS_URL?'],
  },
  'PHP: class constants, getenv(self::X), $_ENV': {
    path: 'lib/Shop/Env.php',
    text: [
      '<?php',
      'class Env {',
      "    const MAIL_DSN = 'PHP_MAIL_DSN';",
      "    public static function dsn() { return getenv(self::MAIL_DSN); }",
      "    public static function key() { return $_ENV['PHP_APP_KEY']; }",
      "    // getenv('PHP_COMMENTED')",
      '}',
      '',
    ].join('\n'),
    expect: ['PHP_APP_KEY', 'PHP_MAIL_DSN'],
  },
  'Rust: clap env, a constant name, unwrap_or': {
    path: 'src/cli.rs',
    text: [
      'const TOKEN_VAR: &str = "RS_TOKEN";',
      '#[derive(Parser)]',
      'struct Args {',
      '    #[arg(long, env = "RS_LISTEN")]',
      '    listen: String,',
      '}',
      'fn token() -> String { std::env::var(TOKEN_VAR).unwrap_or_default() }',
      '// env::var("RS_COMMENTED")',
      '',
    ].join('\n'),
    expect: ['RS_LISTEN', 'RS_TOKEN?'],
  },
  'Ruby: ENV.fetch split across lines, ENV[CONSTANT]': {
    path: 'lib/shop/config.rb',
    text: [
      'module Shop',
      '  QUEUE_VAR = "RB_QUEUE"',
      '  def self.queue = ENV[QUEUE_VAR]',
      '  def self.host',
      '    ENV.fetch(',
      '      "RB_HOST"',
      '    )',
      '  end',
      '  # ENV["RB_COMMENTED"]',
      'end',
      '',
    ].join('\n'),
    expect: ['RB_HOST', 'RB_QUEUE'],
  },
  'Scala: sys.env': {
    path: 'src/main/scala/shop/Conf.scala',
    text: 'object Conf {\n  val url = sys.env.getOrElse("SCALA_DB_URL", "jdbc:h2:mem")\n  val key = sys.env("SCALA_KEY")\n}\n',
    expect: ['SCALA_DB_URL?', 'SCALA_KEY'],
  },
  'C: getenv': {
    path: 'src/daemon.c',
    text: '#include <stdlib.h>\n/* getenv("C_COMMENTED") */\nconst char *spool(void) { return getenv("C_SPOOL_DIR"); }\n',
    expect: ['C_SPOOL_DIR'],
  },
  'Elixir: System.get_env / fetch_env! split across lines, defaults, {:system, "X"}, no reads in docs or comments': {
    path: 'config/runtime.exs',
    text: [
      'import Config',
      'config :shop, token: System.get_env("EX_TOKEN")',
      'config :shop, host:',
      '  System.fetch_env!(',
      '    "EX_HOST"',
      '  )',
      'config :shop, port: String.to_integer(System.get_env("EX_PORT", "4000"))',
      'if System.get_env("EX_CLUSTER") do',
      '  config :shop, cluster: true',
      'end',
      'config :shop, Shop.Repo, url: {:system, "EX_DATABASE_URL"}',
      '@doc """',
      'Set System.get_env("EX_DOC_DECOY") to change nothing',
      '"""',
      '# System.get_env("EX_COMMENTED")',
      'IO.puts("set EX_LOG_DECOY to debug")',
      '',
    ].join('\n'),
    expect: ['EX_CLUSTER?', 'EX_DATABASE_URL', 'EX_HOST', 'EX_PORT?', 'EX_TOKEN'],
  },
};

describe('env reads in tokens and registry shapes, on a real repository', () => {
  const repo = new TestRepo('envshapes');
  after(() => repo.dispose());
  repo.commit('init', { 'README.md': '# shop\n' });
  repo.checkout('feature', true);
  // Names a binding composes from a settings class's fields count once a doc of the repository spells them (env.shapes16).
  repo.commit('shapes', { ...Object.fromEntries(Object.values(SHAPES).map((s) => [s.path, s.text])), 'README.md': '# shop\n\nMail: SHOP_MAIL_HOST, SHOP_MAIL_PORT.\n' });
  let report: Awaited<ReturnType<typeof analyze>> | null = null;
  const get = async () => (report ??= await analyze({ repo: repo.dir, base: 'main', head: 'feature' }));

  for (const [title, shape] of Object.entries(SHAPES)) {
    it(title, async () => {
      const r = await get();
      const impact = r.impacts.find((i) => i.path === shape.path);
      const found = (impact?.findings ?? [])
        .filter((f) => f.kind === 'env-var-added')
        .map((f) => {
          const name = /environment variable (\S+)/.exec(f.message)?.[1] ?? '';
          return `${name}${/with a default|optional/.test(f.message) || f.severity === 'info' ? '?' : ''}`;
        })
        .sort();
      assert.deepEqual([...new Set(found)], [...shape.expect].sort(), JSON.stringify(impact?.findings));
      for (const n of shape.expect) assert.ok(r.envVars.added.includes(n.replace('?', '')), `${n} in envVars.added`);
    });
  }
  it('every finding reads in Chinese, the way each name was found included', async () => {
    const r = await get();
    const messages = r.impacts.flatMap((i) => i.findings.map((f) => f.message));
    assert.ok(messages.some((m) => /\(.*(read through|relaxed binding|configuration key|AutomaticEnv)/.test(m)), 'some reads carry how they were found');
    assert.deepEqual(notChinese(messages, translateMessage), []);
  });

  it('no decoy (comment, log message, unrelated string) is reported', async () => {
    const r = await get();
    const decoys = r.envVars.added.filter((n) => /COMMENTED|DECOY/.test(n));
    assert.ok(r.envVars.added.includes('EX_HOST'), 'the Elixir file was read');
    assert.deepEqual(decoys, []);
  });
});

describe('env names of cloud development environments and hidden CI scripts are no deployment setting', () => {
  const repo = new TestRepo('envgitpod');
  after(() => repo.dispose());
  repo.commit('init', { 'README.md': '# shop\n' });
  repo.checkout('feature', true);
  repo.commit('gitpod', {
    '.gitpod.yml': 'tasks:\n  - name: server\n    env:\n      GITPOD_ONLY_SECRET: dev\n',
    'docker-compose.gitpod.yml': 'services:\n  db:\n    environment:\n      - GITPOD_DB_PASSWORD=dev\n',
    'docker-compose.yml': 'services:\n  app:\n    environment:\n      - DEPLOYED_SETTING=1\n',
    '.drone.sh': '#!/bin/sh\necho "${DRONE_TAG:?}"\n',
  });
  it('lists only the deployed compose file’s variable', async () => {
    const r = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    assert.deepEqual(r.envVars.added, ['DEPLOYED_SETTING']);
  });
});
