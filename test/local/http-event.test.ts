// The HTTP API's Lambda proxy event, payload format 2.0, checked against the structure AWS documents
// ("Create AWS Lambda proxy integrations for HTTP APIs": payload format structure, version 2.0).
import { describe, expect, it } from 'vitest';
import { buildAuthorizerEvent, buildHttpEvent, parseRequest, type ParsedRequest, type RequestFacts } from '#infra/local/http-event.ts';
import { shapeOf, without } from './event-shape.ts';

/** 12/Mar/2020:19:03:58 +0000, the documented example's request time. */
const TIME_EPOCH = 1584039838390;

function parsed(url: string, rawHeaders: string[], method = 'POST'): ParsedRequest {
  const request = parseRequest({ url, method, rawHeaders });
  if (!request) throw new Error(`unparseable: ${url}`);
  return request;
}

function facts(request: ParsedRequest, overrides: Partial<RequestFacts> = {}): RequestFacts {
  return {
    request,
    apiId: 'api-id',
    requestId: 'id',
    timeEpoch: TIME_EPOCH,
    sourceIp: '192.0.2.1',
    httpVersion: '1.1',
    localPort: 443,
    traceId: 'Root=1-5e6a889e-0123456789abcdef01234567',
    routeKey: '$default',
    pathParameters: {},
    ...overrides,
  };
}

/** The documented example's request: repeated header and query key, two cookies, a text body. */
const exampleRequest = () =>
  parsed('/my/path?parameter1=value1&parameter1=value2&parameter2=value', [
    'Host',
    'id.execute-api.us-east-1.amazonaws.com',
    'User-Agent',
    'agent',
    'Header1',
    'value1',
    'Header2',
    'value1',
    'header2',
    'value2',
    'Cookie',
    'cookie1; cookie2',
    'Content-Type',
    'text/plain',
  ]);

describe('buildHttpEvent', () => {
  it('builds the documented payload format 2.0 example', () => {
    const event = buildHttpEvent(facts(exampleRequest(), { pathParameters: { parameter1: 'value1' } }), Buffer.from('Hello from Lambda'), {
      lambda: { sub: 'u-1' },
    });
    expect(event).toEqual({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/my/path',
      rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
      cookies: ['cookie1', 'cookie2'],
      headers: {
        host: 'id.execute-api.us-east-1.amazonaws.com',
        'user-agent': 'agent',
        header1: 'value1',
        header2: 'value1,value2',
        'content-type': 'text/plain',
        'x-forwarded-for': '192.0.2.1',
        'x-forwarded-port': '443',
        'x-forwarded-proto': 'http',
        'x-amzn-trace-id': 'Root=1-5e6a889e-0123456789abcdef01234567',
      },
      queryStringParameters: { parameter1: 'value1,value2', parameter2: 'value' },
      requestContext: {
        accountId: '000000000000',
        apiId: 'api-id',
        authorizer: { lambda: { sub: 'u-1' } },
        domainName: 'id.execute-api.us-east-1.amazonaws.com',
        domainPrefix: 'id',
        http: { method: 'POST', path: '/my/path', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'agent' },
        requestId: 'id',
        routeKey: '$default',
        stage: '$default',
        time: '12/Mar/2020:19:03:58 +0000',
        timeEpoch: TIME_EPOCH,
      },
      pathParameters: { parameter1: 'value1' },
      body: 'Hello from Lambda',
      isBase64Encoded: false,
    });
  });

  it('leaves out cookies, query and path parameters, body and authorizer when there are none', () => {
    const event = buildHttpEvent(facts(parsed('/health', ['Host', 'localhost:3000'], 'GET')), Buffer.alloc(0));
    expect(Object.keys(event)).toEqual(['version', 'routeKey', 'rawPath', 'rawQueryString', 'headers', 'requestContext', 'isBase64Encoded']);
    expect(event.rawQueryString).toBe('');
    expect(event.isBase64Encoded).toBe(false);
    expect(event.requestContext).not.toHaveProperty('authorizer');
    expect(event.requestContext.domainName).toBe('localhost:3000');
    expect(event.requestContext.domainPrefix).toBe('localhost');
    expect(event.requestContext.http.userAgent).toBe('');
  });

  it('base64-encodes a body that is not text', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const event = buildHttpEvent(facts(parsed('/upload', ['Content-Type', 'application/octet-stream'])), bytes);
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body!, 'base64')).toEqual(bytes);
    const json = buildHttpEvent(facts(parsed('/x', ['Content-Type', 'application/problem+json; charset=utf-8'])), Buffer.from('{"a":1}'));
    expect(json).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });
  });

  it('appends the source IP to a forwarded chain and keeps a client trace id', () => {
    const request = parsed('/x', ['X-Forwarded-For', '203.0.113.9', 'X-Amzn-Trace-Id', 'Root=client']);
    const { headers } = buildHttpEvent(facts(request), Buffer.alloc(0));
    expect(headers['x-forwarded-for']).toBe('203.0.113.9, 192.0.2.1');
    expect(headers['x-amzn-trace-id']).toBe('Root=client');
  });

  it('hands each event its own copy of the authorizer context and the request parts', () => {
    const context = { sub: 'u-1', scopes: ['a'] };
    const request = exampleRequest();
    const event = buildHttpEvent(facts(request), Buffer.alloc(0), { lambda: context });
    (event.requestContext.authorizer!.lambda!.scopes as string[]).push('b');
    event.cookies!.push('cookie3');
    event.queryStringParameters!.parameter2 = 'changed';
    expect(context.scopes).toEqual(['a']);
    expect(request.cookies).toEqual(['cookie1', 'cookie2']);
    expect(request.query.parameter2).toBe('value');
  });

  it('keeps a null authorizer context as null', () => {
    const event = buildHttpEvent(facts(exampleRequest()), Buffer.alloc(0), { lambda: null });
    expect(event.requestContext.authorizer).toEqual({ lambda: null });
  });
});

