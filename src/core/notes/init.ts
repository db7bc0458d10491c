import picomatch from 'picomatch';
import { CONFIG_PATH } from '../config/load';
import { WORKTREE, type GitSource } from '../git/gitSource';
import { ensureFolderInside, writeNewFileInside } from '../git/worktreeFiles';
import { NOTES_DIR } from './parse';

/** An ecosystem `handoff init` recognises from the repository's files. */
interface Ecosystem {
  name: string;
  globs: string[];
}

const ECOSYSTEMS: Ecosystem[] = [
  { name: 'Rails', globs: ['**/db/migrate/*.rb', 'config/application.rb'] },
  { name: 'Django', globs: ['**/manage.py', '**/migrations/0*.py'] },
  { name: 'Alembic', globs: ['**/alembic.ini', '**/alembic/versions/*.py'] },
  { name: 'Prisma', globs: ['**/schema.prisma'] },
  { name: 'Flyway', globs: ['**/db/migration/V*.sql'] },
  { name: 'Liquibase', globs: ['**/changelog*.{xml,yaml,yml}', '**/db.changelog*'] },
  { name: 'Laravel', globs: ['**/artisan', '**/database/migrations/*.php'] },
  { name: 'Ecto', globs: ['**/priv/repo/migrations/*.exs'] },
  { name: 'EF Core', globs: ['**/Migrations/*.cs'] },
  { name: 'SQL migrations', globs: ['**/migrations/*.sql'] },
  { name: 'Node.js', globs: ['**/package.json'] },
  { name: 'Python', globs: ['**/pyproject.toml', '**/requirements*.txt', '**/Pipfile', '**/setup.py'] },
  { name: 'Ruby', globs: ['**/Gemfile'] },
  { name: 'Go', globs: ['**/go.mod'] },
  { name: 'Java (Maven)', globs: ['**/pom.xml'] },
  { name: 'Java/Kotlin (Gradle)', globs: ['**/build.gradle', '**/build.gradle.kts'] },
  { name: 'Rust', globs: ['**/Cargo.toml'] },
  { name: 'PHP (Composer)', globs: ['**/composer.json'] },
  { name: '.NET', globs: ['**/*.csproj', '**/*.sln'] },
  { name: 'Docker', globs: ['**/Dockerfile', '**/Dockerfile.*', '**/*.dockerfile'] },
  { name: 'Docker Compose', globs: ['**/docker-compose*.{yml,yaml}', '**/compose*.{yml,yaml}'] },
  { name: 'Kubernetes', globs: ['**/k8s/**/*.{yml,yaml}', '**/kubernetes/**/*.{yml,yaml}', '**/kustomization.{yml,yaml}'] },
  { name: 'Helm', globs: ['**/Chart.yaml'] },
  { name: 'Terraform', globs: ['**/*.tf'] },
  { name: 'Ansible', globs: ['**/ansible.cfg', '**/playbook*.{yml,yaml}', '**/roles/*/tasks/*.{yml,yaml}'] },
  { name: 'Serverless', globs: ['**/serverless.{yml,yaml}'] },
  { name: 'env files', globs: ['**/.env.example', '**/.env.sample', '**/.env.template', '**/.env.*.example'] },
  { name: 'OpenAPI', globs: ['**/openapi*.{yml,yaml,json}', '**/swagger*.{yml,yaml,json}'] },
  { name: 'GraphQL', globs: ['**/*.graphql', '**/*.gql'] },
  { name: 'Protocol Buffers', globs: ['**/*.proto'] },
  { name: 'GitHub Actions', globs: ['.github/workflows/*.{yml,yaml}'] },
  { name: 'GitLab CI', globs: ['.gitlab-ci.yml'] },
  { name: 'Jenkins', globs: ['**/Jenkinsfile'] },
  { name: 'CircleCI', globs: ['.circleci/config.yml'] },
  { name: 'Azure Pipelines', globs: ['azure-pipelines*.yml'] },
];

const SKIP_DIRS = /(^|\/)(node_modules|vendor|third_party|\.git)\//;

/** The ecosystems whose files the repository holds, in table order. */
export function detectEcosystems(files: string[]): string[] {
  const relevant = files.filter((f) => !SKIP_DIRS.test(f));
  return ECOSYSTEMS.filter((e) => {
    const test = picomatch(e.globs, { dot: true });
    return relevant.some((f) => test(f));
  }).map((e) => e.name);
}

