import type { Rule } from '../rule';
import { CONFIG_STEPS } from './common';

/**
 * Configuration and environment files. They need a note only when an analyzer finds
 * something someone must act on (a key removed, an env var added or removed, a port or
 * image changed): adding an optional key with a default, changing a comment or a value
 * that ships with the code is listed, not required.
 */

const CONFIG_EXTS = '{yml,yaml,json,json5,jsonc,hjson,toml,ini,cfg,conf,properties,xml,env}';
const TEMPLATE_EXTS = '{example,sample,dist,template,tmpl,tpl}';
/** Optional subfolder of a config folder that still holds configuration. */
const CONFIG_SUBDIRS = '{,settings/,environments/,envs/,env/,production/,prod/,staging/,stage/,default/,defaults/,base/,common/,shared/,app/,server/,packages/}';

/** Language codes that name translation files (`en.yml`, `client.pt_BR.yml`, `devise.en.yml`). */
const LANGS =
  '{en,de,fr,es,it,ja,ko,zh,ru,pt,nl,pl,sv,da,fi,no,nb,nn,cs,sk,hu,ro,bg,el,tr,uk,ar,he,fa,hi,id,ms,th,vi,ca,gl,eu,et,lv,lt,sl,hr,sr,bs,is,ga,cy,sq,mk,be,ka,hy,kk,az,uz,bn,ta,te,ml,mr,ur,af,sw,eo,oc,br,co,fy,ast,ckb,kab,sco,zgh,tok}';

/** Files under config folders that configure the build, the editor or translations, not the running app. */
export const NOT_RUNTIME_CONFIG = [
  '**/{locales,locale,i18n,l10n,lang,langs,translations,translation}{,-*,_*}/**',
  `**/${LANGS}{,[-_][A-Za-z][A-Za-z],[-_][A-Za-z][A-Za-z][A-Za-z][A-Za-z]}.{yml,yaml,json,po,properties}`,
  `**/*.${LANGS}{,[-_][A-Za-z][A-Za-z],[-_][A-Za-z][A-Za-z][A-Za-z][A-Za-z]}.{yml,yaml,json,po,properties}`,
  '**/{messages,strings}*.properties',
  '**/{i18n-tasks,i18n-js,jshint,brakeman,rubocop,reek,webpacker,shakapacker,vite,spring,erb-lint,erb_lint,haml-lint,overcommit,knapsack,simplecov,chromatic,crowdin,lokalise,tolgee,transifex,phrase,annotate}*.{yml,yaml,json,toml}',
  '**/{dev,development,test,testing,local}{,_*,-*}.{yml,yaml,json,toml,ini,properties}',
  '**/{tsconfig,jsconfig}*.json',
  '**/.{eslintrc,prettierrc,stylelintrc,babelrc,swcrc,mocharc,nycrc,lintstagedrc,markdownlint,commitlintrc}*',
  '**/{babel,jest,vitest,karma,webpack,rollup,vite,postcss,tailwind,cypress,playwright,eslint,prettier,stylelint,commitlint,lint-staged,renovate,lerna,nx,turbo,tslint,cspell,typedoc,api-extractor}*.{json,json5,jsonc,yml,yaml,toml}',
  '**/.{markdownlint,yamllint,editorconfig,pre-commit-config}*',
  '**/{codecov,.codecov,mkdocs,.readthedocs,.goreleaser,.golangci,.rubocop,.hadolint,.sonarcloud,sonar-project,crowdin,.coderabbit}*.{yml,yaml,json,properties}',
  '**/*.schema.json',
  '**/*{dashboard,Dashboard}*.json',
  '**/dashboards/**',
  '**/.env*',
];

