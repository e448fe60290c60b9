import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where webhooks may go. A webhook URL is chosen by a user, and the worker POSTs alert JSON to it
 * from inside the hospital network: without this policy the URL is a way to reach loopback
 * services, the private network and cloud metadata (SSRF). Only public unicast addresses are
 * allowed, unless the operator's allow-list (WEBHOOK_ALLOWED_HOSTS) names the host or its network.
 *
 * Host names are parsed by the WHATWG URL parser first, which turns every IPv4 notation (decimal
 * `2130706433`, hex `0x7f.1`, octal `0177.0.0.1`, short `127.1`) into dotted form, so there is one
 * spelling to check. Names are resolved and every address they resolve to must pass; the caller
 * then connects to those checked addresses (see `pinnedPost`), never resolving again.
 */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));

export class WebhookUrlRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'WebhookUrlRefused';
  }
}

/** A URL that passed the policy, with the addresses a connection to it must use. */
export interface WebhookTarget {
  url: URL;
  addresses: ResolvedAddress[];
}

export interface WebhookAddressPolicyOptions {
  /** Host names, IP addresses or CIDR blocks allowed although not public. */
  allowedHosts: readonly string[];
  allowHttp: boolean;
  resolve?: Resolver;
}

/** Names that reach the local machine or a cloud's instance metadata, whatever they resolve to. */
const BLOCKED_NAMES = [/^localhost$/, /\.localhost$/, /^metadata$/, /^metadata\.google\.internal$/, /^metadata\.goog$/, /^instance-data(\.ec2\.internal)?$/];
/** Instance-metadata addresses, named so that a refusal says what was at stake. */
const METADATA_ADDRESSES = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', '192.0.0.192', 'fd00:ec2::254']);

const RANGE_NAMES: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT (shared) address',
  private: 'a private address',
  uniqueLocal: 'a private (unique local) address',
  reserved: 'a reserved address',
};

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

export class WebhookAddressPolicy {
  private readonly allowedNames = new Set<string>();
  private readonly allowedNetworks: Cidr[] = [];
  private readonly resolve: Resolver;

  constructor(private readonly options: WebhookAddressPolicyOptions) {
    this.resolve = options.resolve ?? systemResolver;
    for (const entry of options.allowedHosts) {
      const text = entry.trim().toLowerCase();
      if (ipaddr.isValidCIDR(text)) this.allowedNetworks.push(normaliseCidr(ipaddr.parseCIDR(text)));
      else if (ipaddr.isValid(text)) {
        const address = ipaddr.process(text);
        this.allowedNetworks.push([address, address.kind() === 'ipv4' ? 32 : 128]);
      } else if (/^[a-z0-9.-]+$/.test(text) && !/^[\d.]+$/.test(text)) this.allowedNames.add(stripDot(text));
      else throw new Error(`WEBHOOK_ALLOWED_HOSTS: ${entry} is neither a host name, an IP address nor a CIDR block`);
    }
  }

  /** The URL's form: scheme, credentials, literal addresses, blocked names. No DNS. */
  checkForm(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new WebhookUrlRefused('the URL is not a valid absolute URL');
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.options.allowHttp)) {
      throw new WebhookUrlRefused(this.options.allowHttp ? 'the URL must use https or http' : 'the URL must use https (plain http is allowed only when WEBHOOK_ALLOW_HTTP=true)');
    }
    if (url.username || url.password) throw new WebhookUrlRefused('the URL must not carry credentials (user:password@): deliveries are signed instead');
    const host = hostOf(url);
    if (isIP(host)) {
      this.checkAddress(host, host);
      return url;
    }
    if (!this.allowedNames.has(host) && BLOCKED_NAMES.some((pattern) => pattern.test(host))) {
      throw new WebhookUrlRefused(`host ${host} is a local or cloud-metadata name, refused unless WEBHOOK_ALLOWED_HOSTS names it`);
    }
    return url;
  }

  /** Checks the form, resolves the host, and checks every address it resolves to. */
  async target(raw: string): Promise<WebhookTarget> {
    const url = this.checkForm(raw);
    const host = hostOf(url);
    if (isIP(host)) return { url, addresses: [{ address: host, family: isIP(host) === 6 ? 6 : 4 }] };
    let addresses: ResolvedAddress[];
    try {
      addresses = await this.resolve(host);
    } catch (error) {
      throw new WebhookUrlRefused(`host ${host} does not resolve (${(error as { code?: string }).code ?? (error as Error).message})`);
    }
    if (addresses.length === 0) throw new WebhookUrlRefused(`host ${host} does not resolve`);
    if (!this.allowedNames.has(host)) for (const { address } of addresses) this.checkAddress(address, host);
    return { url, addresses };
  }

  private checkAddress(address: string, host: string): void {
    const parsed = ipaddr.process(address);
    if (this.allowedNetworks.some((network) => parsed.kind() === network[0].kind() && parsed.match(network))) return;
    const range = parsed.range();
    if (range === 'unicast') return;
    const normalised = parsed.toString();
    const what = METADATA_ADDRESSES.has(normalised) ? 'a cloud instance-metadata address' : (RANGE_NAMES[range] ?? `a special-purpose address (${range})`);
    const via = host === address ? `address ${normalised}` : `host ${host} resolves to ${normalised}, which`;
    throw new WebhookUrlRefused(`${via} is ${what}; refused unless WEBHOOK_ALLOWED_HOSTS names it`);
  }
}

function stripDot(host: string): string {
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

function hostOf(url: URL): string {
  return stripDot(url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase());
}

/** IPv4-mapped IPv6 networks (::ffff:10.0.0.0/104) are matched as the IPv4 networks they are. */
function normaliseCidr([address, bits]: Cidr): Cidr {
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
  return [address, bits];
}
