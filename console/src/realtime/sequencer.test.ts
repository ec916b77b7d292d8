import { describe, expect, it } from 'vitest';
import { ChannelSequencer, MAX_HELD } from './sequencer.ts';

const seqs = (applied: { type: string; seq: number }[]) => applied.map((a) => `${a.type}:${a.seq}`);

describe('ChannelSequencer', () => {
  it('applies the snapshot, then updates in seq order', () => {
    const s = new ChannelSequencer();
    expect(seqs(s.snapshot(4, {}))).toEqual(['snapshot:4']);
    expect(seqs(s.update(5, 'a'))).toEqual(['update:5']);
    expect(seqs(s.update(6, 'b'))).toEqual(['update:6']);
    expect(s.applied).toBe(6);
    expect(s.waiting).toBe(false);
  });

  it('holds updates that arrive before the snapshot, dropping those the snapshot already contains', () => {
    const s = new ChannelSequencer();
    expect(s.update(4, 'old')).toEqual([]);
    expect(s.update(6, 'new')).toEqual([]);
    expect(s.update(5, 'mid')).toEqual([]);
    const applied = s.snapshot(4, { board: true });
    expect(seqs(applied)).toEqual(['snapshot:4', 'update:5', 'update:6']);
    expect(applied.map((a) => a.data)).toEqual([{ board: true }, 'mid', 'new']);
  });

  it('drops an update seen twice and one older than the snapshot', () => {
    const s = new ChannelSequencer();
    s.snapshot(10, {});
    expect(seqs(s.update(11, 'x'))).toEqual(['update:11']);
    expect(s.update(11, 'x again')).toEqual([]);
    expect(s.update(9, 'older')).toEqual([]);
    expect(s.applied).toBe(11);
  });

  it('waits on a gap, and applies in order once the missing update arrives', () => {
    const s = new ChannelSequencer();
    s.snapshot(1, {});
    expect(s.update(3, 'c')).toEqual([]);
    expect(s.waiting).toBe(true);
    expect(seqs(s.update(2, 'b'))).toEqual(['update:2', 'update:3']);
    expect(s.waiting).toBe(false);
  });

  it('says a gap is not going to fill when too many updates wait behind it', () => {
    const s = new ChannelSequencer();
    s.snapshot(1, {});
    for (let seq = 3; seq <= MAX_HELD + 2; seq++) s.update(seq, seq);
    expect(s.overflowing).toBe(false);
    s.update(MAX_HELD + 3, 'one more');
    expect(s.overflowing).toBe(true);
  });

  it('starts afresh after a reset: a new snapshot with a lower seq is taken as it comes', () => {
    const s = new ChannelSequencer();
    s.snapshot(8, {});
    s.update(10, 'after a gap');
    s.reset();
    expect(s.applied).toBeNull();
    expect(s.waiting).toBe(false);
    expect(seqs(s.snapshot(12, {}))).toEqual(['snapshot:12']);
    expect(seqs(s.update(13, 'next'))).toEqual(['update:13']);
  });
});
