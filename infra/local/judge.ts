// npm run judge [-- --port 4100] [--path /judge] [--secret whsec_…] [--keep]
// An example judge on loopback for the running twin: it scores by keyword overlap
// (keyword-overlap.ts) and answers `{"score", "rationale"}`. Without --secret it registers itself
// with the demo maintainer's token from .scorecast/local.json (and deletes that registration on
// Ctrl-C unless --keep); with --secret it serves a judge registered before. Every request's
// Standard Webhooks signature is verified; a bad one is answered 401.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { keywordOverlap } from './keyword-overlap.ts';
import { type EndpointAnswer, startSignedEndpoint } from './signed-endpoint.ts';
import { readLocalJson } from './state.ts';

export interface JudgeOptions {
  /** The twin's HTTP API (local.json `http_url`); needed to register. */
  httpUrl?: string;
  /** A maintainer's token, to register the judge (not needed with `secret`). */
  token?: string;
  port?: number;
  path?: string;
  name?: string;
  /** The secret of a judge registered before: nothing is registered. */
  secret?: string;
  print?: (line: string) => void;
}

export interface LocalJudge {
  url: string;
  /** Set when this judge registered itself. */
  judgeId: string | null;
  secret: string;
  /** Requests received: answered with a verdict, refused (bad signature or body). */
  counts: { judged: number; refused: number };
  close(options?: { keep?: boolean }): Promise<void>;
}

interface JudgeRequestBody {
  type?: string;
  data?: { task_id?: string; output?: unknown; expected?: unknown; rubric?: string | null };
}

export async function startLocalJudge(options: JudgeOptions = {}): Promise<LocalJudge> {
  const print = options.print ?? ((line) => void process.stdout.write(`${line}\n`));
  const counts = { judged: 0, refused: 0 };
  const refuse = (status: number, reason: string): EndpointAnswer => {
    counts.refused++;
    print(`✗ refused (${status}): ${reason}`);
    return { status, contentType: 'application/json', body: JSON.stringify({ error: reason }) };
  };
  const endpoint = await startSignedEndpoint({
    port: options.port ?? 4100,
    path: options.path ?? '/judge',
    secret: options.secret,
    registration: {
      httpUrl: options.httpUrl,
      token: options.token,
      collection: '/v1/judges',
      idField: 'judge_id',
      body: (url) => ({ name: options.name ?? 'keyword overlap (npm run judge)', url, description: 'example judge' }),
    },
    answer(request) {
      if (request.method !== 'POST') return refuse(405, 'POST only');
      if (!request.verified) return refuse(401, `signature refused: ${request.reason}`);
      let payload: JudgeRequestBody;
      try {
        payload = JSON.parse(request.body) as JudgeRequestBody;
      } catch {
        return refuse(400, 'the body is not JSON');
      }
      if (payload.type !== 'scorecast.judge.request' || !payload.data) return refuse(400, 'not a scorecast.judge.request');
      const verdict = keywordOverlap(payload.data.output, payload.data.expected, payload.data.rubric);
      counts.judged++;
      print(`✓ ${payload.data.task_id ?? '?'}  score=${verdict.score}  ${verdict.rationale}  webhook-id=${request.headers['webhook-id']}`);
      return { status: 200, contentType: 'application/json', body: JSON.stringify(verdict) };
    },
  });
  return { url: endpoint.url, judgeId: endpoint.registeredId, secret: endpoint.secret, counts, close: endpoint.close };
}

/** What to type next: register (when not registered), and a benchmark with a judge-scored task. */
export function judgeInstructions(httpUrl: string, judge: Pick<LocalJudge, 'url' | 'judgeId'>): string {
  const auth = '-H "authorization: Bearer $TOKEN" -H "content-type: application/json"';
  const register = `curl -s -X POST ${httpUrl}/v1/judges ${auth} \\\n    -d '{"name": "keyword overlap", "url": "${judge.url}"}'`;
  const task = {
    task_id: 'capital',
    input: 'What is the capital of France?',
    expected: 'Paris is the capital of France',
    scorer: { type: 'judge', judge_id: judge.judgeId ?? '<judge_id>', rubric: 'Paris', pass_threshold: 0.5 },
  };
  const benchmark = `curl -s -X POST ${httpUrl}/v1/benchmarks ${auth} \\\n    -d '${JSON.stringify({ name: 'judged', tasks: [task] })}'`;
  return [
    'TOKEN=$(npm run -s token -- --role maintainer)',
    ...(judge.judgeId ? [] : ['# register this judge (then restart it with --secret <the secret it answers>):', register]),
    '# a benchmark with a judge-scored task:',
    benchmark,
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4100' },
      path: { type: 'string', default: '/judge' },
      secret: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const local = readLocalJson();
  if (!local && !values.secret) {
    process.stderr.write('No running twin found (.scorecast/local.json is missing): start it with `npm start` (or pass --secret).\n');
    process.exit(2);
  }
  const judge = await startLocalJudge({
    httpUrl: local?.http_url,
    token: local?.tokens.maintainer,
    port: Number(values.port),
    path: values.path,
    secret: values.secret,
  }).catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
  process.stdout.write(
    judge.judgeId
      ? `Judging on ${judge.url}\n  registered as ${judge.judgeId} (tenant ${local!.tenant_id})\n  secret ${judge.secret}\n  Ctrl-C unregisters it${values.keep ? ' (--keep: it stays registered)' : ''}\n\n`
      : `Judging on ${judge.url} (a judge registered before; verifying with the given secret)\n\n`,
  );
  process.stdout.write(`${judgeInstructions(local?.http_url ?? 'http://127.0.0.1:3000', judge)}\n\n`);
  const stop = async () => {
    await judge.close({ keep: values.keep });
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
