/**
 * Pull requests (GitHub `refs/pull/N/head`) and merge requests (GitLab
 * `refs/merge-requests/N/head`) as git sees them: refs a remote publishes beside its
 * branches. They are fetched on demand into `refs/remotes/<remote>/pr/N` and
 * `refs/remotes/<remote>/mr/N` (the refspecs below), listed with their head commit's
 * subject, author and date, and reviewed as `merge-base...head` like any branch.
 * Every git command goes through the source's hardened runner (`SimpleGitSource.exec`; fetches ask for the network transports).
 */
import { EngineError } from '../errors';

/** What this module asks of git: one command at a time, in the repository. */
export interface GitRunner {
  readonly root: string;
  exec(args: string[], opts?: { input?: string; okCodes?: number[]; signal?: AbortSignal; network?: boolean }): Promise<string>;
}

export type PullRequestKind = 'github' | 'gitlab';

export interface PullRequest {
  kind: PullRequestKind;
  number: number;
  remote: string;
  /** The local ref holding its head: `refs/remotes/origin/pr/7`. */
  ref: string;
  sha: string;
  subject: string;
  author: string;
  /** Committer date of the head commit, ISO 8601. */
  date: string;
}

const KINDS: { kind: PullRequestKind; remoteRef: (n: string) => string; local: string }[] = [
  { kind: 'github', remoteRef: (n) => `refs/pull/${n}/head`, local: 'pr' },
  { kind: 'gitlab', remoteRef: (n) => `refs/merge-requests/${n}/head`, local: 'mr' },
];

/** The fetch refspecs that bring every pull/merge request head of `remote` home. */
export function pullRequestRefspecs(remote: string): string[] {
  return KINDS.map((k) => `+${k.remoteRef('*')}:refs/remotes/${remote}/${k.local}/*`);
}

/** "PR #7" for GitHub, "MR !7" for GitLab: the title the editor and the CLI show. */
export function pullRequestTitle(pr: Pick<PullRequest, 'kind' | 'number'>): string {
  return pr.kind === 'gitlab' ? `MR !${pr.number}` : `PR #${pr.number}`;
}

/**
 * The pull request a ref names, whichever spelling: `refs/pull/7/head`,
 * `refs/remotes/origin/pr/7`, `origin/pr/7`, `refs/merge-requests/7/head`, `origin/mr/7`.
 */
