/**
 * Routes: list (kernel-filtered dumps), look up, add, replace and delete IPv4 and IPv6 routes
 * over rtnetlink, and decode route messages (dumps and RTNLGRP_IPV4_ROUTE / IPV6_ROUTE events).
 *
 * Every function takes a Conn first; the Conn's namespace is where the routes live, so one
 * process manages many namespaces with one Conn each (`dial(NETLINK_ROUTE, { netns })`).
 */
import { AttributeDecoder, AttributeEncoder, type RawAttribute } from "../netlink/attribute.ts";
import type { Conn } from "../netlink/conn.ts";
import { NLA_HDRLEN, NLA_TYPE_MASK, NLM_F_ACK, NLM_F_APPEND, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REPLACE } from "../netlink/constants.ts";
import { DecodeError, EncodeError, NetlinkError } from "../netlink/errors.ts";
import type { Message } from "../netlink/message.ts";
import { AF_INET, AF_INET6, AF_UNSPEC, parseIP, parsePrefix } from "./ip.ts";
import { linkIndex, linkRefProblem, placeholderLink, type LinkRef } from "./link-index.ts";
import { DEFAULT_DUMP_RETRIES, executeOptions, type DumpOptions, type RequestOptions } from "./request-options.ts";
import {
  ICMPV6_ROUTER_PREF_HIGH,
  ICMPV6_ROUTER_PREF_LOW,
  ICMPV6_ROUTER_PREF_MEDIUM,
  RTA_DST,
  RTA_GATEWAY,
  RTA_IIF,
  RTA_MARK,
  RTA_METRICS,
  RTA_MULTIPATH,
  RTA_OIF,
  RTA_PREF,
  RTA_PREFSRC,
  RTA_PRIORITY,
  RTA_SRC,
  RTA_TABLE,
  RTA_VIA,
  RTAX_ADVMSS,
  RTAX_CC_ALGO,
  RTAX_CWND,
  RTAX_FASTOPEN_NO_COOKIE,
  RTAX_FEATURES,
  RTAX_HOPLIMIT,
  RTAX_INITCWND,
  RTAX_INITRWND,
  RTAX_LOCK,
  RTAX_MTU,
  RTAX_QUICKACK,
  RTAX_REORDERING,
  RTAX_RTO_MIN,
  RTAX_RTT,
  RTAX_RTTVAR,
  RTAX_SSTHRESH,
  RTAX_WINDOW,
  RTM_DELROUTE,
  RTM_F_FIB_MATCH,
  RTM_F_LOOKUP_TABLE,
  RTM_GETROUTE,
  RTM_NEWROUTE,
  RTMSG_SIZE,
  RTN_ANYCAST,
  RTN_BROADCAST,
  RTN_LOCAL,
  RTN_MULTICAST,
  RTN_NAT,
  RTN_UNICAST,
  RTN_UNSPEC,
  RTNEXTHOP_SIZE,
  RTNH_F_ONLINK,
  RTPROT_BOOT,
  RT_TABLE_MAIN,
  RT_TABLE_UNSPEC,
} from "./route-constants.ts";
import { RT_SCOPE_HOST, RT_SCOPE_LINK, RT_SCOPE_NOWHERE, RT_SCOPE_UNIVERSE } from "./constants.ts";
import { addressAt, badHeader, SUFFIX, u32At, viaAt } from "./wire.ts";

// ---------------------------------------------------------------------------------------------
// Names

/** An IP version: 4 or 6. */
export type RouteFamily = 4 | 6;

/** rtm_type by name (iproute2's words). Unknown numbers stay numbers. */
export type RouteType =
  | "unspec"
  | "unicast"
  | "local"
  | "broadcast"
  | "anycast"
  | "multicast"
  | "blackhole"
  | "unreachable"
  | "prohibit"
  | "throw"
  | "nat"
  | "xresolve";

/** rtm_scope by name (iproute2's words: RT_SCOPE_UNIVERSE is "global"). */
export type RouteScope = "global" | "site" | "link" | "host" | "nowhere";

/** rtm_protocol by name (iproute2's rt_protos words). Unknown numbers stay numbers. */
export type RouteProtocol =
  | "unspec"
  | "redirect"
  | "kernel"
  | "boot"
  | "static"
  | "gated"
  | "ra"
  | "mrt"
  | "zebra"
  | "bird"
  | "dnrouted"
  | "xorp"
  | "ntk"
  | "dhcp"
  | "mrouted"
  | "keepalived"
  | "babel"
  | "openr"
  | "bgp"
  | "isis"
  | "ospf"
  | "rip"
  | "eigrp";

/** IPv6 router preference (RTA_PREF). */
export type RoutePreference = "low" | "medium" | "high";

const TYPE_NUMBERS: Record<RouteType, number> = {
  unspec: 0,
  unicast: 1,
  local: 2,
  broadcast: 3,
  anycast: 4,
  multicast: 5,
  blackhole: 6,
  unreachable: 7,
  prohibit: 8,
  throw: 9,
  nat: 10,
  xresolve: 11,
};
const SCOPE_NUMBERS: Record<RouteScope, number> = { global: 0, site: 200, link: 253, host: 254, nowhere: 255 };
const PROTOCOL_NUMBERS: Record<RouteProtocol, number> = {
  unspec: 0,
  redirect: 1,
  kernel: 2,
  boot: 3,
  static: 4,
  gated: 8,
  ra: 9,
  mrt: 10,
  zebra: 11,
  bird: 12,
  dnrouted: 13,
  xorp: 14,
  ntk: 15,
  dhcp: 16,
  mrouted: 17,
  keepalived: 18,
  babel: 42,
  openr: 99,
  bgp: 186,
  isis: 187,
  ospf: 188,
  rip: 189,
  eigrp: 192,
};

