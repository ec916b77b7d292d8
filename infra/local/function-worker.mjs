// One Lambda execution environment of the local twin (infra/local/function-host.ts): a worker thread
// that imports one function's bundle (the init phase) and runs one invocation at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const { bundlePath, handlerName, functionName, memoryMb, invokedFunctionArn, logGroupName, logStreamName } = workerData;

const init = import(pathToFileURL(bundlePath).href).then((module) => {
  if (typeof module[handlerName] !== 'function') {
    throw Object.assign(new Error(`${functionName}.${handlerName} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  }
  return module[handlerName];
});
init.catch(() => undefined); // reported to the first invocation
// The host starts an invocation's timeout once init is over, as Lambda does (init has its own limit).
init.then(
  () => parentPort.postMessage({ initialised: true }),
  () => parentPort.postMessage({ initialised: true }),
);

// What the function writes during an invocation, for the Invoke API's `LogType: Tail` (the last
// 4 KB of the invocation's log): every write still goes to the host's log, and its tail is kept
// here too (bounded) and sent with the invocation's outcome.
const LOG_TAIL_CHARS = 8192;
let logTail = '';
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    logTail = (logTail + text).slice(-LOG_TAIL_CHARS);
    return write(chunk, ...rest);
  };
}

const toError = (error) => ({
  errorType: error instanceof Error ? error.name : 'Error',
  errorMessage: error instanceof Error ? error.message : String(error),
  stack: error instanceof Error ? error.stack : undefined,
});

parentPort.on('message', async ({ requestId, event, deadline }) => {
  logTail = '';
  let handler;
  try {
    handler = await init;
  } catch (error) {
    parentPort.postMessage({ requestId, error: toError(error), fatal: true, log: logTail });
    return;
  }
  const context = {
    awsRequestId: requestId,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn,
    memoryLimitInMB: String(memoryMb),
    logGroupName,
    logStreamName,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  try {
    const input = JSON.parse(event);
    const result = await (handler.length >= 3
      ? new Promise((resolve, reject) => handler(input, context, (error, value) => (error ? reject(error) : resolve(value))))
      : handler(input, context));
    parentPort.postMessage({ requestId, result: JSON.stringify(result ?? null), log: logTail });
  } catch (error) {
    parentPort.postMessage({ requestId, error: toError(error), log: logTail });
  }
});
