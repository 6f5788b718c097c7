import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The "Attention Lens" output channel (created on first use). */
export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Attention Lens', { log: true });
  return channel;
}
