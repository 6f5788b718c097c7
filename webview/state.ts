// Pure helpers for the webview state (unit-tested).
import { parseViewState, type ViewState } from '../src/protocol';

export const DEFAULT_STATE: ViewState = { tab: 'positional', positional: { text: '', d: 16, n: 10000 } };

/** The state saved by vscode.setState, or the default when missing or from an older shape. */
export function restoreState(saved: unknown): ViewState {
  return parseViewState(saved) ?? DEFAULT_STATE;
}

/**
 * Reads the d / n form fields. Returns the number or an error message, so the view can
 * show "d must be …" instead of drawing garbage.
 */
export function parseNumberField(name: string, raw: string): number | string {
  const s = raw.trim();
  if (s === '') return `${name} is empty.`;
  const x = Number(s);
  return Number.isFinite(x) ? x : `${name} must be a number (got "${s.slice(0, 20)}").`;
}
