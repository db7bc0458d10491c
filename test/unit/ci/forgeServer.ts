import { execFile } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the stand-in forge received. */
export interface Call {
  method: string;
  path: string;
  body: unknown;
  headers: http.IncomingHttpHeaders;
}

/**
 * A local HTTP server standing in for the GitHub or GitLab REST API: it keeps the comments of one
 * pull/merge request in memory, records every call, and can be told to refuse writes (a read-only
 * token) with `readOnly`. Nothing is mocked inside Handoff: it talks HTTP to this server.
 */
export class ForgeServer {
  readonly calls: Call[] = [];
  comments: { id: number; body: string }[] = [];
  readOnly = false;
  private nextId = 100;
  private server!: http.Server;
  url = '';

  constructor(private readonly flavour: 'github' | 'gitlab') {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        const body = data ? JSON.parse(data) : undefined;
        const url = new URL(req.url ?? '/', 'http://x');
        this.calls.push({ method: req.method ?? '', path: url.pathname, body, headers: req.headers });
        const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(json));
        };
        if (req.method !== 'GET' && this.readOnly) return send(403, { message: 'Resource not accessible by integration' });
        const listing = this.flavour === 'github' ? /\/issues\/\d+\/comments$/ : /\/merge_requests\/\d+\/notes$/;
        const one = this.flavour === 'github' ? /\/issues\/comments\/(\d+)$/ : /\/merge_requests\/\d+\/notes\/(\d+)$/;
        if (req.method === 'GET' && listing.test(url.pathname)) return send(200, this.comments);
        if (req.method === 'POST' && listing.test(url.pathname)) {
          const c = { id: this.nextId++, body: (body as { body: string }).body };
          this.comments.push(c);
          return send(201, c);
        }
        const m = one.exec(url.pathname);
        if (m && (req.method === 'PATCH' || req.method === 'PUT')) {
          const c = this.comments.find((x) => x.id === Number(m[1]));
          if (!c) return send(404, { message: 'Not Found' });
          c.body = (body as { body: string }).body;
          return send(200, c);
        }
        if (req.method === 'POST' && url.pathname.endsWith('/code-scanning/sarifs')) return send(202, { id: 'sarif-1' });
        send(404, { message: 'Not Found' });
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  writes(): Call[] {
    return this.calls.filter((c) => c.method !== 'GET');
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/**
 * Runs a Node script asynchronously (the stand-in forge answers from this same process, so a
 * synchronous spawn would deadlock it) and resolves with its exit status and output.
 */
export function runNode(args: string[], cwd: string, env: Record<string, string>): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ status: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}
