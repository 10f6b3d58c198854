import { describe, expect, test } from "bun:test";
import {
  AttributeDecoder,
  AttributeEncoder,
  DecodeError,
  EncodeError,
  NLA_F_NESTED,
  NLA_F_NET_BYTEORDER,
  decodeAttributes,
  decodeMessages,
  encodeAttributes,
  encodeMessages,
  stringAt,
  type Message,
} from "../../src/netlink/index.ts";

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+|\/\/[^\n]*/g, ""), "hex"));

describe("message header", () => {
  // RTM_GETLINK dump request with a 16-byte ifinfomsg, seq 1, pid 0.
  const golden = hex(`
    20000000  // nlmsg_len 32
    1200      // nlmsg_type 18 (RTM_GETLINK)
    0103      // nlmsg_flags NLM_F_REQUEST|NLM_F_DUMP (0x301)
    01000000  // nlmsg_seq 1
    00000000  // nlmsg_pid 0
    00000000 00000000 00000000 00000000 // ifinfomsg, all zero
  `);
  const msg: Message = { type: 18, flags: 0x301, seq: 1, pid: 0, data: new Uint8Array(16) };

  test("encode gives the golden bytes", () => {
    expect(encodeMessages([msg])).toEqual(golden);
  });
  test("decode gives the message back", () => {
    expect(decodeMessages(golden)).toEqual([msg]);
  });
  test("payload padding is added, and nlmsg_len excludes it", () => {
    const out = encodeMessages([{ type: 0x10, flags: 1, seq: 2, pid: 3, data: Uint8Array.of(1, 2, 3) }]);
    expect(out).toEqual(hex("13000000 1000 0100 02000000 03000000 010203 00"));
  });
  test("several messages per datagram, each aligned", () => {
    const a: Message = { type: 0x10, flags: 2, seq: 7, pid: 9, data: Uint8Array.of(0xaa) };
    const b: Message = { type: 3, flags: 2, seq: 7, pid: 9, data: new Uint8Array(4) };
    const bytes = encodeMessages([a, b]);
    expect(bytes.length).toBe(20 + 20);
    expect(decodeMessages(bytes)).toEqual([a, b]);
  });
  test("a final message without its padding is accepted", () => {
    expect(decodeMessages(hex("11000000 1000 0000 00000000 00000000 ff"))[0]!.data).toEqual(Uint8Array.of(0xff));
  });

  test.each([
    ["short header", "10000000 1000"],
    ["nlmsg_len below 16", "08000000 1000 0000 00000000 00000000"],
    ["nlmsg_len past the end", "40000000 1000 0000 00000000 00000000 0000"],
    ["second message truncated", "10000000 1000 0000 00000000 00000000 1400"],
    ["zero length", "00000000 0000 0000 00000000 00000000"],
  ])("malformed: %s → DecodeError", (_name, bytes) => {
    expect(() => decodeMessages(hex(bytes))).toThrow(DecodeError);
  });
});

describe("attribute encoder", () => {
  test("scalars, string, flag: golden bytes", () => {
    const out = new AttributeEncoder()
      .u8(1, 0xab)
      .u16(2, 0x1234)
      .u32(3, 0xdeadbeef)
      .u64(4, 0x0102030405060708n)
      .s32(5, -2)
      .string(6, "lo")
      .flag(7)
      .be16(8, 4789)
      .encode();
    expect(out).toEqual(
      hex(`
      0500 0100 ab 000000             // u8 type 1 + 3 pad
      0600 0200 3412 0000             // u16 type 2 + 2 pad
      0800 0300 efbeadde              // u32 type 3
      0c00 0400 0807060504030201      // u64 type 4
      0800 0500 feffffff              // s32 -2
      0700 0600 6c6f00 00             // "lo\\0" + 1 pad
      0400 0700                       // flag
      0600 0800 12b5 0000             // be16 4789 = 0x12b5
    `),
    );
  });

  test("nested attributes back-patch their length and set NLA_F_NESTED", () => {
    const out = new AttributeEncoder()
      .nested(18, (e) => e.string(1, "veth").nested(2, (e2) => e2.u32(1, 5)))
      .encode();
    expect(out).toEqual(
      hex(`
      1c00 1280           // IFLA_LINKINFO-like nest, len 28, type 18|NLA_F_NESTED
        0900 0100 7665746800 000000 // "veth\\0" + 3 pad
        0c00 0280         // nest len 12, type 2|NLA_F_NESTED
          0800 0100 05000000
    `),
    );
  });

  test("NLA_UINT picks 4 or 8 bytes", () => {
    expect(new AttributeEncoder().uint(1, 7).encode()).toEqual(hex("0800 0100 07000000"));
    expect(new AttributeEncoder().uint(1, 1n << 40n).encode()).toEqual(hex("0c00 0100 0000000000010000"));
  });

  test("problems are collected and reported once", () => {
    const e = new AttributeEncoder().u8(1, 256).u16(2, -1).string(3, "a\0b").u32(70000, 1);
    try {
      e.encode();
      throw new Error("encode should have thrown");
    } catch (err) {
      expect(err).toBeInstanceOf(EncodeError);
      expect((err as EncodeError).problems.length).toBe(4);
    }
  });

  test("an oversized payload is an EncodeError, not a truncation", () => {
    expect(() => new AttributeEncoder().bytes(1, new Uint8Array(70000)).encode()).toThrow(EncodeError);
    expect(() =>
      new AttributeEncoder().nested(1, (e) => {
        for (let i = 0; i < 20; i++) e.bytes(2, new Uint8Array(4000));
      }).encode(),
    ).toThrow(EncodeError);
  });
});

