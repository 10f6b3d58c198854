/**
 * Links without a kernel: golden bytes for parseLink and for every request the link functions
 * send (checked through the fake kernel), and malformed input.
 */
import { describe, expect, test } from "bun:test";
import { DecodeError, EncodeError, NetlinkError, message, type Message } from "../../src/netlink/index.ts";
import { FakeKernel, errorReply } from "../../src/testing/index.ts";
import { RTM_DELLINK, RTM_GETLINK, RTM_NEWLINK, RTM_SETLINK } from "../../src/rtnetlink/constants.ts";
import {
  createLink,
  deleteLink,
  getLink,
  linkFlagNames,
  listLinks,
  parseLink,
  setLink,
  type Link,
  type LinkSpec,
} from "../../src/rtnetlink/link.ts";

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\/\/[^\n]*/g, "").replace(/\s+/g, ""), "hex"));
/** Compare bytes as hex words, so a failure shows where they differ. */
const words = (b: Uint8Array) => Buffer.from(b).toString("hex").replace(/(.{8})/g, "$1 ").trim();
const expectBytes = (actual: Uint8Array, golden: string) => expect(words(actual)).toBe(words(hex(golden)));

/** rtnl_link_stats64 with field i holding i + 1, rx_bytes (field 2) above 2^32, and 8 unknown tail bytes. */
function stats64(): Uint8Array {
  const b = new Uint8Array(26 * 8);
  const v = new DataView(b.buffer);
  for (let i = 0; i < 26; i++) v.setBigUint64(i * 8, BigInt(i + 1), true);
  v.setBigUint64(2 * 8, 0x1_0000_0005n, true);
  return b;
}

// An RTM_NEWLINK payload as the kernel sends it for a vxlan enslaved to a bridge, field by field.
const VXLAN_LINK = new Uint8Array([
  ...hex(`
  00 00 0100        // ifinfomsg: family AF_UNSPEC, pad, ifi_type ARPHRD_ETHER (1)
  07000000          //   ifi_index 7
  43100100          //   ifi_flags UP|BROADCAST|RUNNING|MULTICAST|LOWER_UP = 0x11043
  00000000          //   ifi_change 0
  0b00 0300 76786c616e3000 00          // IFLA_IFNAME (3) "vxlan0\\0", len 11, 1 pad
  0800 0400 b2050000                   // IFLA_MTU (4) 1458
  0800 0d00 e8030000                   // IFLA_TXQLEN (13) 1000
  0500 1000 06 000000                  // IFLA_OPERSTATE (16) IF_OPER_UP (6)
  0500 1100 01 000000                  // IFLA_LINKMODE (17) dormant (1)
  0800 1b00 00000000                   // IFLA_GROUP (27) 0
  0800 1e00 01000000                   // IFLA_PROMISCUITY (30) 1
  0800 0a00 03000000                   // IFLA_MASTER (10) 3
  0500 2100 01 000000                  // IFLA_CARRIER (33) 1
  0c00 0600 6e6f717565756500           // IFLA_QDISC (6) "noqueue\\0"
  0a00 0100 020000000001 0000          // IFLA_ADDRESS (1) 02:00:00:00:00:01, 2 pad
  0a00 0200 ffffffffffff 0000          // IFLA_BROADCAST (2)
  1000 3480                            // IFLA_PROP_LIST (52) | NLA_F_NESTED, len 16
    0b00 3500 75706c696e6b00 00        //   IFLA_ALT_IFNAME (53) "uplink\\0", 1 pad
  6c00 1200                            // IFLA_LINKINFO (18), len 108
    0a00 0100 76786c616e00 0000        //   IFLA_INFO_KIND (1) "vxlan\\0", 2 pad
    5000 0200                          //   IFLA_INFO_DATA (2), len 80
      0800 0100 2a000000               //     IFLA_VXLAN_ID (1) 42
      0800 0200 c0000202               //     IFLA_VXLAN_GROUP (2) 192.0.2.2: unicast, so "remote"
      0800 0400 c0000201               //     IFLA_VXLAN_LOCAL (4) 192.0.2.1
      0600 0f00 12b5 0000              //     IFLA_VXLAN_PORT (15) be16 4789
      0800 0a00 03e8 07d0              //     IFLA_VXLAN_PORT_RANGE (10) be16 1000..2000
      0500 0700 01 000000              //     IFLA_VXLAN_LEARNING (7) 1
      0500 1c00 00 000000              //     IFLA_VXLAN_TTL_INHERIT (28) as the u8 kernels report
      0400 1700                        //     IFLA_VXLAN_GBP (23) flag
      0500 1d00 02 000000              //     IFLA_VXLAN_DF (29) VXLAN_DF_INHERIT
      0800 2000 01000000               //     type 32, unknown here: kept
    0b00 0400 62726964676500 00        //   IFLA_INFO_SLAVE_KIND (4) "bridge\\0", 1 pad
  0c00 0700 0000000000000000           // IFLA_STATS (7), the 32-bit copy: dropped
  d400 1700                            // IFLA_STATS64 (23), len 212: 26 counters (one unknown), below
  `),
  ...stats64(),
  ...hex(`
  0c00 1a80 0800 0200 01000000         // IFLA_AF_SPEC (26) | NLA_F_NESTED: kept as it is
  0800 c800 deadbeef                   // type 200, unknown: kept
  `),
]);

