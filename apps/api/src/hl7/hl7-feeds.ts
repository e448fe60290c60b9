import { createHash, timingSafeEqual } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import type { Feed } from './hl7-mapping-file';

/**
 * How a lab feed proves who it is. MLLP carries no credentials: the connection's address must be
 * one the feed's `allowFrom` lists (keep the listener on a private interface or behind a TLS
 * tunnel), and the message's MSH-3/MSH-4 must name that feed. Over HTTP the feed also sends its
 * secret as a bearer token, compared with the SHA-256 the mapping file holds.
 */
export type Channel = { kind: 'mllp'; peer: string } | { kind: 'http'; peer: string; bearer: string | undefined };

export function addressAllowed(feed: Feed, peer: string): boolean {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.process(peer);
  } catch {
    return false;
  }
  return feed.allowFrom.some((entry) => {
    try {
      const [network, bits] = entry.includes('/') ? ipaddr.parseCIDR(entry) : [ipaddr.process(entry), address.kind() === 'ipv4' ? 32 : 128];
      const target = network.kind() === 'ipv6' && (network as ipaddr.IPv6).isIPv4MappedAddress() ? (network as ipaddr.IPv6).toIPv4Address() : network;
      return target.kind() === address.kind() && address.match(target, bits);
    } catch {
      return false;
    }
  });
}

/** True when some feed accepts connections from this address (others are closed before reading). */
export function anyFeedAllows(feeds: ReadonlyArray<Feed>, peer: string): boolean {
  return feeds.some((feed) => addressAllowed(feed, peer));
}

function tokenMatches(feed: Feed, bearer: string | undefined): boolean {
  if (!feed.httpTokenSha256 || !bearer) return false;
  const given = createHash('sha256').update(bearer).digest();
  return timingSafeEqual(given, Buffer.from(feed.httpTokenSha256, 'hex'));
}

/** The feed that sent this message over this channel, or why none did (without saying which check failed). */
export function feedOf(feeds: ReadonlyArray<Feed>, sendingApplication: string, sendingFacility: string, channel: Channel): Feed | undefined {
  const feed = feeds.find((f) => f.sendingApplication === sendingApplication && f.sendingFacility === sendingFacility);
  if (!feed || !addressAllowed(feed, channel.peer)) return undefined;
  if (channel.kind === 'http' && !tokenMatches(feed, channel.bearer)) return undefined;
  return feed;
}
