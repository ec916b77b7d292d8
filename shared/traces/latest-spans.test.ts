import { describe, expect, it } from 'vitest';
import { testSpan } from '../../test/support/spans.ts';
import { LatestSpans } from './latest-spans.ts';
import { spanView, type Span } from './span.ts';

const span = (spanId: string, version = 1, extra: Partial<Span> = {}): Span =>
  testSpan(spanId, { name: `${spanId} v${version}`, kind: 'tool', ...extra });

const offerAll = (latest: LatestSpans, spans: Span[]) => spans.map((s) => latest.offer(s));
const names = (latest: LatestSpans) => latest.spans.map((s) => s.name);

describe('LatestSpans', () => {
  it('keeps the first sight of each span_id: offered newest append first, its latest version', () => {
    const latest = new LatestSpans();
    // Newest append first: b v2 replaced b v1; c was only in the oldest append.
    offerAll(latest, [span('b', 2), span('a', 2), span('a', 1), span('b', 1), span('c', 1)]);
    expect(names(latest)).toEqual(['b v2', 'a v2', 'c v1']);
    expect(latest.truncated).toBe(false);
  });

  it('adds nothing for a retried append (the same spans again)', () => {
    const append = [span('x'), span('y')];
    const latest = new LatestSpans();
    offerAll(latest, [...append, ...append, ...append]);
    expect(latest.spans).toHaveLength(2);
  });

  it('stops at maxSpans distinct spans, truncated only when a further distinct span exists', () => {
    const exact = new LatestSpans({ maxSpans: 2, maxBytes: Number.POSITIVE_INFINITY });
    expect(offerAll(exact, [span('a'), span('b'), span('a', 0), span('b', 0)])).toEqual([true, true, true, true]);
    expect(exact.truncated).toBe(false);

    const over = new LatestSpans({ maxSpans: 2, maxBytes: Number.POSITIVE_INFINITY });
    expect(offerAll(over, [span('a'), span('b'), span('a', 0), span('c'), span('d')])).toEqual([true, true, true, false, false]);
    expect(over.truncated).toBe(true);
    expect(names(over)).toEqual(['a v1', 'b v1']);
  });

  it('stops at about maxBytes of the spans as the API shows them, older versions not counted', () => {
    const size = Buffer.byteLength(JSON.stringify(spanView(span('a'))));
    const latest = new LatestSpans({ maxSpans: 100, maxBytes: size * 2 });
    offerAll(latest, [span('a'), span('a', 0), span('a', 0), span('b'), span('c')]);
    expect(names(latest)).toEqual(['a v1', 'b v1']);
    expect(latest.truncated).toBe(true);
  });
});