describe("attribute decoder", () => {
  const bytes = hex(`
    0800 0300 efbeadde      // u32
    0700 0600 6c6f00 00     // string
    0400 0700               // flag
    0800 0840 000012b5      // NLA_F_NET_BYTEORDER u32 0x12b5
    0c00 0180 0800 0100 05000000 // nested
    0600 0900 0102 0000     // unknown type 9, kept raw
  `);

  test("offset and length walk a range of a larger array, as a decoder over that range would", () => {
    const framed = new Uint8Array([0xaa, 0xbb, 0xcc, ...bytes, 0xdd]);
    const ranged = new AttributeDecoder(framed, { offset: 3, length: bytes.length });
    const plain = new AttributeDecoder(bytes);
    const types: number[] = [];
    while (ranged.next()) {
      expect(plain.next()).toBe(true);
      expect([ranged.type, ranged.length, [...ranged.bytes()]]).toEqual([plain.type, plain.length, [...plain.bytes()]]);
      types.push(ranged.type);
    }
    expect(plain.next()).toBe(false);
    expect(types).toEqual([3, 6, 7, 8, 1, 9]);
    // The header bytes before the range and the trailing byte after it are never read.
    expect(() => new AttributeDecoder(framed, { offset: 3, length: framed.length })).toThrow(RangeError);
    expect(() => new AttributeDecoder(framed, { offset: -1 })).toThrow(RangeError);
  });

  test("stringAt reads a string payload in place, up to its NUL, as string() does", () => {
    const b = hex("00 6c6f 00 ff 76657468302d6c6f6e67 c3a9");
    expect(stringAt(b, 1, 4)).toBe("lo");
    expect(stringAt(b, 5, 10)).toBe("veth0-long"); // unterminated: the whole range
    expect(stringAt(b, 15, 2)).toBe("é"); // UTF-8 beyond ASCII goes through TextDecoder
    expect(stringAt(b, 0, 0)).toBe("");
  });

  test("cursor with typed getters", () => {
    const ad = new AttributeDecoder(bytes);
    const seen: unknown[] = [];
    while (ad.next()) {
      switch (ad.type) {
        case 3:
          seen.push(ad.u32());
          break;
        case 6:
          seen.push(ad.string());
          break;
        case 7:
          seen.push(ad.flag());
          break;
        case 8:
          expect(ad.isNetByteOrder).toBe(true);
          seen.push(ad.u32());
          break;
        case 1: {
          expect(ad.isNested).toBe(true);
          const n = ad.nested();
          expect(n.next()).toBe(true);
          seen.push(n.u32());
          expect(n.next()).toBe(false);
          break;
        }
        default:
          seen.push(ad.raw());
      }
    }
    expect(seen).toEqual([0xdeadbeef, "lo", true, 0x12b5, 5, { type: 9, nested: false, netByteOrder: false, data: Uint8Array.of(1, 2) }]);
  });

  test("encode(decode(bytes)) gives the same bytes back", () => {
    expect(encodeAttributes(decodeAttributes(bytes))).toEqual(bytes);
  });

  test("a big-endian decoder reads integers big-endian", () => {
    const ad = new AttributeDecoder(hex("0800 0100 00000102"), { bigEndian: true });
    ad.next();
    expect(ad.u32()).toBe(0x102);
  });

  test("NLA_UINT / NLA_SINT of every width", () => {
    const ad = new AttributeDecoder(hex("0500 0100 ff000000 0600 0100 ffff0000 0800 0100 ffffffff 0c00 0100 ffffffffffffffff"));
    const got: bigint[] = [];
    while (ad.next()) got.push(ad.uint());
    expect(got).toEqual([255n, 65535n, 4294967295n, 18446744073709551615n]);
    const sd = new AttributeDecoder(hex("0500 0100 ff000000 0c00 0100 feffffffffffffff"));
    const s: bigint[] = [];
    while (sd.next()) s.push(sd.sint());
    expect(s).toEqual([-1n, -2n]);
  });

  test("a getter of the wrong width names the attribute type and length", () => {
    const ad = new AttributeDecoder(hex("0600 0d00 0102 0000"));
    ad.next();
    expect(() => ad.u32()).toThrow(new DecodeError("attribute type 13: u32 needs 4 bytes, has 2"));
    expect(() => ad.u8()).toThrow(DecodeError);
    expect(() => ad.u64()).toThrow(DecodeError);
    expect(() => ad.flag()).toThrow(DecodeError);
    expect(() => ad.uint()).not.toThrow();
  });

  test.each([
    ["nla_len below the header", "0200 0100"],
    ["zero nla_len", "0000 0000 0000 0000"],
    ["nla_len past the end", "0c00 0100 0000"],
    ["second attribute runs past", "0400 0100 0800 0200 00"],
  ])("malformed: %s → DecodeError", (_name, b) => {
    const ad = new AttributeDecoder(hex(b));
    expect(() => {
      while (ad.next()) ad.bytes();
    }).toThrow(DecodeError);
  });
});

