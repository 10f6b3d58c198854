/**
 * Addresses without a kernel: golden bytes for parseAddress and for the requests the address
 * functions send (through the fake kernel), and malformed input.
 */
import { describe, expect, test } from "bun:test";
import { DecodeError, EncodeError, NetlinkError, message, type Message } from "../../src/netlink/index.ts";
import { FakeKernel, errorReply } from "../../src/testing/index.ts";
import { RTM_DELADDR, RTM_GETADDR, RTM_GETLINK, RTM_NEWADDR, RTM_NEWLINK } from "../../src/rtnetlink/constants.ts";
import {
  addAddress,
  addressFlagNames,
  deleteAddress,
  encodeAddress,
  encodeAddressDelete,
  listAddresses,
  parseAddress,
  replaceAddress,
  type Address,
  type AddressSpec,
} from "../../src/rtnetlink/address.ts";

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\/\/[^\n]*/g, "").replace(/\s+/g, ""), "hex"));
/** Compare bytes as hex words, so a failure shows where they differ. */
const words = (b: Uint8Array) => Buffer.from(b).toString("hex").replace(/(.{8})/g, "$1 ").trim();
const expectBytes = (actual: Uint8Array, golden: string) => expect(words(actual)).toBe(words(hex(golden)));
const addrMessage = (data: Uint8Array, type = RTM_NEWADDR): Message => message(type, 0, data);

const IPV4 = hex(`
  02 18 80 00 05000000                 // ifaddrmsg: AF_INET, /24, IFA_F_PERMANENT, scope global, index 5
  0800 0100 c0000201                   // IFA_ADDRESS 192.0.2.1
  0800 0200 c0000201                   // IFA_LOCAL 192.0.2.1: the same, so no peer
  0800 0400 c00002ff                   // IFA_BROADCAST 192.0.2.255
  0e00 0300 76657468303a77656200 0000  // IFA_LABEL "veth0:web\\0", 2 pad
  0800 0800 80020000                   // IFA_FLAGS PERMANENT|NOPREFIXROUTE (0x280), beyond the u8 field
  1400 0600                            // IFA_CACHEINFO
    1e000000 3c000000                  //   ifa_prefered 30 s, ifa_valid 60 s
    10270000 204e0000                  //   cstamp 10000, tstamp 20000 hundredths
  0800 0900 64000000                   // IFA_RT_PRIORITY 100
  0500 0b00 03 000000                  // IFA_PROTO IFAPROT_KERNEL_LL
  0800 6300 01020304                   // type 99, unknown: kept
`);

const EXPECTED_IPV4: Address = {
  family: 4,
  index: 5,
  address: "192.0.2.1",
  prefixLength: 24,
  peer: undefined,
  broadcast: "192.0.2.255",
  label: "veth0:web",
  scope: "global",
  flags: 0x280,
  validLifetime: 60,
  preferredLifetime: 30,
  created: 100,
  updated: 200,
  metric: 100,
  protocol: 3,
  other: [{ type: 99, nested: false, netByteOrder: false, data: Uint8Array.of(1, 2, 3, 4) }],
};

const IPV6_PEER = hex(`
  0a 80 02 fd 09000000                             // AF_INET6, /128, IFA_F_NODAD, scope link (253), index 9
  1400 0200 20010db8000000000000000000000001       // IFA_LOCAL 2001:db8::1
  1400 0100 20010db8000000000000000000000002       // IFA_ADDRESS 2001:db8::2: the peer
`);

