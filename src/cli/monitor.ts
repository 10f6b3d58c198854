/**
 * `bun-netlink monitor`: live, typed events for links, addresses, routes and neighbours, like
 * `ip monitor`, built on the rtnetlink watcher. When the kernel reports lost events (an overrun)
 * the watcher re-reads the state and the command prints a RESYNC line followed by what changed.
 */
import { Words } from "./args.ts";
import type { Context } from "./context.ts";
import { UsageError } from "./errors.ts";
import { addressJson, ipLinkFlags, linkJson, neighbourJson, routeJson, type JsonObject } from "./ip-json.ts";
import { displayName } from "./link.ts";
import { neighbourLine } from "./neighbour.ts";
import { toJson } from "./output.ts";
import { routeLine } from "./route.ts";
import { listLinks, type Link } from "../rtnetlink/link.ts";
import { watch, type ChangeEvent, type WatchKind } from "../rtnetlink/watch.ts";

const KIND_WORDS: Record<string, WatchKind> = {
  link: "link",
  addr: "address",
  address: "address",
  route: "route",
  neigh: "neighbour",
  neighbor: "neighbour",
  neighbour: "neighbour",
};

const LABELS: Record<WatchKind, string> = { link: "LINK", address: "ADDR", route: "ROUTE", neighbour: "NEIGH" };

/** Run `monitor …` until Ctrl-C (or --count events). */
export async function monitorCommand(ctx: Context, w: Words): Promise<void> {
  const kinds = new Set<WatchKind>();
  while (!w.done()) {
    const k = w.next()!;
    if (k === "all") for (const v of Object.values(KIND_WORDS)) kinds.add(v);
    else if (KIND_WORDS[k] !== undefined) kinds.add(KIND_WORDS[k]);
    else throw new UsageError(`monitor: ${JSON.stringify(k)} is not one of link, addr, route, neigh, all`);
  }
  const watched: WatchKind[] = kinds.size === 0 ? ["link", "address", "route", "neighbour"] : [...kinds];
  const family = ctx.options.family;
  // Links by index, to print names; kept after a link goes, so its last events still read well.
  const names = new Map<number, Link>();
  if (!watched.includes("link")) for (const l of await listLinks(ctx.route())) names.set(l.index, l);
  let printed = 0;
  const limit = ctx.options.count ?? Infinity;
  const print = (text: string): boolean => {
    ctx.out(text + "\n");
    return ++printed >= limit;
  };
  const iterator = watch({
    kinds: watched,
    ...(ctx.options.netns !== undefined ? { netns: ctx.options.netns } : {}),
    ...(family !== undefined ? { family } : {}),
    signal: ctx.signal,
  });
  try {
    for await (const item of iterator) {
      if (item.type === "snapshot") {
        for (const l of item.state.links.values()) names.set(l.index, l);
        const s = item.state;
        const sizes: Record<WatchKind, [number, string]> = {
          link: [s.links.size, "links"],
          address: [s.addresses.size, "addresses"],
          route: [s.routes.size, "routes"],
          neighbour: [s.neighbours.size, "neighbours"],
        };
        const counts = watched.map((k) => sizes[k].join(" "));
        ctx.err(`monitoring ${watched.join(", ")} in ${ctx.options.netns === undefined ? "this namespace" : `namespace ${ctx.options.netns}`} (${counts.join(", ")}); Ctrl-C stops\n`);
        continue;
      }
      if (item.type === "change") {
        if (item.event.kind === "link") names.set(item.event.link.index, item.event.link);
        if (print(ctx.options.json ? toJson({ type: "change", ...eventJson(item.event, names) }) : eventLine(item.event, names))) break;
        continue;
      }
      for (const e of item.changes) if (e.kind === "link") names.set(e.link.index, e.link);
      const why = item.reason === "overrun" ? "events were lost (overrun)" : "a link change flushed routes";
      const done = ctx.options.json
        ? print(toJson({ type: "resync", reason: item.reason, changes: item.changes.map((e) => eventJson(e, names)) }))
        : print([`[RESYNC] ${why}: state re-read, ${item.changes.length} change(s)`, ...item.changes.map((e) => "  " + eventLine(e, names))].join("\n"));
      if (done) break;
    }
  } catch (err) {
    if (ctx.signal.aborted) return;
    throw err;
  }
}

/** An event as JSON: kind, action and the object in its `ip -j` shape. */
export function eventJson(e: ChangeEvent, names: ReadonlyMap<number, Link>): JsonObject {
  switch (e.kind) {
    case "link":
      return { kind: e.kind, action: e.action, link: linkJson(e.link, names) };
    case "address":
      return { kind: e.kind, action: e.action, address: { ifindex: e.address.index, ifname: names.get(e.address.index)?.name, ...addressJson(e.address) } };
    case "route":
      return { kind: e.kind, action: e.action, route: routeJson(e.route, names) };
    case "neighbour":
      return { kind: e.kind, action: e.action, neighbour: neighbourJson(e.neighbour, names) };
  }
}

/** An event on one line, in the style of `ip monitor`. */
export function eventLine(e: ChangeEvent, names: ReadonlyMap<number, Link>): string {
  const head = `[${LABELS[e.kind]}] ${e.action === "del" ? "Deleted " : ""}`;
  switch (e.kind) {
    case "link": {
      const l = e.link;
      return `${head}${l.index}: ${displayName(l, names)}: <${ipLinkFlags(l.flags).join(",")}> mtu ${l.mtu} state ${l.operState.toUpperCase()}${l.kind ? ` ${l.kind}` : ""}${l.address ? ` link/${l.address}` : ""}`;
    }
    case "address": {
      const a = e.address;
      return `${head}${a.index}: ${names.get(a.index)?.name ?? `if${a.index}`} ${a.family === 4 ? "inet" : "inet6"} ${a.address}/${a.prefixLength} scope ${a.scope}`;
    }
    case "route":
      return head + routeLine(e.route, names);
    case "neighbour":
      return head + neighbourLine(e.neighbour, names);
  }
}
