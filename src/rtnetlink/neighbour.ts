/**
 * Neighbours: list, add, replace and delete IPv4 ARP and IPv6 NDP entries over rtnetlink, and
 * decode neighbour messages (dumps and RTNLGRP_NEIGH events, bridge FDB entries included).
 *
 * Every function takes a Conn first; the Conn's namespace is where the entries live.
 */
import { AttributeDecoder, AttributeEncoder, type RawAttribute } from "../netlink/attribute.ts";
import type { Conn } from "../netlink/conn.ts";
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REPLACE } from "../netlink/constants.ts";
import { DecodeError, EncodeError } from "../netlink/errors.ts";
import type { Message } from "../netlink/message.ts";
import { AF_BRIDGE, AF_INET, AF_INET6, AF_UNSPEC, formatIP, formatMAC, parseIP, parseMAC } from "./ip.ts";
import { linkIndex, linkRefProblem, placeholderLink, type LinkRef } from "./link-index.ts";
import {
  NDA_CACHEINFO,
  NDA_CACHEINFO_SIZE,
  NDA_DST,
  NDA_IFINDEX,
  NDA_LLADDR,
  NDA_MASTER,
  NDA_PROBES,
  NDA_PROTOCOL,
  NDA_VLAN,
  NDMSG_SIZE,
  NTF_PROXY,
  NTF_ROUTER,
  NUD_PERMANENT,
  RTM_DELNEIGH,
  RTM_GETNEIGH,
  RTM_NEWNEIGH,
} from "./neighbour-constants.ts";
import { DEFAULT_DUMP_RETRIES, executeOptions, type DumpOptions, type RequestOptions } from "./request-options.ts";

/** A neighbour entry's family: IPv4 (ARP), IPv6 (NDP), or "bridge" (a bridge FDB entry, from events). */
export type NeighbourFamily = 4 | 6 | "bridge";

/** ndm_state by name (NUD_*); "none" is 0. */
export type NeighbourState = "none" | "incomplete" | "reachable" | "stale" | "delay" | "probe" | "failed" | "noarp" | "permanent";

const STATE_NUMBERS: Record<NeighbourState, number> = {
  none: 0x00,
  incomplete: 0x01,
  reachable: 0x02,
  stale: 0x04,
  delay: 0x08,
  probe: 0x10,
  failed: 0x20,
  noarp: 0x40,
  permanent: 0x80,
};
const STATE_NAMES = new Map<number, NeighbourState>(Object.entries(STATE_NUMBERS).map(([k, v]) => [v, k as NeighbourState]));

/** NDA_CACHEINFO: ages of the entry in milliseconds (the kernel counts in 1/100 s) and its refcount. */
export interface NeighbourCacheInfo {
  /** Since the neighbour last confirmed it is reachable. */
  confirmed: number;
  /** Since the entry was last used. */
  used: number;
  /** Since the entry was last updated. */
  updated: number;
  refcount: number;
}

/**
 * A Neighbour is one decoded RTM_NEWNEIGH / RTM_DELNEIGH message. Every key but `other` is
 * present (absent attributes are `undefined`).
 */
export interface Neighbour {
  family: NeighbourFamily;
  /** ndm_ifindex: the link the entry belongs to. */
  linkIndex: number;
  /** NDA_DST: the IP address ("192.0.2.1", "fe80::1"); undefined when none (most FDB entries). */
  address: string | undefined;
  /** NDA_LLADDR: the link-layer address ("02:00:00:00:00:01"); undefined while unresolved. */
  lladdr: string | undefined;
  /** ndm_state: a name when one NUD_* bit (or none) is set, else the bit mask as a number. */
  state: NeighbourState | number;
  /** ndm_flags: NTF_* (NTF_ROUTER, NTF_PROXY, NTF_EXT_LEARNED…). */
  flags: number;
  /** ndm_type: an RTN_* route type (1 unicast for ordinary entries). */
  type: number;
  /** NDA_PROBES: probes sent so far. */
  probes: number | undefined;
  /** NDA_CACHEINFO. */
  cacheInfo: NeighbourCacheInfo | undefined;
  /** NDA_VLAN (bridge FDB). */
  vlan: number | undefined;
  /** NDA_MASTER: the index of the master device (bridge FDB). */
  master: number | undefined;
  /** NDA_PROTOCOL: who installed the entry. */
  protocol: number | undefined;
  /** Attributes not decoded above (NDA_FLAGS_EXT, NDA_VNI, NDA_PORT…), when there are any. */
  other?: RawAttribute[];
}

