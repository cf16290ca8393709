import { strict as assert } from 'node:assert';
import { clientAddressHash, clientNetwork } from '../../src/services/client-address';

describe('client address as the ip policy counts it', () => {
  it('counts an IPv6 client per /64, however the address is written', () => {
    assert.equal(clientNetwork('2001:db8:1:2:3:4:5:6'), '2001:db8:1:2::/64');
    assert.equal(clientNetwork('2001:db8:1:2::ffff'), '2001:db8:1:2::/64');
    assert.equal(clientNetwork('2001:0db8:0001:0002:0:0:0:1'), '2001:db8:1:2::/64');
    assert.equal(clientNetwork('2001:db8::1'), '2001:db8:0:0::/64');
    assert.notEqual(clientNetwork('2001:db8:1:3::1'), clientNetwork('2001:db8:1:2::1'));
  });

  it('counts IPv4 per address, also when mapped into IPv6', () => {
    assert.equal(clientNetwork('203.0.113.7'), '203.0.113.7');
    assert.equal(clientNetwork('::ffff:203.0.113.7'), '203.0.113.7');
    assert.notEqual(clientNetwork('203.0.113.8'), clientNetwork('203.0.113.7'));
  });

  it('stores a keyed hash, never the address', () => {
    const hash = clientAddressHash('s'.repeat(40), '2001:db8:1:2::5');
    assert.equal(hash, clientAddressHash('s'.repeat(40), '2001:db8:1:2:ffff::9'));
    assert.ok(!hash.includes('2001'));
    assert.notEqual(hash, clientAddressHash('t'.repeat(40), '2001:db8:1:2::5'));
  });
});
