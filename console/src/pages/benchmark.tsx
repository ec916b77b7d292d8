// One benchmark: its live leaderboard (`leaderboard:{id}`), the version picker, its rule, daily
// limit and tasks, and its submissions with filters. The benchmark and the board (its first page over
// HTTP and the channel's snapshot, whichever comes first) are asked for at once; the versions and the
// submissions list, below the board, once the board has its data (on the twin every request is a
// Lambda invocation on the same two cores: the board's goes first). Each part shows when it arrives.
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../app.ts';
import { BenchmarkForm } from './benchmark-form.tsx';
import { atLeast } from '../auth/token.ts';
import { useChannel } from '../realtime/use-channel.ts';
import { type BoardEntry, type LiveBoard, liveBoardAfter, withFirstPage } from '../views/leaderboard.ts';
import { useLoad } from '../ui/hooks.ts';
import { Badge, ErrorBox, Link, Loading, Section, score, time } from '../ui/parts.tsx';

interface Task {
  task_id: string;
  input: unknown;
  expected?: unknown;
  scorer: { type: string };
  weight?: number;
}

interface Benchmark {
  benchmark_id: string;
  name: string;
  description?: string | null;
  status: string;
  version: number;
  leaderboard_rule: 'best' | 'latest';
  daily_submission_limit: number;
  tasks: Task[];
}

export function BenchmarkPage({ id }: { id: string }) {
  const { api, role } = useApp();
  const [editing, setEditing] = useState(false);
  const benchmark = useLoad(() => api.get<Benchmark>(`/v1/benchmarks/${encodeURIComponent(id)}`), [id]);
  // The board first: what only fills the version picker and the list below it is asked for once the board has its data.
  const [boardIn, setBoardIn] = useState(false);
  const versions = useLoad(
    () =>
      boardIn
        ? api.get<{ items: { version: number; created_at: string }[] }>(`/v1/benchmarks/${encodeURIComponent(id)}/versions`)
        : Promise.resolve(undefined),
    [id, boardIn],
  );
  const [picked, setPicked] = useState<number | null>(null);
  // Bumped by each leaderboard update: the submissions list reads again when a submission is scored.
  const [scored, setScored] = useState(0);
  const b = benchmark.data;
  const current = picked === null || picked === b?.version;
  // A benchmark the API refuses (not found, forbidden) shows its error alone, not the board's and the list's too.
  const refused = !b && !!benchmark.error;
  const listShown = !refused && (boardIn || !current);
  return (
    <>
      <ErrorBox error={benchmark.error} />
      {!b && benchmark.loading ? <Loading what="the benchmark" /> : null}
      {b ? (
        <>
          <div class="section-head">
            <h1>{b.name}</h1>
            {atLeast(role, 'maintainer') && !editing ? (
              <button type="button" onClick={() => setEditing(true)}>
                Edit
              </button>
            ) : null}
          </div>
          {editing ? (
            <BenchmarkForm
              existing={{ ...b, description: b.description ?? '' }}
              onDone={() => {
                setEditing(false);
                benchmark.reload();
              }}
            />
          ) : null}
          {b.description ? <p>{b.description}</p> : null}
          <dl class="facts">
            <dt>Status</dt>
            <dd>{b.status}</dd>
            <dt>Rule</dt>
            <dd>{b.leaderboard_rule}</dd>
            <dt>Daily limit</dt>
            <dd>{b.daily_submission_limit} per agent</dd>
            <dt>
              <label for="version-picker">Version</label>
            </dt>
            <dd>
              <select
                id="version-picker"
                value={String(picked ?? b.version)}
                onChange={(e) => setPicked(Number((e.target as HTMLSelectElement).value))}
              >
                {(versions.data?.items ?? [{ version: b.version, created_at: '' }]).map((v) => (
                  <option key={v.version} value={String(v.version)}>
                    {v.version}
                    {v.version === b.version ? ' (current)' : ''}
                  </option>
                ))}
              </select>
            </dd>
          </dl>
        </>
      ) : null}
      {refused ? null : current ? (
        <LiveLeaderboard id={id} onUpdate={() => setScored((n) => n + 1)} onData={() => setBoardIn(true)} />
      ) : (
        <PastLeaderboard id={id} version={picked!} />
      )}
      {b ? <Tasks tasks={b.tasks} /> : null}
      {listShown ? <Submissions id={id} scored={scored} /> : null}
    </>
  );
}