/** USER_HZ: the kernel reports neighbour ages in 1/100 s. */
const TICK_MS = 10;

function stateOf(bits: number): NeighbourState | number {
  return STATE_NAMES.get(bits) ?? bits;
}

/**
 * Decode a neighbour message (RTM_NEWNEIGH, RTM_DELNEIGH), as a dump or an RTNLGRP_NEIGH event
 * delivers it. Throws DecodeError for other message types, families other than IPv4, IPv6 and
 * bridge, and malformed bytes.
 */
export function parseNeighbour(message: Message): Neighbour {
  const t = message.type;
  if (t !== RTM_NEWNEIGH && t !== RTM_DELNEIGH && t !== RTM_GETNEIGH) {
    throw new DecodeError(`message type ${t} is not a neighbour message (RTM_NEWNEIGH ${RTM_NEWNEIGH}, RTM_DELNEIGH ${RTM_DELNEIGH})`);
  }
  const d = message.data;
  if (d.length < NDMSG_SIZE) throw new DecodeError(`neighbour message: ${d.length} bytes, struct ndmsg needs ${NDMSG_SIZE}`);
  const af = d[0]!;
  const family: NeighbourFamily | undefined = af === AF_INET ? 4 : af === AF_INET6 ? 6 : af === AF_BRIDGE ? "bridge" : undefined;
  if (family === undefined) throw new DecodeError(`neighbour message: family ${af} is not AF_INET (2), AF_INET6 (10) or AF_BRIDGE (7)`);
  const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
  let address: string | undefined;
  let lladdr: string | undefined;
  let probes: number | undefined;
  let cacheInfo: NeighbourCacheInfo | undefined;
  let vlan: number | undefined;
  let master: number | undefined;
  let protocol: number | undefined;
  let other: RawAttribute[] | undefined;
  const ad = new AttributeDecoder(d.subarray(NDMSG_SIZE));
  while (ad.next()) {
    switch (ad.type) {
      case NDA_DST: {
        // By length, not family: a bridge (VXLAN) FDB entry's NDA_DST is the remote IP of either family.
        if (ad.length !== 4 && ad.length !== 16) throw new DecodeError(`attribute type ${NDA_DST} (NDA_DST): an IP address needs 4 or 16 bytes, has ${ad.length}`);
        address = formatIP(ad.bytes());
        break;
      }
      case NDA_LLADDR:
        lladdr = formatMAC(ad.bytes());
        break;
      case NDA_PROBES:
        probes = ad.u32();
        break;
      case NDA_CACHEINFO: {
        const b = ad.bytes();
        if (b.length < NDA_CACHEINFO_SIZE) throw new DecodeError(`attribute type ${NDA_CACHEINFO} (NDA_CACHEINFO): needs ${NDA_CACHEINFO_SIZE} bytes, has ${b.length}`);
        const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
        cacheInfo = {
          confirmed: v.getUint32(0, true) * TICK_MS,
          used: v.getUint32(4, true) * TICK_MS,
          updated: v.getUint32(8, true) * TICK_MS,
          refcount: v.getUint32(12, true),
        };
        break;
      }
      case NDA_VLAN:
        vlan = ad.u16();
        break;
      case NDA_MASTER:
        master = ad.u32();
        break;
      case NDA_PROTOCOL:
        protocol = ad.u8();
        break;
      default:
        (other ??= []).push(ad.raw());
    }
  }
  const n: Neighbour = {
    family,
    linkIndex: view.getInt32(4, true),
    address,
    lladdr,
    state: stateOf(view.getUint16(8, true)),
    flags: d[10]!,
    type: d[11]!,
    probes,
    cacheInfo,
    vlan,
    master,
    protocol,
  };
  if (other) n.other = other;
  return n;
}

function ndmsg(family: number, ifindex: number, state: number, flags: number): Uint8Array {
  const h = new Uint8Array(NDMSG_SIZE);
  const v = new DataView(h.buffer);
  h[0] = family;
  v.setInt32(4, ifindex, true);
  v.setUint16(8, state, true);
  h[10] = flags;
  return h;
}

function linkProblem(what: string, l: LinkRef | undefined, problems: string[]): void {
  if (l === undefined) return;
  if (typeof l === "string" && l !== "") {
    problems.push(`${what}: link name ${JSON.stringify(l)} must be resolved to an index first (the async functions do that)`);
    return;
  }
  const p = linkRefProblem(what, l);
  if (p !== undefined) problems.push(p);
}

