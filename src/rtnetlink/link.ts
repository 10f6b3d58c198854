/**
 * Links (network interfaces) over rtnetlink: list, get, create, change, delete, and parseLink()
 * for RTM_NEWLINK / RTM_DELLINK messages (dump replies and events alike).
 *
 * Every function takes a Conn first. A Conn works in the network namespace its socket was
 * created in, so `dial(NETLINK_ROUTE, { netns: "blue" })` gives a Conn whose every call lists,
 * creates and changes links inside "blue"; one process can hold a Conn per namespace.
 *
 * @example
 * await using conn = dial(NETLINK_ROUTE, { netns: "blue" });
 * await createLink(conn, { kind: "veth", name: "veth0", peer: { name: "veth1", netns: "red" } });
 * await setLink(conn, "veth0", { up: true, mtu: 9000 });
 * for (const link of await listLinks(conn)) console.log(link.index, link.name, link.operState);
 */
import { AttributeDecoder, AttributeEncoder, type RawAttribute } from "../netlink/attribute.ts";
import type { Conn } from "../netlink/conn.ts";
import { NLA_HDRLEN, NLA_TYPE_MASK, NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL } from "../netlink/constants.ts";
import { DecodeError, EncodeError } from "../netlink/errors.ts";
import type { Message } from "../netlink/message.ts";
import { openNetns, type Netns } from "../socket/dial.ts";
import { libc } from "../socket/libc.ts";
import {
  ARPHRD_IP6GRE,
  ARPHRD_IPGRE,
  ARPHRD_SIT,
  ARPHRD_TUNNEL,
  ARPHRD_TUNNEL6,
  ETH_P_8021AD,
  ETH_P_8021Q,
  IFF_ALLMULTI,
  IFF_NOARP,
  IFF_PROMISC,
  IFF_UP,
  IFLA_ADDRESS,
  IFLA_ALT_IFNAME,
  IFLA_BR_AGEING_TIME,
  IFLA_BR_BRIDGE_ID,
  IFLA_BR_FORWARD_DELAY,
  IFLA_BR_GROUP_ADDR,
  IFLA_BR_GROUP_FWD_MASK,
  IFLA_BR_HELLO_TIME,
  IFLA_BR_MAX_AGE,
  IFLA_BR_MCAST_QUERIER,
  IFLA_BR_MCAST_ROUTER,
  IFLA_BR_MCAST_SNOOPING,
  IFLA_BR_PRIORITY,
  IFLA_BR_ROOT_ID,
  IFLA_BR_ROOT_PATH_COST,
  IFLA_BR_ROOT_PORT,
  IFLA_BR_STP_STATE,
  IFLA_BR_TOPOLOGY_CHANGE,
  IFLA_BR_TOPOLOGY_CHANGE_DETECTED,
  IFLA_BR_VLAN_DEFAULT_PVID,
  IFLA_BR_VLAN_FILTERING,
  IFLA_BR_VLAN_PROTOCOL,
  IFLA_BROADCAST,
  IFLA_GROUP,
  IFLA_IFALIAS,
  IFLA_IFNAME,
  IFLA_INFO_DATA,
  IFLA_INFO_KIND,
  IFLA_INFO_SLAVE_DATA,
  IFLA_INFO_SLAVE_KIND,
  IFLA_INFO_XSTATS,
  IFLA_LINK,
  IFLA_LINKINFO,
  IFLA_MACVLAN_BC_QUEUE_LEN,
  IFLA_MACVLAN_BC_QUEUE_LEN_USED,
  IFLA_MACVLAN_FLAGS,
  IFLA_MACVLAN_MACADDR_COUNT,
  IFLA_MACVLAN_MODE,
  IFLA_MASTER,
  IFLA_MTU,
  IFLA_NET_NS_FD,
  IFLA_NET_NS_PID,
  IFLA_TXQLEN,
  IFLA_VLAN_EGRESS_QOS,
  IFLA_VLAN_FLAGS,
  IFLA_VLAN_ID,
  IFLA_VLAN_INGRESS_QOS,
  IFLA_VLAN_PROTOCOL,
  IFLA_VLAN_QOS_MAPPING,
  IFLA_VXLAN_AGEING,
  IFLA_VXLAN_COLLECT_METADATA,
  IFLA_VXLAN_DF,
  IFLA_VXLAN_GBP,
  IFLA_VXLAN_GPE,
  IFLA_VXLAN_GROUP,
  IFLA_VXLAN_GROUP6,
  IFLA_VXLAN_ID,
  IFLA_VXLAN_L2MISS,
  IFLA_VXLAN_L3MISS,
  IFLA_VXLAN_LABEL,
  IFLA_VXLAN_LEARNING,
  IFLA_VXLAN_LIMIT,
  IFLA_VXLAN_LINK,
  IFLA_VXLAN_LOCAL,
  IFLA_VXLAN_LOCAL6,
  IFLA_VXLAN_PORT,
  IFLA_VXLAN_PORT_RANGE,
  IFLA_VXLAN_PROXY,
  IFLA_VXLAN_REMCSUM_RX,
  IFLA_VXLAN_REMCSUM_TX,
  IFLA_VXLAN_RSC,
  IFLA_VXLAN_TOS,
  IFLA_VXLAN_TTL,
  IFLA_VXLAN_TTL_INHERIT,
  IFLA_VXLAN_UDP_CSUM,
  IFLA_VXLAN_UDP_ZERO_CSUM6_RX,
  IFLA_VXLAN_UDP_ZERO_CSUM6_TX,
  IFLA_VXLAN_VNIFILTER,
  MACVLAN_MODE_BRIDGE,
  MACVLAN_MODE_PASSTHRU,
  MACVLAN_MODE_PRIVATE,
  MACVLAN_MODE_SOURCE,
  MACVLAN_MODE_VEPA,
  RTM_DELLINK,
  RTM_GETLINK,
  RTM_NEWLINK,
  RTM_SETLINK,
  VETH_INFO_PEER,
} from "./constants.ts";
import { AF_UNSPEC, formatIP, formatMAC, formatMACAt, parseIP, parseMAC } from "./ip.ts";
import { linkIndex, type LinkRef } from "./link-index.ts";
import { DEFAULT_DUMP_RETRIES, executeOptions, type DumpOptions, type RequestOptions } from "./request-options.ts";
import { badHeader, le32, stringAt, u32At, u8At } from "./wire.ts";

export type { LinkRef };

/** RFC 2863 operational state (IFLA_OPERSTATE), spelled as in /sys/class/net/NAME/operstate. */
export type OperState = "unknown" | "notpresent" | "down" | "lowerlayerdown" | "testing" | "dormant" | "up";

/** IFLA_LINKMODE: whether user space may hold the link in a dormant state. */
export type LinkMode = "default" | "dormant" | "testing";

/** The names of the IFF_* device flags, without the prefix, as `ip link` prints them. */
export type LinkFlagName =
  | "UP"
  | "BROADCAST"
  | "DEBUG"
  | "LOOPBACK"
  | "POINTOPOINT"
  | "NOTRAILERS"
  | "RUNNING"
  | "NOARP"
  | "PROMISC"
  | "ALLMULTI"
  | "MASTER"
  | "SLAVE"
  | "MULTICAST"
  | "PORTSEL"
  | "AUTOMEDIA"
  | "DYNAMIC"
  | "LOWER_UP"
  | "DORMANT"
  | "ECHO";

const FLAG_NAMES: readonly LinkFlagName[] = [
  "UP",
  "BROADCAST",
  "DEBUG",
  "LOOPBACK",
  "POINTOPOINT",
  "NOTRAILERS",
  "RUNNING",
  "NOARP",
  "PROMISC",
  "ALLMULTI",
  "MASTER",
  "SLAVE",
  "MULTICAST",
  "PORTSEL",
  "AUTOMEDIA",
  "DYNAMIC",
  "LOWER_UP",
  "DORMANT",
  "ECHO",
];

const OPER_STATES: readonly OperState[] = ["unknown", "notpresent", "down", "lowerlayerdown", "testing", "dormant", "up"];
const LINK_MODES: readonly LinkMode[] = ["default", "dormant", "testing"];