describe("properties", () => {
  // A small deterministic PRNG so failures reproduce.
  function rng(seed: number) {
    return () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
  }

  test("random attribute trees round-trip", () => {
    const r = rng(42);
    for (let iter = 0; iter < 500; iter++) {
      const e = new AttributeEncoder();
      const expected: { type: number; data: Uint8Array; nested: boolean }[] = [];
      const n = Math.floor(r() * 10);
      for (let i = 0; i < n; i++) {
        const type = Math.floor(r() * 0x3fff);
        const data = Uint8Array.from({ length: Math.floor(r() * 40) }, () => Math.floor(r() * 256));
        const nested = r() < 0.2;
        e.bytes(type, data, nested ? NLA_F_NESTED : 0);
        expected.push({ type, data, nested });
      }
      const bytes = e.encode();
      const back = decodeAttributes(bytes);
      expect(back.map((a) => ({ type: a.type, data: a.data, nested: a.nested }))).toEqual(expected);
      expect(encodeAttributes(back)).toEqual(bytes);
    }
  });

  test("random bytes only ever give DecodeError", () => {
    const r = rng(7);
    let errors = 0;
    for (let iter = 0; iter < 5000; iter++) {
      const bytes = Uint8Array.from({ length: Math.floor(r() * 64) }, () => Math.floor(r() * 256));
      // Bias lengths toward plausible values so the walkers go deep.
      if (bytes.length >= 2 && r() < 0.5) bytes[0] = Math.floor(r() * bytes.length);
      for (const f of [
        () => decodeMessages(bytes),
        () => {
          const ad = new AttributeDecoder(bytes);
          while (ad.next()) {
            ad.bytes();
            if (ad.length > 0) ad.nested().next();
          }
        },
      ]) {
        try {
          f();
        } catch (err) {
          if (!(err instanceof DecodeError)) throw err;
          errors++;
        }
      }
    }
    expect(errors).toBeGreaterThan(100);
  });

  test("NLA_F_NET_BYTEORDER is kept through a round trip", () => {
    const b = new AttributeEncoder().be32(3, 0x01020304, true).encode();
    expect(b).toEqual(hex("0800 0340 01020304"));
    expect(decodeAttributes(b)[0]!.netByteOrder).toBe(true);
    expect(NLA_F_NET_BYTEORDER).toBe(0x4000);
  });
});
