// The twin's WebSocket API events, checked against AWS's documented examples: the same keys in the
// same order with the same types (values depend on the request), and the fields a handler reads.
import { describe, expect, it } from 'vitest';
import {
  buildAuthorizerEvent,
  buildConnectEvent,
  buildDisconnectEvent,
  buildMessageEvent,
  connectHeaders,
  connectQuery,
  selectRoute,
  type ConnectionInfo,
  type ConnectRequest,
} from '#infra/local/ws-event.ts';
import { shapeOf, without } from './event-shape.ts';

// ---- AWS's examples, as our own fixtures ------------------------------------------------------------

/**
 * The input to a WebSocket API's REQUEST authorizer, from the Amazon API Gateway Developer Guide,
 * "Control access to WebSocket APIs with AWS Lambda REQUEST authorizers"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html).
 */
const DOCUMENTED_AUTHORIZER_EVENT = {
  type: 'REQUEST',
  methodArn: 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/default/$connect',
  headers: {
    Connection: 'upgrade',
    'content-length': '0',
    HeaderAuth1: 'headerValue1',
    Host: 'abcdef123.execute-api.us-east-1.amazonaws.com',
    'Sec-WebSocket-Extensions': 'permessage-deflate; client_max_window_bits',
    'Sec-WebSocket-Key': '...',
    'Sec-WebSocket-Version': '13',
    Upgrade: 'websocket',
    'X-Amzn-Trace-Id': '...',
    'X-Forwarded-For': '...',
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
  },
  multiValueHeaders: {
    Connection: ['upgrade'],
    'content-length': ['0'],
    HeaderAuth1: ['headerValue1'],
    Host: ['abcdef123.execute-api.us-east-1.amazonaws.com'],
    'Sec-WebSocket-Extensions': ['permessage-deflate; client_max_window_bits'],
    'Sec-WebSocket-Key': ['...'],
    'Sec-WebSocket-Version': ['13'],
    Upgrade: ['websocket'],
    'X-Amzn-Trace-Id': ['...'],
    'X-Forwarded-For': ['...'],
    'X-Forwarded-Port': ['443'],
    'X-Forwarded-Proto': ['https'],
  },
  queryStringParameters: { QueryString1: 'queryValue1' },
  multiValueQueryStringParameters: { QueryString1: ['queryValue1'] },
  stageVariables: {},
  requestContext: {
    routeKey: '$connect',
    eventType: 'CONNECT',
    extendedRequestId: '...',
    requestTime: '19/Jan/2023:21:13:26 +0000',
    messageDirection: 'IN',
    stage: 'default',
    connectedAt: 1674162806344,
    requestTimeEpoch: 1674162806345,
    identity: { sourceIp: '...' },
    requestId: '...',
    domainName: 'abcdef123.execute-api.us-east-1.amazonaws.com',
    connectionId: '...',
    apiId: 'abcdef123',
  },
};

/**
 * A message on the $default route and a $disconnect, as recorded in AWS's own Lambda event library
 * for Go (github.com/aws/aws-lambda-go, events/testdata/apigw-websocket-request-send-message.json and
 * apigw-websocket-request-disconnect.json). That API had no authorizer, so its events carry no
 * requestContext.authorizer; with one, API Gateway adds the authorizer's context to every route.
 */
const DOCUMENTED_MESSAGE_EVENT = {
  requestContext: {
    routeKey: '$default',
    messageId: 'R1knPc2ntjMCFIA=',
    eventType: 'MESSAGE',
    extendedRequestId: 'R1knPH17NjMFftw=',
    requestTime: '20/Jan/2024:11:55:00 +0000',
    messageDirection: 'IN',
    stage: 'prod',
    connectedAt: 1705751697419,
    requestTimeEpoch: 1705751700453,
    identity: { userAgent: 'Mozilla/5.0', sourceIp: '49.105.91.154' },
    requestId: 'R1knPH17NjMFftw=',
    domainName: 'dl7ptocha9.execute-api.ap-northeast-1.amazonaws.com',
    connectionId: 'R1kmxc2VNjMCFIA=',
    apiId: 'gy415nuibc',
  },
  body: '{\r\n\t"a": 1\r\n}',
  isBase64Encoded: false,
};

