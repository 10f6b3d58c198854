/**
 * Watching the kernel's network state: typed change events, and a watcher that keeps a consistent
 * copy of the state, re-reading it whenever events may have been lost.
 */
import { Overrun, type Conn } from "../netlink/conn.ts";
import type { Message } from "../netlink/message.ts";
import { NETLINK_ROUTE } from "../netlink/constants.ts";
import { dial, type Netns } from "../socket/dial.ts";
import {
  RTM_DELADDR,
  RTM_DELLINK,
  RTM_DELNEIGH,
  RTM_DELROUTE,
  RTM_NEWADDR,
  RTM_NEWLINK,
  RTM_NEWNEIGH,
  RTM_NEWROUTE,
  RTNLGRP_IPV4_IFADDR,
  RTNLGRP_IPV4_ROUTE,
  RTNLGRP_IPV6_IFADDR,
  RTNLGRP_IPV6_ROUTE,
  RTNLGRP_LINK,
  RTNLGRP_NEIGH,
} from "./constants.ts";
import { listAddresses, parseAddress, type Address } from "./address.ts";
import { listLinks, parseLink, type Link } from "./link.ts";
import { listNeighbours, parseNeighbour, type Neighbour } from "./neighbour.ts";
import { listRoutes, parseRoute, type Route } from "./route.ts";

/** The kinds of object that can be watched. */
export type WatchKind = "link" | "address" | "route" | "neighbour";
export const ALL_KINDS: readonly WatchKind[] = ["link", "address", "route", "neighbour"];

/** A ChangeEvent is one object added or changed ("new") or removed ("del"), decoded. */
export type ChangeEvent =
  | { kind: "link"; action: "new" | "del"; link: Link }
  | { kind: "address"; action: "new" | "del"; address: Address }
  | { kind: "route"; action: "new" | "del"; route: Route }
  | { kind: "neighbour"; action: "new" | "del"; neighbour: Neighbour };

export interface EventsOptions {
  /** Which kinds of object (default: all four). */
  kinds?: readonly WatchKind[];
  /** 4, 6 or "all" (default) for addresses, routes and neighbours. */
  family?: 4 | 6 | "all";
  signal?: AbortSignal;
}

/** The multicast groups that carry the given kinds of event. */
export function groupsFor(kinds: readonly WatchKind[], family: 4 | 6 | "all" = "all"): number[] {
  const v4 = family !== 6;
  const v6 = family !== 4;
  const g: number[] = [];
  for (const k of kinds) {
    if (k === "link") g.push(RTNLGRP_LINK);
    if (k === "address") g.push(...(v4 ? [RTNLGRP_IPV4_IFADDR] : []), ...(v6 ? [RTNLGRP_IPV6_IFADDR] : []));
    if (k === "route") g.push(...(v4 ? [RTNLGRP_IPV4_ROUTE] : []), ...(v6 ? [RTNLGRP_IPV6_ROUTE] : []));
    if (k === "neighbour") g.push(RTNLGRP_NEIGH);
  }
  return g;
}

/**
 * Decode an rtnetlink event message into a ChangeEvent; undefined for message types this module
 * does not model (and for route/neighbour families other than IPv4/IPv6, such as bridge FDB).
 */
export function parseEvent(m: Message): ChangeEvent | undefined {
  switch (m.type) {
    case RTM_NEWLINK:
    case RTM_DELLINK:
      return { kind: "link", action: m.type === RTM_NEWLINK ? "new" : "del", link: parseLink(m) };
    case RTM_NEWADDR:
    case RTM_DELADDR:
      return { kind: "address", action: m.type === RTM_NEWADDR ? "new" : "del", address: parseAddress(m) };
    case RTM_NEWROUTE:
    case RTM_DELROUTE: {
      const af = m.data[0];
      if (af !== 2 && af !== 10) return undefined;
      return { kind: "route", action: m.type === RTM_NEWROUTE ? "new" : "del", route: parseRoute(m) };
    }
    case RTM_NEWNEIGH:
    case RTM_DELNEIGH: {
      const af = m.data[0];
      if (af !== 2 && af !== 10) return undefined;
      return { kind: "neighbour", action: m.type === RTM_NEWNEIGH ? "new" : "del", neighbour: parseNeighbour(m) };
    }
  }
  return undefined;
}

/**
 * Subscribe to change events of links, addresses, routes and neighbours, decoded. An Overrun item
 * means events were lost; `watch()` handles that for you by re-reading the state.
 *
 * @example
 * for await (const e of events(conn, { kinds: ["route"] })) {
 *   if (e instanceof Overrun) continue;
 *   console.log(e.action, e.route.destination);
 * }
 */