/** Filters of listNeighbours(); link and master go to the kernel with the dump request. */
export interface ListNeighboursOptions extends DumpOptions {
  /** 4 (ARP), 6 (NDP) or "all" (default: both). */
  family?: 4 | 6 | "all";
  /** Only entries on this link (NDA_IFINDEX filter), by name or index. */
  link?: LinkRef;
  /** Only entries on links enslaved to this master (NDA_MASTER filter, applied by the kernel), by name or index. */
  master?: LinkRef;
  /** List proxy entries (`ip neigh show proxy`) instead of ordinary ones. */
  proxy?: boolean;
}

/**
 * Build the RTM_GETNEIGH dump request listNeighbours() sends, with links already resolved to
 * indexes. Exported for golden tests.
 */
export function encodeNeighbourDump(options: ListNeighboursOptions = {}): Uint8Array {
  const problems: string[] = [];
  const family = options.family ?? "all";
  if (family !== 4 && family !== 6 && family !== "all") problems.push(`family ${String(family)} is not 4, 6 or "all"`);
  linkProblem("link", options.link, problems);
  linkProblem("master", options.master, problems);
  if (problems.length > 0) throw new EncodeError(problems);
  const af = family === 4 ? AF_INET : family === 6 ? AF_INET6 : AF_UNSPEC;
  const e = new AttributeEncoder(32).struct(ndmsg(af, 0, 0, options.proxy ? NTF_PROXY : 0));
  if (options.link !== undefined) e.u32(NDA_IFINDEX, options.link as number);
  if (options.master !== undefined) e.u32(NDA_MASTER, options.master as number);
  return e.encode();
}

/**
 * List neighbour entries (the ARP and NDP caches), as `ip neigh show nud all`: every state,
 * NOARP and NONE entries included.
 *
 * @example
 * const arp = await listNeighbours(conn, { family: 4, link: "veth0" });
 */
export async function listNeighbours(conn: Conn, options: ListNeighboursOptions = {}): Promise<Neighbour[]> {
  encodeNeighbourDump({ ...options, ...linkOption("link", placeholderLink(options.link)), ...linkOption("master", placeholderLink(options.master)) });
  const link = options.link === undefined ? undefined : await linkIndex(conn, options.link, options);
  const master = options.master === undefined ? undefined : await linkIndex(conn, options.master, options);
  const data = encodeNeighbourDump({ ...options, ...linkOption("link", link), ...linkOption("master", master) });
  const replies = await conn.execute({ type: RTM_GETNEIGH, flags: NLM_F_DUMP, data }, executeOptions("RTM_GETNEIGH", options, DEFAULT_DUMP_RETRIES));
  const out: Neighbour[] = [];
  const family = options.family ?? "all";
  for (const m of replies) {
    if (m.type !== RTM_NEWNEIGH) continue;
    const n = parseNeighbour(m);
    if (n.family === "bridge" || (family !== "all" && n.family !== family)) continue;
    // A Conn without strict checking ignores the filters; check the link here as well (the master
    // filter cannot be: entries do not name their link's master).
    if (link !== undefined && n.linkIndex !== link) continue;
    out.push(n);
  }
  return out;
}

function linkOption<K extends string>(key: K, v: LinkRef | undefined): { [P in K]?: LinkRef } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: LinkRef };
}

/** A NeighbourSpec describes an entry to add, replace or delete. */
export interface NeighbourSpec {
  /** The link (name or index). */
  link: LinkRef;
  /** The IP address (its family picks ARP or NDP). */
  address: string;
  /** NDA_LLADDR: the link-layer address. Add and replace need it for most states (the kernel says which). */
  lladdr?: string;
  /** ndm_state. Default "permanent", as `ip neigh add`. Ignored by delete. */
  state?: NeighbourState | number;
  /** NTF_ROUTER: the neighbour is a router (IPv6). */
  router?: boolean;
  /** NTF_PROXY: a proxy ARP / NDP entry (`ip neigh add proxy`); lladdr and state are not used. */
  proxy?: boolean;
}

/** What a neighbour change does, as `ip neigh add/replace/del`. */
export type NeighbourCommand = "add" | "replace" | "delete";

