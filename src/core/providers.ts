// ONNX Runtime session creation with execution-provider fallback.
// ORT does not fall back by itself (['cuda','cpu'] throws when CUDA is missing), so each
// provider is tried alone, in order, and the reason each one failed is kept.
//
// GPU for users with internet: onnxruntime-node ships the CPU and WebGPU (Linux/Windows)
// providers, DirectML (Windows) and CoreML (macOS). The CUDA provider libraries are
// downloaded by its install script, which this repo skips (.npmrc: onnxruntime-node-install=skip).
// To get them: `npm rebuild onnxruntime-node --onnxruntime-node-install=cuda12`
// (or `ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node`); needs CUDA 12 + cuDNN 9.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { InferenceSession } from 'onnxruntime-node';
import { UserError, describeError } from './errors';

export const PROVIDER_SETTINGS = ['auto', 'cpu', 'cuda', 'webgpu', 'dml', 'coreml'] as const;
export type ProviderSetting = (typeof PROVIDER_SETTINGS)[number];

export function isProviderSetting(s: string): s is ProviderSetting {
  return (PROVIDER_SETTINGS as readonly string[]).includes(s);
}

/** Providers to try, in order. `auto`: CUDA, then the GPU provider ORT bundles for the platform, then CPU. */
export function providerOrder(setting: ProviderSetting, platform: NodeJS.Platform = process.platform): string[] {
  if (setting === 'cpu') return ['cpu'];
  if (setting !== 'auto') return [setting, 'cpu'];
  if (platform === 'darwin') return ['coreml', 'cpu'];
  if (platform === 'win32') return ['cuda', 'dml', 'webgpu', 'cpu'];
  return ['cuda', 'webgpu', 'cpu'];
}

export interface ProviderAttempt {
  provider: string;
  ok: boolean;
  reason?: string;
  ms: number;
}

export interface SessionSet {
  provider: string;
  sessions: Record<string, InferenceSession>;
  attempts: ProviderAttempt[];
  /** Why the first-choice provider was not used (undefined when it was). */
  fallbackReason?: string;
  threads: number;
}

export interface SessionOptions {
  /** intra-op threads; default: defaultThreads(). */
  threads?: number;
  /** Skip providers whose libraries are evidently absent without asking ORT (default true). */
  preflight?: boolean;
  log?: (line: string) => void;
  /** A named provider (not auto/cpu) that fails is an error instead of a fallback to CPU (CLI). */
  strict?: boolean;
}

let ortModule: typeof import('onnxruntime-node') | undefined;
export function ort(): typeof import('onnxruntime-node') {
  if (!ortModule) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      ortModule = require('onnxruntime-node') as typeof import('onnxruntime-node');
    } catch (e) {
      throw new UserError('provider-unavailable', `ONNX Runtime could not be loaded: ${describeError(e)}`);
    }
    ortModule.env.logLevel = 'fatal'; // native provider-load errors would otherwise flood stderr
  }
  return ortModule;
}

/**
 * Half the cores, at most 4. The graphs are small and decoding runs one token at a time, so
 * every op is short and waking a second thread costs about what it saves; on 2 cores one
 * intra-op thread decoded 200 sentences 14 % faster and a 1024-token continuation 20 % faster
 * than two (benchmark run, 2026-12-03), and the other core stays free for the editor.
 */
export function defaultThreads(): number {
  const n = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(Math.floor(n / 2), 4));
}

/** Shortens ORT's native messages to the useful part. */
export function cleanReason(provider: string, msg: string): string {
  let m = msg.trim();
  const cut = m.lastIndexOf('was false. ');
  if (cut >= 0) m = m.slice(cut + 'was false. '.length);
  m = m.replace(/^\/onnxruntime_src\/\S+:\d+\s+/, '');
  if (/Failed to load shared library/i.test(m) && provider === 'cuda') {
    m += ' (the CUDA provider libraries are not installed, or CUDA 12/cuDNN 9 is missing; see the README, "Getting the CUDA provider")';
  }
  if (/backend not found/i.test(m)) m = `${provider} is not available in this ONNX Runtime build for ${process.platform}-${process.arch}`;
  return m.length > 400 ? m.slice(0, 400) + '…' : m;
}

