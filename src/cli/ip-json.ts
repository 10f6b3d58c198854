/**
 * The JSON shapes of `bun-netlink link|addr|route|neigh --json`: the objects `ip -j` prints, with
 * the same keys and values where the two overlap, plus what `ip` leaves out by default (a route's
 * table, protocol, scope and type are always present here; `ip` omits main, boot, global and
 * unicast). Keys whose value is unknown are left out, as `ip` does.
 */
import {
  ARPHRD_NAMES,
  IFF_RUNNING,
  IFF_UP,
  LINK_FLAG_ORDER,
  NTF_EXT_LEARNED,
  NTF_OFFLOADED,
  NTF_PROXY,
  NTF_ROUTER,
  NUD_ORDER,
  ROUTE_FLAG_ORDER,
  RTM_F_CLONED,
  TABLE_NAMES,
} from "./constants.ts";
import type { Address } from "../rtnetlink/address.ts";
import type { Link, LinkStats } from "../rtnetlink/link.ts";
import type { Neighbour } from "../rtnetlink/neighbour.ts";
import type { Route } from "../rtnetlink/route.ts";

/** Links by index, to print names where the kernel sends indexes. */
export type LinkNames = ReadonlyMap<number, Link>;

/** Index the links by interface index. */
export function linkNames(links: readonly Link[]): Map<number, Link> {
  return new Map(links.map((l) => [l.index, l]));
}

/** A link's name by index, or "if<N>" when it is not known (as `ip` prints it). */
export function nameOf(names: LinkNames, index: number | undefined): string | undefined {
  if (index === undefined) return undefined;
  return names.get(index)?.name ?? `if${index}`;
}

/**
 * The flags array of `ip -j link`: "NO-CARRIER" first when up without carrier, the IFF_* names in
 * iproute2's order, the unknown bits in hex, and "M-DOWN" when the lower device is down.
 */
export function ipLinkFlags(flags: number, lowerDown = false): string[] {
  const out: string[] = [];
  if (flags & IFF_UP && !(flags & IFF_RUNNING)) out.push("NO-CARRIER");
  let rest = flags & ~IFF_RUNNING;
  for (const [bit, name] of LINK_FLAG_ORDER) {
    if (rest & bit) {
      out.push(name);
      rest &= ~bit;
    }
  }
  if (rest !== 0) out.push((rest >>> 0).toString(16));
  if (lowerDown) out.push("M-DOWN");
  return out;
}

/** The `link_type` of `ip -j link` for an ARPHRD_* number. */
export function linkTypeName(type: number): string {
  return ARPHRD_NAMES.get(type) ?? `[${type}]`;
}

/** A JSON object with string keys. */
export type JsonObject = Record<string, unknown>;

/**
 * A link as `ip -j link` prints it (`stats` adds `stats64` as `ip -j -s -s link`), plus `kind`
 * (IFLA_INFO_KIND) when the link has one.
 */
export function linkJson(link: Link, names: LinkNames, options: { stats?: boolean } = {}): JsonObject {
  const o: JsonObject = { ifindex: link.index };
  let lowerDown = false;
  if (link.linkIndex !== undefined) {
    if (link.linkIndex === 0) o.link = null;
    else if (link.linkNetnsId !== undefined) o.link_index = link.linkIndex;
    else {
      o.link = nameOf(names, link.linkIndex);
      const lower = names.get(link.linkIndex);
      lowerDown = lower !== undefined && (lower.flags & IFF_UP) === 0;
    }
  }
  o.ifname = link.name;
  o.flags = ipLinkFlags(link.flags, lowerDown);
  o.mtu = link.mtu;
  if (link.qdisc !== undefined) o.qdisc = link.qdisc;
  if (link.master !== undefined) o.master = nameOf(names, link.master);
  o.operstate = link.operState.toUpperCase();
  o.linkmode = link.linkMode.toUpperCase();
  o.group = link.group === 0 ? "default" : String(link.group);
  o.txqlen = link.txQueueLength;
  o.link_type = linkTypeName(link.type);
  if (link.address !== undefined) o.address = link.address;
  if (link.broadcast !== undefined) o.broadcast = link.broadcast;
  if (link.permAddress !== undefined) o.permaddr = link.permAddress;
  if (link.linkNetnsId !== undefined) o.link_netnsid = link.linkNetnsId;
  if (link.protoDown) o.proto_down = true;
  if (link.alias !== undefined) o.ifalias = link.alias;
  if (link.altNames !== undefined && link.altNames.length > 0) o.altnames = link.altNames;
  if (link.parentBus !== undefined) o.parentbus = link.parentBus;
  if (link.parentDev !== undefined) o.parentdev = link.parentDev;
  if (link.kind !== undefined) o.kind = link.kind;
  if (options.stats && link.stats !== undefined) o.stats64 = statsJson(link.stats, link.carrierChanges);
  return o;
}

