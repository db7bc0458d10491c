import * as vscode from 'vscode';
import type { Logger } from '../core';

/**
 * The extension's log: one `LogOutputChannel` ("Handoff"), with a `[component]` tag on
 * every line. `for(component)` hands the engine a `Logger` writing under that tag.
 * The channel's own log level (Output view → gear) decides what shows; chatter is `trace`.
 */
export class Log implements vscode.Disposable {
  private made: vscode.LogOutputChannel | undefined;
  private disposed = false;

  /**
   * The channel is made on first use, not at activation: creating a log output channel is
   * the dearest call of `activate` (~10 ms of its ~11 in code-server).
   */
  constructor(private readonly name = 'Handoff') {}

  get channel(): vscode.LogOutputChannel {
    return (this.made ??= vscode.window.createOutputChannel(this.name, { log: true }));
  }

  for(component: string): Logger {
    const tag = `[${component}]`;
    // A line logged after the extension was disposed makes no new channel.
    const ch = () => (this.disposed ? undefined : this.channel);
    return {
      trace: (m) => ch()?.trace(`${tag} ${m}`),
      debug: (m) => ch()?.debug(`${tag} ${m}`),
      info: (m) => ch()?.info(`${tag} ${m}`),
      warn: (m) => ch()?.warn(`${tag} ${m}`),
      error: (m) => (typeof m === 'string' ? ch()?.error(`${tag} ${m}`) : ch()?.error(`${tag} ${m.stack ?? m.message}`)),
    };
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.disposed = true;
    this.made?.dispose();
    this.made = undefined;
  }
}
