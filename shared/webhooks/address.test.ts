import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, classifyAddress, ipv6Groups, refusedAddress } from './address.ts';

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['169.254.1.1', 'link_local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.1', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['2606:4700:4700::1111', 'public'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fd00:ec2::254', 'metadata'],
    ['fd12:3456::1', 'unique_local'],
    ['fc00::1', 'unique_local'],
    ['fe80::1', 'link_local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::169.254.169.254', 'metadata'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['2002:a9fe:a9fe::1', 'reserved'],
    ['2002:0808:0808::1', 'public'],
    ['[::1]', 'loopback'],
    ['fe80::1%eth0', 'link_local'],
    ['not-an-ip', 'reserved'],
  ])('%s is %s', (ip, kind) => {
    expect(classifyAddress(ip)).toBe(kind);
  });

  it('expands IPv6 groups', () => {
    expect(ipv6Groups('fd00:ec2::254')).toEqual([0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254]);
    expect(ipv6Groups('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
  });
});

describe('refusedAddress', () => {
  it('allows public addresses, and loopback only when told to', () => {
    expect(refusedAddress('8.8.8.8', { allowLoopback: false })).toBeNull();
    expect(refusedAddress('127.0.0.1', { allowLoopback: false })).toBe('127.0.0.1 is a loopback address');
    expect(refusedAddress('127.0.0.1', { allowLoopback: true })).toBeNull();
    expect(refusedAddress('::ffff:127.0.0.1', { allowLoopback: true })).toBeNull();
    expect(refusedAddress('10.0.0.1', { allowLoopback: true })).toBe('10.0.0.1 is a private address');
    expect(refusedAddress('169.254.169.254', { allowLoopback: true })).toBe('169.254.169.254 is a metadata address');
  });
});

describe('checkWebhookUrl', () => {
  const cloud = { allowLoopback: false };
  const twin = { allowLoopback: true };
  const reason = (url: string, policy = cloud) => {
    const check = checkWebhookUrl(url, policy);
    return check.ok ? null : check.reason;
  };

  it('accepts https to a public host', () => {
    expect(reason('https://hooks.example.com/scorecast')).toBeNull();
    expect(reason('https://8.8.8.8:8443/x')).toBeNull();
  });

  it('refuses http, other schemes, credentials and garbage', () => {
    expect(reason('http://hooks.example.com/x')).toBe('must use https');
    expect(reason('ftp://hooks.example.com/x')).toBe('must use https');
    expect(reason('https://user:pw@hooks.example.com/x')).toBe('must not carry credentials');
    expect(reason('hooks.example.com/x')).toBe('not a valid absolute URL');
  });

  it('refuses metadata, loopback, private and IPv4-mapped addresses however they are written', () => {
    for (const url of [
      'https://169.254.169.254/latest/meta-data/',
      'http://169.254.169.254/latest/meta-data/',
      'https://[fd00:ec2::254]/',
      'https://[::ffff:169.254.169.254]/',
      'https://[::ffff:a9fe:a9fe]/',
      'https://2852039166/', // 169.254.169.254 as one number
      'https://0xa9.0xfe.0xa9.0xfe/',
      'https://127.0.0.1/',
      'https://2130706433/',
      'https://[::1]/',
      'https://10.0.0.5/',
      'https://100.64.1.1/',
      'https://[fd12::1]/',
      'https://[fe80::1]/',
      'https://localhost/',
      'https://metadata.google.internal/',
      'https://printer.local/',
      'https://intranet/',
    ])
      expect(reason(url), url).toMatch(/^must point to a public address/);
    expect(reason('https://169.254.169.254/')).toBe('must point to a public address: 169.254.169.254 is a metadata address');
  });

  it('lets the twin use http (or https) to loopback, and nothing else private', () => {
    expect(reason('http://127.0.0.1:4000/hook', twin)).toBeNull();
    expect(reason('http://localhost:4000/hook', twin)).toBeNull();
    expect(reason('http://[::1]:4000/hook', twin)).toBeNull();
    expect(reason('https://127.0.0.1:4000/hook', twin)).toBeNull();
    expect(reason('http://hooks.example.com/x', twin)).toBe('must use https');
    expect(reason('http://10.0.0.1/', twin)).toMatch(/private address/);
    expect(reason('http://169.254.169.254/', twin)).toMatch(/metadata address/);
  });
});