describe("parseAddress", () => {
  test("an IPv4 address with label, broadcast, u32 flags and lifetimes, field by field", () => {
    expect(parseAddress(addrMessage(IPV4))).toEqual(EXPECTED_IPV4);
  });

  test("an IPv6 point-to-point address: IFA_LOCAL is the address, IFA_ADDRESS the peer; no cacheinfo is forever", () => {
    expect(parseAddress(addrMessage(IPV6_PEER))).toEqual({
      family: 6,
      index: 9,
      address: "2001:db8::1",
      prefixLength: 128,
      peer: "2001:db8::2",
      broadcast: undefined,
      label: undefined,
      scope: "link",
      flags: 2,
      validLifetime: Infinity,
      preferredLifetime: Infinity,
      created: undefined,
      updated: undefined,
      metric: undefined,
      protocol: undefined,
      other: [],
    });
  });

  test("an IPv6 address with IFA_ADDRESS only; a scope without a name stays a number", () => {
    const a = parseAddress(addrMessage(hex(`
      0a 40 00 07 02000000                         // AF_INET6, /64, scope 7
      1400 0100 fe800000000000000000000000000001   // IFA_ADDRESS fe80::1
    `)));
    expect([a.address, a.peer, a.scope, a.prefixLength]).toEqual(["fe80::1", undefined, 7, 64]);
  });

  test("an IPv4 point-to-point address", () => {
    const a = parseAddress(addrMessage(hex(`
      02 20 00 00 03000000  0800 0200 0a000001  0800 0100 0a000002  // IFA_LOCAL 10.0.0.1, IFA_ADDRESS 10.0.0.2
    `)));
    expect([a.address, a.peer]).toEqual(["10.0.0.1", "10.0.0.2"]);
  });

  test("labels decode right when they change from one message to the next", () => {
    const withLabel = (l: string) => new Uint8Array([...hex("02 20 00 00 01000000  0800 0200 0a000001"), ...labelAttr(l)]);
    const labels = ["a0", "a1", "a0", "a0:long-label", "a0"].map((l) => parseAddress(addrMessage(withLabel(l))).label);
    expect(labels).toEqual(["a0", "a1", "a0", "a0:long-label", "a0"]);
  });

  test("RTM_DELADDR events decode the same way", () => {
    expect(parseAddress(addrMessage(IPV4, RTM_DELADDR))).toEqual(EXPECTED_IPV4);
  });

  test("addressFlagNames uses ip's words, per family", () => {
    expect(addressFlagNames(0x281, 4)).toEqual(["secondary", "permanent", "noprefixroute"]);
    expect(addressFlagNames(0x43, 6)).toEqual(["temporary", "nodad", "tentative"]);
  });

  test.each([
    ["ifaddrmsg shorter than 8 bytes", RTM_NEWADDR, "02 18 00 00"],
    ["a message type that is not an address", RTM_NEWLINK, "02 18 00 00 01000000  0800 0200 0a000001"],
    ["family AF_BRIDGE", RTM_NEWADDR, "07 18 00 00 01000000  0800 0200 0a000001"],
    ["IPv4 prefix length 33", RTM_NEWADDR, "02 21 00 00 01000000  0800 0200 0a000001"],
    ["an IPv4 IFA_LOCAL of 3 bytes", RTM_NEWADDR, "02 18 00 00 01000000  0700 0200 0a0000 00"],
    ["an IPv6 IFA_ADDRESS of 4 bytes", RTM_NEWADDR, "0a 40 00 00 01000000  0800 0100 0a000001"],
    ["IFA_FLAGS of 2 bytes", RTM_NEWADDR, "02 18 00 00 01000000  0800 0200 0a000001  0600 0800 8000 0000"],
    ["IFA_CACHEINFO of 8 bytes", RTM_NEWADDR, "02 18 00 00 01000000  0800 0200 0a000001  0c00 0600 00000000 00000000"],
    ["neither IFA_LOCAL nor IFA_ADDRESS", RTM_NEWADDR, "02 18 00 00 01000000"],
    ["nla_len past the end", RTM_NEWADDR, "02 18 00 00 01000000  1000 0200 0a000001"],
  ])("malformed: %s → DecodeError", (_name, type, bytes) => {
    expect(() => parseAddress(addrMessage(hex(bytes), type))).toThrow(DecodeError);
  });
});

function labelAttr(l: string): Uint8Array {
  const b = new TextEncoder().encode(l + "\0");
  const out = new Uint8Array((4 + b.length + 3) & ~3);
  new DataView(out.buffer).setUint16(0, 4 + b.length, true);
  new DataView(out.buffer).setUint16(2, 3, true);
  out.set(b, 4);
  return out;
}