const COMMANDS: Record<NeighbourCommand, { type: number; flags: number; operation: string }> = {
  add: { type: RTM_NEWNEIGH, flags: NLM_F_CREATE | NLM_F_EXCL, operation: "RTM_NEWNEIGH" },
  replace: { type: RTM_NEWNEIGH, flags: NLM_F_CREATE | NLM_F_REPLACE, operation: "RTM_NEWNEIGH" },
  delete: { type: RTM_DELNEIGH, flags: 0, operation: "RTM_DELNEIGH" },
};

/**
 * Build the payload (struct ndmsg and attributes) of a neighbour change, with the link given as
 * an index. Throws one EncodeError listing every problem. Exported for golden tests.
 */
export function encodeNeighbour(spec: NeighbourSpec, command: NeighbourCommand): Uint8Array {
  const problems: string[] = [];
  if (!Object.hasOwn(COMMANDS, command)) problems.push(`command ${JSON.stringify(command)} is not add, replace or delete`);
  if (spec.link === undefined) problems.push("link is required");
  else linkProblem("link", spec.link, problems);
  let dst: Uint8Array | undefined;
  try {
    dst = parseIP(spec.address);
  } catch {
    problems.push(`address ${JSON.stringify(spec.address)} is not an IPv4 or IPv6 address`);
  }
  let lladdr: Uint8Array | undefined;
  if (spec.lladdr !== undefined) {
    try {
      lladdr = parseMAC(spec.lladdr);
    } catch (err) {
      problems.push(...(err as EncodeError).problems);
    }
  }
  let state = NUD_PERMANENT;
  if (typeof spec.state === "string") {
    const n = Object.hasOwn(STATE_NUMBERS, spec.state) ? STATE_NUMBERS[spec.state] : undefined;
    if (n === undefined) problems.push(`state ${JSON.stringify(spec.state)} is not one of ${Object.keys(STATE_NUMBERS).join(", ")}`);
    else state = n;
  } else if (spec.state !== undefined) {
    if (!Number.isInteger(spec.state) || spec.state < 0 || spec.state > 0xffff) problems.push(`state ${spec.state} is not an integer in 0..65535`);
    else state = spec.state;
  }
  if (problems.length > 0 || dst === undefined) throw new EncodeError(problems);
  const del = command === "delete";
  const flags = (spec.router ? NTF_ROUTER : 0) | (spec.proxy ? NTF_PROXY : 0);
  const e = new AttributeEncoder(48).struct(ndmsg(dst.length === 4 ? AF_INET : AF_INET6, spec.link as number, del ? 0 : state, flags));
  e.bytes(NDA_DST, dst);
  if (lladdr && !del) e.bytes(NDA_LLADDR, lladdr);
  return e.encode();
}

/**
 * Send a neighbour change. The link name is resolved first; kernel refusals reject with
 * NetlinkError carrying the errno and the extended-ACK message.
 */
export async function changeNeighbour(conn: Conn, command: NeighbourCommand, spec: NeighbourSpec, options: RequestOptions = {}): Promise<void> {
  encodeNeighbour({ ...spec, link: placeholderLink(spec.link) ?? spec.link }, command); // fail on bad input before any round trip
  const data = encodeNeighbour({ ...spec, link: await linkIndex(conn, spec.link, options) }, command);
  const c = COMMANDS[command];
  await conn.execute({ type: c.type, flags: NLM_F_ACK | c.flags, data }, executeOptions(c.operation, options));
}

/**
 * Add a neighbour entry, as `ip neigh add` (state "permanent" unless given); rejects with
 * NetlinkError EEXIST if one exists.
 *
 * @example
 * await addNeighbour(conn, { link: "veth0", address: "192.0.2.9", lladdr: "02:00:00:00:00:09" });
 */
export function addNeighbour(conn: Conn, spec: NeighbourSpec, options: RequestOptions = {}): Promise<void> {
  return changeNeighbour(conn, "add", spec, options);
}

/** Add a neighbour entry or overwrite the existing one, as `ip neigh replace`. */
export function replaceNeighbour(conn: Conn, spec: NeighbourSpec, options: RequestOptions = {}): Promise<void> {
  return changeNeighbour(conn, "replace", spec, options);
}

/**
 * Delete a neighbour entry, as `ip neigh del`; only link, address and proxy matter.
 * Rejects with NetlinkError ENOENT when there is none.
 */
export function deleteNeighbour(conn: Conn, spec: Pick<NeighbourSpec, "link" | "address" | "proxy">, options: RequestOptions = {}): Promise<void> {
  return changeNeighbour(conn, "delete", spec, options);
}
