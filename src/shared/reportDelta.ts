/**
 * What the extension sends the note language server after a save (issue 17): not the whole
 * report again (1.4 MB on the bench's large range, ~73 ms of the 85 ms save → diagnostics),
 * only what changed since the report the server holds: impacts changed, added (with their
 * place) and removed by id, and the rest of the report whole (range, env names, notes,
 * summary: small). The server applies it to the report it keeps; a delta that cannot apply
 * (the server restarted, a version it does not hold) makes it ask for a full push.
 * No vscode, no runtime dependency: the extension, the server, the bench and the tests share it.
 */
import type { Impact, Report } from '../core';
import type { AnalysisDeltaParams, AnalysisPushParams } from './protocol';

/** The report's changes since another one, as {@link AnalysisDeltaParams} carries them. */
export type ReportDelta = Pick<AnalysisDeltaParams, 'changed' | 'added' | 'removed' | 'rest'>;

/**
 * Deep equality of JSON values (what the server would receive), own keys in the same order:
 * a report rebuilt from a delta is the same down to its JSON bytes. Shared references (the
 * engine keeps an unchanged file's findings from one report to the next) answer at once.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i] || !sameJson((a as Record<string, unknown>)[ka[i]], (b as Record<string, unknown>)[kb[i]])) return false;
  }
  return true;
}

/** The report without its impacts (what a delta carries whole). */
function restOf(report: Report): Omit<Report, 'impacts'> {
  const { impacts: _impacts, ...rest } = report;
  return rest;
}

/**
 * The delta that turns `prev` into `next`, or null when none can (duplicate ids, or impacts
 * that kept their id but not their relative order): the caller then sends `next` whole.
 */
export function diffReports(prev: Report, next: Report): ReportDelta | null {
  const prevIndex = new Map<string, number>();
  for (let i = 0; i < prev.impacts.length; i++) {
    if (prevIndex.has(prev.impacts[i].id)) return null;
    prevIndex.set(prev.impacts[i].id, i);
  }
  const kept = new Uint8Array(prev.impacts.length);
  const changed: Impact[] = [];
  const added: { at: number; impact: Impact }[] = [];
  let last = -1;
  for (let k = 0; k < next.impacts.length; k++) {
    const impact = next.impacts[k];
    const j = prevIndex.get(impact.id);
    if (j === undefined) {
      added.push({ at: k, impact });
      continue;
    }
    // Kept impacts must stay in the order they had: the server keeps them where they were.
    if (j <= last || kept[j]) return null;
    last = j;
    kept[j] = 1;
    if (!sameJson(prev.impacts[j], impact)) changed.push(impact);
  }
  const removed: string[] = [];
  for (let j = 0; j < prev.impacts.length; j++) if (!kept[j]) removed.push(prev.impacts[j].id);
  return { changed, added, removed, rest: restOf(next) };
}

/** `prev` with `delta` applied; throws when the delta does not fit `prev` (the server then asks for the whole report). */
export function applyReportDelta(prev: Report, delta: ReportDelta): Report {
  const removed = new Set(delta.removed);
  const changed = new Map(delta.changed.map((i) => [i.id, i]));
  const kept: Impact[] = [];
  let found = 0;
  for (const i of prev.impacts) {
    if (removed.has(i.id)) continue;
    const c = changed.get(i.id);
    if (c) found++;
    kept.push(c ?? i);
  }
  if (found !== changed.size || prev.impacts.length - kept.length !== removed.size) throw new Error('the delta does not fit the report held');
  const impacts: Impact[] = new Array(kept.length + delta.added.length);
  let a = 0;
  let o = 0;
  for (let k = 0; k < impacts.length; k++) {
    if (a < delta.added.length && delta.added[a].at === k) impacts[k] = delta.added[a++].impact;
    else if (o < kept.length) impacts[k] = kept[o++];
    else throw new Error('the delta does not fit the report held');
  }
  if (a !== delta.added.length || o !== kept.length) throw new Error('the delta does not fit the report held');
  // The report's own key order (impacts after range), as the engine writes it.
  const { schemaVersion, tool, range, ...after } = delta.rest;
  return { schemaVersion, tool, range, impacts, ...after };
}

/** How a pusher sends: a whole push or a delta (notifications of the same connection, in order). */
export interface PushSender {
  full(params: AnalysisPushParams): Promise<void>;
  delta(params: AnalysisDeltaParams): Promise<void>;
}

/**
 * The client's side of the protocol: per repository root, the report the server holds and its
 * version. The first push after `reset` (the server started, restarted or asked to follow the
 * repository, or asked for a resync) is whole; later ones are deltas when a delta can say it.
 */
export class AnalysisPusher {
  private readonly held = new Map<string, { version: number; report: Report | null; error: string | null }>();
  private version = 0;
  /** Pushes sent: whole, and as deltas. */
  readonly counts = { full: 0, delta: 0 };

  constructor(private readonly sender: PushSender) {}

  /** The server holds nothing of `root` (or of any root): the next push is whole. */
  reset(root?: string): void {
    if (root === undefined) this.held.clear();
    else this.held.delete(root);
  }

  /** Sends `params` (whole or as a delta); undefined when the server already holds this report and error. */
  push(params: AnalysisPushParams): Promise<void> | undefined {
    const held = this.held.get(params.root);
    if (held && held.report === params.report && held.error === params.error) return undefined;
    const version = ++this.version;
    this.held.set(params.root, { version, report: params.report, error: params.error });
    const delta = held?.report && params.report ? diffReports(held.report, params.report) : null;
    if (held && delta && params.error === null) {
      this.counts.delta++;
      return this.sender.delta({ root: params.root, from: held.version, version, ...delta, roles: params.roles, templates: params.templates });
    }
    this.counts.full++;
    return this.sender.full({ ...params, version });
  }
}