export const CONFIG_RULES: Rule[] = [
  // ---- environment files
  {
    id: 'env.local-file',
    category: 'env',
    title: 'Local/test env file',
    // Dev and test env files: the env vars they declare are not deployment settings.
    paths: ['**/.env.{test,testing,ci,e2e,dev,development,local,dusk,dusk.*,test.local,development.local}', '**/.envrc', '**/.flaskenv', '**/{test,testing,dev,development,local}.env'],
    severity: 'info',
    requiresNote: false,
    priority: 55,
  },
  {
    id: 'env.example',
    category: 'env',
    title: 'Env example file',
    paths: [
      `**/.env.${TEMPLATE_EXTS}`,
      `**/.env.*.${TEMPLATE_EXTS}`,
      `**/.env{-,_}${TEMPLATE_EXTS}`,
      `**/*.env.${TEMPLATE_EXTS}`,
      `**/${TEMPLATE_EXTS}.env`,
      `**/env.${TEMPLATE_EXTS}`,
      '**/.env.{defaults,default,schema}',
      `**/.${TEMPLATE_EXTS}.env`,
    ],
    severity: 'warning',
    requiresNote: 'findings',
    analyzers: ['env-file', 'secrets'],
    checklist: [
      { phase: 'Before deploy', text: 'Set the new variables of `{path}` in every environment\'s secrets/config store', role: 'ops' },
      { phase: 'Before deploy', text: 'Remove the variables dropped from `{path}` once no running version reads them', role: 'ops' },
      { phase: 'Verify', text: 'The application starts without missing-variable errors', role: 'ops' },
    ],
    priority: 56,
  },
  {
    id: 'env.file',
    category: 'env',
    title: 'Env file',
    paths: ['**/.env', '**/.env.*', '**/*.env'],
    severity: 'warning',
    requiresNote: 'findings',
    analyzers: ['env-file', 'secrets'],
    checklist: [
      { phase: 'Before deploy', text: 'Apply the changed variables of `{path}` to the deployed environment', role: 'ops' },
      { phase: 'Before deploy', text: 'Move any credential in `{path}` to the secrets store', role: 'ops' },
      { phase: 'Verify', text: 'The application starts with the new values', role: 'ops' },
    ],
    priority: 57,
  },
  // ---- application config files with a known name
  {
    id: 'spring.config',
    category: 'config',
    title: 'Application config',
    // Spring Boot, Quarkus, Micronaut, Ktor; ASP.NET appsettings.
    paths: [
      '**/application*.{yml,yaml,properties,conf}',
      '**/bootstrap*.{yml,yaml,properties}',
      `**/application*.{yml,yaml,properties}.${TEMPLATE_EXTS}`,
      '**/appsettings*.json',
    ],
    exclude: ['**/appsettings.{Development,Local,Test,Testing}.json', '**/application-{test,dev,local}.{yml,yaml,properties}'],
    severity: 'warning',
    requiresNote: 'findings',
    analyzers: ['config-keys', 'secrets', 'ports'],
    checklist: CONFIG_STEPS,
    priority: 60,
  },
  {
    id: 'python.settings',
    category: 'config',
    title: 'Python settings module',
    // Django settings; the env vars they read come from the engine's env pass.
    paths: ['**/settings.py', '**/settings/*.py', '**/settings_*.py', '**/*_settings.py', '**/conf/settings.py'],
    exclude: ['**/settings/{test,tests,testing,dev,development,local}*.py', '**/{test,tests,testing,dev,local}_settings.py', '**/settings_{test,tests,dev,local}.py'],
    severity: 'warning',
    requiresNote: 'findings',
    analyzers: ['secrets'],
    checklist: CONFIG_STEPS,
    priority: 60,
  },
  {
    id: 'flask.config',
    category: 'config',
    title: 'Flask config module',
    paths: ['**/config.py'],
    content: String.raw`\bclass\s+\w*Config\b|\bapp\.config\b|\bos\.(?:environ|getenv)\b|\bfrom_(?:object|envvar|pyfile)\(`,
    severity: 'warning',
    requiresNote: 'findings',
    analyzers: ['secrets'],
    checklist: CONFIG_STEPS,
    priority: 61,
  },
  {
    id: 'elixir.config',
    category: 'config',
    title: 'Elixir config',
    paths: ['**/config/{config,prod,runtime,releases}.exs'],
    severity: 'warning',
    requiresNote: 'findings',
    analyzers: ['secrets'],
    checklist: CONFIG_STEPS,
    priority: 60,
  },
  {
    id: 'rails.config',
    category: 'config',
    title: 'Service config',
    paths: ['**/config/{database,storage,cable,cache,queue,recurring,redis,sidekiq,puma,shrine,elasticsearch,mongoid,newrelic,skylight,schedule,settings,secrets}.{yml,yaml}', `**/config/*.yml.${TEMPLATE_EXTS}`],
    severity: 'warning',
    requiresNote: 'findings',
    analyzers: ['config-keys', 'secrets'],
    checklist: CONFIG_STEPS,
    priority: 60,
  },
  {
    id: 'dotnet.config',
    category: 'config',
    title: '.NET config',
    paths: ['**/{web,app,Web,App}.config', '**/{web,Web}.*.config'],
    exclude: ['**/{web,Web}.Debug.config'],
    severity: 'warning',
    requiresNote: 'findings',
    analyzers: ['config-keys', 'secrets'],
    checklist: CONFIG_STEPS,
    priority: 60,
  },
  // ---- servers and process managers
  {
    id: 'nginx.config',
    category: 'config',
    title: 'nginx config',
    paths: ['**/nginx/**/*.{conf,template,tmpl,j2}', '**/nginx*.conf', '**/nginx*.conf.{template,tmpl,j2}', '**/*.nginx', '**/*.nginx.conf', '**/sites-{available,enabled}/*', '**/conf.d/*.conf'],
    severity: 'warning',
    requiresNote: 'findings',
    analyzers: ['ports', 'env-manifest'],
    checklist: [
      { phase: 'Before deploy', text: 'Validate the new config: `nginx -t`', role: 'ops' },
      { phase: 'Deploy', text: 'Reload nginx (`nginx -s reload`) or roll out the image that contains `{path}`', role: 'ops' },
      { phase: 'Verify', text: 'The affected routes answer as expected', role: 'qa' },
      { phase: 'Rollback', text: 'Restore the previous `{path}` and reload', role: 'ops' },
    ],
    priority: 58,
  },
  {
    id: 'web-server.config',
    category: 'config',
    title: 'Server config',
    paths: [
      '**/{httpd,apache2,apache}*.conf',
      '**/.htaccess',
      '**/Caddyfile',
      '**/Caddyfile.*',
      '**/haproxy*.cfg',
      '**/{uwsgi,php,php-fpm,www}*.{ini,conf}',
      '**/supervisor{d,}.conf',
      '**/supervisor/**/*.{conf,ini}',
      '**/{gunicorn,gunicorn_conf,gunicorn.conf}.py',
      '**/{my,mysqld}.cnf',
      '**/{postgresql,pg_hba,redis,sentinel,pgbouncer,envoy,traefik}.{conf,ini,yml,yaml,toml}',
    ],
    severity: 'warning',
    requiresNote: 'findings',
    analyzers: ['config-keys', 'ports', 'secrets'],
    checklist: [
      { phase: 'Before deploy', text: 'Validate the new configuration of `{path}` (the server\'s config test)', role: 'ops' },
      { phase: 'Deploy', text: 'Reload or restart the service that reads `{path}`', role: 'ops' },
      { phase: 'Rollback', text: 'Restore the previous `{path}` and reload', role: 'ops' },
    ],
    priority: 58,
  },
  {
    id: 'systemd.unit',
    category: 'config',
    title: 'systemd unit',
    paths: ['**/*.{service,timer,socket,path,mount}'],
    exclude: ['**/*.{ts,js,py,rb,go,java,kt,cs}.service', '**/src/**/*.service'],
    severity: 'warning',
    requiresNote: 'findings',
    analyzers: ['env-manifest', 'ports'],
    checklist: [
      { phase: 'Deploy', text: 'Install the unit and run `systemctl daemon-reload`, then restart the service', role: 'ops' },
      { phase: 'Verify', text: '`systemctl status` shows the service active', role: 'ops' },
      { phase: 'Rollback', text: 'Restore the previous unit, `daemon-reload`, restart', role: 'ops' },
    ],
    priority: 58,
  },
  // ---- a JSON Schema of the operator's config file (read as the settings it defines: analyzers/configSchema.ts)
  {
    id: 'config.schema',
    category: 'config',
    title: 'Config schema',
    paths: [
      '**/{config,settings,configuration}{-,_,.}schema.{json,yml,yaml}',
      '**/*-{config,settings}{-,.}schema.{json,yml,yaml}',
      '**/{config,conf,settings}/schema.{json,yml,yaml}',
      // Erlang cuttlefish schemas: the keys a `.conf` may set (RabbitMQ and its plugins, EMQX 4, VerneMQ, Riak).
      '**/priv/{,schema/}*.schema',
    ],
    // Tool folders (`.github/`, `.vscode/`, `.schemastore/`) hold schemas of tools; a `.schema/` / `.schemas/` folder holds the
    // program's own (ORY's `.schemas/config.schema.json`). picomatch reads `.!(schema|schemas)` as "not STARTING with schema",
    // so the dot-folders that start with it and are neither (`.schema-old/`, `.schemastore/`) are excluded by the next two.
    exclude: ['**/{docs,doc,documentation,test,tests,spec,testdata,fixtures,examples,changelog,node_modules,vendor}/**', '**/.!(schema|schemas)/**', '**/.schema[^s]*/**', '**/.schemas?*/**'],
    severity: 'warning',
    requiresNote: 'findings',
    analyzers: ['config-keys'],
    checklist: CONFIG_STEPS,
    priority: 79,
  },
  // ---- anything structured under a config folder
  {
    id: 'config.file',
    category: 'config',
    title: 'Config file',
    paths: [
      // Files directly in a config folder, or in a per-environment/settings subfolder. Deeper or
      // other subfolders hold data and definitions (dashboards, metric/event definitions, fixtures).
      `**/{config,configs,conf,configuration,settings,etc}/${CONFIG_SUBDIRS}*.${CONFIG_EXTS}`,
      `**/{config,configs,conf,configuration,settings,etc}/${CONFIG_SUBDIRS}*.${CONFIG_EXTS}.${TEMPLATE_EXTS}`,
    ],
    exclude: NOT_RUNTIME_CONFIG,
    severity: 'warning',
    requiresNote: 'findings',
    analyzers: ['config-keys', 'secrets'],
    checklist: CONFIG_STEPS,
    priority: 80,
  },
  {
    id: 'config.named-file',
    category: 'config',
    title: 'Config file',
    // `config.yml` / `settings.toml` outside config folders; not front-end modules' own config data.
    paths: [
      `**/config.${CONFIG_EXTS}`,
      `**/config.${TEMPLATE_EXTS}.{yml,yaml,json,toml}`,
      `**/config.{yml,yaml,json,toml}.${TEMPLATE_EXTS}`,
      `**/settings.{yml,yaml,json,toml,ini}`,
    ],
    exclude: [...NOT_RUNTIME_CONFIG, '**/{src,lib,app,components,pages,public,static,assets,web,frontend,ui,client}/**/config.json', '**/.*/**'],
    severity: 'warning',
    requiresNote: 'findings',
    analyzers: ['config-keys', 'secrets'],
    checklist: CONFIG_STEPS,
    priority: 81,
  },
];
