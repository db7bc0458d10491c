/**
 * A real LSP client for tests: starts `node dist/server.js --stdio` as a child process
 * and speaks the protocol to it over its stdin/stdout.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  CompletionRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  ExitNotification,
  FileChangeType,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentLink,
  type DocumentSymbol,
  type Hover,
  type Position,
  type ProtocolConnection,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { AnalysisStatusRequest, type AnalysisStatus, type ServerInitializationOptions } from '../../../src/shared/protocol';

const ROOT = path.resolve(__dirname, '../../..');
export const SERVER = path.join(ROOT, 'dist/server.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when the server bundle is missing or older than a source file (`npm test` builds first anyway). */
export function ensureServerBuilt(): void {
  if (fs.existsSync(SERVER) && fs.statSync(SERVER).mtimeMs >= newestMtime(path.join(ROOT, 'src'))) return;
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
}

export function fileUri(p: string): string {
  return pathToFileURL(p).toString();
}

export class LspClient {
  private readonly diagnostics = new Map<string, { version?: number; diagnostics: Diagnostic[] }>();
  private readonly waiters: (() => void)[] = [];
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  stderr = '';
  exited: number | null = null;

  private constructor(
    readonly child: ChildProcess,
    readonly conn: ProtocolConnection,
  ) {
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, { version: p.version, diagnostics: p.diagnostics });
      for (const w of this.waiters.splice(0)) w();
    });
    // The server's log lines (window/logMessage) are not asserted on.
    conn.onNotification('window/logMessage', () => {});
  }

  /**
   * CPU time the server process has used so far (user + system, all its threads), in ms; null
   * where /proc is not there. A bound on the wall clock of a loaded 2-core machine measures the
   * neighbours; this measures the server's work (as test/unit/hostile/timing.ts does in process).
   */
  cpuMs(): number | null {
    try {
      const stat = fs.readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
      // after "pid (comm) ": state is the first field, utime the 12th, stime the 13th (clock ticks, USER_HZ 100)
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(f[11]) + Number(f[12]);
      return Number.isFinite(ticks) ? ticks * 10 : null;
    } catch {
      return null;
    }
  }

  /** Starts the server and completes the initialize handshake. */
  static async start(opts: { root?: string; initializationOptions?: ServerInitializationOptions } = {}): Promise<LspClient> {
    ensureServerBuilt();
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const conn = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, conn);
    child.stderr!.on('data', (d: Buffer) => (client.stderr += d.toString()));
    child.on('exit', (code) => (client.exited = code ?? -1));
    conn.listen();
    await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: opts.root ? fileUri(opts.root) : null,
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } }, workspace: { didChangeWatchedFiles: { dynamicRegistration: false } } },
      initializationOptions: opts.initializationOptions ?? {},
      workspaceFolders: opts.root ? [{ uri: fileUri(opts.root), name: path.basename(opts.root) }] : null,
    });
    await conn.sendNotification(InitializedNotification.type, {});
    return client;
  }

  async open(file: string, text: string, languageId = 'handoff-note'): Promise<string> {
    const uri = fileUri(file);
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    this.diagnostics.delete(uri);
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** Replaces the whole text (a full-content change event). */
  async change(uri: string, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async close(uri: string): Promise<void> {
    await this.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  text(uri: string): string {
    return this.texts.get(uri)!;
  }

  version(uri: string): number {
    return this.versions.get(uri)!;
  }

  /** Tells the server files changed on disk (what VS Code's watcher sends). */
  async filesChanged(files: string[], type: FileChangeType = FileChangeType.Changed): Promise<void> {
    await this.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: files.map((f) => ({ uri: fileUri(f), type })) });
  }

  /** The analysis state after every pending refresh (the server flushes its debounce). */
  status(uri: string): Promise<AnalysisStatus> {
    return this.conn.sendRequest(AnalysisStatusRequest.type, { uri });
  }

  /** The analysis state at once (running or not), from the last finished analysis. */
  statusNow(uri: string): Promise<AnalysisStatus> {
    return this.conn.sendRequest(AnalysisStatusRequest.type, { uri, wait: false });
  }

  /**
   * The diagnostics of the current version of `uri` once `accept` holds for them (the
   * server publishes again after analyses change).
   */
  async diagnosticsFor(uri: string, accept: (d: Diagnostic[]) => boolean = () => true, timeoutMs = 20000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = this.diagnostics.get(uri);
      if (got && got.version === this.versions.get(uri) && accept(got.diagnostics)) return got.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(got?.diagnostics ?? null)}\nstderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async completion(uri: string, position: Position): Promise<CompletionList> {
    const r = await this.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    if (!r) return { isIncomplete: false, items: [] };
    return Array.isArray(r) ? { isIncomplete: false, items: r as CompletionItem[] } : r;
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  async links(uri: string): Promise<DocumentLink[]> {
    return (await this.conn.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } })) ?? [];
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[] = []): Promise<CodeAction[]> {
    return ((await this.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics } })) ?? []) as CodeAction[];
  }

  async symbols(uri: string): Promise<DocumentSymbol[]> {
    return ((await this.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) ?? []) as DocumentSymbol[];
  }

  /** Shuts the server down politely; kills it if it does not exit. */
  async stop(): Promise<void> {
    if (this.exited === null) {
      try {
        await Promise.race([this.conn.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
        await this.conn.sendNotification(ExitNotification.type);
      } catch {
        // already gone
      }
      await Promise.race([new Promise((r) => this.child.once('exit', r)), new Promise((r) => setTimeout(r, 2000))]);
      if (this.exited === null) this.child.kill('SIGKILL');
    }
    this.conn.dispose();
  }
}

/** Applies LSP text edits to a text (edits must not overlap), as an editor would. */
export function applyLspEdits(text: string, edits: readonly TextEdit[]): string {
  const lines: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lines.push(i + 1);
  const offset = (p: Position) => Math.min((lines[p.line] ?? text.length) + p.character, text.length);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** The edits a code action makes to `uri`. */
export function actionEdits(action: CodeAction, uri: string): TextEdit[] {
  const edit = action.edit;
  if (!edit) return [];
  const fromChanges = edit.changes?.[uri] ?? [];
  const fromDocs = (edit.documentChanges ?? []).flatMap((c) => ('textDocument' in c && c.textDocument.uri === uri ? (c.edits as TextEdit[]) : []));
  return [...fromChanges, ...fromDocs];
}

/** The 0-based position of the first occurrence of `needle` in `text` (plus `delta` characters). */
export function positionOf(text: string, needle: string, delta = 0): Position {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, at + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}