export async function* events(conn: Conn, options: EventsOptions = {}): AsyncGenerator<ChangeEvent | Overrun> {
  const kinds = options.kinds ?? ALL_KINDS;
  const it = conn.subscribe(groupsFor(kinds, options.family), options.signal ? { signal: options.signal } : {});
  try {
    for await (const m of it) {
      if (m instanceof Overrun) {
        yield m;
        continue;
      }
      const e = parseEvent(m);
      if (e && kinds.includes(e.kind) && familyMatches(e, options.family ?? "all")) yield e;
    }
  } finally {
    await it.return?.();
  }
}

function familyMatches(e: ChangeEvent, family: 4 | 6 | "all"): boolean {
  if (family === "all" || e.kind === "link") return true;
  const f = e.kind === "address" ? e.address.family : e.kind === "route" ? e.route.family : e.neighbour.family;
  return f === family;
}

/** A NetworkState is a copy of the kernel's objects, keyed as the kernel identifies them. */
export interface NetworkState {
  links: Map<number, Link>;
  addresses: Map<string, Address>;
  routes: Map<string, Route>;
  neighbours: Map<string, Neighbour>;
}

/** What a watcher yields. */
export type WatchItem =
  /** The first item: the whole state, consistent with the events that follow. */
  | { type: "snapshot"; state: NetworkState }
  /** One change, already applied to `state`. */
  | { type: "change"; event: ChangeEvent; state: NetworkState }
  /**
   * Events were lost (the kernel reported an overrun, or a link change removed routes without
   * telling): the state was read again, and `changes` is what differs from before.
   */
  | { type: "resync"; reason: "overrun" | "link-change"; changes: ChangeEvent[]; state: NetworkState };

export interface WatchOptions extends EventsOptions {
  /** Watch this network namespace (name, path or fd). */
  netns?: Netns;
  /**
   * Kernel receive buffer of the event socket in bytes (SO_RCVBUFFORCE as root). Default 4 MiB:
   * a busy routing table sends events faster than any reader can keep up with a 208 KiB default.
   */
  kernelReceiveBuffer?: number;
}

/** The key the kernel identifies each object by. */
export function linkKey(l: Link): number {
  return l.index;
}
export function addressKey(a: Address): string {
  return `${a.family}|${a.index}|${a.address}/${a.prefixLength}|${a.peer ?? ""}`;
}
export function routeKey(r: Route): string {
  return `${r.family}|${r.table}|${r.destination}|${r.sourcePrefix ?? ""}|${r.tos}|${r.priority}`;
}
export function neighbourKey(n: Neighbour): string {
  return `${n.family}|${n.linkIndex}|${n.address ?? n.lladdr ?? ""}`;
}

function emptyState(): NetworkState {
  return { links: new Map(), addresses: new Map(), routes: new Map(), neighbours: new Map() };
}

const IFF_UP = 1;

/**
 * Watch the network state: yields a snapshot first, then every change applied to it, and — when
 * the kernel reports an overrun (ENOBUFS) or a link change removed IPv4 routes without sending
 * events (the kernel does not announce routes it flushes with a link) — re-reads the state and
 * yields a `resync` with what changed. The state it carries always converges to the kernel's.
 *
 * @example
 * for await (const item of watch({ kinds: ["route"], netns: "blue" })) {
 *   if (item.type === "change") console.log(item.event.action, item.event.route.destination);
 *   if (item.type === "resync") console.warn(`resynced: ${item.changes.length} changes`);
 * }
 */
export async function* watch(options: WatchOptions = {}): AsyncGenerator<WatchItem> {
  const kinds = options.kinds ?? ALL_KINDS;
  const family = options.family ?? "all";
  const base = options.netns === undefined ? {} : { netns: options.netns };
  const eventConn = dial(NETLINK_ROUTE, { ...base, kernelReceiveBuffer: options.kernelReceiveBuffer ?? 4 << 20 });
  const dumpConn = dial(NETLINK_ROUTE, base);
  const signal = options.signal;
  try {
    // Subscribe before reading: whatever changes during the dump is then queued, and replaying
    // it on top of the dump converges (events carry whole objects; "new" is idempotent).
    const it = events(eventConn, { kinds, family, ...(signal ? { signal } : {}) });
    const pending = it.next();
    let state = await readState(dumpConn, kinds, family, signal);
    yield { type: "snapshot", state };
    let next = pending;
    for (;;) {
      const r = await next;
      if (r.done) return;
      const item = r.value;
      if (item instanceof Overrun) {
        const fresh = await readState(dumpConn, kinds, family, signal);
        const changes = diffState(state, fresh);
        state = fresh;
        yield { type: "resync", reason: "overrun", changes, state };
        next = it.next();
        continue;
      }
      const before = item.kind === "link" ? state.links.get(item.link.index) : undefined;
      if (apply(state, item)) yield { type: "change", event: item, state };
      if (item.kind === "link" && kinds.includes("route") && family !== 6 && linkWentAway(before, item)) {
        // IPv4 routes through a link that went down or away are flushed without RTM_DELROUTE.
        const fresh = new Map((await listRoutes(dumpConn, routeOptions(family, signal))).map((r) => [routeKey(r), r]));
        const changes = diffMap(state.routes, fresh, (route, action) => ({ kind: "route", action, route }) as ChangeEvent);
        state.routes = fresh;
        if (changes.length > 0) yield { type: "resync", reason: "link-change", changes, state };
      }
      next = it.next();
    }
  } finally {
    eventConn.close();
    dumpConn.close();
  }
}

