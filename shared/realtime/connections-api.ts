// Posts to WebSocket clients through API Gateway's @connections endpoint. A gone client is an
// answer ('gone'), not an error: SDK v3 reports it as GoneException / HTTP 410.
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { requiredEnv } from '#shared/config/env.ts';

const client = new ApiGatewayManagementApiClient({
  endpoint: requiredEnv('WEBSOCKET_CALLBACK_URL'),
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 },
});

export const isGone = (error: unknown) =>
  (error as { name?: string })?.name === 'GoneException' ||
  (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 410;

export async function postToConnection(connectionId: string, message: unknown): Promise<'sent' | 'gone'> {
  try {
    await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: JSON.stringify(message) }));
    return 'sent';
  } catch (error) {
    if (isGone(error)) return 'gone';
    throw error;
  }
}

export async function closeConnection(connectionId: string): Promise<'closed' | 'gone'> {
  try {
    await client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    return 'closed';
  } catch (error) {
    if (isGone(error)) return 'gone';
    throw error;
  }
}
