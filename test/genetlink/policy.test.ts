import { describe, expect, test } from "bun:test";
import {
  DecodeError,
  decodePolicy,
  encodePolicy,
  encodePolicyRequest,
  requestPolicy,
  type FamilyPolicy,
  type GenericMessage,
} from "../../src/genetlink/index.ts";

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+|\/\/[^\n]*/g, ""), "hex"));
const asReplies = (payloads: Uint8Array[]): GenericMessage[] =>
  payloads.map((data) => ({ command: 10, version: 2, data, message: { type: 0x10, flags: 2, seq: 1, pid: 0, data } }));

// Linux 6.18's CTRL_CMD_GETPOLICY dump for nlctrl with CTRL_ATTR_OP 10 (its own GETPOLICY),
// captured from the kernel: the attributes of each reply after the genlmsghdr (0a 02 0000).
const kernelDump = [
  hex(`
    0600 0100 1000 0000     // CTRL_ATTR_FAMILY_ID 0x10
    1000 0980               // CTRL_ATTR_OP_POLICY | NLA_F_NESTED
      0c00 0080             //   command 0 (sic: the kernel's number for a dump-only command)
        0800 0200 00000000  //     CTRL_ATTR_POLICY_DUMP 0
  `),
  hex(`
    0600 0100 1000 0000     // CTRL_ATTR_FAMILY_ID 0x10
    2c00 0880               // CTRL_ATTR_POLICY
      2800 0080             //   policy 0
        2400 0180           //     attribute 1 (CTRL_ATTR_FAMILY_ID)
          0c00 0400 0000000000000000  // NL_POLICY_TYPE_ATTR_MIN_VALUE_U 0
          0c00 0500 ffff000000000000  // NL_POLICY_TYPE_ATTR_MAX_VALUE_U 65535
          0800 0100 03000000          // NL_POLICY_TYPE_ATTR_TYPE NL_ATTR_TYPE_U16 (written last)
  `),
  hex(`
    0600 0100 1000 0000
    1c00 0880 1800 0080
        1400 0280           //     attribute 2 (CTRL_ATTR_FAMILY_NAME)
          0800 0700 0f000000          // NL_POLICY_TYPE_ATTR_MAX_LENGTH 15
          0800 0100 0c000000          // NL_POLICY_TYPE_ATTR_TYPE NL_ATTR_TYPE_NUL_STRING
  `),
  hex(`
    0600 0100 1000 0000
    2c00 0880 2800 0080
        2400 0a80           //     attribute 10 (CTRL_ATTR_OP)
          0c00 0400 0000000000000000  // MIN_VALUE_U 0
          0c00 0500 ffffffff00000000  // MAX_VALUE_U 4294967295
          0800 0100 04000000          // TYPE NL_ATTR_TYPE_U32
  `),
];

const policy0 = {
  1: { type: "u16", minValue: 0n, maxValue: 65535n },
  2: { type: "nul-string", maxLength: 15 },
  10: { type: "u32", minValue: 0n, maxValue: 4294967295n },
} as const;

