// The console's build: `vite build --config console/vite.config.ts` writes console/dist/ (the stack
// uploads it; the twin builds the same into its cache). Preact's JSX through Vite's own transformer.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false, reportCompressedSize: false },
  logLevel: 'warn',
});
