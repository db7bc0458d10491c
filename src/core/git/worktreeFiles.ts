import { constants as fsc, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { EngineError } from '../errors';
import type { RawFile } from './gitSource';

/**
 * Work-tree files are read by Handoff itself (git would run the repository's clean
 * filters), and never through a symbolic link (issue 16): a link's content is its target
 * path, which is what git stores for it, and a path under a linked folder is not read at
 * all. So a work tree holding `creds -> ~/.aws/credentials` or `.handoff -> /elsewhere`
 * cannot make Handoff read, report or write anything outside the repository.
 */

/** O_NOFOLLOW where the platform has it: the final component is checked by the open itself. */
const NOFOLLOW = fsc.O_NOFOLLOW ?? 0;

/** Splits a repository-relative path; null for one that could leave the repository. */
function segments(rel: string): string[] | null {
  if (!rel || path.isAbsolute(rel) || rel.includes('\0')) return null;
  const parts = rel.split(/[\\/]/);
  if (parts.some((p) => p === '..' || p === '' || p === '.')) return null;
  return parts;
}

/**
 * Whether every folder on the way to `rel` (not `rel` itself) is a real folder of the
 * repository: none is a symbolic link, none is missing. One realpath call.
 */
export async function parentsInside(root: string, rel: string): Promise<boolean> {
  const parts = segments(rel);
  if (!parts) return false;
  if (parts.length === 1) return true;
  const dir = path.join(root, ...parts.slice(0, -1));
  const [realDir, realRoot] = await Promise.all([fs.realpath(dir).catch(() => null), fs.realpath(root).catch(() => null)]);
  return realDir !== null && realRoot !== null && realDir === path.join(realRoot, ...parts.slice(0, -1));
}

/**
 * A work-tree file's bytes: null when missing, not a file, or under a linked folder; a
 * symbolic link's target path (as git stores it); a buffer of maxBytes + 1 zero bytes
 * when the file is larger than maxBytes (the caller's "too large" mark).
 */
export async function readWorktreeFile(root: string, rel: string, maxBytes: number): Promise<Buffer | null> {
  const parts = segments(rel);
  if (!parts) return null;
  const abs = path.join(root, ...parts);
  try {
    const st = await fs.lstat(abs);
    if (st.isSymbolicLink()) {
      if (!(await parentsInside(root, rel))) return null;
      return Buffer.from(await fs.readlink(abs), 'utf8');
    }
    if (!st.isFile()) return null;
    if (!(await parentsInside(root, rel))) return null;
    if (st.size > maxBytes) return Buffer.alloc(maxBytes + 1);
    const fh = await fs.open(abs, fsc.O_RDONLY | NOFOLLOW);
    try {
      return await fh.readFile();
    } finally {
      await fh.close();
    }
  } catch {
    return null;
  }
}

/** The size of a work-tree file as git would see it (a link's target length); 0 when missing. */
export async function worktreeSize(root: string, rel: string): Promise<number> {
  const parts = segments(rel);
  if (!parts) return 0;
  return fs.lstat(path.join(root, ...parts)).then((s) => s.size, () => 0);
}

/** What lies at a repository-relative path, without following a link. */
export type EntryKind = 'missing' | 'file' | 'folder' | 'link' | 'other';

export async function entryKind(root: string, rel: string): Promise<EntryKind> {
  const parts = segments(rel);
  if (!parts) return 'other';
  try {
    const st = await fs.lstat(path.join(root, ...parts));
    return st.isSymbolicLink() ? 'link' : st.isFile() ? 'file' : st.isDirectory() ? 'folder' : 'other';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'other';
  }
}

/**
 * Makes sure `rel` (e.g. `.handoff/notes`) is a real folder of the repository, creating
 * the missing ones one by one; each existing step must be a folder, not a link or a file.
 * Throws EngineError('io') naming the path otherwise: nothing is written through a link.
 */
export async function ensureFolderInside(root: string, rel: string): Promise<void> {
  const parts = segments(rel);
  if (!parts) throw new EngineError('io', `${rel} is not a path inside the repository`);
  for (let i = 1; i <= parts.length; i++) {
    const sub = parts.slice(0, i).join('/');
    let kind = await entryKind(root, sub);
    if (kind === 'missing') {
      try {
        await fs.mkdir(path.join(root, ...parts.slice(0, i)));
        kind = 'folder';
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new EngineError('io', `cannot create ${sub}: ${(e as Error).message}`, { file: sub });
        kind = await entryKind(root, sub);
      }
    }
    if (kind === 'link') throw new EngineError('io', `${sub} is a symbolic link; Handoff does not write through links (make it a folder of the repository)`, { file: sub });
    if (kind !== 'folder') throw new EngineError('io', `${sub} is ${kind === 'file' ? 'a file' : 'not a folder'}; it must be a folder`, { file: sub });
  }
  if (!(await parentsInside(root, `${rel}/x`))) throw new EngineError('io', `${rel} leads outside the repository; Handoff does not write there`, { file: rel });
}

/**
 * Writes a new file at `rel` inside the repository: its folders must be real folders of
 * the repository (ensureFolderInside), and the file must not exist (not even as a
 * dangling link: O_EXCL never follows one). Returns false when it exists.
 */
export async function writeNewFileInside(root: string, rel: string, content: string): Promise<boolean> {
  const parts = segments(rel);
  if (!parts) throw new EngineError('io', `${rel} is not a path inside the repository`);
  if (parts.length > 1) await ensureFolderInside(root, parts.slice(0, -1).join('/'));
  try {
    await fs.writeFile(path.join(root, ...parts), content, { flag: fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL | NOFOLLOW });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new EngineError('io', `cannot write ${rel}: ${(e as Error).message}`, { file: rel });
  }
}

/**
 * A work-tree file as readRaw reports it: each step of the path is looked at without
 * following links, and the first link met is reported with its target.
 */
export async function inspectWorktreeFile(root: string, rel: string, maxBytes: number): Promise<RawFile> {
  const parts = segments(rel);
  if (!parts) return { kind: 'missing' };
  for (let i = 1; i <= parts.length; i++) {
    const sub = parts.slice(0, i).join('/');
    const abs = path.join(root, ...parts.slice(0, i));
    const st = await fs.lstat(abs).catch(() => null);
    if (!st) return { kind: 'missing' };
    if (st.isSymbolicLink()) return { kind: 'link', path: sub, target: await fs.readlink(abs).catch(() => '?') };
    if (i < parts.length ? !st.isDirectory() : !st.isFile()) return { kind: 'missing' };
    if (i === parts.length && st.size > maxBytes) return { kind: 'too-large', size: st.size };
  }
  const bytes = await readWorktreeFile(root, rel, maxBytes);
  return bytes ? { kind: 'file', bytes } : { kind: 'missing' };
}
