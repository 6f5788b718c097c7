// The runs the explorer can show: the latest run plus the last few, in memory.
// Producers (Translate Selection, Continue Selection, tests) call
//   runStore.add(run)
// and the explorer (src/explorer/runBridge.ts) listens to onDidAddRun / onDidChangeFocus.
// No webview code here, no model code: just the list and two events.
import * as vscode from 'vscode';
import type { Run } from './core/run';

export const MAX_RUNS = 5;

/** A token the user pointed at, in the run's own lists (see webview/explorer/tokens.ts). */
export interface TokenFocus {
  runId: string;
  list: 'source' | 'output';
  index: number;
}

export class RunStore implements vscode.Disposable {
  private readonly list: Run[] = [];
  private current: string | undefined;
  private readonly added = new vscode.EventEmitter<Run>();
  private readonly selected = new vscode.EventEmitter<Run>();
  private readonly focused = new vscode.EventEmitter<TokenFocus>();
  /** A new run arrived (it is also the selected run). */
  readonly onDidAddRun = this.added.event;
  /** The run shown by the explorer changed (new run or picked from the list). */
  readonly onDidSelectRun = this.selected.event;
  /** The editor cursor moved onto an analysed token. */
  readonly onDidFocusToken = this.focused.event;

  constructor(private readonly max = MAX_RUNS) {}

  add(run: Run): void {
    const i = this.list.findIndex((r) => r.id === run.id);
    if (i >= 0) this.list.splice(i, 1);
    this.list.unshift(run);
    if (this.list.length > this.max) this.list.length = this.max;
    this.current = run.id;
    this.added.fire(run);
    this.selected.fire(run);
  }

  /** Newest first. */
  get runs(): readonly Run[] {
    return this.list;
  }

  get latest(): Run | undefined {
    return this.list[0];
  }

  /** The run the explorer shows (the latest unless the user picked another). */
  get selectedRun(): Run | undefined {
    return this.list.find((r) => r.id === this.current) ?? this.list[0];
  }

  get(id: string): Run | undefined {
    return this.list.find((r) => r.id === id);
  }

  select(id: string): Run | undefined {
    const run = this.get(id);
    if (run && run.id !== this.current) {
      this.current = run.id;
      this.selected.fire(run);
    }
    return run;
  }

  /**
   * Puts back runs kept from an earlier window (oldest first) without the "new run" event,
   * so nothing is opened or painted; the explorer asks for them when it loads.
   */
  restore(runs: readonly Run[], selected?: string): void {
    for (const run of runs) {
      if (this.get(run.id)) continue;
      this.list.unshift(run);
    }
    if (this.list.length > this.max) this.list.length = this.max;
    this.current = selected && this.get(selected) ? selected : this.list[0]?.id;
    const sel = this.selectedRun;
    if (sel) this.selected.fire(sel);
  }

  focus(f: TokenFocus): void {
    this.focused.fire(f);
  }

  clear(): void {
    this.list.length = 0;
    this.current = undefined;
  }

  dispose(): void {
    this.added.dispose();
    this.selected.dispose();
    this.focused.dispose();
  }
}

/** The one store for the extension (created on first use; activate() need not know). */
let store: RunStore | undefined;
export function runStore(): RunStore {
  return (store ??= new RunStore());
}
