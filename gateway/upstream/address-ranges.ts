/** IPv4 ranges no registered upstream may point at: loopback, private, link-local (cloud metadata), CGNAT, multicast, reserved. */
const V4_BLOCKED: Array<[string, number]> = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
];

function v4ToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => (n << 8) + Number(p), 0) >>> 0;
}

/** IPv6 text to its 16 bytes; undefined when malformed. */
function v6ToBytes(ip: string): number[] | undefined {
  let text = ip.replace(/^\[|\]$/g, '').split('%')[0]!.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = v4ToInt(v4[1]!);
    if (n === undefined) return undefined;
    text = text.replace(v4[1]!, `${((n >>> 16) & 0xffff).toString(16)}:${(n & 0xffff).toString(16)}`);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]);
}

/**
 * True when an IP address (v4 or v6, IPv4-mapped included) is one a public catalogue cannot live
 * at: loopback, private, link-local, CGNAT, multicast, unique-local, documentation or reserved.
 */
export function isPrivateAddress(ip: string): boolean {
  const n = v4ToInt(ip);
  if (n !== undefined) {
    return V4_BLOCKED.some(([base, bits]) => ((n ^ v4ToInt(base)!) >>> (32 - bits)) === 0);
  }
  const b = v6ToBytes(ip);
  if (!b) return true;
  if (b.every((x, i) => (i < 15 ? x === 0 : x <= 1))) return true; // :: and ::1
  if (b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff) return isPrivateAddress(b.slice(12).join('.'));
  if (b.slice(0, 12).every((x) => x === 0)) return isPrivateAddress(b.slice(12).join('.')); // IPv4-compatible
  if ((b[0]! & 0xfe) === 0xfc) return true; // fc00::/7 unique local (includes fd00:ec2::254)
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) return true; // fe80::/10 link-local
  if (b[0] === 0xff) return true; // multicast
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x0d && b[3] === 0xb8) return true; // documentation
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b) return isPrivateAddress(b.slice(12).join('.')); // NAT64
  return false;
}
