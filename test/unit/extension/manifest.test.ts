// The extension's manifest against its code and translations (plain Node, no vscode):
// every command is both declared and registered, every manifest string exists in English and
// Chinese, the runtime bundle is what @vscode/l10n-dev extracts from the code today and is
// fully translated, `when` clauses only use context keys the code sets.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { getL10nJson } from '@vscode/l10n-dev';
import { SETTING_KEYS } from '../../../src/shared/settings';

const root = path.resolve(__dirname, '../../..');
const read = (rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');
const json = (rel: string) => JSON.parse(read(rel));
const pkg = json('package.json');
const contributes = pkg.contributes;

/** `Name = 'value'` members of a `const enum` in a source file. */
function enumValues(rel: string, name: string): string[] {
  const src = read(rel);
  const body = new RegExp(`enum ${name} \\{([\\s\\S]*?)\\n\\}`).exec(src)?.[1];
  assert.ok(body, `enum ${name} in ${rel}`);
  return [...body.matchAll(/=\s*'([^']+)'/g)].map((m) => m[1]);
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('extension manifest', () => {
  const commandIds = enumValues('src/extension/commands/commandIds.ts', 'CommandId');

  it('declares exactly the commands the code registers, each with a category and a localized title', () => {
    const declared = contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(declared, [...commandIds].sort());
    for (const c of contributes.commands) {
      assert.match(c.title, /^%command\.[\w.]+\.title%$/, `${c.command} title is localized`);
      assert.equal(c.category, '%command.category%');
    }
  });

  it('keeps the contract ids and titles other tiers test against', () => {
    const nls = json('package.nls.json');
    const title = (id: string) => `${nls['command.category']}: ${nls[contributes.commands.find((c: { command: string }) => c.command === id).title.slice(1, -1)]}`;
    assert.equal(title('handoff.reviewBranch'), 'Handoff: Review Branch…');
    assert.equal(title('handoff.backToWorkingTree'), 'Handoff: Back to Working Tree');
    assert.equal(title('handoff.exportChangeLog'), 'Handoff: Export Change Log…');
    assert.equal(title('handoff.createNote'), 'Handoff: Create Deployment Note');
    assert.equal(title('handoff.init'), 'Handoff: Initialize Repository');
    assert.ok(commandIds.includes('handoff.refresh'));
    assert.deepEqual(contributes.viewsContainers.activitybar.map((c: { id: string }) => c.id), ['handoff']);
    assert.deepEqual(contributes.views.handoff.map((v: { id: string }) => v.id), ['handoff.impact', 'handoff.checklist']);
    assert.ok(pkg.activationEvents.includes('workspaceContains:.git'));
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  });

  it('menus name only declared commands, and `when` clauses only Handoff context keys the code sets', () => {
    const contextKeys = new Set(enumValues('src/extension/commands/commandIds.ts', 'ContextKey'));
    const whens: string[] = [];
    for (const [menu, items] of Object.entries(contributes.menus) as [string, { command: string; when?: string }[]][]) {
      for (const item of items) {
        assert.ok(commandIds.includes(item.command), `${menu}: ${item.command} is a declared command`);
        if (item.when) whens.push(item.when);
      }
    }
    whens.push(...contributes.viewsWelcome.map((w: { when: string }) => w.when), ...contributes.walkthroughs.map((w: { when?: string }) => w.when ?? ''));
    for (const when of whens) {
      for (const key of when.match(/\bhandoff\.[\w.]+/g) ?? []) {
        if (key === 'handoff.impact' || key === 'handoff.checklist') continue; // view ids in `view ==`
        assert.ok(contextKeys.has(key), `context key ${key} (in "${when}") is set by the code`);
      }
    }
  });

  it('every %key% has an English and a Chinese string, and both files have the same keys', () => {
    const en = json('package.nls.json');
    const zh = json('package.nls.zh-cn.json');
    const used = new Set([...read('package.json').matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
    for (const key of used) {
      assert.ok(typeof en[key] === 'string' && en[key].trim(), `package.nls.json has ${key}`);
      assert.ok(typeof zh[key] === 'string' && zh[key].trim(), `package.nls.zh-cn.json has ${key}`);
    }
    assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
    for (const key of Object.keys(en)) {
      // Command links in welcome views and walkthroughs must survive translation.
      const links = (s: string) => [...s.matchAll(/\(command:[\w.]+\)/g)].map((m) => m[0]).sort();
      assert.deepEqual(links(zh[key]), links(en[key]), `${key}: same command links`);
    }
  });

  it('l10n/bundle.l10n.json is what @vscode/l10n-dev extracts from src/extension today', async () => {
    const files = filesUnder('src/extension').filter((f) => f.endsWith('.ts')).sort();
    const extracted = await getL10nJson(files.map((f) => ({ contents: read(f), extension: '.ts' })));
    assert.deepEqual(Object.keys(json('l10n/bundle.l10n.json')).sort(), Object.keys(extracted).sort(), 'run: npx @vscode/l10n-dev export --outDir ./l10n ./src/extension');
  });

  it('l10n/bundle.l10n.zh-cn.json translates every runtime string and keeps its placeholders', () => {
    const en = json('l10n/bundle.l10n.json');
    const zh = json('l10n/bundle.l10n.zh-cn.json');
    for (const key of Object.keys(en)) {
      assert.ok(typeof zh[key] === 'string' && zh[key].trim(), `translated: ${key}`);
      const holes = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort();
      assert.deepEqual(holes(zh[key]), holes(key), `placeholders of ${key}`);
    }
  });

  it('settings match the typed reader and have descriptions', () => {
    const props = contributes.configuration.properties;
    for (const key of Object.values(SETTING_KEYS)) {
      const p = props[`handoff.${key}`];
      assert.ok(p, `handoff.${key} is contributed`);
      assert.match(p.markdownDescription ?? p.description, /^%configuration\.[\w.]+%$/);
    }
    assert.deepEqual(props['handoff.prompting'].enum, ['off', 'quiet', 'normal']);
  });

  it('icons and walkthrough media exist', () => {
    const paths = [...contributes.viewsContainers.activitybar.map((c: { icon: string }) => c.icon), ...contributes.walkthroughs.flatMap((w: { steps: { media: { image: string } }[] }) => w.steps.map((s) => s.media.image))];
    for (const p of paths) assert.ok(fs.existsSync(path.join(root, p)), `${p} exists`);
    assert.deepEqual(contributes.walkthroughs[0].steps.map((s: { id: string }) => s.id), ['init', 'change', 'note', 'review', 'export']);
  });
});