/**
 * Name the IFF_* bits set in `flags`, lowest bit first; bits without a name are left out.
 *
 * @example
 * linkFlagNames(link.flags) // ["UP", "BROADCAST", "RUNNING", "MULTICAST", "LOWER_UP"]
 */
export function linkFlagNames(flags: number): LinkFlagName[] {
  const out: LinkFlagName[] = [];
  for (let i = 0; i < FLAG_NAMES.length; i++) if ((flags >>> i) & 1) out.push(FLAG_NAMES[i]!);
  return out;
}

/**
 * LinkStats are a link's 64-bit counters (struct rtnl_link_stats64), as numbers: exact up to
 * 2^53, which no real counter reaches. Counters a shorter (older) struct lacks read 0.
 */
export interface LinkStats {
  rxPackets: number;
  txPackets: number;
  rxBytes: number;
  txBytes: number;
  rxErrors: number;
  txErrors: number;
  rxDropped: number;
  txDropped: number;
  multicast: number;
  collisions: number;
  rxLengthErrors: number;
  rxOverErrors: number;
  rxCrcErrors: number;
  rxFrameErrors: number;
  rxFifoErrors: number;
  rxMissedErrors: number;
  txAbortedErrors: number;
  txCarrierErrors: number;
  txFifoErrors: number;
  txHeartbeatErrors: number;
  txWindowErrors: number;
  rxCompressed: number;
  txCompressed: number;
  rxNohandler: number;
  rxOtherhostDropped: number;
  /** Bytes past the counters this library knows, from a kernel whose struct has grown. */
  tail: Uint8Array | undefined;
}

const STATS_FIELDS = 25;

/** IFLA_INFO_DATA of a bridge (IFLA_BR_*). Times are in seconds (the kernel sends hundredths). */
export interface BridgeInfo {
  kind: "bridge";
  forwardDelay: number | undefined;
  helloTime: number | undefined;
  maxAge: number | undefined;
  ageingTime: number | undefined;
  /** 0: no STP, 1: kernel STP, 2: user-space STP. */
  stpState: number | undefined;
  priority: number | undefined;
  vlanFiltering: boolean | undefined;
  /** ETH_P_8021Q or ETH_P_8021AD. */
  vlanProtocol: number | undefined;
  vlanDefaultPvid: number | undefined;
  groupFwdMask: number | undefined;
  /** "8000.02:00:00:00:00:01": priority in hex, a dot, the MAC, as `ip -d` prints it. */
  bridgeId: string | undefined;
  rootId: string | undefined;
  rootPort: number | undefined;
  rootPathCost: number | undefined;
  topologyChange: boolean | undefined;
  topologyChangeDetected: boolean | undefined;
  groupAddress: string | undefined;
  mcastSnooping: boolean | undefined;
  mcastRouter: number | undefined;
  mcastQuerier: boolean | undefined;
  /** IFLA_BR_* attributes not decoded above (timers, multicast tuning…). */
  other: RawAttribute[];
}

/** A macvlan mode (MACVLAN_MODE_*). */
export type MacvlanMode = "private" | "vepa" | "bridge" | "passthru" | "source";

const MACVLAN_MODES: Record<MacvlanMode, number> = {
  private: MACVLAN_MODE_PRIVATE,
  vepa: MACVLAN_MODE_VEPA,
  bridge: MACVLAN_MODE_BRIDGE,
  passthru: MACVLAN_MODE_PASSTHRU,
  source: MACVLAN_MODE_SOURCE,
};

function macvlanModeName(n: number): MacvlanMode | number {
  for (const [name, v] of Object.entries(MACVLAN_MODES)) if (v === n) return name as MacvlanMode;
  return n;
}

/** IFLA_INFO_DATA of a macvlan or macvtap (IFLA_MACVLAN_*). */
export interface MacvlanInfo {
  kind: "macvlan" | "macvtap";
  /** The mode, or its number when this library has no name for it. */
  mode: MacvlanMode | number | undefined;
  /** MACVLAN_FLAG_*. */
  flags: number | undefined;
  macAddressCount: number | undefined;
  bcQueueLength: number | undefined;
  bcQueueLengthUsed: number | undefined;
  other: RawAttribute[];
}

/** IFLA_INFO_DATA of a vxlan (IFLA_VXLAN_*). */
export interface VxlanInfo {
  kind: "vxlan";
  /** The VXLAN network identifier. */
  vni: number | undefined;
  /** Multicast group (IFLA_VXLAN_GROUP/GROUP6 holding a multicast address). */
  group: string | undefined;
  /** Unicast remote (IFLA_VXLAN_GROUP/GROUP6 holding a unicast address). */
  remote: string | undefined;
  local: string | undefined;
  /** Index of the underlying device. */
  link: number | undefined;
  /** Destination UDP port. */
  port: number | undefined;
  /** Source UDP port range; 0..0 means the kernel's choice. */
  portRange: { low: number; high: number } | undefined;
  ttl: number | undefined;
  ttlInherit: boolean | undefined;
  tos: number | undefined;
  /** VXLAN_DF_*: 0 unset, 1 set, 2 inherit. */
  df: number | undefined;
  /** IPv6 flow label. */
  label: number | undefined;
  learning: boolean | undefined;
  /** FDB entry ageing in seconds. */
  ageing: number | undefined;
  limit: number | undefined;
  proxy: boolean | undefined;
  rsc: boolean | undefined;
  l2miss: boolean | undefined;
  l3miss: boolean | undefined;
  udpCsum: boolean | undefined;
  udpZeroCsum6Tx: boolean | undefined;
  udpZeroCsum6Rx: boolean | undefined;
  remcsumTx: boolean | undefined;
  remcsumRx: boolean | undefined;
  gbp: boolean | undefined;
  gpe: boolean | undefined;
  collectMetadata: boolean | undefined;
  vniFilter: boolean | undefined;
  other: RawAttribute[];
}

/** One VLAN QoS mapping (IFLA_VLAN_QOS_MAPPING): skb priority `from` ↔ VLAN PCP `to`. */
export interface VlanQosMapping {
  from: number;
  to: number;
}

/** IFLA_INFO_DATA of a vlan (IFLA_VLAN_*). */
export interface VlanInfo {
  kind: "vlan";
  id: number | undefined;
  /** ETH_P_8021Q (0x8100) or ETH_P_8021AD (0x88a8). */
  protocol: number | undefined;
  /** VLAN_FLAG_* (struct ifla_vlan_flags .flags). */
  flags: number | undefined;
  egressQos: VlanQosMapping[] | undefined;
  ingressQos: VlanQosMapping[] | undefined;
  other: RawAttribute[];
}

/** The kind-specific data this library decodes; narrow on `kind`. */
export type LinkInfo = BridgeInfo | MacvlanInfo | VxlanInfo | VlanInfo;

/**
 * A Link is one network interface as the kernel describes it in RTM_NEWLINK / RTM_DELLINK.
 * Every key is present on every object, so decoded links keep one shape: attributes the kernel
 * left out are `undefined`, except the ones it always sends (mtu, operState, txQueueLength…),
 * which read 0 / "unknown" / "default" when missing from a hand-made message.
 */
