// The fan-out bench's WebSocket clients, in their own worker thread (their own event loop, so
// receiving does not compete with the gateway or the bench): opens connections to the twin,
// subscribes them, and records when each receives a message carrying a mark. Times are absolute
// (performance.timeOrigin + performance.now()), comparable with the bench thread's.
import { parentPort } from 'node:worker_threads';
import WebSocket from 'ws';

const now = () => performance.timeOrigin + performance.now();
const MARK = /bench-mark-[0-9a-z]+/;
/** @type {{ ws: WebSocket, answers: Map<string, (m: any) => void> }[]} */
const clients = [];
/** mark → receipt time per client index */
const marks = new Map();

function onMessage(index, raw) {
  const text = raw.toString();
  const mark = MARK.exec(text)?.[0];
  if (mark) {
    const times = marks.get(mark);
    if (times && Number.isNaN(times[index])) times[index] = now();
    return;
  }
  const message = JSON.parse(text);
  if (message.id !== undefined && clients[index].answers.has(message.id)) {
    clients[index].answers.get(message.id)(message);
  } else if (message.type === 'snapshot') clients[index].answers.get(`snapshot:${message.channel}`)?.(message);
}

function open(url, index) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const client = { ws, answers: new Map() };
    clients[index] = client;
    ws.on('message', (raw) => onMessage(index, raw));
    ws.once('open', resolve);
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

async function pool(count, width, task) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

function subscribe(index, channel) {
  const client = clients[index];
  const id = `s${index}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`client ${index}: no answer to subscribe`)), 30_000);
    let acked = false;
    let snapshot = false;
    const done = () => {
      if (acked && snapshot) {
        clearTimeout(timer);
        client.answers.delete(id);
        client.answers.delete(`snapshot:${channel}`);
        resolve();
      }
    };
    client.answers.set(id, (m) => (m.type === 'ack' ? ((acked = true), done()) : reject(new Error(`client ${index}: ${m.code} ${m.message}`))));
    client.answers.set(`snapshot:${channel}`, () => ((snapshot = true), done()));
    client.ws.send(JSON.stringify({ action: 'subscribe', channel, id }));
  });
}

parentPort.on('message', async (request) => {
  try {
    if (request.cmd === 'open') {
      const from = clients.length;
      await pool(request.count, 20, (i) => open(request.url, from + i));
      parentPort.postMessage({ ok: true, open: clients.length });
    } else if (request.cmd === 'subscribe') {
      await pool(request.count, 16, (i) => subscribe(i, request.channel));
      parentPort.postMessage({ ok: true });
    } else if (request.cmd === 'arm') {
      marks.set(request.mark, new Array(request.count).fill(Number.NaN));
      parentPort.postMessage({ ok: true });
    } else if (request.cmd === 'collect') {
      const times = marks.get(request.mark);
      const expect = request.expect ?? times.length;
      const deadline = now() + request.timeoutMs;
      const received = () => times.reduce((n, t) => (Number.isNaN(t) ? n : n + 1), 0);
      while (received() < expect && now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
      marks.delete(request.mark);
      parentPort.postMessage({ ok: true, times });
    } else if (request.cmd === 'close') {
      await Promise.all(
        clients.map(({ ws }) => new Promise((resolve) => (ws.readyState === WebSocket.CLOSED ? resolve() : (ws.once('close', resolve), ws.close())))),
      );
      parentPort.postMessage({ ok: true });
    }
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error?.stack ?? error) });
  }
});