describe("encodeAddress: golden bytes", () => {
  test.each<[string, AddressSpec, string]>([
    [
      "IPv4 with derived broadcast, label, flag, lifetimes and metric",
      { link: 5, address: "192.0.2.1/24", broadcast: true, label: "veth0:web", flags: ["noprefixroute"], validLifetime: 60, preferredLifetime: 30, metric: 100 },
      `02 18 00 00 05000000                 // AF_INET, /24, ifa_flags 0 (0x200 does not fit), scope global, index 5
       0800 0200 c0000201                   // IFA_LOCAL 192.0.2.1
       0800 0100 c0000201                   // IFA_ADDRESS 192.0.2.1
       0800 0400 c00002ff                   // IFA_BROADCAST 192.0.2.255, from the prefix
       0e00 0300 76657468303a77656200 0000  // IFA_LABEL "veth0:web"
       0800 0800 00020000                   // IFA_FLAGS IFA_F_NOPREFIXROUTE
       1400 0600 1e000000 3c000000 00000000 00000000 // IFA_CACHEINFO preferred 30, valid 60
       0800 0900 64000000                   // IFA_RT_PRIORITY 100`,
    ],
    [
      "a loopback IPv4 address gets scope host, as ip gives it",
      { link: 1, address: "127.0.0.5/8" },
      `02 08 00 fe 01000000  0800 0200 7f000005  0800 0100 7f000005`,
    ],
    [
      "IPv6 nodad with a peer whose prefix length applies",
      { link: 9, address: "2001:db8::1", peer: "2001:db8::2/64", flags: ["nodad"], scope: "link" },
      `0a 40 02 fd 09000000                             // AF_INET6, /64 from the peer, IFA_F_NODAD, scope link
       1400 0200 20010db8000000000000000000000001       // IFA_LOCAL
       1400 0100 20010db8000000000000000000000002       // IFA_ADDRESS: the peer
       0800 0800 02000000                               // IFA_FLAGS`,
    ],
    [
      "only a valid lifetime: preferred follows it",
      { link: 2, address: "2001:db8::5/64", validLifetime: 600 },
      `0a 40 00 00 02000000
       1400 0200 20010db8000000000000000000000005
       1400 0100 20010db8000000000000000000000005
       1400 0600 58020000 58020000 00000000 00000000 // preferred 600, valid 600`,
    ],
    [
      "Infinity is forever",
      { link: 2, address: "10.0.0.1/8", validLifetime: Infinity, preferredLifetime: 0 },
      `02 08 00 00 02000000  0800 0200 0a000001  0800 0100 0a000001
       1400 0600 00000000 ffffffff 00000000 00000000 // preferred 0 (deprecated at once), valid forever`,
    ],
  ])("%s", (_name, spec, golden) => {
    expectBytes(encodeAddress(spec, typeof spec.link === "number" ? spec.link : 0), golden);
  });

  test.each<[string, AddressSpec]>([
    ["an address that is not one", { link: 1, address: "300.1.1.1/24" }],
    ["a prefix length of 33", { link: 1, address: "192.0.2.1/33" }],
    ["a peer of the other family", { link: 1, address: "192.0.2.1/24", peer: "2001:db8::1" }],
    ["a broadcast on IPv6", { link: 1, address: "2001:db8::1/64", broadcast: true }],
    ["a label on IPv6", { link: 1, address: "2001:db8::1/64", label: "x" }],
    ["a label of 16 bytes", { link: 1, address: "192.0.2.1/24", label: "abcdefghijklmnop" }],
    ["an unknown flag", { link: 1, address: "192.0.2.1/24", flags: ["nodad", "sticky" as "nodad"] }],
    ["a negative lifetime", { link: 1, address: "192.0.2.1/24", validLifetime: -1 }],
    ["a fractional lifetime", { link: 1, address: "192.0.2.1/24", preferredLifetime: 1.5 }],
    ["an unknown scope", { link: 1, address: "192.0.2.1/24", scope: "planet" as "global" }],
    ["a metric above 2^32", { link: 1, address: "192.0.2.1/24", metric: 2 ** 32 }],
  ])("bad input: %s → EncodeError", (_name, spec) => {
    expect(() => encodeAddress(spec, 1)).toThrow(EncodeError);
  });
});

describe("encodeAddressDelete: golden bytes", () => {
  test("with a prefix: IFA_LOCAL and IFA_ADDRESS, so the IPv4 kernel compares the prefix too", () => {
    expectBytes(encodeAddressDelete({ link: 5, address: "192.0.2.1/24" }, 5), "02 18 00 00 05000000  0800 0200 c0000201  0800 0100 c0000201");
  });
  test("IPv4 without a prefix: IFA_LOCAL only, which matches any prefix length", () => {
    expectBytes(encodeAddressDelete({ link: 5, address: "192.0.2.1" }, 5), "02 20 00 00 05000000  0800 0200 c0000201");
  });
  test("a listed Address deletes exactly itself", () => {
    expectBytes(
      encodeAddressDelete(parseAddress(addrMessage(IPV6_PEER)), 9),
      `0a 80 00 00 09000000
       1400 0200 20010db8000000000000000000000001 // IFA_LOCAL
       1400 0100 20010db8000000000000000000000002 // IFA_ADDRESS: the peer`,
    );
  });
});

