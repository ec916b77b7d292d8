import { describe, expect, it } from 'vitest';
import { apiErrorOf } from '../api/client.ts';
import { parseConfig } from '../config.ts';
import { matchRoute } from '../routes.ts';
import { applyEntry, boardFromSnapshot, liveBoardAfter, withFirstPage } from './leaderboard.ts';
import { fieldErrors } from './field-errors.ts';
import { wallRows } from './monitoring.ts';
import { waterfall } from './trace.ts';

const entry = (agent_id: string, score: number, achieved_at: string) => ({ rank: 0, agent_id, score, submission_id: `sub_${agent_id}`, achieved_at });

describe('leaderboard view', () => {
  const snapshot = {
    version: 2,
    leaderboard_rule: 'best',
    items: [entry('a', 0.5, '2026-01-01T00:00:00Z'), entry('b', 0.9, '2026-01-02T00:00:00Z')],
  };

  it('ranks the snapshot by score, higher first', () => {
    const board = boardFromSnapshot(snapshot, null);
    expect(board.entries.map((e) => [e.rank, e.agent_id])).toEqual([
      [1, 'b'],
      [2, 'a'],
    ]);
  });

  it('adds a later part of a split snapshot to the first', () => {
    const first = boardFromSnapshot({ ...snapshot, part: 1, parts: 2 }, null);
    const both = boardFromSnapshot({ ...snapshot, items: [entry('c', 0.7, '2026-01-03T00:00:00Z')], part: 2, parts: 2 }, first);
    expect(both.entries.map((e) => e.agent_id)).toEqual(['b', 'c', 'a']);
  });

  it('puts a new agent in its place and moves an improved one up (rule best)', () => {
    let board = boardFromSnapshot(snapshot, null);
    board = applyEntry(board, { agent_id: 'c', score: 0.7, version: 2, submission_id: 'sub_c' }, '2026-01-05T00:00:00Z');
    expect(board.entries.map((e) => `${e.rank}:${e.agent_id}`)).toEqual(['1:b', '2:c', '3:a']);
    board = applyEntry(board, { agent_id: 'a', score: 1, version: 2, submission_id: 'sub_a2' }, '2026-01-06T00:00:00Z');
    expect(board.entries.map((e) => `${e.rank}:${e.agent_id}`)).toEqual(['1:a', '2:b', '3:c']);
  });

  it('keeps the best score under rule best, the latest under rule latest', () => {
    const best = applyEntry(boardFromSnapshot(snapshot, null), { agent_id: 'b', score: 0.1, version: 2, submission_id: 'sub_b2' }, 'x');
    expect(best.entries.find((e) => e.agent_id === 'b')?.score).toBe(0.9);
    const latest = applyEntry(
      boardFromSnapshot({ ...snapshot, leaderboard_rule: 'latest' }, null),
      { agent_id: 'b', score: 0.1, version: 2, submission_id: 'sub_b2' },
      '2026-02-01T00:00:00Z',
    );
    expect(latest.entries.map((e) => `${e.agent_id}:${e.score}`)).toEqual(['a:0.5', 'b:0.1']);
  });

  it('leaves the board alone for another version or an update without a score', () => {
    const board = boardFromSnapshot(snapshot, null);
    expect(applyEntry(board, { agent_id: 'c', score: 1, version: 1, submission_id: 's' }, 'x')).toBe(board);
    expect(applyEntry(board, { agent_id: 'c', score: null, version: 2, submission_id: 's' }, 'x')).toBe(board);
  });

  it("shows the API's page until the snapshot arrives, then the snapshot and the updates after it", () => {
    const page = { ...snapshot, items: [entry('a', 0.5, '2026-01-01T00:00:00Z')] };
    const first = withFirstPage(null, page);
    expect(first.live).toBe(false);
    expect(first.board.entries.map((e) => e.agent_id)).toEqual(['a']);
    const live = liveBoardAfter(first, { type: 'snapshot', data: snapshot }, 'x')!;
    expect(live.live).toBe(true);
    expect(live.board.entries.map((e) => e.agent_id)).toEqual(['b', 'a']);
    const updated = liveBoardAfter(
      live,
      { type: 'update', data: { agent_id: 'c', score: 0.7, version: 2, submission_id: 'sub_c' } },
      '2026-01-05T00:00:00Z',
    )!;
    expect(updated.board.entries.map((e) => e.agent_id)).toEqual(['b', 'c', 'a']);
    expect(withFirstPage(updated, page)).toBe(updated); // a page arriving after the snapshot is older news: ignored
  });

  it('takes the snapshot when it arrives before the page, and applies no update to the page alone', () => {
    const live = liveBoardAfter(null, { type: 'snapshot', data: snapshot }, 'x')!;
    expect(withFirstPage(live, { ...snapshot, items: [] })).toBe(live);
    const first = withFirstPage(null, snapshot);
    expect(liveBoardAfter(first, { type: 'update', data: { agent_id: 'c', score: 1, version: 2, submission_id: 's' } }, 'x')).toBe(first);
  });

  it('breaks ties by who reached the score first', () => {
    const board = applyEntry(
      boardFromSnapshot(snapshot, null),
      { agent_id: 'c', score: 0.9, version: 2, submission_id: 's' },
      '2027-01-01T00:00:00Z',
    );
    expect(board.entries.map((e) => e.agent_id)).toEqual(['b', 'c', 'a']);
  });
});

