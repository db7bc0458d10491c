#!/usr/bin/env node
// Generates the demo repository used by `npm start`, the in-host tests and the e2e tests:
// a small Express web app with a Rails-style `db/migrate`, whose `main` is clean and whose
// `feature/billing` branch carries changes that need a deployment note, one of them covered.
//
//   node scripts/demo-repo.mjs <dir> [--checkout main|feature/billing] [--force]
//
// Real git commits with fixed authors and dates, so the same input gives the same commit ids.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEMO_BRANCH = 'feature/billing';
export const DEMO_BASE = 'main';
export const DEMO_MIGRATION = 'db/migrate/20261124093000_remove_legacy_plan_from_accounts.rb';
export const DEMO_NOTE = '.handoff/notes/2026-11-24-billing-api-key.md';

const AUTHOR = { name: 'Dana Developer', email: 'dana@example.com' };

const mainFiles = {
  '.gitignore': 'node_modules/\n.env\nlog/\n',
  'README.md': '# Billing demo\n\nA small web app used to show Handoff.\n\n```sh\nnpm install\nnpm start\n```\n',
  'package.json': JSON.stringify({
    name: 'billing-demo',
    version: '1.4.0',
    private: true,
    main: 'src/server.js',
    scripts: { start: 'node src/server.js' },
    dependencies: { express: '^4.19.2', pg: '^8.11.3' },
  }, null, 2) + '\n',
  '.env.example': 'PORT=3000\nDATABASE_URL=postgres://localhost:5432/billing_demo\n',
  'Dockerfile': [
    'FROM node:18-alpine',
    'WORKDIR /app',
    'COPY package*.json ./',
    'RUN npm ci --omit=dev',
    'COPY . .',
    'EXPOSE 3000',
    'CMD ["node", "src/server.js"]',
    '',
  ].join('\n'),
  'config/settings.yml': [
    'app:',
    '  name: billing-demo',
    '  session_timeout_minutes: 30',
    'accounts:',
    '  default_plan: free',
    '  legacy_plan_fallback: basic',
    '  max_users_per_account: 25',
    '',
  ].join('\n'),
  'db/migrate/20260105120000_create_accounts.rb': [
    'class CreateAccounts < ActiveRecord::Migration[7.1]',
    '  def change',
    '    create_table :accounts do |t|',
    '      t.string :name, null: false',
    '      t.string :plan, null: false, default: "free"',
    '      t.string :legacy_plan',
    '      t.timestamps',
    '    end',
    '  end',
    'end',
    '',
  ].join('\n'),
  'src/db.js': [
    "const { Pool } = require('pg');",
    '',
    'const pool = new Pool({ connectionString: process.env.DATABASE_URL });',
    '',
    'module.exports = { query: (text, params) => pool.query(text, params) };',
    '',
  ].join('\n'),
  'src/routes/accounts.js': [
    "const express = require('express');",
    "const db = require('../db');",
    '',
    'const router = express.Router();',
    '',
    "router.get('/:id', async (req, res) => {",
    "  const { rows } = await db.query('SELECT id, name, plan FROM accounts WHERE id = $1', [req.params.id]);",
    '  if (rows.length === 0) return res.sendStatus(404);',
    '  res.json(rows[0]);',
    '});',
    '',
    'module.exports = router;',
    '',
  ].join('\n'),
  'src/server.js': [
    "const express = require('express');",
    "const accounts = require('./routes/accounts');",
    '',
    'const app = express();',
    'app.use(express.json());',
    "app.use('/accounts', accounts);",
    '',
    'const port = Number(process.env.PORT || 3000);',
    'app.listen(port, () => console.log(`listening on ${port}`));',
    '',
  ].join('\n'),
};

