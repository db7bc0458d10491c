import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envNeedsFullText, extractEnvRefs, isEnvFilePath, isEnvNoisePath, stripComment, type EnvRef } from '../../../src/core/analyzers/env';

/** Refs of one line, as `kind:NAME` strings. */
function one(path: string, text: string): string[] {
  return extractEnvRefs(path, [{ line: 1, text }]).map((r) => `${r.kind}:${r.name}`);
}
/** Refs of a whole file whose every line is "added" (a new file). */
function file(path: string, text: string, opts: { fullText?: boolean } = {}): EnvRef[] {
  const lines = text.split('\n').map((t, i) => ({ line: i + 1, text: t }));
  return extractEnvRefs(path, lines, opts.fullText ? { fullText: text } : {});
}
/** Refs of some lines (1-based numbers) of a file, with the whole file as context. */
function some(path: string, text: string, numbers: number[]): EnvRef[] {
  const all = text.split('\n');
  return extractEnvRefs(path, numbers.map((n) => ({ line: n, text: all[n - 1] })), { fullText: text });
}
const names = (refs: EnvRef[]): string[] => refs.map((r) => r.name);

type Case = [path: string, line: string, expected: string[]];

const POSITIVE: Case[] = [
  // JS / TS
  ['src/a.js', 'const k = process.env.BILLING_API_KEY;', ['read:BILLING_API_KEY']],
  ['src/a.ts', 'const k = process.env["SMTP_HOST"] ?? "x";', ['read:SMTP_HOST']],
  ['src/a.ts', "const k = process.env['SMTP_PORT'] || 25;", ['read:SMTP_PORT']],
  ['src/a.mjs', 'if (process.env.FEATURE_X === "1") run();', ['read:FEATURE_X']],
  ['src/a.ts', 'const a = process.env?.OPTIONAL_VAR;', ['read:OPTIONAL_VAR']],
  ['src/a.ts', 'const { DB_URL, DB_POOL: pool, REDIS_URL = "redis://", ...rest } = process.env;', ['read:DB_POOL', 'read:DB_URL', 'read:REDIS_URL']],
  ['web/src/api.ts', 'const base = import.meta.env.VITE_API_URL;', ['read:VITE_API_URL']],
  ['src/deno.ts', 'const t = Deno.env.get("DENO_TOKEN");', ['read:DENO_TOKEN']],
  ['src/bun.ts', 'const t = Bun.env.BUN_TOKEN;', ['read:BUN_TOKEN']],
  ['src/env.ts', '  DATABASE_URL: str({ desc: "db" }),', ['read:DATABASE_URL']],
  ['src/env.mjs', '    STRIPE_KEY: z.string().min(1),', ['read:STRIPE_KEY']],
  ['src/App.vue', '  const url = import.meta.env.VITE_CDN', ['read:VITE_CDN']],
  // Python
  ['app/settings.py', 'SECRET = os.environ["DJANGO_SECRET"]', ['read:DJANGO_SECRET']],
  ['app/settings.py', "TIMEOUT = int(os.environ.get('HTTP_TIMEOUT', '30'))", ['read:HTTP_TIMEOUT']],
  ['app/settings.py', 'region = os.getenv("AWS_REGION")', ['read:AWS_REGION']],
  ['app/settings.py', 'proxy = os.getenv("http_proxy_url")', ['read:http_proxy_url']],
  ['app/settings.py', 'from os import environ; x = environ.get("MY_VAR")', ['read:MY_VAR']],
  ['app/settings.py', 'DEBUG = env.bool("DJANGO_DEBUG", default=False)', ['read:DJANGO_DEBUG']],
  ['app/settings.py', 'DATABASES = {"default": env.db("DATABASE_URL")}', ['read:DATABASE_URL']],
  ['app/settings.py', 'SENTRY_DSN = env("SENTRY_DSN")', ['read:SENTRY_DSN']],
  ['app/settings.py', "EMAIL_HOST = config('EMAIL_HOST', default='localhost')", ['read:EMAIL_HOST']],
  ['app/settings.py', 'if "FEATURE_Y" in os.environ:', ['read:FEATURE_Y']],
  // Ruby
  ['config/initializers/x.rb', 'Stripe.api_key = ENV["STRIPE_SECRET"]', ['read:STRIPE_SECRET']],
  ['config/initializers/x.rb', "host = ENV.fetch('REDIS_HOST') { 'localhost' }", ['read:REDIS_HOST']],
  ['config/initializers/x.rb', 'enabled = ENV.key?("ENABLE_Z")', ['read:ENABLE_Z']],
  ['config/database.yml', '  url: <%= ENV["DATABASE_URL"] %>', ['read:DATABASE_URL']],
  // Go
  ['cmd/server/main.go', '\tport := os.Getenv("LISTEN_ADDR")', ['read:LISTEN_ADDR']],
  ['cmd/server/main.go', '\tv, ok := os.LookupEnv("OTEL_ENDPOINT")', ['read:OTEL_ENDPOINT']],
  ['internal/config/config.go', '\tviper.BindEnv("db.host", "DB_HOST")', ['read:DB_HOST']],
  ['internal/config/config.go', '\tURL string `env:"QUEUE_URL" envDefault:"amqp://"`', ['read:QUEUE_URL']],
  // JVM
  ['src/main/java/App.java', '    String k = System.getenv("PAYMENT_KEY");', ['read:PAYMENT_KEY']],
  ['src/main/kotlin/App.kt', '    val k = System.getenv()["KT_KEY"]', ['read:KT_KEY']],
  ['src/main/java/App.java', '    @Value("${MAIL_HOST:localhost}") String host;', ['read:MAIL_HOST']],
  ['src/main/resources/application.yml', '    url: ${DATABASE_URL:jdbc:postgresql://localhost/db}', ['read:DATABASE_URL']],
  ['src/main/resources/application-prod.properties', 'spring.datasource.password=${DB_PASSWORD}', ['read:DB_PASSWORD']],
  ['app/Main.scala', '  val x = sys.env.getOrElse("SCALA_VAR", "d")', ['read:SCALA_VAR']],
  // C#
  ['src/Api/Program.cs', '        var c = Environment.GetEnvironmentVariable("CONN_STRING");', ['read:CONN_STRING']],
  // PHP
  ['config/services.php', "    'key' => env('MAILGUN_SECRET'),", ['read:MAILGUN_SECRET']],
  ['src/boot.php', "$h = getenv('PHP_HOST_X') ?: 'a';", ['read:PHP_HOST_X']],
  ['src/boot.php', "$h = $_ENV['APP_SECRET'];", ['read:APP_SECRET']],
  ['src/boot.php', "$h = $_SERVER['APP_DEBUG'] ?? false;", ['read:APP_DEBUG']],
  ['config/packages/doctrine.yaml', "        url: '%env(resolve:DATABASE_URL)%'", ['read:DATABASE_URL']],
  // Rust
  ['src/main.rs', '    let url = std::env::var("DATABASE_URL").unwrap();', ['read:DATABASE_URL']],
  ['src/main.rs', '    let url = env::var_os("RUST_URL");', ['read:RUST_URL']],
  ['src/main.rs', '    const V: Option<&str> = option_env!("BUILD_SHA");', ['read:BUILD_SHA']],
  ['src/cli.rs', '    #[arg(long, env = "APP_TOKEN")]', ['read:APP_TOKEN']],
  // Elixir
  ['config/runtime.exs', '  secret_key_base = System.get_env("SECRET_KEY_BASE")', ['read:SECRET_KEY_BASE']],
  ['config/runtime.exs', '  host = System.fetch_env!("PHX_HOST")', ['read:PHX_HOST']],
  // C
  ['src/main.c', '  const char *h = getenv("C_HOME_DIR");', ['read:C_HOME_DIR']],
  // shell
  ['docker-entrypoint.sh', 'exec gunicorn --workers "${WEB_CONCURRENCY:-2}" app:app', ['read:WEB_CONCURRENCY']],
  ['bin/start.sh', ': "${DATABASE_URL:?DATABASE_URL is required}"', ['read:DATABASE_URL']],
  // env files
  ['.env.example', 'BILLING_API_KEY=', ['declare:BILLING_API_KEY']],
  ['.env.example', 'export SMTP_HOST="smtp.example.com" # comment', ['declare:SMTP_HOST']],
  ['config/app.env', 'QUEUE=default', ['declare:QUEUE']],
  // compose / k8s / helm
  ['docker-compose.yml', '      - REDIS_URL=redis://redis:6379', ['declare:REDIS_URL']],
  ['docker-compose.yml', '      REDIS_URL: redis://redis:6379', ['declare:REDIS_URL']],
  ['docker-compose.prod.yml', '    image: "app:${IMAGE_TAG:-latest}"', ['read:IMAGE_TAG']],
  ['k8s/deployment.yaml', '            - name: QUEUE_NAME', ['declare:QUEUE_NAME']],
  ['charts/app/templates/deployment.yaml', '        - name: FEATURE_FLAGS_URL', ['declare:FEATURE_FLAGS_URL']],
  ['charts/app/values.yaml', '  LOG_FORMAT: json', ['declare:LOG_FORMAT']],
  ['serverless.yml', '    TABLE: ${env:DYNAMO_TABLE}', ['read:DYNAMO_TABLE']],
  ['deploy/app.service', 'Environment=APP_MODE=prod "APP_OPTS=-x"', ['declare:APP_MODE', 'declare:APP_OPTS']],
  ['ansible/roles/app/tasks/main.yml', "    token: \"{{ lookup('env', 'DEPLOY_TOKEN') }}\"", ['read:DEPLOY_TOKEN']],
  ['nginx/default.conf.template', '    server_name ${NGINX_HOST};', ['read:NGINX_HOST']],
  // a write is no read: the repository sets the variable itself (for its child processes)
  ['src/a.js', 'process.env.SET_BY_CODE = "1";', ['set:SET_BY_CODE']],
  ['app/x.py', 'os.environ["CHILD_VAR"] = "1"', ['set:CHILD_VAR']],
  ['app/x.rb', 'ENV["CHILD"] = "1"', ['set:CHILD']],
];

