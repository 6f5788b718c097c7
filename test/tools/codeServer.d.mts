import type { Browser } from 'playwright-core';
import type { ChildProcess } from 'node:child_process';

export const REPO: string;
export const CODE_SERVER_VERSION: string;
export const CODE_SERVER_DIR: string;
export const CODE_SERVER_BIN: string;
export const CHROMIUM: string;
export function ensureCodeServer(): void;
export interface CodeServer {
  url: string;
  port: number;
  base: string;
  proc: ChildProcess;
  userDataDir: string;
  stop(): Promise<void>;
  log(): string;
}
export function start(o: {
  workspace: string;
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
  env?: Record<string, string>;
  port?: number;
  settings?: Record<string, unknown>;
  quiet?: boolean;
}): Promise<CodeServer>;
export function launchBrowser(): Promise<Browser>;