/**
 * number → name tables indexed by the u8 value: one array load per route while decoding. (Plain
 * loops here and below: module start-up counts in a short-lived process, and Array.from with a
 * callback costs twice as much before the JIT has warmed up.)
 */
function byteNames<N extends string>(numbers: Record<N, number>): (N | number)[] {
  const out: (N | number)[] = [];
  for (let i = 0; i < 256; i++) out.push(i);
  for (const name in numbers) out[numbers[name]] = name;
  return out;
}
const TYPE_NAMES = byteNames(TYPE_NUMBERS);
const SCOPE_NAMES = byteNames(SCOPE_NUMBERS);
const PROTOCOL_NAMES = byteNames(PROTOCOL_NUMBERS);

// ---------------------------------------------------------------------------------------------
// Decoded objects

/** A NextHop is one path of a multipath route (struct rtnexthop and its attributes). */
export interface NextHop {
  /** RTA_GATEWAY (or RTA_VIA, whose address may be of the other family); undefined when none. */
  gateway: string | undefined;
  /** rtnh_ifindex: the output interface index; undefined when 0. */
  outputIndex: number | undefined;
  /** rtnh_hops + 1, as `ip route` prints it (1..256). */
  weight: number;
  /** rtnh_flags: RTNH_F_* (RTNH_F_ONLINK, RTNH_F_LINKDOWN, RTNH_F_DEAD…). */
  flags: number;
  /** Attributes of the next hop that are not decoded above (RTA_FLOW, RTA_ENCAP…), when there are any. */
  other?: RawAttribute[];
}

/**
 * RouteMetrics are the RTAX_* values nested in RTA_METRICS, in the kernel's units (`ip` shows
 * rtt / 8 and rttvar / 4 as milliseconds). Absent keys were not set.
 */
export interface RouteMetrics {
  /** RTAX_LOCK: a bit mask, bit N set when metric N is locked. */
  lock?: number;
  mtu?: number;
  window?: number;
  rtt?: number;
  rttvar?: number;
  ssthresh?: number;
  cwnd?: number;
  advmss?: number;
  reordering?: number;
  hoplimit?: number;
  initcwnd?: number;
  /** RTAX_FEATURES: RTAX_FEATURE_* bits. */
  features?: number;
  rtoMin?: number;
  initrwnd?: number;
  quickack?: number;
  /** RTAX_CC_ALGO: a congestion control algorithm name ("cubic"). */
  ccAlgo?: string;
  fastopenNoCookie?: number;
  /** Metrics this library does not know, kept as they came. */
  other?: RawAttribute[];
}

/**
 * A Route is one decoded RTM_NEWROUTE / RTM_DELROUTE message.
 *
 * `destination` is always an "address/prefix-length" string, also for host routes
 * ("198.51.100.7/32") and default routes ("0.0.0.0/0", "::/0"), so it parses back with one rule;
 * `ip` prints those two as "198.51.100.7" and "default".
 *
 * The keys every route has are always present (`gateway`, `outputIndex` and `preferredSource`
 * may be `undefined`); the optional ones appear only when the kernel sent them. Fewer keys per
 * object keep a 100,000-route dump cheap.
 */
export interface Route {
  family: RouteFamily;
  /** RTA_DST with rtm_dst_len: "198.51.100.0/24". */
  destination: string;
  /** rtm_dst_len. */
  prefixLength: number;
  /** RTA_TABLE (the full 32-bit id), else rtm_table: 254 main, 255 local, 253 default. */
  table: number;
  /** rtm_protocol: who installed the route ("kernel", "boot", "static", or a number). */
  protocol: RouteProtocol | number;
  /** rtm_scope. */
  scope: RouteScope | number;
  /** rtm_type. */
  type: RouteType | number;
  /** rtm_flags: RTM_F_* and, in the low byte, the RTNH_F_* flags of a single-path route. */
  flags: number;
  /** rtm_tos: the IPv4 TOS the route matches (part of its key); 0 for any. */
  tos: number;
  /** RTA_GATEWAY, or RTA_VIA (an IPv6 next hop of an IPv4 route); undefined when none. */
  gateway: string | undefined;
  /** RTA_OIF: the output interface index; undefined when none (blackhole, multipath…). */
  outputIndex: number | undefined;
  /** RTA_PRIORITY, the metric `ip` prints; 0 when the kernel leaves it out (IPv4 metric 0). */
  priority: number;
  /** RTA_PREFSRC: the preferred source address ("src" in `ip route`); undefined when none. */
  preferredSource: string | undefined;
  /** RTA_MULTIPATH next hops; empty for a single-path route. */
  nextHops: readonly NextHop[];
  /** RTA_SRC with rtm_src_len (IPv6 source-specific routes): "2001:db8::/64". */
  sourcePrefix?: string;
  /** RTA_IIF: the input interface index (route lookups with an input link). */
  inputIndex?: number;
  /** RTA_METRICS. */
  metrics?: RouteMetrics;
  /** RTA_MARK (route lookups with a firewall mark). */
  mark?: number;
  /** RTA_PREF: IPv6 router preference. */
  preference?: RoutePreference | number;
  /** Attributes not decoded above (RTA_CACHEINFO, RTA_UID, RTA_ENCAP, RTA_NH_ID…), kept as they came. */
  other?: RawAttribute[];
}

const NONE_HOPS: readonly NextHop[] = Object.freeze([]);

/**
 * Decode a route message (RTM_NEWROUTE, RTM_DELROUTE, or a reply to RTM_GETROUTE), as a dump or
 * a route event delivers it. Throws DecodeError for other message types, families other than
 * IPv4 and IPv6, and malformed bytes (naming the attribute type and its length).
 *
 * @example
 * for await (const m of conn.subscribe([RTNLGRP_IPV4_ROUTE])) {
 *   if (m instanceof Overrun) continue;
 *   const route = parseRoute(m);
 * }
 */
