// Keeps the explorer across a window reload: the last few runs are written as
// JSON (the export format) into the extension's storage and read back on
// activation; the explorer's view state (tab, layer, head, …) goes into
// workspaceState. Runs with very large attention are not written.
import * as vscode from 'vscode';
import type { Run } from '../core/run';
import { runStore, MAX_RUNS, type RunStore } from '../runStore';
import { parseViewState, type ViewState } from '../protocol';
import { log } from '../log';
import { attentionValues, runFromJson, runToJson } from './wire';

/** Write a run only when its attention holds at most this many values (32 MiB of float32). */
export const PERSIST_LIMIT = 8 * 1024 * 1024;
const STATE_KEY = 'attentionLens.explorer.viewState';

interface StateHost {
  readonly currentState: ViewState;
  setState(state: ViewState): void;
  readonly onDidChangeState?: vscode.Event<ViewState>;
}

export function registerRunPersistence(context: vscode.ExtensionContext, host?: StateHost, store: RunStore = runStore()): void {
  const dir = vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'runs');
  const fs = vscode.workspace.fs;
  const saved = context.workspaceState.get<unknown>(STATE_KEY);
  const state = saved !== undefined ? parseViewState(saved) : undefined;
  if (host && state) host.setState(state);
  if (host?.onDidChangeState) context.subscriptions.push(host.onDidChangeState((s) => void context.workspaceState.update(STATE_KEY, s)));

  let writing = Promise.resolve();
  context.subscriptions.push(
    store.onDidAddRun((run) => {
      writing = writing.then(async () => {
        try {
          await fs.createDirectory(dir);
          if (attentionValues(run) <= PERSIST_LIMIT) await fs.writeFile(vscode.Uri.joinPath(dir, `${fileName(run.id)}.json`), new TextEncoder().encode(runToJson(run)));
          const keep = new Set(store.runs.map((r) => `${fileName(r.id)}.json`));
          for (const [name] of await fs.readDirectory(dir)) if (!keep.has(name)) await fs.delete(vscode.Uri.joinPath(dir, name));
        } catch (e) {
          log().warn(`explorer: could not keep the run for a reload: ${String(e)}`);
        }
      });
    }),
  );

  // read back what the last window had (oldest first, so the newest ends up selected)
  void (async () => {
    try {
      const entries = await fs.readDirectory(dir);
      const runs: { run: Run; mtime: number }[] = [];
      for (const [name] of entries.filter(([n]) => n.endsWith('.json'))) {
        const uri = vscode.Uri.joinPath(dir, name);
        const run = runFromJson(new TextDecoder().decode(await fs.readFile(uri)));
        if (run) runs.push({ run, mtime: (await fs.stat(uri)).mtime });
      }
      if (store.runs.length) return; // a new run came first
      runs.sort((a, b) => a.mtime - b.mtime);
      store.restore(runs.slice(-MAX_RUNS).map((r) => r.run), state?.explorer?.runId);
    } catch {
      // nothing kept yet
    }
  })();
}

function fileName(id: string): string {
  return id.replace(/[^\w.-]+/g, '_').slice(0, 80);
}