/** The feature branch, one commit per step, in order. `null` deletes a file. */
const featureCommits = [
  {
    message: 'Add billing client and /billing routes',
    files: {
      'src/billing/client.js': [
        "const BASE_URL = 'https://billing.example.com/v1';",
        '',
        'async function createInvoice(accountId, amountCents) {',
        '  const response = await fetch(`${BASE_URL}/invoices`, {',
        "    method: 'POST',",
        '    headers: {',
        '      Authorization: `Bearer ${process.env.BILLING_API_KEY}`,',
        "      'Content-Type': 'application/json',",
        '    },',
        '    body: JSON.stringify({ accountId, amountCents }),',
        '  });',
        '  if (!response.ok) throw new Error(`billing: ${response.status}`);',
        '  return response.json();',
        '}',
        '',
        'module.exports = { createInvoice };',
        '',
      ].join('\n'),
      'src/routes/billing.js': [
        "const express = require('express');",
        "const { createInvoice } = require('../billing/client');",
        '',
        'const router = express.Router();',
        '',
        "router.post('/:accountId/invoices', async (req, res) => {",
        '  res.status(201).json(await createInvoice(req.params.accountId, req.body.amountCents));',
        '});',
        '',
        'module.exports = router;',
        '',
      ].join('\n'),
      'src/server.js': [
        "const express = require('express');",
        "const accounts = require('./routes/accounts');",
        "const billing = require('./routes/billing');",
        '',
        'const app = express();',
        'app.use(express.json());',
        "app.use('/accounts', accounts);",
        "app.use('/billing', billing);",
        '',
        'const port = Number(process.env.PORT || 3000);',
        'app.listen(port, () => console.log(`listening on ${port}`));',
        '',
      ].join('\n'),
      '.env.example': 'PORT=3000\nDATABASE_URL=postgres://localhost:5432/billing_demo\nBILLING_API_KEY=\n',
    },
  },
  {
    message: 'Drop the legacy plan column and its fallback setting',
    files: {
      [DEMO_MIGRATION]: [
        'class RemoveLegacyPlanFromAccounts < ActiveRecord::Migration[7.1]',
        '  def change',
        '    remove_column :accounts, :legacy_plan, :string',
        '  end',
        'end',
        '',
      ].join('\n'),
      'config/settings.yml': [
        'app:',
        '  name: billing-demo',
        '  session_timeout_minutes: 30',
        'accounts:',
        '  default_plan: free',
        '  max_users_per_account: 25',
        '',
      ].join('\n'),
    },
  },
  {
    message: 'Build on Node 20',
    files: {
      'Dockerfile': mainFiles['Dockerfile'].replace('FROM node:18-alpine', 'FROM node:20-alpine'),
    },
  },
  {
    message: 'Deployment note for the billing API key',
    files: {
      [DEMO_NOTE]: [
        '---',
        'title: Billing API key for the new billing client',
        'covers:',
        '  - env:BILLING_API_KEY',
        '  - .env.example',
        'risk: medium',
        '---',
        '## Deploy',
        '- [ ] Create a production API key in the billing provider dashboard @ops',
        '- [ ] Set `BILLING_API_KEY` in production secrets @ops',
        '- [ ] Restart the app servers once the secret is set @implementation',
        '',
        '## Verify',
        '- [ ] `POST /billing/:accountId/invoices` returns 201 on staging @implementation',
        '',
        '## Rollback',
        '- [ ] Remove the `/billing` routes by redeploying the previous release @implementation',
        '',
      ].join('\n'),
    },
  },
];

/**
 * Creates the demo repository in `dir` (which must be missing or empty, unless `force`).
 * Returns the absolute path. `checkout` picks the branch left checked out.
 */
export function createDemoRepo(dir, { checkout = DEMO_BRANCH, force = false } = {}) {
  const repo = path.resolve(dir);
  if (fs.existsSync(repo) && fs.readdirSync(repo).length > 0) {
    if (!force) throw new Error(`${repo} is not empty (pass --force to replace it)`);
    fs.rmSync(repo, { recursive: true, force: true });
  }
  fs.mkdirSync(repo, { recursive: true });

  let clock = Date.parse('2026-11-20T09:00:00Z');
  const git = (...args) => execFileSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: AUTHOR.name, GIT_AUTHOR_EMAIL: AUTHOR.email,
      GIT_COMMITTER_NAME: AUTHOR.name, GIT_COMMITTER_EMAIL: AUTHOR.email,
      GIT_AUTHOR_DATE: new Date(clock).toISOString(), GIT_COMMITTER_DATE: new Date(clock).toISOString(),
    },
  });
  const write = (files) => {
    for (const [rel, content] of Object.entries(files)) {
      const abs = path.join(repo, rel);
      if (content === null) { fs.rmSync(abs, { force: true }); continue; }
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, content);
    }
  };
  const commit = (message, files) => {
    write(files);
    git('add', '-A');
    git('commit', '-q', '--no-verify', '-m', message);
    clock += 3_600_000;
  };

  git('init', '-q', '-b', DEMO_BASE);
  git('config', 'user.name', AUTHOR.name);
  git('config', 'user.email', AUTHOR.email);
  git('config', 'commit.gpgsign', 'false');
  git('config', 'core.autocrlf', 'false');
  commit('Billing demo: accounts API', mainFiles);
  git('checkout', '-q', '-b', DEMO_BRANCH);
  for (const c of featureCommits) commit(c.message, c.files);
  git('checkout', '-q', checkout);
  return repo;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--checkout');
  const checkoutAt = args.indexOf('--checkout');
  if (!dir) {
    console.error('usage: node scripts/demo-repo.mjs <dir> [--checkout main|feature/billing] [--force]');
    process.exit(2);
  }
  try {
    const repo = createDemoRepo(dir, { checkout: checkoutAt >= 0 ? args[checkoutAt + 1] : DEMO_BRANCH, force: args.includes('--force') });
    console.log(repo);
  } catch (err) {
    console.error(`demo-repo: ${err.message}`);
    process.exit(2);
  }
}