/** `stats64` as `ip -j -s -s link` prints it. */
function statsJson(s: LinkStats, carrierChanges: number | undefined): JsonObject {
  return {
    rx: {
      bytes: s.rxBytes,
      packets: s.rxPackets,
      errors: s.rxErrors,
      dropped: s.rxDropped,
      over_errors: s.rxOverErrors,
      multicast: s.multicast,
      length_errors: s.rxLengthErrors,
      crc_errors: s.rxCrcErrors,
      frame_errors: s.rxFrameErrors,
      fifo_errors: s.rxFifoErrors,
      missed_errors: s.rxMissedErrors,
    },
    tx: {
      bytes: s.txBytes,
      packets: s.txPackets,
      errors: s.txErrors,
      dropped: s.txDropped,
      carrier_errors: s.txCarrierErrors,
      collisions: s.collisions,
      aborted_errors: s.txAbortedErrors,
      fifo_errors: s.txFifoErrors,
      window_errors: s.txWindowErrors,
      heartbeat_errors: s.txHeartbeatErrors,
      ...(carrierChanges !== undefined ? { carrier_changes: carrierChanges } : {}),
    },
  };
}

/** IFA_F_* bits by the names `ip -j addr` uses, in its order (iproute2 ifa_flag_names). */
const ADDRESS_FLAGS: readonly (readonly [number, string])[] = [
  [0x01, "secondary"],
  [0x02, "nodad"],
  [0x04, "optimistic"],
  [0x08, "dadfailed"],
  [0x10, "home"],
  [0x20, "deprecated"],
  [0x40, "tentative"],
  [0x80, "permanent"],
  [0x100, "mngtmpaddr"],
  [0x200, "noprefixroute"],
  [0x400, "autojoin"],
  [0x800, "stable-privacy"],
];

const FOREVER = 0xffffffff;

/** An entry of `addr_info` in `ip -j addr`, plus `ifindex` (which `ip` has on the enclosing link). */
export function addressJson(a: Address): JsonObject {
  const o: JsonObject = { family: a.family === 4 ? "inet" : "inet6", local: a.address };
  if (a.peer !== undefined) o.address = a.peer;
  o.prefixlen = a.prefixLength;
  if (a.broadcast !== undefined) o.broadcast = a.broadcast;
  o.scope = typeof a.scope === "number" ? String(a.scope) : a.scope;
  for (const [bit, name] of ADDRESS_FLAGS) {
    if (bit === 0x80) {
      if (!(a.flags & bit)) o.dynamic = true;
    } else if (a.flags & bit) o[bit === 0x01 && a.family === 6 ? "temporary" : name] = true;
  }
  if (a.label !== undefined && a.family === 4) o.label = a.label;
  o.valid_life_time = a.validLifetime === Infinity ? FOREVER : a.validLifetime;
  o.preferred_life_time = a.preferredLifetime === Infinity ? FOREVER : a.preferredLifetime;
  if (a.metric !== undefined) o.metric = a.metric;
  if (a.protocol !== undefined) o.protocol = a.protocol;
  return o;
}

/**
 * `ip -j addr`: every link (as linkJson) with its addresses in `addr_info`. With `family` set,
 * links without an address of that family are left out, as `ip -4 addr` does.
 */
export function addressesJson(links: readonly Link[], addresses: readonly Address[], family?: 4 | 6): JsonObject[] {
  const names = linkNames(links);
  const byLink = new Map<number, JsonObject[]>();
  for (const a of addresses) {
    let list = byLink.get(a.index);
    if (list === undefined) byLink.set(a.index, (list = []));
    list.push(addressJson(a));
  }
  const out: JsonObject[] = [];
  for (const l of links) {
    const info = byLink.get(l.index) ?? [];
    if (family !== undefined && info.length === 0) continue;
    out.push({ ...linkJson(l, names), addr_info: info });
  }
  return out;
}

/** A table id by the name `ip` prints ("main", "local", "default", else the number). */
export function tableName(table: number): string {
  return TABLE_NAMES.get(table) ?? String(table);
}

/** An IPv4 /32 or IPv6 /128 prints without its length, 0.0.0.0/0 and ::/0 as "default". */
export function routeDestination(r: Route): string {
  if (r.prefixLength === 0) return "default";
  const host = r.family === 4 ? 32 : 128;
  return r.prefixLength === host ? r.destination.slice(0, r.destination.lastIndexOf("/")) : r.destination;
}

