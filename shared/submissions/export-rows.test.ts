import { describe, expect, it } from 'vitest';
import { csvField, csvHeader, envelopeBytes, ExportBody, type ExportedSubmission, exportLine, exportRow } from './export-rows.ts';

const scored: ExportedSubmission = {
  submissionId: 'sub_1',
  agentId: 'agt_1',
  version: 2,
  status: 'scored',
  score: 0.75,
  publicScore: null,
  confidenceInterval: { low: 0.5, high: 1 },
  usage: null,
  transitions: [
    { status: 'queued', at: '2026-12-04T10:00:00.000Z' },
    { status: 'scoring', at: '2026-12-04T10:00:01.000Z' },
    { status: 'scored', at: '2026-12-04T10:00:02.000Z' },
    { status: 'queued', at: '2026-12-04T11:00:00.000Z' },
    { status: 'scoring', at: '2026-12-04T11:00:01.000Z' },
    { status: 'scored', at: '2026-12-04T11:00:02.000Z' },
  ],
  createdAt: '2026-12-04T10:00:00.000Z',
};

describe('exportRow', () => {
  it('has every column; public_score is the score until part 4 stores one; no usage yet', () => {
    expect(exportRow(scored, 'Solver')).toEqual({
      submission_id: 'sub_1',
      agent_id: 'agt_1',
      agent_name: 'Solver',
      version: 2,
      status: 'scored',
      score: 0.75,
      public_score: 0.75,
      ci_low: 0.5,
      ci_high: 1,
      cost_usd: null,
      input_tokens: null,
      output_tokens: null,
      created_at: '2026-12-04T10:00:00.000Z',
      scored_at: '2026-12-04T11:00:02.000Z',
    });
  });

  it('reads a stored public_score and usage when there are some', () => {
    const row = exportRow({ ...scored, publicScore: 0.5, usage: { cost_usd: 0.012, input_tokens: 1200, output_tokens: 80 } }, null);
    expect(row).toMatchObject({ agent_name: null, public_score: 0.5, cost_usd: 0.012, input_tokens: 1200, output_tokens: 80 });
    expect(exportRow({ ...scored, usage: { input_tokens: 5 } }, null)).toMatchObject({ cost_usd: null, input_tokens: 5, output_tokens: null });
  });

  it('leaves score and its interval empty for a caller who may not see full scores yet (hidden test sets)', () => {
    expect(exportRow({ ...scored, publicScore: 0.5 }, 'S', true)).toMatchObject({ score: null, public_score: 0.5, ci_low: null, ci_high: null });
  });

  it('shows no interval nor scored_at while not scored (a rescore in progress, a queued one)', () => {
    const rescoring = { ...scored, status: 'queued' as const };
    expect(exportRow(rescoring, 'S')).toMatchObject({ score: 0.75, ci_low: null, ci_high: null, scored_at: null });
    const queued = { ...scored, status: 'queued' as const, score: null, confidenceInterval: null, transitions: scored.transitions.slice(0, 1) };
    expect(exportRow(queued, 'S')).toMatchObject({ score: null, public_score: null, ci_low: null, scored_at: null });
  });
});

describe('CSV (RFC 4180)', () => {
  it('quotes a field with a comma, quote, CR or LF, doubling quotes; null is empty', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField('lf\n')).toBe('"lf\n"');
    expect(csvField(null)).toBe('');
    expect(csvField(0.125)).toBe('0.125');
  });

  it('defuses a text a spreadsheet would run as a formula, and leaves numbers alone', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField('+1+1')).toBe("'+1+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField('\rcmd')).toBe('"\'\rcmd"');
    expect(csvField('agent-1 = good')).toBe('agent-1 = good');
    expect(csvField(-0.5)).toBe('-0.5');
  });

  it('writes the header and each row in the column order, ending lines with CRLF', () => {
    expect(csvHeader()).toBe(
      'submission_id,agent_id,agent_name,version,status,score,public_score,ci_low,ci_high,cost_usd,input_tokens,output_tokens,created_at,scored_at\r\n',
    );
    expect(exportLine(exportRow(scored, 'Solver, "the" best'), 'csv')).toBe(
      'sub_1,agt_1,"Solver, ""the"" best",2,scored,0.75,0.75,0.5,1,,,,2026-12-04T10:00:00.000Z,2026-12-04T11:00:02.000Z\r\n',
    );
  });
});

describe('JSON Lines', () => {
  it('writes one object per line, with nulls', () => {
    const line = exportLine(exportRow(scored, 'a\nb'), 'jsonl');
    expect(line.endsWith('}\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(exportRow(scored, 'a\nb'));
  });
});

describe('ExportBody', () => {
  it('counts bytes as the Lambda response’s JSON string does: escapes and UTF-8', () => {
    expect(envelopeBytes('ab')).toBe(2);
    expect(envelopeBytes('"\r\n')).toBe(6); // \" \r \n
    expect(envelopeBytes('é')).toBe(2);
  });

  it('stops before a line that would pass the budget, but always takes one row', () => {
    const line = exportLine(exportRow(scored, 'S'), 'jsonl');
    const body = new ExportBody('jsonl', envelopeBytes(line) * 2 + 1);
    expect([body.add(exportRow(scored, 'S')), body.add(exportRow(scored, 'S')), body.add(exportRow(scored, 'S'))]).toEqual([true, true, false]);
    expect(body.rows).toBe(2);
    expect(body.text).toBe(line + line);
    const tiny = new ExportBody('csv', 1);
    expect([tiny.add(exportRow(scored, 'S')), tiny.add(exportRow(scored, 'S'))]).toEqual([true, false]);
    expect(tiny.text).toBe(csvHeader() + exportLine(exportRow(scored, 'S'), 'csv'));
  });
});