export interface Link {
  /** ifi_family: AF_UNSPEC, or AF_BRIDGE for bridge-port messages. */
  family: number;
  /** ifi_index. */
  index: number;
  /** IFLA_IFNAME. */
  name: string;
  /** ifi_type: the hardware type, ARPHRD_* (1 Ethernet, 772 loopback, 65534 none…). */
  type: number;
  /** ifi_flags: IFF_* bits; see linkFlagNames(). */
  flags: number;
  /** ifi_change: the IFF_* bits that changed (in events; 0 in dumps or ~0 for "unknown"). */
  change: number;
  /** Whether IFF_UP is set (administratively up). */
  up: boolean;
  mtu: number;
  operState: OperState;
  linkMode: LinkMode;
  /** IFLA_TXQLEN. */
  txQueueLength: number;
  /** Device group (IFLA_GROUP, 0 is "default"). */
  group: number;
  promiscuity: number;
  allmulti: number | undefined;
  minMtu: number | undefined;
  maxMtu: number | undefined;
  numTxQueues: number | undefined;
  numRxQueues: number | undefined;
  gsoMaxSize: number | undefined;
  gsoMaxSegs: number | undefined;
  groMaxSize: number | undefined;
  tsoMaxSize: number | undefined;
  tsoMaxSegs: number | undefined;
  /** IFLA_CARRIER. */
  carrier: boolean | undefined;
  carrierChanges: number | undefined;
  carrierUpCount: number | undefined;
  carrierDownCount: number | undefined;
  protoDown: boolean | undefined;
  /** Root qdisc kind ("noqueue", "noop", "fq_codel"…). */
  qdisc: string | undefined;
  /** Link-layer address: "02:00:00:00:00:01", or an IP address for IP tunnels. */
  address: string | undefined;
  broadcast: string | undefined;
  permAddress: string | undefined;
  /** Index of the master device (bridge, bond, VRF). */
  master: number | undefined;
  /** IFLA_LINK: index of the lower device (veth peer, macvlan/vlan parent). */
  linkIndex: number | undefined;
  /** IFLA_LINK_NETNSID: the namespace id in which `linkIndex` lives, when it is another one. */
  linkNetnsId: number | undefined;
  /** IFLA_IFALIAS. */
  alias: string | undefined;
  /** Alternative names (IFLA_PROP_LIST / IFLA_ALT_IFNAME). */
  altNames: string[] | undefined;
  parentBus: string | undefined;
  parentDev: string | undefined;
  /** IFLA_INFO_KIND: "veth", "bridge", "vxlan"…; absent for physical devices and lo. */
  kind: string | undefined;
  /** IFLA_INFO_DATA decoded, for the kinds in LinkInfo. */
  info: LinkInfo | undefined;
  /** IFLA_INFO_DATA of kinds this library does not decode, as attributes. */
  infoData: RawAttribute[] | undefined;
  /** IFLA_INFO_XSTATS, as bytes. */
  infoXstats: Uint8Array | undefined;
  /** IFLA_INFO_SLAVE_KIND: the master's kind, e.g. "bridge" on a bridge port. */
  slaveKind: string | undefined;
  /** IFLA_INFO_SLAVE_DATA as attributes (IFLA_BRPORT_* for a bridge port). */
  slaveData: RawAttribute[] | undefined;
  /** IFLA_STATS64. */
  stats: LinkStats | undefined;
  /**
   * Attributes not decoded above (IFLA_AF_SPEC, IFLA_MAP, IFLA_XDP, newer kernels' additions…),
   * as views into the Link's own copy of its attributes. Built when first read (decoding a dump
   * does not pay for it) and then an ordinary property. IFLA_STATS, the 32-bit copy of
   * IFLA_STATS64, and IFLA_PAD are dropped.
   */
  other: RawAttribute[];
}

const IFINFOMSG_LEN = 16;

/**
 * Decode an RTM_NEWLINK or RTM_DELLINK message (a dump reply, a getLink reply, or an event).
 * Throws DecodeError for another message type, a short ifinfomsg, or malformed attributes.
 */
export function parseLink(m: Message): Link {
  return decodeLink(m.type, m.data, 0, m.data.length);
}

/** parseLink() of the payload d[s, end) of a message of the given type (Conn.collect's form). */
export function decodeLink(type: number, d: Uint8Array, s: number, end: number): Link {
  if (type !== RTM_NEWLINK && type !== RTM_DELLINK) {
    throw new DecodeError(`parseLink: message type ${type} is not RTM_NEWLINK (16) or RTM_DELLINK (17)`);
  }
  if (end - s < IFINFOMSG_LEN) throw new DecodeError(`ifinfomsg needs ${IFINFOMSG_LEN} bytes, the message has ${end - s}`);
  // The attributes are read in place (see wire.ts); what a Link keeps (`other`, raw bytes) is
  // copied, so a retained Link never pins the receive buffer the message arrived in.
  const flags = u32(d, s + 8);
  const link: Link = {
    family: d[s]!,
    index: u32(d, s + 4) | 0,
    name: "",
    type: d[s + 2]! | (d[s + 3]! << 8),
    flags,
    change: u32(d, s + 12),
    up: (flags & IFF_UP) !== 0,
    mtu: 0,
    operState: "unknown",
    linkMode: "default",
    txQueueLength: 0,
    group: 0,
    promiscuity: 0,
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
    carrier: undefined,
    carrierChanges: undefined,
    carrierUpCount: undefined,
    carrierDownCount: undefined,
    protoDown: undefined,
    qdisc: undefined,
    address: undefined,
    broadcast: undefined,
    permAddress: undefined,
    master: undefined,
    linkIndex: undefined,
    linkNetnsId: undefined,
    alias: undefined,
    altNames: undefined,
    parentBus: undefined,
    parentDev: undefined,
    kind: undefined,
    info: undefined,
    infoData: undefined,
    infoXstats: undefined,
    slaveKind: undefined,
    slaveData: undefined,
    stats: undefined,
    // Decoded on first read, from a copy of the attributes made below (see materializeOther).
    get other(): RawAttribute[] {
      return materializeOther(this, attrs, u0, u1, u2, uHigh);
    },
    set other(v: RawAttribute[]) {
      Object.defineProperty(this, "other", { value: v, writable: true, enumerable: true, configurable: true });
    },
  };
  // Types seen that the switch below does not decode: bit t of u0 (t < 32), u1 (t < 64), u2 (t < 96).
  let u0 = 0;
  let u1 = 0;
  let u2 = 0;
  let uHigh = false;
  let attrs: Uint8Array | undefined;
  let off = s + IFINFOMSG_LEN;
  while (end - off >= NLA_HDRLEN) {
    const len = d[off]! | (d[off + 1]! << 8);
    if (len < NLA_HDRLEN || len > end - off) throw badHeader(d, off, s + IFINFOMSG_LEN, end);
    const raw = d[off + 2]! | (d[off + 3]! << 8);
    const type = raw & NLA_TYPE_MASK;
    const p = off + NLA_HDRLEN;
    const n = len - NLA_HDRLEN;
    off += (len + 3) & ~3;
    // Most attributes are u32s: read the value once, without a call; -1 when the payload is not
    // 4 bytes, and then u32At() throws the DecodeError.
    const v32 = n === 4 ? (d[p]! | (d[p + 1]! << 8) | (d[p + 2]! << 16) | (d[p + 3]! << 24)) >>> 0 : -1;
    // Numeric case labels make a jump table; named imports would be compared one by one, which
    // costs in the interpreter a cold dump runs in. The names are checked by link-constants.test.ts.
    switch (type) {
      case 3: // IFLA_IFNAME
        link.name = stringAt(d, p, n);
        break;
      case 4: // IFLA_MTU
        link.mtu = v32 < 0 ? u32At(d, p, n, type) : v32;
        break;
      case 13: // IFLA_TXQLEN
        link.txQueueLength = v32 < 0 ? u32At(d, p, n, type) : v32;
        break;
      case 16: // IFLA_OPERSTATE
        link.operState = OPER_STATES[u8At(d, p, n, type)] ?? "unknown";
        break;
      case 17: // IFLA_LINKMODE
        link.linkMode = LINK_MODES[u8At(d, p, n, type)] ?? "default";
        break;
      case 27: // IFLA_GROUP
        link.group = v32 < 0 ? u32At(d, p, n, type) : v32;
        break;
      case 30: // IFLA_PROMISCUITY
        link.promiscuity = v32 < 0 ? u32At(d, p, n, type) : v32;
        break;
      case 61: // IFLA_ALLMULTI
        link.allmulti = v32 < 0 ? u32At(d, p, n, type) : v32;
        break;
      case 50: // IFLA_MIN_MTU
        link.minMtu = v32 < 0 ? u32At(d, p, n, type) : v32;
        break;
      case 51: // IFLA_MAX_MTU
        link.maxMtu = v32 < 0 ? u32At(d, p, n, type) : v32;
        break;
      case 31: // IFLA_NUM_TX_QUEUES
        link.numTxQueues = v32 < 0 ? u32At(d, p, n, type) : v32;
        break;
      case 32: // IFLA_NUM_RX_QUEUES
        link.numRxQueues = v32 < 0 ? u32At(d, p, n, type) : v32;
        break;
      case 41: // IFLA_GSO_MAX_SIZE
        link.gsoMaxSize = v32 < 0 ? u32At(d, p, n, type) : v32;
        break;
      case 40: // IFLA_GSO_MAX_SEGS
        link.gsoMaxSegs = v32 < 0 ? u32At(d, p, n, type) : v32;
        break;
      case 58: // IFLA_GRO_MAX_SIZE
        link.groMaxSize = v32 < 0 ? u32At(d, p, n, type) : v32;
        break;
      case 59: // IFLA_TSO_MAX_SIZE
        link.tsoMaxSize = v32 < 0 ? u32At(d, p, n, type) : v32;
        break;
      case 60: // IFLA_TSO_MAX_SEGS
        link.tsoMaxSegs = v32 < 0 ? u32At(d, p, n, type) : v32;
        break;
      case 33: // IFLA_CARRIER
        link.carrier = u8At(d, p, n, type) !== 0;
        break;
      case 35: // IFLA_CARRIER_CHANGES
        link.carrierChanges = v32 < 0 ? u32At(d, p, n, type) : v32;
        break;
      case 47: // IFLA_CARRIER_UP_COUNT
        link.carrierUpCount = v32 < 0 ? u32At(d, p, n, type) : v32;
        break;
      case 48: // IFLA_CARRIER_DOWN_COUNT
        link.carrierDownCount = v32 < 0 ? u32At(d, p, n, type) : v32;
        break;
      case 39: // IFLA_PROTO_DOWN
        link.protoDown = u8At(d, p, n, type) !== 0;
        break;
      case 6: // IFLA_QDISC
        link.qdisc = stringAt(d, p, n);
        break;
      case 1: // IFLA_ADDRESS
        link.address = linkAddressAt(d, p, n, link.type);
        break;
      case 2: // IFLA_BROADCAST
        link.broadcast = linkAddressAt(d, p, n, link.type);
        break;
      case 54: // IFLA_PERM_ADDRESS
        link.permAddress = linkAddressAt(d, p, n, link.type);
        break;
      case 10: // IFLA_MASTER
        link.master = v32 < 0 ? u32At(d, p, n, type) : v32;
        break;
      case 5: // IFLA_LINK
        link.linkIndex = (v32 < 0 ? u32At(d, p, n, type) : v32) | 0;
        break;
      case 37: // IFLA_LINK_NETNSID
        link.linkNetnsId = (v32 < 0 ? u32At(d, p, n, type) : v32) | 0;
        break;
      case 20: // IFLA_IFALIAS
        link.alias = stringAt(d, p, n);
        break;
      case 52: { // IFLA_PROP_LIST
        const names: string[] = [];
        const pd = new AttributeDecoder(d, { offset: p, length: n });
        while (pd.next()) if (pd.type === IFLA_ALT_IFNAME) names.push(pd.string());
        link.altNames = names;
        break;
      }
      case 56: // IFLA_PARENT_DEV_NAME
        link.parentDev = stringAt(d, p, n);
        break;
      case 57: // IFLA_PARENT_DEV_BUS_NAME
        link.parentBus = stringAt(d, p, n);
        break;
      case 18: // IFLA_LINKINFO
        parseLinkInfo(new AttributeDecoder(d, { offset: p, length: n }), link);
        break;
      case 23: // IFLA_STATS64
        link.stats = parseStats64(d, p, n);
        break;
      case 7: // IFLA_STATS
      case 42: // IFLA_PAD
        break;
      default:
        if (type < 32) u0 |= 1 << type;
        else if (type < 64) u1 |= 1 << (type - 32);
        else if (type < 96) u2 |= 1 << (type - 64);
        else uHigh = true;
    }
  }
  // One copy of the attributes when some were not decoded: a retained Link then pins its own
  // bytes, not the receive buffer, and `other` costs nothing until it is read.
  if ((u0 | u1 | u2) !== 0 || uHigh) attrs = d.slice(s + IFINFOMSG_LEN, end);
  return link;
}

