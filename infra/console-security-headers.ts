// The security headers the console is served with: the Content-Security-Policy and the other
// headers CloudFront's response headers policy adds (infra/constructs/console-hosting.ts). Pure
// values, no aws-cdk-lib, so the twin can serve the console with the same policy.
//
// The HTTP API is served from the console's own origin (the distribution's /v1/*, /health and
// /openapi.json behaviors), so `connect-src` names only 'self', the WebSocket API and the Cognito
// domain (its token endpoint): the API's CORS never needs to name the distribution, and the
// distribution's policy never needs to name the API's URL.

export interface ConsoleCspSources {
  /** Origin of the WebSocket API, e.g. `wss://abc123.execute-api.eu-west-1.amazonaws.com`. */
  webSocketOrigin: string;
  /** Origin of the Cognito domain, e.g. `https://scorecast-1a2b3c4d.auth.eu-west-1.amazoncognito.com`. */
  cognitoOrigin: string;
}

/**
 * The directives, in order. Scripts, styles, fonts and workers only from the console's origin (no
 * inline script, no eval); images also as data: URLs; nothing may frame the console; forms post
 * only to it; no plugins; `<base>` cannot be changed.
 */
export function consoleCspDirectives(sources: ConsoleCspSources): [string, string][] {
  return [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self'"],
    ['img-src', "'self' data:"],
    ['font-src', "'self'"],
    ['connect-src', `'self' ${sources.webSocketOrigin} ${sources.cognitoOrigin}`],
    ['worker-src', "'self'"],
    ['manifest-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
    ['upgrade-insecure-requests', ''],
  ];
}

/** The Content-Security-Policy header value. */
export function consoleContentSecurityPolicy(sources: ConsoleCspSources): string {
  return consoleCspDirectives(sources)
    .map(([name, value]) => (value ? `${name} ${value}` : name))
    .join('; ');
}

/** HSTS lifetime: two years, the value browsers' preload lists ask for (the header omits `preload`). */
export const HSTS_MAX_AGE_SECONDS = 2 * 365 * 24 * 60 * 60;

/** Headers beyond the ones CloudFront's security-headers settings cover. */
export const CONSOLE_EXTRA_HEADERS: Readonly<Record<string, string>> = {
  // No camera, microphone, location, payment or USB for the console or anything it loads.
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  // A window the console opens (none today) cannot reach back into it, nor it into them.
  'Cross-Origin-Opener-Policy': 'same-origin',
};
