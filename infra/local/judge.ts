// npm run judge [-- --port 4100] [--path /judge] [--secret whsec_…] [--keep]
// An example judge on loopback for the running twin: it scores by keyword overlap
// (keyword-overlap.ts) and answers `{"score", "rationale"}`. Without --secret it registers itself
// with the demo maintainer's token from .scorecast/local.json (and deletes that registration on
// Ctrl-C unless --keep); with --secret it serves a judge registered before. Every request's
// Standard Webhooks signature is verified; a bad one is answered 401.
import { createServer, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { verify } from '#shared/webhooks/signing.ts';
import { listen } from './http-common.ts';
import { keywordOverlap } from './keyword-overlap.ts';
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
  const path = options.path ?? '/judge';
  const counts = { judged: 0, refused: 0 };
  let secret = options.secret ?? '';
  const refuse = (response: ServerResponse, status: number, reason: string) => {
    counts.refused++;
    print(`✗ refused (${status}): ${reason}`);
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: reason }));
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (request.method !== 'POST') return refuse(response, 405, 'POST only');
      const check = verify(secret, request.headers, body);
      if (!check.ok) return refuse(response, 401, `signature refused: ${check.reason}`);
      let payload: JudgeRequestBody;
      try {
        payload = JSON.parse(body) as JudgeRequestBody;
      } catch {
        return refuse(response, 400, 'the body is not JSON');
      }
      if (payload.type !== 'scorecast.judge.request' || !payload.data) return refuse(response, 400, 'not a scorecast.judge.request');
      const verdict = keywordOverlap(payload.data.output, payload.data.expected, payload.data.rubric);
      counts.judged++;
      print(`✓ ${payload.data.task_id ?? '?'}  score=${verdict.score}  ${verdict.rationale}  webhook-id=${request.headers['webhook-id']}`);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(verdict));
    });
  });
  const url = `http://127.0.0.1:${await listen(server, options.port ?? 4100)}${path}`;

  const call = async (method: string, route: string, body?: unknown) => {
    const answer = await fetch(`${options.httpUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${options.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await answer.text();
    if (!answer.ok) throw new Error(`${method} ${route} answered ${answer.status}: ${text}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };

  let judgeId: string | null = null;
  if (!options.secret) {
    if (!options.httpUrl || !options.token)
      throw new Error('The twin and a maintainer token are needed to register the judge (or pass its --secret)');
    try {
      const created = await call('POST', '/v1/judges', {
        name: options.name ?? 'keyword overlap (npm run judge)',
        url,
        description: 'example judge',
      });
      judgeId = created.judge_id as string;
      secret = created.secret as string;
    } catch (error) {
      server.close();
      throw error;
    }
  }
  return {
    url,
    judgeId,
    secret,
    counts,
    async close({ keep = false } = {}) {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      if (judgeId && !keep) await call('DELETE', `/v1/judges/${judgeId}`).catch(() => undefined);
    },
  };
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
