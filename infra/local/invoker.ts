// The seam between the local twin's front doors (the HTTP and WebSocket gateways, the SQS pollers,
// the schedules) and the function host that runs each declared Lambda function. The gateways only
// ever see this interface, so their tests use an in-process fake and the twin a worker-thread host.

/** Runs declared functions the way the Lambda service would. */
export interface Invoker {
  /** Runs the declared function with the event, as Lambda would; resolves with its result. Rejects with FunctionError when the handler throws or times out. */
  invoke(functionName: string, event: unknown): Promise<unknown>;
}

/** A function invocation that failed: the handler threw (errorType is the error's name) or ran out of time (timedOut). */
export class FunctionError extends Error {
  constructor(
    readonly functionName: string,
    readonly errorType: string,
    message: string,
    readonly timedOut = false,
  ) {
    super(message);
    this.name = 'FunctionError';
  }
}
