import { describe, expect, it } from 'vitest';
import { answerFrame, parseClientFrame } from './protocol.ts';

const now = new Date('2026-11-21T12:00:00Z');

describe('WebSocket protocol', () => {
  it('answers ping with pong echoing the id', () => {
    const frame = parseClientFrame('{"action":"ping","id":"42"}', now);
    expect('type' in frame).toBe(false);
    expect(answerFrame(frame as never, now)).toEqual({ type: 'pong', id: '42', ts: '2026-11-21T12:00:00.000Z' });
  });

  it('answers malformed frames and unknown actions with an error carrying a code', () => {
    expect(parseClientFrame('not json', now)).toMatchObject({ type: 'error', code: 'malformed_frame' });
    expect(parseClientFrame('{"action":7,"id":"9"}', now)).toMatchObject({ type: 'error', code: 'malformed_frame', id: '9' });
    const frame = parseClientFrame('{"action":"dance","id":"1"}', now);
    expect(answerFrame(frame as never, now)).toMatchObject({ type: 'error', code: 'unknown_action', id: '1' });
  });
});
