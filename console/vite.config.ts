// The console's build: `vite build --config console/vite.config.ts` writes console/dist/ (the stack
// uploads it; the twin builds the same into its cache). Preact's JSX through Vite's own transformer.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  // Always the production build: a NODE_ENV inherited from a test runner (`test`) would otherwise switch the JSX transform
  // to its development form (source locations on every element: 54 KB → 81 KB).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact', development: false } },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false, reportCompressedSize: false },
  logLevel: 'warn',
});
