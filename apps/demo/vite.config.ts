import { defineConfig } from 'vite';

// Workspace packages resolve to their TypeScript sources (the `source` export condition), so
// the demo needs no prior build of the packages. `base: './'` lets the build work from any folder.
export default defineConfig({
  base: './',
  resolve: { conditions: ['source', 'browser', 'module', 'import', 'default'] },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 2000 },
  server: { port: 5173 },
  preview: { port: 4173 },
});