export function parseRoute(message: Message): Route {
  return decodeRoute(message.type, message.data, 0, message.data.length);
}

/** parseRoute() of the payload d[s, end) of a message of the given type (Conn.collect's form). */
export function decodeRoute(t: number, d: Uint8Array, s: number, end: number): Route {
  if (t !== RTM_NEWROUTE && t !== RTM_DELROUTE && t !== RTM_GETROUTE) {
    throw new DecodeError(`message type ${t} is not a route message (RTM_NEWROUTE ${RTM_NEWROUTE}, RTM_DELROUTE ${RTM_DELROUTE})`);
  }
  if (end - s < RTMSG_SIZE) throw new DecodeError(`route message: ${end - s} bytes, struct rtmsg needs ${RTMSG_SIZE}`);
  const af = d[s]!;
  const v4 = af === AF_INET;
  if (!v4 && af !== AF_INET6) throw new DecodeError(`route message: family ${af} is not AF_INET (2) or AF_INET6 (10)`);
  const max = v4 ? 32 : 128;
  const dstLen = d[s + 1]!;
  const srcLen = d[s + 2]!;
  if (dstLen > max || srcLen > max) {
    throw new DecodeError(`route message: prefix length ${dstLen > max ? dstLen : srcLen} exceeds ${max} for family ${af}`);
  }
  let table = d[s + 4]!;
  let dst: string | undefined;
  let gateway: string | undefined;
  let oif: number | undefined;
  let priority = 0;
  let prefsrc: string | undefined;
  let nextHops = NONE_HOPS;
  let rare = false;

  let off = s + RTMSG_SIZE;
  while (end - off >= NLA_HDRLEN) {
    const len = d[off]! | (d[off + 1]! << 8);
    if (len < NLA_HDRLEN || len > end - off) throw badHeader(d, off, s + RTMSG_SIZE, end);
    const type = (d[off + 2]! | (d[off + 3]! << 8)) & NLA_TYPE_MASK;
    const p = off + NLA_HDRLEN;
    const n = len - NLA_HDRLEN;
    switch (type) {
      case RTA_TABLE:
        table = u32At(d, p, n, type);
        break;
      case RTA_DST:
        dst = addressAt(d, p, n, type, v4);
        break;
      case RTA_OIF:
        oif = u32At(d, p, n, type);
        break;
      case RTA_GATEWAY:
        gateway = addressAt(d, p, n, type, v4);
        break;
      case RTA_PRIORITY:
        priority = u32At(d, p, n, type);
        break;
      case RTA_PREFSRC:
        prefsrc = addressAt(d, p, n, type, v4);
        break;
      case RTA_VIA:
        gateway = viaAt(d, p, n, RTA_VIA, "RTA_VIA");
        break;
      case RTA_MULTIPATH:
        nextHops = parseNextHops(d.subarray(p, p + n), v4);
        break;
      default:
        rare = true;
    }
    off += (len + 3) & ~3;
  }
  const zero = v4 ? "0.0.0.0" : "::";
  const route: Route = {
    family: v4 ? 4 : 6,
    destination: (dst ?? zero) + SUFFIX[dstLen]!,
    prefixLength: dstLen,
    table,
    protocol: PROTOCOL_NAMES[d[s + 5]!]!,
    scope: SCOPE_NAMES[d[s + 6]!]!,
    type: TYPE_NAMES[d[s + 7]!]!,
    flags: (d[s + 8]! | (d[s + 9]! << 8) | (d[s + 10]! << 16) | (d[s + 11]! << 24)) >>> 0,
    tos: d[s + 3]!,
    gateway,
    outputIndex: oif,
    priority,
    preferredSource: prefsrc,
    nextHops,
  };
  if (srcLen !== 0) route.sourcePrefix = zero + SUFFIX[srcLen]!;
  if (rare) addRareAttributes(route, d.subarray(s + RTMSG_SIZE, end), v4, srcLen);
  return route;
}

/** The second, rarer pass: every attribute the hot loop of parseRoute() left alone. */
function addRareAttributes(route: Route, attrs: Uint8Array, v4: boolean, srcLen: number): void {
  const ad = new AttributeDecoder(attrs);
  while (ad.next()) {
    switch (ad.type) {
      case RTA_TABLE:
      case RTA_DST:
      case RTA_OIF:
      case RTA_GATEWAY:
      case RTA_PRIORITY:
      case RTA_PREFSRC:
      case RTA_VIA:
      case RTA_MULTIPATH:
        break;
      case RTA_SRC:
        route.sourcePrefix = addressAt(ad.bytes(), 0, ad.length, RTA_SRC, v4) + SUFFIX[srcLen]!;
        break;
      case RTA_IIF:
        route.inputIndex = ad.u32();
        break;
      case RTA_METRICS:
        route.metrics = parseMetrics(ad.nested());
        break;
      case RTA_MARK:
        route.mark = ad.u32();
        break;
      case RTA_PREF:
        route.preference = preferenceName(ad.u8());
        break;
      default:
        (route.other ??= []).push(ad.raw());
    }
  }
}

function preferenceName(v: number): RoutePreference | number {
  switch (v) {
    case ICMPV6_ROUTER_PREF_LOW:
      return "low";
    case ICMPV6_ROUTER_PREF_MEDIUM:
      return "medium";
    case ICMPV6_ROUTER_PREF_HIGH:
      return "high";
  }
  return v;
}

/**
 * Decode the payload of RTA_MULTIPATH: a sequence of struct rtnexthop, each followed by its own
 * attributes and padded to 4 bytes. `v4` says how to read RTA_GATEWAY. Throws DecodeError when a
 * next hop's length is below 8 or runs past the end.
 */
