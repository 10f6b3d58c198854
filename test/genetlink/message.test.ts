import { describe, expect, test } from "bun:test";
import { DecodeError, EncodeError, decodeGeneric, encodeGeneric } from "../../src/genetlink/index.ts";
import { decodeMessages, encodeMessages, type Message } from "../../src/netlink/index.ts";

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+|\/\/[^\n]*/g, ""), "hex"));

describe("genlmsghdr", () => {
  // CTRL_CMD_GETFAMILY "nlctrl" as GenericConn.getFamily sends it, seq 5, pid 0.
  const golden = hex(`
    20000000  // nlmsg_len 32
    1000      // nlmsg_type 0x10 (GENL_ID_CTRL)
    0100      // nlmsg_flags NLM_F_REQUEST (no ACK: the reply ends the request)
    05000000  // nlmsg_seq 5
    00000000  // nlmsg_pid 0
    03        // genlmsghdr.cmd CTRL_CMD_GETFAMILY
    01        // genlmsghdr.version 1
    0000      // genlmsghdr.reserved
    0b00 0200 6e6c6374726c00 00  // CTRL_ATTR_FAMILY_NAME "nlctrl\\0" + 1 pad
  `);
  const attrs = hex("0b00 0200 6e6c6374726c00 00");

  test("encodeGeneric + a netlink header give the golden bytes", () => {
    const data = encodeGeneric(3, 1, attrs);
    expect(encodeMessages([{ type: 0x10, flags: 1, seq: 5, pid: 0, data }])).toEqual(golden);
  });

  test("decodeGeneric splits command, version and the rest (a view, not a copy)", () => {
    const [m] = decodeMessages(golden);
    const g = decodeGeneric(m!);
    expect(g.command).toBe(3);
    expect(g.version).toBe(1);
    expect(g.data).toEqual(attrs);
    expect(g.message).toBe(m!);
    expect(g.data.buffer).toBe(golden.buffer);
  });

  test("a header alone has empty data; the reserved field is ignored", () => {
    const m: Message = { type: 0x15, flags: 0, seq: 0, pid: 0, data: hex("07 02 ffff") };
    expect(decodeGeneric(m)).toEqual({ command: 7, version: 2, data: new Uint8Array(0), message: m });
    expect(encodeGeneric(7, 2)).toEqual(hex("07 02 0000"));
  });

  test.each([0, 1, 2, 3])("a payload of %i bytes is too short for the header → DecodeError", (n) => {
    const m: Message = { type: 0x15, flags: 0, seq: 0, pid: 0, data: new Uint8Array(n) };
    expect(() => decodeGeneric(m)).toThrow(DecodeError);
    expect(() => decodeGeneric(m)).toThrow(/genlmsghdr needs 4/);
  });

  test.each([
    [256, 1],
    [-1, 1],
    [1.5, 1],
    [1, 256],
    [1, Number.NaN],
  ])("command %p version %p is not a u8 → EncodeError", (command, version) => {
    expect(() => encodeGeneric(command, version, new Uint8Array(0))).toThrow(EncodeError);
  });

  test("both problems are reported at once", () => {
    const err = (() => {
      try {
        encodeGeneric(300, 300);
      } catch (e) {
        return e as EncodeError;
      }
      return undefined;
    })();
    expect(err?.problems.length).toBe(2);
  });
});