const EXPECTED_VXLAN: Link = {
  family: 0,
  index: 7,
  name: "vxlan0",
  type: 1,
  flags: 0x11043,
  change: 0,
  up: true,
  mtu: 1458,
  operState: "up",
  linkMode: "dormant",
  txQueueLength: 1000,
  group: 0,
  promiscuity: 1,
  allmulti: undefined,
  minMtu: undefined,
  maxMtu: undefined,
  numTxQueues: undefined,
  numRxQueues: undefined,
  gsoMaxSize: undefined,
  gsoMaxSegs: undefined,
  groMaxSize: undefined,
  tsoMaxSize: undefined,
  tsoMaxSegs: undefined,
  carrier: true,
  carrierChanges: undefined,
  carrierUpCount: undefined,
  carrierDownCount: undefined,
  protoDown: undefined,
  qdisc: "noqueue",
  address: "02:00:00:00:00:01",
  broadcast: "ff:ff:ff:ff:ff:ff",
  permAddress: undefined,
  master: 3,
  linkIndex: undefined,
  linkNetnsId: undefined,
  alias: undefined,
  altNames: ["uplink"],
  parentBus: undefined,
  parentDev: undefined,
  kind: "vxlan",
  info: {
    kind: "vxlan",
    vni: 42,
    group: undefined,
    remote: "192.0.2.2",
    local: "192.0.2.1",
    link: undefined,
    port: 4789,
    portRange: { low: 1000, high: 2000 },
    ttl: undefined,
    ttlInherit: false,
    tos: undefined,
    df: 2,
    label: undefined,
    learning: true,
    ageing: undefined,
    limit: undefined,
    proxy: undefined,
    rsc: undefined,
    l2miss: undefined,
    l3miss: undefined,
    udpCsum: undefined,
    udpZeroCsum6Tx: undefined,
    udpZeroCsum6Rx: undefined,
    remcsumTx: undefined,
    remcsumRx: undefined,
    gbp: true,
    gpe: undefined,
    collectMetadata: undefined,
    vniFilter: undefined,
    other: [{ type: 32, nested: false, netByteOrder: false, data: hex("01000000") }],
  },
  infoData: undefined,
  infoXstats: undefined,
  slaveKind: "bridge",
  slaveData: undefined,
  stats: {
    rxPackets: 1,
    txPackets: 2,
    rxBytes: 4294967301,
    txBytes: 4,
    rxErrors: 5,
    txErrors: 6,
    rxDropped: 7,
    txDropped: 8,
    multicast: 9,
    collisions: 10,
    rxLengthErrors: 11,
    rxOverErrors: 12,
    rxCrcErrors: 13,
    rxFrameErrors: 14,
    rxFifoErrors: 15,
    rxMissedErrors: 16,
    txAbortedErrors: 17,
    txCarrierErrors: 18,
    txFifoErrors: 19,
    txHeartbeatErrors: 20,
    txWindowErrors: 21,
    rxCompressed: 22,
    txCompressed: 23,
    rxNohandler: 24,
    rxOtherhostDropped: 25,
    tail: hex("1a00000000000000"),
  },
  other: [
    { type: 26, nested: true, netByteOrder: false, data: hex("0800 0200 01000000") },
    { type: 200, nested: false, netByteOrder: false, data: hex("deadbeef") },
  ],
};

