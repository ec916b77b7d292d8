// The API reference: /openapi.json rendered as routes grouped by tag, each with who may call it,
// its parameters and its answers.
import { useApp } from '../app.ts';
import { useLoad } from '../ui/hooks.ts';
import { ErrorBox, Loading, Section } from '../ui/parts.tsx';

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  'x-scorecast-access'?: string;
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
  responses?: Record<string, { description?: string }>;
}

interface OpenApi {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
}

export function ApiPage() {
  const { config } = useApp();
  const doc = useLoad(async () => {
    const response = await fetch(`${config.api_url}/openapi.json`);
    if (!response.ok) throw new Error(`/openapi.json answered ${response.status}`);
    return (await response.json()) as OpenApi;
  }, []);
  if (doc.error) return <ErrorBox error={doc.error} />;
  if (!doc.data) return <Loading what="the API reference" />;
  const byTag = new Map<string, { path: string; method: string; op: Operation }[]>();
  for (const [path, methods] of Object.entries(doc.data.paths))
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags?.[0] ?? 'other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), { path, method, op }]);
    }
  return (
    <>
      <h1>
        {doc.data.info.title} <span class="muted small">{doc.data.info.version}</span>
      </h1>
      <p>
        The machine-readable document: <a href={`${config.api_url}/openapi.json`}>/openapi.json</a>
      </p>
      {[...byTag.entries()].map(([tag, ops]) => (
        <Section key={tag} title={tag}>
          {ops.map(({ path, method, op }) => (
            <details key={`${method} ${path}`} class="operation">
              <summary>
                <span class={`method method-${method}`}>{method.toUpperCase()}</span> <code>{path}</code> — {op.summary}{' '}
                <span class="muted small">({op['x-scorecast-access'] ?? 'any'})</span>
              </summary>
              {op.description ? <p>{op.description}</p> : null}
              {op.parameters?.length ? (
                <ul>
                  {op.parameters.map((p) => (
                    <li key={`${p.in}:${p.name}`}>
                      <code>{p.name}</code> ({p.in}
                      {p.required ? ', required' : ''}) {p.description ?? ''}
                    </li>
                  ))}
                </ul>
              ) : null}
              <ul>
                {Object.entries(op.responses ?? {}).map(([code, r]) => (
                  <li key={code}>
                    <code>{code}</code> {r.description ?? ''}
                  </li>
                ))}
              </ul>
            </details>
          ))}
        </Section>
      ))}
    </>
  );
}
