/**
 * In-place readers for the hot attribute walks of parseRoute(), parseAddress() and parseLink().
 *
 * Those walks read the bytes of a received message where they lie instead of through an
 * AttributeDecoder: measured on dumps decoded once (the W1–W3 benchmarks), a decoder and a view
 * (`new Uint8Array(buffer, …)`, ~150 ns each in JavaScriptCore) per message or attribute cost
 * more than the rest of the decoding, which runs mostly before the JIT has warmed up. The checks
 * and the DecodeError wording are the decoder's. Nested and rare attributes still go through
 * AttributeDecoder. Internal: not exported from the package.
 */
import { NLA_HDRLEN, NLA_TYPE_MASK } from "../netlink/constants.ts";
import { DecodeError } from "../netlink/errors.ts";
export { stringAt } from "../netlink/attribute.ts";
import { AF_INET, AF_INET6, formatIP } from "./ip.ts";

export function badLength(type: number, what: string, want: number, has: number): DecodeError {
  return new DecodeError(`attribute type ${type}: ${what} needs ${want} bytes, has ${has}`);
}

/** The DecodeError of an attribute header at `off` (relative to `base`) that does not fit in `end`. */
export function badHeader(d: Uint8Array, off: number, base: number, end: number): DecodeError {
  const len = d[off]! | (d[off + 1]! << 8);
  const type = (d[off + 2]! | (d[off + 3]! << 8)) & NLA_TYPE_MASK;
  if (len < NLA_HDRLEN) return new DecodeError(`attribute at offset ${off - base}: nla_len ${len} is below the header size ${NLA_HDRLEN}`);
  return new DecodeError(`attribute type ${type} at offset ${off - base}: nla_len ${len} runs past the end (${end - off} bytes left)`);
}

/** A host-order u32 attribute payload at p, n bytes long. */
export function u32At(d: Uint8Array, p: number, n: number, type: number): number {
  if (n !== 4) throw badLength(type, "u32", 4, n);
  return (d[p]! | (d[p + 1]! << 8) | (d[p + 2]! << 16) | (d[p + 3]! << 24)) >>> 0;
}

/** A u8 attribute payload at p, n bytes long. */
export function u8At(d: Uint8Array, p: number, n: number, type: number): number {
  if (n !== 1) throw badLength(type, "u8", 1, n);
  return d[p]!;
}

/** A little-endian u32 at o, no checks (struct fields whose length was checked). */
export function le32(d: Uint8Array, o: number): number {
  return (d[o]! | (d[o + 1]! << 8) | (d[o + 2]! << 16) | (d[o + 3]! << 24)) >>> 0;
}

// Strings for every IPv4 octet and prefix suffix, so formatting an address allocates only the result.
const OCTET: string[] = [];
const OCTET_DOT: string[] = [];
/** "/0" … "/128". */
export const SUFFIX: string[] = [];
for (let i = 0; i < 256; i++) {
  OCTET.push(String(i));
  OCTET_DOT.push(`${i}.`);
}
for (let i = 0; i <= 128; i++) SUFFIX.push(`/${i}`);

// The "a.b.c." of recently formatted IPv4 addresses, direct-mapped by those three bytes: the
// routes of a table and the addresses of a subnet share them (a /16 has 256), and one lookup
// replaces two string concatenations. Bounded: a colliding prefix overwrites the slot.
const PREFIX_SLOTS = 4096;
const prefixKeys = new Int32Array(PREFIX_SLOTS).fill(-1);
const prefixStrings: string[] = new Array<string>(PREFIX_SLOTS).fill("");

/** The dotted quad of the 4 bytes at p (network order). */
export function ipv4At(d: Uint8Array, p: number): string {
  const key = (d[p]! << 16) | (d[p + 1]! << 8) | d[p + 2]!;
  const slot = (key ^ (key >>> 12)) & (PREFIX_SLOTS - 1);
  let head: string;
  if (prefixKeys[slot] === key) head = prefixStrings[slot]!;
  else {
    head = OCTET_DOT[d[p]!]! + OCTET_DOT[d[p + 1]!]! + OCTET_DOT[d[p + 2]!]!;
    prefixKeys[slot] = key;
    prefixStrings[slot] = head;
  }
  return head + OCTET[d[p + 3]!]!;
}

/** An address of the given family at p: dotted quad for IPv4 (4 bytes), inet_ntop for IPv6. */
export function addressAt(d: Uint8Array, p: number, n: number, type: number, v4: boolean): string {
  if (v4) {
    if (n !== 4) throw badLength(type, "IPv4 address", 4, n);
    return ipv4At(d, p);
  }
  if (n !== 16) throw badLength(type, "IPv6 address", 16, n);
  return formatIP(d.subarray(p, p + 16));
}

/** RTA_VIA-style struct rtvia { u16 family (host order); u8 addr[] } at p. */
export function viaAt(d: Uint8Array, p: number, n: number, type: number, name: string): string {
  if (n < 2) throw new DecodeError(`attribute type ${type} (${name}): needs at least 2 bytes, has ${n}`);
  const family = d[p]! | (d[p + 1]! << 8);
  const want = family === AF_INET ? 4 : family === AF_INET6 ? 16 : -1;
  if (n - 2 !== want) {
    throw new DecodeError(`attribute type ${type} (${name}): family ${family} with ${n - 2} address bytes is not IPv4 (4) or IPv6 (16)`);
  }
  return formatIP(d.subarray(p + 2, p + n));
}