export function parseNextHops(data: Uint8Array, v4: boolean): NextHop[] {
  const out: NextHop[] = [];
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let off = 0;
  while (off < data.length) {
    const left = data.length - off;
    if (left < RTNEXTHOP_SIZE) throw new DecodeError(`RTA_MULTIPATH: ${left} bytes left at offset ${off}, struct rtnexthop needs ${RTNEXTHOP_SIZE}`);
    const len = view.getUint16(off, true);
    if (len < RTNEXTHOP_SIZE || len > left) {
      throw new DecodeError(`RTA_MULTIPATH: rtnh_len ${len} at offset ${off} is outside ${RTNEXTHOP_SIZE}..${left}`);
    }
    const ifindex = view.getInt32(off + 4, true);
    let gateway: string | undefined;
    let other: RawAttribute[] | undefined;
    const ad = new AttributeDecoder(data.subarray(off + RTNEXTHOP_SIZE, off + len));
    while (ad.next()) {
      if (ad.type === RTA_GATEWAY) gateway = addressAt(ad.bytes(), 0, ad.length, RTA_GATEWAY, v4);
      else if (ad.type === RTA_VIA) gateway = viaAt(ad.bytes(), 0, ad.length, RTA_VIA, "RTA_VIA");
      else (other ??= []).push(ad.raw());
    }
    const hop: NextHop = { gateway, outputIndex: ifindex === 0 ? undefined : ifindex, weight: data[off + 3]! + 1, flags: data[off + 2]! };
    if (other) hop.other = other;
    out.push(hop);
    off += (len + 3) & ~3;
  }
  return out;
}

type NumericMetric = Exclude<keyof RouteMetrics, "ccAlgo" | "other">;
const METRICS: readonly (readonly [NumericMetric, number])[] = [
  ["lock", RTAX_LOCK],
  ["mtu", RTAX_MTU],
  ["window", RTAX_WINDOW],
  ["rtt", RTAX_RTT],
  ["rttvar", RTAX_RTTVAR],
  ["ssthresh", RTAX_SSTHRESH],
  ["cwnd", RTAX_CWND],
  ["advmss", RTAX_ADVMSS],
  ["reordering", RTAX_REORDERING],
  ["hoplimit", RTAX_HOPLIMIT],
  ["initcwnd", RTAX_INITCWND],
  ["features", RTAX_FEATURES],
  ["rtoMin", RTAX_RTO_MIN],
  ["initrwnd", RTAX_INITRWND],
  ["quickack", RTAX_QUICKACK],
  ["fastopenNoCookie", RTAX_FASTOPEN_NO_COOKIE],
];
const METRIC_BY_TYPE = new Map<number, NumericMetric>(METRICS.map(([k, t]) => [t, k]));

function parseMetrics(ad: AttributeDecoder): RouteMetrics {
  const m: RouteMetrics = {};
  while (ad.next()) {
    if (ad.type === RTAX_CC_ALGO) {
      m.ccAlgo = ad.string();
      continue;
    }
    const key = METRIC_BY_TYPE.get(ad.type);
    if (key === undefined) (m.other ??= []).push(ad.raw());
    else m[key] = ad.u32();
  }
  return m;
}

// ---------------------------------------------------------------------------------------------
// Requests

/** Filters of listRoutes(); the kernel applies them where it can (strict checking). */
export interface ListRoutesOptions extends DumpOptions {
  /** 4, 6, or "all" (default): IPv4 and IPv6 routes. Multicast (ipmr) and MPLS routes are never listed. */
  family?: RouteFamily | "all";
  /** Only this table (full 32-bit id; 254 is main). Default: every table. A table that does not exist lists as empty. */
  table?: number;
  /** Only routes installed by this protocol. */
  protocol?: RouteProtocol | number;
  /** Only routes of this type. */
  type?: RouteType | number;
  /** Only routes through this link (name or index), also as one of their next hops. */
  link?: LinkRef;
}

function u8Problem(what: string, v: number, problems: string[]): void {
  if (!Number.isInteger(v) || v < 0 || v > 255) problems.push(`${what} ${v} is not an integer in 0..255`);
}

function u32Problem(what: string, v: number, problems: string[]): void {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) problems.push(`${what} ${v} is not an integer in 0..4294967295`);
}

/** Links in encoders must be indexes already; names are resolved by the async functions. */
function linkProblem(what: string, l: LinkRef | undefined, problems: string[]): void {
  if (l === undefined) return;
  if (typeof l === "string" && l !== "") {
    problems.push(`${what}: link name ${JSON.stringify(l)} must be resolved to an index first (the async functions do that)`);
    return;
  }
  const p = linkRefProblem(what, l);
  if (p !== undefined) problems.push(p);
}

function defined<K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}

function named<N extends string>(what: string, numbers: Record<N, number>, v: N | number | undefined, problems: string[]): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "number") {
    u8Problem(what, v, problems);
    return v;
  }
  const n = Object.hasOwn(numbers, v) ? numbers[v] : undefined;
  if (n === undefined) problems.push(`${what} ${JSON.stringify(v)} is not one of ${Object.keys(numbers).join(", ")}`);
  return n;
}

function rtmsg(family: number, dstLen: number, srcLen: number, tos: number, table: number, protocol: number, scope: number, type: number, flags: number): Uint8Array {
  const h = new Uint8Array(RTMSG_SIZE);
  h[0] = family;
  h[1] = dstLen;
  h[2] = srcLen;
  h[3] = tos;
  h[4] = table;
  h[5] = protocol;
  h[6] = scope;
  h[7] = type;
  new DataView(h.buffer).setUint32(8, flags >>> 0, true);
  return h;
}

function familyNumber(f: RouteFamily): number {
  return f === 4 ? AF_INET : AF_INET6;
}

/**
 * Build the RTM_GETROUTE dump request listRoutes() sends (a family header and filter attributes),
 * with the link already resolved to an index. Exported for golden tests and custom transports.
 */