describe("CTRL_CMD_GETPOLICY", () => {
  test("the request: family name and optional command", () => {
    expect(encodePolicyRequest("nlctrl", 10)).toEqual(
      hex(`
      0b00 0200 6e6c6374726c00 00  // CTRL_ATTR_FAMILY_NAME "nlctrl"
      0800 0a00 0a000000           // CTRL_ATTR_OP 10
    `),
    );
    expect(encodePolicyRequest("nlctrl")).toEqual(hex("0b00 0200 6e6c6374726c00 00"));
  });

  test("decode the kernel's dump as it is (the dump-only command filed under 0)", () => {
    expect(decodePolicy(asReplies(kernelDump))).toEqual({ familyId: 0x10, operations: { 0: { dump: 0 } }, policies: { 0: policy0 } });
  });

  test("dumpOnlyCommands gives the command its number back", () => {
    expect(decodePolicy(asReplies(kernelDump), [10])).toEqual({ familyId: 0x10, operations: { 10: { dump: 0 } }, policies: { 0: policy0 } });
  });

  test("encodePolicy gives the kernel's bytes back", () => {
    const p: FamilyPolicy = { familyId: 0x10, operations: { 0: { dump: 0 } }, policies: { 0: policy0 } };
    expect(encodePolicy(p)).toEqual(kernelDump);
  });

  test("several dump-only commands are renumbered in turn", () => {
    const p: FamilyPolicy = { familyId: 0x20, operations: { 0: { dump: 1 } }, policies: {} };
    const first = encodePolicy(p);
    const second = encodePolicy({ ...p, operations: { 0: { dump: 2 } } });
    const doOnly = encodePolicy({ ...p, operations: { 4: { do: 3 } } });
    expect(decodePolicy(asReplies([...first, ...doOnly, ...second]), [5, 7]).operations).toEqual({ 5: { dump: 1 }, 4: { do: 3 }, 7: { dump: 2 } });
  });

  test.each<[string, FamilyPolicy["policies"][number][number]]>([
    ["signed range", { type: "s32", minValue: -5n, maxValue: 5n }],
    ["s64 extremes", { type: "s64", minValue: -(1n << 63n), maxValue: (1n << 63n) - 1n }],
    ["u64 mask", { type: "u64", mask: 0xf0f0n }],
    ["uint range", { type: "uint", minValue: 1n, maxValue: 1n << 40n }],
    ["sint range", { type: "sint", minValue: -1n, maxValue: 1n }],
    ["binary lengths", { type: "binary", minLength: 6, maxLength: 6 }],
    ["nested with its policy", { type: "nested", policy: 3, maxType: 9 }],
    ["nested array", { type: "nested-array", policy: 1, maxType: 2 }],
    ["bitfield32", { type: "bitfield32", bitfield32Mask: 0x7 }],
    ["flag", { type: "flag" }],
    ["string", { type: "string", maxLength: 31 }],
    ["a type newer than this library", { type: "unknown", unknownType: 42 }],
  ])("round trip: %s", (_name, attr) => {
    const p: FamilyPolicy = { familyId: 0x21, operations: { 1: { do: 0, dump: 0 } }, policies: { 0: { 7: attr } } };
    expect(decodePolicy(asReplies(encodePolicy(p)))).toEqual(p);
  });

  test("signed ranges are written as MIN/MAX_VALUE_S, unsigned as _U", () => {
    const [signed] = encodePolicy({ familyId: 1, operations: {}, policies: { 0: { 1: { type: "s8", minValue: -1n } } } });
    expect(signed).toEqual(
      hex(`
      0600 0100 0100 0000
      2000 0880 1c00 0080 1800 0180
        0c00 0200 ffffffffffffffff  // NL_POLICY_TYPE_ATTR_MIN_VALUE_S -1
        0800 0100 06000000          // TYPE NL_ATTR_TYPE_S8
    `),
    );
  });

  test("the pad attribute is skipped, unknown properties kept", () => {
    const data = hex(`
      0600 0100 2100 0000
      2000 0880 1c00 0080 1800 0180
        0400 0b00                    // NL_POLICY_TYPE_ATTR_PAD
        0800 6300 01000000           // property 99, unknown
        0800 0100 04000000           // TYPE u32
    `);
    expect(decodePolicy(asReplies([data])).policies[0]![1]).toEqual({
      type: "u32",
      other: [{ type: 99, nested: false, netByteOrder: false, data: hex("01000000") }],
    });
  });

  test("replies naming two families → DecodeError", () => {
    const a = encodePolicy({ familyId: 1, operations: { 1: { do: 0 } }, policies: {} });
    const b = encodePolicy({ familyId: 2, operations: { 2: { do: 0 } }, policies: {} });
    expect(() => decodePolicy(asReplies([...a, ...b]))).toThrow(DecodeError);
  });

  test("a malformed property → DecodeError naming it", () => {
    const data = hex("0600 0100 2100 0000 1400 0880 1000 0080 0c00 0180 0800 0400 00000000"); // MIN_VALUE_U of 4 bytes
    expect(() => decodePolicy(asReplies([data]))).toThrow(/attribute type 4: u64 needs 8 bytes, has 4/);
  });

  test("requestPolicy finds a command's do or dump policy", () => {
    const p: FamilyPolicy = { familyId: 0x10, operations: { 3: { do: 0, dump: 1 }, 10: { dump: 1 } }, policies: { 0: policy0, 1: { 1: { type: "u16" } } } };
    expect(requestPolicy(p, 3)).toBe(p.policies[0]!);
    expect(requestPolicy(p, 3, "dump")).toBe(p.policies[1]!);
    expect(requestPolicy(p, 10)).toBeUndefined();
    expect(requestPolicy(p, 99)).toBeUndefined();
  });
});