export function parsePullRequestRef(ref: string): { kind: PullRequestKind; number: number; remote?: string } | undefined {
  const parts = ref.replace(/^refs\/remotes\//, '').split('/');
  const num = (s: string | undefined) => (s && /^[1-9][0-9]{0,9}$/.test(s) ? Number(s) : undefined);
  if (parts[0] === 'refs' && parts.length === 4 && parts[3] === 'head') {
    const kind = parts[1] === 'pull' ? 'github' : parts[1] === 'merge-requests' ? 'gitlab' : undefined;
    const n = num(parts[2]);
    if (kind && n) return { kind, number: n };
    return undefined;
  }
  if (parts.length === 3 && (parts[1] === 'pr' || parts[1] === 'mr')) {
    const n = num(parts[2]);
    if (n) return { kind: parts[1] === 'pr' ? 'github' : 'gitlab', number: n, remote: parts[0] };
  }
  return undefined;
}

/** The remotes of the repository, `origin` first. */
export async function remotes(git: GitRunner): Promise<string[]> {
  const names = (await git.exec(['remote'])).split('\n').map((s) => s.trim()).filter(Boolean);
  return names.sort((a, b) => (a === 'origin' ? -1 : b === 'origin' ? 1 : a.localeCompare(b)));
}

/**
 * Fetches every pull/merge request head of `remote` (a local bare repository works like
 * any other). Cancelled through `signal` (the git process is killed).
 */
export async function fetchPullRequests(git: GitRunner, remote: string, signal?: AbortSignal): Promise<void> {
  await git.exec(['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--end-of-options', remote, ...pullRequestRefspecs(remote)], { signal, network: true });
}

const FORMAT = ['%(refname)', '%(objectname)', '%(subject)', '%(authorname)', '%(committerdate:iso-strict)'].join('%1f');

/** The pull/merge requests already fetched, newest head commit first. */
export async function listPullRequests(git: GitRunner): Promise<PullRequest[]> {
  const out = await git.exec(['for-each-ref', '--sort=-committerdate', `--format=${FORMAT}`, 'refs/remotes', 'refs/pull', 'refs/merge-requests']);
  const list: PullRequest[] = [];
  for (const line of out.split('\n')) {
    if (!line) continue;
    const [ref, sha, subject, author, date] = line.split('\x1f');
    const parsed = parsePullRequestRef(ref);
    if (!parsed) continue;
    list.push({ kind: parsed.kind, number: parsed.number, remote: parsed.remote ?? '', ref, sha, subject: subject ?? '', author: author ?? '', date: date ?? '' });
  }
  return list;
}

/**
 * The pull (or merge) request `number` of `remote` (default: `origin`, else the only
 * remote), fetched now so that its head is current. Throws one clear EngineError when the
 * remote publishes no such request; without a remote, a ref fetched earlier still works.
 */
export async function resolvePullRequest(git: GitRunner, number: number, opts: { remote?: string; signal?: AbortSignal; fetch?: boolean } = {}): Promise<PullRequest> {
  if (!Number.isSafeInteger(number) || number <= 0) throw new EngineError('bad-usage', `'${number}' is not a pull request number`);
  const names = await remotes(git);
  const remote = opts.remote ?? names[0];
  if (opts.remote && !names.includes(opts.remote)) throw new EngineError('unknown-ref', `no remote named '${opts.remote}' (remotes: ${names.join(', ') || 'none'})`);
  const tried: string[] = [];
  if (remote) {
    for (const k of KINDS) {
      const src = k.remoteRef(String(number));
      tried.push(src);
      if (opts.fetch === false) continue;
      const found = await git
        .exec(['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--end-of-options', remote, `+${src}:refs/remotes/${remote}/${k.local}/${number}`], { signal: opts.signal, network: true })
        .then(() => true, (e: unknown) => {
          if ((e as Error).name === 'AbortError') throw e;
          // "couldn't find remote ref": this kind of request does not exist there.
          if (/couldn't find remote ref|no such ref|not our ref/i.test((e as Error).message)) return false;
          throw e;
        });
      if (found) break;
    }
  }
  const all = await listPullRequests(git);
  const match = all.find((p) => p.number === number && (!remote || p.remote === remote || p.remote === '')) ?? (remote ? undefined : all.find((p) => p.number === number));
  if (!match) {
    const where = remote ? `on remote '${remote}'` : 'in this repository (it has no remote)';
    throw new EngineError('unknown-ref', `pull request #${number} not found ${where}: no ${tried.length ? tried.join(' or ') : `refs/pull/${number}/head`}`);
  }
  return match;
}

/**
 * The base a pull request is reviewed against when none is given: the remote's default
 * branch (`<remote>/HEAD`), else undefined (the caller detects one).
 */
export async function pullRequestBase(git: GitRunner, remote: string): Promise<string | undefined> {
  if (!remote) return undefined;
  const out = await git.exec(['symbolic-ref', '--quiet', '--short', `refs/remotes/${remote}/HEAD`], { okCodes: [0, 1] }).catch(() => '');
  return out.trim() || undefined;
}

export interface BaseCandidate {
  /** Short name: `main`, `origin/main`. */
  name: string;
  /** Committer date of its tip, ISO 8601. */
  date: string;
  subject: string;
}

/**
 * Branches (local and remote) that share history with HEAD, most recent first: the bases
 * a range can be compared with when the configured or detected one cannot. The checked-out
 * branch itself and `<remote>/HEAD` aliases are left out.
 */
export async function branchesSharingHistory(git: GitRunner, limit = 20): Promise<BaseCandidate[]> {
  const head = (await git.exec(['rev-parse', '--verify', '--quiet', 'HEAD'], { okCodes: [0, 1] })).trim();
  const current = (await git.exec(['symbolic-ref', '--quiet', '--short', 'HEAD'], { okCodes: [0, 1] })).trim();
  const out = await git.exec(['for-each-ref', '--sort=-committerdate', '--format=%(refname:short)%1f%(objectname)%1f%(committerdate:iso-strict)%1f%(subject)', 'refs/heads', 'refs/remotes']);
  const refs = out
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\x1f'))
    .filter(([name]) => name && name !== current && !name.endsWith('/HEAD') && !parsePullRequestRef(name));
  const result: BaseCandidate[] = [];
  // A few at a time: one merge-base each, stopping once enough are found.
  for (let i = 0; i < refs.length && result.length < limit && i < 200; i += 8) {
    const batch = refs.slice(i, i + 8);
    const shared = await Promise.all(
      batch.map(([, sha]) => (head ? git.exec(['merge-base', sha, head], { okCodes: [0, 1] }).then((o) => o.trim() !== '', () => false) : Promise.resolve(true))),
    );
    batch.forEach(([name, , date, subject], j) => {
      if (shared[j] && result.length < limit) result.push({ name, date: date ?? '', subject: subject ?? '' });
    });
  }
  return result;
}

/**
 * The pull request the checked-out branch belongs to, as the GitHub Pull Requests
 * extension records it (`branch.<b>.github-pr-owner-number = owner#repo#7`) or as its
 * upstream says (`branch.<b>.merge = refs/pull/7/head`, or tracking `origin/pr/7`).
 */
export async function checkedOutPullRequest(git: GitRunner): Promise<{ kind: PullRequestKind; number: number; remote: string } | undefined> {
  const branch = (await git.exec(['symbolic-ref', '--quiet', '--short', 'HEAD'], { okCodes: [0, 1] }).catch(() => '')).trim();
  if (!branch) return undefined;
  const cfg = async (key: string) => (await git.exec(['config', '--get', `branch.${branch}.${key}`], { okCodes: [0, 1] }).catch(() => '')).trim();
  const [ghpr, merge, remoteName, upstream] = await Promise.all([
    cfg('github-pr-owner-number'),
    cfg('merge'),
    cfg('remote'),
    git.exec(['rev-parse', '--symbolic-full-name', '--verify', '--quiet', `${branch}@{upstream}`], { okCodes: [0, 1, 128] }).then((o) => o.trim(), () => ''),
  ]);
  const remote = remoteName && remoteName !== '.' ? remoteName : 'origin';
  const gh = /#([1-9][0-9]{0,9})$/.exec(ghpr);
  if (gh) return { kind: 'github', number: Number(gh[1]), remote };
  const parsed = parsePullRequestRef(merge) ?? parsePullRequestRef(upstream);
  if (parsed) return { kind: parsed.kind, number: parsed.number, remote: parsed.remote ?? remote };
  return undefined;
}
