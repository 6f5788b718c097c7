// Heat decorations in the editor (issue #6): while a token is focused (hover, cursor, a click
// in the explorer, or pinned), the tokens it attends to get a background whose opacity follows
// the weight. One theme colour (attentionLens.attendedBackground, contributed in package.json)
// painted through OPACITY_BUCKETS decoration types, not one type per token.
import * as vscode from 'vscode';
import type { Run } from '../core/run';
import {
  OPACITY_BUCKETS,
  bucketOpacity,
  decoratedSections,
  opacityBucket,
  tokenAttention,
  type AttentionChoice,
  type TokenRef,
} from '../core/tokenAttention';
import type { AnalysedRanges } from '../editorLinking/analysedRanges';

export const ATTENDED_BACKGROUND = 'attentionLens.attendedBackground';
export const FOCUSED_BORDER = 'attentionLens.focusedTokenBorder';
/** Context key: attention is painted in the editor (Escape clears it). */
export const SHOWN_CONTEXT = 'attentionLens.attentionShown';

export type FocusOrigin = 'hover' | 'cursor' | 'explorer' | 'pin';

export interface PaintedRange {
  uri: string;
  /** Document offsets (UTF-16). */
  start: number;
  end: number;
  bucket: number;
  weight: number;
  ref: TokenRef;
}

export interface Painted {
  runId: string;
  ref: TokenRef;
  origin: FocusOrigin;
  pinned: boolean;
  /** The focused token itself (outlined). */
  focused: { uri: string; start: number; end: number }[];
  ranges: PaintedRange[];
}

export class AttentionDecorations implements vscode.Disposable {
  private readonly buckets: vscode.TextEditorDecorationType[] = [];
  private readonly focusType = vscode.window.createTextEditorDecorationType({
    borderColor: new vscode.ThemeColor(FOCUSED_BORDER),
    borderStyle: 'solid',
    borderWidth: '1px',
    borderRadius: '2px',
  });
  private current: { run: Run; ref: TokenRef; origin: FocusOrigin; painted: Painted } | undefined;
  private pinned = false;
  private readonly painted = new vscode.EventEmitter<Painted | undefined>();
  /** Fires after every repaint (undefined = cleared). */
  readonly onDidPaint = this.painted.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly ranges: AnalysedRanges,
    private readonly choiceFor: (run: Run) => AttentionChoice,
  ) {
    for (let b = 0; b < OPACITY_BUCKETS; b++) {
      const opacity = bucketOpacity(b);
      this.buckets.push(
        vscode.window.createTextEditorDecorationType({
          backgroundColor: new vscode.ThemeColor(ATTENDED_BACKGROUND),
          // The decoration's CSS rule takes the rest of this value: opacity applies to the
          // background box only (VS Code draws background decorations behind the text).
          borderRadius: `2px; opacity: ${opacity}`,
          ...(b >= OPACITY_BUCKETS / 2 ? { overviewRulerColor: new vscode.ThemeColor(ATTENDED_BACKGROUND), overviewRulerLane: vscode.OverviewRulerLane.Center } : {}),
        }),
      );
    }
    this.disposables.push(
      this.painted,
      this.focusType,
      ...this.buckets,
      vscode.window.onDidChangeVisibleTextEditors(() => this.render()),
      ranges.onDidChange(() => this.refresh()),
    );
  }

  /** What is painted now. */
  get state(): Painted | undefined {
    return this.current?.painted;
  }

  get isPinned(): boolean {
    return this.pinned;
  }

  /** Paints what `ref` attends to. Hover and cursor focus do not replace a pinned token. */
  focus(run: Run, ref: TokenRef, origin: FocusOrigin): Painted | undefined {
    if (this.pinned && (origin === 'hover' || origin === 'cursor')) return undefined;
    if (origin === 'pin') this.pinned = true;
    else if (origin === 'explorer') this.pinned = false;
    const painted = this.compute(run, ref, origin);
    this.current = { run, ref, origin, painted };
    this.render();
    return painted;
  }

  pin(run: Run, ref: TokenRef): Painted | undefined {
    return this.focus(run, ref, 'pin');
  }

  /** Removes every highlight and unpins (Escape, or the Clear command). */
  clear(): void {
    this.pinned = false;
    if (!this.current) return;
    this.current = undefined;
    this.render();
  }

  /** A user-driven focus was lost (cursor left the analysed text): clear unless pinned. */
  blur(): void {
    if (!this.pinned) this.clear();
  }

  /** Ranges moved or went stale: recompute where the current token's attention is. */
  private refresh(): void {
    if (!this.current) return;
    const { run, ref, origin } = this.current;
    const painted = this.compute(run, ref, origin);
    if (painted.ranges.length === 0 && painted.focused.length === 0) {
      this.pinned = false;
      this.current = undefined;
    } else this.current = { run, ref, origin, painted };
    this.render();
  }

  private compute(run: Run, ref: TokenRef, origin: FocusOrigin): Painted {
    const sections = decoratedSections(run, ref, tokenAttention(run, ref, this.choiceFor(run), Number.MAX_SAFE_INTEGER));
    const best = new Map<string, PaintedRange>();
    for (const s of sections) {
      let max = 0;
      for (const e of s.all) max = Math.max(max, e.weight);
      for (const e of s.all) {
        const bucket = opacityBucket(e.weight, max);
        if (bucket < 0 || e.ref.index < 0) continue;
        for (const r of this.ranges.tokenRanges(run.id, e.ref.list, e.ref.index)) {
          const key = `${r.uri}#${r.start}-${r.end}`;
          const prev = best.get(key);
          if (!prev || prev.bucket < bucket) best.set(key, { ...r, bucket, weight: e.weight, ref: e.ref });
        }
      }
    }
    const focused = ref.index >= 0 ? this.ranges.tokenRanges(run.id, ref.list, ref.index) : [];
    const ranges = [...best.values()].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.start - b.start));
    return { runId: run.id, ref, origin, pinned: this.pinned, focused, ranges };
  }

  private render(): void {
    const p = this.current?.painted;
    for (const editor of vscode.window.visibleTextEditors) {
      const uri = editor.document.uri.toString();
      const doc = editor.document;
      const toRange = (r: { start: number; end: number }) => new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end));
      for (let b = 0; b < OPACITY_BUCKETS; b++) {
        editor.setDecorations(this.buckets[b], p ? p.ranges.filter((r) => r.uri === uri && r.bucket === b).map(toRange) : []);
      }
      editor.setDecorations(this.focusType, p ? p.focused.filter((r) => r.uri === uri).map(toRange) : []);
    }
    void vscode.commands.executeCommand('setContext', SHOWN_CONTEXT, !!p);
    this.painted.fire(p);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
