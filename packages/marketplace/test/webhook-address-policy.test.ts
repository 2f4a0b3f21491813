/** The webhook address policy from a table: every refused range (IPv4, IPv6, IPv4 inside IPv6) and public addresses. */
import { describe, expect, it } from 'vitest';
import { forbiddenAddressReason, parseIpv6 } from '../plugins/signed-webhooks/address-policy.ts';

const REFUSED: ReadonlyArray<[string, RegExp]> = [
  ['127.0.0.1', /loopback/],
  ['127.255.255.254', /loopback/],
  ['10.0.0.1', /RFC 1918/],
  ['10.255.255.255', /RFC 1918/],
  ['172.16.0.1', /RFC 1918/],
  ['172.31.255.255', /RFC 1918/],
  ['192.168.1.1', /RFC 1918/],
  ['169.254.169.254', /link-local/],
  ['169.254.0.1', /link-local/],
  ['100.64.0.1', /carrier-grade NAT/],
  ['100.127.255.255', /carrier-grade NAT/],
  ['0.0.0.0', /unspecified/],
  ['0.1.2.3', /unspecified/],
  ['224.0.0.1', /multicast/],
  ['239.255.255.250', /multicast/],
  ['255.255.255.255', /reserved/],
  ['240.0.0.1', /reserved/],
  ['::1', /loopback/],
  ['::', /unspecified/],
  ['0:0:0:0:0:0:0:1', /loopback/],
  ['fe80::1', /link-local/],
  ['fe80::1%eth0', /link-local/],
  ['febf:ffff::1', /link-local/],
  ['fc00::1', /unique local/],
  ['fd12:3456:789a::1', /unique local/],
  ['ff02::1', /multicast/],
  ['ff05::1:3', /multicast/],
  ['::ffff:127.0.0.1', /loopback, IPv4-mapped/],
  ['::ffff:7f00:1', /loopback, IPv4-mapped/],
  ['0:0:0:0:0:ffff:7f00:0001', /loopback, IPv4-mapped/],
  ['::ffff:10.1.2.3', /RFC 1918\), IPv4-mapped/],
  ['::ffff:169.254.169.254', /link-local .*IPv4-mapped/],
  ['::ffff:192.168.0.1', /RFC 1918/],
  ['::127.0.0.1', /loopback, IPv4-compatible/],
  ['64:ff9b::a9fe:a9fe', /link-local .*NAT64/],
  ['64:ff9b::127.0.0.1', /loopback, NAT64/],
  ['2002:7f00:1::', /loopback, 6to4/],
  ['2002:c0a8:101::1', /RFC 1918\), 6to4/],
  ['localhost', /not an IP address/],
  ['127.1', /not an IP address/],
  ['', /not an IP address/],
];

const ALLOWED = [
  '8.8.8.8', '1.1.1.1', '93.184.216.34', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1', '169.253.255.255',
  '223.255.255.255', '11.0.0.1', '192.169.0.1',
  '2606:4700:4700::1111', '2001:4860:4860::8888', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1', 'fbff::1', 'fec0::1'.replace('fec0', '2a00'),
];

describe('webhook address policy', () => {
  it.each(REFUSED)('refuses %s', (address, reason) => {
    expect(forbiddenAddressReason(address)).toMatch(reason);
  });

  it.each(ALLOWED)('allows the public address %s', (address) => {
    expect(forbiddenAddressReason(address)).toBeNull();
  });

  it('parses every IPv6 spelling to the same 16 bytes', () => {
    const loopbackMapped = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1];
    for (const spelling of ['::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:7f00:1', '::FFFF:7F00:0001']) {
      expect(parseIpv6(spelling)).toEqual(loopbackMapped);
    }
    expect(parseIpv6('1::')).toEqual([0, 1, ...Array(14).fill(0)]);
    expect(parseIpv6('127.0.0.1')).toBeNull();
  });
});
