// moto's server (`moto_server`, Python) on a free loopback port: the external DynamoDB and SQS
// engine the moto test project runs the twin on (vitest.config.ts, test/support/moto-global-setup.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface MotoServer {
  /** `http://127.0.0.1:<port>`: both the DynamoDB and the SQS endpoint. */
  url: string;
  stop(): Promise<void>;
}

/** A port nothing listens on right now (the OS's pick for an ephemeral listener, released). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts `moto_server -H 127.0.0.1 -p <port>` and waits until it answers (up to `readyTimeoutMs`). */
export async function startMoto(readyTimeoutMs = 120_000): Promise<MotoServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => void (output.push(String(chunk)), output.length > 50 && output.shift());
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let failed: Error | undefined;
  child.once('error', (error) => (failed = error));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  };

  for (const deadline = Date.now() + readyTimeoutMs; ; ) {
    if (failed) throw new Error(`moto_server did not start (${failed.message}); install it with pip install 'moto[server]'`);
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}:\n${output.join('')}`);
    try {
      if ((await fetch(`${url}/moto-api/`)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto_server on ${url} did not answer within ${readyTimeoutMs} ms:\n${output.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