const linkMessage = (data: Uint8Array, type = RTM_NEWLINK): Message => message(type, 0, data);

/** A minimal RTM_NEWLINK reply: ifinfomsg with `index` and IFLA_IFNAME. */
function linkReply(index: number, name: string): Message {
  const h = new Uint8Array(16);
  new DataView(h.buffer).setInt32(4, index, true);
  const n = new TextEncoder().encode(name + "\0");
  const attr = new Uint8Array((4 + n.length + 3) & ~3);
  new DataView(attr.buffer).setUint16(0, 4 + n.length, true);
  new DataView(attr.buffer).setUint16(2, 3, true);
  attr.set(n, 4);
  return linkMessage(new Uint8Array([...h, ...attr]));
}

describe("parseLink", () => {
  test("decodes a vxlan bridge port field by field, keeping unknown attributes and the stats tail", () => {
    expect(parseLink(linkMessage(VXLAN_LINK))).toEqual(EXPECTED_VXLAN);
  });

  test("`other` is built on first read from the link's own copy, then behaves as a plain property", () => {
    const data = VXLAN_LINK.slice();
    const link = parseLink(linkMessage(data));
    data.fill(0); // the received bytes are gone (a reused buffer): the link kept its own copy
    expect(Object.keys(link)).toContain("other");
    expect({ ...link }.other).toEqual(EXPECTED_VXLAN.other); // spread and JSON read it like a field
    expect(JSON.parse(JSON.stringify(link)).other).toHaveLength(2);
    expect(link.other).toBe(link.other); // built once
    expect(Object.getOwnPropertyDescriptor(link, "other")).toMatchObject({ writable: true, enumerable: true });
    const fresh = parseLink(linkMessage(VXLAN_LINK));
    fresh.other = [];
    expect(fresh.other).toEqual([]);
    // Nothing undecoded: no copy, an empty list.
    expect(parseLink(linkReply(3, "x")).other).toEqual([]);
  });

  test("RTM_DELLINK events decode the same way", () => {
    expect(parseLink(linkMessage(VXLAN_LINK, RTM_DELLINK)).name).toBe("vxlan0");
  });

  test("a shorter (older) stats64 struct reads the missing counters as 0", () => {
    const old = new Uint8Array(23 * 8); // the 23 counters of Linux < 4.6, field i holding i + 1
    for (let i = 0; i < 23; i++) old[i * 8] = i + 1;
    const data = new Uint8Array([
      ...hex(`
      00 00 0100 02000000 00000000 00000000  // ifinfomsg, index 2
      bc00 1700                              // IFLA_STATS64 (23), 184 bytes
      `),
      ...old,
    ]);
    const s = parseLink(linkMessage(data)).stats!;
    expect(s.rxPackets).toBe(1);
    expect(s.txCompressed).toBe(23);
    expect(s.rxNohandler).toBe(0);
    expect(s.rxOtherhostDropped).toBe(0);
    expect(s.tail).toBeUndefined();
  });

  test.each([
    ["bridge", "0b00 0100 62726964676500 00", `
      0800 0100 dc050000        // IFLA_BR_FORWARD_DELAY 1500 hundredths
      0800 0400 30750000        // IFLA_BR_AGEING_TIME 30000 hundredths
      0800 0500 01000000        // IFLA_BR_STP_STATE 1
      0600 0600 0080 0000       // IFLA_BR_PRIORITY 32768
      0500 0700 01 000000       // IFLA_BR_VLAN_FILTERING 1
      0600 0800 88a8 0000       // IFLA_BR_VLAN_PROTOCOL be16 0x88a8
      0c00 0b00 8000 020000000001 // IFLA_BR_BRIDGE_ID 8000.02:00:00:00:00:01
      0a00 1400 0180c2000000 0000 // IFLA_BR_GROUP_ADDR
      0c00 1000 0100000000000000  // IFLA_BR_HELLO_TIMER: kept in other
    `, {
      kind: "bridge", forwardDelay: 15, ageingTime: 300, stpState: 1, priority: 32768, vlanFiltering: true, vlanProtocol: 0x88a8,
      bridgeId: "8000.02:00:00:00:00:01", groupAddress: "01:80:c2:00:00:00",
      other: [{ type: 16, nested: false, netByteOrder: false, data: hex("0100000000000000") }],
    }],
    ["macvlan", "0c00 0100 6d6163766c616e00", `
      0800 0100 04000000        // IFLA_MACVLAN_MODE MACVLAN_MODE_BRIDGE
      0600 0200 0100 0000       // IFLA_MACVLAN_FLAGS NOPROMISC
      0800 0700 e8030000        // IFLA_MACVLAN_BC_QUEUE_LEN 1000
    `, { kind: "macvlan", mode: "bridge", flags: 1, bcQueueLength: 1000, other: [] }],
    ["vlan", "0900 0100 766c616e00 000000", `
      0600 0100 2a00 0000       // IFLA_VLAN_ID 42
      0600 0500 8100 0000       // IFLA_VLAN_PROTOCOL be16 0x8100
      0c00 0200 01000000 ffffffff // IFLA_VLAN_FLAGS {REORDER_HDR, mask}
      1000 0300                 // IFLA_VLAN_EGRESS_QOS, len 16
        0c00 0100 00000000 03000000 // IFLA_VLAN_QOS_MAPPING 0 → 3
    `, { kind: "vlan", id: 42, protocol: 0x8100, flags: 1, egressQos: [{ from: 0, to: 3 }], other: [] }],
  ])("IFLA_INFO_DATA of a %s", (_kind, kindAttr, data, expected) => {
    const d = hex(data);
    const kindBytes = hex(kindAttr);
    const info = new Uint8Array(4 + kindBytes.length + 4 + d.length);
    const v = new DataView(info.buffer);
    v.setUint16(0, info.length, true);
    v.setUint16(2, 18, true); // IFLA_LINKINFO
    info.set(kindBytes, 4);
    v.setUint16(4 + kindBytes.length, 4 + d.length, true);
    v.setUint16(6 + kindBytes.length, 2, true); // IFLA_INFO_DATA
    info.set(d, 8 + kindBytes.length);
    const link = parseLink(linkMessage(new Uint8Array([...new Uint8Array(16), ...info])));
    expect(link.info).toMatchObject(expected);
    expect(link.infoData).toBeUndefined();
  });

  test("IFLA_INFO_DATA of a kind it does not decode is kept as attributes", () => {
    const link = parseLink(linkMessage(hex(`
      00000000 00000000 00000000 00000000
      1c00 1200                         // IFLA_LINKINFO, len 28
        0900 0100 626f6e6400 000000     //   IFLA_INFO_KIND "bond\\0", 3 pad
        0c00 0200 0500 0100 04 000000   //   IFLA_INFO_DATA: one u8 attribute
    `)));
    expect(link.kind).toBe("bond");
    expect(link.info).toBeUndefined();
    expect(link.infoData).toEqual([{ type: 1, nested: false, netByteOrder: false, data: Uint8Array.of(4) }]);
  });

  test("IP tunnels' link-layer addresses print as IP addresses, as ip does", () => {
    const link = parseLink(linkMessage(hex(`
      00 00 0003 05000000 00000000 00000000  // ifi_type ARPHRD_TUNNEL (768 = 0x300)
      0800 0100 c0000201                     // IFLA_ADDRESS 192.0.2.1
    `)));
    expect(link.address).toBe("192.0.2.1");
  });

  test.each([
    ["ifinfomsg shorter than 16 bytes", RTM_NEWLINK, "00000000 00000000"],
    ["a message type that is not a link", RTM_GETLINK, "00000000 00000000 00000000 00000000"],
    ["IFLA_MTU of 2 bytes", RTM_NEWLINK, "00000000 00000000 00000000 00000000  0600 0400 dc05 0000"],
    ["IFLA_OPERSTATE of 4 bytes", RTM_NEWLINK, "00000000 00000000 00000000 00000000  0800 1000 06000000"],
    ["nla_len past the end", RTM_NEWLINK, "00000000 00000000 00000000 00000000  4000 0300 6c6f0000"],
    ["nla_len below the header", RTM_NEWLINK, "00000000 00000000 00000000 00000000  0200 0300"],
    ["a nested attribute with broken framing", RTM_NEWLINK, "00000000 00000000 00000000 00000000  0c00 1200 2000 0100 7665746800"],
    ["a bridge id of 6 bytes", RTM_NEWLINK, `00000000 00000000 00000000 00000000
      2400 1200 0b00 0100 62726964676500 00 1400 0200 0a00 0b00 800002000000 0000 0400 0100`],
    ["a vxlan group of 3 bytes", RTM_NEWLINK, `00000000 00000000 00000000 00000000
      1c00 1200 0a00 0100 76786c616e00 0000 0c00 0200 0700 0200 c00002 00`],
  ])("malformed: %s → DecodeError", (_name, type, bytes) => {
    expect(() => parseLink(linkMessage(hex(bytes), type))).toThrow(DecodeError);
  });

  test("linkFlagNames names the IFF_* bits in bit order", () => {
    expect(linkFlagNames(0x11043)).toEqual(["UP", "BROADCAST", "RUNNING", "MULTICAST", "LOWER_UP"]);
    expect(linkFlagNames(0)).toEqual([]);
    expect(linkFlagNames(1 << 30)).toEqual([]);
  });
});

