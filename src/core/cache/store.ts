import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { EnvRef } from '../analyzers/env';
import { VERSION } from '../version';
import type { FileEnv } from './lines';

/**
 * The persistent env index of a repository, in `<git-common-dir>/handoff/env-index-<key>.json`:
 * what head's env pass needs (lines.ts FileEnv) of every file of one commit, and of the
 * blobs read since, by path and blob id. Blob ids do not change while a file does not, so
 * a later run asks git only for the paths that differ from that commit (`git diff-tree`)
 * and reads only the blobs it has not seen.
 *
 * The file is one header line (format, Handoff version, key, length and SHA-256 of the
 * body) and a JSON body. It is written to a temporary file and renamed over the old one
 * (two concurrent writers: the last one wins, each file whole), and read back only when
 * the header, the checksum and every entry check out: a truncated, corrupt or foreign file
 * is ignored and rebuilt, never trusted.
 */

/** Bump when what is stored, or how it is extracted, changes shape. */
export const ENV_INDEX_FORMAT = 6;
/** Blobs kept beside the commit's own files (the most recently used). */
export const MAX_BLOBS = 5000;
/** A body larger than this is not written (a repository with env names on most lines). */
export const MAX_INDEX_BYTES = 32 * 1024 * 1024;
/** Index files kept per repository (one per profile fingerprint). */
const KEEP_FILES = 4;

export interface EnvIndexData {
  /** The commit whose files `files` describes (absent paths hold nothing). */
  commit: string;
  /** Non-empty FileEnv per path at `commit`. */
  files: Map<string, FileEnv>;
  /** FileEnv per `path\0blob` (empty ones too), least recently used first. */
  blobs: Map<string, FileEnv>;
}

/** The key of an index: Handoff's version, the format and what the extraction depends on. */
export function indexKey(fingerprint: string): string {
  return createHash('sha256').update(`${VERSION}\0${ENV_INDEX_FORMAT}\0${fingerprint}`).digest('hex').slice(0, 16);
}

/**
 * Creates Handoff's folder in the git dir (`<git dir>/handoff`), and only that folder: when
 * the git dir itself is gone (the repository deleted under a run, as a temporary clone is
 * right after its check), this fails instead of creating the repository's folders again.
 */
export async function ensureHandoffDir(dir: string): Promise<void> {
  try {
    await fsp.mkdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !(await fsp.stat(dir)).isDirectory()) throw e;
  }
}

export function indexFile(dir: string, key: string): string {
  return path.join(dir, `env-index-${key}.json`);
}

type StoredRef = [string, number, 0 | 1 | 2, 0 | 1, string?];
type StoredFile = [string, StoredRef[], string[]];
type StoredBlob = [string, string, StoredRef[], string[]];

interface Header {
  handoff: 'env-index';
  format: number;
  version: string;
  key: string;
  bytes: number;
  sha256: string;
}

function encodeRefs(refs: EnvRef[]): StoredRef[] {
  return refs.map((r) => {
    const s: StoredRef = [r.name, r.line, r.kind === 'read' ? 0 : r.kind === 'declare' ? 1 : 2, r.optional ? 1 : 0];
    if (r.via !== undefined) s.push(r.via);
    return s;
  });
}

function decodeRefs(v: unknown): EnvRef[] | null {
  if (!Array.isArray(v)) return null;
  const out: EnvRef[] = [];
  for (const s of v) {
    if (!Array.isArray(s) || s.length < 4 || s.length > 5) return null;
    const [name, line, kind, optional, via] = s as unknown[];
    if (typeof name !== 'string' || name.length === 0 || name.length > 4000 || !Number.isSafeInteger(line) || (line as number) < 1) return null;
    if ((kind !== 0 && kind !== 1 && kind !== 2) || (optional !== 0 && optional !== 1) || (via !== undefined && typeof via !== 'string')) return null;
    const r: EnvRef = { name, line: line as number, kind: kind === 0 ? 'read' : kind === 1 ? 'declare' : 'set' };
    if (optional === 1) r.optional = true;
    if (via !== undefined) r.via = via as string;
    out.push(r);
  }
  return out;
}

function decodeWords(v: unknown): string[] | null {
  if (!Array.isArray(v)) return null;
  for (const w of v) if (typeof w !== 'string' || w.length === 0 || w.length > 4000) return null;
  return v as string[];
}

