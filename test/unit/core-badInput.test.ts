// Bad input: each gives a UserError with a clear message (never a crash), in the core.
import { afterAll, describe, expect, it } from 'vitest';
import { continueText, translate } from '../../src/core/engine';
import { UserError } from '../../src/core/errors';
import { checkInputText } from '../../src/core/inputCheck';
import { releaseAllModels } from '../../src/core/model';
import { FIXTURES, loadModelDir } from './modelsUnderTest';
import * as path from 'path';

afterAll(() => releaseAllModels());

async function userError(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a UserError');
}

describe('input checks', () => {
  it('empty, whitespace-only, NUL, control characters, undecodable bytes', () => {
    expect(() => checkInputText('')).toThrow(/The selection is empty: select some text first/);
    expect(() => checkInputText(' \t\r\n ')).toThrow(/empty \(only whitespace\)/);
    expect(() => checkInputText('abc\u0000def')).toThrow(/contains NUL bytes \(first at character 3\)/);
    expect(() => checkInputText('PK\u0003\u0004\u0014 zip header')).toThrow(/looks like binary data.*control character/);
    expect(() => checkInputText('\ufffd\ufffd\ufffdab\ufffd')).toThrow(/undecodable byte/);
    expect(() => checkInputText('ok \ud800 lone')).toThrow(/broken surrogate/);
    expect(() => checkInputText('I love 🍕 and 東京 שלום\r\n\tfine')).not.toThrow();
  });
});

for (const [kind, dir] of [
  ['seq2seq', path.join(FIXTURES, 'tiny-seq2seq')],
  ['causal', path.join(FIXTURES, 'tiny-causal')],
] as const) {
  describe(`bad input (${kind})`, () => {
    const go = async (text: string, opts = {}) => {
      const model = await loadModelDir(dir);
      return kind === 'seq2seq' ? translate(model, text, { maxNewTokens: 4, ...opts }) : continueText(model, text, { maxNewTokens: 4, ...opts });
    };
    it('empty / whitespace / binary are refused', async () => {
      expect((await userError(go(''))).code).toBe('empty-input');
      expect((await userError(go('   \n\t  '))).code).toBe('empty-input');
      expect((await userError(go('a\u0000b'))).code).toBe('binary-input');
    });
    it('too long: says how many tokens and the limit; truncation on request', async () => {
      const model = await loadModelDir(dir);
      const limit = model.manifest.maxLength;
      const text = 'A dog runs. '.repeat(Math.ceil(limit / 4) + 10);
      const e = await userError(go(text));
      expect(e.code).toBe('too-long');
      expect(e.message).toMatch(new RegExp(`The selection is \\d+ tokens long; model "tiny-\\w+" takes at most ${limit}\\. .*truncate`));
      expect((e.detail.tokens as number) > limit).toBe(true);
      const run = await go(text, { truncate: true });
      expect(run.warnings.join(' ')).toMatch(/truncated/);
      expect(run.sourceTokens.length).toBeLessThanOrEqual(limit);
    });
    it('emoji, CJK and right-to-left text run, with a vocabulary warning', async () => {
      const run = await go('I love 🍕 and 東京 שלום');
      expect(run.warnings.join(' ')).toMatch(/outside the model's vocabulary/);
      const onlyForeign = await go('東京 שלום 🍕🍕');
      expect(onlyForeign.warnings.join(' ')).toMatch(/unreliable/);
    });
  });
}
