// vitest globalSetup of every project: one temporary directory for the whole run, TMPDIR for the
// test processes (vitest gives workers this process's environment), removed when the run ends.
// Test files make their twins' state directories with mkdtempSync(tmpdir()) and leave them behind;
// each holds a copy of every function bundle (~80 MB), so without this a few runs fill the disk.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Every project runs this setup (each may load its own copy of this module): the first makes the
// directory, the last one out removes it and puts TMPDIR back.
interface RunDir {
  path: string;
  users: number;
  previous: string | undefined;
}
const shared = globalThis as { scorecastRunTmpdir?: RunDir };

export default function setup(): () => void {
  if (!shared.scorecastRunTmpdir) {
    const previous = process.env.TMPDIR;
    const path = mkdtempSync(join(tmpdir(), 'scorecast-test-run-'));
    process.env.TMPDIR = path;
    shared.scorecastRunTmpdir = { path, users: 0, previous };
  }
  const run = shared.scorecastRunTmpdir;
  run.users++;
  return () => {
    if (--run.users > 0) return;
    shared.scorecastRunTmpdir = undefined;
    if (run.previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = run.previous;
    rmSync(run.path, { recursive: true, force: true });
  };
}
