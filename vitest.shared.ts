// Shared vitest settings: resolve workspace packages to their TypeScript sources
// (the "source" export condition), so tests never need a prior build.
import { defineConfig } from 'vitest/config';

export const sharedConfig = defineConfig({
  resolve: {
    conditions: ['source', 'module', 'node', 'import', 'default'],
  },
  ssr: {
    resolve: {
      conditions: ['source', 'module', 'node', 'import', 'default'],
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // A hang guard, not a timing check: CI runs every package's suite at once on 2 cores.
    testTimeout: 120_000,
  },
});