const NEGATIVE: Case[] = [
  ['src/a.js', '// const k = process.env.COMMENTED;', []],
  ['src/a.js', 'const x = 1; /* process.env.BLOCK */', []],
  ['src/a.js', ' * reads process.env.JSDOC_VAR', []],
  ['src/a.js', 'const m = process.env.NODE_ENV === "production";', []],
  ['src/a.js', 'const p = process.env.PATH;', []],
  ['src/a.js', 'const p = process.env[name];', []],
  ['src/a.ts', 'const mode = import.meta.env.MODE;', []],
  ['src/a.ts', 'const obj = { FOO: z.string() };', []],
  ['app/x.py', '# os.getenv("COMMENTED")', []],
  ['app/wsgi.py', 'host = environ["HTTP_HOST"]', []],
  ['app/x.py', 'x = request.environ.get("SOME_VAR")', []],
  ['app/x.py', 'value = config("lowercase_key")', []],
  ['app/x.py', 'x = app.config("APP_X")', []],
  ['app/x.rb', '# ENV["RUBY_COMMENT"]', []],
  ['src/boot.php', "$h = $_SERVER['HTTP_HOST'];", []],
  ['src/boot.php', "$h = $_SERVER['REQUEST_URI'];", []],
  ['src/main.rs', '    let v = env!("CARGO_PKG_VERSION");', []],
  ['internal/x.go', '\tPort int `envconfig:"port"`', []],
  ['bin/start.sh', '# echo "$COMMENTED_VAR"', []],
  ['bin/start.sh', 'echo "$HOME $PATH $1 $USER"', []],
  ['bin/start.sh', 'APP_DIR=/srv; cd "$APP_DIR"', []],
  ['bin/start.sh', 'echo "$APP_VERSION" # may be assigned above, out of sight', []],
  ['Dockerfile', 'ENV APP_HOME=/app', []],
  ['.env.test', 'TEST_ONLY_KEY=1', []],
  ['docker-compose.dev.yml', '      - DEV_ONLY=1', []],
  ['lib/tasks/import.rake', 'version = ENV["VERSION"]', []],
  ['action.yml', '      - name: INPUT_TOKEN', []],
  ['src/app.ts', 'const onVercel = process.env.VERCEL_URL;', []],
  ['.github/workflows/ci.yml', '      - name: DEPLOY_KEY', []],
  ['.github/workflows/ci.yml', '        run: echo ${{ env.SOME_VAR }}', []],
  ['.github/workflows/ci.yml', '      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}', []],
  ['config/settings.yml', '  ANY_KEY: value', []],
  ['k8s/deployment.yaml', '    - name: web', []],
  ['k8s/deployment.yaml', '        # - name: OLD_VAR', []],
  ['README.md', 'Set `process.env.DOCUMENTED_VAR`', []],
  ['src/types/env.d.ts', '  readonly VITE_API_URL: string;', []],
  ['webpack.config.js', 'const analyze = process.env.ANALYZE_BUNDLE;', []],
  ['scripts/release.js', 'const token = process.env.RELEASE_TOKEN;', []],
  ['examples/basic/index.js', 'const key = process.env.EXAMPLE_KEY;', []],
  ['docs/snippet.py', 'key = os.getenv("DOC_KEY")', []],
];