function linkWentAway(before: Link | undefined, e: ChangeEvent & { kind: "link" }): boolean {
  if (e.action === "del") return true;
  return before !== undefined && (before.flags & IFF_UP) !== 0 && (e.link.flags & IFF_UP) === 0;
}

function routeOptions(family: 4 | 6 | "all", signal: AbortSignal | undefined) {
  return { family, ...(signal ? { signal } : {}) } as const;
}

async function readState(conn: Conn, kinds: readonly WatchKind[], family: 4 | 6 | "all", signal: AbortSignal | undefined): Promise<NetworkState> {
  const s = emptyState();
  const o = routeOptions(family, signal);
  const sig = signal ? { signal } : {};
  if (kinds.includes("link")) for (const l of await listLinks(conn, sig)) s.links.set(linkKey(l), l);
  if (kinds.includes("address")) for (const a of await listAddresses(conn, { ...sig, ...(family === "all" ? {} : { family }) })) s.addresses.set(addressKey(a), a);
  if (kinds.includes("route")) for (const r of await listRoutes(conn, o)) s.routes.set(routeKey(r), r);
  if (kinds.includes("neighbour")) for (const n of await listNeighbours(conn, o)) s.neighbours.set(neighbourKey(n), n);
  return s;
}

/** Apply an event to a state; false when it changed nothing (a replay of what the dump had). */
export function apply(state: NetworkState, e: ChangeEvent): boolean {
  switch (e.kind) {
    case "link":
      if (e.action === "del") {
        // The link's addresses and neighbours go with it; the kernel announces those, but drop
        // them here too so the state never refers to a link that does not exist.
        return state.links.delete(e.link.index);
      }
      return put(state.links, e.link.index, e.link);
    case "address":
      return e.action === "del" ? state.addresses.delete(addressKey(e.address)) : put(state.addresses, addressKey(e.address), e.address);
    case "route":
      return e.action === "del" ? state.routes.delete(routeKey(e.route)) : put(state.routes, routeKey(e.route), e.route);
    case "neighbour":
      return e.action === "del" ? state.neighbours.delete(neighbourKey(e.neighbour)) : put(state.neighbours, neighbourKey(e.neighbour), e.neighbour);
  }
}

function put<K, V>(m: Map<K, V>, k: K, v: V): boolean {
  const old = m.get(k);
  m.set(k, v);
  return old === undefined || !sameObject(old, v);
}

/** What changed from one state to another, as events. */
export function diffState(a: NetworkState, b: NetworkState): ChangeEvent[] {
  return [
    ...diffMap(a.links, b.links, (link, action) => ({ kind: "link", action, link }) as ChangeEvent),
    ...diffMap(a.addresses, b.addresses, (address, action) => ({ kind: "address", action, address }) as ChangeEvent),
    ...diffMap(a.routes, b.routes, (route, action) => ({ kind: "route", action, route }) as ChangeEvent),
    ...diffMap(a.neighbours, b.neighbours, (neighbour, action) => ({ kind: "neighbour", action, neighbour }) as ChangeEvent),
  ];
}

function diffMap<K, V>(a: Map<K, V>, b: Map<K, V>, make: (v: V, action: "new" | "del") => ChangeEvent): ChangeEvent[] {
  const out: ChangeEvent[] = [];
  for (const [k, v] of a) if (!b.has(k)) out.push(make(v, "del"));
  for (const [k, v] of b) {
    const old = a.get(k);
    if (old === undefined || !sameObject(old, v)) out.push(make(v, "new"));
  }
  return out;
}

/** Counters and ages tick on their own; they do not make an object "changed". */
const VOLATILE = new Set(["stats", "stats64", "cacheInfo", "cacheinfo"]);

function sameObject(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (VOLATILE.has(k)) continue;
    if (!sameObject((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}