/**
 * Link.other, built from the attributes of the types parseLink() left undecoded (marked in the
 * masks), then stored on the link as a plain data property.
 */
function materializeOther(link: Link, attrs: Uint8Array | undefined, u0: number, u1: number, u2: number, uHigh: boolean): RawAttribute[] {
  const other: RawAttribute[] = [];
  if (attrs !== undefined) {
    const ad = new AttributeDecoder(attrs);
    while (ad.next()) {
      const t = ad.type;
      const unknown = t < 32 ? (u0 >>> t) & 1 : t < 64 ? (u1 >>> (t - 32)) & 1 : t < 96 ? (u2 >>> (t - 64)) & 1 : uHigh ? 1 : 0;
      if (unknown !== 0) other.push({ type: t, nested: ad.isNested, netByteOrder: ad.isNetByteOrder, data: ad.bytes() });
    }
  }
  Object.defineProperty(link, "other", { value: other, writable: true, enumerable: true, configurable: true });
  return other;
}

/** A little-endian u32 at `o`. */
function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

function parseStats64(d: Uint8Array, p: number, n: number): LinkStats {
  // Counter i is the u64 at p + 8*i, read as two host-order u32 halves: through one Uint32Array
  // view when the struct is whole and aligned (attributes are 4-aligned in an 8-aligned buffer),
  // else byte-wise, where an older kernel's shorter struct reads 0 for the counters it lacks.
  let w: Uint32Array | number[];
  const at = d.byteOffset + p;
  if (n >= STATS_FIELDS * 8 && (at & 3) === 0) w = new Uint32Array(d.buffer, at, STATS_FIELDS * 2);
  else {
    w = [];
    for (let i = 0; i < STATS_FIELDS * 2; i++) w.push(4 * i + 4 <= (n & ~7) ? le32(d, p + 4 * i) : 0);
  }
  const H = 4294967296;
  return {
    rxPackets: w[0]! + w[1]! * H,
    txPackets: w[2]! + w[3]! * H,
    rxBytes: w[4]! + w[5]! * H,
    txBytes: w[6]! + w[7]! * H,
    rxErrors: w[8]! + w[9]! * H,
    txErrors: w[10]! + w[11]! * H,
    rxDropped: w[12]! + w[13]! * H,
    txDropped: w[14]! + w[15]! * H,
    multicast: w[16]! + w[17]! * H,
    collisions: w[18]! + w[19]! * H,
    rxLengthErrors: w[20]! + w[21]! * H,
    rxOverErrors: w[22]! + w[23]! * H,
    rxCrcErrors: w[24]! + w[25]! * H,
    rxFrameErrors: w[26]! + w[27]! * H,
    rxFifoErrors: w[28]! + w[29]! * H,
    rxMissedErrors: w[30]! + w[31]! * H,
    txAbortedErrors: w[32]! + w[33]! * H,
    txCarrierErrors: w[34]! + w[35]! * H,
    txFifoErrors: w[36]! + w[37]! * H,
    txHeartbeatErrors: w[38]! + w[39]! * H,
    txWindowErrors: w[40]! + w[41]! * H,
    rxCompressed: w[42]! + w[43]! * H,
    txCompressed: w[44]! + w[45]! * H,
    rxNohandler: w[46]! + w[47]! * H,
    rxOtherhostDropped: w[48]! + w[49]! * H,
    tail: n > STATS_FIELDS * 8 ? d.slice(p + STATS_FIELDS * 8, p + n) : undefined,
  };
}