describe('extractEnvRefs: one line per language', () => {
  for (const [path, line, expected] of POSITIVE) {
    it(`finds ${expected.join(', ')} in ${path}`, () => assert.deepEqual(one(path, line).sort(), [...expected].sort()));
  }
  for (const [path, line] of NEGATIVE) {
    it(`finds nothing in ${path}: ${line.trim()}`, () => assert.deepEqual(one(path, line), []));
  }
  it('reports lines and the `at` position of removed lines', () => {
    const refs = extractEnvRefs('src/a.js', [
      { line: 3, text: 'a(process.env.ONE_VAR)' },
      { line: 4, at: 9, text: 'b(process.env.TWO_VAR)' },
    ]);
    assert.deepEqual(refs, [
      { name: 'ONE_VAR', line: 3, kind: 'read' },
      { name: 'TWO_VAR', line: 9, kind: 'read' },
    ]);
  });
  it('Dockerfile ENV/ARG are declarations in presence mode only (the image sets them)', () => {
    const d = (text: string) => extractEnvRefs('docker/Dockerfile.prod', [{ line: 1, text }], { presence: true }).map((r) => `${r.kind}:${r.name}`);
    assert.deepEqual(d('ENV APP_HOME=/app LOG_LEVEL=info'), ['declare:APP_HOME', 'declare:LOG_LEVEL']);
    assert.deepEqual(d('ENV LEGACY_VAR some value'), ['declare:LEGACY_VAR']);
    assert.deepEqual(d('ARG BUILD_VERSION=dev'), ['declare:BUILD_VERSION']);
    assert.deepEqual(d('RUN echo $SOME_VAR'), []);
    assert.deepEqual(d('ENV PATH=/app/bin:$PATH'), []);
    assert.deepEqual(d('ARG TARGETPLATFORM'), []);
  });
  it('presence mode also sees reads in build configs and scripts', () => {
    const line = [{ line: 1, text: 'const t = process.env.RELEASE_TOKEN;' }];
    assert.deepEqual(extractEnvRefs('scripts/release.js', line), []);
    assert.deepEqual(names(extractEnvRefs('scripts/release.js', line, { presence: true })), ['RELEASE_TOKEN']);
  });
});

