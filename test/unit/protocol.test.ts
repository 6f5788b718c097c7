import { describe, expect, it } from 'vitest';
import { describeRejected, parseHostMessage, parseViewState, parseWebviewMessage } from '../../src/protocol';

const state = { tab: 'positional', positional: { text: 'I am a robot', d: 4, n: 100 } };

describe('protocol: webview → host', () => {
  it('accepts the ready handshake, state changes and requests', () => {
    expect(parseWebviewMessage({ type: 'ready' })).toEqual({ type: 'ready' });
    expect(parseWebviewMessage({ type: 'stateChanged', state })).toEqual({ type: 'stateChanged', state });
    expect(parseWebviewMessage({ type: 'request', id: 7, method: 'getSelection' })).toEqual({ type: 'request', id: 7, method: 'getSelection' });
  });

  it('drops unknown fields', () => {
    expect(parseWebviewMessage({ type: 'ready', evil: true })).toEqual({ type: 'ready' });
  });

  it.each([
    null,
    'ready',
    [],
    { type: 'nope' },
    { type: 'stateChanged' },
    { type: 'stateChanged', state: { ...state, tab: 'other' } },
    { type: 'stateChanged', state: { ...state, positional: { text: 1, d: 4, n: 100 } } },
    { type: 'stateChanged', state: { ...state, positional: { text: '', d: Number.NaN, n: 100 } } },
    { type: 'request', id: -1, method: 'getSelection' },
    { type: 'request', id: 1.5, method: 'getSelection' },
    { type: 'request', id: 1, method: 'rm -rf' },
  ])('rejects malformed %j', (msg) => {
    expect(parseWebviewMessage(msg)).toBeUndefined();
  });
});

describe('protocol: host → webview', () => {
  it('accepts state and both reply shapes', () => {
    expect(parseHostMessage({ type: 'state', state })).toEqual({ type: 'state', state });
    expect(parseHostMessage({ type: 'reply', id: 1, ok: true, result: { text: 'x' } })).toEqual({ type: 'reply', id: 1, ok: true, result: { text: 'x' } });
    expect(parseHostMessage({ type: 'reply', id: 2, ok: false, error: 'no' })).toEqual({ type: 'reply', id: 2, ok: false, error: 'no' });
  });

  it('rejects replies without id or payload', () => {
    expect(parseHostMessage({ type: 'reply', ok: true, result: { text: 'x' } })).toBeUndefined();
    expect(parseHostMessage({ type: 'reply', id: 1, ok: true })).toBeUndefined();
    expect(parseHostMessage({ type: 'reply', id: 1, ok: false })).toBeUndefined();
    expect(parseHostMessage({ type: 'ready' })).toBeUndefined();
  });

  it('parses persisted state and refuses oversize text', () => {
    expect(parseViewState(state)).toEqual(state);
    expect(parseViewState({ ...state, positional: { ...state.positional, text: 'x'.repeat(100_001) } })).toBeUndefined();
  });

  it('describes rejected messages briefly', () => {
    expect(describeRejected({ type: 'weird' })).toContain('weird');
    expect(describeRejected(42)).toContain('number');
  });
});
