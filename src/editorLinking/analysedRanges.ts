// Where a run's text lives in the editor (issue #6): the analysed source (from Run.origin,
// registered when the run reaches the RunStore) and the generated output (registered by
// Translate / Continue Selection once it has put the text somewhere: the preview document,
// or the same document for insertAfter / replace). Ranges follow edits (src/core/rangeTracking.ts);
// an edit inside one marks it stale.
import * as vscode from 'vscode';
import type { Run } from '../core/run';
import { applyEdits, type TrackedRange } from '../core/rangeTracking';
import { tokenAtOffset, visibleSpan } from '../core/tokenAttention';
import { MAX_RUNS as STORE_MAX_RUNS, runStore, type RunStore } from '../runStore';

export type RangeRole = 'source' | 'output';

export interface AnalysedRange {
  uri: string;
  role: RangeRole;
  run: Run;
  range: TrackedRange;
  /** The text the run's token offsets index into (Run.sourceText or Run.outputText). */
  text: string;
  /** Registered before the document showed the text (e.g. a preview still updating): checked again on each change. */
  pending: boolean;
}

/** A token under an editor position. */
export interface TokenHit {
  entry: AnalysedRange;
  list: RangeRole;
  /** -1 when the position is in the range but on no token (or the range is stale). */
  index: number;
  stale: boolean;
}

/** Runs whose ranges are kept: as many as the RunStore keeps, so evicted runs (and their attention tensors) can be freed. */
const MAX_RUNS = STORE_MAX_RUNS;

export class AnalysedRanges implements vscode.Disposable {
  private entries: AnalysedRange[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Ranges were added, moved or went stale. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(store?: RunStore) {
    if (store) {
      this.disposables.push(
        store.onDidAddRun((run) => this.addSource(run)),
        // Runs put back after a window reload (RunStore.restore) come without onDidAddRun: link them
        // when shown, checking the text is still there (document versions restart after a reload).
        store.onDidSelectRun((run) => this.addRestored(run)),
      );
      for (const run of store.runs) this.addRestored(run);
    }
    this.disposables.push(vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)));
  }

  get all(): readonly AnalysedRange[] {
    return this.entries;
  }

  /** Registers Run.origin (done automatically for runs added to the RunStore). */
  addSource(run: Run): AnalysedRange | undefined {
    if (!run.origin) return undefined;
    const o = run.origin;
    return this.add(run, 'source', o.uri, o.startOffset, run.sourceText, o.documentVersion);
  }

  /**
   * The hook for producers: run.outputText now starts at `startOffset` in `uri`.
   * Called by Translate / Continue Selection (src/commands/generateSelection.ts).
   */
  addOutput(run: Run, uri: vscode.Uri | string, startOffset: number): AnalysedRange | undefined {
    if (!run.outputText) return undefined;
    return this.add(run, 'output', uri.toString(), startOffset, run.outputText);
  }

  private addRestored(run: Run): void {
    if (run.origin && !this.entries.some((e) => e.run.id === run.id && e.role === 'source')) {
      this.add(run, 'source', run.origin.uri, run.origin.startOffset, run.sourceText);
    }
  }

  /** A copy of run.sourceText shown elsewhere (the continuation preview repeats the prompt). */
  addSourceCopy(run: Run, uri: vscode.Uri | string, startOffset: number): AnalysedRange | undefined {
    return this.add(run, 'source', uri.toString(), startOffset, run.sourceText);
  }

  private add(run: Run, role: RangeRole, uri: string, start: number, text: string, version?: number): AnalysedRange {
    this.entries = this.entries.filter((e) => !(e.run.id === run.id && e.role === role && e.uri === uri));
    const entry: AnalysedRange = { uri, role, run, range: { start, end: start + text.length, stale: false }, text, pending: false };
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    if (doc && !(version !== undefined && doc.version === version) && !this.holds(doc, entry)) {
      if (version === undefined) entry.pending = true; // a producer's copy: the document may still be updating
      else entry.range = { ...entry.range, stale: true };
    }
    this.entries.unshift(entry);
    const keep = [...new Set(this.entries.map((e) => e.run.id))].slice(0, MAX_RUNS);
    this.entries = this.entries.filter((e) => keep.includes(e.run.id));
    this.changed.fire();
    return entry;
  }

  private holds(doc: vscode.TextDocument, e: AnalysedRange): boolean {
    const r = e.range;
    const end = doc.positionAt(r.end);
    if (doc.offsetAt(end) !== r.end) return false; // past the end of the document
    return doc.getText(new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end))) === e.text;
  }

  private onEdit(ev: vscode.TextDocumentChangeEvent): void {
    if (ev.contentChanges.length === 0) return;
    const uri = ev.document.uri.toString();
    let any = false;
    for (const e of this.entries) {
      if (e.uri !== uri || e.range.stale) continue;
      if (e.pending) {
        if (this.holds(ev.document, e)) {
          e.pending = false;
          any = true;
        }
        continue;
      }
      const next = applyEdits(
        e.range,
        ev.contentChanges.map((c) => ({ offset: c.rangeOffset, length: c.rangeLength, text: c.text })),
      );
      if (next !== e.range) {
        e.range = next;
        any = true;
      }
    }
    if (any) this.changed.fire();
  }

  /** Ranges of a run in one role (normally one). */
  rangesOf(runId: string, role: RangeRole): AnalysedRange[] {
    return this.entries.filter((e) => e.run.id === runId && e.role === role && !e.pending);
  }

  /** The newest analysed range of the document that contains `offset` (end inclusive); live ranges before stale ones. */
  at(uri: string, offset: number): AnalysedRange | undefined {
    const here = this.entries.filter((e) => e.uri === uri && !e.pending && offset >= e.range.start && offset <= e.range.end);
    return here.find((e) => !e.range.stale) ?? here[0];
  }

  /** The token under a document offset, if the offset is in an analysed range. */
  tokenAt(doc: vscode.TextDocument, offset: number): TokenHit | undefined {
    const entry = this.at(doc.uri.toString(), offset);
    if (!entry) return undefined;
    if (entry.range.stale || !this.holds(doc, entry)) {
      entry.range = { ...entry.range, stale: true };
      return { entry, list: entry.role, index: -1, stale: true };
    }
    const tokens = entry.role === 'source' ? entry.run.sourceTokens : entry.run.outputTokens;
    return { entry, list: entry.role, index: tokenAtOffset(tokens, offset - entry.range.start), stale: false };
  }

  /** The document range of token `index` of a run's list (its visible part), in every place it is shown (not stale). */
  tokenRanges(runId: string, list: RangeRole, index: number): { uri: string; start: number; end: number }[] {
    const out: { uri: string; start: number; end: number }[] = [];
    for (const e of this.rangesOf(runId, list)) {
      if (e.range.stale) continue;
      const t = (list === 'source' ? e.run.sourceTokens : e.run.outputTokens)[index];
      if (!t || t.special || t.start < 0 || t.text.trim() === '') continue; // nothing visible to paint
      const v = visibleSpan(t);
      out.push({ uri: e.uri, start: e.range.start + v.start, end: e.range.start + v.end });
    }
    return out;
  }

  clear(): void {
    this.entries = [];
    this.changed.fire();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

let registry: AnalysedRanges | undefined;
/** The one registry of analysed ranges; producers call analysedRanges().addOutput(run, uri, offset). */
export function analysedRanges(): AnalysedRanges {
  return (registry ??= new AnalysedRanges(runStore()));
}
