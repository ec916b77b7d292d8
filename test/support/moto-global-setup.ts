// vitest globalSetup of the moto project: one moto server for the whole run, its URL provided to
// every test file (test/support/moto-setup.ts points the twin at it).
import type { TestProject } from 'vitest/node';
import { startMoto } from './moto.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    motoUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const moto = await startMoto();
  project.provide('motoUrl', moto.url);
  return () => moto.stop();
}
