import { align, NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_HDRLEN, NLA_TYPE_MASK } from "./constants.ts";
import { DecodeError, EncodeError } from "./errors.ts";

/**
 * A RawAttribute is one attribute kept as bytes: what decoders keep for types they do not know,
 * so that encoding the decoded object gives the original bytes back.
 */
export interface RawAttribute {
  /** nla_type without the NLA_F_NESTED / NLA_F_NET_BYTEORDER bits. */
  type: number;
  nested: boolean;
  netByteOrder: boolean;
  /** The payload (without header or padding). */
  data: Uint8Array;
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();
const MAX_ATTR_PAYLOAD = 0xffff - NLA_HDRLEN;

/**
 * An AttributeEncoder builds a sequence of netlink attributes in one growable buffer.
 * Methods chain; problems (values out of range, oversized payloads) are collected and thrown
 * together as one EncodeError by `encode()`, so call sites stay free of checks.
 *
 * @example
 * const data = new AttributeEncoder().string(IFLA_IFNAME, "veth0").u32(IFLA_MTU, 1400).encode();
 */
export class AttributeEncoder {
  #buf: Uint8Array;
  #view: DataView;
  #len = 0;
  #problems: string[] = [];

  constructor(initialSize = 256) {
    this.#buf = new Uint8Array(initialSize);
    this.#view = new DataView(this.#buf.buffer);
  }

  /** Bytes written so far (a nested attribute's offset for extended-ACK matching, for example). */
  get length(): number {
    return this.#len;
  }

  #reserve(n: number): void {
    const need = this.#len + n;
    if (need <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }

  #checkType(type: number): boolean {
    if (!Number.isInteger(type) || type < 0 || type > NLA_TYPE_MASK) {
      this.#problems.push(`attribute type ${type} is not an integer in 0..${NLA_TYPE_MASK}`);
      return false;
    }
    return true;
  }

