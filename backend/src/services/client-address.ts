import { isIPv4, isIPv6 } from 'node:net';
import { hmac } from './secrets';

/**
 * The part of a client address that names one client: an IPv4 address, or the /64 network of an
 * IPv6 address, since one subscriber is routinely given a whole /64 and could vote from each of
 * its 2^64 addresses. An IPv4 address mapped into IPv6 (::ffff:a.b.c.d) counts as the IPv4 address.
 */
export function clientNetwork(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIPv4(ip) || !isIPv6(ip)) return ip;
  const [head, tail = ''] = ip.split('%')[0]!.split('::') as [string, string?];
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  // An embedded IPv4 tail (…:1.2.3.4) sits beyond the first 64 bits, so it never matters here.
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':') + '::/64';
}

/** The keyed hash stored with a ballot and counted by the `ip` policy: the address itself is never stored. */
export const clientAddressHash = (secret: string, ip: string) => hmac(secret, `ip:${clientNetwork(ip)}`);