describe('extractEnvRefs: constructs spanning lines', () => {
  it('multi-line destructuring of process.env, in a new file', () => {
    const refs = file('src/config.ts', 'const {\n  API_URL,\n  API_KEY: key,\n  RETRIES = "3",\n} = process.env;\n');
    assert.deepEqual(refs.map((r) => [r.name, r.line]), [['API_URL', 2], ['API_KEY', 3], ['RETRIES', 4]]);
  });
  it('a member added to an existing multi-line destructuring (whole file as context)', () => {
    const text = 'const {\n  API_URL,\n  NEW_FLAG,\n  API_KEY,\n} = process.env;\nconst { a } = obj;\n';
    assert.deepEqual(some('src/config.ts', text, [3]).map((r) => [r.name, r.line]), [['NEW_FLAG', 3]]);
    assert.deepEqual(some('src/config.ts', 'const {\n  a,\n  b,\n} = props;\n', [3]), []);
  });
  it('an added line alone, without the file, is not taken for a destructuring member', () => {
    assert.deepEqual(extractEnvRefs('src/config.ts', [{ line: 3, text: '  NEW_FLAG,' }]), []);
  });

  const PYDANTIC = [
    'from pydantic import Field, AliasChoices',
    'from pydantic_settings import BaseSettings, SettingsConfigDict',
    '',
    'class Settings(BaseSettings):',
    '    model_config = SettingsConfigDict(env_prefix="BILLING_")',
    '',
    '    api_url: str = "https://api"',
    '    timeout: int = 30',
    '    token: str = Field(validation_alias="BILLING_SERVICE_TOKEN")',
    '    region: str = Field(',
    '        "eu",',
    '        validation_alias=AliasChoices("AWS_REGION_NAME", "REGION"),',
    '    )',
    '    _private: str = "x"',
    '',
    '    def url(self) -> str:',
    '        local: str = "y"',
    '        return self.api_url',
    '',
    'class Worker(Settings):',
    '    concurrency: int = 4',
    '',
    'class Plain:',
    '    other: int = 1',
    '',
  ].join('\n');

  it('pydantic BaseSettings: env_prefix, aliases, subclasses (new file)', () => {
    const refs = file('app/settings.py', PYDANTIC);
    assert.deepEqual(refs.map((r) => `${r.line}:${r.name}`), [
      '7:BILLING_API_URL',
      '8:BILLING_TIMEOUT',
      '9:BILLING_SERVICE_TOKEN',
      '10:AWS_REGION_NAME',
      '10:REGION',
      '21:CONCURRENCY',
    ]);
  });
  it('pydantic: one field added to an existing class needs the whole file', () => {
    assert.deepEqual(names(some('app/settings.py', PYDANTIC, [8])), ['BILLING_TIMEOUT']);
    assert.deepEqual(extractEnvRefs('app/settings.py', [{ line: 8, text: '    timeout: int = 30' }]), []);
  });
  it('pydantic: a changed env_prefix renames every field', () => {
    assert.deepEqual(names(some('app/settings.py', PYDANTIC, [5])).sort(), ['AWS_REGION_NAME', 'BILLING_API_URL', 'BILLING_SERVICE_TOKEN', 'BILLING_TIMEOUT', 'REGION']);
  });
  it('pydantic v1: inner Config class and Field(env=...)', () => {
    const text = 'class S(BaseSettings):\n    dsn: str = Field(..., env="SENTRY_DSN")\n    level: str = "info"\n\n    class Config:\n        env_prefix = "APP_"\n';
    assert.deepEqual(file('app/conf.py', text).map((r) => r.name), ['SENTRY_DSN', 'APP_LEVEL']);
  });

  it('shell: variables the script assigns are not env reads', () => {
    const text = '#!/bin/sh\nset -e\nWORKERS=4\nfor FILE in *.conf; do echo "$FILE"; done\nexec app --workers "$WORKERS" --db "$DATABASE_URL"\n';
    assert.deepEqual(names(some('docker/entrypoint.sh', text, [4, 5])), ['DATABASE_URL']);
    assert.deepEqual(names(some('docker/entrypoint.sh', 'echo "$APP_VERSION"\n', [1])), ['APP_VERSION']);
  });

  it('YAML: upper-case keys count only under env blocks outside compose/manifests', () => {
    const text = 'functions:\n  api:\n    environment:\n      QUEUE_URL: x\n    tags:\n      OWNER_TEAM: y\n';
    assert.deepEqual(names(some('serverless.yml', text, [4, 6])), ['QUEUE_URL']);
  });
  it('compose: list entries under environment:, not other lists', () => {
    const text = 'services:\n  web:\n    environment:\n      - API_KEY\n      - MODE=prod\n    healthcheck:\n      test:\n        - CMD\n';
    assert.deepEqual(names(file('docker-compose.yml', text, { fullText: true })), ['API_KEY', 'MODE']);
  });
  it('k8s: `- name:` under env:, not under containers or ports', () => {
    const text = 'spec:\n  containers:\n    - name: APP_CONTAINER\n      env:\n        - name: LOG_LEVEL\n          value: info\n';
    assert.deepEqual(names(file('k8s/app.yaml', text, { fullText: true })), ['LOG_LEVEL']);
  });
  it('TOML: fly.toml [env] keys', () => {
    const text = 'app = "x"\n[env]\n  PRIMARY_REGION = "ams"\n[http_service]\n  INTERNAL = 1\n';
    assert.deepEqual(names(file('fly.toml', text, { fullText: true })), ['PRIMARY_REGION']);
  });
});

