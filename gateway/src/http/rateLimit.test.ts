import { clientBucket, trustProxySetting } from './rateLimit';

describe('clientBucket', () => {
  it('counts every address of one IPv6 /64 as one client', () => {
    const a = clientBucket('2001:db8:1:2:aaaa::1');
    expect(a).toBe('2001:db8:1:2::/64');
    expect(clientBucket('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe(a);
    expect(clientBucket('2001:db8:1:3::1')).not.toBe(a);
    expect(clientBucket('2001:db8::1')).toBe('2001:db8:0:0::/64');
  });

  it('keeps IPv4 addresses, also IPv4-mapped ones, as they are', () => {
    expect(clientBucket('203.0.113.7')).toBe('203.0.113.7');
    expect(clientBucket('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });
});

it('reads TRUST_PROXY digits as a hop count, anything else as addresses', () => {
  expect(trustProxySetting('1')).toBe(1);
  expect(trustProxySetting('10.0.0.0/8, 127.0.0.1')).toBe('10.0.0.0/8, 127.0.0.1');
});
