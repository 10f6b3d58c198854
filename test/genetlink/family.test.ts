import { describe, expect, test } from "bun:test";
import {
  DecodeError,
  GENL_CMD_CAP_DO,
  GENL_CMD_CAP_DUMP,
  GENL_CMD_CAP_HASPOL,
  decodeFamily,
  decodeGeneric,
  encodeFamily,
  findGroup,
  type Family,
} from "../../src/genetlink/index.ts";
import type { Message } from "../../src/netlink/index.ts";

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+|\/\/[^\n]*/g, ""), "hex"));

// The payload of Linux 6.18's reply to CTRL_CMD_GETFAMILY "nlctrl", captured from the kernel.
const nlctrlReply = hex(`
  01 02 0000                        // genlmsghdr: cmd CTRL_CMD_NEWFAMILY, version 2
  0b00 0200 6e6c6374726c00 00       // CTRL_ATTR_FAMILY_NAME "nlctrl"
  0600 0100 1000 0000               // CTRL_ATTR_FAMILY_ID 0x10 (u16 + 2 pad)
  0800 0300 02000000                // CTRL_ATTR_VERSION 2
  0800 0400 00000000                // CTRL_ATTR_HDRSIZE 0
  0800 0500 00000000                // CTRL_ATTR_MAXATTR 0
  2c00 0600                         // CTRL_ATTR_OPS, 44 bytes, no NLA_F_NESTED (the controller predates it)
    1400 0100                       //   entry 1
      0800 0100 03000000            //     CTRL_ATTR_OP_ID 3 (CTRL_CMD_GETFAMILY)
      0800 0200 0e000000            //     CTRL_ATTR_OP_FLAGS DO|DUMP|HASPOL
    1400 0200                       //   entry 2
      0800 0100 0a000000            //     CTRL_ATTR_OP_ID 10 (CTRL_CMD_GETPOLICY)
      0800 0200 0c000000            //     CTRL_ATTR_OP_FLAGS DUMP|HASPOL
  1c00 0700                         // CTRL_ATTR_MCAST_GROUPS, 28 bytes
    1800 0100                       //   entry 1
      0800 0200 10000000            //     CTRL_ATTR_MCAST_GRP_ID 0x10
      0b00 0100 6e6f7469667900 00   //     CTRL_ATTR_MCAST_GRP_NAME "notify"
`);

const nlctrl: Family = {
  id: 0x10,
  name: "nlctrl",
  version: 2,
  headerSize: 0,
  maxAttribute: 0,
  operations: [
    { id: 3, flags: GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP | GENL_CMD_CAP_HASPOL },
    { id: 10, flags: GENL_CMD_CAP_DUMP | GENL_CMD_CAP_HASPOL },
  ],
  groups: [{ id: 0x10, name: "notify" }],
};

const reply = (data: Uint8Array): Message => ({ type: 0x10, flags: 0, seq: 1, pid: 0, data });

describe("controller family replies", () => {
  test("decode the kernel's nlctrl reply", () => {
    const g = decodeGeneric(reply(nlctrlReply));
    expect(g.command).toBe(1);
    expect(decodeFamily(g.data)).toEqual(nlctrl);
  });

  test("encodeFamily gives the kernel's bytes back", () => {
    expect(encodeFamily(nlctrl)).toEqual(nlctrlReply.subarray(4));
  });

  test("a family without operations or groups: the lists are empty and omitted on the wire", () => {
    const f: Family = { id: 0x1f, name: "TASKSTATS", version: 1, headerSize: 0, maxAttribute: 0, operations: [], groups: [] };
    const bytes = encodeFamily(f);
    expect(bytes).toEqual(
      hex(`
      0e00 0200 5441534b535441545300 0000  // CTRL_ATTR_FAMILY_NAME "TASKSTATS"
      0600 0100 1f00 0000                  // CTRL_ATTR_FAMILY_ID 0x1f
      0800 0300 01000000                   // CTRL_ATTR_VERSION 1
      0800 0400 00000000                   // CTRL_ATTR_HDRSIZE 0
      0800 0500 00000000                   // CTRL_ATTR_MAXATTR 0
    `),
    );
    expect(decodeFamily(bytes)).toEqual(f);
  });

  test("unknown attributes are kept and encoded back", () => {
    const extra = hex("0800 6300 2a000000"); // type 99, a future controller attribute
    const withExtra = new Uint8Array([...nlctrlReply.subarray(4), ...extra]);
    const f = decodeFamily(withExtra);
    expect(f.other).toEqual([{ type: 99, nested: false, netByteOrder: false, data: hex("2a000000") }]);
    expect(encodeFamily(f)).toEqual(withExtra);
  });

  test("findGroup looks a group up by name", () => {
    expect(findGroup(nlctrl, "notify")).toEqual({ id: 0x10, name: "notify" });
    expect(findGroup(nlctrl, "nope")).toBeUndefined();
  });

  test.each([
    ["no family id", "0b00 0200 6e6c6374726c00 00", /CTRL_ATTR_FAMILY_ID/],
    ["no family name", "0600 0100 1000 0000", /CTRL_ATTR_FAMILY_NAME/],
    ["family id of 4 bytes", "0800 0100 10000000 0b00 0200 6e6c6374726c00 00", /attribute type 1: u16 needs 2 bytes, has 4/],
    ["version of 2 bytes", "0600 0100 1000 0000 0600 0300 0200 0000", /attribute type 3: u32 needs 4 bytes, has 2/],
    ["op flags of 1 byte", "0600 0100 1000 0000 1000 0600 0c00 0100 0500 0200 0e000000", /attribute type 2: u32 needs 4 bytes, has 1/],
    ["attribute running past the end", "0600 0100 1000 0000 2000 0600 0000 0000", /runs past the end/],
  ])("malformed: %s → DecodeError", (_name, bytes, message) => {
    expect(() => decodeFamily(hex(bytes))).toThrow(DecodeError);
    expect(() => decodeFamily(hex(bytes))).toThrow(message);
  });
});