export function encodeRouteDump(options: ListRoutesOptions = {}): Uint8Array {
  const problems: string[] = [];
  const family = options.family ?? "all";
  if (family !== 4 && family !== 6 && family !== "all") problems.push(`family ${String(family)} is not 4, 6 or "all"`);
  const protocol = named("protocol", PROTOCOL_NUMBERS, options.protocol, problems) ?? 0;
  const type = named("type", TYPE_NUMBERS, options.type, problems) ?? 0;
  if (options.table !== undefined) u32Problem("table", options.table, problems);
  linkProblem("link", options.link, problems);
  if (problems.length > 0) throw new EncodeError(problems);
  const af = family === "all" ? AF_UNSPEC : familyNumber(family);
  const table = options.table ?? 0;
  const e = new AttributeEncoder(32).struct(rtmsg(af, 0, 0, 0, table < 256 ? table : RT_TABLE_UNSPEC, protocol, 0, type, 0));
  if (options.table !== undefined) e.u32(RTA_TABLE, table);
  if (options.link !== undefined) e.u32(RTA_OIF, options.link as number);
  return e.encode();
}

/**
 * List routes: one RTM_GETROUTE dump of every table (or the one asked for), IPv4 and IPv6 unless
 * `family` narrows it. Table, protocol, type and link filters go to the kernel with the request
 * (it then skips what does not match) and are checked again here, so a Conn without strict
 * checking gets the same answer.
 *
 * @example
 * await using conn = dial(NETLINK_ROUTE, { netns: "blue" });
 * const main4 = await listRoutes(conn, { family: 4, table: 254 });
 */
export async function listRoutes(conn: Conn, options: ListRoutesOptions = {}): Promise<Route[]> {
  encodeRouteDump({ ...options, ...defined("link", placeholderLink(options.link)) }); // fail on bad input before any round trip
  const link = options.link === undefined ? undefined : await linkIndex(conn, options.link, options);
  const data = encodeRouteDump({ ...options, ...defined("link", link) });
  const family = options.family ?? "all";
  const wantAf = family === "all" ? -1 : familyNumber(family);
  const protocol = typeof options.protocol === "string" ? PROTOCOL_NUMBERS[options.protocol] : options.protocol;
  const type = typeof options.type === "string" ? TYPE_NUMBERS[options.type] : options.type;
  const table = options.table;
  const filtered = table !== undefined || protocol !== undefined || type !== undefined || link !== undefined;
  const decode = (t: number, _flags: number, d: Uint8Array, s: number, end: number): Route | undefined => {
    if (t !== RTM_NEWROUTE || end - s < RTMSG_SIZE) return undefined;
    const af = d[s]!;
    if (af !== AF_INET && af !== AF_INET6) return undefined; // ipmr, ip6mr and MPLS answer an AF_UNSPEC dump too
    if (wantAf !== -1 && af !== wantAf) return undefined;
    if (!filtered) return decodeRoute(t, d, s, end);
    if (protocol !== undefined && d[s + 5] !== protocol) return undefined;
    if (type !== undefined && d[s + 7] !== type) return undefined;
    const r = decodeRoute(t, d, s, end);
    if (table !== undefined && r.table !== table) return undefined;
    if (link !== undefined && r.outputIndex !== link && !r.nextHops.some((h) => h.outputIndex === link)) return undefined;
    return r;
  };
  try {
    return await conn.collect({ type: RTM_GETROUTE, flags: NLM_F_DUMP, data }, decode, executeOptions("RTM_GETROUTE", options, DEFAULT_DUMP_RETRIES));
  } catch (err) {
    // A single-family dump of a table that does not exist fails with ENOENT; ip lists it as empty.
    if (err instanceof NetlinkError && err.errno === 2 && table !== undefined) return [];
    throw err;
  }
}

/** Options of getRoute(). */
export interface GetRouteOptions extends RequestOptions {
  /** RTA_SRC: the flow's source address. */
  source?: string;
  /** RTA_OIF: the output link the flow must use (name or index). */
  link?: LinkRef;
  /** RTA_IIF: the link the flow arrives on (name or index), for a forwarding lookup. */
  inputLink?: LinkRef;
  /** RTA_MARK: the flow's firewall mark, for policy routing rules. */
  mark?: number;
  /**
   * RTM_F_FIB_MATCH: return the routing-table entry that matched (its real prefix, next hops)
   * instead of the resolved /32 or /128 route the kernel would cache.
   */
  fibMatch?: boolean;
  /**
   * Look the destination up in this one table instead of asking the kernel's policy routing:
   * the kernel has no per-table lookup, so this lists the table (filtered in the kernel) and
   * picks the longest matching prefix, then the lowest priority, as the FIB does. Cannot be
   * combined with source, link, inputLink, mark or fibMatch. No match rejects with ENETUNREACH.
   */
  table?: number;
}

/**
 * Build the RTM_GETROUTE request getRoute() sends, with links already resolved to indexes.
 * Exported for golden tests.
 */
export function encodeRouteGet(
  destination: string,
  options: Omit<GetRouteOptions, "table"> = {},
): Uint8Array {
  const problems: string[] = [];
  let dst: Uint8Array | undefined;
  let src: Uint8Array | undefined;
  try {
    dst = parseIP(destination);
  } catch (err) {
    problems.push(...(err as EncodeError).problems);
  }
  if (options.source !== undefined) {
    try {
      src = parseIP(options.source);
    } catch (err) {
      problems.push(...(err as EncodeError).problems);
    }
    if (dst && src && src.length !== dst.length) problems.push(`source ${options.source} and destination ${destination} are of different families`);
  }
  linkProblem("link", options.link, problems);
  linkProblem("inputLink", options.inputLink, problems);
  if (options.mark !== undefined) u32Problem("mark", options.mark, problems);
  if (problems.length > 0 || dst === undefined) throw new EncodeError(problems);
  const v4 = dst.length === 4;
  const bits = dst.length * 8;
  // RTM_F_LOOKUP_TABLE makes an IPv4 reply name the table the lookup used; IPv6 rejects the flag.
  const flags = (options.fibMatch ? RTM_F_FIB_MATCH : 0) | (v4 ? RTM_F_LOOKUP_TABLE : 0);
  const e = new AttributeEncoder(64).struct(rtmsg(v4 ? AF_INET : AF_INET6, bits, src ? bits : 0, 0, 0, 0, 0, 0, flags));
  e.bytes(RTA_DST, dst);
  if (src) e.bytes(RTA_SRC, src);
  if (options.inputLink !== undefined) e.u32(RTA_IIF, options.inputLink as number);
  if (options.link !== undefined) e.u32(RTA_OIF, options.link as number);
  if (options.mark !== undefined) e.u32(RTA_MARK, options.mark);
  return e.encode();
}

