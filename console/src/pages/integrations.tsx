// Integrations: events newest first (live on the `events` channel) with priority badges, an event's
// deliveries and their attempts; webhooks with create (secret once), test, rotate, enable, delete
// and their delivery history.
import { useState } from 'preact/hooks';
import { useApp } from '../app.ts';
import { atLeast } from '../auth/token.ts';
import { useChannel } from '../realtime/use-channel.ts';
import { ConfirmButton, SecretOnce } from '../ui/confirm-button.tsx';
import { useLoad } from '../ui/hooks.ts';
import { Badge, DetailRow, ErrorBox, Loading, NamedId, Section, time } from '../ui/parts.tsx';

interface EventItem {
  event_id: string;
  kind: string;
  event_type: string;
  source?: string | null;
  priority: string;
  message?: string | null;
  received_at: string;
}

interface Attempt {
  number: number;
  attempted_at: string;
  status_code: number | null;
  latency_ms: number;
  outcome: string;
  error?: string | null;
}

interface Delivery {
  event_id: string;
  webhook_id: string;
  event_type: string;
  status: string;
  attempt_count: number;
  attempts: Attempt[];
  last_error?: string | null;
}

interface Webhook {
  webhook_id: string;
  url: string;
  event_types: string[];
  min_priority: string;
  enabled: boolean;
  disabled_reason?: string | null;
  consecutive_failures: number;
}

export function IntegrationsPage() {
  return (
    <>
      <Events />
      <Webhooks />
    </>
  );
}

function Events() {
  const { api } = useApp();
  const list = useLoad(() => api.get<{ items: EventItem[] }>('/v1/integrations/events?limit=50'), []);
  const [live, setLive] = useState<EventItem[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  useChannel('events', (applied) => {
    const data = applied.data as Partial<EventItem> & { type?: string };
    if (applied.type !== 'update' || !data.event_id) return;
    const item: EventItem = {
      event_id: data.event_id,
      kind: data.kind ?? 'event',
      event_type: data.event_type ?? data.type ?? 'event',
      source: data.source ?? null,
      priority: data.priority ?? 'low',
      message: data.message ?? null,
      received_at: data.received_at ?? new Date().toISOString(),
    };
    setLive((previous) => [item, ...previous.filter((e) => e.event_id !== item.event_id)].slice(0, 100));
  });
  const seen = new Set(live.map((e) => e.event_id));
  const items = [...live, ...(list.data?.items ?? []).filter((e) => !seen.has(e.event_id))];
  return (
    <Section title="Events" actions={<span class="muted small">live</span>}>
      <ErrorBox error={list.error} />
      {!list.data && list.loading ? <Loading what="events" /> : null}
      {list.data && items.length === 0 ? <p class="muted">No events yet.</p> : null}
      {items.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Received</th>
              <th scope="col">Priority</th>
              <th scope="col">Type</th>
              <th scope="col">Source</th>
              <th scope="col">Message</th>
              <th scope="col">Deliveries</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <>
                <tr key={e.event_id}>
                  <td>{time(e.received_at)}</td>
                  <td>
                    <Badge value={e.priority} />
                  </td>
                  <td>
                    <code>{e.event_type}</code>
                  </td>
                  <td>{e.source ?? e.kind}</td>
                  <td>{e.message ?? ''}</td>
                  <td>
                    <button type="button" aria-expanded={open === e.event_id} onClick={() => setOpen(open === e.event_id ? null : e.event_id)}>
                      {open === e.event_id ? 'Hide' : 'Show'}
                    </button>
                  </td>
                </tr>
                {open === e.event_id ? (
                  <DetailRow key={`${e.event_id}-deliveries`} columns={6}>
                    <EventDeliveries id={e.event_id} />
                  </DetailRow>
                ) : null}
              </>
            ))}
          </tbody>
        </table>
      ) : null}
    </Section>
  );
}

function EventDeliveries({ id }: { id: string }) {
  const { api } = useApp();
  const event = useLoad(() => api.get<{ deliveries: Delivery[] }>(`/v1/integrations/events/${encodeURIComponent(id)}`), [id]);
  if (event.error) return <ErrorBox error={event.error} />;
  if (!event.data) return <Loading what="deliveries" />;
  return <DeliveryList deliveries={event.data.deliveries} />;
}

