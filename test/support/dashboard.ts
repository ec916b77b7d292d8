// A dashboard for integration tests: a real `ws` client on the twin's WebSocket API that keeps
// every message it receives, with the protocol's requests (subscribe, ping…) and waits.
import WebSocket from 'ws';
import { until, type Json } from './twin-api.ts';

/** A dashboard: a real ws client that keeps every message it receives. */
export class Dashboard {
  readonly messages: Json[] = [];
  readonly sizes: number[] = [];
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (raw) => {
      const text = String(raw);
      this.sizes.push(Buffer.byteLength(text));
      this.messages.push(JSON.parse(text));
    });
  }

  /** Connects to the twin's WebSocket API (`twin.wsUrl`) with a token or an agent key. */
  static open(wsUrl: string, credential: string): Promise<Dashboard> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`${wsUrl}?token=${encodeURIComponent(credential)}`);
      socket.once('open', () => resolve(new Dashboard(socket)));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      socket.once('error', reject);
    });
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first message (from `from` on) that matches; waits for it. */
  waitFor(match: (message: Json) => boolean, timeoutMs = 15_000, from = 0): Promise<Json> {
    return until(async () => this.messages.slice(from).find(match), timeoutMs);
  }

  /** Sends a frame and waits for the answer echoing its id (ack, pong or error). */
  async request(frame: { action: string; channel?: string; id: string }): Promise<Json> {
    const from = this.messages.length;
    this.send(frame);
    return this.waitFor((m) => m.id === frame.id, 15_000, from);
  }

  async subscribe(channel: string, id = `sub-${channel}`): Promise<{ ack: Json; snapshot: Json }> {
    const from = this.messages.length;
    const ack = await this.request({ action: 'subscribe', channel, id });
    if (ack.type !== 'ack') return { ack, snapshot: undefined };
    const snapshot = await this.waitFor((m) => m.type === 'snapshot' && m.channel === channel, 15_000, from);
    return { ack, snapshot };
  }

  updates(channel: string): Json[] {
    return this.messages.filter((m) => m.type === 'update' && m.channel === channel);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
