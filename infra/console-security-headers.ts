// The security headers the console is served with: the Content-Security-Policy and the other
// headers CloudFront's response headers policy adds (infra/constructs/console-hosting.ts), and the
// twin's console server sends the same (infra/local/console-server.ts, consoleSecurityHeaders with
// the twin's origins). Pure values, no aws-cdk-lib.
//
// The HTTP API is served from the console's own origin (the distribution's /v1/*, /health and
// /openapi.json behaviors), so `connect-src` names only 'self', the WebSocket API and the Cognito
// domain (its token endpoint): the API's CORS never needs to name the distribution, and the
// distribution's policy never needs to name the API's URL.

export interface ConsoleCspSources {
  /** Origin of the WebSocket API, e.g. `wss://abc123.execute-api.eu-west-1.amazonaws.com`. */
  webSocketOrigin: string;
  /** Origin of the Cognito domain, e.g. `https://scorecast-1a2b3c4d.auth.eu-west-1.amazoncognito.com` (the twin: its local issuer); null: none to reach. */
  cognitoOrigin: string | null;
  /**
   * Origin of the HTTP API when it is not the console's own: the twin's API listens on its own port.
   * Omitted in the cloud, where the distribution serves the API ('self').
   */
  apiOrigin?: string;
}

export interface ConsoleTransport {
  /**
   * Served over plain HTTP on loopback (the twin): no `upgrade-insecure-requests`, which would ask
   * the browser to fetch the API, the WebSocket API and the issuer over https:// and wss://, which
   * the twin does not serve. Default false (the cloud: HTTPS only).
   */
  plainHttp?: boolean;
}

/**
 * The directives, in order. Scripts, styles, fonts and workers only from the console's origin (no
 * inline script, no eval); images also as data: URLs; nothing may frame the console; forms post
 * only to it; no plugins; `<base>` cannot be changed.
 */
export function consoleCspDirectives(sources: ConsoleCspSources, transport: ConsoleTransport = {}): [string, string][] {
  const connect = ["'self'", sources.apiOrigin, sources.webSocketOrigin, sources.cognitoOrigin].filter((source) => typeof source === 'string');
  const directives: [string, string][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self'"],
    ['img-src', "'self' data:"],
    ['font-src', "'self'"],
    ['connect-src', connect.join(' ')],
    ['worker-src', "'self'"],
    ['manifest-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
  ];
  if (!transport.plainHttp) directives.push(['upgrade-insecure-requests', '']);
  return directives;
}

/** The Content-Security-Policy header value. */
export function consoleContentSecurityPolicy(sources: ConsoleCspSources, transport: ConsoleTransport = {}): string {
  return consoleCspDirectives(sources, transport)
    .map(([name, value]) => (value ? `${name} ${value}` : name))
    .join('; ');
}

/** HSTS lifetime: two years, the value browsers' preload lists ask for (the header omits `preload`). */
export const HSTS_MAX_AGE_SECONDS = 2 * 365 * 24 * 60 * 60;

/**
 * CloudFront's security-headers settings (console-hosting.ts passes them to its response headers
 * policy), as values: no framing, no referrer, HSTS for two years with subdomains, the legacy XSS
 * auditor off (`0`, as current guidance has it; the CSP does that job).
 */
export const CONSOLE_SECURITY_SETTINGS = {
  frameOption: 'DENY',
  referrerPolicy: 'no-referrer',
  hstsMaxAgeSeconds: HSTS_MAX_AGE_SECONDS,
  hstsIncludeSubdomains: true,
  xssProtection: false,
} as const;

/** Headers beyond the ones CloudFront's security-headers settings cover. */
export const CONSOLE_EXTRA_HEADERS: Readonly<Record<string, string>> = {
  // No camera, microphone, location, payment or USB for the console or anything it loads.
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  // A window the console opens (none today) cannot reach back into it, nor it into them.
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * Every security header as the browser receives it, CloudFront's rendering of the settings above
 * included: what the twin's console server sends. (Over plain HTTP, browsers ignore HSTS, as RFC
 * 6797 has them; it is sent all the same, so the twin's list is the cloud's.)
 */
export function consoleSecurityHeaders(sources: ConsoleCspSources, transport: ConsoleTransport = {}): Record<string, string> {
  const settings = CONSOLE_SECURITY_SETTINGS;
  return {
    'Content-Security-Policy': consoleContentSecurityPolicy(sources, transport),
    'Strict-Transport-Security': `max-age=${settings.hstsMaxAgeSeconds}${settings.hstsIncludeSubdomains ? '; includeSubDomains' : ''}`,
    'X-Frame-Options': settings.frameOption,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': settings.referrerPolicy,
    'X-XSS-Protection': settings.xssProtection ? '1; mode=block' : '0',
    ...CONSOLE_EXTRA_HEADERS,
  };
}