/** The commented `.handoff/config.yaml` that `handoff init` writes. */
export function configTemplate(opts: { ecosystems: string[]; base?: string }): string {
  const detected = opts.ecosystems.length ? opts.ecosystems.join(', ') : 'none recognised';
  return `# Handoff configuration: https://example.invalid/handoff — schema: schemas/config.schema.json
# Detected in this repository: ${detected}.
# The built-in rules for these apply as they are; this file only adds or changes things.

# The branch changes are compared with. When absent, Handoff uses origin/HEAD, then
# main, master, develop or trunk.${opts.base ? `\n# base: ${opts.base}` : '\n# base: main'}

# Paths never analysed (the built-in list already skips tests, fixtures and vendored code).
ignore:
#  - docs/**
#  - scripts/dev/**

# Roles that checklist items are assigned to, with \`@role\` at the end of an item.
roles: [dev, ops, implementation, qa, dba]

# Rules added, or built-in rules changed by id (only the fields given change).
rules:
#  - id: acme.search-index          # a new rule
#    title: Search index definition
#    paths: ["search/indexes/**/*.json"]
#    category: infrastructure         # migration | config | env | infrastructure | dependency | ci | api | feature-flag | custom
#    severity: warning                # info | warning | critical
#    requiresNote: true               # true | false | findings
#    checklist:
#      - phase: Deploy                # Before deploy | Deploy | After deploy | Verify | Rollback
#        text: Reindex with \`bin/reindex {path}\`
#        role: ops
#  - id: rails.migration             # a built-in rule, changed
#    severity: critical

# Checklist steps that replace the built-in ones, by finding kind (or by category).
templates:
#  env-var-added:
#    - phase: Before deploy
#      text: Add \`{subject}\` to Vault under secret/app
#      role: ops

# Files larger than this (bytes) are not content-analysed.
# maxFileBytes: 1048576
`;
}

/** The `.handoff/notes/README.md` that `handoff init` writes, for the team. */
export function notesReadme(): string {
  return `# Deployment notes

Each file here is a **deployment note**: what the people who deploy and operate this
software must do, check and, if needed, roll back for a change. Handoff
(\`handoff check\`, the VS Code extension) asks for one when a change touches
migrations, configuration, environment variables, infrastructure, dependencies, CI,
API schemas or feature flags.

Write one with \`handoff note new\` (it drafts the checklist) or by hand:

\`\`\`markdown
---
title: Add billing plan to accounts
covers:
  - db/migrate/20261124093000_add_billing_plan.rb
  - config/billing/*.yml          # globs allowed
  - env:BILLING_API_KEY           # an environment variable
  - "skip: config/locales/*.yml — copy only, nothing to deploy"   # no action, with the reason
risk: high                        # low | medium | high
---
## Deploy
- [ ] Set \`BILLING_API_KEY\` in production secrets @ops
- [ ] Run \`rails db:migrate\` before restarting app servers @implementation

## Verify
- [ ] \`/admin/billing\` loads for an admin account

## Rollback
- [ ] \`rails db:rollback STEP=1\`
\`\`\`

- \`covers\` names what the note is about: paths, globs, \`env:NAME\`, or
  \`skip: <glob> — <reason>\` for changes that need no action (the reason is required
  and shows in the change log).
- A note covers a change only when the note is added or edited in the same branch
  (or is uncommitted): a note from an earlier release never covers today's change.
- The checklist is GitHub task-list items under free headings; the usual rollout
  phases are \`## Before deploy\`, \`## Deploy\`, \`## After deploy\`, \`## Verify\`,
  \`## Rollback\`. End an item with \`@role\` to assign it.
- \`handoff changelog --from v1.2.0 --to v1.3.0 --format markdown\` exports the notes
  of a release.
`;
}

export interface InitResult {
  /** Repository-relative paths written. */
  created: string[];
  /** Repository-relative paths that existed and were left untouched. */
  existing: string[];
  ecosystems: string[];
}

/**
 * `handoff init`: writes `.handoff/config.yaml` (commented, naming the ecosystems found
 * in the working tree) and `.handoff/notes/README.md`. Never overwrites a file: those
 * that exist are reported in `existing`.
 */
export async function initRepository(git: GitSource): Promise<InitResult> {
  const files = await git.listFiles(WORKTREE);
  const ecosystems = detectEcosystems(files);
  let base: string | undefined;
  try {
    base = await git.detectBase();
  } catch {
    base = undefined; // no base yet (a fresh repository): the template shows the default
  }
  const planned: [string, string][] = [
    [CONFIG_PATH, configTemplate({ ecosystems, base })],
    [`${NOTES_DIR}/README.md`, notesReadme()],
  ];
  const result: InitResult = { created: [], existing: [], ecosystems };
  // Folders are real folders of the repository (a link or a file in the way is an error
  // naming it); files are created, never overwritten, even if one appeared meanwhile.
  await ensureFolderInside(git.root, NOTES_DIR);
  for (const [rel, content] of planned) {
    if (await writeNewFileInside(git.root, rel, content)) result.created.push(rel);
    else result.existing.push(rel);
  }
  return result;
}
