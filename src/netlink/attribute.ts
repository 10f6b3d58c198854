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
/** Strings up to this length that are plain ASCII are converted byte by byte (no TextEncoder/Decoder call). */
const SHORT_STRING = 64;

// The codec reads and writes integers byte by byte on plain Uint8Arrays: no DataView to allocate
// per encoder or decoder, and no `.buffer` to touch (materializing the ArrayBuffer of a small
// Uint8Array created without one costs microseconds in JavaScriptCore). 64-bit values go through
// this one scratch DataView.
const scratch = new Uint8Array(new ArrayBuffer(8));
const scratchView = new DataView(scratch.buffer);

const U8_MAX = 0xff;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;
const S8_MIN = -0x80;
const S16_MIN = -0x8000;
const S32_MIN = -0x80000000;

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
  #len = 0;
  #problems: string[] | undefined;

  constructor(initialSize = 256) {
    this.#buf = new Uint8Array(Math.max(16, initialSize));
  }

  /** Bytes written so far (a nested attribute's offset for extended-ACK matching, for example). */
  get length(): number {
    return this.#len;
  }

  #problem(text: string): void {
    (this.#problems ??= []).push(text);
  }

  #reserve(n: number): void {
    const need = this.#len + n;
    if (need <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
  }

  #checkType(type: number): boolean {
    if (!Number.isInteger(type) || type < 0 || type > NLA_TYPE_MASK) {
      this.#problem(`attribute type ${type} is not an integer in 0..${NLA_TYPE_MASK}`);
      return false;
    }
    return true;
  }

  /** Start an attribute header; returns the payload offset. The padding after it is zeroed. */
  #header(type: number, flags: number, payload: number): number {
    const size = align(NLA_HDRLEN + payload);
    this.#reserve(size);
    const b = this.#buf;
    const off = this.#len;
    const len = NLA_HDRLEN + payload;
    const t = type | flags;
    b[off] = len;
    b[off + 1] = len >>> 8;
    b[off + 2] = t;
    b[off + 3] = t >>> 8;
    for (let i = off + len; i < off + size; i++) b[i] = 0;
    this.#len = off + size;
    return off + NLA_HDRLEN;
  }

  /** A 1-, 2- or 4-byte integer given as a number: checked against [min, max] without BigInt. */
  #small(type: number, what: string, size: 1 | 2 | 4, v: number, min: number, max: number, bigEndian: boolean, flags: number): this {
    if (!this.#checkType(type)) return this;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      this.#problem(`attribute ${type}: ${what} value ${v} is out of range ${min}..${max}`);
      return this;
    }
    const off = this.#header(type, flags, size);
    const b = this.#buf;
    if (size === 1) b[off] = v;
    else if (size === 2) {
      b[off + (bigEndian ? 1 : 0)] = v;
      b[off + (bigEndian ? 0 : 1)] = v >>> 8;
    } else if (bigEndian) {
      b[off] = v >>> 24;
      b[off + 1] = v >>> 16;
      b[off + 2] = v >>> 8;
      b[off + 3] = v;
    } else {
      b[off] = v;
      b[off + 1] = v >>> 8;
      b[off + 2] = v >>> 16;
      b[off + 3] = v >>> 24;
    }
    return this;
  }

  /** An 8-byte integer (number or bigint), little-endian. */
  #wide(type: number, what: string, signed: boolean, v: number | bigint): this {
    const min = signed ? -(1n << 63n) : 0n;
    const max = signed ? (1n << 63n) - 1n : (1n << 64n) - 1n;
    if (!this.#checkType(type)) return this;
    const ok = (typeof v === "bigint" || Number.isInteger(v)) && BigInt(v) >= min && BigInt(v) <= max;
    if (!ok) {
      this.#problem(`attribute ${type}: ${what} value ${v} is out of range ${min}..${max}`);
      return this;
    }
    const off = this.#header(type, 0, 8);
    scratchView.setBigUint64(0, BigInt.asUintN(64, BigInt(v)), true);
    this.#buf.set(scratch, off);
    return this;
  }

  u8(type: number, v: number): this {
    return this.#small(type, "u8", 1, v, 0, U8_MAX, false, 0);
  }
  u16(type: number, v: number): this {
    return this.#small(type, "u16", 2, v, 0, U16_MAX, false, 0);
  }
  u32(type: number, v: number): this {
    return this.#small(type, "u32", 4, v, 0, U32_MAX, false, 0);
  }
  u64(type: number, v: bigint | number): this {
    return this.#wide(type, "u64", false, v);
  }
  s8(type: number, v: number): this {
    return this.#small(type, "s8", 1, v, S8_MIN, -S8_MIN - 1, false, 0);
  }
  s16(type: number, v: number): this {
    return this.#small(type, "s16", 2, v, S16_MIN, -S16_MIN - 1, false, 0);
  }
  s32(type: number, v: number): this {
    return this.#small(type, "s32", 4, v, S32_MIN, -S32_MIN - 1, false, 0);
  }
  s64(type: number, v: bigint | number): this {
    return this.#wide(type, "s64", true, v);
  }
  /** A big-endian u16 (ports, VLAN protocol). `flagged` also sets NLA_F_NET_BYTEORDER. */
  be16(type: number, v: number, flagged = false): this {
    return this.#small(type, "be16", 2, v, 0, U16_MAX, true, flagged ? NLA_F_NET_BYTEORDER : 0);
  }
  /** A big-endian u32. `flagged` also sets NLA_F_NET_BYTEORDER. */
  be32(type: number, v: number, flagged = false): this {
    return this.#small(type, "be32", 4, v, 0, U32_MAX, true, flagged ? NLA_F_NET_BYTEORDER : 0);
  }
  /** The kernel's variable-width NLA_UINT: 4 bytes when the value fits, else 8. */
  uint(type: number, v: bigint | number): this {
    const fits = typeof v === "number" ? Number.isInteger(v) && v >= 0 && v <= U32_MAX : v >= 0n && v <= 0xffffffffn;
    return fits ? this.u32(type, Number(v)) : this.u64(type, v);
  }
  /** The kernel's variable-width NLA_SINT: 4 bytes when the value fits, else 8. */
  sint(type: number, v: bigint | number): this {
    const fits = typeof v === "number" ? Number.isInteger(v) && v >= S32_MIN && v <= -S32_MIN - 1 : v >= -(1n << 31n) && v < 1n << 31n;
    return fits ? this.s32(type, Number(v)) : this.s64(type, v);
  }

  /** A NUL-terminated string. */
  string(type: number, s: string): this {
    const n = s.length;
    if (n < SHORT_STRING) {
      // Plain ASCII is written straight into the buffer; anything else goes through TextEncoder.
      let ascii = true;
      for (let i = 0; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c === 0 || c > 0x7f) {
          ascii = false;
          break;
        }
      }
      if (ascii) {
        if (!this.#checkType(type)) return this;
        const off = this.#header(type, 0, n + 1);
        const b = this.#buf;
        for (let i = 0; i < n; i++) b[off + i] = s.charCodeAt(i);
        b[off + n] = 0;
        return this;
      }
    }
    const bytes = textEncoder.encode(s);
    if (bytes.includes(0)) {
      this.#problem(`attribute ${type}: string ${JSON.stringify(s)} contains a NUL byte`);
      return this;
    }
    if (!this.#checkType(type)) return this;
    if (bytes.length + 1 > MAX_ATTR_PAYLOAD) {
      this.#problem(`attribute ${type}: string of ${bytes.length} bytes exceeds the attribute limit`);
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
      this.#problem(`attribute ${type}: payload of ${data.length} bytes exceeds the attribute limit ${MAX_ATTR_PAYLOAD}`);
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
      this.#problem(`nested attribute ${type}: ${size} bytes exceed the 65535-byte attribute limit`);
    }
    this.#buf[start] = size;
    this.#buf[start + 1] = size >>> 8;
    return this;
  }

  /** Fixed bytes without an attribute header (a family header such as ifinfomsg), padded to 4. */
  struct(data: Uint8Array): this {
    const size = align(data.length);
    this.#reserve(size);
    const b = this.#buf;
    b.set(data, this.#len);
    for (let i = this.#len + data.length; i < this.#len + size; i++) b[i] = 0;
    this.#len += size;
    return this;
  }

  /** The attributes as bytes (a copy), or an EncodeError listing every problem found. */
  encode(): Uint8Array {
    if (this.#problems !== undefined) throw new EncodeError(this.#problems);
    return this.#buf.slice(0, this.#len);
  }
}

/**
 * The string in bytes[start, start + length) up to its first NUL (all of it when unterminated),
 * as AttributeDecoder.string() reads an attribute: for decoders that walk attributes in place.
 */
export function stringAt(bytes: Uint8Array, start: number, length: number): string {
  const end = start + length;
  let nul = start;
  let ascii = true;
  for (; nul < end; nul++) {
    const c = bytes[nul]!;
    if (c === 0) break;
    if (c > 0x7f) ascii = false;
  }
  if (ascii && nul - start <= SHORT_STRING) {
    // Short ASCII (names, kinds, labels): cheaper than a TextDecoder call and its view.
    let s = "";
    for (let i = start; i < nul; i++) s += String.fromCharCode(bytes[i]!);
    return s;
  }
  return textDecoder.decode(bytes.subarray(start, nul));
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
  readonly #bigEndian: boolean;
  /** The walk covers #data[#base, #end): a nested decoder shares its parent's array. */
  #base = 0;
  #end: number;
  #off = 0;
  #start = 0;
  #len = 0;
  #rawType = 0;

  /**
   * `offset` and `length` restrict the walk to data[offset, offset + length) without making a view
   * (a message's attributes after its fixed header, say). Default: the whole array.
   */
  constructor(data: Uint8Array, options?: { bigEndian?: boolean; offset?: number; length?: number }) {
    this.#data = data;
    this.#end = data.length;
    this.#bigEndian = options?.bigEndian ?? false;
    const offset = options?.offset;
    const length = options?.length;
    if (offset !== undefined || length !== undefined) {
      const start = offset ?? 0;
      const end = length === undefined ? data.length : start + length;
      if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > data.length) {
        throw new RangeError(`AttributeDecoder: offset ${offset} and length ${length} do not fit in ${data.length} bytes`);
      }
      this.#base = this.#off = start;
      this.#end = end;
    }
  }

  /** Advance to the next attribute; false at the end. Throws DecodeError on malformed framing. */
  next(): boolean {
    const d = this.#data;
    const off = this.#off;
    const left = this.#end - off;
    if (left === 0) return false;
    if (left < NLA_HDRLEN) {
      // The kernel tolerates trailing bytes shorter than a header (nla_ok stops there).
      this.#off = this.#end;
      return false;
    }
    const len = d[off]! | (d[off + 1]! << 8);
    if (len < NLA_HDRLEN) {
      throw new DecodeError(`attribute at offset ${off - this.#base}: nla_len ${len} is below the header size ${NLA_HDRLEN}`);
    }
    const rawType = d[off + 2]! | (d[off + 3]! << 8);
    if (len > left) {
      throw new DecodeError(
        `attribute type ${rawType & NLA_TYPE_MASK} at offset ${off - this.#base}: nla_len ${len} runs past the end (${left} bytes left)`,
      );
    }
    this.#rawType = rawType;
    this.#start = off + NLA_HDRLEN;
    this.#len = len - NLA_HDRLEN;
    const next = off + ((len + 3) & ~3);
    this.#off = next < this.#end ? next : this.#end;
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

  // The getters are written out flat, without helper calls: a dump of a few thousand messages
  // runs mostly in JavaScriptCore's lower tiers, where every call costs.

  #sizeError(what: string, size: number): DecodeError {
    return new DecodeError(`attribute type ${this.type}: ${what} needs ${size} bytes, has ${this.#len}`);
  }

  #view8(what: string): DataView {
    if (this.#len !== 8) throw this.#sizeError(what, 8);
    const d = this.#data;
    const s = this.#start;
    for (let i = 0; i < 8; i++) scratch[i] = d[s + i]!;
    return scratchView;
  }

  /** The payload as a view (valid as long as the datagram is). */
  bytes(): Uint8Array {
    // The constructor is cheaper than subarray() in JavaScriptCore.
    const d = this.#data;
    return new Uint8Array(d.buffer, d.byteOffset + this.#start, this.#len);
  }
  u8(): number {
    if (this.#len !== 1) throw this.#sizeError("u8", 1);
    return this.#data[this.#start]!;
  }
  u16(): number {
    if (this.#len !== 2) throw this.#sizeError("u16", 2);
    const d = this.#data;
    const s = this.#start;
    if (this.#bigEndian || (this.#rawType & NLA_F_NET_BYTEORDER) !== 0) return (d[s]! << 8) | d[s + 1]!;
    return d[s]! | (d[s + 1]! << 8);
  }
  u32(): number {
    if (this.#len !== 4) throw this.#sizeError("u32", 4);
    const d = this.#data;
    const s = this.#start;
    if (this.#bigEndian || (this.#rawType & NLA_F_NET_BYTEORDER) !== 0) {
      return ((d[s]! << 24) | (d[s + 1]! << 16) | (d[s + 2]! << 8) | d[s + 3]!) >>> 0;
    }
    return (d[s]! | (d[s + 1]! << 8) | (d[s + 2]! << 16) | (d[s + 3]! << 24)) >>> 0;
  }
  u64(): bigint {
    return this.#view8("u64").getBigUint64(0, !(this.#bigEndian || (this.#rawType & NLA_F_NET_BYTEORDER) !== 0));
  }
  s8(): number {
    if (this.#len !== 1) throw this.#sizeError("s8", 1);
    return (this.#data[this.#start]! << 24) >> 24;
  }
  s16(): number {
    if (this.#len !== 2) throw this.#sizeError("s16", 2);
    const d = this.#data;
    const s = this.#start;
    if (this.#bigEndian || (this.#rawType & NLA_F_NET_BYTEORDER) !== 0) return (((d[s]! << 8) | d[s + 1]!) << 16) >> 16;
    return ((d[s]! | (d[s + 1]! << 8)) << 16) >> 16;
  }
  s32(): number {
    if (this.#len !== 4) throw this.#sizeError("s32", 4);
    const d = this.#data;
    const s = this.#start;
    if (this.#bigEndian || (this.#rawType & NLA_F_NET_BYTEORDER) !== 0) {
      return (d[s]! << 24) | (d[s + 1]! << 16) | (d[s + 2]! << 8) | d[s + 3]!;
    }
    return d[s]! | (d[s + 1]! << 8) | (d[s + 2]! << 16) | (d[s + 3]! << 24);
  }
  s64(): bigint {
    return this.#view8("s64").getBigInt64(0, !(this.#bigEndian || (this.#rawType & NLA_F_NET_BYTEORDER) !== 0));
  }
  /** A big-endian u16 whatever the flags say (ports and the like). */
  be16(): number {
    if (this.#len !== 2) throw this.#sizeError("be16", 2);
    const d = this.#data;
    const s = this.#start;
    return (d[s]! << 8) | d[s + 1]!;
  }
  /** A big-endian u32 whatever the flags say. */
  be32(): number {
    if (this.#len !== 4) throw this.#sizeError("be32", 4);
    const d = this.#data;
    const s = this.#start;
    return ((d[s]! << 24) | (d[s + 1]! << 16) | (d[s + 2]! << 8) | d[s + 3]!) >>> 0;
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
    switch (this.#len) {
      case 1:
        return this.u8();
      case 2:
        return this.u16();
      case 4:
        return this.u32();
    }
    return Number(this.uint());
  }
  /** A string up to its first NUL (or the whole payload when unterminated). */
  string(): string {
    return stringAt(this.#data, this.#start, this.#len);
  }
  /** A flag attribute is true by being present; it must have no payload. */
  flag(): true {
    if (this.#len !== 0) throw this.#sizeError("flag", 0);
    return true;
  }
  /** A decoder over this attribute's payload. */
  nested(): AttributeDecoder {
    // Shares this decoder's array instead of making a view of the payload.
    const child = new AttributeDecoder(this.#data, this.#bigEndian ? BIG_ENDIAN : LITTLE_ENDIAN);
    child.#base = child.#off = this.#start;
    child.#end = this.#start + this.#len;
    return child;
  }
  /** Copy the current attribute out as a RawAttribute, for types the caller does not know. */
  raw(): RawAttribute {
    return { type: this.type, nested: this.isNested, netByteOrder: this.isNetByteOrder, data: this.#data.slice(this.#start, this.#start + this.#len) };
  }
}

const BIG_ENDIAN = Object.freeze({ bigEndian: true });
const LITTLE_ENDIAN = Object.freeze({ bigEndian: false });

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
