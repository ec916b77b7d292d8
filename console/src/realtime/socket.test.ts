// The WebSocket client against a fake socket (unit test): subscribes on open, applies in seq order,
// subscribes again when a gap is not filled in time, and reconnects (saying so) after a close.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RealtimeClient, SNAPSHOT_MARK, type SocketStatus } from './socket.ts';

class FakeSocket {
  static OPEN = 1;
  static instances: FakeSocket[] = [];
  readyState = 0;
  sent: Record<string, string>[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string; timeStamp?: number }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  send(frame: string) {
    this.sent.push(JSON.parse(frame));
  }
  close() {
    this.readyState = 3;
    this.onclose?.();
  }
  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  receive(message: Record<string, unknown>, timeStamp?: number) {
    this.onmessage?.({ data: JSON.stringify(message), timeStamp });
  }
}

beforeEach(() => {
  FakeSocket.instances = [];
  vi.useFakeTimers();
  vi.stubGlobal('WebSocket', FakeSocket);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const subscribes = (socket: FakeSocket) => socket.sent.filter((f) => f.action === 'subscribe').map((f) => f.channel);

describe('RealtimeClient', () => {
  it('connects with the token on the first subscribe and subscribes once open', () => {
    const client = new RealtimeClient('ws://twin/prod', () => 'tok en');
    expect(client.status).toBe('idle');
    client.subscribe('leaderboard:bm_1', { apply: () => undefined });
    const socket = FakeSocket.instances[0]!;
    expect(socket.url).toBe('ws://twin/prod?token=tok%20en');
    socket.open();
    expect(subscribes(socket)).toEqual(['leaderboard:bm_1']);
    expect(client.status).toBe('open');
  });

  it('applies updates in seq order and subscribes again when a gap is not filled within a second', () => {
    const client = new RealtimeClient('ws://twin/prod', () => 't');
    const applied: string[] = [];
    client.subscribe('leaderboard:bm_1', { apply: (a) => applied.push(`${a.type}:${a.seq}`) });
    const socket = FakeSocket.instances[0]!;
    socket.open();
    const channel = 'leaderboard:bm_1';
    socket.receive({ type: 'snapshot', channel, seq: 4, data: {} });
    socket.receive({ type: 'update', channel, seq: 6, data: {} });
    socket.receive({ type: 'update', channel, seq: 5, data: {} });
    expect(applied).toEqual(['snapshot:4', 'update:5', 'update:6']);
    socket.receive({ type: 'update', channel, seq: 8, data: {} }); // 7 is missing
    vi.advanceTimersByTime(999);
    expect(subscribes(socket)).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(subscribes(socket)).toHaveLength(2); // a fresh snapshot follows
    socket.receive({ type: 'snapshot', channel, seq: 9, data: {} });
    expect(applied.at(-1)).toBe('snapshot:9');
  });

  it('does not resubscribe when the missing update arrives in time', () => {
    const client = new RealtimeClient('ws://twin/prod', () => 't');
    client.subscribe('monitoring', { apply: () => undefined });
    const socket = FakeSocket.instances[0]!;
    socket.open();
    socket.receive({ type: 'snapshot', channel: 'monitoring', seq: 1, data: {} });
    socket.receive({ type: 'update', channel: 'monitoring', seq: 3, data: {} });
    socket.receive({ type: 'update', channel: 'monitoring', seq: 2, data: {} });
    vi.advanceTimersByTime(5000);
    expect(subscribes(socket)).toHaveLength(1);
  });

  it('says reconnecting after a close, reconnects and subscribes to every channel again', () => {
    const client = new RealtimeClient('ws://twin/prod', () => 't');
    const statuses: SocketStatus[] = [];
    client.onStatus((s) => statuses.push(s));
    client.subscribe('monitoring', { apply: () => undefined });
    client.subscribe('events', { apply: () => undefined });
    FakeSocket.instances[0]!.open();
    FakeSocket.instances[0]!.close();
    expect(client.status).toBe('reconnecting');
    vi.advanceTimersByTime(250);
    const second = FakeSocket.instances[1]!;
    second.open();
    expect(subscribes(second).sort()).toEqual(['events', 'monitoring']);
    expect(statuses).toEqual(['idle', 'connecting', 'open', 'reconnecting', 'open']);
  });

  it('passes a channel error to its handler', () => {
    const client = new RealtimeClient('ws://twin/prod', () => 't');
    const errors: string[] = [];
    client.subscribe('submission:sub_x', { apply: () => undefined, error: (code) => errors.push(code) });
    const socket = FakeSocket.instances[0]!;
    socket.open();
    socket.receive({ type: 'error', code: 'not_found', message: 'no such submission', id: socket.sent[0]!.id });
    expect(errors).toEqual(['not_found']);
  });

  it("marks a snapshot's arrival on the performance timeline at the message's time, one mark per channel", () => {
    vi.useRealTimers(); // the fake timers replace `performance` too
    const client = new RealtimeClient('ws://twin/prod', () => 't');
    const channel = 'leaderboard:bm_mark';
    const name = `${SNAPSHOT_MARK}${channel}`;
    client.subscribe(channel, { apply: () => undefined });
    const socket = FakeSocket.instances[0]!;
    socket.open();
    expect(performance.getEntriesByName(name)).toEqual([]);
    socket.receive({ type: 'snapshot', channel, seq: 1, data: { items: [] } }, 12.5);
    expect(performance.getEntriesByName(name).map((m) => m.startTime)).toEqual([12.5]);
    socket.receive({ type: 'update', channel, seq: 2, data: {} }, 20);
    socket.receive({ type: 'snapshot', channel: 'leaderboard:other', seq: 1, data: {} }, 21); // not subscribed: no mark
    expect(performance.getEntriesByName(`${SNAPSHOT_MARK}leaderboard:other`)).toEqual([]);
    socket.receive({ type: 'snapshot', channel, seq: 5, data: { items: [], part: 1, parts: 2 } }, 30);
    socket.receive({ type: 'snapshot', channel, seq: 5, data: { items: [], part: 2, parts: 2 } }, 31);
    expect(performance.getEntriesByName(name).map((m) => m.startTime)).toEqual([30]); // the first part's, replacing the last
  });
});
