/**
 * Neighbour codec: golden bytes for struct ndmsg and its attributes, both ways, malformed input
 * (DecodeError) and bad specs (EncodeError).
 */
import { describe, expect, test } from "bun:test";
import { DecodeError, EncodeError, message } from "../../src/netlink/index.ts";
import { encodeNeighbour, encodeNeighbourDump, parseNeighbour, type Neighbour, type NeighbourSpec } from "../../src/rtnetlink/neighbour.ts";
import { RTM_DELNEIGH, RTM_NEWNEIGH } from "../../src/rtnetlink/neighbour-constants.ts";

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\/\/[^\n]*/g, "").replace(/\s+/g, ""), "hex"));
const neighbour = (bytes: string, type = RTM_NEWNEIGH) => parseNeighbour(message(type, 0, hex(bytes)));

function expected(n: Partial<Neighbour> & Pick<Neighbour, "family" | "linkIndex">): Neighbour {
  return {
    address: undefined,
    lladdr: undefined,
    state: "none",
    flags: 0,
    type: 0,
    probes: undefined,
    cacheInfo: undefined,
    vlan: undefined,
    master: undefined,
    protocol: undefined,
    ...n,
  };
}

describe("IPv4 ARP entry: ndmsg + NDA_DST + NDA_LLADDR", () => {
  // `ip neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev #3` (state permanent).
  const request = `
    02        // ndm_family AF_INET
    00        // ndm_pad1
    0000      // ndm_pad2
    03000000  // ndm_ifindex 3
    8000      // ndm_state NUD_PERMANENT
    00        // ndm_flags
    00        // ndm_type
    0800 0100 c0000209            // NDA_DST 192.0.2.9
    0a00 0200 020000000009 0000   // NDA_LLADDR 02:00:00:00:00:09 + 2 pad
  `;
  test("encodeNeighbour(add) gives the golden bytes", () => {
    expect(encodeNeighbour({ link: 3, address: "192.0.2.9", lladdr: "02:00:00:00:00:09" }, "add")).toEqual(hex(request));
  });
  test("parseNeighbour decodes the kernel's answer, cache info in milliseconds", () => {
    const reply = `
      02 00 0000 03000000 0400 00 01   // AF_INET, ifindex 3, NUD_STALE, no flags, RTN_UNICAST
      0800 0100 c0000209               // NDA_DST 192.0.2.9
      0a00 0200 020000000009 0000      // NDA_LLADDR
      0800 0400 02000000               // NDA_PROBES 2
      1400 0300 64000000 c8000000 2c010000 01000000 // NDA_CACHEINFO confirmed 100, used 200, updated 300 ticks, refcnt 1
      0800 0f00 01000000               // NDA_FLAGS_EXT (kept in other)
    `;
    expect(neighbour(reply)).toEqual(
      expected({
        family: 4,
        linkIndex: 3,
        address: "192.0.2.9",
        lladdr: "02:00:00:00:00:09",
        state: "stale",
        type: 1,
        probes: 2,
        cacheInfo: { confirmed: 1000, used: 2000, updated: 3000, refcount: 1 },
        other: [{ type: 15, nested: false, netByteOrder: false, data: hex("01000000") }],
      }),
    );
  });
  test("delete sends only the key: no lladdr, state 0", () => {
    expect(encodeNeighbour({ link: 3, address: "192.0.2.9", lladdr: "02:00:00:00:00:09" }, "delete")).toEqual(
      hex(`02 00 0000 03000000 0000 00 00  0800 0100 c0000209`),
    );
  });
  test("RTM_DELNEIGH events decode the same way", () => {
    expect(neighbour(`02 00 0000 03000000 2000 00 01  0800 0100 c0000209`, RTM_DELNEIGH).state).toBe("failed");
  });
});