/** A fake kernel that knows links by name (for name lookups) and records every request. */
function fake(names: Record<string, number> = {}): FakeKernel {
  return new FakeKernel((req) => {
    if (req.type !== RTM_GETLINK || (req.flags & 0x300) === 0x300) return [];
    const ad = req.data.subarray(16);
    const name = new TextDecoder().decode(ad.subarray(4, ad.indexOf(0, 4)));
    const index = names[name];
    return index === undefined ? errorReply(19) : [linkReply(index, name)];
  });
}

describe("link requests: golden bytes", () => {
  test("listLinks(): an RTM_GETLINK dump with an all-zero ifinfomsg", async () => {
    const k = fake();
    await listLinks(k.conn());
    expect(k.requests[0]!.type).toBe(RTM_GETLINK);
    expect(k.requests[0]!.flags).toBe(0x301); // NLM_F_REQUEST | NLM_F_DUMP
    expect(k.requests[0]!.data).toEqual(new Uint8Array(16));
  });

  test("listLinks({master, kind}): the kernel-side filters", async () => {
    const k = fake();
    await listLinks(k.conn(), { master: 3, kind: "veth" });
    expectBytes(k.requests[0]!.data, (`
      00000000 00000000 00000000 00000000  // ifinfomsg, all zero as strict checking requires
      0800 0a00 03000000                   // IFLA_MASTER (10) 3
      1000 1280                            // IFLA_LINKINFO (18) | NLA_F_NESTED
        0900 0100 7665746800 000000        //   IFLA_INFO_KIND "veth\\0", 3 pad
    `));
  });

  test("listLinks({kind}) also filters replies, for kernels that ignore an unknown kind", async () => {
    const k = new FakeKernel(() => [linkMessage(VXLAN_LINK), linkReply(1, "lo")]);
    expect((await listLinks(k.conn(), { kind: "vxlan" })).map((l) => l.name)).toEqual(["vxlan0"]);
    expect((await listLinks(k.conn())).map((l) => l.name)).toEqual(["vxlan0", "lo"]);
  });

  test.each([
    ["by name", "veth0" as string | number, "00000000 00000000 00000000 00000000  0a00 0300 7665746830 00 0000 // IFLA_IFNAME"],
    ["by index", 7, "00 00 0000 07000000 00000000 00000000                         // ifi_index 7"],
    ["by a long alternative name", "a-very-long-altname", `00000000 00000000 00000000 00000000
      1800 3500 612d766572792d6c6f6e672d616c746e616d6500  // IFLA_ALT_IFNAME (53), 20 bytes`],
  ])("getLink %s: RTM_GETLINK without NLM_F_ACK", async (_how, ref, bytes) => {
    const k = new FakeKernel(() => [linkReply(7, "veth0")]);
    const link = await getLink(k.conn(), ref);
    expect(link.index).toBe(7);
    expect(k.requests[0]!.flags).toBe(0x1);
    expectBytes(k.requests[0]!.data, (bytes));
  });

  test("getLink of a missing link rejects with the kernel's ENODEV", async () => {
    const k = new FakeKernel(() => errorReply(19));
    const err = await getLink(k.conn(), "nope").catch((e) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err.code).toBe("ENODEV");
    expect(err.syscall).toBe("RTM_GETLINK");
  });

  test("setLink: one RTM_SETLINK with the flag change and attributes", async () => {
    const k = fake();
    await setLink(k.conn(), 7, { up: true, arp: false, mtu: 1400, address: "02:00:00:00:00:02", master: null, alias: "uplink", txQueueLength: 500 });
    const r = k.requests[0]!;
    expect(r.type).toBe(RTM_SETLINK);
    expect(r.flags).toBe(0x5); // NLM_F_REQUEST | NLM_F_ACK
    expectBytes(r.data, (`
      00 00 0000 07000000   // ifinfomsg: index 7
      81000000              //   ifi_flags IFF_UP | IFF_NOARP
      81000000              //   ifi_change: the same two bits
      0800 0400 78050000    // IFLA_MTU 1400
      0a00 0100 020000000002 0000 // IFLA_ADDRESS
      0800 0a00 00000000    // IFLA_MASTER 0: release from the master
      0800 0d00 f4010000    // IFLA_TXQLEN 500
      0b00 1400 75706c696e6b00 00 // IFLA_IFALIAS "uplink"
    `));
  });

  test("setLink by name renames after resolving the index, and resolves the master", async () => {
    const k = fake({ veth0: 7, br0: 3 });
    await setLink(k.conn(), "veth0", { name: "lan0", master: "br0", up: false });
    expect(k.requests.length).toBe(3);
    expectBytes(k.requests[2]!.data, (`
      00 00 0000 07000000 00000000 01000000 // index 7, flags 0, change IFF_UP: down
      0900 0300 6c616e3000 000000           // IFLA_IFNAME "lan0": the new name
      0800 0a00 03000000                    // IFLA_MASTER 3
    `));
  });

  test("setLink by name without renaming needs one request, the name in IFLA_IFNAME", async () => {
    const k = fake();
    await setLink(k.conn(), "veth0", { netns: { pid: 1234 } });
    expect(k.requests.length).toBe(1);
    expectBytes(k.requests[0]!.data, (`
      00000000 00000000 00000000 00000000
      0a00 0300 7665746830 00 0000 // IFLA_IFNAME "veth0" identifies the link
      0800 1300 d2040000          // IFLA_NET_NS_PID (19) 1234
    `));
  });

  test.each<[string, LinkSpec, string]>([
    [
      "veth, up, with its peer in the namespace of descriptor 9",
      { kind: "veth", name: "v0", up: true, mtu: 9000, peer: { name: "v1", netns: 9 } },
      `00 00 0000 00000000 01000000 01000000 // ifinfomsg: index 0, IFF_UP set and changed
       0700 0300 763000 00                   // IFLA_IFNAME "v0"
       0800 0400 28230000                    // IFLA_MTU 9000
       3800 1280                             // IFLA_LINKINFO | NESTED, len 56
         0900 0100 7665746800 000000         //   IFLA_INFO_KIND "veth"
         2800 0280                           //   IFLA_INFO_DATA | NESTED, len 40
           2400 0180                         //     VETH_INFO_PEER | NESTED, len 36
             00000000 00000000 00000000 00000000 // the peer's ifinfomsg
             0700 0300 763100 00             //     IFLA_IFNAME "v1"
             0800 1c00 09000000              //     IFLA_NET_NS_FD (28) 9`,
    ],
    [
      "bridge with STP and VLAN filtering",
      { kind: "bridge", name: "br0", stp: true, vlanFiltering: true, forwardDelay: 4 },
      `00000000 00000000 00000000 00000000
       0800 0300 62723000                    // IFLA_IFNAME "br0"
       2c00 1280                             // IFLA_LINKINFO, len 44
         0b00 0100 62726964676500 00         //   IFLA_INFO_KIND "bridge"
         1c00 0280                           //   IFLA_INFO_DATA, len 28
           0800 0100 90010000                //     IFLA_BR_FORWARD_DELAY 400 hundredths
           0800 0500 01000000                //     IFLA_BR_STP_STATE 1
           0500 0700 01 000000               //     IFLA_BR_VLAN_FILTERING 1`,
    ],
    [
      "macvlan in bridge mode on link 2, with an address",
      { kind: "macvlan", name: "mv0", link: 2, mode: "bridge", address: "02:00:00:00:00:09" },
      `00000000 00000000 00000000 00000000
       0800 0300 6d763000                    // IFLA_IFNAME "mv0"
       0a00 0100 020000000009 0000           // IFLA_ADDRESS
       0800 0500 02000000                    // IFLA_LINK 2
       1c00 1280                             // IFLA_LINKINFO, len 28
         0c00 0100 6d6163766c616e00          //   IFLA_INFO_KIND "macvlan"
         0c00 0280                           //   IFLA_INFO_DATA
           0800 0100 04000000                //     IFLA_MACVLAN_MODE MACVLAN_MODE_BRIDGE`,
    ],
    [
      "vxlan to an IPv6 remote over link 2",
      { kind: "vxlan", name: "vx0", vni: 42, remote: "2001:db8::2", local: "2001:db8::1", link: 2, ttl: 64, portRange: { low: 1000, high: 2000 } },
      `00000000 00000000 00000000 00000000
       0800 0300 76783000                    // IFLA_IFNAME "vx0"
       6400 1280                             // IFLA_LINKINFO, len 100
         0a00 0100 76786c616e00 0000         //   IFLA_INFO_KIND "vxlan"
         5400 0280                           //   IFLA_INFO_DATA, len 84
           0800 0100 2a000000                //     IFLA_VXLAN_ID 42
           1400 1000 20010db8000000000000000000000002 // IFLA_VXLAN_GROUP6 (16): the remote
           1400 1100 20010db8000000000000000000000001 // IFLA_VXLAN_LOCAL6 (17)
           0800 0300 02000000                //     IFLA_VXLAN_LINK 2
           0500 0500 40 000000               //     IFLA_VXLAN_TTL 64
           0800 0a00 03e8 07d0               //     IFLA_VXLAN_PORT_RANGE be16 1000..2000
           0600 0f00 12b5 0000               //     IFLA_VXLAN_PORT be16 4789, the IANA default`,
    ],
    [
      "802.1ad vlan 100 on link 2",
      { kind: "vlan", name: "vl0", link: 2, id: 100, protocol: "802.1ad" },
      `00000000 00000000 00000000 00000000
       0800 0300 766c3000                    // IFLA_IFNAME "vl0"
       0800 0500 02000000                    // IFLA_LINK 2
       2400 1280                             // IFLA_LINKINFO, len 36
         0900 0100 766c616e00 000000         //   IFLA_INFO_KIND "vlan"
         1400 0280                           //   IFLA_INFO_DATA, len 20
           0600 0100 6400 0000               //     IFLA_VLAN_ID 100
           0600 0500 88a8 0000               //     IFLA_VLAN_PROTOCOL be16 ETH_P_8021AD`,
    ],
  ])("createLink: %s", async (_name, spec, bytes) => {
    const k = fake();
    await createLink(k.conn(), spec);
    const r = k.requests[0]!;
    expect(r.type).toBe(RTM_NEWLINK);
    expect(r.flags).toBe(0x605); // NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE
    expectBytes(r.data, (bytes));
  });

  test("createLink resolves names of the lower device and the master first", async () => {
    const k = fake({ eth9: 2, br0: 3 });
    await createLink(k.conn(), { kind: "macvlan", name: "mv0", link: "eth9", master: "br0" });
    expect(k.requests.map((r) => r.type)).toEqual([RTM_GETLINK, RTM_GETLINK, RTM_NEWLINK]);
    expectBytes(k.requests[2]!.data.subarray(16, 40), (`
      0800 0300 6d763000  // IFLA_IFNAME "mv0"
      0800 0a00 03000000  // IFLA_MASTER 3
      0800 0500 02000000  // IFLA_LINK 2
    `));
  });

  test("createLink with a missing lower device rejects with ENODEV before creating anything", async () => {
    const k = fake();
    const err = await createLink(k.conn(), { kind: "vlan", name: "vl0", link: "nope", id: 5 }).catch((e) => e);
    expect(err.code).toBe("ENODEV");
    expect(k.requests.map((r) => r.type)).toEqual([RTM_GETLINK]);
  });

  test("deleteLink by name: RTM_DELLINK with IFLA_IFNAME", async () => {
    const k = fake();
    await deleteLink(k.conn(), "veth0");
    expect(k.requests[0]!.type).toBe(RTM_DELLINK);
    expect(k.requests[0]!.flags).toBe(0x5);
    expectBytes(k.requests[0]!.data, ("00000000 00000000 00000000 00000000  0a00 0300 7665746830 00 0000"));
  });

  test("the kernel's error and extended ACK come through unchanged", async () => {
    const k = new FakeKernel(() => errorReply(95, { message: "Unknown device type" }));
    const err = await createLink(k.conn(), { kind: "bridge", name: "br0" }).catch((e) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err.code).toBe("EOPNOTSUPP");
    expect(err.syscall).toBe("RTM_NEWLINK");
    expect(err.extAck.message).toBe("Unknown device type");
  });
});

