// CORS as the HTTP API answers it when the stack configures it.
import { describe, expect, it } from 'vitest';
import { type CorsRules, HttpCors } from '#infra/local/http-cors.ts';

const rules: CorsRules = {
  allowMethods: ['GET', 'POST'],
  allowHeaders: ['authorization', 'content-type'],
  exposeHeaders: ['retry-after'],
  maxAgeSeconds: 600,
};

describe('HttpCors', () => {
  it('answers nothing when no origins are configured', () => {
    const cors = new HttpCors(rules, []);
    expect(cors.configured).toBe(false);
    expect(cors.isPreflight('OPTIONS', 'https://app.example', 'GET')).toBe(false);
    expect(cors.responseHeaders('https://app.example')).toEqual([]);
    expect(cors.dropsHeader('access-control-allow-origin')).toBe(false);
  });

  it('allows a listed origin by name, with Vary: Origin', () => {
    const cors = new HttpCors(rules, ['https://app.example']);
    expect(cors.allowedOrigin('https://app.example')).toBe('https://app.example');
    expect(cors.allowedOrigin('https://evil.example')).toBeNull();
    expect(cors.allowedOrigin(undefined)).toBeNull();
    expect(cors.preflightHeaders('https://app.example')).toEqual([
      ['access-control-allow-origin', 'https://app.example'],
      ['access-control-allow-methods', 'GET,POST'],
      ['access-control-allow-headers', 'authorization,content-type'],
      ['access-control-max-age', '600'],
      ['vary', 'Origin'],
    ]);
    expect(cors.responseHeaders('https://app.example')).toEqual([
      ['access-control-allow-origin', 'https://app.example'],
      ['access-control-expose-headers', 'retry-after'],
      ['vary', 'Origin'],
    ]);
    expect(cors.preflightHeaders('https://evil.example')).toEqual([]);
  });

  it("allows any origin with '*', without Vary", () => {
    const cors = new HttpCors(rules, ['*']);
    expect(cors.responseHeaders('https://any.example')).toEqual([
      ['access-control-allow-origin', '*'],
      ['access-control-expose-headers', 'retry-after'],
    ]);
  });

  it('takes an OPTIONS request with Origin and Access-Control-Request-Method as a preflight', () => {
    const cors = new HttpCors(rules, ['*']);
    expect(cors.isPreflight('OPTIONS', 'https://a.example', 'POST')).toBe(true);
    expect(cors.isPreflight('OPTIONS', undefined, 'POST')).toBe(false);
    expect(cors.isPreflight('OPTIONS', 'https://a.example', undefined)).toBe(false);
    expect(cors.isPreflight('GET', 'https://a.example', 'POST')).toBe(false);
    expect(cors.dropsHeader('access-control-allow-origin')).toBe(true);
    expect(cors.dropsHeader('content-type')).toBe(false);
  });
});
