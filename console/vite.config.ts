// Placeholder so that `cdk synth` has a console to build on this branch (console-cloud); the
// console app (branch console-app) brings the real project and this file with it.
import { defineConfig } from 'vite';

export default defineConfig({ build: { outDir: 'dist' } });
