// One channel subscription's ordering (README "Real-time: WebSocket channels"): a snapshot, then
// updates applied in `seq` order, each once. Updates may arrive before the snapshot or twice (drop
// what has been seen); one ahead of the next expected seq waits for the missing one, and if it never
// comes the channel has a gap: the client subscribes again for a fresh snapshot. Pure.

export type Applied = { type: 'snapshot'; seq: number; data: unknown } | { type: 'update'; seq: number; data: unknown };

/** Updates held this far ahead of the expected seq mean a gap at once, without waiting. */
export const MAX_HELD = 50;

export class ChannelSequencer {
  /** The seq of the last thing applied (the snapshot's, then each update's); null before the snapshot. */
  private last: number | null = null;
  private readonly held = new Map<number, unknown>();

  get applied(): number | null {
    return this.last;
  }

  /** Updates waiting for an earlier seq: a gap unless that one arrives soon. */
  get waiting(): boolean {
    return this.last !== null && this.held.size > 0;
  }

  /** Too many held: the missing update is not coming. */
  get overflowing(): boolean {
    return this.held.size > MAX_HELD;
  }

  snapshot(seq: number, data: unknown): Applied[] {
    this.last = seq;
    const applied: Applied[] = [{ type: 'snapshot', seq, data }];
    for (const held of [...this.held.keys()]) if (held <= seq) this.held.delete(held);
    return applied.concat(this.drain());
  }

  update(seq: number, data: unknown): Applied[] {
    if (this.last !== null && seq <= this.last) return []; // seen already (or older than the snapshot)
    this.held.set(seq, data);
    return this.last === null ? [] : this.drain();
  }

  /** Forget everything: a new subscription follows. */
  reset(): void {
    this.last = null;
    this.held.clear();
  }

  private drain(): Applied[] {
    const out: Applied[] = [];
    while (this.last !== null && this.held.has(this.last + 1)) {
      const seq = this.last + 1;
      out.push({ type: 'update', seq, data: this.held.get(seq) });
      this.held.delete(seq);
      this.last = seq;
    }
    return out;
  }
}
