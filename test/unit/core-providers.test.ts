// Execution providers: this machine has no GPU, so the fallback path is exercised for real:
// ORT is asked for CUDA and WebGPU and really fails, and the sessions end up on CPU.
import * as path from 'path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSessions, forgetProviderFailures, providerOrder } from '../../src/core/providers';
import { FIXTURES } from './modelsUnderTest';

const files = {
  encoder: path.join(FIXTURES, 'tiny-seq2seq', 'encoder.onnx'),
  decoder: path.join(FIXTURES, 'tiny-seq2seq', 'decoder.onnx'),
};

afterEach(() => forgetProviderFailures());

describe('execution providers', () => {
  it('auto order: CUDA, the platform GPU provider, then CPU', () => {
    expect(providerOrder('auto', 'linux')).toEqual(['cuda', 'webgpu', 'cpu']);
    expect(providerOrder('auto', 'win32')).toEqual(['cuda', 'dml', 'webgpu', 'cpu']);
    expect(providerOrder('auto', 'darwin')).toEqual(['coreml', 'cpu']);
    expect(providerOrder('cuda')).toEqual(['cuda', 'cpu']);
    expect(providerOrder('cpu')).toEqual(['cpu']);
  });

  it('auto without a usable GPU provider: real ORT failures, fallback to CPU, reasons kept', async () => {
    const logs: string[] = [];
    const set = await createSessions(files, 'auto', { preflight: false, log: (l) => logs.push(l) });
    expect(set.provider).toBe('cpu');
    const failed = set.attempts.filter((a) => !a.ok).map((a) => a.provider);
    expect(failed).toEqual(['cuda', 'webgpu']);
    expect(set.fallbackReason).toMatch(/cuda: .*(shared library|CUDA)/i);
    expect(set.fallbackReason).toMatch(/webgpu: .*(adapter|Vulkan|WebGPU)/i);
    expect(logs.join('\n')).toMatch(/provider cpu: sessions created/);
    // the sessions work
    const ort = await import('onnxruntime-node');
    const ids = new ort.Tensor('int64', BigInt64Array.from([5n, 6n, 2n]), [1, 3]);
    const mask = new ort.Tensor('int64', BigInt64Array.from([1n, 1n, 1n]), [1, 3]);
    const out = await set.sessions.encoder.run({ src_ids: ids, src_mask: mask });
    expect(out.enc_self_attn.dims).toEqual([2, 1, 2, 3, 3]);
    for (const s of Object.values(set.sessions)) await s.release();
  });

  it('a named provider that fails falls back to CPU (extension), or is an error when strict (CLI)', async () => {
    const set = await createSessions(files, 'cuda', { preflight: false });
    expect(set.provider).toBe('cpu');
    expect(set.fallbackReason).toMatch(/^cuda: /);
    for (const s of Object.values(set.sessions)) await s.release();
    await expect(createSessions(files, 'webgpu', { strict: true, preflight: false })).rejects.toThrow(/Execution provider "webgpu" is not available: .*--provider auto/);
    await expect(createSessions(files, 'dml', { strict: true })).rejects.toThrow(/dml is not available in this ONNX Runtime build/);
  });

  it('remembers a failed provider so the next model does not retry it', async () => {
    const a = await createSessions(files, 'auto', { preflight: false });
    const b = await createSessions(files, 'auto', { preflight: false });
    expect(b.attempts.find((x) => x.provider === 'cuda')!.ms).toBe(0);
    expect(b.fallbackReason).toBe(a.fallbackReason);
    for (const s of [...Object.values(a.sessions), ...Object.values(b.sessions)]) await s.release();
  });
});