const DOCUMENTED_DISCONNECT_EVENT = {
  headers: { Host: 'dl7ptocha9.execute-api.ap-northeast-1.amazonaws.com', 'X-Forwarded-For': '' },
  multiValueHeaders: { Host: ['dl7ptocha9.execute-api.ap-northeast-1.amazonaws.com'], 'X-Forwarded-For': [''] },
  requestContext: {
    routeKey: '$disconnect',
    disconnectStatusCode: 1001,
    eventType: 'DISCONNECT',
    extendedRequestId: 'R1koeHsUtjMFbRw=',
    requestTime: '20/Jan/2024:11:55:08 +0000',
    messageDirection: 'IN',
    disconnectReason: '',
    stage: 'prod',
    connectedAt: 1705751697419,
    requestTimeEpoch: 1705751708326,
    identity: { userAgent: 'Mozilla/5.0', sourceIp: '49.105.91.154' },
    requestId: 'R1koeHsUtjMFbRw=',
    domainName: 'dl7ptocha9.execute-api.ap-northeast-1.amazonaws.com',
    connectionId: 'R1kmxc2VNjMCFIA=',
    apiId: 'dl7ptocha9',
  },
  isBase64Encoded: false,
};

// ---- our side ---------------------------------------------------------------------------------------

const API = { apiId: 'abcdef123', stage: 'default' };
const CONNECTED_AT = 1674162806344;
const CONNECTION = {
  id: 'R1kmxc2VNjMCFIA=',
  connectedAt: CONNECTED_AT,
  identity: { sourceIp: '192.0.2.1', userAgent: 'agent' },
  domainName: 'abcdef123.execute-api.us-east-1.amazonaws.com',
};
const AUTHORIZER = { tenant_id: 't1', principalId: 'user-1', integrationLatency: 3 };

/** The documented handshake as our gateway would receive it. */
function documentedHandshake(): ConnectRequest {
  const raw: string[] = [];
  for (const [name, value] of Object.entries(DOCUMENTED_AUTHORIZER_EVENT.headers)) {
    if (!name.startsWith('X-')) raw.push(name, value);
  }
  const { headers, multiValueHeaders } = connectHeaders({ rawHeaders: raw, sourceIp: '192.0.2.1', localPort: 443, traceId: 'Root=1-trace' });
  return { api: API, connection: CONNECTION, requestId: 'R1knPH17NjMFftw=', headers, multiValueHeaders, ...connectQuery('QueryString1=queryValue1') };
}

function connectionInfo(): ConnectionInfo {
  const { headers, multiValueHeaders } = documentedHandshake();
  return { ...CONNECTION, headers, multiValueHeaders, authorizer: AUTHORIZER };
}

describe('the $connect authorizer event', () => {
  it('has the documented example’s structure', () => {
    const event = buildAuthorizerEvent(documentedHandshake());
    expect(shapeOf(without(event, 'requestContext.identity.userAgent'))).toEqual(shapeOf(DOCUMENTED_AUTHORIZER_EVENT));
  });

  it('carries the methodArn, headers (with those the gateway adds) and query as the documented example does', () => {
    const event = buildAuthorizerEvent(documentedHandshake());
    expect(event.methodArn).toBe('arn:aws:execute-api:us-east-1:000000000000:abcdef123/default/$connect');
    expect(Object.keys(event.headers)).toEqual(Object.keys(DOCUMENTED_AUTHORIZER_EVENT.headers));
    expect(Object.keys(event.multiValueHeaders)).toEqual(Object.keys(DOCUMENTED_AUTHORIZER_EVENT.multiValueHeaders));
    expect(event.headers).toMatchObject({
      HeaderAuth1: 'headerValue1',
      'X-Forwarded-For': '192.0.2.1',
      'X-Forwarded-Port': '443',
      'X-Amzn-Trace-Id': 'Root=1-trace',
    });
    expect(event.queryStringParameters).toEqual(DOCUMENTED_AUTHORIZER_EVENT.queryStringParameters);
    expect(event.multiValueQueryStringParameters).toEqual(DOCUMENTED_AUTHORIZER_EVENT.multiValueQueryStringParameters);
    expect(event.requestContext).toMatchObject({
      routeKey: '$connect',
      eventType: 'CONNECT',
      requestTime: DOCUMENTED_AUTHORIZER_EVENT.requestContext.requestTime,
      stage: 'default',
      connectedAt: CONNECTED_AT,
      domainName: DOCUMENTED_AUTHORIZER_EVENT.requestContext.domainName,
      connectionId: CONNECTION.id,
      apiId: 'abcdef123',
    });
    expect(event.requestContext).not.toHaveProperty('authorizer');
  });
});

describe('the $connect route event', () => {
  it('is the authorizer event’s handshake, without the authorizer fields, with the authorizer’s context', () => {
    const event = buildConnectEvent(documentedHandshake(), AUTHORIZER);
    const documented = {
      ...without(DOCUMENTED_AUTHORIZER_EVENT, 'type', 'methodArn', 'stageVariables'),
      isBase64Encoded: false,
    };
    expect(shapeOf(without(event, 'requestContext.identity.userAgent', 'requestContext.authorizer'))).toEqual(shapeOf(documented));
    expect(event.requestContext.authorizer).toEqual(AUTHORIZER);
    expect(event.requestContext.connectionId).toBe(CONNECTION.id);
  });
});

