// The markdown of the editor's attention hover (issue #6). Pure: builds the text that
// src/hover/attentionHover.ts wraps in a vscode.MarkdownString (HTML on, commands trusted).
import type { Run } from './run';
import { describeChoice, heatStrip, type AttentionChoice, type AttentionSection, type TokenRef } from './tokenAttention';
import { tokenLabel } from '../../webview/explorer/tokens';
import { getLut } from '../../webview/explorer/colormap';

export const SHOW_IN_EXPLORER_COMMAND = 'attentionLens.showTokenInExplorer';
export const PIN_COMMAND = 'attentionLens.pinTokenAttention';

export interface TokenCommandArgs {
  runId: string;
  list: 'source' | 'output';
  index: number;
}

export function commandUri(command: string, args: TokenCommandArgs): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify([args]))}`;
}

/** Token text safe inside an inline code span. */
export function codeSpan(s: string): string {
  const t = s.replace(/`/g, 'ʼ').replace(/\|/g, '¦');
  return '`' + (t.trim() === '' ? '␣' : t) + '`';
}

function hex(r: number, g: number, b: number): string {
  return '#' + [r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('');
}

/** Viridis colour of a weight relative to the strip's max, as #rrggbb. */
export function stripColour(weight: number, max: number): string {
  const lut = getLut('viridis');
  const i = max > 0 ? Math.max(0, Math.min(255, Math.round((weight / max) * 255))) : 0;
  return hex(lut.rgb[3 * i], lut.rgb[3 * i + 1], lut.rgb[3 * i + 2]);
}

/** One █ per key (max-pooled to `width`), coloured by weight; VS Code allows `color` on spans in hovers. */
export function heatStripHtml(weights: readonly number[], width = 48): string {
  const cells = heatStrip(weights, width);
  const max = Math.max(0, ...cells);
  return cells.map((w) => `<span style="color:${stripColour(w, max)};">█</span>`).join('');
}

export function formatWeight(w: number): string {
  return w >= 0.01 || w === 0 ? w.toFixed(2) : w.toExponential(0);
}

export interface HoverTextInput {
  run: Pick<Run, 'id' | 'model' | 'modelKind' | 'heads'>;
  ref: TokenRef;
  token: { id: number; piece: string; text: string; start: number; end: number };
  /** Where the token lies in the document (1-based line/column for people). */
  where?: { line: number; character: number };
  choice: AttentionChoice;
  sections: readonly AttentionSection[];
  /** A note when the choice fell back (e.g. explorer layer out of range). */
  note?: string;
}

const listName = (l: 'source' | 'output') => (l === 'source' ? 'src' : 'out');

export function hoverMarkdown(h: HoverTextInput): string {
  const { run, ref, token } = h;
  const role = ref.list === 'source' ? (run.modelKind === 'seq2seq' ? 'source token' : 'prompt token') : 'generated token';
  const out: string[] = [];
  out.push(`**Attention Lens** · ${codeSpan(tokenLabel(token, 40))} · id ${token.id} · ${role} ${ref.index}` + (h.where ? ` · Ln ${h.where.line}, Col ${h.where.character}` : ''));
  out.push('');
  out.push(`*${describeChoice(h.choice, run)} · ${run.model}*` + (h.note ? ` · ${h.note}` : ''));
  if (h.sections.length === 0) {
    out.push('', 'No attention row for this token (it was generated last and never fed back to the model).');
  }
  // The first section (what the token attends to / drew on) as a list; the others on one line each, to keep the hover short.
  h.sections.forEach((s, n) => {
    out.push('', `**${s.title}** ${heatStripHtml(s.all.map((e) => e.weight))}`, '');
    if (s.top.length === 0) out.push('(none)');
    else if (n === 0) s.top.forEach((e, i) => out.push(`${i + 1}. ${codeSpan(tokenLabel(e.token, 24))} ${formatWeight(e.weight)} · ${listName(e.ref.list)} ${e.ref.index}`));
    else out.push(s.top.map((e) => `${codeSpan(tokenLabel(e.token, 24))} ${formatWeight(e.weight)} (${listName(e.ref.list)} ${e.ref.index})`).join(' · '));
  });
  const args: TokenCommandArgs = { runId: run.id, list: ref.list, index: ref.index };
  out.push('', `[Show in explorer](${commandUri(SHOW_IN_EXPLORER_COMMAND, args)} "Select this run and token in the Attention Lens explorer") · [Pin](${commandUri(PIN_COMMAND, args)} "Keep this token's attention painted in the editor (Escape clears)")`);
  return out.join('\n');
}

export function staleMarkdown(run: Pick<Run, 'model'>, token: { text: string } | undefined): string {
  return (
    `**Attention Lens** · ${token ? codeSpan(tokenLabel({ ...token, piece: token.text, start: 0, end: 0 }, 40)) + ' · ' : ''}stale run (${run.model})\n\n` +
    '⚠ The analysed text changed since this run, so its token offsets no longer match the editor. Run the command again to see attention here.'
  );
}