function parseLinkInfo(ad: AttributeDecoder, link: Link): void {
  let data: AttributeDecoder | undefined;
  while (ad.next()) {
    switch (ad.type) {
      case IFLA_INFO_KIND:
        link.kind = ad.string();
        break;
      case IFLA_INFO_DATA:
        data = ad.nested();
        break;
      case IFLA_INFO_XSTATS:
        link.infoXstats = ad.bytes().slice();
        break;
      case IFLA_INFO_SLAVE_KIND:
        link.slaveKind = ad.string();
        break;
      case IFLA_INFO_SLAVE_DATA:
        link.slaveData = rawList(ad.nested());
        break;
    }
  }
  // The kind comes first from the kernel, but the data is decoded only once the kind is known.
  if (data === undefined) return;
  switch (link.kind) {
    case "bridge":
      link.info = parseBridgeInfo(data);
      break;
    case "macvlan":
    case "macvtap":
      link.info = parseMacvlanInfo(data, link.kind);
      break;
    case "vxlan":
      link.info = parseVxlanInfo(data);
      break;
    case "vlan":
      link.info = parseVlanInfo(data);
      break;
    default:
      link.infoData = rawList(data);
  }
}

function rawList(ad: AttributeDecoder): RawAttribute[] {
  const out: RawAttribute[] = [];
  while (ad.next()) out.push(ad.raw());
  return out;
}

function bridgeId(b: Uint8Array): string {
  if (b.length !== 8) throw new DecodeError(`bridge id needs 8 bytes (struct ifla_bridge_id), has ${b.length}`);
  return `${formatMACAt(b, 0, 1)}${formatMACAt(b, 1, 1)}.${formatMAC(b.subarray(2))}`;
}

function parseBridgeInfo(ad: AttributeDecoder): BridgeInfo {
  const info: BridgeInfo = {
    kind: "bridge",
    forwardDelay: undefined,
    helloTime: undefined,
    maxAge: undefined,
    ageingTime: undefined,
    stpState: undefined,
    priority: undefined,
    vlanFiltering: undefined,
    vlanProtocol: undefined,
    vlanDefaultPvid: undefined,
    groupFwdMask: undefined,
    bridgeId: undefined,
    rootId: undefined,
    rootPort: undefined,
    rootPathCost: undefined,
    topologyChange: undefined,
    topologyChangeDetected: undefined,
    groupAddress: undefined,
    mcastSnooping: undefined,
    mcastRouter: undefined,
    mcastQuerier: undefined,
    other: [],
  };
  while (ad.next()) {
    switch (ad.type) {
      case IFLA_BR_FORWARD_DELAY:
        info.forwardDelay = ad.u32() / 100;
        break;
      case IFLA_BR_HELLO_TIME:
        info.helloTime = ad.u32() / 100;
        break;
      case IFLA_BR_MAX_AGE:
        info.maxAge = ad.u32() / 100;
        break;
      case IFLA_BR_AGEING_TIME:
        info.ageingTime = ad.u32() / 100;
        break;
      case IFLA_BR_STP_STATE:
        info.stpState = ad.u32();
        break;
      case IFLA_BR_PRIORITY:
        info.priority = ad.u16();
        break;
      case IFLA_BR_VLAN_FILTERING:
        info.vlanFiltering = ad.u8() !== 0;
        break;
      case IFLA_BR_VLAN_PROTOCOL:
        info.vlanProtocol = ad.be16();
        break;
      case IFLA_BR_VLAN_DEFAULT_PVID:
        info.vlanDefaultPvid = ad.u16();
        break;
      case IFLA_BR_GROUP_FWD_MASK:
        info.groupFwdMask = ad.u16();
        break;
      case IFLA_BR_BRIDGE_ID:
        info.bridgeId = bridgeId(ad.bytes());
        break;
      case IFLA_BR_ROOT_ID:
        info.rootId = bridgeId(ad.bytes());
        break;
      case IFLA_BR_ROOT_PORT:
        info.rootPort = ad.u16();
        break;
      case IFLA_BR_ROOT_PATH_COST:
        info.rootPathCost = ad.u32();
        break;
      case IFLA_BR_TOPOLOGY_CHANGE:
        info.topologyChange = ad.u8() !== 0;
        break;
      case IFLA_BR_TOPOLOGY_CHANGE_DETECTED:
        info.topologyChangeDetected = ad.u8() !== 0;
        break;
      case IFLA_BR_GROUP_ADDR:
        info.groupAddress = formatMAC(ad.bytes());
        break;
      case IFLA_BR_MCAST_SNOOPING:
        info.mcastSnooping = ad.u8() !== 0;
        break;
      case IFLA_BR_MCAST_ROUTER:
        info.mcastRouter = ad.u8();
        break;
      case IFLA_BR_MCAST_QUERIER:
        info.mcastQuerier = ad.u8() !== 0;
        break;
      default:
        info.other.push(ad.raw());
    }
  }
  return info;
}

function parseMacvlanInfo(ad: AttributeDecoder, kind: "macvlan" | "macvtap"): MacvlanInfo {
  const info: MacvlanInfo = {
    kind,
    mode: undefined,
    flags: undefined,
    macAddressCount: undefined,
    bcQueueLength: undefined,
    bcQueueLengthUsed: undefined,
    other: [],
  };
  while (ad.next()) {
    switch (ad.type) {
      case IFLA_MACVLAN_MODE:
        info.mode = macvlanModeName(ad.u32());
        break;
      case IFLA_MACVLAN_FLAGS:
        info.flags = ad.u16();
        break;
      case IFLA_MACVLAN_MACADDR_COUNT:
        info.macAddressCount = ad.u32();
        break;
      case IFLA_MACVLAN_BC_QUEUE_LEN:
        info.bcQueueLength = ad.u32();
        break;
      case IFLA_MACVLAN_BC_QUEUE_LEN_USED:
        info.bcQueueLengthUsed = ad.u32();
        break;
      default:
        info.other.push(ad.raw());
    }
  }
  return info;
}

function isMulticast(b: Uint8Array): boolean {
  return b.length === 4 ? (b[0]! & 0xf0) === 0xe0 : b[0] === 0xff;
}

function ipOfLength(ad: AttributeDecoder, size: 4 | 16): string {
  if (ad.length !== size) throw new DecodeError(`attribute type ${ad.type}: address needs ${size} bytes, has ${ad.length}`);
  return formatIP(ad.bytes());
}

/** Requests send these as flags; some kernels report them back as a u8 (TTL_INHERIT does). */
function flagOrU8(ad: AttributeDecoder): boolean {
  return ad.length === 0 ? true : ad.u8() !== 0;
}

