// Drives the VS Code workbench (code-server 4.139 / VS Code 1.139 web) in Chromium through
// playwright-core, the way a user does: palette, quick picks, editors, Problems, the Handoff views.
// Every wait is on something the workbench shows; a timeout names what never appeared.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';

export const DEFAULT_TIMEOUT_MS = 20_000;

/** Polls `probe` until it returns a truthy value; the timeout error says what was awaited. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last instanceof Error ? last.message : String(last)})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const asRegExp = (text: string | RegExp): RegExp => (typeof text === 'string' ? new RegExp(escapeRegExp(text)) : text);

export class Workbench {
  private shotCount = 0;

  constructor(readonly page: Page, private readonly shotsDir: string, private readonly scenario: string) {}

  /** Saves a screenshot as test-results/<scenario>-<nn>-<name>.png and returns its path. */
  async shot(name: string): Promise<string> {
    fs.mkdirSync(this.shotsDir, { recursive: true });
    const file = path.join(this.shotsDir, `${this.scenario}-${String(++this.shotCount).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /**
   * Waits for the workbench, Handoff's activity-bar container (the manifest was read) and its
   * status-bar item (the extension is active and follows the repository).
   */
  async ready(containerTitle = 'Handoff', statusId = 'handoff.status'): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.activityItem(containerTitle).waitFor({ timeout: 60_000 });
    await this.statusItem(statusId).waitFor({ timeout: 60_000 });
  }

  activityItem(title: string): Locator {
    return this.page.locator(`.activitybar .action-item a[aria-label^="${title}"]`).first();
  }

  /** Opens the Handoff side bar (clicking its activity-bar icon unless it is already shown). */
  async openContainer(title = 'Handoff'): Promise<void> {
    const sidebarTitle = this.page.locator('.sidebar .composite.title').filter({ hasText: new RegExp(escapeRegExp(title), 'i') }).first();
    // Click the whole activity-bar entry: its count badge sits over the icon's link and would
    // take a click aimed at the link itself. A command may be revealing the container at the
    // same moment (Review Branch… does): then our click hides it again, so look and retry.
    const entry = this.activityItem(title).locator('xpath=ancestor::li[contains(@class, "action-item")][1]');
    for (let attempt = 0; attempt < 3 && !(await sidebarTitle.isVisible()); attempt++) {
      await entry.click();
      await sidebarTitle.waitFor({ timeout: 3_000 }).catch(() => {});
    }
    await sidebarTitle.waitFor();
  }

  /** The side-bar pane (view) whose header reads `name`. */
  pane(name: string): Locator {
    return this.page.locator('.sidebar .pane').filter({ has: this.page.locator('.pane-header .title', { hasText: new RegExp(`^${escapeRegExp(name)}$`, 'i') }) }).first();
  }

  /** Expands the pane if it is collapsed and returns it. */
  async openPane(name: string): Promise<Locator> {
    const pane = this.pane(name);
    await pane.waitFor();
    const header = pane.locator('.pane-header').first();
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    await waitFor(`the ${name} view to be expanded`, async () => (await header.getAttribute('aria-expanded')) === 'true');
    return pane;
  }

  /** The tree rows of a pane. */
  rows(pane: Locator): Locator {
    return pane.locator('.monaco-list-row');
  }

  /** The first row of `pane` whose label matches `text`. */
  row(pane: Locator, text: string | RegExp): Locator {
    return this.rows(pane).filter({ hasText: asRegExp(text) }).first();
  }

  /**
   * Waits for a row of `pane` matching `text`; on timeout the error says what the pane showed
   * (its rows, its welcome text, its height), so a failure in CI explains itself.
   */
  async waitRow(pane: Locator, text: string | RegExp, timeout = 30_000): Promise<Locator> {
    const row = this.row(pane, text);
    try {
      await row.waitFor({ timeout });
      return row;
    } catch (err) {
      const rows = await this.rows(pane).allTextContents().catch(() => []);
      const welcome = await pane.locator('.welcome-view-content').allTextContents().catch(() => []);
      const box = await pane.boundingBox().catch(() => null);
      throw new Error(`no row ${String(text)} in the pane after ${timeout} ms; rows: [${rows.join(' | ')}]; welcome: [${welcome.join(' | ')}]; pane height: ${box?.height ?? '?'}\n${(err as Error).message}`);
    }
  }

  /** Expands every collapsed row of a tree, until none is left (children load lazily). */
  async expandAll(pane: Locator): Promise<void> {
    for (let round = 0; round < 10; round++) {
      const collapsed = pane.locator('.monaco-list-row[aria-expanded="false"]');
      const n = await collapsed.count();
      if (n === 0) return;
      await collapsed.first().locator('.monaco-tl-twistie').click();
    }
  }

  /** Tree rows as { label, level } in display order (aria-level gives the depth). */
  async treeRows(pane: Locator): Promise<{ label: string; level: number; text: string }[]> {
    return this.rows(pane).evaluateAll((els) =>
      els
        .map((el) => ({
          label: el.getAttribute('aria-label') ?? '',
          level: Number(el.getAttribute('aria-level') ?? 0),
          text: (el.textContent ?? '').trim(),
          top: Number.parseFloat((el as unknown as { style: { top: string } }).style.top || '0'),
        }))
        .sort((a, b) => a.top - b.top)
        .map(({ label, level, text }) => ({ label, level, text })),
    );
  }

  // --- command palette and quick input --------------------------------------------------------

  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /**
   * Runs a command from the palette (F1) by its title, e.g. "Handoff: Review Branch…". The
   * palette lists what applies when it opens (`when` clauses), so it is reopened until the
   * command is there.
   */
  async command(title: string): Promise<void> {
    const rows = this.quickInput().locator('.quick-input-list .monaco-list-row');
    const row = rows.filter({ hasText: title }).first();
    let shown: string[] = [];
    const deadline = Date.now() + DEFAULT_TIMEOUT_MS;
    do {
      await this.closeQuickInput();
      await this.page.keyboard.press('F1');
      const input = this.quickInput().locator('input').first();
      await input.waitFor();
      await input.fill(`>${title}`);
      if (await row.waitFor({ timeout: 3000 }).then(() => true, () => false)) {
        await row.click();
        return;
      }
      shown = await rows.allTextContents();
    } while (Date.now() < deadline);
    await this.closeQuickInput();
    throw new Error(`command "${title}" is not in the palette (it lists: ${shown.slice(0, 8).join(' | ') || 'nothing'})`);
  }

  /** Waits for a quick pick whose title or placeholder matches `prompt`. */
  async waitQuickPick(prompt: string | RegExp): Promise<void> {
    const re = asRegExp(prompt);
    await waitFor(`a quick pick asking "${re.source}"`, async () => {
      if (!(await this.quickInput().isVisible())) return false;
      const title = (await this.quickInput().locator('.quick-input-title').textContent().catch(() => '')) ?? '';
      const placeholder = (await this.quickInput().locator('input').first().getAttribute('placeholder').catch(() => '')) ?? '';
      return re.test(title) || re.test(placeholder);
    });
  }

  /** In the open quick pick asking `prompt`, picks the row whose label (not description) matches `item`. */
  async pick(prompt: string | RegExp, item: string | RegExp): Promise<void> {
    await this.waitQuickPick(prompt);
    const rows = this.quickInput().locator('.quick-input-list .monaco-list-row');
    const row = rows.filter({ has: this.page.locator('.label-name', { hasText: asRegExp(item) }) }).first();
    await row.waitFor({ timeout: DEFAULT_TIMEOUT_MS }).catch(async () => {
      throw new Error(`no "${String(item)}" in the quick pick "${String(prompt)}" (it lists: ${(await rows.allTextContents()).join(' | ')})`);
    });
    await row.click();
  }

  async closeQuickInput(): Promise<void> {
    if (await this.quickInput().isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.quickInput().waitFor({ state: 'hidden' });
    }
  }

  /**
   * Answers VS Code's own save dialog (in the browser it is the "simple file dialog", a quick
   * input holding the path): replaces the path with `absPath` and accepts.
   */
  async saveAs(absPath: string): Promise<void> {
    const input = this.quickInput().locator('input').first();
    await waitFor('the save dialog', async () => (await this.quickInput().isVisible()) && (await input.inputValue()).startsWith('/'));
    // The dialog fills in its own default once it has listed the folder, which can land after
    // our text: type it again until it stays.
    for (let attempt = 0; attempt < 5; attempt++) {
      await input.fill(absPath);
      await this.page.waitForTimeout(300);
      if ((await input.inputValue()) === absPath) break;
    }
    await waitFor(`the save dialog to show ${absPath}`, async () => (await input.inputValue()) === absPath);
    await input.press('Enter');
    await this.quickInput().waitFor({ state: 'hidden' });
  }

  // --- editors --------------------------------------------------------------------------------

  activeTab(): Locator {
    return this.page.locator('.tabs-container .tab.active').first();
  }

  /** Opens a workspace file with Quick Open (Ctrl+P) and waits for its editor. */
  async openFile(relPath: string): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('Control+P');
    const input = this.quickInput().locator('input').first();
    await input.waitFor();
    await input.fill(relPath);
    const base = path.posix.basename(relPath);
    const row = this.quickInput().locator('.quick-input-list .monaco-list-row').filter({ hasText: base }).first();
    await row.waitFor();
    await input.press('Enter');
    await waitFor(`an editor for ${relPath}`, async () => ((await this.activeTab().textContent()) ?? '').includes(base));
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
  }

  /**
   * Opens the Quick Fix menu (Ctrl+.) at the cursor of the focused editor and returns the
   * action whose title matches `title`. Code actions are computed after the cursor lands, so
   * the menu is asked for again (up to 10 times) until it lists the action.
   */
  async quickFix(title: string | RegExp): Promise<Locator> {
    const rows = this.page.locator('.action-widget .monaco-list-row');
    const action = rows.filter({ hasText: asRegExp(title) }).first();
    let offered: string[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      await this.page.keyboard.press('Control+.');
      if (await action.waitFor({ timeout: 2000 }).then(() => true, () => false)) return action;
      offered = await rows.allTextContents();
      // The menu can show as two `.action-widget`s (the list and a submenu panel): any visible one is closed.
      if (await this.page.locator('.action-widget').filter({ visible: true }).count()) await this.page.keyboard.press('Escape');
    }
    throw new Error(`no "${String(title)}" quick fix (offered: ${offered.join(' | ') || 'nothing'})`);
  }

  /** Focuses the active editor's text. */
  async focusEditor(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.locator('.editor-instance .monaco-editor textarea').first().focus();
  }

  // --- panels, status bar, notifications --------------------------------------------------------

  /** Shows the Problems panel and returns its rows. */
  async problems(): Promise<Locator> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor();
    return panel.locator('.monaco-list-row');
  }

  /** The status-bar item an extension created with `createStatusBarItem(id)` (DOM id ends with it). */
  statusItem(id: string): Locator {
    return this.page.locator(`.statusbar [id$="${id}"]`).first();
  }

  /** The number shown at the end of a status-bar item's text (e.g. "☑ 2" → 2). */
  async statusCount(id: string): Promise<number> {
    const text = await waitFor(`a number in the status-bar item ${id}`, async () => {
      // a spinning icon means the first analysis is still running: its number is not a count yet
      if (await this.statusItem(id).locator('.codicon-modifier-spin').count()) return undefined;
      const t = ((await this.statusItem(id).textContent({ timeout: 1000 })) ?? '').trim();
      return /(\d+)\s*$/.test(t) ? t : undefined;
    }, 60_000);
    return Number(/(\d+)\s*$/.exec(text)![1]);
  }

  /** Waits for a notification (toast or, with toasts hidden, the notification center) matching `text`. */
  async notification(text: string | RegExp): Promise<string> {
    const re = asRegExp(text);
    return waitFor(`a notification matching ${re}`, async () => {
      const all = await this.page.locator('.notification-toast .notification-list-item-message, .notifications-center .notification-list-item-message').allTextContents();
      return all.find((t) => re.test(t));
    });
  }
}
