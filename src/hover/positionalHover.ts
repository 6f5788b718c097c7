import * as vscode from 'vscode';
import { encodingAt, fmt2 } from '../core/positional';
import { tokenIndexAt, whitespaceTokens } from '../core/whitespaceTokens';
import { positionalSettings } from '../settings';

/** Languages whose words get a positional-encoding hover (prose, not code). */
const SELECTOR: vscode.DocumentSelector = [{ language: 'plaintext' }, { language: 'markdown' }];

/** Hover over a word: its position k in the line and the first dimensions of P[k]. */
export function registerPositionalHover(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.languages.registerHoverProvider(SELECTOR, { provideHover }));
}

function provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
  const cfg = vscode.workspace.getConfiguration('attentionLens.hover');
  if (!cfg.get<boolean>('enabled', true)) return undefined;
  const line = doc.lineAt(pos.line).text;
  const tokens = whitespaceTokens(line);
  const k = tokenIndexAt(tokens, pos.character);
  if (k < 0) return undefined;
  const p = positionalSettings();
  const shown = Math.max(1, Math.min(p.d, cfg.get<number>('maxDimensions', 8)));
  const values = Array.from({ length: shown }, (_, j) => fmt2(encodingAt(k, j, p))).join(', ');
  const more = shown < p.d ? `, … (${p.d - shown} more)` : '';
  const md = new vscode.MarkdownString(
    `**Attention Lens** · word k = ${k} in this line: \`${tokens[k].text}\`\n\n` +
      `P[${k}] (d = ${p.d}, n = ${p.n}) = [${values}${more}]`,
  );
  const t = tokens[k];
  return new vscode.Hover(md, new vscode.Range(pos.line, t.start, pos.line, t.end));
}
