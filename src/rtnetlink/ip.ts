import { DecodeError, EncodeError } from "../netlink/errors.ts";

export const AF_UNSPEC = 0;
export const AF_INET = 2;
export const AF_INET6 = 10;
export const AF_BRIDGE = 7;
export const AF_MPLS = 28;

/** Format 4 or 16 address bytes as glibc's inet_ntop does ("192.0.2.1", "2001:db8::1"). */
export function formatIP(b: Uint8Array): string {
  if (b.length === 4) return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
  if (b.length !== 16) throw new DecodeError(`an IP address needs 4 or 16 bytes, has ${b.length}`);
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((b[i]! << 8) | b[i + 1]!);
  // IPv4-mapped and IPv4-compatible forms, as inet_ntop prints them.
  if (words.slice(0, 5).every((w) => w === 0) && (words[5] === 0xffff || (words[5] === 0 && (words[6]! !== 0 || words[7]! > 1)))) {
    return `::${words[5] === 0xffff ? "ffff:" : ""}${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestStart = -1;
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += "::";
      i += bestLen - 1;
      continue;
    }
    if (out !== "" && !out.endsWith(":")) out += ":";
    out += words[i]!.toString(16);
  }
  return out;
}

/** Parse an IPv4 or IPv6 address into bytes; throws EncodeError naming the bad input. */
export function parseIP(s: string): Uint8Array {
  const v4 = parseIPv4(s);
  if (v4) return v4;
  const v6 = parseIPv6(s);
  if (v6) return v6;
  throw new EncodeError([`${JSON.stringify(s)} is not an IPv4 or IPv6 address`]);
}

/** The address family (AF_INET or AF_INET6) of an address string. */
export function ipFamily(s: string): number {
  return parseIP(s).length === 4 ? AF_INET : AF_INET6;
}

function parseIPv4(s: string): Uint8Array | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    out[i] = Number(p);
  }
  return out;
}

function parseIPv6(s: string): Uint8Array | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.split("::").length > 2) return undefined;
  let tail: Uint8Array | undefined;
  let text = s;
  const lastColon = s.lastIndexOf(":");
  if (s.includes(".")) {
    tail = parseIPv4(s.slice(lastColon + 1));
    if (!tail) return undefined;
    text = s.slice(0, lastColon + 1) + "0:0";
  }
  const [head, rest] = text.split("::") as [string, string | undefined];
  const words = (x: string) => (x === "" ? [] : x.split(":"));
  const a = words(head);
  const b = rest === undefined ? [] : words(rest);
  const total = a.length + b.length;
  if (rest === undefined ? total !== 8 : total > 7) return undefined;
  const all = [...a, ...Array(8 - total).fill("0"), ...b];
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const w = all[i]!;
    if (!/^[0-9a-fA-F]{1,4}$/.test(w)) return undefined;
    const n = parseInt(w, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 0xff;
  }
  if (tail) out.set(tail, 12);
  return out;
}

/** Parse "192.0.2.0/24" or "2001:db8::/32" (no prefix: the full length). */
export function parsePrefix(s: string): { address: Uint8Array; prefixLength: number } {
  const [addr, len] = s.split("/") as [string, string | undefined];
  const address = parseIP(addr);
  const max = address.length * 8;
  if (len === undefined) return { address, prefixLength: max };
  if (!/^\d+$/.test(len) || Number(len) > max) throw new EncodeError([`${JSON.stringify(s)}: prefix length must be 0..${max}`]);
  return { address, prefixLength: Number(len) };
}

/** "00".."ff": Number#toString(16) per byte was a tenth of a link dump's decoding time. */
const HEX_PAIRS: string[] = [];
for (let i = 0; i < 256; i++) HEX_PAIRS.push((i < 16 ? "0" : "") + i.toString(16));

/** Format a MAC (or any link-layer) address as lower-case hex pairs joined by colons. */
export function formatMAC(b: Uint8Array): string {
  return formatMACAt(b, 0, b.length);
}

/** formatMAC of bytes[start, start + length), read in place (no view). */
export function formatMACAt(bytes: Uint8Array, start: number, length: number): string {
  const d = bytes;
  const p = start;
  // The common 6-byte case in one expression, not byte by byte.
  if (length === 6) {
    return HEX_PAIRS[d[p]!]! + ":" + HEX_PAIRS[d[p + 1]!]! + ":" + HEX_PAIRS[d[p + 2]!]! + ":" + HEX_PAIRS[d[p + 3]!]! + ":" + HEX_PAIRS[d[p + 4]!]! + ":" + HEX_PAIRS[d[p + 5]!]!;
  }
  if (length === 0) return "";
  let out = HEX_PAIRS[d[p]!]!;
  for (let i = 1; i < length; i++) out += ":" + HEX_PAIRS[d[p + i]!]!;
  return out;
}

/** Parse "02:00:00:00:00:01" into bytes. */
export function parseMAC(s: string): Uint8Array {
  const parts = s.split(":");
  if (parts.length < 1 || !parts.every((p) => /^[0-9a-fA-F]{1,2}$/.test(p))) {
    throw new EncodeError([`${JSON.stringify(s)} is not a link-layer address (hex pairs separated by ':')`]);
  }
  return Uint8Array.from(parts.map((p) => parseInt(p, 16)));
}