/** The entries a leaderboard snapshot holds (the API's LEADERBOARD_SNAPSHOT_ENTRIES): the HTTP page asked for while it comes. */
const SNAPSHOT_ENTRIES = 100;

function LiveLeaderboard({ id, onUpdate, onData }: { id: string; onUpdate(): void; onData(): void }) {
  const { api } = useApp();
  const [shown, setShown] = useState<LiveBoard | null>(null);
  const [pageError, setPageError] = useState<unknown>(null);
  // The board's first page over HTTP, beside the channel's snapshot: the page usually comes first (one
  // call; the socket needs a connect, then a subscribe), and the snapshot replaces it when it arrives.
  useEffect(() => {
    let wanted = true;
    setPageError(null);
    api.get<unknown>(`/v1/benchmarks/${encodeURIComponent(id)}/leaderboard?limit=${SNAPSHOT_ENTRIES}`).then(
      (page) => {
        if (wanted) setShown((now) => withFirstPage(now, page));
        onData();
      },
      (error: unknown) => {
        if (wanted) setPageError(error);
        onData();
      },
    );
    return () => {
      wanted = false;
    };
  }, [id, api]);
  const error = useChannel(`leaderboard:${id}`, (applied) => {
    if (applied.type === 'update') onUpdate();
    setShown((now) => liveBoardAfter(now, applied, new Date().toISOString()));
    onData();
  });
  const version = shown?.board.version ?? '…';
  return (
    <Section title="Leaderboard" actions={<span class="muted small">{shown?.live ? `live · version ${version}` : `version ${version}`}</span>}>
      {error ? <ErrorBox error={new Error(error)} /> : null}
      {!shown && pageError ? <ErrorBox error={pageError} /> : null}
      {shown ? <LeaderboardTable entries={shown.board.entries} /> : <Loading what="the leaderboard" />}
    </Section>
  );
}

function PastLeaderboard({ id, version }: { id: string; version: number }) {
  const { api } = useApp();
  const page = useLoad(
    () => api.get<{ items: BoardEntry[] }>(`/v1/benchmarks/${encodeURIComponent(id)}/leaderboard?version=${version}&limit=100`),
    [id, version],
  );
  return (
    <Section title={`Leaderboard · version ${version}`}>
      <ErrorBox error={page.error} />
      {page.data ? <LeaderboardTable entries={page.data.items} /> : <Loading what="the leaderboard" />}
    </Section>
  );
}

/** Boards longer than this render only the rows in view (and a few around them): a 1,000-row table costs the browser most of a second to lay out. */
const WINDOW_ABOVE = 200;
/** Every row's height in a windowed board (styles.css `.board-window`), so a scroll offset names its first row. */
const ROW_PX = 33;
/** The windowed board's box is at most this share of the viewport's height (styles.css `.board-window`, 70vh). */
const WINDOW_VIEWPORT_SHARE = 0.7;
/** Rows rendered beyond those in view, on each side, so a scroll shows rows already there. */
const OVERSCAN = 5;

/** How many rows the windowed board's box shows at once (the header row's height counts as one). */
const rowsInView = (): number => Math.ceil((window.innerHeight * WINDOW_VIEWPORT_SHARE) / ROW_PX);