describe('the message event', () => {
  it('has the documented example’s structure, plus the authorizer’s context', () => {
    const event = buildMessageEvent(API, connectionInfo(), {
      routeKey: '$default',
      data: Buffer.from(DOCUMENTED_MESSAGE_EVENT.body),
      isBinary: false,
      now: 1705751700453,
      requestId: 'R1knPH17NjMFftw=',
      messageId: 'R1knPc2ntjMCFIA=',
    });
    expect(shapeOf(without(event, 'requestContext.authorizer'))).toEqual(shapeOf(DOCUMENTED_MESSAGE_EVENT));
    expect(event.body).toBe(DOCUMENTED_MESSAGE_EVENT.body);
    expect(event.requestContext.requestTime).toBe(DOCUMENTED_MESSAGE_EVENT.requestContext.requestTime);
    expect(event.requestContext.authorizer).toEqual(AUTHORIZER);
  });

  it('base64-encodes a binary frame', () => {
    const data = Buffer.from([0, 1, 255]);
    const event = buildMessageEvent(API, connectionInfo(), { routeKey: '$default', data, isBinary: true, now: 0, requestId: 'r', messageId: 'm' });
    expect(event).toMatchObject({ body: data.toString('base64'), isBase64Encoded: true });
  });
});

describe('the $disconnect event', () => {
  it('has the documented example’s structure, plus the authorizer’s context', () => {
    const event = buildDisconnectEvent(API, connectionInfo(), { code: 1001, reason: '', now: 1705751708326, requestId: 'R1koeHsUtjMFbRw=' });
    expect(shapeOf(without(event, 'requestContext.authorizer'))).toEqual(shapeOf(DOCUMENTED_DISCONNECT_EVENT));
    expect(event.requestContext).toMatchObject({ disconnectStatusCode: 1001, disconnectReason: '', eventType: 'DISCONNECT' });
    expect(event.headers?.Host).toBe(DOCUMENTED_AUTHORIZER_EVENT.headers.Host);
  });

  it('hands each event its own copy of the connection’s headers and authorizer context', () => {
    const info = connectionInfo();
    const event = buildDisconnectEvent(API, info, { code: 1000, reason: 'bye', now: 0, requestId: 'r' });
    event.multiValueHeaders!.Host!.push('changed');
    (event.requestContext.authorizer as Record<string, unknown>).tenant_id = 'changed';
    expect(info.multiValueHeaders.Host).toHaveLength(1);
    expect(info.authorizer.tenant_id).toBe('t1');
  });
});

describe('route selection ($request.body.action)', () => {
  const routes = { $connect: 'c', $default: 'd', subscribe: 's' };
  it('picks a declared custom route, else $default', () => {
    expect(selectRoute(Buffer.from('{"action":"subscribe"}'), false, routes)).toBe('subscribe');
    expect(selectRoute(Buffer.from('{"action":"unknown"}'), false, routes)).toBe('$default');
    expect(selectRoute(Buffer.from('{"action":"$connect"}'), false, routes)).toBe('$default');
    expect(selectRoute(Buffer.from('not json'), false, routes)).toBe('$default');
    expect(selectRoute(Buffer.from('{"action":"subscribe"}'), true, routes)).toBe('$default');
  });

  it('sends an action named like an Object property (constructor, toString) to $default, not to a 500', () => {
    expect(selectRoute(Buffer.from('{"action":"constructor"}'), false, routes)).toBe('$default');
    expect(selectRoute(Buffer.from('{"action":"toString"}'), false, routes)).toBe('$default');
  });
});

describe('connectHeaders', () => {
  it('keeps a client’s trace id and forwarded chain, and the last of repeated headers', () => {
    const { headers, multiValueHeaders } = connectHeaders({
      rawHeaders: ['x-amzn-trace-id', 'Root=client', 'X-Forwarded-For', '203.0.113.9', 'A', '1', 'A', '2'],
      sourceIp: '192.0.2.1',
      localPort: 3001,
      traceId: 'Root=ours',
    });
    expect(headers).toEqual({
      'x-amzn-trace-id': 'Root=client',
      'X-Forwarded-For': '203.0.113.9',
      A: '2',
      'X-Forwarded-Port': '3001',
      'X-Forwarded-Proto': 'http',
    });
    expect(multiValueHeaders.A).toEqual(['1', '2']);
  });
});
