// Refusals for input the model cannot sensibly take. Each throws a UserError with a clear message.
import { UserError } from './errors';

/** Throws for empty/whitespace-only text, NUL bytes and binary-looking text. */
export function checkInputText(text: string, what = 'The selection'): void {
  if (text.trim().length === 0) {
    throw new UserError('empty-input', `${what} is empty${text.length ? ' (only whitespace)' : ''}: ${what === 'The selection' ? 'select some text first' : 'give some text'}.`);
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    throw new UserError('binary-input', `${what} contains NUL bytes (first at character ${nul}): it looks like binary data, not text.`);
  }
  let control = 0;
  let replacement = 0;
  let loneSurrogates = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d) || c === 0x7f) control++;
    else if (c === 0xfffd) replacement++;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      else loneSurrogates++;
    } else if (c >= 0xdc00 && c <= 0xdfff) loneSurrogates++;
  }
  const bad = control + replacement + loneSurrogates;
  if (bad > 0 && (bad / text.length > 0.05 || control > 0)) {
    const parts = [
      control ? `${control} control character(s)` : '',
      replacement ? `${replacement} undecodable byte(s) (U+FFFD)` : '',
      loneSurrogates ? `${loneSurrogates} broken surrogate(s)` : '',
    ].filter(Boolean);
    throw new UserError('binary-input', `${what} looks like binary data, not text: ${parts.join(', ')}.`);
  }
}

/** The input is longer than the model takes. */
export function tooLongError(tokens: number, limit: number, modelName: string, what = 'The selection', howToTruncate = ''): UserError {
  return new UserError(
    'too-long',
    `${what} is ${tokens} tokens long; model "${modelName}" takes at most ${limit}. Shorten it, or truncate to the first ${limit} tokens${howToTruncate}.`,
    { tokens, limit },
  );
}