/**
 * Ask the kernel which route it would use to reach `destination` (RTM_GETROUTE with RTA_DST),
 * as `ip route get` does. Unreachable destinations reject with the kernel's NetlinkError
 * (ENETUNREACH, EHOSTUNREACH…).
 *
 * @example
 * const r = await getRoute(conn, "192.0.2.1");
 * console.log(r.gateway, r.outputIndex, r.preferredSource);
 */
export async function getRoute(conn: Conn, destination: string, options: GetRouteOptions = {}): Promise<Route> {
  if (options.table !== undefined) return lookupInTable(conn, destination, options);
  const { link: _l, inputLink: _i, table: _t, ...rest } = options;
  encodeRouteGet(destination, { ...rest, ...defined("link", placeholderLink(options.link)), ...defined("inputLink", placeholderLink(options.inputLink)) });
  const link = options.link === undefined ? undefined : await linkIndex(conn, options.link, options);
  const inputLink = options.inputLink === undefined ? undefined : await linkIndex(conn, options.inputLink, options);
  const data = encodeRouteGet(destination, { ...rest, ...defined("link", link), ...defined("inputLink", inputLink) });
  const replies = await conn.execute({ type: RTM_GETROUTE, flags: 0, data }, executeOptions("RTM_GETROUTE", options));
  const reply = replies.find((m) => m.type === RTM_NEWROUTE);
  if (reply === undefined) throw new DecodeError("RTM_GETROUTE: the kernel answered without a route message");
  return parseRoute(reply);
}

async function lookupInTable(conn: Conn, destination: string, options: GetRouteOptions): Promise<Route> {
  const problems: string[] = [];
  for (const k of ["source", "link", "inputLink", "mark", "fibMatch"] as const) {
    if (options[k] !== undefined) problems.push(`getRoute: table cannot be combined with ${k} (the kernel has no per-table lookup)`);
  }
  let dst: Uint8Array | undefined;
  try {
    dst = parseIP(destination);
  } catch (err) {
    problems.push(...(err as EncodeError).problems);
  }
  if (problems.length > 0 || dst === undefined) throw new EncodeError(problems);
  const routes = await listRoutes(conn, { ...options, family: dst.length === 4 ? 4 : 6, table: options.table! });
  let best: Route | undefined;
  for (const r of routes) {
    if (r.sourcePrefix !== undefined || !prefixContains(r.destination, dst)) continue;
    if (best === undefined || r.prefixLength > best.prefixLength || (r.prefixLength === best.prefixLength && r.priority < best.priority)) best = r;
  }
  if (best === undefined) throw new NetlinkError(101, `RTM_GETROUTE (table ${options.table})`, { message: `no route to ${destination} in table ${options.table}` });
  return best;
}

