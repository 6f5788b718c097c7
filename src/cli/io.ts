import * as fs from 'fs';
import { UserError } from '../core/errors';

export interface CliIO {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Reads all of stdin, or undefined when stdin is a terminal. */
  stdin: () => Promise<string | undefined>;
}

export const processIO: CliIO = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  stdin: async () => {
    if (process.stdin.isTTY) return undefined;
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

/** Lines of a text file (CRLF or LF; a final newline does not make an extra empty line). */
export function readLines(file: string, what = 'input'): string[] {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError('io', `Cannot read ${what} file ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message}`);
  }
  if (buf.includes(0)) throw new UserError('binary-input', `${what} file ${file} contains NUL bytes: it looks like binary data, not text.`);
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function writeLines(file: string, lines: string[]): void {
  try {
    fs.writeFileSync(file, lines.map((l) => l + '\n').join(''));
  } catch (e) {
    throw new UserError('io', `Cannot write output file ${file}: ${(e as Error).message}`);
  }
}
