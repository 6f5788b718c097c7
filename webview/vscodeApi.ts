// The webview side of the VS Code API (acquireVsCodeApi may be called only once).
import type { WebviewToHost } from '../src/protocol';

interface VsCodeApi {
  postMessage(msg: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export const vscode: VsCodeApi = acquireVsCodeApi();
