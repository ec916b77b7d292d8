// Small shared pieces: links, the error box (message and correlation id), badges, times.
import type { ComponentChildren } from 'preact';
import { ApiError } from '../api/client.ts';
import { navigate } from '../router.ts';

export function Link({ href, children, class: className }: { href: string; children: ComponentChildren; class?: string }) {
  return (
    <a
      href={href}
      class={className}
      onClick={(event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}

export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const api = error instanceof ApiError ? error : null;
  return (
    <div class="error" role="alert">
      <strong>{api ? `${api.code} (${api.status || 'no answer'})` : 'Error'}: </strong>
      {error instanceof Error ? error.message : String(error)}
      {api?.correlationId ? (
        <div class="correlation">
          correlation id <code data-testid="correlation-id">{api.correlationId}</code>
        </div>
      ) : null}
    </div>
  );
}

/** A table cell's main text with the thing's id under it. */
export function NamedId({ name, id }: { name: string; id: string }) {
  return (
    <>
      {name}
      <div class="muted small">
        <code>{id}</code>
      </div>
    </>
  );
}

/** The row a table opens under one of its rows (deliveries, history), across every column. */
export function DetailRow({ columns, children }: { columns: number; children: ComponentChildren }) {
  return (
    <tr>
      <td colSpan={columns}>{children}</td>
    </tr>
  );
}

export function Badge({ value, kind }: { value: string; kind?: string }) {
  return <span class={`badge badge-${kind ?? value}`}>{value}</span>;
}

// One formatter for every time shown: toLocaleString builds a new one per call (~10× slower on a 1,000-row board).
// Built on first use, not at start-up: the first one in a tab loads the locale's data (60–110 ms in a new
// Chromium tab), which at module scope delayed every request the page makes (warmUpFormatters).
let dateTime: Intl.DateTimeFormat | undefined;
const dateTimeFormat = (): Intl.DateTimeFormat => (dateTime ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' }));
export const time = (iso: string | null | undefined): string => (iso ? dateTimeFormat().format(new Date(iso)) : '—');

/** Builds the formatter when the page is idle (its requests in flight), so the first rows with times do not pay for it. */
export function warmUpFormatters(): void {
  const build = () => void dateTimeFormat();
  if (typeof requestIdleCallback === 'function') requestIdleCallback(build, { timeout: 500 });
  else setTimeout(build, 50);
}
export const score = (value: number | null | undefined): string => (typeof value === 'number' ? value.toFixed(3) : '—');

export function Loading({ what }: { what: string }) {
  return <p class="muted">Loading {what}…</p>;
}

export function Section({ title, children, actions }: { title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <section>
      <div class="section-head">
        <h2>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
