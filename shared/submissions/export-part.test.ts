// How an export part ends and where the next one starts, over pages held in memory.
import { describe, expect, it } from 'vitest';
import type { Key } from '#shared/store/cursor.ts';
import { type ExportedSubmission, envelopeBytes } from './export-rows.ts';
import { exportPart, type ExportSource } from './export-part.ts';

const submission = (n: number, agentId = 'agt_1'): ExportedSubmission => ({
  submissionId: `sub_${n}`,
  agentId,
  version: 1,
  status: 'scored',
  score: 0.5,
  publicScore: null,
  confidenceInterval: { low: 0.25, high: 0.75 },
  usage: null,
  transitions: [{ status: 'scored', at: '2026-12-04T10:00:00.000Z' }],
  createdAt: '2026-12-04T10:00:00.000Z',
});
const keyOf = (n: number): Key => ({ PK: `p${n}`, SK: 's', GSI1PK: 'g', GSI1SK: `k${n}` });
const pageEnd = (n: number): Key => ({ PK: `end${n}`, SK: 's', GSI1PK: 'g', GSI1SK: `e${n}` });

/** Pages of submission numbers (an empty page: everything filtered out); each page ends at pageEnd(i) but the last. */
function source(pages: number[][], agentNames: Record<string, string> = { agt_1: 'One' }) {
  const asked: (Key | undefined)[] = [];
  const namesAsked: string[][] = [];
  const src: ExportSource = {
    async page(start) {
      asked.push(start);
      const i = start === undefined ? 0 : Number(start.PK!.replace('end', '')) + 1;
      return {
        rows: pages[i]!.map((n) => ({ submission: submission(n, n % 2 ? 'agt_1' : 'agt_2'), key: keyOf(n) })),
        lastKey: i < pages.length - 1 ? pageEnd(i) : undefined,
      };
    },
    async names(agentIds) {
      namesAsked.push(agentIds);
      return new Map(Object.entries(agentNames).filter(([id]) => agentIds.includes(id)));
    },
  };
  return { src, asked, namesAsked };
}

const forever = { remainingTimeMs: () => 60_000 };
const lines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line).submission_id);

describe('exportPart', () => {
  it('reads every page to the end: no key to go on from; each agent’s name asked once (a gone agent: null)', async () => {
    const { src, asked, namesAsked } = source([[1, 2], [], [3, 4]]);
    const part = await exportPart(src, 'jsonl', undefined, forever);
    expect([lines(part.text), part.rows, part.after]).toEqual([['sub_1', 'sub_2', 'sub_3', 'sub_4'], 4, undefined]);
    expect(asked).toEqual([undefined, pageEnd(0), pageEnd(1)]);
    expect(namesAsked).toEqual([['agt_1', 'agt_2']]);
    expect(part.text.split('\n').map((line) => line && JSON.parse(line).agent_name)).toEqual(['One', null, 'One', null, '']);
  });

  it('stops before the row that would pass the budget and goes on from the last row written', async () => {
    const { src } = source([[1, 2, 3], [4]]);
    // Budget: sub_1's and sub_2's lines (as Lambda's JSON envelope counts them), not sub_3's.
    const two = envelopeBytes((await exportPart(source([[1, 2]]).src, 'jsonl', undefined, forever)).text);
    const part = await exportPart(src, 'jsonl', undefined, { ...forever, budgetBytes: two + 5 });
    expect([lines(part.text), part.after]).toEqual([['sub_1', 'sub_2'], keyOf(2)]);
  });

  it('goes on from where the last page read ended when the next page’s first row does not fit', async () => {
    const { src } = source([[1], [2]]);
    const part = await exportPart(src, 'jsonl', undefined, { ...forever, budgetBytes: 1 });
    expect([lines(part.text), part.after]).toEqual([['sub_1'], pageEnd(0)]);
  });

  it('always writes one row, however small the budget, so every part moves on', async () => {
    const part = await exportPart(source([[1, 2]]).src, 'csv', undefined, { ...forever, budgetBytes: 1 });
    expect([part.rows, part.after]).toEqual([1, keyOf(1)]);
  });

  it('stops between pages when the time left is under the reserve, going on from the page’s end', async () => {
    const { src, asked } = source([[1], [], [2]]);
    let left = 10_000;
    const part = await exportPart(src, 'csv', undefined, { remainingTimeMs: () => (left -= 4000), reserveMs: 3000 });
    // After page 0: 6,000 left; after page 1 (empty): 2,000 < 3,000 → stop at page 1's end.
    expect([part.rows, part.after, asked.length]).toEqual([1, pageEnd(1), 2]);
  });
});
