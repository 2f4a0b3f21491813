/**
 * Which IP addresses a tenant's webhook may reach. A webhook URL is tenant input that the platform requests from
 * inside its own network, so without this check a tenant could probe or call internal services, the database or
 * the cloud metadata endpoint (169.254.169.254). Addresses are judged as bytes, after the host was resolved, so
 * every spelling of an address (`127.1`, `::ffff:127.0.0.1`, `::ffff:7f00:1`, NAT64 and 6to4 forms) meets the same
 * rule.
 */
import { isIP } from 'node:net';

interface Range {
  /** Network bytes (4 for IPv4, 16 for IPv6). */
  bytes: number[];
  prefix: number;
  label: string;
}

const v4 = (dotted: string, prefix: number, label: string): Range => ({ bytes: dotted.split('.').map(Number), prefix, label });

const FORBIDDEN_V4: readonly Range[] = [
  v4('0.0.0.0', 8, 'unspecified ("this network")'),
  v4('10.0.0.0', 8, 'private (RFC 1918)'),
  v4('100.64.0.0', 10, 'carrier-grade NAT (RFC 6598)'),
  v4('127.0.0.0', 8, 'loopback'),
  v4('169.254.0.0', 16, 'link-local (incl. cloud metadata)'),
  v4('172.16.0.0', 12, 'private (RFC 1918)'),
  v4('192.0.0.0', 24, 'IETF protocol assignments'),
  v4('192.168.0.0', 16, 'private (RFC 1918)'),
  v4('198.18.0.0', 15, 'benchmarking'),
  v4('224.0.0.0', 4, 'multicast'),
  v4('240.0.0.0', 4, 'reserved (incl. broadcast)'),
];

const v6 = (hex: string, prefix: number, label: string): Range => ({ bytes: parseIpv6(hex)!, prefix, label });

const FORBIDDEN_V6: readonly Range[] = [
  v6('::', 128, 'unspecified'),
  v6('::1', 128, 'loopback'),
  v6('fc00::', 7, 'unique local'),
  v6('fe80::', 10, 'link-local'),
  v6('fec0::', 10, 'site-local (deprecated)'),
  v6('ff00::', 8, 'multicast'),
  v6('100::', 64, 'discard-only'),
];

/** IPv6 prefixes that carry an IPv4 address in known bytes: judged by that IPv4 address. */
const EMBEDDED_V4: ReadonlyArray<{ range: Range; offset: number }> = [
  { range: v6('::ffff:0:0', 96, 'IPv4-mapped'), offset: 12 },
  { range: v6('::', 96, 'IPv4-compatible'), offset: 12 },
  { range: v6('64:ff9b::', 96, 'NAT64'), offset: 12 },
  { range: v6('2002::', 16, '6to4'), offset: 2 },
];

function inRange(bytes: readonly number[], range: Range): boolean {
  let bits = range.prefix;
  for (let index = 0; bits > 0; index += 1, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[index]! & mask) !== (range.bytes[index]! & mask)) return false;
  }
  return true;
}

/** 16 bytes, or null when the text is not an IPv6 address. Accepts a zone id (`fe80::1%eth0`) and a dotted tail. */
export function parseIpv6(text: string): number[] | null {
  const address = text.replace(/%.*$/, '');
  if (isIP(address) !== 6) return null;
  let groups = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    groups = `${address.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = groups.split('::') as [string, string | undefined];
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headParts.length - tailParts.length;
  const parts = [...headParts, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailParts];
  return parts.flatMap((part) => {
    const value = Number.parseInt(part, 16);
    return [value >> 8, value & 0xff];
  });
}

function judgeV4(bytes: readonly number[]): string | null {
  return FORBIDDEN_V4.find((range) => inRange(bytes, range))?.label ?? null;
}

/**
 * Why a webhook may not connect to this address (e.g. "loopback"), or null when it may. Anything that is not an
 * IP address is refused too: only resolved addresses are judged.
 */
export function forbiddenAddressReason(address: string): string | null {
  const family = isIP(address.replace(/%.*$/, ''));
  if (family === 4) return judgeV4(address.split('.').map(Number));
  if (family !== 6) return 'not an IP address';
  const bytes = parseIpv6(address)!;
  const own = FORBIDDEN_V6.find((range) => inRange(bytes, range));
  if (own) return own.label;
  for (const { range, offset } of EMBEDDED_V4) {
    if (!inRange(bytes, range)) continue;
    const reason = judgeV4(bytes.slice(offset, offset + 4));
    return reason === null ? null : `${reason}, ${range.label}`;
  }
  return null;
}