function parseVxlanInfo(ad: AttributeDecoder): VxlanInfo {
  const info: VxlanInfo = {
    kind: "vxlan",
    vni: undefined,
    group: undefined,
    remote: undefined,
    local: undefined,
    link: undefined,
    port: undefined,
    portRange: undefined,
    ttl: undefined,
    ttlInherit: undefined,
    tos: undefined,
    df: undefined,
    label: undefined,
    learning: undefined,
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
    gbp: undefined,
    gpe: undefined,
    collectMetadata: undefined,
    vniFilter: undefined,
    other: [],
  };
  while (ad.next()) {
    switch (ad.type) {
      case IFLA_VXLAN_ID:
        info.vni = ad.u32();
        break;
      case IFLA_VXLAN_GROUP:
      case IFLA_VXLAN_GROUP6: {
        const s = ipOfLength(ad, ad.type === IFLA_VXLAN_GROUP ? 4 : 16);
        if (isMulticast(ad.bytes())) info.group = s;
        else info.remote = s;
        break;
      }
      case IFLA_VXLAN_LOCAL:
        info.local = ipOfLength(ad, 4);
        break;
      case IFLA_VXLAN_LOCAL6:
        info.local = ipOfLength(ad, 16);
        break;
      case IFLA_VXLAN_LINK:
        info.link = ad.u32();
        break;
      case IFLA_VXLAN_PORT:
        info.port = ad.be16();
        break;
      case IFLA_VXLAN_PORT_RANGE: {
        const b = ad.bytes();
        if (b.length !== 4) throw new DecodeError(`attribute type ${ad.type}: port range needs 4 bytes, has ${b.length}`);
        info.portRange = { low: (b[0]! << 8) | b[1]!, high: (b[2]! << 8) | b[3]! };
        break;
      }
      case IFLA_VXLAN_TTL:
        info.ttl = ad.u8();
        break;
      case IFLA_VXLAN_TTL_INHERIT:
        info.ttlInherit = flagOrU8(ad);
        break;
      case IFLA_VXLAN_TOS:
        info.tos = ad.u8();
        break;
      case IFLA_VXLAN_DF:
        info.df = ad.u8();
        break;
      case IFLA_VXLAN_LABEL:
        info.label = ad.be32();
        break;
      case IFLA_VXLAN_LEARNING:
        info.learning = ad.u8() !== 0;
        break;
      case IFLA_VXLAN_AGEING:
        info.ageing = ad.u32();
        break;
      case IFLA_VXLAN_LIMIT:
        info.limit = ad.u32();
        break;
      case IFLA_VXLAN_PROXY:
        info.proxy = ad.u8() !== 0;
        break;
      case IFLA_VXLAN_RSC:
        info.rsc = ad.u8() !== 0;
        break;
      case IFLA_VXLAN_L2MISS:
        info.l2miss = ad.u8() !== 0;
        break;
      case IFLA_VXLAN_L3MISS:
        info.l3miss = ad.u8() !== 0;
        break;
      case IFLA_VXLAN_UDP_CSUM:
        info.udpCsum = ad.u8() !== 0;
        break;
      case IFLA_VXLAN_UDP_ZERO_CSUM6_TX:
        info.udpZeroCsum6Tx = ad.u8() !== 0;
        break;
      case IFLA_VXLAN_UDP_ZERO_CSUM6_RX:
        info.udpZeroCsum6Rx = ad.u8() !== 0;
        break;
      case IFLA_VXLAN_REMCSUM_TX:
        info.remcsumTx = ad.u8() !== 0;
        break;
      case IFLA_VXLAN_REMCSUM_RX:
        info.remcsumRx = ad.u8() !== 0;
        break;
      case IFLA_VXLAN_GBP:
        info.gbp = flagOrU8(ad);
        break;
      case IFLA_VXLAN_GPE:
        info.gpe = flagOrU8(ad);
        break;
      case IFLA_VXLAN_COLLECT_METADATA:
        info.collectMetadata = ad.u8() !== 0;
        break;
      case IFLA_VXLAN_VNIFILTER:
        info.vniFilter = ad.u8() !== 0;
        break;
      default:
        info.other.push(ad.raw());
    }
  }
  return info;
}

function parseQos(ad: AttributeDecoder): VlanQosMapping[] {
  const out: VlanQosMapping[] = [];
  while (ad.next()) {
    if (ad.type !== IFLA_VLAN_QOS_MAPPING) continue;
    const b = ad.bytes();
    if (b.length !== 8) throw new DecodeError(`attribute type ${ad.type}: vlan qos mapping needs 8 bytes, has ${b.length}`);
    out.push({ from: u32(b, 0), to: u32(b, 4) });
  }
  return out;
}

function parseVlanInfo(ad: AttributeDecoder): VlanInfo {
  const info: VlanInfo = {
    kind: "vlan",
    id: undefined,
    protocol: undefined,
    flags: undefined,
    egressQos: undefined,
    ingressQos: undefined,
    other: [],
  };
  while (ad.next()) {
    switch (ad.type) {
      case IFLA_VLAN_ID:
        info.id = ad.u16();
        break;
      case IFLA_VLAN_PROTOCOL:
        info.protocol = ad.be16();
        break;
      case IFLA_VLAN_FLAGS: {
        const b = ad.bytes();
        if (b.length < 4) throw new DecodeError(`attribute type ${ad.type}: vlan flags need 8 bytes, has ${b.length}`);
        info.flags = u32(b, 0);
        break;
      }
      case IFLA_VLAN_EGRESS_QOS:
        info.egressQos = parseQos(ad.nested());
        break;
      case IFLA_VLAN_INGRESS_QOS:
        info.ingressQos = parseQos(ad.nested());
        break;
      default:
        info.other.push(ad.raw());
    }
  }
  return info;
}

/**
 * A link-layer address attribute at p, n bytes long, formatted for the link's ARPHRD type: IP
 * tunnels carry their endpoint addresses as link-layer addresses; print them as `ip` does.
 */
function linkAddressAt(d: Uint8Array, p: number, n: number, type: number): string {
  if (n === 4 && (type === ARPHRD_TUNNEL || type === ARPHRD_SIT || type === ARPHRD_IPGRE)) return formatIP(d.subarray(p, p + 4));
  if (n === 16 && (type === ARPHRD_TUNNEL6 || type === ARPHRD_IP6GRE)) return formatIP(d.subarray(p, p + 16));
  return formatMACAt(d, p, n);
}

// ---------------------------------------------------------------------------------------------
// Requests

/** Options of listLinks(). */
export interface ListLinksOptions extends DumpOptions {
  /** Only the ports of this master (a bridge, bond or VRF), filtered by the kernel. */
  master?: LinkRef;
  /** Only links of this kind ("veth", "bridge", "vxlan"…), filtered by the kernel where it knows the kind. */
  kind?: string;
}

/** An ifinfomsg: family, pad, type, index, flags, change (16 bytes, host order). */
function ifinfomsg(index: number, flags = 0, change = 0): Uint8Array {
  const h = new Uint8Array(IFINFOMSG_LEN);
  const v = new DataView(h.buffer);
  h[0] = AF_UNSPEC;
  v.setInt32(4, index, true);
  v.setUint32(8, flags >>> 0, true);
  v.setUint32(12, change >>> 0, true);
  return h;
}

const IFNAMSIZ = 16;
const ALTIFNAMSIZ = 128;
const textEncoder = new TextEncoder();

function checkIndex(index: number, what: string): void {
  if (!Number.isInteger(index) || index <= 0 || index > 0x7fffffff) {
    throw new EncodeError([`${what}: link index ${index} is not an integer in 1..2147483647`]);
  }
}

/** Interface names are 1..15 bytes; alternative names, which lookups accept too, up to 127. */
function checkName(name: string, what: string, max = IFNAMSIZ - 1): void {
  const n = textEncoder.encode(name).length;
  if (n === 0 || n > max) throw new EncodeError([`${what}: interface name ${JSON.stringify(name)} must be 1..${max} bytes, is ${n}`]);
}

/** Put a link reference into a request: the index in ifinfomsg, or the name as IFLA_IFNAME. */
function refRequest(ref: LinkRef, what: string, flags = 0, change = 0): AttributeEncoder {
  if (typeof ref === "number") {
    checkIndex(ref, what);
    return new AttributeEncoder().struct(ifinfomsg(ref, flags, change));
  }
  checkName(ref, what, ALTIFNAMSIZ - 1);
  const e = new AttributeEncoder().struct(ifinfomsg(0, flags, change));
  // Names longer than IFNAMSIZ can only be alternative names, which IFLA_ALT_IFNAME looks up.
  return textEncoder.encode(ref).length < IFNAMSIZ ? e.string(IFLA_IFNAME, ref) : e.string(IFLA_ALT_IFNAME, ref);
}

/**
 * List every link of the Conn's namespace (one RTM_GETLINK dump).
 *
 * @example
 * const ports = await listLinks(conn, { master: "br0" });
 * const veths = await listLinks(conn, { kind: "veth" });
 */
export async function listLinks(conn: Conn, options: ListLinksOptions = {}): Promise<Link[]> {
  const e = new AttributeEncoder().struct(ifinfomsg(0));
  if (options.master !== undefined) e.u32(IFLA_MASTER, await linkIndex(conn, options.master, options));
  const kind = options.kind;
  if (kind !== undefined) e.nested(IFLA_LINKINFO, (n) => n.string(IFLA_INFO_KIND, kind));
  return conn.collect(
    { type: RTM_GETLINK, flags: NLM_F_DUMP, data: e.encode() },
    (type, _flags, d, s, end) => {
      if (type !== RTM_NEWLINK) return undefined;
      const link = decodeLink(type, d, s, end);
      // A kernel that does not know the kind ignores the filter; filter here too.
      return kind === undefined || link.kind === kind ? link : undefined;
    },
    executeOptions("RTM_GETLINK", options, DEFAULT_DUMP_RETRIES),
  );
}

