// Hover over an analysed token (source selection, preview or inserted output): its text, id
// and position, the top-k tokens it attends to and that attend to it, a heat strip, and the
// links "Show in explorer" / "Pin" (issue #6). The markdown is built in src/core/attentionHoverText.ts.
import * as vscode from 'vscode';
import { PIN_COMMAND, SHOW_IN_EXPLORER_COMMAND, hoverMarkdown, staleMarkdown } from '../core/attentionHoverText';
import { tokenAttention, visibleSpan, type AggregationSetting, type AttentionChoice } from '../core/tokenAttention';
import type { Run } from '../core/run';
import type { AnalysedRanges } from '../editorLinking/analysedRanges';
import type { AttentionDecorations } from '../decorations/attentionDecorations';

export interface AttentionHoverSettings {
  enabled: boolean;
  topK: number;
  aggregation: AggregationSetting;
}

export function attentionHoverSettings(): AttentionHoverSettings {
  const cfg = vscode.workspace.getConfiguration('attentionLens.attentionHover');
  const agg = cfg.get<string>('aggregation', 'mean');
  const k = cfg.get<number>('topK', 5);
  return {
    enabled: cfg.get<boolean>('enabled', true),
    topK: Number.isInteger(k) ? Math.min(Math.max(k, 1), 50) : 5,
    aggregation: agg === 'max' || agg === 'explorer' ? agg : 'mean',
  };
}

export class AttentionHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly ranges: AnalysedRanges,
    private readonly decorations: AttentionDecorations,
    private readonly choiceFor: (run: Run) => AttentionChoice,
  ) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const settings = attentionHoverSettings();
    if (!settings.enabled) return undefined;
    const hit = this.ranges.tokenAt(doc, doc.offsetAt(pos));
    if (!hit) return undefined;
    const { run } = hit.entry;
    if (hit.stale) return new vscode.Hover(new vscode.MarkdownString(staleMarkdown(run, undefined)));
    if (hit.index < 0) return undefined;
    const ref = { list: hit.list, index: hit.index };
    const token = (hit.list === 'source' ? run.sourceTokens : run.outputTokens)[hit.index];
    const choice = this.choiceFor(run);
    const sections = tokenAttention(run, ref, choice, settings.topK);
    const span = visibleSpan(token);
    const local = doc.offsetAt(pos) - hit.entry.range.start;
    if (local < span.start || local > span.end) return undefined; // on the space / line break before a word
    const start = doc.positionAt(hit.entry.range.start + span.start);
    const end = doc.positionAt(hit.entry.range.start + span.end);
    const md = new vscode.MarkdownString(hoverMarkdown({ run, ref, token, choice, sections, where: { line: start.line + 1, character: start.character + 1 } }));
    md.supportHtml = true;
    md.isTrusted = { enabledCommands: [SHOW_IN_EXPLORER_COMMAND, PIN_COMMAND] };
    this.decorations.focus(run, ref, 'hover');
    return new vscode.Hover(md, new vscode.Range(start, end));
  }
}
