// Minimal argument parser: `command [--flag value | --flag=value | --switch] [text…]`.
import { UserError } from '../core/errors';

export interface ParsedArgs {
  command: string | undefined;
  flags: Map<string, string | true>;
  positionals: string[];
}

/** Options every command accepts (read later, when the model is loaded). */
const GLOBAL = new Set(['model', 'provider', 'threads', 'verbose']);

/** Flags that take no value. */
const SWITCHES = new Set(['json', 'help', 'truncate', 'verbose', 'sample', 'version', 'no-cache']);

export function parseArgs(argv: string[]): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (eq > 0) flags.set(name, a.slice(eq + 1));
      else if (SWITCHES.has(name)) flags.set(name, true);
      else {
        if (i + 1 >= argv.length) throw new UserError('bad-usage', `--${name} needs a value`);
        flags.set(name, argv[++i]);
      }
    } else if (a === '-h') flags.set('help', true);
    else if (command === undefined) command = a;
    else positionals.push(a);
  }
  return { command, flags, positionals };
}

export class Flags {
  private used = new Set<string>();
  constructor(private readonly p: ParsedArgs) {}
  has(name: string): boolean {
    this.used.add(name);
    return this.p.flags.has(name);
  }
  str(name: string): string | undefined {
    this.used.add(name);
    const v = this.p.flags.get(name);
    if (v === true) throw new UserError('bad-usage', `--${name} needs a value`);
    return v;
  }
  num(name: string, opts: { int?: boolean; min?: number; max?: number } = {}): number | undefined {
    const s = this.str(name);
    if (s === undefined) return undefined;
    const v = Number(s);
    if (!Number.isFinite(v) || (opts.int && !Number.isInteger(v))) throw new UserError('bad-usage', `--${name} must be ${opts.int ? 'an integer' : 'a number'}, got "${s}"`);
    if (opts.min !== undefined && v < opts.min) throw new UserError('bad-usage', `--${name} must be at least ${opts.min}, got ${v}`);
    if (opts.max !== undefined && v > opts.max) throw new UserError('bad-usage', `--${name} must be at most ${opts.max}, got ${v}`);
    return v;
  }
  /** Throws for flags nobody asked about (typos). */
  checkUnknown(): void {
    for (const k of this.p.flags.keys()) {
      if (!this.used.has(k) && !GLOBAL.has(k)) throw new UserError('bad-usage', `unknown option --${k} (see attention-lens --help)`);
    }
  }
}