describe('monitoring wall', () => {
  const byLocation = { paris: { support: { busy: 2, idle: 1 }, sales: { online: 1 } }, lyon: { support: { error: 1 } } };
  it('flattens location × group with every status counted', () => {
    const rows = wallRows(byLocation);
    expect(rows.map((r) => `${r.location}/${r.group}:${r.total}`)).toEqual(['lyon/support:1', 'paris/sales:1', 'paris/support:3']);
    expect(rows[2]!.counts).toEqual({ online: 0, busy: 2, idle: 1, error: 0, offline: 0 });
  });
  it('filters by location and by group text', () => {
    expect(wallRows(byLocation, { location: 'paris', group: 'SUP' }).map((r) => r.group)).toEqual(['support']);
  });
});

describe('trace waterfall', () => {
  it('flattens the span tree depth first with offsets and widths as fractions of the trace', () => {
    const span = (id: string, from: string, to: string | null, children: any[] = []) => ({
      span_id: id,
      name: id,
      kind: 'llm',
      status: 'ok',
      started_at: `2026-12-04T10:00:0${from}Z`,
      ended_at: to === null ? null : `2026-12-04T10:00:0${to}Z`,
      input_tokens: null,
      output_tokens: null,
      cost_usd: null,
      children,
    });
    const rows = waterfall([span('root', '0', '4', [span('child', '1', '3'), span('open', '2', null)])]);
    expect(rows.map((r) => [r.span.span_id, r.depth, r.offset, r.width, r.durationMs])).toEqual([
      ['root', 0, 0, 1, 4000],
      ['child', 1, 0.25, 0.5, 2000],
      ['open', 1, 0.5, 0.5, null],
    ]);
    expect(waterfall([])).toEqual([]);
  });
});

describe('API errors', () => {
  it('carry the envelope message and the correlation id', () => {
    const error = apiErrorOf(
      400,
      'hdr-id',
      JSON.stringify({ error: { code: 'validation_failed', message: 'bad agent_id', correlation_id: 'body-id', details: [1] } }),
    );
    expect([error.status, error.code, error.message, error.correlationId]).toEqual([400, 'validation_failed', 'bad agent_id', 'body-id']);
    expect(error.fields).toEqual({ details: [1] });
  });
  it("fall back to the header's correlation id and API Gateway's own message", () => {
    const error = apiErrorOf(401, 'hdr-id', '{"message":"Unauthorized"}');
    expect([error.code, error.message, error.correlationId]).toEqual(['http_401', 'Unauthorized', 'hdr-id']);
    expect(apiErrorOf(502, null, '<html>').message).toBe('HTTP 502');
  });
});

describe('config.json', () => {
  it('takes the fields, trims the API URL and allows fragment tokens only when said so', () => {
    expect(parseConfig({ api_url: 'http://127.0.0.1:3000/', websocket_url: 'ws://x/prod' })).toEqual({
      api_url: 'http://127.0.0.1:3000',
      websocket_url: 'ws://x/prod',
      cognito_domain: null,
      client_id: null,
      region: null,
      allow_fragment_token: false,
    });
    expect(parseConfig({ api_url: '', websocket_url: 'ws://x', allow_fragment_token: 'true' })).toMatchObject({
      api_url: '',
      allow_fragment_token: false,
    });
    expect(parseConfig({ websocket_url: 'ws://x' })).toBeInstanceOf(Error);
    expect(parseConfig(null)).toBeInstanceOf(Error);
  });
});

describe('deep links', () => {
  it('name their pages', () => {
    expect(matchRoute('/')).toEqual({ page: 'benchmarks' });
    expect(matchRoute('/benchmarks/bm_1')).toEqual({ page: 'benchmark', id: 'bm_1' });
    expect(matchRoute('/submissions/sub_1/')).toEqual({ page: 'submission', id: 'sub_1' });
    for (const page of ['agents', 'monitoring', 'integrations', 'operations', 'api']) expect(matchRoute(`/${page}`)).toEqual({ page });
    expect(matchRoute('/nope')).toEqual({ page: 'not-found', path: '/nope' });
  });
});

describe('form field errors', () => {
  it("put each of the API's validation problems beside the field it concerns", () => {
    const details = [
      { location: 'body', path: 'tasks.1.scorer', message: 'pattern is not a valid regular expression' },
      { location: 'body', path: 'tasks.0.task_id', message: 'duplicate task_id a' },
      { location: 'body', path: 'name', message: 'Too small' },
      { location: 'body', path: '', message: 'Unknown field x' },
      { location: 'query', path: 'limit', message: 'ignored: not a form field' },
    ];
    expect(fieldErrors(details)).toEqual({
      tasks: ['1.scorer: pattern is not a valid regular expression', '0.task_id: duplicate task_id a'],
      name: ['Too small'],
      _form: ['Unknown field x'],
    });
    expect(fieldErrors(undefined)).toEqual({});
    expect(fieldErrors({ unknown_task_ids: ['x'] })).toEqual({});
  });
});