/**
 * Get one link by name (or alternative name) or index. A missing link rejects with the
 * kernel's NetlinkError, `code: "ENODEV"`.
 *
 * @example
 * const lo = await getLink(conn, "lo");
 * const same = await getLink(conn, lo.index);
 */
export async function getLink(conn: Conn, ref: LinkRef, options: RequestOptions = {}): Promise<Link> {
  const e = refRequest(ref, "getLink");
  const replies = await conn.execute({ type: RTM_GETLINK, flags: 0, data: e.encode() }, executeOptions("RTM_GETLINK", options));
  const m = replies.find((r) => r.type === RTM_NEWLINK);
  if (m === undefined) throw new DecodeError(`RTM_GETLINK for ${JSON.stringify(ref)}: the kernel replied without a link`);
  return parseLink(m);
}

/**
 * Where to move a link: a namespace name (as in /run/netns) or path, an open descriptor of a
 * namespace file, or `{ pid }` for the namespace of a process.
 */
export type NetnsTarget = Netns | { pid: number };

/** Resolve a NetnsTarget into its attribute; `close` releases a descriptor opened for it. */
function netnsAttribute(target: NetnsTarget): { type: number; value: number; close: () => void } {
  if (typeof target === "object") return { type: IFLA_NET_NS_PID, value: target.pid, close: () => {} };
  if (typeof target === "number") return { type: IFLA_NET_NS_FD, value: target, close: () => {} };
  const fd = openNetns(target);
  return { type: IFLA_NET_NS_FD, value: fd, close: () => void libc().close(fd) };
}

/** Changes setLink() applies; fields left out stay as they are. */
export interface LinkChanges {
  /** Set (true) or clear (false) IFF_UP. */
  up?: boolean;
  mtu?: number;
  /** Rename the link (1..15 bytes). */
  name?: string;
  /** Link-layer address, "02:00:00:00:00:01". */
  address?: string;
  /** Link-layer broadcast address. */
  broadcast?: string;
  /** Enslave to this master (bridge, bond, VRF); null releases the link from its master. */
  master?: LinkRef | null;
  /** Move the link into this network namespace (it keeps its name unless `name` is given too). */
  netns?: NetnsTarget;
  txQueueLength?: number;
  /** Set the alias; "" removes it. */
  alias?: string;
  group?: number;
  promisc?: boolean;
  /** false sets IFF_NOARP. */
  arp?: boolean;
  allmulticast?: boolean;
}

/**
 * Change a link: up/down, MTU, name, address, master, namespace… in one RTM_SETLINK.
 * A name is resolved to an index first only when the link is also being renamed.
 *
 * @example
 * await setLink(conn, "veth0", { up: true, mtu: 1400, master: "br0" });
 * await setLink(conn, "veth1", { netns: "red" });
 * await setLink(conn, "veth0", { master: null }); // nomaster
 */
export async function setLink(conn: Conn, ref: LinkRef, changes: LinkChanges, options: RequestOptions = {}): Promise<void> {
  let flags = 0;
  let change = 0;
  const flag = (bit: number, on: boolean | undefined) => {
    if (on === undefined) return;
    change |= bit;
    if (on) flags |= bit;
  };
  flag(IFF_UP, changes.up);
  flag(IFF_PROMISC, changes.promisc);
  flag(IFF_ALLMULTI, changes.allmulticast);
  if (changes.arp !== undefined) flag(IFF_NOARP, !changes.arp);
  if (changes.name !== undefined) checkName(changes.name, "setLink name");
  const target = changes.name !== undefined && typeof ref === "string" ? await linkIndex(conn, ref, options) : ref;
  const master = changes.master === undefined ? undefined : changes.master === null ? 0 : await linkIndex(conn, changes.master, options);
  const e = refRequest(target, "setLink", flags, change);
  if (changes.name !== undefined) e.string(IFLA_IFNAME, changes.name);
  if (changes.mtu !== undefined) e.u32(IFLA_MTU, changes.mtu);
  if (changes.address !== undefined) e.bytes(IFLA_ADDRESS, parseMAC(changes.address));
  if (changes.broadcast !== undefined) e.bytes(IFLA_BROADCAST, parseMAC(changes.broadcast));
  if (master !== undefined) e.u32(IFLA_MASTER, master);
  if (changes.txQueueLength !== undefined) e.u32(IFLA_TXQLEN, changes.txQueueLength);
  if (changes.alias !== undefined) e.string(IFLA_IFALIAS, changes.alias);
  if (changes.group !== undefined) e.u32(IFLA_GROUP, changes.group);
  const ns = changes.netns === undefined ? undefined : netnsAttribute(changes.netns);
  try {
    if (ns !== undefined) e.u32(ns.type, ns.value);
    await conn.execute({ type: RTM_SETLINK, flags: NLM_F_ACK, data: e.encode() }, executeOptions("RTM_SETLINK", options));
  } finally {
    ns?.close();
  }
}

/** What every createLink() spec may carry besides its kind. */
export interface CommonLinkSpec {
  /** The new link's name, 1..15 bytes. */
  name: string;
  mtu?: number;
  /** Link-layer address; default: random. */
  address?: string;
  /** Bring the link up at once. */
  up?: boolean;
  /** Enslave to this master at once. */
  master?: LinkRef;
  txQueueLength?: number;
  /** Create the link directly in this namespace instead of the Conn's. */
  netns?: NetnsTarget;
}

/**
 * A veth pair: `name` here, `peer.name` at the other end, optionally in another namespace. The
 * peer cannot be brought up in the same request (the kernel refuses with ENOTCONN while the pair
 * is half made); setLink(peer, { up: true }) afterwards.
 */
export interface VethSpec extends CommonLinkSpec {
  kind: "veth";
  peer: { name: string; netns?: NetnsTarget; mtu?: number; address?: string };
}

/** A bridge. Times are in seconds. */
export interface BridgeSpec extends CommonLinkSpec {
  kind: "bridge";
  stp?: boolean;
  vlanFiltering?: boolean;
  forwardDelay?: number;
  helloTime?: number;
  maxAge?: number;
  ageingTime?: number;
  priority?: number;
}

/** A macvlan (or macvtap) on top of `link`; the kernel's default mode is "vepa". */
export interface MacvlanSpec extends CommonLinkSpec {
  kind: "macvlan" | "macvtap";
  link: LinkRef;
  mode?: MacvlanMode;
}

/**
 * A vxlan. `group` (multicast) and `remote` (unicast) are exclusive; `port` defaults to the
 * IANA port 4789, not the kernel's historical 8472.
 */
export interface VxlanSpec extends CommonLinkSpec {
  kind: "vxlan";
  vni: number;
  port?: number;
  /** The underlying device. */
  link?: LinkRef;
  group?: string;
  remote?: string;
  local?: string;
  ttl?: number;
  learning?: boolean;
  /** Source port range. */
  portRange?: { low: number; high: number };
}

/** An 802.1Q (default) or 802.1ad VLAN on top of `link`. */
export interface VlanSpec extends CommonLinkSpec {
  kind: "vlan";
  link: LinkRef;
  /** VLAN id, 0..4094. */
  id: number;
  protocol?: "802.1Q" | "802.1ad";
}

/** What createLink() can create; discriminated by `kind`. */
export type LinkSpec = VethSpec | BridgeSpec | MacvlanSpec | VxlanSpec | VlanSpec;

const VXLAN_PORT = 4789;

/**
 * Create a link (RTM_NEWLINK with NLM_F_CREATE | NLM_F_EXCL). An existing name rejects with
 * `code: "EEXIST"`; a kind the kernel lacks with `code: "EOPNOTSUPP"` ("Unknown device type").
 *
 * @example
 * await createLink(conn, { kind: "bridge", name: "br0", up: true });
 * await createLink(conn, { kind: "veth", name: "v0", peer: { name: "v1" }, master: "br0" });
 * await createLink(conn, { kind: "vxlan", name: "vx0", vni: 42, remote: "192.0.2.2", local: "192.0.2.1" });
 */
