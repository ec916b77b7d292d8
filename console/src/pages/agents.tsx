// Agents: the list, register (key shown once), rotate with a grace period, revoke with confirmation;
// each agent's live status from the `events` channel (agent.status_changed).
import { useState } from 'preact/hooks';
import { useApp } from '../app.ts';
import { atLeast } from '../auth/token.ts';
import { useChannel } from '../realtime/use-channel.ts';
import { ConfirmButton, SecretOnce } from '../ui/confirm-button.tsx';
import { useLoad } from '../ui/hooks.ts';
import { Badge, ErrorBox, Loading, NamedId, Section, time } from '../ui/parts.tsx';

interface Agent {
  agent_id: string;
  name: string;
  description?: string | null;
  status: string;
  key_hint?: string | null;
  created_at: string;
  revoked_at?: string | null;
}

export function AgentsPage() {
  const { api, role } = useApp();
  const list = useLoad(() => api.get<{ items: Agent[] }>('/v1/agents?limit=200'), []);
  const [secret, setSecret] = useState<{ label: string; value: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [name, setName] = useState('');
  const [live, setLive] = useState<Record<string, string>>({});
  useChannel('events', (applied) => {
    const data = applied.data as { type?: string; agent_id?: string; status?: string };
    if (applied.type === 'update' && data.type === 'agent.status_changed' && data.agent_id && data.status) {
      const { agent_id, status } = data;
      setLive((previous) => ({ ...previous, [agent_id]: status }));
    }
  });
  const may = atLeast(role, 'maintainer');
  const run = <T,>(promise: Promise<T>, then?: (value: T) => void) => {
    setError(null);
    promise.then((value) => {
      then?.(value);
      list.reload();
    }, setError);
  };
  return (
    <Section title="Agents">
      {secret ? <SecretOnce label={secret.label} value={secret.value} onDone={() => setSecret(null)} /> : null}
      <ErrorBox error={error ?? list.error} />
      {may ? (
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            run(api.send<Agent & { api_key: string }>('POST', '/v1/agents', { name }), (agent) => {
              setSecret({ label: `API key of ${agent.name}`, value: agent.api_key });
              setName('');
            });
          }}
        >
          <label>
            Name <input required value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit">Register agent</button>
        </form>
      ) : null}
      {!list.data && list.loading ? <Loading what="agents" /> : null}
      {list.data ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Status</th>
              <th scope="col">Live</th>
              <th scope="col">Key</th>
              <th scope="col">Created</th>
              {may ? <th scope="col">Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((a) => (
              <tr key={a.agent_id}>
                <td>
                  <NamedId name={a.name} id={a.agent_id} />
                </td>
                <td>
                  <Badge value={a.status} />
                </td>
                <td>{live[a.agent_id] ? <Badge value={live[a.agent_id]!} /> : <span class="muted">—</span>}</td>
                <td>{a.key_hint ? <code>…{a.key_hint}</code> : '—'}</td>
                <td>{time(a.created_at)}</td>
                {may ? (
                  <td class="actions">
                    {a.status === 'active' ? (
                      <>
                        <button
                          type="button"
                          onClick={() =>
                            run(api.send<{ api_key: string }>('POST', `/v1/agents/${a.agent_id}/keys`, { grace_period_seconds: 300 }), (rotated) =>
                              setSecret({ label: `New API key of ${a.name} (the old one works 5 more minutes)`, value: rotated.api_key }),
                            )
                          }
                        >
                          Rotate key
                        </button>
                        <ConfirmButton
                          danger
                          question={`Revoke ${a.name}? Its keys stop working and this cannot be undone.`}
                          onConfirm={() => run(api.send('DELETE', `/v1/agents/${a.agent_id}`))}
                        >
                          Revoke
                        </ConfirmButton>
                      </>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Section>
  );
}