describe('env helpers', () => {
  it('recognises env files', () => {
    for (const p of ['.env', '.env.example', 'app/.env.production', 'deploy/prod.env', 'env.sample', '.envrc']) assert.equal(isEnvFilePath(p), true, p);
    for (const p of ['src/env.ts', '.env.ts', 'environment.yml', 'src/.env.d.ts']) assert.equal(isEnvFilePath(p), false, p);
  });
  it('knows which files are build/dev tooling', () => {
    for (const p of ['vite.config.ts', 'scripts/publish.mjs', 'scripts/start.mjs', '.github/workflows/ci.yml', 'docs/examples/a.js', 'setup.py']) assert.equal(isEnvNoisePath(p), true, p);
    for (const p of ['src/server.ts', 'scripts/docker-entrypoint.sh', 'scripts/start', 'config/settings.py', 'next.config.js']) assert.equal(isEnvNoisePath(p), false, p);
  });
  it('asks for the whole file where context matters', () => {
    assert.equal(envNeedsFullText('app/settings.py'), true);
    assert.equal(envNeedsFullText('cmd/main.go'), false);
    // Source files only when a changed line cannot be read on its own.
    assert.equal(envNeedsFullText('src/app.js', ['export function f() { return 1; }', 'const k = process.env.KEY;']), false);
    assert.equal(envNeedsFullText('src/app.js', ['  BILLING_URL,']), true, 'a member of a multi-line destructuring');
    assert.equal(envNeedsFullText('src/app.js', ['} = process.env;']), true);
    assert.equal(envNeedsFullText('src/env.ts', ['const x = 1;']), true, 'env schema files always');
    assert.equal(envNeedsFullText('app/models.py', ['def f():', '    return 1']), false);
    assert.equal(envNeedsFullText('app/config.py', ['    redis_url: str = "redis://"']), true, 'a settings-class field');
  });
  it('strips comments but keeps strings', () => {
    assert.equal(stripComment('const u = "http://x"; // c', 'js'), 'const u = "http://x"; ');
    assert.equal(stripComment('KEY=a#b # c', 'envfile'), 'KEY=a#b ');
    assert.equal(stripComment('x = "#not" # yes', 'py'), 'x = "#not" ');
    assert.equal(stripComment('echo ${#ARR} # c', 'sh'), 'echo ${#ARR} ');
  });
});

