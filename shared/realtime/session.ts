// One client frame on $default, answered: ping → pong; subscribe → ack then snapshot(s);
// unsubscribe → ack; anything else → an error with a code. The connection stays open whatever the
// client sends (an internal failure is an `internal` error echoing the frame's id). Order on subscribe: authorise, register the subscription, read the channel's seq,
// then read the snapshot — so every update numbered after the snapshot's seq reaches the client,
// and one numbered at or before it may arrive too (clients drop seq ≤ the snapshot's).
import type { Principal } from '#shared/auth/principal.ts';
import { AppError } from '#shared/http/errors.ts';
import { logger } from '#shared/powertools/logger.ts';
import { currentSeq } from '#shared/store/channel-seq.ts';
import { addSubscription, MAX_SUBSCRIPTIONS_PER_CONNECTION, removeSubscription } from '#shared/store/subscriptions.ts';
import { isChannel, mayWatch, parseChannel, type Channel } from './channels.ts';
import { ack, answerFrame, isServerMessage, parseClientFrame, protocolError, snapshot, type ClientFrame, type ServerMessage } from './protocol.ts';
import { checkResource, snapshotData } from './snapshots.ts';
import { splitData } from './split.ts';

export interface Caller {
  connectionId: string;
  principal: Principal | null;
}

/** The messages that answer one frame, in the order they are to be posted. */
export async function answerClientFrame(body: string | undefined, caller: Caller, now = new Date()): Promise<ServerMessage[]> {
  const frame = parseClientFrame(body, now);
  if (isServerMessage(frame)) return [frame];
  if (frame.action !== 'subscribe' && frame.action !== 'unsubscribe') return [answerFrame(frame, now)];
  if (!caller.principal) return [protocolError('unauthorized', 'This connection carries no verified principal', now, frame.id)];
  const channel = parseChannel(frame.channel);
  if (!isChannel(channel)) return [protocolError(channel.code, channel.message, now, frame.id)];
  try {
    return frame.action === 'subscribe'
      ? await subscribe(frame, channel, caller.principal, caller.connectionId, now)
      : await unsubscribe(frame, channel, caller.principal, caller.connectionId, now);
  } catch (error) {
    if (error instanceof AppError) return [protocolError(error.code, error.message, now, frame.id)];
    logger.error('Frame failed', error as Error);
    return [protocolError('internal', 'Something went wrong; try again', now, frame.id)];
  }
}

async function subscribe(frame: ClientFrame, channel: Channel, principal: Principal, connectionId: string, now: Date): Promise<ServerMessage[]> {
  if (!mayWatch(principal, channel.kind)) {
    const why = principal.principalType === 'agent' ? 'Agents may watch leaderboards and their own submissions' : 'Watching needs the viewer role';
    return [protocolError('forbidden', why, now, frame.id)];
  }
  await checkResource(principal, channel);
  const outcome = await addSubscription(connectionId, principal, channel.name, now);
  if (outcome === 'gone') return [];
  if (outcome === 'limit')
    return [
      protocolError(
        'too_many_subscriptions',
        `A connection watches at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} channels; unsubscribe first`,
        now,
        frame.id,
      ),
    ];
  const seq = await currentSeq(principal.tenantId, channel.name, now);
  const data = await snapshotData(principal, channel);
  return [ack(channel.name, now, frame.id), ...splitData(data).map((part) => snapshot(channel.name, seq, part, now))];
}

async function unsubscribe(frame: ClientFrame, channel: Channel, principal: Principal, connectionId: string, now: Date): Promise<ServerMessage[]> {
  await removeSubscription(connectionId, principal.tenantId, channel.name);
  return [ack(channel.name, now, frame.id)];
}