  #checkInt(type: number, what: string, v: number | bigint, min: bigint, max: bigint): boolean {
    const ok = (typeof v === "bigint" || Number.isInteger(v)) && BigInt(v) >= min && BigInt(v) <= max;
    if (!ok) this.#problems.push(`attribute ${type}: ${what} value ${v} is out of range ${min}..${max}`);
    return ok;
  }

  /** Start an attribute header; returns the payload offset. */
  #header(type: number, flags: number, payload: number): number {
    this.#reserve(align(NLA_HDRLEN + payload));
    const off = this.#len;
    this.#view.setUint16(off, NLA_HDRLEN + payload, true);
    this.#view.setUint16(off + 2, type | flags, true);
    // Zero the padding: the buffer may be reused after growth copies.
    this.#buf.fill(0, off + NLA_HDRLEN + payload, off + align(NLA_HDRLEN + payload));
    this.#len = off + align(NLA_HDRLEN + payload);
    return off + NLA_HDRLEN;
  }

  #int(type: number, what: string, size: 1 | 2 | 4 | 8, signed: boolean, v: number | bigint, bigEndian: boolean, flags = 0): this {
    const bits = BigInt(size * 8);
    const min = signed ? -(1n << (bits - 1n)) : 0n;
    const max = signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
    if (!this.#checkType(type) || !this.#checkInt(type, what, v, min, max)) return this;
    const off = this.#header(type, flags, size);
    const le = !bigEndian;
    const view = this.#view;
    switch (size) {
      case 1:
        view.setUint8(off, Number(v) & 0xff);
        break;
      case 2:
        view.setUint16(off, Number(v) & 0xffff, le);
        break;
      case 4:
        view.setUint32(off, Number(v) >>> 0, le);
        break;
      case 8:
        view.setBigUint64(off, BigInt.asUintN(64, BigInt(v)), le);
        break;
    }
    return this;
  }

  u8(type: number, v: number): this {
    return this.#int(type, "u8", 1, false, v, false);
  }
  u16(type: number, v: number): this {
    return this.#int(type, "u16", 2, false, v, false);
  }
  u32(type: number, v: number): this {
    return this.#int(type, "u32", 4, false, v, false);
  }
  u64(type: number, v: bigint | number): this {
    return this.#int(type, "u64", 8, false, v, false);
  }
  s8(type: number, v: number): this {
    return this.#int(type, "s8", 1, true, v, false);
  }
  s16(type: number, v: number): this {
    return this.#int(type, "s16", 2, true, v, false);
  }
  s32(type: number, v: number): this {
    return this.#int(type, "s32", 4, true, v, false);
  }
  s64(type: number, v: bigint | number): this {
    return this.#int(type, "s64", 8, true, v, false);
  }
  /** A big-endian u16 (ports, VLAN protocol). `flagged` also sets NLA_F_NET_BYTEORDER. */
  be16(type: number, v: number, flagged = false): this {
    return this.#int(type, "be16", 2, false, v, true, flagged ? NLA_F_NET_BYTEORDER : 0);
  }
  /** A big-endian u32. `flagged` also sets NLA_F_NET_BYTEORDER. */
  be32(type: number, v: number, flagged = false): this {
    return this.#int(type, "be32", 4, false, v, true, flagged ? NLA_F_NET_BYTEORDER : 0);
  }
  /** The kernel's variable-width NLA_UINT: 4 bytes when the value fits, else 8. */
  uint(type: number, v: bigint | number): this {
    return BigInt(v) >= 0n && BigInt(v) <= 0xffffffffn ? this.u32(type, Number(v)) : this.u64(type, v);
  }
  /** The kernel's variable-width NLA_SINT: 4 bytes when the value fits, else 8. */
  sint(type: number, v: bigint | number): this {
    const b = BigInt(v);
    return b >= -(1n << 31n) && b < 1n << 31n ? this.s32(type, Number(v)) : this.s64(type, v);
  }

  /** A NUL-terminated string. */
  string(type: number, s: string): this {
    const bytes = textEncoder.encode(s);
    if (bytes.includes(0)) {
      this.#problems.push(`attribute ${type}: string ${JSON.stringify(s)} contains a NUL byte`);
      return this;
    }
    if (!this.#checkType(type)) return this;
    if (bytes.length + 1 > MAX_ATTR_PAYLOAD) {
      this.#problems.push(`attribute ${type}: string of ${bytes.length} bytes exceeds the attribute limit`);
      return this;
    }
    const off = this.#header(type, 0, bytes.length + 1);
    this.#buf.set(bytes, off);
    this.#buf[off + bytes.length] = 0;
    return this;
  }

  /** Raw payload bytes. */
  bytes(type: number, data: Uint8Array, flags = 0): this {
    if (!this.#checkType(type)) return this;
    if (data.length > MAX_ATTR_PAYLOAD) {
      this.#problems.push(`attribute ${type}: payload of ${data.length} bytes exceeds the attribute limit ${MAX_ATTR_PAYLOAD}`);
      return this;
    }
    const off = this.#header(type, flags, data.length);
    this.#buf.set(data, off);
    return this;
  }

  /** A flag attribute: present means true, no payload. */
  flag(type: number): this {
    if (this.#checkType(type)) this.#header(type, 0, 0);
    return this;
  }

  /** Re-encode an attribute kept by a decoder. */
  raw(a: RawAttribute): this {
    return this.bytes(a.type, a.data, (a.nested ? NLA_F_NESTED : 0) | (a.netByteOrder ? NLA_F_NET_BYTEORDER : 0));
  }

  /**
   * A nested attribute: `fill` writes the children into this same buffer and the length is
   * back-patched afterwards. NLA_F_NESTED is set unless `flagged` is false.
   */
  nested(type: number, fill: (e: this) => void, flagged = true): this {
    if (!this.#checkType(type)) return this;
    const start = this.#len;
    this.#header(type, flagged ? NLA_F_NESTED : 0, 0);
    fill(this);
    const size = this.#len - start;
    if (size > 0xffff) {
      this.#problems.push(`nested attribute ${type}: ${size} bytes exceed the 65535-byte attribute limit`);
    }
    this.#view.setUint16(start, size & 0xffff, true);
    return this;
  }

  /** Fixed bytes without an attribute header (a family header such as ifinfomsg), padded to 4. */
  struct(data: Uint8Array): this {
    this.#reserve(align(data.length));
    this.#buf.set(data, this.#len);
    this.#buf.fill(0, this.#len + data.length, this.#len + align(data.length));
    this.#len += align(data.length);
    return this;
  }

  /** The attributes as bytes (a copy), or an EncodeError listing every problem found. */
  encode(): Uint8Array {
    if (this.#problems.length > 0) throw new EncodeError(this.#problems);
    return this.#buf.slice(0, this.#len);
  }
}

/**
 * An AttributeDecoder walks a sequence of attributes as a cursor:
 *
 * @example
 * const ad = new AttributeDecoder(bytes);
 * while (ad.next()) {
 *   switch (ad.type) {
 *     case IFLA_IFNAME: name = ad.string(); break;
 *     case IFLA_MTU: mtu = ad.u32(); break;
 *   }
 * }
 *
 * Every getter checks the attribute's length and throws a DecodeError naming the attribute type
 * and length. Integers are little-endian (host order on the machines Linux netlink runs on),
 * unless the decoder was made big-endian or the attribute carries NLA_F_NET_BYTEORDER.
 */
export class AttributeDecoder {
  readonly #data: Uint8Array;
  readonly #view: DataView;
  readonly #bigEndian: boolean;
  #off = 0;
  #start = 0;
  #len = 0;
  #rawType = 0;

  constructor(data: Uint8Array, options: { bigEndian?: boolean } = {}) {
    this.#data = data;
    this.#view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    this.#bigEndian = options.bigEndian ?? false;
  }

  /** Advance to the next attribute; false at the end. Throws DecodeError on malformed framing. */
  next(): boolean {
    const end = this.#data.byteLength;
    const left = end - this.#off;
    if (left === 0) return false;
    if (left < NLA_HDRLEN) {
      // The kernel tolerates trailing bytes shorter than a header (nla_ok stops there).
      this.#off = end;
      return false;
    }
    const len = this.#view.getUint16(this.#off, true);
    if (len < NLA_HDRLEN) {
      throw new DecodeError(`attribute at offset ${this.#off}: nla_len ${len} is below the header size ${NLA_HDRLEN}`);
    }
    if (len > left) {
      throw new DecodeError(
        `attribute type ${this.#view.getUint16(this.#off + 2, true) & NLA_TYPE_MASK} at offset ${this.#off}: nla_len ${len} runs past the end (${left} bytes left)`,
      );
    }
    this.#rawType = this.#view.getUint16(this.#off + 2, true);
    this.#start = this.#off + NLA_HDRLEN;
    this.#len = len - NLA_HDRLEN;
    this.#off = Math.min(end, this.#off + align(len));
    return true;
  }

  /** The current attribute's type, without flag bits. */
  get type(): number {
    return this.#rawType & NLA_TYPE_MASK;
  }
  /** Whether NLA_F_NESTED is set. */
  get isNested(): boolean {
    return (this.#rawType & NLA_F_NESTED) !== 0;
  }
  /** Whether NLA_F_NET_BYTEORDER is set. */
  get isNetByteOrder(): boolean {
    return (this.#rawType & NLA_F_NET_BYTEORDER) !== 0;
  }
  /** Payload length of the current attribute. */
  get length(): number {
    return this.#len;
  }

  #need(what: string, size: number): number {
    if (this.#len !== size) {
      throw new DecodeError(`attribute type ${this.type}: ${what} needs ${size} bytes, has ${this.#len}`);
    }
    return this.#start;
  }

  #le(): boolean {
    return !(this.#bigEndian || this.isNetByteOrder);
  }

  /** The payload as a view (valid as long as the datagram is). */
  bytes(): Uint8Array {
    return this.#data.subarray(this.#start, this.#start + this.#len);
  }
  u8(): number {
    return this.#view.getUint8(this.#need("u8", 1));
  }
  u16(): number {
    return this.#view.getUint16(this.#need("u16", 2), this.#le());
  }
  u32(): number {
    return this.#view.getUint32(this.#need("u32", 4), this.#le());
  }
  u64(): bigint {
    return this.#view.getBigUint64(this.#need("u64", 8), this.#le());
  }
  s8(): number {
    return this.#view.getInt8(this.#need("s8", 1));
  }
  s16(): number {
    return this.#view.getInt16(this.#need("s16", 2), this.#le());
  }
  s32(): number {
    return this.#view.getInt32(this.#need("s32", 4), this.#le());
  }
  s64(): bigint {
    return this.#view.getBigInt64(this.#need("s64", 8), this.#le());
  }
  /** A big-endian u16 whatever the flags say (ports and the like). */
  be16(): number {
    return this.#view.getUint16(this.#need("be16", 2), false);
  }
  /** A big-endian u32 whatever the flags say. */
  be32(): number {
    return this.#view.getUint32(this.#need("be32", 4), false);
  }
  /** NLA_UINT: 1, 2, 4 or 8 bytes, unsigned. */
  uint(): bigint {
    switch (this.#len) {
      case 1:
        return BigInt(this.u8());
      case 2:
        return BigInt(this.u16());
      case 4:
        return BigInt(this.u32());
      case 8:
        return this.u64();
    }
    throw new DecodeError(`attribute type ${this.type}: uint needs 1, 2, 4 or 8 bytes, has ${this.#len}`);
  }
  /** NLA_SINT: 1, 2, 4 or 8 bytes, signed. */
  sint(): bigint {
    switch (this.#len) {
      case 1:
        return BigInt(this.s8());
      case 2:
        return BigInt(this.s16());
      case 4:
        return BigInt(this.s32());
      case 8:
        return this.s64();
    }
    throw new DecodeError(`attribute type ${this.type}: sint needs 1, 2, 4 or 8 bytes, has ${this.#len}`);
  }
  /** A u32 counter that may be sent as 4 or 8 bytes, as a number (exact up to 2^53). */
  uintNumber(): number {
    return Number(this.uint());
  }
  /** A string up to its first NUL (or the whole payload when unterminated). */
  string(): string {
    const b = this.bytes();
    const nul = b.indexOf(0);
    return textDecoder.decode(nul === -1 ? b : b.subarray(0, nul));
  }
  /** A flag attribute is true by being present; it must have no payload. */
  flag(): true {
    this.#need("flag", 0);
    return true;
  }
  /** A decoder over this attribute's payload. */
  nested(): AttributeDecoder {
    return new AttributeDecoder(this.bytes(), { bigEndian: this.#bigEndian });
  }
  /** Copy the current attribute out as a RawAttribute, for types the caller does not know. */
  raw(): RawAttribute {
    return { type: this.type, nested: this.isNested, netByteOrder: this.isNetByteOrder, data: this.bytes().slice() };
  }
}

/** Decode every attribute of a payload into RawAttributes (a debugging and round-trip aid). */
export function decodeAttributes(data: Uint8Array): RawAttribute[] {
  const out: RawAttribute[] = [];
  const ad = new AttributeDecoder(data);
  while (ad.next()) out.push(ad.raw());
  return out;
}

/** Encode RawAttributes back into bytes. */
export function encodeAttributes(attrs: readonly RawAttribute[]): Uint8Array {
  const ae = new AttributeEncoder();
  for (const a of attrs) ae.raw(a);
  return ae.encode();
}
