// One submission: status timeline, score, per-task results, the trace as a waterfall and the live
// log (`submission:{id}`), which follows new lines until the user scrolls up.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useApp } from '../app.ts';
import { atLeast } from '../auth/token.ts';
import { useChannel } from '../realtime/use-channel.ts';
import { useLoad } from '../ui/hooks.ts';
import { Badge, ErrorBox, Link, Loading, Section, score, time } from '../ui/parts.tsx';
import { type Span, waterfall } from '../views/trace.ts';

interface Submission {
  submission_id: string;
  benchmark_id: string;
  agent_id: string;
  version: number;
  status: string;
  score: number | null;
  confidence_interval: { low: number; high: number } | null;
  results: { task_id: string; score: number; weight: number; answered: boolean; detail?: string }[] | null;
  failure_reason: string | null;
  transitions: { status: string; at: string }[];
}

interface Trace {
  spans: Span[];
  totals: { span_count: number; input_tokens: number; output_tokens: number; cost_usd: number };
}

/** Lines of log read back when the page opens; later ones stream in. */
const MAX_LOG_LINES = 2000;

interface LogLine {
  ts: string;
  level: string;
  message: string;
}

export function SubmissionPage({ id }: { id: string }) {
  const { api, role } = useApp();
  const path = `/v1/submissions/${encodeURIComponent(id)}`;
  const submission = useLoad(() => api.get<Submission>(path), [id]);
  const trace = useLoad(() => api.get<Trace>(`${path}/traces`), [id]);
  const [lines, setLines] = useState<LogLine[]>([]);
  const [actionError, setActionError] = useState<unknown>(null);
  const loadLogs = useLoad(async () => {
    // The log so far, page by page (200 a page), up to MAX_LOG_LINES; the channel brings what follows.
    const items: LogLine[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: LogLine[]; next_cursor: string | null } = await api.get(
        `${path}/logs?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      items.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor && items.length < MAX_LOG_LINES);
    return { items };
  }, [id]);
  useEffect(() => setLines(loadLogs.data?.items ?? []), [loadLogs.data]);
  const channelError = useChannel(`submission:${id}`, (applied) => {
    const data = applied.data as { kind?: string; lines?: LogLine[] };
    if (applied.type === 'update' && data.kind === 'log' && data.lines) {
      const added = data.lines;
      setLines((previous) => [...previous, ...added]);
      trace.reload(); // an agent posting log lines is usually posting spans too
    } else if (
      applied.type === 'update' ||
      (applied.type === 'snapshot' && submission.data && (applied.data as { status?: string }).status !== submission.data.status)
    ) {
      submission.reload();
    }
  });
  const s = submission.data;
  const act = (action: 'cancel' | 'rescore') => {
    setActionError(null);
    api.send('POST', `${path}/${action}`).then(submission.reload, setActionError);
  };
  return (
    <>
      <ErrorBox error={submission.error} />
      {!s && submission.loading ? <Loading what="the submission" /> : null}
      {s ? (
        <>
          <h1>
            Submission <code>{s.submission_id}</code> <Badge value={s.status} />
          </h1>
          <dl class="facts">
            <dt>Benchmark</dt>
            <dd>
              <Link href={`/benchmarks/${s.benchmark_id}`}>{s.benchmark_id}</Link> (version {s.version})
            </dd>
            <dt>Agent</dt>
            <dd>
              <code>{s.agent_id}</code>
            </dd>
            <dt>Score</dt>
            <dd data-testid="score">
              {score(s.score)}
              {s.confidence_interval ? ` (95%: ${score(s.confidence_interval.low)} – ${score(s.confidence_interval.high)})` : ''}
            </dd>
            {s.failure_reason ? (
              <>
                <dt>Failure</dt>
                <dd>{s.failure_reason}</dd>
              </>
            ) : null}
          </dl>
          {atLeast(role, 'maintainer') ? (
            <div class="actions">
              {s.status === 'queued' ? (
                <button type="button" onClick={() => act('cancel')}>
                  Cancel
                </button>
              ) : null}
              {s.status === 'scored' || s.status === 'failed' ? (
                <button type="button" onClick={() => act('rescore')}>
                  Rescore
                </button>
              ) : null}
            </div>
          ) : null}
          <ErrorBox error={actionError} />
          <Section title="Timeline">
            <ol class="timeline">
              {s.transitions.map((t) => (
                <li key={`${t.status}${t.at}`}>
                  <Badge value={t.status} /> {time(t.at)}
                </li>
              ))}
            </ol>
          </Section>
          <Results results={s.results} />
        </>
      ) : null}
      <Section title="Trace">
        <ErrorBox error={trace.error} />
        {trace.data ? <Waterfall trace={trace.data} /> : <Loading what="the trace" />}
      </Section>
      <Section title="Log" actions={<span class="muted small">live</span>}>
        {channelError ? <ErrorBox error={new Error(channelError)} /> : null}
        <ErrorBox error={loadLogs.error} />
        <LiveLog lines={lines} />
      </Section>
    </>
  );
}

function Results({ results }: { results: Submission['results'] }) {
  if (!results) return null;
  return (
    <Section title="Per-task results">
      <table data-testid="results">
        <thead>
          <tr>
            <th scope="col">Task</th>
            <th scope="col">Score</th>
            <th scope="col">Weight</th>
            <th scope="col">Answered</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => (
            <tr key={r.task_id}>
              <td>
                <code>{r.task_id}</code>
              </td>
              <td class="num">{r.score}</td>
              <td class="num">{r.weight}</td>
              <td>{r.answered ? 'yes' : 'no'}</td>
              <td>{r.detail ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function Waterfall({ trace }: { trace: Trace }) {
  const rows = waterfall(trace.spans);
  if (rows.length === 0) return <p class="muted">No spans recorded.</p>;
  const { totals } = trace;
  return (
    <>
      <p class="small">
        {totals.span_count} spans · {totals.input_tokens} input tokens · {totals.output_tokens} output tokens · ${totals.cost_usd.toFixed(4)}
      </p>
      <div class="waterfall" data-testid="waterfall">
        {rows.map((row) => (
          <div class="span-row" key={row.span.span_id}>
            <div class="span-name" style={{ paddingLeft: `${row.depth * 1.2}em` }}>
              {row.span.name} <span class="muted small">{row.span.kind}</span>
            </div>
            <div class="span-track">
              <div
                class={`span-bar span-${row.span.status}`}
                style={{ marginLeft: `${row.offset * 100}%`, width: `${row.width * 100}%` }}
                title={`${row.span.name}: ${row.durationMs ?? '…'} ms`}
              />
            </div>
            <div class="span-ms num">{row.durationMs === null ? 'open' : `${row.durationMs} ms`}</div>
          </div>
        ))}
      </div>
    </>
  );
}

/** The log, following new lines while the user is at the bottom; scrolling up stops following. */
function LiveLog({ lines }: { lines: LogLine[] }) {
  const box = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(true);
  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines, follow]);
  return (
    <>
      <div
        class="log"
        ref={box}
        role="log"
        aria-label="Submission log"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable log must be reachable by keyboard (axe: scrollable-region-focusable)
        tabIndex={0}
        data-testid="log"
        onScroll={(e) => {
          const el = e.currentTarget;
          setFollow(el.scrollHeight - el.scrollTop - el.clientHeight < 8);
        }}
      >
        {lines.length === 0 ? <p class="muted">No log lines yet.</p> : null}
        {lines.map((line, i) => (
          <div key={`${i}`} class={`log-line log-${line.level}`}>
            <span class="muted">{line.ts.slice(11, 23)}</span> <span class="level">{line.level}</span> {line.message}
          </div>
        ))}
      </div>
      {follow ? null : (
        <button type="button" class="small" onClick={() => setFollow(true)}>
          Follow new lines
        </button>
      )}
    </>
  );
}