describe("IPv6 and bridge entries", () => {
  test("IPv6 router entry with NTF_ROUTER, state reachable", () => {
    const wire = `
      0a 00 0000 02000000 0200 80 00   // AF_INET6, ifindex 2, NUD_REACHABLE, NTF_ROUTER
      1400 0100 20010db8 00000000 00000000 00000009  // NDA_DST 2001:db8::9
      0a00 0200 02000000000a 0000      // NDA_LLADDR
    `;
    expect(encodeNeighbour({ link: 2, address: "2001:db8::9", lladdr: "02:00:00:00:00:0a", state: "reachable", router: true }, "replace")).toEqual(hex(wire));
    expect(neighbour(wire)).toEqual(
      expected({ family: 6, linkIndex: 2, address: "2001:db8::9", lladdr: "02:00:00:00:00:0a", state: "reachable", flags: 0x80 }),
    );
  });
  test("a proxy entry: NTF_PROXY, no lladdr", () => {
    expect(encodeNeighbour({ link: 2, address: "192.0.2.50", proxy: true }, "add")).toEqual(hex(`02 00 0000 02000000 8000 08 00  0800 0100 c0000232`));
  });
  test("several state bits stay a number", () => {
    expect(neighbour(`02 00 0000 02000000 0600 00 00`).state).toBe(6);
  });
  test("a bridge FDB event: AF_BRIDGE, VLAN, master, VXLAN remote of either family", () => {
    const n = neighbour(`
      07 00 0000 05000000 8000 02 00   // AF_BRIDGE, ifindex 5, permanent, NTF_SELF
      0a00 0200 02000000000b 0000      // NDA_LLADDR
      0600 0500 0a00 0000              // NDA_VLAN 10
      0800 0900 04000000               // NDA_MASTER 4
      0800 0100 c6336401               // NDA_DST 198.51.100.1 (VXLAN remote)
      0500 0c00 04 000000              // NDA_PROTOCOL 4
    `);
    expect(n).toEqual(
      expected({ family: "bridge", linkIndex: 5, lladdr: "02:00:00:00:00:0b", state: "permanent", flags: 2, vlan: 10, master: 4, address: "198.51.100.1", protocol: 4 }),
    );
  });
  test("dump request: family, proxy flag, link and master filters", () => {
    expect(encodeNeighbourDump()).toEqual(hex("00 00 0000 00000000 0000 00 00"));
    expect(encodeNeighbourDump({ family: 6, link: 3, master: 4, proxy: true })).toEqual(
      hex(`
        0a 00 0000 00000000 0000  // AF_INET6; ifindex and state must be 0 in a strict dump
        08 00                     // ndm_flags NTF_PROXY, ndm_type 0
        0800 0800 03000000        // NDA_IFINDEX 3
        0800 0900 04000000        // NDA_MASTER 4
      `),
    );
  });
});

describe("malformed neighbour messages → DecodeError", () => {
  const head = "02 00 0000 03000000 0200 00 01";
  test.each([
    ["not a neighbour message type", "", 24],
    ["shorter than struct ndmsg", "02 00 0000 03000000", RTM_NEWNEIGH],
    ["family 99", "63 00 0000 03000000 0200 00 01", RTM_NEWNEIGH],
    ["NDA_DST of 5 bytes", `${head} 0900 0100 c000020900 000000`, RTM_NEWNEIGH],
    ["NDA_CACHEINFO of 8 bytes", `${head} 0c00 0300 0000000000000000`, RTM_NEWNEIGH],
    ["NDA_VLAN of 4 bytes", `${head} 0800 0500 0a000000`, RTM_NEWNEIGH],
    ["NDA_PROBES of 2 bytes", `${head} 0600 0400 0100 0000`, RTM_NEWNEIGH],
    ["nla_len past the end", `${head} 1000 0100 c0000209`, RTM_NEWNEIGH],
  ])("%s", (_what, bytes, type) => {
    expect(() => neighbour(bytes, type)).toThrow(DecodeError);
  });
});

describe("bad neighbour specs → EncodeError", () => {
  test.each([
    ["an invalid address", { link: 2, address: "192.0.2.300" }, "is not an IPv4 or IPv6 address"],
    ["an invalid lladdr", { link: 2, address: "192.0.2.1", lladdr: "zz:00" }, "is not a link-layer address"],
    ["an unknown state", { link: 2, address: "192.0.2.1", state: "gone" }, 'state "gone" is not one of'],
    ["a state above 16 bits", { link: 2, address: "192.0.2.1", state: 0x10000 }, "state 65536"],
    ["a link index of -1", { link: -1, address: "192.0.2.1" }, "interface index -1"],
    ["an unresolved link name", { link: "veth0", address: "192.0.2.1" }, "must be resolved"],
  ])("%s", (_what, spec, text) => {
    expect(() => encodeNeighbour(spec as NeighbourSpec, "add")).toThrow(EncodeError);
    expect(() => encodeNeighbour(spec as NeighbourSpec, "add")).toThrow(text);
  });
  test("dump: family 5", () => {
    expect(() => encodeNeighbourDump({ family: 5 as never })).toThrow(EncodeError);
  });
});
