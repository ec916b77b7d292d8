// A button that asks before doing something that cannot be undone.
import type { ComponentChildren } from 'preact';

export function ConfirmButton({
  question,
  onConfirm,
  children,
  danger,
}: {
  question: string;
  onConfirm(): void;
  children: ComponentChildren;
  danger?: boolean;
}) {
  return (
    <button type="button" class={danger ? 'danger' : undefined} onClick={() => window.confirm(question) && onConfirm()}>
      {children}
    </button>
  );
}

/** A secret shown once: the value, a copy button and the warning that it will not be shown again. */
export function SecretOnce({ label, value, onDone }: { label: string; value: string; onDone(): void }) {
  return (
    <div class="secret" role="status">
      <p>
        <strong>{label}</strong> — copy it now: it is shown this once and cannot be read again.
      </p>
      <code data-testid="secret">{value}</code>{' '}
      <button type="button" onClick={() => void navigator.clipboard?.writeText(value)}>
        Copy
      </button>{' '}
      <button type="button" onClick={onDone}>
        I have saved it
      </button>
    </div>
  );
}
