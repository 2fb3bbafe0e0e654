import { isIPv4, isIPv6 } from 'node:net';

/**
 * Whether an address (as Fastify's `request.ip` gives it) is a loopback one: 127.0.0.0/8, ::1,
 * or 127.0.0.0/8 mapped into IPv6. Protected mode serves these only.
 */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  if (isIPv4(v4)) return v4.startsWith('127.');
  if (!isIPv6(address)) return false;
  return /^(0{0,4}:){2,7}0{0,3}1$|^::1$/.test(address);
}
