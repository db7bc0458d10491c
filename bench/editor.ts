// The editor's save-to-diagnostics path with the shared analysis (issue 17): a working tree with
// ~5,000 changed files and a note open in the REAL language server (dist/server.js over stdio,
// started as the extension starts it, with `analysisFromClient`). Each save: the extension's
// session reads the saved file (`session.update`: its diagnostics come from this report), pushes the
// report to the server as a delta of the one before (`handoff/analysisDelta`, src/shared/reportDelta.ts),
// and the server publishes the note's diagnostics for it.
// No second analysis runs: the server's own counters are checked to be zero at the end.
//   node --import tsx bench/editor.ts <bench repo> [reps]
// Prints one JSON line.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnalysisSession, type Report } from '../src/core';
import { AnalysisDeltaNotification, AnalysisPushNotification, AnalysisResyncNotification, FollowRepositoryRequest, type AnalysisDeltaParams, type AnalysisPushParams } from '../src/shared/protocol';
import { AnalysisPusher } from '../src/shared/reportDelta';
import { LspClient } from '../test/unit/server/lsp';
import { featureWorktree } from './worktree';

const NAME = 'BENCH_EDITOR_SAVE';
const NOTE = '.handoff/notes/2026-12-05-bench-editor.md';
const NOTE_TEXT = `---\ntitle: Bench\ncovers:\n  - env:${NAME}\n---\n## Deploy\n- [ ] Set ${NAME} @ops\n`;

async function main(): Promise<void> {
  const repo = process.argv[2];
  const reps = Number(process.argv[3] ?? 20);
  const { wt, changedFiles, target, remove } = featureWorktree(repo, 'editor');
  mkdirSync(join(wt, '.handoff/notes'), { recursive: true });
  writeFileSync(join(wt, NOTE), NOTE_TEXT);

  const session = await AnalysisSession.open({ repo: wt, base: 'main' });
  let report: Report = await session.result();
  // As the extension's client pushes (src/extension/client.ts): whole after the server asks to
  // follow the repository, then each save's report as a delta of the one before.
  let sent: AnalysisPushParams | AnalysisDeltaParams | null = null;
  const pusher = new AnalysisPusher({
    full: (p) => client.conn.sendNotification(AnalysisPushNotification.type, (sent = p)),
    delta: (p) => client.conn.sendNotification(AnalysisDeltaNotification.type, (sent = p)),
  });
  const push = (r: Report) => pusher.push({ root: wt, report: r, error: null, roles: [...session.config.roles], templates: session.config.templates }) ?? Promise.resolve();

  const client = await LspClient.start({ root: wt, initializationOptions: { analysisFromClient: true } });
  client.conn.onRequest(FollowRepositoryRequest.type, () => {
    pusher.reset(wt);
    setTimeout(() => void push(report), 0);
    return { root: wt };
  });
  client.conn.onNotification(AnalysisResyncNotification.type, () => {
    pusher.reset(wt);
    void push(report);
  });
  const uri = await client.open(join(wt, NOTE), NOTE_TEXT);
  const unread = (d: { code?: unknown }[]) => d.some((x) => x.code === 'env-unread');
  await client.diagnosticsFor(uri, unread, 120_000);

  const abs = join(wt, target);
  const original = readFileSync(abs, 'utf8');
  const updates: number[] = [];
  const toNote: number[] = [];
  const reportBytes = Buffer.byteLength(JSON.stringify(report));
  const pushBytes: number[] = [];
  // CPU time (user+sys) of the saves, on both sides: wall times on a shared machine say little.
  const serverCpu0 = procCpuMs(client.child.pid);
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) {
    // A save that adds (even) or drops (odd) the read of the note's env var.
    const reads = i % 2 === 0;
    if (reads) appendFileSync(abs, `const extra = process.env.${NAME};\n`);
    else writeFileSync(abs, original);
    const t0 = performance.now();
    // VS Code's watcher tells the server of the write (as the extension's client forwards it).
    void client.filesChanged([abs]);
    report = await session.update([target]);
    const t1 = performance.now();
    if (report.envVars.added.includes(NAME) !== reads) throw new Error(`the update gave a wrong answer at rep ${i}`);
    await push(report);
    await client.diagnosticsFor(uri, (d) => unread(d) !== reads, 60_000);
    const t2 = performance.now();
    updates.push(t1 - t0);
    toNote.push(t2 - t0);
    pushBytes.push(Buffer.byteLength(JSON.stringify(sent)));
  }
  const cpu1 = process.cpuUsage(cpu0);
  const serverCpu1 = procCpuMs(client.child.pid);
  const status = await client.statusNow(uri);
  if (status.analyses.fullLoads + status.analyses.updates !== 0 || status.source !== 'client') throw new Error(`the server analysed by itself: ${JSON.stringify(status)}`);
  // Every save went as a delta the server applied; the report it holds is the session's.
  if (pusher.counts.delta !== reps || status.deltas?.applied !== reps || status.deltas.refused !== 0 || status.impacts !== report.impacts.length) throw new Error(`a save was not pushed as a delta: ${JSON.stringify({ pushes: pusher.counts, status })}`);
  await client.stop();
  remove();
  const r = (x: number) => Math.round(x * 10) / 10;
  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { medianMs: r(s[Math.floor(s.length / 2)]), minMs: r(s[0]), maxMs: r(s[s.length - 1]) };
  };
  console.log(JSON.stringify({ changedFiles, reps, reportKb: r(reportBytes / 1024), pushKb: { median: r([...pushBytes].sort((a, b) => a - b)[Math.floor(pushBytes.length / 2)] / 1024), max: r(Math.max(...pushBytes) / 1024) }, saveToReport: stats(updates), saveToNoteDiagnostics: stats(toNote), cpuPerSaveMs: { client: r((cpu1.user + cpu1.system) / 1000 / reps), server: serverCpu0 === null || serverCpu1 === null ? null : r((serverCpu1 - serverCpu0) / reps) }, serverAnalyses: 0 }));
}

/** CPU time (user+sys, ms) a process has used so far, from /proc (null where there is none). */
function procCpuMs(pid: number | undefined): number | null {
  try {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th (clock ticks, 100 per second on Linux).
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return null;
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
