// Unit tests of store code and handlers without mocks: the twin's embedded engines (dynalite and
// fauxqs, with the declared table, indexes, queues and DLQs) started in the test's own process, and
// this process's environment set the way the twin sets a function's — the union of every declared
// function's environment, so one test file can call any handler. Modules read their environment at
// import, so a test imports the code under test (dynamically) after `startLocalAws()`.
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { applyAwsEnvironment } from '#infra/local/aws-env.ts';
import { startEngines, type Engines } from '#infra/local/engines.ts';
import { TWIN_SETTINGS } from '#infra/local/settings.ts';
import { wiring } from '#infra/wiring.ts';
import { functionEnvironment } from '#infra/wiring-env.ts';

export interface LocalAws {
  engines: Engines;
  /** Takes the messages waiting on a declared queue (by its wiring name), parsed from JSON. */
  drain(queue: string): Promise<unknown[]>;
  /** The raw messages waiting on a declared queue, as an SQS event's records would carry them. */
  receive(queue: string): Promise<{ messageId: string; body: string; receiptHandle: string }[]>;
  stop(): Promise<void>;
}

/** Nothing listens on the discard port: a call to the WebSocket @connections API fails fast. */
const NO_WEBSOCKET_GATEWAY = 'http://127.0.0.1:9';

export interface LocalAwsOptions {
  /** Where the WebSocket @connections API answers (default: nowhere, so a post fails fast). */
  webSocketCallbackUrl?: string;
}

export async function startLocalAws(options: LocalAwsOptions = {}): Promise<LocalAws> {
  const engines = await startEngines({ wiring });
  applyAwsEnvironment(engines);
  const refs = {
    tableName: engines.tableName,
    queueUrl: engines.queueUrl,
    deadLetterQueueUrl: engines.deadLetterQueueUrl,
    webSocketCallbackUrl: options.webSocketCallbackUrl ?? NO_WEBSOCKET_GATEWAY,
  };
  for (const fn of Object.keys(wiring.functions)) {
    const env = functionEnvironment(wiring, fn, refs, TWIN_SETTINGS);
    delete env.NODE_OPTIONS;
    Object.assign(process.env, env);
  }
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';

  const sqs = new SQSClient({});
  const receive = async (queue: string) => {
    const out: { messageId: string; body: string; receiptHandle: string }[] = [];
    for (;;) {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: engines.queueUrl(queue), MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      if (!Messages?.length) return out;
      for (const m of Messages) out.push({ messageId: m.MessageId!, body: m.Body!, receiptHandle: m.ReceiptHandle! });
    }
  };
  return {
    engines,
    receive,
    drain: async (queue) => (await receive(queue)).map((m) => JSON.parse(m.body) as unknown),
    stop: async () => {
      sqs.destroy();
      await engines.stop();
    },
  };
}
