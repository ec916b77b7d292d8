// Where a webhook may point (SSRF): in the cloud only `https` to public addresses. Loopback,
// private, link-local, CGNAT, unique-local, metadata, multicast and reserved addresses are refused,
// also in their IPv4-mapped (and NAT64, 6to4) IPv6 forms — at registration on the URL's host, and
// at delivery on every address the host resolves to. The twin also allows `http` (and https) to
// loopback, for local receivers (WEBHOOK_ALLOW_LOOPBACK). Plain TypeScript on node:net.
import { isIP } from 'node:net';

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'metadata'
  | 'cgnat'
  | 'unique_local'
  | 'unspecified'
  | 'multicast'
  | 'reserved';

/** [first address as a number, prefix length, class], most specific first. */
const V4_RANGES: [string, number, AddressClass][] = [
  ['169.254.169.254', 32, 'metadata'],
  ['169.254.170.2', 32, 'metadata'], // ECS task metadata
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'cgnat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link_local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

const v4Number = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);

function classifyV4(ip: string): AddressClass {
  const n = v4Number(ip);
  for (const [start, bits, kind] of V4_RANGES) {
    const size = 2 ** (32 - bits);
    const first = v4Number(start);
    if (n >= first && n < first + size) return kind;
  }
  return 'public';
}

/** The eight 16-bit groups of an IPv6 address (with `::` expanded and a dotted IPv4 tail converted). */
export function ipv6Groups(ip: string): number[] {
  let text = ip.toLowerCase().split('%')[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const n = v4Number(dotted[1]!);
    text = `${text.slice(0, -dotted[1]!.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  const zeros = tail === undefined ? [] : new Array(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}

const v4Of = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

function classifyV6(ip: string): AddressClass {
  const g = ipv6Groups(ip);
  const [a, b, c, d, e, f, h, i] = g as [number, number, number, number, number, number, number, number];
  if (g.every((x) => x === 0)) return 'unspecified';
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && f === 0 && h === 0 && i === 1) return 'loopback';
  // IPv4-mapped ::ffff:a.b.c.d and the deprecated IPv4-compatible ::a.b.c.d: the IPv4 address decides.
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && (f === 0xffff || f === 0)) return classifyV4(v4Of(h, i));
  // NAT64 64:ff9b::/96 reaches the embedded IPv4 address.
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) return classifyV4(v4Of(h, i));
  // 6to4 2002:AABB:CCDD::/48 reaches AA.BB.CC.DD.
  if (a === 0x2002) return classifyV4(v4Of(b, c)) === 'public' ? 'public' : 'reserved';
  if (a === 0xfd00 && b === 0x0ec2 && c === 0 && d === 0 && e === 0 && f === 0 && h === 0 && i === 0x254) return 'metadata';
  if ((a & 0xfe00) === 0xfc00) return 'unique_local';
  if ((a & 0xffc0) === 0xfe80) return 'link_local';
  if ((a & 0xff00) === 0xff00) return 'multicast';
  if (a === 0x2001 && b === 0x0db8) return 'reserved'; // documentation
  if (a === 0x0100 && b === 0 && c === 0 && d === 0) return 'reserved'; // discard
  if (a === 0x2001 && b < 0x0200) return 'reserved'; // IETF protocol assignments (Teredo, …)
  if ((a & 0xe000) !== 0x2000) return 'reserved'; // outside global unicast 2000::/3
  return 'public';
}

/** The class of an IP address literal; anything that is not one is `reserved`. */
export function classifyAddress(ip: string): AddressClass {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const version = isIP(bare.split('%')[0]!);
  if (version === 4) return classifyV4(bare);
  if (version === 6) return classifyV6(bare);
  return 'reserved';
}

export interface AddressPolicy {
  /** The twin: loopback addresses (and `localhost`) are allowed, over http too. */
  allowLoopback: boolean;
}

/** null when a delivery may connect to this address, else why not. */
export function refusedAddress(ip: string, policy: AddressPolicy): string | null {
  const kind = classifyAddress(ip);
  if (kind === 'public' || (kind === 'loopback' && policy.allowLoopback)) return null;
  return `${ip} is a ${kind.replace('_', '-')} address`;
}

/** Names that never lead to a public address: loopback names, mDNS, private-use TLDs, single labels. */
function refusedName(host: string, policy: AddressPolicy): string | null {
  if (host === 'localhost' || host.endsWith('.localhost')) return policy.allowLoopback ? null : `${host} is a loopback name`;
  if (host.endsWith('.local') || host.endsWith('.internal') || host.endsWith('.home.arpa') || host.endsWith('.lan'))
    return `${host} is a private-use name`;
  if (!host.includes('.')) return `${host} is not a fully qualified domain name`;
  return null;
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** Registration's check of a webhook URL (its host as written; delivery checks the resolved addresses again). */
export function checkWebhookUrl(raw: string, policy: AddressPolicy): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a valid absolute URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'must use https' };
  if (url.username || url.password) return { ok: false, reason: 'must not carry credentials' };
  // WHATWG URL normalises 2130706433, 0x7f.1 and friends to dotted IPv4, and keeps IPv6 in brackets.
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const literal = host.startsWith('[') ? host.slice(1, -1) : host;
  const isLiteral = isIP(literal) !== 0;
  const loopback = isLiteral ? classifyAddress(literal) === 'loopback' : host === 'localhost' || host.endsWith('.localhost');
  const refused = isLiteral ? refusedAddress(literal, policy) : refusedName(host, policy);
  if (refused) return { ok: false, reason: `must point to a public address: ${refused}` };
  if (url.protocol === 'http:' && !(policy.allowLoopback && loopback)) return { ok: false, reason: 'must use https' };
  return { ok: true, url };
}