function findVulkan(): boolean {
  const dirs = ['/usr/lib/x86_64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/local/lib', '/usr/lib/aarch64-linux-gnu'];
  for (const v of (process.env.LD_LIBRARY_PATH ?? '').split(':')) if (v) dirs.push(v);
  return dirs.some((d) => fs.existsSync(path.join(d, 'libvulkan.so.1')));
}

/** A reason to skip the provider without trying it, or undefined to try it. */
function preflightReason(provider: string): string | undefined {
  if (provider === 'webgpu' && process.platform === 'linux' && !findVulkan()) {
    return 'libvulkan.so.1 not found: WebGPU needs a Vulkan driver (no GPU, or drivers not installed)';
  }
  return undefined;
}

/** Provider failures seen in this process, so later models do not retry them. */
const knownFailures = new Map<string, string>();
export function forgetProviderFailures(): void {
  knownFailures.clear();
}

/**
 * Creates one session per graph file, all on the same provider: the first of `providerOrder(setting)`
 * that works for every graph. Throws a UserError naming the file when even CPU cannot load a graph.
 */
export async function createSessions(
  files: Record<string, string>,
  setting: ProviderSetting,
  opts: SessionOptions = {},
): Promise<SessionSet> {
  const O = ort();
  const threads = opts.threads ?? defaultThreads();
  const attempts: ProviderAttempt[] = [];
  const log = opts.log ?? (() => undefined);
  for (const provider of providerOrder(setting)) {
    const t0 = Date.now();
    const known = provider !== 'cpu' ? knownFailures.get(provider) : undefined;
    const pre = known ?? (opts.preflight === false ? undefined : preflightReason(provider));
    if (pre) {
      attempts.push({ provider, ok: false, reason: pre, ms: 0 });
      log(`provider ${provider}: skipped: ${pre}`);
      if (opts.strict && setting !== 'auto') {
        throw new UserError('provider-unavailable', `Execution provider "${provider}" is not available: ${pre}. Use --provider auto (falls back to CPU) or --provider cpu.`);
      }
      continue;
    }
    const sessions: Record<string, InferenceSession> = {};
    try {
      for (const [name, file] of Object.entries(files)) {
        try {
          sessions[name] = await O.InferenceSession.create(file, {
            executionProviders: [provider],
            intraOpNumThreads: threads,
            interOpNumThreads: 1,
            executionMode: 'sequential',
            graphOptimizationLevel: 'all',
            logSeverityLevel: provider === 'cpu' ? 3 : 4,
            logVerbosityLevel: 0,
            // Threads sleep instead of spinning between the many small decoder calls:
            // on a small or busy machine spinning steals the cores the next call needs.
            extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
          });
        } catch (e) {
          if (provider === 'cpu') {
            throw new UserError('model-invalid', `${file}: ONNX Runtime cannot load it: ${cleanReason('cpu', describeError(e))}`, { file });
          }
          throw e;
        }
      }
      const ms = Date.now() - t0;
      attempts.push({ provider, ok: true, ms });
      log(`provider ${provider}: sessions created in ${ms} ms (${threads} threads)`);
      const failed = attempts.filter((a) => !a.ok);
      const fallbackReason = failed.length ? failed.map((a) => `${a.provider}: ${a.reason}`).join('; ') : undefined;
      return { provider, sessions, attempts, fallbackReason, threads };
    } catch (e) {
      for (const s of Object.values(sessions)) await s.release().catch(() => undefined);
      if (provider === 'cpu') throw e;
      const reason = cleanReason(provider, describeError(e));
      knownFailures.set(provider, reason);
      attempts.push({ provider, ok: false, reason, ms: Date.now() - t0 });
      log(`provider ${provider}: failed: ${reason}`);
      if (opts.strict && setting !== 'auto') {
        throw new UserError('provider-unavailable', `Execution provider "${provider}" is not available: ${reason}. Use --provider auto (falls back to CPU) or --provider cpu.`);
      }
    }
  }
  throw new UserError('provider-unavailable', 'No execution provider could be used.');
}
