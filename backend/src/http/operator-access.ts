import { BlockList, isIPv4 } from 'node:net';
import type { ParameterizedContext } from 'koa';
import type { Config } from '../config';
import { safeEqual } from '../services/secrets';

/**
 * Who may see operational detail (/metrics, the replica states in /readyz): a client on one of the
 * configured networks, or one that sends the metrics token as a bearer token. Everyone else sees
 * only whether the instance is up.
 */
export function operatorAccess({ metricsToken, networks }: Config['operator']): (ctx: ParameterizedContext) => boolean {
  const allowed = new BlockList();
  for (const entry of networks) {
    const [address, bits] = entry.split('/') as [string, string | undefined];
    const family = isIPv4(address) ? 'ipv4' : 'ipv6';
    if (bits === undefined) allowed.addAddress(address, family);
    else allowed.addSubnet(address, Number(bits), family);
  }
  return (ctx) => {
    const ip = ctx.ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, ''); // an IPv4 client of a dual-stack socket
    if (ip && allowed.check(ip, isIPv4(ip) ? 'ipv4' : 'ipv6')) return true;
    const sent = /^Bearer\s+(\S{1,500})$/i.exec(ctx.get('Authorization'))?.[1];
    return metricsToken !== null && sent !== undefined && safeEqual(sent, metricsToken);
  };
}