function DeliveryList({ deliveries }: { deliveries: Delivery[] }) {
  if (deliveries.length === 0) return <p class="muted">No deliveries (no endpoint subscribes to it).</p>;
  return (
    <ul class="deliveries">
      {deliveries.map((d) => (
        <li key={`${d.event_id}/${d.webhook_id}`}>
          <Badge value={d.status} /> <code>{d.webhook_id}</code> · {d.event_type} · {d.attempt_count} attempt(s)
          {d.last_error ? <span class="muted"> · {d.last_error}</span> : null}
          <ol class="timeline">
            {d.attempts.map((a) => (
              <li key={a.number}>
                #{a.number} {time(a.attempted_at)} → {a.status_code ?? 'no answer'} in {a.latency_ms} ms <Badge value={a.outcome} />
                {a.error ? <span class="muted"> {a.error}</span> : null}
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ul>
  );
}

function Webhooks() {
  const { api, role } = useApp();
  const may = atLeast(role, 'maintainer');
  const list = useLoad(() => (may ? api.get<{ items: Webhook[] }>('/v1/webhooks?limit=100') : Promise.resolve({ items: [] as Webhook[] })), [may]);
  const [secret, setSecret] = useState<{ label: string; value: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState('');
  const [history, setHistory] = useState<string | null>(null);
  if (!may) return null;
  const run = <T,>(promise: Promise<T>, then?: (value: T) => void) => {
    setError(null);
    promise.then((value) => {
      then?.(value);
      list.reload();
    }, setError);
  };
  const path = (w: Webhook) => `/v1/webhooks/${encodeURIComponent(w.webhook_id)}`;
  return (
    <Section title="Webhooks">
      {secret ? <SecretOnce label={secret.label} value={secret.value} onDone={() => setSecret(null)} /> : null}
      <ErrorBox error={error ?? list.error} />
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const event_types = types
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean);
          run(
            api.send<{ secret: string; url: string }>('POST', '/v1/webhooks', { url, ...(event_types.length ? { event_types } : {}) }),
            (created) => {
              setSecret({ label: `Signing secret of ${created.url}`, value: created.secret });
              setUrl('');
            },
          );
        }}
      >
        <label>
          URL <input required type="url" value={url} onInput={(e) => setUrl((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          Event types <input value={types} placeholder="all, or e.g. submission.*" onInput={(e) => setTypes((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">Add webhook</button>
      </form>
      {list.data && list.data.items.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Endpoint</th>
              <th scope="col">Filters</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((w) => (
              <>
                <tr key={w.webhook_id}>
                  <td>
                    <NamedId name={w.url} id={w.webhook_id} />
                  </td>
                  <td>
                    {w.event_types.length ? w.event_types.join(', ') : 'all events'} · ≥ {w.min_priority}
                  </td>
                  <td>
                    <Badge value={w.enabled ? 'enabled' : 'disabled'} />
                    {w.disabled_reason ? <div class="muted small">{w.disabled_reason}</div> : null}
                  </td>
                  <td class="actions">
                    <button type="button" onClick={() => run(api.send('POST', `${path(w)}/test`))}>
                      Test
                    </button>
                    <button
                      type="button"
                      onClick={() =>
                        run(api.send<{ secret: string }>('POST', `${path(w)}/rotate-secret`, { overlap_seconds: 3600 }), (r) =>
                          setSecret({ label: `New secret of ${w.url} (the old one signs for 1 more hour)`, value: r.secret }),
                        )
                      }
                    >
                      Rotate secret
                    </button>
                    <button type="button" onClick={() => run(api.send('PATCH', path(w), { enabled: !w.enabled }))}>
                      {w.enabled ? 'Pause' : 'Re-enable (replays)'}
                    </button>
                    <button type="button" onClick={() => setHistory(history === w.webhook_id ? null : w.webhook_id)}>
                      History
                    </button>
                    <ConfirmButton danger question={`Delete the webhook to ${w.url}?`} onConfirm={() => run(api.send('DELETE', path(w)))}>
                      Delete
                    </ConfirmButton>
                  </td>
                </tr>
                {history === w.webhook_id ? (
                  <DetailRow key={`${w.webhook_id}-history`} columns={4}>
                    <WebhookHistory path={`${path(w)}/deliveries?limit=50`} />
                  </DetailRow>
                ) : null}
              </>
            ))}
          </tbody>
        </table>
      ) : null}
    </Section>
  );
}

function WebhookHistory({ path }: { path: string }) {
  const { api } = useApp();
  const page = useLoad(() => api.get<{ items: Delivery[] }>(path), [path]);
  if (page.error) return <ErrorBox error={page.error} />;
  if (!page.data) return <Loading what="deliveries" />;
  return <DeliveryList deliveries={page.data.items} />;
}
