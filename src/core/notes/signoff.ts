/**
 * Sign-offs: who ticked which checklist item, for which environment, when, and on which
 * version of the code the item covers. They live in ONE place, local to the clone:
 * `<git common dir>/handoff/signoffs.json` (never committed, never written into a branch's
 * files). A reviewer ticks items of a pull request without checking it out; once the
 * branch is checked out, an item signed off in every environment can be written into the
 * note as a normal `[x]` edit (`signOffEdits`), which the user sees and commits.
 *
 * A sign-off records the blob ids of the files its note covers; when one of them differs
 * at the range's head now, the sign-off is stale (the code changed after it was given).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { WORKTREE } from '../git/gitSource';
import type { GitRunner } from '../git/pullRequests';
import type { NoteItem } from '../types';
import { toggleItem, type TextEdit } from './edit';

export interface SignOff {
  /** The note's repository-relative path. */
  note: string;
  /** The checklist item's text (as parsed: without its trailing `@role`). */
  item: string;
  environment: string;
  /** git user.name (or user.email) of who ticked it. */
  by: string;
  /** ISO 8601. */
  at: string;
  /** The commit under review when it was ticked (or HEAD in working mode). */
  head: string;
  /** Blob id of each file the note covers at that head (null: the file did not exist). */
  covered: Record<string, string | null>;
}

interface StoreFile {
  version: 1;
  signoffs: SignOff[];
}

/** Where the store lives, relative to the git common dir (shared by every worktree of the clone). */
export const SIGNOFF_STORE = 'handoff/signoffs.json';

const sameItem = (a: string, b: string) => a.trim() === b.trim();

export class SignOffStore {
  private constructor(
    /** Absolute path of the JSON file. */
    readonly file: string,
    private readonly git: GitRunner,
  ) {}

  static async open(git: GitRunner): Promise<SignOffStore> {
    const dir = (await git.exec(['rev-parse', '--git-common-dir'])).trim();
    return new SignOffStore(path.resolve(git.root, dir, ...SIGNOFF_STORE.split('/')), git);
  }

  /** Every sign-off; an unreadable or foreign file reads as none (and is not overwritten until a tick). */
  async all(): Promise<SignOff[]> {
    try {
      const data = JSON.parse(await fs.readFile(this.file, 'utf8')) as Partial<StoreFile>;
      return Array.isArray(data.signoffs) ? data.signoffs.filter(isSignOff) : [];
    } catch {
      return [];
    }
  }

  /** The sign-offs of one note. */
  async forNote(note: string): Promise<SignOff[]> {
    return (await this.all()).filter((s) => s.note === note);
  }

  /** Who ticks: git's user.name, else user.email, else the OS user. */
  async user(): Promise<string> {
    for (const key of ['user.name', 'user.email']) {
      const v = (await this.git.exec(['config', '--get', key], { okCodes: [0, 1] }).catch(() => '')).trim();
      if (v) return v;
    }
    return process.env.USER || process.env.USERNAME || 'unknown';
  }

  /**
   * Records (done) or removes (not done) the sign-off of an item for an environment.
   * Written to a temporary file and renamed: a crash never leaves half a file.
   */
  async set(entry: Omit<SignOff, 'by' | 'at'> & { by?: string; at?: string }, done: boolean): Promise<SignOff | undefined> {
    const list = (await this.all()).filter((s) => !(s.note === entry.note && sameItem(s.item, entry.item) && s.environment === entry.environment));
    let added: SignOff | undefined;
    if (done) {
      added = { note: entry.note, item: entry.item, environment: entry.environment, by: entry.by ?? (await this.user()), at: entry.at ?? new Date().toISOString(), head: entry.head, covered: entry.covered };
      list.push(added);
    }
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    const body: StoreFile = { version: 1, signoffs: list };
    await fs.writeFile(tmp, JSON.stringify(body, null, 2) + '\n', 'utf8');
    await fs.rename(tmp, this.file);
    return added;
  }
}

function isSignOff(s: unknown): s is SignOff {
  const o = s as SignOff;
  return !!o && typeof o.note === 'string' && typeof o.item === 'string' && typeof o.environment === 'string' && typeof o.by === 'string' && typeof o.at === 'string' && typeof o.covered === 'object' && o.covered !== null;
}

