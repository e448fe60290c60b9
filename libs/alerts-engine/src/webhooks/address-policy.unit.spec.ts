import { type ResolvedAddress, WebhookAddressPolicy, WebhookUrlRefused } from './address-policy';

/** A DNS of our own: names and what they resolve to. */
function resolver(table: Record<string, string[]>) {
  return async (hostname: string): Promise<ResolvedAddress[]> => {
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

const DNS = resolver({
  'hooks.example.com': ['93.184.216.34'],
  'dual.example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
  'internal.example.com': ['10.1.2.3'],
  'mixed.example.com': ['93.184.216.34', '192.168.0.10'],
  'rebind.example.com': ['127.0.0.1'],
  'v6-loopback.example.com': ['::1'],
  'mapped.example.com': ['::ffff:169.254.169.254'],
  'ehr-gw.hospital.local': ['10.20.0.7'],
});

async function refusal(policy: WebhookAddressPolicy, url: string): Promise<string> {
  try {
    await policy.target(url);
  } catch (error) {
    if (error instanceof WebhookUrlRefused) return error.reason;
    throw error;
  }
  throw new Error(`${url} was accepted`);
}

describe('webhook URLs under the default policy (https, public addresses only)', () => {
  const policy = new WebhookAddressPolicy({ allowedHosts: [], allowHttp: false, resolve: DNS });
  const lenient = new WebhookAddressPolicy({ allowedHosts: [], allowHttp: true, resolve: DNS });

  it.each([
    ['https://127.0.0.1/hook', 'address 127.0.0.1 is a loopback address'],
    ['https://2130706433/hook', 'address 127.0.0.1 is a loopback address'],
    ['https://0x7f.1/hook', 'address 127.0.0.1 is a loopback address'],
    ['https://0177.0.0.1/hook', 'address 127.0.0.1 is a loopback address'],
    ['https://127.1/hook', 'address 127.0.0.1 is a loopback address'],
    ['https://0x7f000001/hook', 'address 127.0.0.1 is a loopback address'],
    ['https://169.254.169.254/latest/meta-data', 'address 169.254.169.254 is a cloud instance-metadata address'],
    ['https://0xa9fea9fe/', 'address 169.254.169.254 is a cloud instance-metadata address'],
    ['https://169.254.1.1/', 'address 169.254.1.1 is a link-local address'],
    ['https://10.0.0.1/', 'address 10.0.0.1 is a private address'],
    ['https://172.16.5.4/', 'address 172.16.5.4 is a private address'],
    ['https://192.168.1.1/', 'address 192.168.1.1 is a private address'],
    ['https://100.64.0.1/', 'address 100.64.0.1 is a carrier-grade NAT (shared) address'],
    ['https://100.100.100.200/', 'address 100.100.100.200 is a cloud instance-metadata address'],
    ['https://224.0.0.1/', 'address 224.0.0.1 is a multicast address'],
    ['https://0.0.0.0/', 'address 0.0.0.0 is an unspecified address'],
    ['https://0/', 'address 0.0.0.0 is an unspecified address'],
    ['https://255.255.255.255/', 'address 255.255.255.255 is the broadcast address'],
    ['https://[::1]/', 'address ::1 is a loopback address'],
    ['https://[::]/', 'address :: is an unspecified address'],
    ['https://[::ffff:127.0.0.1]/', 'address 127.0.0.1 is a loopback address'],
    ['https://[::ffff:a9fe:a9fe]/', 'address 169.254.169.254 is a cloud instance-metadata address'],
    ['https://[fe80::1]/', 'address fe80::1 is a link-local address'],
    ['https://[fd00:ec2::254]/', 'address fd00:ec2::254 is a cloud instance-metadata address'],
    ['https://[fc00::5]/', 'address fc00::5 is a private (unique local) address'],
    ['https://[ff02::1]/', 'address ff02::1 is a multicast address'],
    ['https://[64:ff9b::7f00:1]/', 'address 64:ff9b::7f00:1 is a special-purpose address (rfc6052)'],
    ['https://localhost:8443/', 'host localhost is a local or cloud-metadata name'],
    ['https://LOCALHOST./', 'host localhost is a local or cloud-metadata name'],
    ['https://app.localhost/', 'host app.localhost is a local or cloud-metadata name'],
    ['https://metadata.google.internal/computeMetadata/v1/', 'host metadata.google.internal is a local or cloud-metadata name'],
    ['https://internal.example.com/', 'host internal.example.com resolves to 10.1.2.3, which is a private address'],
    ['https://mixed.example.com/', 'host mixed.example.com resolves to 192.168.0.10, which is a private address'],
    ['https://rebind.example.com/', 'host rebind.example.com resolves to 127.0.0.1, which is a loopback address'],
    ['https://v6-loopback.example.com/', 'host v6-loopback.example.com resolves to ::1, which is a loopback address'],
    ['https://mapped.example.com/', 'host mapped.example.com resolves to 169.254.169.254, which is a cloud instance-metadata address'],
    ['https://nowhere.example.com/', 'host nowhere.example.com does not resolve (ENOTFOUND)'],
    ['http://hooks.example.com/', 'the URL must use https (plain http is allowed only when WEBHOOK_ALLOW_HTTP=true)'],
    ['ftp://hooks.example.com/', 'the URL must use https'],
    ['file:///etc/passwd', 'the URL must use https'],
    ['https://user:secret@hooks.example.com/', 'the URL must not carry credentials'],
    ['https://:secret@hooks.example.com/', 'the URL must not carry credentials'],
    ['not a url', 'the URL is not a valid absolute URL'],
  ])('refuses %s: %s', async (url, reason) => {
    expect(await refusal(policy, url)).toContain(reason);
  });

  it('refuses the same addresses over plain http when http is allowed', async () => {
    expect(await refusal(lenient, 'http://127.0.0.1:3000/hook')).toContain('loopback');
    expect(await refusal(lenient, 'http://2130706433:3000/hook')).toContain('loopback');
  });

  it('accepts public hosts and addresses, and returns every checked address to connect to', async () => {
    expect((await policy.target('https://hooks.example.com/alerts')).addresses).toEqual([{ address: '93.184.216.34', family: 4 }]);
    expect((await policy.target('https://dual.example.com/')).addresses).toHaveLength(2);
    expect((await policy.target('https://93.184.216.34:8443/')).addresses).toEqual([{ address: '93.184.216.34', family: 4 }]);
    expect((await policy.target('https://[2606:2800:220:1:248:1893:25c8:1946]/')).addresses).toEqual([{ address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 }]);
    expect((await lenient.target('http://hooks.example.com/')).url.protocol).toBe('http:');
  });
});

describe('the operator allow-list', () => {
  const policy = new WebhookAddressPolicy({ allowedHosts: ['127.0.0.1', '10.20.0.0/16', 'ehr-gw.hospital.local', '::ffff:192.168.7.0/120'], allowHttp: true, resolve: DNS });

  it('lets the named addresses, networks and hosts through, and nothing next to them', async () => {
    await expect(policy.target('http://127.0.0.1:9000/hook')).resolves.toBeDefined();
    await expect(policy.target('http://2130706433:9000/hook')).resolves.toBeDefined();
    await expect(policy.target('http://10.20.3.4/')).resolves.toBeDefined();
    await expect(policy.target('https://ehr-gw.hospital.local/alerts')).resolves.toMatchObject({ addresses: [{ address: '10.20.0.7' }] });
    await expect(policy.target('https://192.168.7.9/')).resolves.toBeDefined();
    expect(await refusal(policy, 'http://127.0.0.2/')).toContain('loopback');
    expect(await refusal(policy, 'http://10.21.0.1/')).toContain('private');
    expect(await refusal(policy, 'https://192.168.8.1/')).toContain('private');
    expect(await refusal(policy, 'https://internal.example.com/')).toContain('private');
  });

  it('refuses entries that are neither names, addresses nor networks', () => {
    expect(() => new WebhookAddressPolicy({ allowedHosts: ['10.0.0.0/99'], allowHttp: false })).toThrow(/WEBHOOK_ALLOWED_HOSTS/);
  });
});
