// The twin's ports from the environment, and the one line `npm start` prints when one is taken.
import { describe, expect, it } from 'vitest';
import { portErrorMessage, readPorts } from '#infra/local/ports.ts';

const defaults = { PORT: 3000, WS_PORT: 3001, ISSUER_PORT: 3002, LAMBDA_PORT: 3003, CONSOLE_PORT: 3004 };
const listenError = (code: string, port: number) =>
  Object.assign(new Error(`listen ${code}: address already in use 127.0.0.1:${port}`), { code, port });

describe('readPorts', () => {
  it('takes each variable, its default when unset or empty, and 0 for a free port', () => {
    expect(readPorts({})).toEqual({ ports: defaults });
    expect(readPorts({ PORT: '8080', WS_PORT: '', LAMBDA_PORT: '0' })).toEqual({ ports: { ...defaults, PORT: 8080, LAMBDA_PORT: 0 } });
  });

  it('refuses what is not a port, naming the variable', () => {
    for (const value of ['abc', '-1', '65536', '3000.5', '0x10'])
      expect(readPorts({ WS_PORT: value })).toEqual({ error: `WS_PORT=${value} is not a port: use a number from 0 to 65535 (0 picks a free one).` });
  });
});

describe('portErrorMessage', () => {
  it('names the taken port, what listens there and the variable that moves it, in one line', () => {
    const message = portErrorMessage(listenError('EADDRINUSE', 3003), defaults);
    expect(message).toBe(
      'Port 3003 (the Lambda API, LAMBDA_PORT) is already in use (another `npm start`?): stop what holds it, or pick another port, e.g. LAMBDA_PORT=3103 npm start',
    );
    expect(portErrorMessage(listenError('EACCES', 80), { ...defaults, PORT: 80 })).toMatch(
      /^Port 80 \(the HTTP API, PORT\) cannot be opened \(permission denied\)/,
    );
  });

  it('leaves other errors to the stack trace', () => {
    expect(portErrorMessage(new Error('boom'), defaults)).toBeUndefined();
    expect(portErrorMessage(listenError('EADDRINUSE', 4567), defaults)).toBeUndefined(); // not one of the twin's fixed ports
  });
});