const OID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** The index under `key`, or null when absent, unreadable, truncated, corrupt, or of another version, format or key. */
export async function readIndex(file: string, key: string): Promise<EnvIndexData | null> {
  let buf: Buffer;
  try {
    buf = await fsp.readFile(file);
  } catch {
    return null;
  }
  const nl = buf.indexOf(10);
  if (nl < 0) return null;
  try {
    const h = JSON.parse(buf.toString('utf8', 0, nl)) as Header;
    if (!h || h.handoff !== 'env-index' || h.format !== ENV_INDEX_FORMAT || h.version !== VERSION || h.key !== key) return null;
    const body = buf.subarray(nl + 1);
    if (body.length !== h.bytes || createHash('sha256').update(body).digest('hex') !== h.sha256) return null;
    const b = JSON.parse(body.toString('utf8')) as { commit?: unknown; files?: unknown; blobs?: unknown };
    if (typeof b.commit !== 'string' || !OID.test(b.commit) || !Array.isArray(b.files) || !Array.isArray(b.blobs)) return null;
    const files = new Map<string, FileEnv>();
    for (const f of b.files as unknown[]) {
      if (!Array.isArray(f) || f.length !== 3 || typeof f[0] !== 'string' || !f[0]) return null;
      const refs = decodeRefs(f[1]);
      const words = decodeWords(f[2]);
      if (!refs || !words) return null;
      files.set(f[0], { refs, words });
    }
    const blobs = new Map<string, FileEnv>();
    for (const e of b.blobs as unknown[]) {
      if (!Array.isArray(e) || e.length !== 4 || typeof e[0] !== 'string' || !e[0] || typeof e[1] !== 'string' || !OID.test(e[1])) return null;
      const refs = decodeRefs(e[2]);
      const words = decodeWords(e[3]);
      if (!refs || !words) return null;
      blobs.set(`${e[0]}\0${e[1]}`, { refs, words });
    }
    return { commit: b.commit, files, blobs };
  } catch {
    return null;
  }
}

/**
 * Writes the index atomically (temporary file, then rename) and keeps the newest few
 * index files of the folder. The blob part is cut to MAX_BLOBS (most recent kept); a body
 * over MAX_INDEX_BYTES is not written.
 */
export async function writeIndex(dir: string, key: string, data: EnvIndexData): Promise<boolean> {
  const blobs = [...data.blobs].slice(-MAX_BLOBS);
  const body = Buffer.from(
    JSON.stringify({
      commit: data.commit,
      files: [...data.files].map(([p, f]): StoredFile => [p, encodeRefs(f.refs), f.words]),
      blobs: blobs.map(([k, f]): StoredBlob => {
        const i = k.lastIndexOf('\0');
        return [k.slice(0, i), k.slice(i + 1), encodeRefs(f.refs), f.words];
      }),
    }),
  );
  if (body.length > MAX_INDEX_BYTES) return false;
  const header: Header = { handoff: 'env-index', format: ENV_INDEX_FORMAT, version: VERSION, key, bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') };
  await ensureHandoffDir(dir);
  const file = indexFile(dir, key);
  await writeAtomic(file, Buffer.concat([Buffer.from(JSON.stringify(header) + '\n'), body]));
  await prune(dir, path.basename(file)).catch(() => {});
  return true;
}

/** Writes `file` whole or not at all: a temporary file in the same folder, renamed over it. */
export async function writeAtomic(file: string, data: Buffer | string): Promise<void> {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await fsp.writeFile(tmp, data);
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
}

/** Keeps the newest KEEP_FILES index files (and removes temporary files older than a minute). */
async function prune(dir: string, keep: string): Promise<void> {
  const names = await fsp.readdir(dir);
  const stats = await Promise.all(
    names.filter((n) => n.startsWith('env-index-')).map(async (n) => ({ n, t: (await fsp.stat(path.join(dir, n)).catch(() => null))?.mtimeMs ?? 0 })),
  );
  const now = Date.now();
  const stale = stats.filter((s) => s.n.endsWith('.tmp') && now - s.t > 60_000);
  const files = stats.filter((s) => s.n.endsWith('.json') && s.n !== keep).sort((a, b) => b.t - a.t);
  await Promise.all([...stale, ...files.slice(KEEP_FILES - 1)].map((s) => fsp.rm(path.join(dir, s.n), { force: true })));
}
