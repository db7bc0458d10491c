import * as vscode from 'vscode';
import type { Logger } from '../core';

/**
 * The extension's log: one `LogOutputChannel` ("Handoff"), with a `[component]` tag on
 * every line. `for(component)` hands the engine a `Logger` writing under that tag.
 * The channel's own log level (Output view → gear) decides what shows; chatter is `trace`.
 */
export class Log implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;

  constructor(name = 'Handoff') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  for(component: string): Logger {
    const tag = `[${component}]`;
    const ch = this.channel;
    return {
      trace: (m) => ch.trace(`${tag} ${m}`),
      debug: (m) => ch.debug(`${tag} ${m}`),
      info: (m) => ch.info(`${tag} ${m}`),
      warn: (m) => ch.warn(`${tag} ${m}`),
      error: (m) => (typeof m === 'string' ? ch.error(`${tag} ${m}`) : ch.error(`${tag} ${m.stack ?? m.message}`)),
    };
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
