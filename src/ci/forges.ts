import { requestJson } from './http';
import type { CommentHost, RemoteComment } from './sticky';

/** GitHub: a pull request's conversation comments are issue comments. */
export class GitHubComments implements CommentHost {
  constructor(private readonly api: string, private readonly repo: string, private readonly pr: number, private readonly token: string) {}

  private get headers() {
    return { authorization: `Bearer ${this.token}`, 'x-github-api-version': '2022-11-28', 'user-agent': 'handoff' };
  }

  async list(): Promise<RemoteComment[]> {
    const out: RemoteComment[] = [];
    let url: string | undefined = `${this.api}/repos/${this.repo}/issues/${this.pr}/comments?per_page=100`;
    for (let page = 0; url && page < 50; page++) {
      const res: { body: { id: number; body?: string | null }[]; headers: Headers } = await requestJson('GET', url, this.headers);
      for (const c of res.body) out.push({ id: c.id, body: c.body ?? '' });
      url = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
    }
    return out;
  }

  async create(body: string): Promise<RemoteComment> {
    const res = await requestJson<{ id: number; body: string }>('POST', `${this.api}/repos/${this.repo}/issues/${this.pr}/comments`, this.headers, { body });
    return { id: res.body.id, body: res.body.body };
  }

  async update(id: number, body: string): Promise<void> {
    await requestJson('PATCH', `${this.api}/repos/${this.repo}/issues/comments/${id}`, this.headers, { body });
  }

  /** Uploads a SARIF log to code scanning (gzip + base64, as the API wants it). */
  static async uploadSarif(api: string, repo: string, token: string, sarif: string, commitSha: string, ref: string): Promise<void> {
    const { gzipSync } = await import('node:zlib');
    await requestJson('POST', `${api}/repos/${repo}/code-scanning/sarifs`, { authorization: `Bearer ${token}`, 'user-agent': 'handoff' }, {
      commit_sha: commitSha,
      ref,
      sarif: gzipSync(Buffer.from(sarif, 'utf8')).toString('base64'),
      tool_name: 'Handoff',
    });
  }
}

/** GitLab: a merge request's notes (comments), with a project or personal access token. */
export class GitLabNotes implements CommentHost {
  constructor(private readonly api: string, private readonly project: string, private readonly mr: number, private readonly token: string) {}

  private get base() {
    return `${this.api}/projects/${encodeURIComponent(this.project)}/merge_requests/${this.mr}/notes`;
  }

  private get headers() {
    return { 'private-token': this.token };
  }

  async list(): Promise<RemoteComment[]> {
    const out: RemoteComment[] = [];
    for (let page = 1; page <= 50; page++) {
      const res = await requestJson<{ id: number; body?: string; system?: boolean }[]>('GET', `${this.base}?per_page=100&page=${page}&sort=asc`, this.headers);
      for (const n of res.body) if (!n.system) out.push({ id: n.id, body: n.body ?? '' });
      const next = res.headers.get('x-next-page');
      if (!next || !res.body.length) break;
    }
    return out;
  }

  async create(body: string): Promise<RemoteComment> {
    const res = await requestJson<{ id: number; body: string }>('POST', this.base, this.headers, { body });
    return { id: res.body.id, body: res.body.body };
  }

  async update(id: number, body: string): Promise<void> {
    await requestJson('PUT', `${this.base}/${id}`, this.headers, { body });
  }
}