export function LeaderboardTable({ entries }: { entries: BoardEntry[] }) {
  const [firstInView, setFirstInView] = useState(0);
  if (entries.length === 0) return <p class="muted">No scored submissions yet.</p>;
  const windowed = entries.length > WINDOW_ABOVE;
  const start = windowed ? Math.min(Math.max(0, firstInView - OVERSCAN), entries.length) : 0;
  const end = windowed ? Math.min(entries.length, firstInView + rowsInView() + OVERSCAN) : entries.length;
  const table = (
    <table class="board" data-testid="leaderboard" data-entries={entries.length}>
      <thead>
        <tr>
          <th scope="col">Rank</th>
          <th scope="col">Agent</th>
          <th scope="col">Score</th>
          <th scope="col">95% interval</th>
          <th scope="col">Submission</th>
          <th scope="col">Reached</th>
        </tr>
      </thead>
      <tbody>
        {start > 0 ? <tr class="spacer" style={{ height: `${start * ROW_PX}px` }} /> : null}
        {entries.slice(start, end).map((e) => (
          <tr key={e.agent_id} data-agent={e.agent_id}>
            <td>{e.rank}</td>
            <td>
              <code>{e.agent_id}</code>
            </td>
            <td class="num">{score(e.score)}</td>
            <td class="num">{e.confidence_interval ? `${score(e.confidence_interval.low)} – ${score(e.confidence_interval.high)}` : '—'}</td>
            <td>
              <Link href={`/submissions/${e.submission_id}`}>{e.submission_id}</Link>
            </td>
            <td>{time(e.achieved_at)}</td>
          </tr>
        ))}
        {end < entries.length ? <tr class="spacer" style={{ height: `${(entries.length - end) * ROW_PX}px` }} /> : null}
      </tbody>
    </table>
  );
  if (!windowed) return table;
  const scrollable = (
    <section
      class="board-window"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take the keyboard's focus to be scrolled by it (axe: scrollable-region-focusable)
      tabIndex={0}
      aria-label={`Leaderboard, ${entries.length} entries`}
      onScroll={(event) => setFirstInView(Math.floor(event.currentTarget.scrollTop / ROW_PX))}
    >
      {table}
    </section>
  );
  return scrollable;
}

function Tasks({ tasks }: { tasks: Task[] }) {
  const { role } = useApp();
  const showExpected = atLeast(role, 'maintainer');
  return (
    <Section title={`Tasks (${tasks.length})`}>
      <table>
        <thead>
          <tr>
            <th scope="col">Task</th>
            <th scope="col">Input</th>
            <th scope="col">Scorer</th>
            <th scope="col">Weight</th>
            {showExpected ? <th scope="col">Expected</th> : null}
          </tr>
        </thead>
        <tbody>
          {tasks.map((t) => (
            <tr key={t.task_id}>
              <td>
                <code>{t.task_id}</code>
              </td>
              <td>{typeof t.input === 'string' ? t.input : JSON.stringify(t.input)}</td>
              <td>{t.scorer.type}</td>
              <td class="num">{t.weight ?? 1}</td>
              {showExpected ? <td>{t.expected === undefined ? '—' : JSON.stringify(t.expected)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

interface SubmissionRow {
  submission_id: string;
  agent_id: string;
  status: string;
  score: number | null;
  version: number;
  created_at: string;
}

function Submissions({ id, scored }: { id: string; scored: number }) {
  const { api } = useApp();
  const [agent, setAgent] = useState('');
  // What is typed, kept in state so a re-render never resets the field; applied when the field is left.
  const [agentDraft, setAgentDraft] = useState('');
  const [status, setStatus] = useState('');
  const query = new URLSearchParams({ limit: '50', ...(agent ? { agent_id: agent } : {}), ...(status ? { status } : {}) });
  const list = useLoad(
    () => api.get<{ items: SubmissionRow[] }>(`/v1/benchmarks/${encodeURIComponent(id)}/submissions?${query}`),
    [id, agent, status, scored],
  );
  return (
    <Section
      title="Submissions"
      actions={
        <div class="filters">
          <label>
            Agent{' '}
            <input
              value={agentDraft}
              placeholder="agt_…"
              onInput={(e) => setAgentDraft((e.target as HTMLInputElement).value)}
              onChange={(e) => setAgent((e.target as HTMLInputElement).value.trim())}
            />
          </label>
          <label>
            Status{' '}
            <select value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
              <option value="">any</option>
              {['queued', 'scoring', 'scored', 'failed', 'cancelled'].map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <button type="button" onClick={list.reload}>
            Refresh
          </button>
        </div>
      }
    >
      <ErrorBox error={list.error} />
      {list.data ? (
        list.data.items.length === 0 ? (
          <p class="muted">No submissions.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Submission</th>
                <th scope="col">Agent</th>
                <th scope="col">Status</th>
                <th scope="col">Score</th>
                <th scope="col">Version</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((s) => (
                <tr key={s.submission_id}>
                  <td>
                    <Link href={`/submissions/${s.submission_id}`}>{s.submission_id}</Link>
                  </td>
                  <td>
                    <code>{s.agent_id}</code>
                  </td>
                  <td>
                    <Badge value={s.status} />
                  </td>
                  <td class="num">{score(s.score)}</td>
                  <td>{s.version}</td>
                  <td>{time(s.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
    </Section>
  );
}
