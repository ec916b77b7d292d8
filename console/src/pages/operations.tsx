// Operations (admins): dead letters per queue with redrive, and the audit log with filters.
import { useState } from 'preact/hooks';
import { useApp } from '../app.ts';
import { ConfirmButton } from '../ui/confirm-button.tsx';
import { useLoad } from '../ui/hooks.ts';
import { Badge, ErrorBox, Loading, Section, time } from '../ui/parts.tsx';

const QUEUES = ['scoring', 'broadcast', 'delivery', 'monitoring'] as const;

interface DeadLetter {
  message_id: string;
  attempts: number;
  last_error?: string | null;
  correlation_id?: string | null;
  last_seen_at: string;
  redriven_at?: string | null;
}

interface AuditItem {
  audit_id: string;
  actor: unknown;
  action: string;
  resource?: unknown;
  outcome: string;
  status: number;
  correlation_id: string;
  time: string;
}

export function OperationsPage() {
  return (
    <>
      <DeadLetters />
      <AuditLog />
    </>
  );
}

function DeadLetters() {
  const { api } = useApp();
  const [queue, setQueue] = useState<(typeof QUEUES)[number]>('scoring');
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const list = useLoad(() => api.get<{ items: DeadLetter[] }>(`/v1/admin/dead-letters?queue=${queue}&limit=50`), [queue]);
  return (
    <Section
      title="Dead letters"
      actions={
        <div class="filters">
          <label>
            Queue{' '}
            <select value={queue} onChange={(e) => setQueue((e.target as HTMLSelectElement).value as (typeof QUEUES)[number])}>
              {QUEUES.map((q) => (
                <option key={q}>{q}</option>
              ))}
            </select>
          </label>
          <ConfirmButton
            question={`Send the ${queue} queue's dead letters back to it?`}
            onConfirm={() => {
              setError(null);
              api.send<{ redriven: number }>('POST', `/v1/admin/dead-letters/${queue}/redrive`).then((r) => {
                setNote(`${r.redriven} message(s) redriven`);
                list.reload();
              }, setError);
            }}
          >
            Redrive
          </ConfirmButton>
        </div>
      }
    >
      {note ? <p role="status">{note}</p> : null}
      <ErrorBox error={error ?? list.error} />
      {!list.data && list.loading ? <Loading what="dead letters" /> : null}
      {list.data && list.data.items.length === 0 ? <p class="muted">No dead letters in {queue}.</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Message</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last error</th>
              <th scope="col">Last seen</th>
              <th scope="col">Redriven</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((d) => (
              <tr key={d.message_id}>
                <td>
                  <code>{d.message_id}</code>
                </td>
                <td class="num">{d.attempts}</td>
                <td>{d.last_error ?? ''}</td>
                <td>{time(d.last_seen_at)}</td>
                <td>{time(d.redriven_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Section>
  );
}

function AuditLog() {
  const { api } = useApp();
  const [action, setAction] = useState('');
  const [actionDraft, setActionDraft] = useState('');
  const [from, setFrom] = useState('');
  const query = new URLSearchParams({ limit: '50', ...(action ? { action } : {}), ...(from ? { from: new Date(from).toISOString() } : {}) });
  const list = useLoad(() => api.get<{ items: AuditItem[] }>(`/v1/audit?${query}`), [action, from]);
  return (
    <Section
      title="Audit log"
      actions={
        <div class="filters">
          <label>
            Action{' '}
            <input
              value={actionDraft}
              placeholder="agent.create"
              onInput={(e) => setActionDraft((e.target as HTMLInputElement).value)}
              onChange={(e) => setAction((e.target as HTMLInputElement).value.trim())}
            />
          </label>
          <label>
            From <input type="datetime-local" value={from} onChange={(e) => setFrom((e.target as HTMLInputElement).value)} />
          </label>
        </div>
      }
    >
      <ErrorBox error={list.error} />
      {!list.data && list.loading ? <Loading what="the audit log" /> : null}
      {list.data ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Outcome</th>
              <th scope="col">Correlation id</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((a) => (
              <tr key={a.audit_id}>
                <td>{time(a.time)}</td>
                <td>
                  <code>
                    {typeof a.actor === 'object' && a.actor ? String((a.actor as { id?: string }).id ?? JSON.stringify(a.actor)) : String(a.actor)}
                  </code>
                </td>
                <td>
                  <code>{a.action}</code>
                </td>
                <td>
                  <Badge value={a.outcome} /> {a.status}
                </td>
                <td>
                  <code>{a.correlation_id}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Section>
  );
}
