/**
 * The codec's fast paths (byte-wise integers, ASCII strings written and read without
 * TextEncoder/TextDecoder, number range checks without BigInt, nested decoders sharing their
 * parent's array) must give the same bytes, values and errors as the general paths.
 */
import { describe, expect, test } from "bun:test";
import { AttributeDecoder, AttributeEncoder, DecodeError, EncodeError, NLA_F_NET_BYTEORDER } from "../../src/netlink/index.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("AttributeEncoder fast paths", () => {
  test.each([
    // [string, its UTF-8 bytes]: ASCII goes straight into the buffer, the rest through TextEncoder.
    ["veth0", "7665746830"],
    ["", ""],
    ["é", "c3a9"],
    ["名前", "e5908de5898d"],
    ["a".repeat(63), "61".repeat(63)],
    ["a".repeat(64), "61".repeat(64)],
    ["b".repeat(200), "62".repeat(200)],
  ])("string %j is NUL-terminated UTF-8", (s, utf8) => {
    const payload = utf8 + "00";
    const len = 4 + payload.length / 2;
    const pad = "00".repeat(((len + 3) & ~3) - len);
    const header = Buffer.alloc(4);
    header.writeUInt16LE(len, 0);
    header.writeUInt16LE(3, 2);
    expect(hex(new AttributeEncoder().string(3, s).encode())).toBe(header.toString("hex") + payload + pad);
  });

  test.each(["a\0b", "\0", "é\0"])("a string with a NUL byte (%j) is an EncodeError", (s) => {
    expect(() => new AttributeEncoder().string(1, s).encode()).toThrow(EncodeError);
  });

  test.each([
    // [method, value, payload hex]
    ["u8", 255, "ff"],
    ["u16", 0x1234, "3412"],
    ["u32", 0xfffffffe, "feffffff"],
    ["s8", -1, "ff"],
    ["s16", -2, "feff"],
    ["s32", -2147483648, "00000080"],
    ["be16", 0x1234, "1234"],
    ["be32", 0xc0000201, "c0000201"],
  ] as const)("%s(%d) writes %s", (method, v, payload) => {
    const e = new AttributeEncoder() as unknown as Record<string, (t: number, v: number) => AttributeEncoder>;
    const out = hex(e[method]!.call(e, 1, v).encode());
    expect(out.slice(8, 8 + payload.length)).toBe(payload);
  });

  test.each([
    ["u8", 256],
    ["u8", -1],
    ["u16", 65536],
    ["u32", 2 ** 32],
    ["u32", 1.5],
    ["u32", Number.NaN],
    ["s8", 128],
    ["s16", -32769],
    ["s32", 2 ** 31],
    ["be16", -1],
  ] as const)("%s(%d) is out of range: an EncodeError naming the value", (method, v) => {
    const e = new AttributeEncoder() as unknown as Record<string, (t: number, v: number) => AttributeEncoder>;
    e[method]!.call(e, 7, v);
    expect(() => (e as unknown as AttributeEncoder).encode()).toThrow(`attribute 7: ${method} value ${v} is out of range`);
  });

  test.each([
    // uint/sint pick 4 bytes when the value fits, else 8; non-integers are EncodeErrors, not RangeErrors.
    ["uint", 0xffffffff, 8],
    ["uint", 2 ** 32, 12],
    ["uint", 5n, 8],
    ["uint", 1n << 40n, 12],
    ["sint", -(2 ** 31), 8],
    ["sint", -(2 ** 31) - 1, 12],
    ["sint", -5n, 8],
  ] as const)("%s(%s) takes %d bytes", (method, v, size) => {
    const e = new AttributeEncoder();
    const out = (method === "uint" ? e.uint(1, v) : e.sint(1, v)).encode();
    expect(out.length).toBe(size);
    const ad = new AttributeDecoder(out);
    ad.next();
    expect(method === "uint" ? ad.uint() : ad.sint()).toBe(BigInt(v));
  });

  test.each([1.5, Number.NaN, Infinity])("uint/sint of the non-integer %d collect an EncodeError", (v) => {
    expect(() => new AttributeEncoder().uint(1, v).encode()).toThrow(EncodeError);
    expect(() => new AttributeEncoder().sint(1, v).encode()).toThrow(EncodeError);
  });

  test("a buffer grown by many attributes keeps earlier bytes and zero padding", () => {
    const e = new AttributeEncoder(16);
    for (let i = 0; i < 500; i++) e.u8(1, i & 0xff).string(2, `n${i}`);
    const ad = new AttributeDecoder(e.encode());
    for (let i = 0; i < 500; i++) {
      expect(ad.next()).toBe(true);
      expect(ad.u8()).toBe(i & 0xff);
      expect(ad.next()).toBe(true);
      expect(ad.string()).toBe(`n${i}`);
    }
    expect(ad.next()).toBe(false);
  });
});

