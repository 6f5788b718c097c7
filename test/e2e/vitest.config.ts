import { defineConfig } from 'vitest/config';
import path from 'node:path';

// UI end-to-end: one code-server + Chromium per file, files run one after another.
export default defineConfig({
  root: path.resolve(__dirname, '../..'),
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
