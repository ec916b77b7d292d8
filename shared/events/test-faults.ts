// Test-only fault injection, for the twin test of "no lost events" (test/integration/lost-events-twin.test.ts).
// SCORECAST_TEST_FAULTS=`<dir>|<fault>,<fault>` arms each named fault once across every container:
// a fault fires when it can create `<dir>/<fault>` (mkdir is atomic). No stack or twin declares the
// variable — only that test's wiring does — so a deployed function reads it once at cold start,
// finds nothing, and each call site costs one comparison.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type Fault = 'event-write' | 'crash-after-scored';

const [dir, names] = (process.env.SCORECAST_TEST_FAULTS ?? '').split('|');
const armed: ReadonlySet<string> = new Set(dir && names ? names.split(',') : []);

/** Fires the fault if armed and not fired yet: `event-write` throws, `crash-after-scored` ends the process. */
export function injectFault(fault: Fault): void {
  if (armed.size === 0 || !armed.has(fault)) return;
  try {
    mkdirSync(join(dir!, fault));
  } catch {
    return; // fired before
  }
  if (fault === 'crash-after-scored') process.exit(1);
  throw Object.assign(new Error(`injected fault: ${fault}`), { name: 'InjectedFault' });
}