describe("link requests: bad input is an EncodeError, before anything is sent", () => {
  test.each<[string, (k: FakeKernel) => Promise<unknown>]>([
    ["an index of 0", (k) => getLink(k.conn(), 0)],
    ["a fractional index", (k) => deleteLink(k.conn(), 1.5)],
    ["an empty name", (k) => getLink(k.conn(), "")],
    ["a name over 127 bytes", (k) => getLink(k.conn(), "x".repeat(128))],
    ["a new name over 15 bytes", (k) => createLink(k.conn(), { kind: "bridge", name: "sixteen-bytes-xx" })],
    ["a rename over 15 bytes", (k) => setLink(k.conn(), 3, { name: "sixteen-bytes-xx" })],
    ["an MTU above 2^32", (k) => setLink(k.conn(), 3, { mtu: 2 ** 32 })],
    ["a malformed MAC", (k) => setLink(k.conn(), 3, { address: "02:00:zz" })],
    ["a vxlan with group and remote", (k) => createLink(k.conn(), { kind: "vxlan", name: "vx0", vni: 1, group: "239.1.1.1", remote: "192.0.2.1" })],
    ["a vxlan group that is unicast", (k) => createLink(k.conn(), { kind: "vxlan", name: "vx0", vni: 1, group: "192.0.2.1" })],
    ["a vxlan remote that is multicast", (k) => createLink(k.conn(), { kind: "vxlan", name: "vx0", vni: 1, remote: "ff02::1" })],
    ["a vxlan mixing IPv4 and IPv6", (k) => createLink(k.conn(), { kind: "vxlan", name: "vx0", vni: 1, remote: "192.0.2.1", local: "2001:db8::1" })],
    ["a vxlan port above 65535", (k) => createLink(k.conn(), { kind: "vxlan", name: "vx0", vni: 1, port: 70000 })],
    ["a vlan id above 65535", (k) => createLink(k.conn(), { kind: "vlan", name: "vl0", link: 2, id: 70000 })],
    ["an unknown macvlan mode", (k) => createLink(k.conn(), { kind: "macvlan", name: "mv0", link: 2, mode: "weird" as "bridge" })],
  ])("%s", async (_name, run) => {
    const k = fake();
    const err = await run(k).catch((e) => e);
    expect(err).toBeInstanceOf(EncodeError);
    expect(k.requests.filter((r) => r.type !== RTM_GETLINK)).toEqual([]);
  });
});