describe('extractEnvRefs: reads with a default are optional', () => {
  const opt = (path: string, text: string) => extractEnvRefs(path, [{ line: 1, text }]).map((r) => `${r.name}${r.optional ? '?' : ''}`);
  const CASES: [string, string, string[]][] = [
    ['src/a.ts', 'const a = process.env.A_VAR ?? "x", b = process.env.B_VAR;', ['A_VAR?', 'B_VAR']],
    ['src/a.ts', 'const p = Number(process.env.PORT_X) || 3000;', ['PORT_X?']],
    ['src/a.ts', 'const url = process.env.URL_X ? new URL(process.env.URL_Y) : null;', ['URL_X?', 'URL_Y']],
    ['src/a.ts', 'const p = process.env.PORT_Y || 3000;', ['PORT_Y?']],
    ['src/a.ts', 'const { A_VAR = "1", B_VAR } = process.env;', ['A_VAR?', 'B_VAR']],
    ['app/s.py', 'a = os.getenv("A_VAR", "x"); b = os.environ["B_VAR"]; c = os.environ.get("C_VAR")', ['A_VAR?', 'B_VAR', 'C_VAR']],
    ['app/s.py', 'DEBUG = config("DEBUG_X", cast=bool)', ['DEBUG_X']],
    ['app/s.py', 'DEBUG = config("DEBUG_Y", default=False, cast=bool)', ['DEBUG_Y?']],
    ['app/s.rb', 'a = ENV.fetch("A_VAR") { "x" }; b = ENV.fetch("B_VAR"); c = ENV["C_VAR"] || "d"', ['A_VAR?', 'B_VAR', 'C_VAR?']],
    ['config/x.php', "'k' => env('A_VAR', 'x'), 'j' => env('B_VAR'),", ['A_VAR?', 'B_VAR']],
    ['src/main.rs', 'let a = env::var("A_VAR").unwrap_or("x".into()); let b = env::var("B_VAR")?;', ['A_VAR?', 'B_VAR']],
    ['cmd/m.go', 'v, ok := os.LookupEnv("A_VAR"); b := os.Getenv("B_VAR")', ['A_VAR?', 'B_VAR']],
    ['src/main/resources/application.yml', 'url: ${A_VAR:jdbc:h2:mem} user: ${B_VAR}', ['A_VAR?', 'B_VAR']],
    ['docker-compose.yml', '    image: "app:${TAG_X:-latest}" # ${REQ_X:?required}', ['TAG_X?']],
    ['serverless.yml', '    T: ${env:TABLE_X}', ['TABLE_X']],
  ];
  for (const [path, text, expected] of CASES) it(`${path}: ${expected.join(' ')}`, () => assert.deepEqual(opt(path, text).sort(), [...expected].sort()));
  it('pydantic: a field with a default is optional, a required one is not', () => {
    const text = 'class S(BaseSettings):\n    a_url: str\n    b_url: str = "x"\n    c_url: str = Field(...)\n    d_url: str = Field(default="x")\n';
    assert.deepEqual(file('app/s.py', text).map((r) => `${r.name}${r.optional ? '?' : ''}`), ['A_URL', 'B_URL?', 'C_URL', 'D_URL?']);
  });
});

describe('a prefix constant joined with a variable', () => {
  it('names no setting (the prefix alone is no env var); joined with a literal it names one', () => {
    const text = "import os\nPREFIX = 'APP_'\ndef f(name):\n    return os.environ.pop(PREFIX + name.upper(), None)\nurl = os.environ.get(PREFIX + 'DB_URL')\n";
    assert.deepEqual(names(file('app/config.py', text, { fullText: true })), ['APP_DB_URL']);
  });
});
