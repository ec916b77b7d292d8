// The page a signed-out visitor sees: why (expired, refused), and the way to sign in.
import { startSignIn } from '../auth/oauth.ts';
import type { ConsoleConfig } from '../config.ts';

const REASONS: Record<string, string> = {
  expired: 'Your session has expired. Sign in again to continue.',
  invalid: 'The sign-in token could not be read. Sign in again.',
  refused: 'The API refused your sign-in token. Sign in again.',
  signed_out: 'You are signed out.',
};

export function SignInPage({ config, reason, error }: { config: ConsoleConfig; reason: string; error?: string }) {
  const ready = Boolean(config.cognito_domain && config.client_id);
  return (
    <main class="sign-in">
      <h1>Scorecast console</h1>
      {REASONS[reason] ? <p role="status">{REASONS[reason]}</p> : null}
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      {ready ? (
        <button type="button" class="primary" onClick={() => void startSignIn(config.cognito_domain!, config.client_id!)}>
          Sign in
        </button>
      ) : (
        <p class="error" role="alert">
          config.json names no sign-in (cognito_domain, client_id).
        </p>
      )}
    </main>
  );
}