/** The flags array of `ip -j route`. */
export function routeFlags(flags: number): string[] {
  return ROUTE_FLAG_ORDER.filter(([bit]) => (flags & bit) !== 0).map(([, name]) => name);
}

/**
 * A route as `ip -j route` prints it, with `type`, `table`, `protocol`, `scope` and `metric`
 * always present, and `family` ("inet" / "inet6") added.
 */
export function routeJson(r: Route, names: LinkNames): JsonObject {
  const o: JsonObject = { type: typeof r.type === "number" ? String(r.type) : r.type, dst: routeDestination(r) };
  if (r.sourcePrefix !== undefined) {
    const host = r.family === 4 ? "/32" : "/128";
    o.from = r.sourcePrefix.endsWith(host) ? r.sourcePrefix.slice(0, -host.length) : r.sourcePrefix;
  }
  if (r.tos !== 0) o.tos = `0x${r.tos.toString(16).padStart(2, "0")}`;
  if (r.gateway !== undefined) o.gateway = r.gateway;
  if (r.outputIndex !== undefined) o.dev = nameOf(names, r.outputIndex);
  o.table = tableName(r.table);
  if (!(r.flags & RTM_F_CLONED)) o.protocol = typeof r.protocol === "number" ? String(r.protocol) : r.protocol;
  o.scope = typeof r.scope === "number" ? String(r.scope) : r.scope;
  if (r.preferredSource !== undefined) o.prefsrc = r.preferredSource;
  o.metric = r.priority;
  o.flags = routeFlags(r.flags);
  if (r.mark !== undefined) o.mark = r.mark;
  if (r.inputIndex !== undefined) o.iif = nameOf(names, r.inputIndex);
  if (r.metrics !== undefined) {
    const { other: _other, ...known } = r.metrics;
    if (Object.keys(known).length > 0) o.metrics = [known];
  }
  if (r.nextHops.length > 0) {
    o.nexthops = r.nextHops.map((h) => ({
      ...(h.gateway !== undefined ? { gateway: h.gateway } : {}),
      ...(h.outputIndex !== undefined ? { dev: nameOf(names, h.outputIndex) } : {}),
      weight: h.weight,
      flags: routeFlags(h.flags),
    }));
  }
  if (r.preference !== undefined) o.pref = typeof r.preference === "number" ? String(r.preference) : r.preference;
  const expires = routeExpires(r);
  if (expires !== undefined) o.expires = expires;
  o.family = r.family === 4 ? "inet" : "inet6";
  return o;
}

const RTA_CACHEINFO = 12;
/** USER_HZ: the kernel reports rta_expires in 1/100 s. */
const USER_HZ = 100;

/** Seconds until a route expires (struct rta_cacheinfo rta_expires), as `ip` prints it; undefined when it does not. */
export function routeExpires(r: Route): number | undefined {
  const ci = r.other?.find((a) => a.type === RTA_CACHEINFO);
  if (ci === undefined || ci.data.length < 12) return undefined;
  const expires = new DataView(ci.data.buffer, ci.data.byteOffset, ci.data.byteLength).getInt32(8, true);
  return expires === 0 ? undefined : Math.trunc(expires / USER_HZ);
}

/** The state array of `ip -j neigh` ("NONE" for 0). */
export function neighbourStates(state: Neighbour["state"]): string[] {
  const bits = typeof state === "number" ? state : stateBits(state);
  if (bits === 0) return ["NONE"];
  return NUD_ORDER.filter(([bit]) => (bits & bit) !== 0).map(([, name]) => name);
}

function stateBits(name: string): number {
  const found = NUD_ORDER.find(([, n]) => n === name.toUpperCase());
  return found === undefined ? 0 : found[0];
}

/**
 * A neighbour entry as `ip -j neigh` prints it. Like `ip`, the router and proxy flags are keys
 * with a null value.
 */
export function neighbourJson(n: Neighbour, names: LinkNames): JsonObject {
  const o: JsonObject = {};
  if (n.address !== undefined) o.dst = n.address;
  o.dev = nameOf(names, n.linkIndex);
  if (n.lladdr !== undefined) o.lladdr = n.lladdr;
  if (n.flags & NTF_ROUTER) o.router = null;
  if (n.flags & NTF_PROXY) o.proxy = null;
  if (n.flags & NTF_EXT_LEARNED) o.extern_learn = null;
  if (n.flags & NTF_OFFLOADED) o.offload = null;
  if (n.probes !== undefined && n.probes > 0) o.probes = n.probes;
  o.state = neighbourStates(n.state);
  o.family = n.family === 4 ? "inet" : n.family === 6 ? "inet6" : "bridge";
  return o;
}
