// The console's one WebSocket: subscriptions by channel, each ordered by its ChannelSequencer; on a
// gap, a fresh subscribe (a new snapshot); on a close, "reconnecting" and a new connection with
// backoff that subscribes to every channel again. A snapshot's arrival is marked on the page's
// performance timeline (SNAPSHOT_MARK) so its render can be timed from there (bench/console.ts).
import { ChannelSequencer, type Applied } from './sequencer.ts';

/** idle: no page has subscribed yet, so no socket is open. */
export type SocketStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ChannelHandlers {
  apply(applied: Applied): void;
  /** A channel error (not_found, forbidden…): the subscription stays off until resubscribed. */
  error?(code: string, message: string): void;
}

interface Subscription {
  channel: string;
  handlers: ChannelHandlers;
  sequencer: ChannelSequencer;
  gapTimer?: ReturnType<typeof setTimeout>;
}

interface ServerMessage {
  type?: string;
  channel?: string;
  id?: string;
  seq?: number;
  data?: unknown;
  code?: string;
  message?: string;
}

/**
 * The User Timing mark made when a channel's snapshot (its first part) arrives, named
 * `scorecast:snapshot:<channel>`, at the message event's time, before it is parsed: one per channel,
 * the latest (each replaces the last, so a long-lived page keeps no more than one per channel).
 */
export const SNAPSHOT_MARK = 'scorecast:snapshot:';

/** How long updates may wait for a missing seq before the channel is subscribed again. */
const GAP_WAIT_MS = 1000;
const BACKOFF_MS = [250, 500, 1000, 2000, 5000];

export class RealtimeClient {
  private socket: WebSocket | null = null;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly listeners = new Set<(status: SocketStatus) => void>();
  private attempt = 0;
  private nextId = 0;
  private closed = false;
  status: SocketStatus = 'idle';

  constructor(
    private readonly url: string,
    private readonly token: () => string | null,
  ) {}

  onStatus(listener: (status: SocketStatus) => void): () => void {
    this.listeners.add(listener);
    listener(this.status);
    return () => this.listeners.delete(listener);
  }

  /** Subscribes (connecting first if needed); the returned function unsubscribes. */
  subscribe(channel: string, handlers: ChannelHandlers): () => void {
    const subscription: Subscription = { channel, handlers, sequencer: new ChannelSequencer() };
    this.subscriptions.set(channel, subscription);
    if (this.socket?.readyState === WebSocket.OPEN) this.sendSubscribe(subscription);
    else if (!this.socket) this.connect();
    return () => {
      if (this.subscriptions.get(channel) !== subscription) return;
      clearTimeout(subscription.gapTimer);
      this.subscriptions.delete(channel);
      this.send({ action: 'unsubscribe', channel, id: this.id() });
    };
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
    this.setStatus('closed');
  }

  private connect(): void {
    const token = this.token();
    if (this.closed || !token) return;
    const separator = this.url.includes('?') ? '&' : '?';
    if (this.status === 'idle') this.setStatus('connecting');
    const socket = new WebSocket(`${this.url}${separator}token=${encodeURIComponent(token)}`);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.setStatus('open');
      for (const subscription of this.subscriptions.values()) this.sendSubscribe(subscription);
    };
    socket.onmessage = (event) => this.receive(String(event.data), event.timeStamp);
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.closed) return;
      this.setStatus('reconnecting');
      const delay = BACKOFF_MS[Math.min(this.attempt++, BACKOFF_MS.length - 1)]!;
      setTimeout(() => this.connect(), delay);
    };
  }

  /** One message, which arrived at `arrivedAt` (the event's time on the page's performance clock). */
  private receive(raw: string, arrivedAt?: number): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(raw) as ServerMessage;
    } catch {
      return;
    }
    const subscription = message.channel ? this.subscriptions.get(message.channel) : undefined;
    if (subscription && message.type === 'snapshot') markSnapshot(subscription.channel, message.data, arrivedAt);
    if (message.type === 'error') {
      const target = subscription ?? [...this.subscriptions.values()].find((s) => s.channel === message.id?.split('#')[0]);
      target?.handlers.error?.(message.code ?? 'error', message.message ?? 'error');
      return;
    }
    if (!subscription || typeof message.seq !== 'number') return;
    const { sequencer } = subscription;
    const applied = message.type === 'snapshot' ? sequencer.snapshot(message.seq, message.data) : sequencer.update(message.seq, message.data);
    for (const item of applied) subscription.handlers.apply(item);
    this.watchGap(subscription);
  }

  /** Held updates that are not filled in soon (or too many) mean a lost update: subscribe again. */
  private watchGap(subscription: Subscription): void {
    const { sequencer } = subscription;
    if (!sequencer.waiting) {
      clearTimeout(subscription.gapTimer);
      subscription.gapTimer = undefined;
      return;
    }
    if (sequencer.overflowing) {
      this.resubscribe(subscription);
      return;
    }
    subscription.gapTimer ??= setTimeout(() => {
      subscription.gapTimer = undefined;
      if (sequencer.waiting) this.resubscribe(subscription);
    }, GAP_WAIT_MS);
  }

  private resubscribe(subscription: Subscription): void {
    clearTimeout(subscription.gapTimer);
    subscription.gapTimer = undefined;
    subscription.sequencer.reset();
    this.sendSubscribe(subscription);
  }

  private sendSubscribe(subscription: Subscription): void {
    subscription.sequencer.reset();
    this.send({ action: 'subscribe', channel: subscription.channel, id: `${subscription.channel}#${this.id()}` });
  }

  private send(frame: Record<string, string>): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  private id(): string {
    return String(++this.nextId);
  }

  private setStatus(status: SocketStatus): void {
    this.status = status;
    for (const listener of this.listeners) listener(status);
  }
}

/** Marks a snapshot's first part on the performance timeline (nothing where the page has no User Timing). */
function markSnapshot(channel: string, data: unknown, arrivedAt: number | undefined): void {
  if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  const part = (data as { part?: unknown } | null)?.part;
  if (typeof part === 'number' && part > 1) return;
  const name = `${SNAPSHOT_MARK}${channel}`;
  performance.clearMarks(name);
  performance.mark(name, typeof arrivedAt === 'number' && arrivedAt > 0 ? { startTime: arrivedAt } : undefined);
}