/**
 * Blob ids of `paths` at `rev` (WORKTREE: the files on disk, hashed without filters so no
 * repository-configured filter runs). A missing file maps to null.
 */
export async function blobIds(git: GitRunner, rev: string, paths: readonly string[]): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const p of paths) out[p] = null;
  if (!paths.length) return out;
  if (rev === WORKTREE) {
    const present: string[] = [];
    await Promise.all(paths.map((p) => fs.stat(path.join(git.root, p)).then((st) => st.isFile() && present.push(p), () => undefined)));
    if (!present.length) return out;
    const ids = (await git.exec(['hash-object', '--no-filters', '--stdin-paths'], { input: present.join('\n') + '\n' })).split('\n').filter(Boolean);
    present.forEach((p, i) => (out[p] = ids[i] ?? null));
    return out;
  }
  const listing = await git.exec(['ls-tree', '-z', '--full-tree', '--end-of-options', rev, '--', ...paths.map((p) => `:(literal)${p}`)]);
  for (const entry of listing.split('\0')) {
    const tab = entry.indexOf('\t');
    if (tab < 0) continue;
    const [, type, oid] = entry.slice(0, tab).split(' ');
    if (type === 'blob') out[entry.slice(tab + 1)] = oid;
  }
  return out;
}

/**
 * The JSON change log (`renderChangelog(…, 'json')`) with each note's sign-offs from this
 * clone's store as `notes[].signoffs` (item, environment, who, when, the head it was given on,
 * and whether the code it covered changed since, against `headSha`). The CLI and the editor's
 * export both call it, so the two files agree.
 */
export async function withSignOffs(git: GitRunner, store: SignOffStore, json: string, headSha: string): Promise<string> {
  const doc = JSON.parse(json) as { notes?: { path: string; signoffs?: unknown[] }[] };
  if (!doc.notes?.length) return json;
  const all = await store.all();
  const mine = all.filter((s) => doc.notes!.some((n) => n.path === s.note));
  const current = await blobIds(git, headSha, [...new Set(mine.flatMap((s) => Object.keys(s.covered)))]);
  for (const n of doc.notes) {
    n.signoffs = mine.filter((s) => s.note === n.path).map((s) => ({ item: s.item, environment: s.environment, by: s.by, at: s.at, head: s.head, stale: isStale(s, current) }));
  }
  return JSON.stringify(doc, null, 2) + '\n';
}

/** True when a file the sign-off covered differs now (`current`: blob ids at the range's head). */
export function isStale(s: SignOff, current: Record<string, string | null>): boolean {
  return Object.entries(s.covered).some(([p, oid]) => p in current && current[p] !== oid);
}

/** The sign-offs of one item of a note, in the configured environment order. */
export function signOffsOf(all: readonly SignOff[], note: string, item: string, environments: readonly string[]): SignOff[] {
  const order = (e: string) => {
    const i = environments.indexOf(e);
    return i < 0 ? environments.length : i;
  };
  return all.filter((s) => s.note === note && sameItem(s.item, item)).sort((a, b) => order(a.environment) - order(b.environment));
}

/** Per environment: how many of the note's items are signed off there (fresh or stale). */
export function environmentProgress(all: readonly SignOff[], note: { path: string; items: readonly NoteItem[] }, environments: readonly string[]): { environment: string; done: number; total: number }[] {
  return environments.map((environment) => ({
    environment,
    total: note.items.length,
    done: note.items.filter((it) => it.done || all.some((s) => s.note === note.path && s.environment === environment && sameItem(s.item, it.text))).length,
  }));
}

/**
 * The edits that turn sign-offs into the note's own state: each open item signed off in
 * every environment becomes `[x]` (exactly that character changes). Items signed off in
 * only some environments stay open in the file; their sign-offs stay in the store.
 */
export function signOffEdits(text: string, note: { path: string; items: readonly NoteItem[] }, all: readonly SignOff[], environments: readonly string[]): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const it of note.items) {
    if (it.done) continue;
    const envs = new Set(all.filter((s) => s.note === note.path && sameItem(s.item, it.text)).map((s) => s.environment));
    if (!environments.length || !environments.every((e) => envs.has(e))) continue;
    const edit = toggleItem(text, it.line, true);
    if (edit) edits.push(edit);
  }
  return edits;
}