describe("AttributeDecoder fast paths", () => {
  test("integers in host order, network order by flag, and big-endian decoders", () => {
    const data = new AttributeEncoder()
      .u32(1, 0x01020304)
      .bytes(2, Uint8Array.of(1, 2, 3, 4), NLA_F_NET_BYTEORDER)
      .s16(3, -300)
      .bytes(4, Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f))
      .encode();
    const ad = new AttributeDecoder(data);
    const got: unknown[] = [];
    while (ad.next()) {
      if (ad.type === 1) got.push(ad.u32(), ad.s32(), ad.be32());
      if (ad.type === 2) got.push(ad.u32(), ad.isNetByteOrder);
      if (ad.type === 3) got.push(ad.s16(), ad.u16());
      if (ad.type === 4) got.push(ad.u64(), ad.s64());
    }
    expect(got).toEqual([0x01020304, 0x01020304, 0x04030201, 0x01020304, true, -300, 65236, 0x7fffffffffffffffn, 0x7fffffffffffffffn]);
    const be = new AttributeDecoder(data, { bigEndian: true });
    be.next();
    expect(be.u32()).toBe(0x04030201);
  });

  test.each([
    ["ASCII", "lo", "lo"],
    ["UTF-8", "c3a9", "é"],
    ["unterminated", "616263", "abc"],
    ["bytes after the NUL", "6100ff", "a"],
  ])("string(): %s", (_name, payloadHex, expected) => {
    const data = new AttributeEncoder().bytes(1, _name === "ASCII" ? new TextEncoder().encode(payloadHex) : Buffer.from(payloadHex, "hex")).encode();
    const ad = new AttributeDecoder(data);
    ad.next();
    expect(ad.string()).toBe(expected);
  });

  test("nested decoders share the parent's array: values, bytes() and error offsets are the nest's", () => {
    const data = new AttributeEncoder()
      .u32(9, 1)
      .nested(2, (n) => n.u16(1, 7).bytes(2, Uint8Array.of(5, 6, 7)).nested(3, (m) => m.string(1, "deep")))
      .encode();
    const ad = new AttributeDecoder(data);
    ad.next();
    ad.next();
    const nest = ad.nested();
    const got: unknown[] = [];
    while (nest.next()) {
      if (nest.type === 1) got.push(nest.u16());
      if (nest.type === 2) got.push([...nest.bytes()], nest.raw().data.length);
      if (nest.type === 3) {
        const inner = nest.nested();
        inner.next();
        got.push(inner.string(), inner.next());
      }
    }
    expect(got).toEqual([7, [5, 6, 7], 3, "deep", false]);
    // A malformed nest: the error's offset counts from the start of the nest's payload.
    const bad = Uint8Array.of(
      ...[8, 0, 9, 0, 1, 0, 0, 0], // u32 attribute type 9
      ...[12, 0, 2, 0x80], // nested attribute type 2, 8 bytes of payload:
      ...[2, 0, 1, 0, 0, 0, 0, 0], //   a child whose nla_len 2 is below the header size
    );
    const outer = new AttributeDecoder(bad);
    outer.next();
    outer.next();
    const n2 = outer.nested();
    expect(() => n2.next()).toThrow(new DecodeError("attribute at offset 0: nla_len 2 is below the header size 4"));
  });

  test("length errors name the attribute type and length, as before", () => {
    const ad = new AttributeDecoder(new AttributeEncoder().bytes(13, Uint8Array.of(1, 2)).encode());
    ad.next();
    expect(() => ad.u32()).toThrow(new DecodeError("attribute type 13: u32 needs 4 bytes, has 2"));
    expect(() => ad.u64()).toThrow(new DecodeError("attribute type 13: u64 needs 8 bytes, has 2"));
    expect(() => ad.flag()).toThrow(new DecodeError("attribute type 13: flag needs 0 bytes, has 2"));
    expect(ad.u16()).toBe(0x0201);
  });
});
