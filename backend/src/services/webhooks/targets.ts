import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { LIMITS } from '@votewire/wire/limits';
import { badRequest } from '../../errors';

export interface Address {
  address: string;
  family: 4 | 6;
}

/** Name resolution, replaceable so a test can play a DNS server that rebinds a name. */
export type Resolve = (hostname: string) => Promise<Address[]>;

export const systemResolve: Resolve = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

const refused = (message: string) => badRequest('webhook_url_not_allowed', message);

/** Only global unicast addresses: no loopback, private, link-local, CGNAT, multicast, reserved or documentation ranges. */
export function isPublicAddress(address: string): boolean {
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

/**
 * Where a webhook may be sent: https to public addresses; with `allowPrivate` (development and
 * tests) http and loopback or private addresses too. The URL's form is checked when it is saved;
 * its addresses both then and before every delivery, which then connects to the address checked.
 */
export class WebhookTargets {
  constructor(
    private readonly allowPrivate: boolean,
    private readonly resolve: Resolve = systemResolve,
  ) {}

  /** The URL as stored; a 400 webhook_url_not_allowed naming what is wrong. */
  parse(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw.trim());
    } catch {
      throw refused('url must be an absolute URL such as https://hooks.example.com/votewire');
    }
    const schemes = this.allowPrivate ? ['https:', 'http:'] : ['https:'];
    if (!schemes.includes(url.protocol)) throw refused('url must use https');
    if (url.username || url.password) throw refused('url must not carry credentials');
    url.hash = '';
    // Normalising can lengthen it (punycode): the stored form must still fit.
    if (url.href.length > LIMITS.webhookUrl.max) throw refused(`url must be at most ${LIMITS.webhookUrl.max} characters long`);
    return url;
  }

  /**
   * The address to connect to: every address the name resolves to must be allowed (a name with one
   * public and one private address is refused), and the connection goes to the first, not to a
   * second resolution that a rebinding DNS server could answer differently.
   */
  async address(url: URL): Promise<Address> {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    let addresses: Address[];
    try {
      addresses = ipaddr.isValid(host) ? [{ address: host, family: host.includes(':') ? 6 : 4 }] : await this.resolve(host);
    } catch {
      throw refused(`${host} does not resolve`);
    }
    if (addresses.length === 0) throw refused(`${host} does not resolve`);
    if (!this.allowPrivate) {
      const blocked = addresses.find((a) => !isPublicAddress(a.address));
      if (blocked) throw refused(`${host} resolves to ${blocked.address}, which is not a public address`);
    }
    return addresses[0]!;
  }
}