/** A minimal RTM_NEWLINK reply for name lookups. */
function linkReply(index: number): Message {
  const h = new Uint8Array(16);
  new DataView(h.buffer).setInt32(4, index, true);
  return message(RTM_NEWLINK, 0, h);
}

describe("address requests through the fake kernel", () => {
  test("listAddresses({link, family}): the name is resolved, then one filtered dump", async () => {
    const k = new FakeKernel((req) => (req.type === RTM_GETLINK ? [linkReply(9)] : [addrMessage(IPV6_PEER)]));
    const list = await listAddresses(k.conn(), { link: "veth0", family: 6 });
    expect(list.map((a) => a.address)).toEqual(["2001:db8::1"]);
    const dump = k.requests[1]!;
    expect(dump.type).toBe(RTM_GETADDR);
    expect(dump.flags).toBe(0x301);
    expectBytes(dump.data, "0a 00 00 00 09000000 // AF_INET6, index 9: the kernel filters with strict checking");
  });

  test("listAddresses re-checks the filters and skips families it does not model", async () => {
    const bridge = addrMessage(hex("07 00 00 00 05000000"));
    const k = new FakeKernel(() => [addrMessage(IPV4), addrMessage(IPV6_PEER), bridge]);
    expect((await listAddresses(k.conn())).map((a) => a.address)).toEqual(["192.0.2.1", "2001:db8::1"]);
    expect((await listAddresses(k.conn(), { family: 4 })).map((a) => a.address)).toEqual(["192.0.2.1"]);
    expect((await listAddresses(k.conn(), { link: 9 })).map((a) => a.address)).toEqual(["2001:db8::1"]);
    expectBytes(k.requests[0]!.data, "00 00 00 00 00000000 // AF_UNSPEC: both families");
  });

  test("addAddress: RTM_NEWADDR with NLM_F_CREATE | NLM_F_EXCL; replaceAddress with NLM_F_REPLACE", async () => {
    const k = new FakeKernel(() => []);
    await addAddress(k.conn(), { link: 5, address: "192.0.2.1/24" });
    await replaceAddress(k.conn(), { link: 5, address: "192.0.2.1/24", validLifetime: 30 });
    expect(k.requests.map((r) => [r.type, r.flags])).toEqual([
      [RTM_NEWADDR, 0x605], // REQUEST | ACK | EXCL | CREATE
      [RTM_NEWADDR, 0x505], // REQUEST | ACK | REPLACE | CREATE
    ]);
  });

  test("deleteAddress of a listed Address needs no name lookup", async () => {
    const k = new FakeKernel(() => []);
    await deleteAddress(k.conn(), parseAddress(addrMessage(IPV4)));
    expect(k.requests.map((r) => r.type)).toEqual([RTM_DELADDR]);
    expectBytes(k.requests[0]!.data, "02 18 00 00 05000000  0800 0200 c0000201  0800 0100 c0000201");
  });

  test("the kernel's errno and extended ACK come through: a duplicate", async () => {
    const k = new FakeKernel(() => errorReply(17, { message: "ipv4: Address already assigned" }));
    const err = await addAddress(k.conn(), { link: 5, address: "192.0.2.1/24" }).catch((e) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect([err.code, err.syscall, err.extAck.message]).toEqual(["EEXIST", "RTM_NEWADDR", "ipv4: Address already assigned"]);
  });

  test("a missing link rejects with ENODEV from the lookup, before any address request", async () => {
    const k = new FakeKernel(() => errorReply(19));
    const err = await addAddress(k.conn(), { link: "nope", address: "192.0.2.1/24" }).catch((e) => e);
    expect(err.code).toBe("ENODEV");
    expect(k.requests.map((r) => r.type)).toEqual([RTM_GETLINK]);
  });

  test("bad input rejects with EncodeError and sends nothing", async () => {
    const k = new FakeKernel(() => []);
    await expect(addAddress(k.conn(), { link: 5, address: "192.0.2.1/40" })).rejects.toBeInstanceOf(EncodeError);
    await expect(listAddresses(k.conn(), { family: 5 as 4 })).rejects.toBeInstanceOf(EncodeError);
    await expect(deleteAddress(k.conn(), { link: 5, address: "nonsense" })).rejects.toBeInstanceOf(EncodeError);
    expect(k.requests).toEqual([]);
  });
});
