import { describe, expect, it } from 'vitest';
import { decodeBoardCursor, decodeCostBoardCursor, decodeCursor, encodeBoardCursor, encodeCursor, type ListKeyShape } from './cursor.ts';

const agents: ListKeyShape = { partition: { PK: 'TENANT#demo' }, sortKey: { prefix: 'AGENT#' } };
const events: ListKeyShape = { partition: { GSI1PK: 'TENANT#demo#EVENTS' } };
const audit: ListKeyShape = {
  partition: { PK: 'TENANT#demo#AUDIT' },
  sortKey: { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z\uffff' },
};

const refusal = (cursor: string, list: ListKeyShape) => {
  try {
    decodeCursor(cursor, list);
  } catch (error) {
    return { status: (error as { status: number }).status, message: (error as Error).message };
  }
  return undefined;
};

describe('decodeCursor', () => {
  it('gives back a key of exactly the list’s shape, for its partition and range', () => {
    const agentKey = { PK: 'TENANT#demo', SK: 'AGENT#agt_0' };
    expect(decodeCursor(encodeCursor(agentKey)!, agents)).toEqual(agentKey);
    const eventKey = { PK: 'TENANT#demo#EVENT#evt_1', SK: 'EVENT', GSI1PK: 'TENANT#demo#EVENTS', GSI1SK: 'evt_1' };
    expect(decodeCursor(encodeCursor(eventKey)!, events)).toEqual(eventKey);
    expect(decodeCursor(undefined, agents)).toBeUndefined();
  });

  it('refuses with a 400 naming the problem: an extra key, a missing key, another list’s key, a key of the wrong type', () => {
    expect(refusal(encodeCursor({ PK: 'TENANT#demo', SK: 'AGENT#agt_0', x: 1 })!, agents)).toEqual({
      status: 400,
      message: "The cursor is not valid for this list: it has keys this list's cursors do not (x); they hold exactly PK, SK",
    });
    expect(refusal(encodeCursor({ PK: 'TENANT#demo' })!, agents)?.message).toBe(
      "The cursor is not valid for this list: it lacks SK; this list's cursors hold exactly PK, SK",
    );
    expect(refusal(encodeCursor({ PK: 'TENANT#demo', SK: 'WEBHOOK#wh_0' })!, agents)?.message).toBe(
      'The cursor is not valid for this list: it belongs to another list; pass the next_cursor this list returned',
    );
    expect(refusal(encodeCursor({ PK: 'TENANT#demo', SK: 'AGENT#agt_0' })!, events)?.message).toMatch(/it lacks GSI1PK, GSI1SK/);
    expect(refusal(encodeCursor({ PK: 'TENANT#x', SK: 'y', GSI1PK: 'TENANT#other#EVENTS', GSI1SK: 'z' })!, events)?.message).toMatch(/another list/);
    expect(refusal(encodeCursor({ PK: 'TENANT#demo', SK: 7 })!, agents)?.message).toMatch(/its SK must be a non-empty string of at most 1024 bytes/);
    expect(refusal(encodeCursor({ PK: 'TENANT#demo', SK: `AGENT#${'x'.repeat(1100)}` })!, agents)?.message).toMatch(/its SK must be/);
    expect(refusal('not-base64-json!', agents)?.message).toBe('The cursor is not valid for this list: it is not a next_cursor this API returned');
    expect(refusal(encodeCursor(['PK'] as never)!, agents)?.status).toBe(400);
  });

  it('refuses a cursor outside the from–to range its Query covers', () => {
    const inside = { PK: 'TENANT#demo#AUDIT', SK: '2026-01-15T00:00:00.000Z#aud_1' };
    expect(decodeCursor(encodeCursor(inside)!, audit)).toEqual(inside);
    expect(refusal(encodeCursor({ ...inside, SK: '2026-03-01T00:00:00.000Z#aud_1' })!, audit)?.message).toMatch(/outside the from–to range/);
  });
});

describe('leaderboard cursors', () => {
  const board = 'TENANT#demo#BOARD#bm_1#V#2';
  const key = { PK: 'TENANT#demo#BOARD#bm_1#V#2', SK: 'AGENT#agt_9', GSI1PK: board, GSI1SK: '0250000#2026#agt_9' };

  it('carry the ranks on: the next page knows how many entries came before it', () => {
    expect(decodeBoardCursor(encodeBoardCursor(key, 20), board)).toEqual({ key, offset: 20 });
    expect(decodeBoardCursor(undefined, board)).toBeUndefined();
  });

  it('are refused with 400 on another board or another version of it', () => {
    const cursor = encodeBoardCursor(key, 20);
    for (const other of ['TENANT#demo#BOARD#bm_1#V#1', 'TENANT#demo#BOARD#bm_2#V#2', 'TENANT#evil#BOARD#bm_1#V#2']) {
      expect(() => decodeBoardCursor(cursor, other)).toThrow(/another list/);
    }
  });

  it('are refused with 400 when tampered with: not JSON, no key, a negative or fractional offset', () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of ['%%%', forged({ key }), forged({ key, offset: -1 }), forged({ key, offset: 1.5 }), forged({ offset: 3 })]) {
      let status: number | undefined;
      try {
        decodeBoardCursor(cursor, board);
      } catch (error) {
        status = (error as { status: number }).status;
      }
      expect(status, cursor).toBe(400);
    }
  });
});

describe('cost-ordered leaderboard cursors', () => {
  const board = 'TENANT#demo#BOARD#bm_1#V#2';
  const byCost = `${board}#BYCOST`;
  const scoreKey = { PK: board, SK: 'AGENT#agt_9', GSI1PK: board, GSI1SK: '0250000#2026#agt_9' };
  const costKey = { PK: board, SK: 'AGENT#agt_9', GSI2PK: byCost, GSI2SK: 'C#3ff0000000000000#0250000#2026#agt_9' };
  const status = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return (error as { status: number }).status;
    }
    return 200;
  };

  it('go on through the cost ordering of the same board', () => {
    expect(decodeCostBoardCursor(encodeBoardCursor(costKey, 50), byCost)).toEqual({ key: costKey, offset: 50 });
  });

  it('are not interchangeable with score-ordered ones: either used with the other sort is a 400', () => {
    expect(status(() => decodeCostBoardCursor(encodeBoardCursor(scoreKey, 50), byCost))).toBe(400);
    expect(status(() => decodeBoardCursor(encodeBoardCursor(costKey, 50), board))).toBe(400);
    expect(() => decodeCostBoardCursor(encodeBoardCursor(scoreKey, 50), byCost)).toThrow(/GSI1PK, GSI1SK/);
  });

  it('are refused on another board', () => {
    expect(() => decodeCostBoardCursor(encodeBoardCursor(costKey, 50), 'TENANT#demo#BOARD#bm_2#V#2#BYCOST')).toThrow(/another list/);
  });
});