export async function createLink(conn: Conn, spec: LinkSpec, options: RequestOptions = {}): Promise<void> {
  checkName(spec.name, "createLink name");
  const master = spec.master === undefined ? undefined : await linkIndex(conn, spec.master, options);
  const lower =
    spec.kind === "macvlan" || spec.kind === "macvtap" || spec.kind === "vlan" || (spec.kind === "vxlan" && spec.link !== undefined)
      ? await linkIndex(conn, spec.link!, options)
      : undefined;
  const opened: (() => void)[] = [];
  const netns = (t: NetnsTarget) => {
    const a = netnsAttribute(t);
    opened.push(a.close);
    return a;
  };
  try {
    const e = new AttributeEncoder().struct(ifinfomsg(0, spec.up ? IFF_UP : 0, spec.up ? IFF_UP : 0));
    e.string(IFLA_IFNAME, spec.name);
    if (spec.mtu !== undefined) e.u32(IFLA_MTU, spec.mtu);
    if (spec.address !== undefined) e.bytes(IFLA_ADDRESS, parseMAC(spec.address));
    if (spec.txQueueLength !== undefined) e.u32(IFLA_TXQLEN, spec.txQueueLength);
    if (master !== undefined) e.u32(IFLA_MASTER, master);
    if (spec.netns !== undefined) {
      const a = netns(spec.netns);
      e.u32(a.type, a.value);
    }
    if (lower !== undefined && spec.kind !== "vxlan") e.u32(IFLA_LINK, lower);
    e.nested(IFLA_LINKINFO, (li) => {
      li.string(IFLA_INFO_KIND, spec.kind);
      encodeInfoData(li, spec, lower, netns);
    });
    await conn.execute(
      { type: RTM_NEWLINK, flags: NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, data: e.encode() },
      executeOptions("RTM_NEWLINK", options),
    );
  } finally {
    for (const close of opened) close();
  }
}

function encodeInfoData(
  li: AttributeEncoder,
  spec: LinkSpec,
  lower: number | undefined,
  netns: (t: NetnsTarget) => { type: number; value: number },
): void {
  switch (spec.kind) {
    case "veth": {
      const p = spec.peer;
      checkName(p.name, "createLink peer name");
      li.nested(IFLA_INFO_DATA, (d) =>
        d.nested(VETH_INFO_PEER, (pe) => {
          pe.struct(ifinfomsg(0)).string(IFLA_IFNAME, p.name);
          if (p.mtu !== undefined) pe.u32(IFLA_MTU, p.mtu);
          if (p.address !== undefined) pe.bytes(IFLA_ADDRESS, parseMAC(p.address));
          if (p.netns !== undefined) {
            const a = netns(p.netns);
            pe.u32(a.type, a.value);
          }
        }),
      );
      return;
    }
    case "bridge": {
      const s = spec;
      const cs = (x: number | undefined, what: string) => {
        if (x === undefined) return undefined;
        const v = Math.round(x * 100);
        if (!(v >= 0 && v <= 0xffffffff)) throw new EncodeError([`createLink bridge ${what}: ${x} s is out of range`]);
        return v;
      };
      const fd = cs(s.forwardDelay, "forwardDelay");
      const ht = cs(s.helloTime, "helloTime");
      const ma = cs(s.maxAge, "maxAge");
      const at = cs(s.ageingTime, "ageingTime");
      if ([s.stp, s.vlanFiltering, fd, ht, ma, at, s.priority].every((x) => x === undefined)) return;
      li.nested(IFLA_INFO_DATA, (d) => {
        if (fd !== undefined) d.u32(IFLA_BR_FORWARD_DELAY, fd);
        if (ht !== undefined) d.u32(IFLA_BR_HELLO_TIME, ht);
        if (ma !== undefined) d.u32(IFLA_BR_MAX_AGE, ma);
        if (at !== undefined) d.u32(IFLA_BR_AGEING_TIME, at);
        if (s.stp !== undefined) d.u32(IFLA_BR_STP_STATE, s.stp ? 1 : 0);
        if (s.priority !== undefined) d.u16(IFLA_BR_PRIORITY, s.priority);
        if (s.vlanFiltering !== undefined) d.u8(IFLA_BR_VLAN_FILTERING, s.vlanFiltering ? 1 : 0);
      });
      return;
    }
    case "macvlan":
    case "macvtap": {
      const mode = spec.mode;
      if (mode === undefined) return;
      const n = MACVLAN_MODES[mode];
      if (n === undefined) throw new EncodeError([`createLink ${spec.kind}: unknown mode ${JSON.stringify(mode)}`]);
      li.nested(IFLA_INFO_DATA, (d) => d.u32(IFLA_MACVLAN_MODE, n));
      return;
    }
    case "vxlan": {
      const s = spec;
      if (s.group !== undefined && s.remote !== undefined) throw new EncodeError(["createLink vxlan: give either group or remote, not both"]);
      const peer = s.group ?? s.remote;
      const peerBytes = peer === undefined ? undefined : parseIP(peer);
      if (peerBytes !== undefined && isMulticast(peerBytes) !== (s.group !== undefined)) {
        throw new EncodeError([
          s.group !== undefined ? `createLink vxlan: group ${s.group} is not a multicast address` : `createLink vxlan: remote ${s.remote} is a multicast address (use group)`,
        ]);
      }
      const localBytes = s.local === undefined ? undefined : parseIP(s.local);
      if (peerBytes && localBytes && peerBytes.length !== localBytes.length) {
        throw new EncodeError(["createLink vxlan: local and group/remote must be of the same address family"]);
      }
      li.nested(IFLA_INFO_DATA, (d) => {
        d.u32(IFLA_VXLAN_ID, s.vni);
        if (peerBytes) d.bytes(peerBytes.length === 4 ? IFLA_VXLAN_GROUP : IFLA_VXLAN_GROUP6, peerBytes);
        if (localBytes) d.bytes(localBytes.length === 4 ? IFLA_VXLAN_LOCAL : IFLA_VXLAN_LOCAL6, localBytes);
        if (lower !== undefined) d.u32(IFLA_VXLAN_LINK, lower);
        if (s.ttl !== undefined) d.u8(IFLA_VXLAN_TTL, s.ttl);
        if (s.learning !== undefined) d.u8(IFLA_VXLAN_LEARNING, s.learning ? 1 : 0);
        if (s.portRange !== undefined) {
          const r = s.portRange;
          const ok = [r.low, r.high].every((p) => Number.isInteger(p) && p >= 0 && p <= 0xffff);
          if (!ok) throw new EncodeError([`createLink vxlan: port range ${r.low}..${r.high} is not within 0..65535`]);
          d.bytes(IFLA_VXLAN_PORT_RANGE, Uint8Array.of(r.low >> 8, r.low & 0xff, r.high >> 8, r.high & 0xff));
        }
        d.be16(IFLA_VXLAN_PORT, s.port ?? VXLAN_PORT);
      });
      return;
    }
    case "vlan": {
      const s = spec;
      const protocol = s.protocol === undefined ? undefined : s.protocol === "802.1ad" ? ETH_P_8021AD : s.protocol === "802.1Q" ? ETH_P_8021Q : -1;
      if (protocol === -1) throw new EncodeError([`createLink vlan: protocol ${JSON.stringify(s.protocol)} is not "802.1Q" or "802.1ad"`]);
      li.nested(IFLA_INFO_DATA, (d) => {
        d.u16(IFLA_VLAN_ID, s.id);
        if (protocol !== undefined) d.be16(IFLA_VLAN_PROTOCOL, protocol);
      });
      return;
    }
    default: {
      const unknown: never = spec;
      throw new EncodeError([`createLink: unknown kind ${JSON.stringify((unknown as { kind: unknown }).kind)}`]);
    }
  }
}

/**
 * Delete a link by name or index. Deleting one end of a veth deletes both. A missing link
 * rejects with `code: "ENODEV"`.
 */
export async function deleteLink(conn: Conn, ref: LinkRef, options: RequestOptions = {}): Promise<void> {
  const e = refRequest(ref, "deleteLink");
  await conn.execute({ type: RTM_DELLINK, flags: NLM_F_ACK, data: e.encode() }, executeOptions("RTM_DELLINK", options));
}