describe('buildAuthorizerEvent', () => {
  it('builds the REQUEST authorizer event with the route ARN and identity source', () => {
    const request = exampleRequest();
    const event = buildAuthorizerEvent(facts(request, { routeKey: 'POST /my/{id}', pathParameters: { id: 'path' } }), 'Bearer t');
    expect(event).toMatchObject({
      version: '2.0',
      type: 'REQUEST',
      routeArn: 'arn:aws:execute-api:us-east-1:000000000000:api-id/$default/POST/my/path',
      identitySource: ['Bearer t'],
      routeKey: 'POST /my/{id}',
      rawPath: '/my/path',
      cookies: ['cookie1', 'cookie2'],
      queryStringParameters: { parameter1: 'value1,value2', parameter2: 'value' },
      pathParameters: { id: 'path' },
    });
    expect(event.headers.header2).toBe('value1,value2');
    expect(event.requestContext).not.toHaveProperty('authorizer');
    expect(event).not.toHaveProperty('body');
  });
});

describe('parseRequest', () => {
  it('decodes the path and query but keeps the raw query string', () => {
    const request = parsed('/a%20b/c%2Fd?q=x+y&r=%41#frag', []);
    expect(request.rawPath).toBe('/a b/c/d');
    expect(request.rawSegments).toEqual(['a%20b', 'c%2Fd']);
    expect(request.rawQueryString).toBe('q=x+y&r=%41');
    expect(request.query).toEqual({ q: 'x y', r: 'A' });
  });

  it('accepts an absolute-form target and refuses one that is not a URL', () => {
    expect(parsed('http://example.com/p?x=1', []).rawPath).toBe('/p');
    expect(parseRequest({ url: 'not a url', method: 'GET', rawHeaders: [] })).toBeNull();
  });

  it('drops hop-by-hop headers and upper-cases the method', () => {
    const request = parsed('/', ['Connection', 'keep-alive', 'Transfer-Encoding', 'chunked', 'Accept', '*/*'], 'get');
    expect(request.headers).toEqual({ accept: '*/*' });
    expect(request.method).toBe('GET');
  });
});

// ---- AWS's examples, as our own fixtures ------------------------------------------------------------

const DOCUMENTED_CLIENT_CERT = {
  clientCertPem: 'CERT_CONTENT',
  subjectDN: 'www.example.com',
  issuerDN: 'Example issuer',
  serialNumber: '1',
  validity: { notBefore: 'May 28 12:30:02 2019 GMT', notAfter: 'Aug  5 09:36:04 2021 GMT' },
};

const DOCUMENTED_HTTP = {
  method: 'POST',
  path: '/my/path',
  protocol: 'HTTP/1.1',
  sourceIp: '192.0.2.1',
  userAgent: 'agent',
};

/**
 * The Lambda proxy integration's event, payload format 2.0, from the Amazon API Gateway Developer
 * Guide, "Create AWS Lambda proxy integrations for HTTP APIs" (payload format structure, 2.0):
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 * The example shows a JWT authorizer; a Lambda authorizer's context comes as `authorizer.lambda`
 * ("Control access to HTTP APIs with AWS Lambda authorizers"), which is what the twin's routes use.
 */
