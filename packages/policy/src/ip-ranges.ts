import { BlockList, isIP } from 'node:net';

/** A set of CIDR ranges (IpAddress / NotIpAddress condition values). */
export class IpRanges {
  private readonly ranges = new BlockList();

  /** Throws a message for the policy author when `cidr` is not `address` or `address/prefix`. */
  add(cidr: string): void {
    const slash = cidr.indexOf('/');
    const address = slash === -1 ? cidr : cidr.slice(0, slash);
    const family = isIP(address);
    if (family === 0) throw new Error(`"${cidr}" is not an IP address or CIDR range`);
    const maxPrefix = family === 4 ? 32 : 128;
    const prefixText = slash === -1 ? String(maxPrefix) : cidr.slice(slash + 1);
    const prefix = Number(prefixText);
    if (!/^[0-9]{1,3}$/.test(prefixText) || prefix > maxPrefix)
      throw new Error(`"${cidr}" has an invalid prefix length (0 to ${maxPrefix})`);
    this.ranges.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }

  /** IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`, as Node reports dual-stack peers) match IPv4 ranges. */
  contains(address: string): boolean {
    const family = isIP(address);
    if (family === 0) return false;
    return this.ranges.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }
}
