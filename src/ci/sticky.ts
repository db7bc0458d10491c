import { MARKDOWN_MARKER } from '../core/report';

/** One comment on a pull or merge request, as a forge lists it. */
export interface RemoteComment {
  id: number;
  body: string;
}

/** What a forge must offer for Handoff to keep one comment up to date. */
export interface CommentHost {
  list(): Promise<RemoteComment[]>;
  create(body: string): Promise<RemoteComment>;
  update(id: number, body: string): Promise<void>;
}

export type StickyOutcome = 'created' | 'updated' | 'unchanged' | 'resolved' | 'none';

/**
 * Keeps ONE Handoff comment on a pull/merge request, found by the Markdown report's hidden marker:
 * created on the first run that has something to say, edited on the next runs, and marked resolved
 * (edited, not deleted: the thread keeps its history) once nothing needs a note. A clean first run
 * posts nothing.
 */
export async function upsertSticky(host: CommentHost, report: { body: string; clean: boolean }): Promise<StickyOutcome> {
  const existing = (await host.list()).find((c) => c.body.startsWith(MARKDOWN_MARKER));
  if (report.clean) {
    // the clean report says so in its title ("✅ …"): it is the resolved comment
    if (!existing) return 'none';
    if (existing.body === report.body) return 'unchanged';
    await host.update(existing.id, report.body);
    return 'resolved';
  }
  if (!existing) {
    await host.create(report.body);
    return 'created';
  }
  if (existing.body === report.body) return 'unchanged';
  await host.update(existing.id, report.body);
  return 'updated';
}