function prefixContains(prefix: string, addr: Uint8Array): boolean {
  const p = parsePrefix(prefix);
  if (p.address.length !== addr.length) return false;
  let bits = p.prefixLength;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((p.address[i]! & mask) !== (addr[i]! & mask)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Changes

/** One path of a multipath route to add. */
export interface NextHopSpec {
  /** The next router; may be IPv6 for an IPv4 route (sent as RTA_VIA). */
  gateway?: string;
  /** The output link, by name or index. */
  link?: LinkRef;
  /** Relative weight, 1..256 (default 1). */
  weight?: number;
  /** RTNH_F_ONLINK: use the gateway even if no route says it is on the link. */
  onlink?: boolean;
}

/**
 * A RouteSpec describes a route to add, replace or delete. Left-out fields take `ip route`'s
 * defaults: table main (254), protocol "boot" (for add and replace; any for delete), type
 * "unicast" (any for delete), scope "link" for an IPv4 unicast route without gateway or next
 * hops, "host" for local and nat, "link" for broadcast, multicast and anycast, "global"
 * otherwise (any for an IPv4 unicast delete), priority 0 (the kernel's default: 0 for IPv4,
 * 1024 for IPv6; any for delete).
 */
export interface RouteSpec {
  /** "198.51.100.0/24", "198.51.100.7" (a host route), "2001:db8::/32", or "default". */
  destination: string;
  /** The family when `destination` is "default" and no gateway or source tells it. */
  family?: RouteFamily;
  /** The next router (RTA_GATEWAY; RTA_VIA when it is IPv6 for an IPv4 route). */
  gateway?: string;
  /** The output link (RTA_OIF), by name or index. */
  link?: LinkRef;
  /** Routing table id (full 32-bit; RTA_TABLE is added above 255). Default 254 (main). */
  table?: number;
  protocol?: RouteProtocol | number;
  scope?: RouteScope | number;
  type?: RouteType | number;
  /** RTA_PRIORITY: the route's metric; lower wins. */
  priority?: number;
  /** RTA_PREFSRC: the preferred source address for traffic using the route. */
  source?: string;
  /** rtm_tos: match only this TOS (IPv4). */
  tos?: number;
  /** RTNH_F_ONLINK for the single next hop. */
  onlink?: boolean;
  /** RTA_METRICS to set (mtu, advmss, hoplimit…), in the kernel's units. */
  metrics?: RouteMetrics;
  /** Several next hops (RTA_MULTIPATH) instead of gateway/link. */
  nextHops?: readonly NextHopSpec[];
}

/** What a route change does: its message type and NLM_F_* flags, as `ip route add/replace/append/del`. */
export type RouteCommand = "add" | "replace" | "append" | "delete";

const COMMANDS: Record<RouteCommand, { type: number; flags: number; operation: string }> = {
  add: { type: RTM_NEWROUTE, flags: NLM_F_CREATE | NLM_F_EXCL, operation: "RTM_NEWROUTE" },
  replace: { type: RTM_NEWROUTE, flags: NLM_F_CREATE | NLM_F_REPLACE, operation: "RTM_NEWROUTE" },
  append: { type: RTM_NEWROUTE, flags: NLM_F_CREATE | NLM_F_APPEND, operation: "RTM_NEWROUTE" },
  delete: { type: RTM_DELROUTE, flags: 0, operation: "RTM_DELROUTE" },
};

function addressProblem(what: string, s: string | undefined, problems: string[]): Uint8Array | undefined {
  if (s === undefined) return undefined;
  try {
    return parseIP(s);
  } catch {
    problems.push(`${what} ${JSON.stringify(s)} is not an IPv4 or IPv6 address`);
    return undefined;
  }
}

function gatewayAttribute(e: AttributeEncoder, gw: Uint8Array, routeBytes: number): void {
  if (gw.length === routeBytes) {
    e.bytes(RTA_GATEWAY, gw);
    return;
  }
  const via = new Uint8Array(2 + gw.length);
  const af = gw.length === 4 ? AF_INET : AF_INET6;
  via[0] = af & 0xff;
  via[1] = af >> 8;
  via.set(gw, 2);
  e.bytes(RTA_VIA, via);
}

/**
 * Build the payload (struct rtmsg and attributes) of a route change, with every link given as an
 * index. Throws one EncodeError listing every problem in the spec. Exported for golden tests.
 */
export function encodeRoute(spec: RouteSpec, command: RouteCommand): Uint8Array {
  const problems: string[] = [];
  const del = command === "delete";
  if (!Object.hasOwn(COMMANDS, command)) problems.push(`command ${JSON.stringify(command)} is not add, replace, append or delete`);

  // The family: from the destination, else from what the spec says about addresses.
  let dst: Uint8Array | undefined;
  let dstLen = 0;
  if (typeof spec.destination !== "string") problems.push("destination must be a string");
  else if (spec.destination !== "default") {
    try {
      const p = parsePrefix(spec.destination);
      dst = p.address;
      dstLen = p.prefixLength;
    } catch (err) {
      problems.push(...(err as EncodeError).problems);
    }
  }
  const gateway = addressProblem("gateway", spec.gateway, problems);
  const source = addressProblem("source", spec.source, problems);
  const hops = spec.nextHops ?? [];
  const hopGateways = hops.map((h, i) => addressProblem(`nextHops[${i}].gateway`, h.gateway, problems));
  if (spec.family !== undefined && spec.family !== 4 && spec.family !== 6) problems.push(`family ${String(spec.family)} is not 4 or 6`);
  let bytes = dst?.length ?? source?.length ?? (spec.family === undefined ? undefined : spec.family === 4 ? 4 : 16);
  bytes ??= gateway?.length ?? hopGateways.find((g) => g !== undefined)?.length;
  if (bytes === undefined && problems.length === 0) problems.push(`destination "default" needs family (4 or 6), a gateway or a source to tell IPv4 from IPv6`);
  if (spec.family !== undefined && bytes !== undefined && (spec.family === 4 ? 4 : 16) !== bytes) {
    problems.push(`family ${spec.family} does not match destination ${spec.destination}`);
  }
  if (source && bytes !== undefined && source.length !== bytes) problems.push(`source ${spec.source} is not of the destination's family`);

  const type = named("type", TYPE_NUMBERS, spec.type, problems) ?? (del ? RTN_UNSPEC : RTN_UNICAST);
  const protocol = named("protocol", PROTOCOL_NUMBERS, spec.protocol, problems) ?? (del ? 0 : RTPROT_BOOT);
  let scope = named("scope", SCOPE_NUMBERS, spec.scope, problems);
  const table = spec.table ?? RT_TABLE_MAIN;
  u32Problem("table", table, problems);
  if (spec.priority !== undefined) u32Problem("priority", spec.priority, problems);
  if (spec.tos !== undefined) u8Problem("tos", spec.tos, problems);
  linkProblem("link", spec.link, problems);
  hops.forEach((h, i) => linkProblem(`nextHops[${i}].link`, h.link, problems));
  hops.forEach((h, i) => {
    if (h.weight !== undefined && (!Number.isInteger(h.weight) || h.weight < 1 || h.weight > 256)) {
      problems.push(`nextHops[${i}].weight ${h.weight} is not an integer in 1..256`);
    }
    if (h.gateway === undefined && h.link === undefined) problems.push(`nextHops[${i}] needs a gateway or a link`);
  });
  if (hops.length > 0 && (spec.gateway !== undefined || spec.onlink)) problems.push("gateway and onlink go into each next hop when nextHops is given");
  if (problems.length > 0 || bytes === undefined) throw new EncodeError(problems);

  const v4 = bytes === 4;
  if (scope === undefined) {
    // iproute2's defaults, so that a spec means what the same `ip route` line means.
    if (!v4) scope = RT_SCOPE_UNIVERSE;
    else if (type === RTN_LOCAL || type === RTN_NAT) scope = RT_SCOPE_HOST;
    else if (type === RTN_BROADCAST || type === RTN_MULTICAST || type === RTN_ANYCAST) scope = RT_SCOPE_LINK;
    else if (type === RTN_UNICAST || type === RTN_UNSPEC) {
      if (del) scope = RT_SCOPE_NOWHERE;
      else scope = gateway === undefined && hops.length === 0 ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
    } else scope = del ? RT_SCOPE_NOWHERE : RT_SCOPE_UNIVERSE;
  }

  const flags = spec.onlink ? RTNH_F_ONLINK : 0;
  const e = new AttributeEncoder(128).struct(
    rtmsg(v4 ? AF_INET : AF_INET6, dstLen, 0, spec.tos ?? 0, table < 256 ? table : RT_TABLE_UNSPEC, protocol, scope, type, flags),
  );
  if (table >= 256) e.u32(RTA_TABLE, table);
  if (dst) e.bytes(RTA_DST, dst);
  if (gateway) gatewayAttribute(e, gateway, bytes);
  if (spec.link !== undefined) e.u32(RTA_OIF, spec.link as number);
  if (spec.priority !== undefined) e.u32(RTA_PRIORITY, spec.priority);
  if (source) e.bytes(RTA_PREFSRC, source);
  if (spec.metrics !== undefined) e.nested(RTA_METRICS, (m) => encodeMetrics(m, spec.metrics!), false);
  if (hops.length > 0) e.bytes(RTA_MULTIPATH, encodeNextHops(hops, hopGateways, bytes));
  return e.encode();
}

function encodeMetrics(e: AttributeEncoder, m: RouteMetrics): void {
  for (const [key, type] of METRICS) {
    const v = m[key];
    if (v !== undefined) e.u32(type, v);
  }
  if (m.ccAlgo !== undefined) e.string(RTAX_CC_ALGO, m.ccAlgo);
  for (const a of m.other ?? []) e.raw(a);
}

/**
 * Encode next hops as the payload of RTA_MULTIPATH: each a struct rtnexthop (length, flags,
 * weight − 1, ifindex) followed by its gateway attribute. Links must be indexes.
 */
export function encodeNextHops(hops: readonly NextHopSpec[], gateways: readonly (Uint8Array | undefined)[], routeBytes: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  hops.forEach((h, i) => {
    const attrs = new AttributeEncoder(32);
    const gw = gateways[i];
    if (gw) gatewayAttribute(attrs, gw, routeBytes);
    const body = attrs.encode();
    const part = new Uint8Array(RTNEXTHOP_SIZE + body.length);
    const view = new DataView(part.buffer);
    view.setUint16(0, part.length, true);
    part[2] = h.onlink ? RTNH_F_ONLINK : 0;
    part[3] = (h.weight ?? 1) - 1;
    view.setInt32(4, typeof h.link === "number" ? h.link : 0, true);
    part.set(body, RTNEXTHOP_SIZE);
    parts.push(part);
    total += part.length; // body is whole attributes, so each part is already 4-aligned
  });
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

async function resolveSpec(conn: Conn, spec: RouteSpec, options: RequestOptions): Promise<RouteSpec> {
  const resolved: RouteSpec = { ...spec };
  if (spec.link !== undefined) resolved.link = await linkIndex(conn, spec.link, options);
  if (spec.nextHops !== undefined) {
    const hops: NextHopSpec[] = [];
    for (const h of spec.nextHops) hops.push(h.link === undefined ? h : { ...h, link: await linkIndex(conn, h.link, options) });
    resolved.nextHops = hops;
  }
  return resolved;
}

/** The spec with every link name replaced by a stand-in index, to validate before any round trip. */
function withPlaceholderLinks(spec: RouteSpec): RouteSpec {
  const s: RouteSpec = { ...spec, ...defined("link", placeholderLink(spec.link)) };
  if (spec.nextHops) s.nextHops = spec.nextHops.map((h) => ({ ...h, ...defined("link", placeholderLink(h.link)) }));
  return s;
}

/**
 * Send a route change: `add` (fails with EEXIST if the route exists), `replace` (adds or
 * overwrites), `append` (adds another route with the same key, IPv6 multipath style) or
 * `delete`. Link names are resolved first. Kernel refusals reject with NetlinkError carrying the
 * errno and the extended-ACK message.
 */
export async function changeRoute(conn: Conn, command: RouteCommand, spec: RouteSpec, options: RequestOptions = {}): Promise<void> {
  encodeRoute(withPlaceholderLinks(spec), command);
  const data = encodeRoute(await resolveSpec(conn, spec, options), command);
  const c = COMMANDS[command];
  await conn.execute({ type: c.type, flags: NLM_F_ACK | c.flags, data }, executeOptions(c.operation, options));
}

/**
 * Add a route, as `ip route add`; rejects with NetlinkError EEXIST if it exists.
 *
 * @example
 * await addRoute(conn, { destination: "198.51.100.0/24", gateway: "192.0.2.1", link: "veth0", table: 100 });
 * await addRoute(conn, { destination: "default", nextHops: [{ gateway: "192.0.2.1", weight: 2 }, { gateway: "192.0.2.3" }] });
 */
export function addRoute(conn: Conn, spec: RouteSpec, options: RequestOptions = {}): Promise<void> {
  return changeRoute(conn, "add", spec, options);
}

/** Add a route or overwrite the one with the same key, as `ip route replace`. */
export function replaceRoute(conn: Conn, spec: RouteSpec, options: RequestOptions = {}): Promise<void> {
  return changeRoute(conn, "replace", spec, options);
}

/**
 * Delete a route, as `ip route del`: fields left out match anything (type, protocol, scope,
 * priority), so `{ destination }` deletes the first route to that prefix in the main table.
 * Rejects with NetlinkError ESRCH when nothing matches.
 */
export function deleteRoute(conn: Conn, spec: RouteSpec, options: RequestOptions = {}): Promise<void> {
  return changeRoute(conn, "delete", spec, options);
}