const DOCUMENTED_HTTP_EVENT = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/my/path',
  rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
  cookies: ['cookie1', 'cookie2'],
  headers: { header1: 'value1', header2: 'value1,value2' },
  queryStringParameters: { parameter1: 'value1,value2', parameter2: 'value' },
  requestContext: {
    accountId: '123456789012',
    apiId: 'api-id',
    authentication: { clientCert: DOCUMENTED_CLIENT_CERT },
    authorizer: { jwt: { claims: { claim1: 'value1', claim2: 'value2' }, scopes: ['scope1', 'scope2'] } },
    domainName: 'id.execute-api.us-east-1.amazonaws.com',
    domainPrefix: 'id',
    http: DOCUMENTED_HTTP,
    requestId: 'id',
    routeKey: '$default',
    stage: '$default',
    time: '12/Mar/2020:19:03:58 +0000',
    timeEpoch: 1583348638390,
  },
  body: 'Hello from Lambda',
  pathParameters: { parameter1: 'value1' },
  isBase64Encoded: false,
  stageVariables: { stageVariable1: 'value1', stageVariable2: 'value2' },
};

/**
 * The Lambda REQUEST authorizer's event, payload format 2.0, from the Amazon API Gateway Developer
 * Guide, "Control access to HTTP APIs with AWS Lambda authorizers" (payload format version, 2.0):
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
 */
const DOCUMENTED_AUTHORIZER_EVENT = {
  version: '2.0',
  type: 'REQUEST',
  routeArn: 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/request',
  identitySource: ['user1', '123'],
  routeKey: '$default',
  rawPath: '/my/path',
  rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
  cookies: ['cookie1', 'cookie2'],
  headers: { header1: 'value1', header2: 'value2' },
  queryStringParameters: { parameter1: 'value1,value2', parameter2: 'value' },
  requestContext: {
    accountId: '123456789012',
    apiId: 'api-id',
    authentication: { clientCert: DOCUMENTED_CLIENT_CERT },
    domainName: 'id.execute-api.us-east-1.amazonaws.com',
    domainPrefix: 'id',
    http: DOCUMENTED_HTTP,
    requestId: 'id',
    routeKey: '$default',
    stage: '$default',
    time: '12/Mar/2020:19:03:58 +0000',
    timeEpoch: 1583348638390,
  },
  pathParameters: { parameter1: 'value1' },
  stageVariables: { stageVariable1: 'value1', stageVariable2: 'value2' },
};

/** Fields the twin does not emulate: mutual TLS (no client certificates) and stage variables (none are set). */
const NOT_EMULATED = ['requestContext.authentication', 'stageVariables'];

describe('the documented payload format 2.0 examples', () => {
  it('the integration event has the documented structure, with a Lambda authorizer’s context', () => {
    const event = buildHttpEvent(facts(exampleRequest(), { pathParameters: { parameter1: 'value1' } }), Buffer.from('Hello from Lambda'), {
      lambda: { claim1: 'value1' },
    });
    const documented = without(DOCUMENTED_HTTP_EVENT, ...NOT_EMULATED);
    documented.requestContext.authorizer = { lambda: { claim1: 'value1' } } as never;
    // Same keys and types; the documented example lists body before pathParameters, the twin after.
    const sorted = (shape: ReturnType<typeof shapeOf>) => (Array.isArray(shape) ? [...shape].sort(([a], [b]) => a.localeCompare(b)) : shape);
    expect(sorted(shapeOf(event))).toEqual(sorted(shapeOf(documented)));
    expect(shapeOf(event.requestContext)).toEqual(shapeOf(documented.requestContext));
    expect(event).toMatchObject({
      rawPath: DOCUMENTED_HTTP_EVENT.rawPath,
      rawQueryString: DOCUMENTED_HTTP_EVENT.rawQueryString,
      cookies: DOCUMENTED_HTTP_EVENT.cookies,
      queryStringParameters: DOCUMENTED_HTTP_EVENT.queryStringParameters,
      pathParameters: DOCUMENTED_HTTP_EVENT.pathParameters,
      body: DOCUMENTED_HTTP_EVENT.body,
    });
    expect(event.headers).toMatchObject(DOCUMENTED_HTTP_EVENT.headers);
    expect(event.requestContext).toMatchObject({ http: { method: 'POST', path: '/my/path', protocol: 'HTTP/1.1' }, domainPrefix: 'id' });
    expect(event.requestContext.time).toBe(DOCUMENTED_HTTP_EVENT.requestContext.time);
  });

  it('the authorizer event has the documented structure, in the documented order', () => {
    const event = buildAuthorizerEvent(facts(exampleRequest(), { pathParameters: { parameter1: 'value1' } }), 'user1');
    expect(shapeOf(event)).toEqual(shapeOf(without(DOCUMENTED_AUTHORIZER_EVENT, ...NOT_EMULATED)));
    expect(event).toMatchObject({ rawPath: '/my/path', cookies: ['cookie1', 'cookie2'], identitySource: ['user1'] });
  });
});
