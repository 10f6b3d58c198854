/**
 * `bun-netlink route`: list the IPv4 and IPv6 routes of every table (or one), look a destination
 * up, and add, replace, append or delete routes.
 */
import { u32, Words } from "./args.ts";
import { RT_TABLE_DEFAULT, RT_TABLE_LOCAL, RT_TABLE_MAIN, RTM_F_CLONED } from "./constants.ts";
import type { Context } from "./context.ts";
import { UsageError } from "./errors.ts";
import { linkNames, nameOf, routeDestination, routeFlags, routeJson, tableName, type LinkNames } from "./ip-json.ts";
import { formatTable, printJson } from "./output.ts";
import { listLinks } from "../rtnetlink/link.ts";
import { changeRoute, getRoute, listRoutes, type GetRouteOptions, type ListRoutesOptions, type Route, type RouteCommand, type RouteProtocol, type RouteScope, type RouteSpec, type RouteType } from "../rtnetlink/route.ts";

const TYPES: readonly RouteType[] = ["unicast", "local", "broadcast", "anycast", "multicast", "blackhole", "unreachable", "prohibit", "throw", "nat"];
const SCOPES: readonly RouteScope[] = ["global", "site", "link", "host", "nowhere"];

/** Parse a table given as a number or a name; undefined for "all". */
export function parseTable(v: string): number | undefined {
  switch (v) {
    case "all":
      return undefined;
    case "main":
      return RT_TABLE_MAIN;
    case "local":
      return RT_TABLE_LOCAL;
    case "default":
      return RT_TABLE_DEFAULT;
    default:
      return u32("table", v);
  }
}

function protocolOf(v: string): RouteProtocol | number {
  return /^\d+$/.test(v) ? u32("proto", v) : (v as RouteProtocol);
}

function typeOf(v: string): RouteType | number {
  return /^\d+$/.test(v) ? u32("type", v) : (v as RouteType);
}

/** Run `route …`. */
export async function routeCommand(ctx: Context, w: Words): Promise<void> {
  switch (w.peek()) {
    case "get":
      w.next();
      return lookupRoute(ctx, w);
    case "add":
    case "replace":
    case "append":
    case "del":
    case "delete": {
      const verb = w.next()!;
      return changeRoutes(ctx, w, verb === "del" ? "delete" : (verb as RouteCommand));
    }
    case "show":
    case "list":
    case "ls":
      w.next();
      return showRoutes(ctx, w);
    default:
      return showRoutes(ctx, w);
  }
}

async function showRoutes(ctx: Context, w: Words): Promise<void> {
  const filter: ListRoutesOptions = {};
  const table = ctx.options.table === undefined ? undefined : parseTable(ctx.options.table);
  if (table !== undefined) filter.table = table;
  if (ctx.options.family !== undefined) filter.family = ctx.options.family;
  let dev: string | undefined;
  while (!w.done()) {
    const k = w.next()!;
    switch (k) {
      case "table": {
        const t = parseTable(w.value(k));
        if (t === undefined) delete filter.table;
        else filter.table = t;
        break;
      }
      case "dev":
        dev = w.value(k);
        break;
      case "proto":
      case "protocol":
        filter.protocol = protocolOf(w.value(k));
        break;
      case "type":
        filter.type = typeOf(w.value(k));
        break;
      default:
        throw new UsageError(`route show: unexpected ${JSON.stringify(k)}`);
    }
  }
  const conn = ctx.route();
  if (dev !== undefined) filter.link = (await ctx.link(dev)).index;
  const [links, routes] = await Promise.all([listLinks(conn), listRoutes(conn, filter)]);
  const names = linkNames(links);
  if (ctx.options.json) {
    printJson(ctx.output, routes.map((r) => routeJson(r, names)));
    return;
  }
  ctx.out(routeTable(routes, names));
}

/** The human table of routes. */
export function routeTable(routes: readonly Route[], names: LinkNames): string {
  const rows = routes.map((r) => [
    routeDestination(r),
    r.gateway ?? (r.nextHops.length > 0 ? r.nextHops.map((h) => h.gateway ?? "-").join(",") : undefined),
    r.outputIndex !== undefined ? nameOf(names, r.outputIndex) : r.nextHops.map((h) => nameOf(names, h.outputIndex) ?? "-").join(",") || undefined,
    tableName(r.table),
    String(r.protocol),
    String(r.scope),
    r.priority,
    String(r.type),
    r.preferredSource,
    routeFlags(r.flags).join(","),
  ]);
  return formatTable(["DESTINATION", "GATEWAY", "DEV", "TABLE", "PROTO", "SCOPE", "METRIC", "TYPE", "PREFSRC", "FLAGS"], rows);
}

/** One route on one line, as `ip route` prints it (for `monitor`). */
export function routeLine(r: Route, names: LinkNames): string {
  const parts: string[] = [];
  if (r.type !== "unicast") parts.push(String(r.type));
  parts.push(routeDestination(r));
  if (r.gateway !== undefined) parts.push("via", r.gateway);
  if (r.outputIndex !== undefined) parts.push("dev", nameOf(names, r.outputIndex)!);
  if (r.table !== RT_TABLE_MAIN) parts.push("table", tableName(r.table));
  if (r.protocol !== "boot" && !(r.flags & RTM_F_CLONED)) parts.push("proto", String(r.protocol));
  if (r.scope !== "global") parts.push("scope", String(r.scope));
  if (r.preferredSource !== undefined) parts.push("src", r.preferredSource);
  if (r.priority !== 0 || r.family === 6) parts.push("metric", String(r.priority));
  for (const h of r.nextHops) {
    parts.push("nexthop");
    if (h.gateway !== undefined) parts.push("via", h.gateway);
    if (h.outputIndex !== undefined) parts.push("dev", nameOf(names, h.outputIndex)!);
    parts.push("weight", String(h.weight));
  }
  parts.push(...routeFlags(r.flags));
  return parts.join(" ");
}

async function lookupRoute(ctx: Context, w: Words): Promise<void> {
  const dst = w.next();
  if (dst === undefined) throw new UsageError("route get: which destination? (route get 192.0.2.1)");
  const options: GetRouteOptions = {};
  while (!w.done()) {
    const k = w.next()!;
    switch (k) {
      case "from":
        options.source = w.value(k);
        break;
      case "oif":
      case "dev":
        options.link = (await ctx.link(w.value(k))).index;
        break;
      case "iif":
        options.inputLink = (await ctx.link(w.value(k))).index;
        break;
      case "mark":
        options.mark = u32("mark", w.value(k));
        break;
      case "fibmatch":
        options.fibMatch = true;
        break;
      case "table": {
        const t = parseTable(w.value(k));
        if (t !== undefined) options.table = t;
        break;
      }
      default:
        throw new UsageError(`route get: unexpected ${JSON.stringify(k)}`);
    }
  }
  const conn = ctx.route();
  const [links, route] = await Promise.all([listLinks(conn), getRoute(conn, dst, options)]);
  const names = linkNames(links);
  if (ctx.options.json) {
    printJson(ctx.output, [routeJson(route, names)]);
    return;
  }
  ctx.out(routeLine(route, names) + "\n");
}

async function changeRoutes(ctx: Context, w: Words, command: RouteCommand): Promise<void> {
  const spec: Partial<RouteSpec> & { nextHops?: NonNullable<RouteSpec["nextHops"]>[number][] } = {};
  const table = ctx.options.table === undefined ? undefined : parseTable(ctx.options.table);
  if (table !== undefined) spec.table = table;
  if (ctx.options.family !== undefined) spec.family = ctx.options.family;
  const metrics: NonNullable<RouteSpec["metrics"]> = {};
  while (!w.done()) {
    const k = w.next()!;
    switch (k) {
      case "via":
        w.accept("inet", "inet6");
        spec.gateway = w.value(k);
        break;
      case "dev":
      case "oif":
        spec.link = (await ctx.link(w.value(k))).index;
        break;
      case "metric":
      case "priority":
      case "preference":
        spec.priority = u32("metric", w.value(k));
        break;
      case "table": {
        const t = parseTable(w.value(k));
        if (t === undefined) throw new UsageError(`route ${command}: table all is not a table`);
        spec.table = t;
        break;
      }
      case "src":
        spec.source = w.value(k);
        break;
      case "proto":
      case "protocol":
        spec.protocol = protocolOf(w.value(k));
        break;
      case "scope": {
        const v = w.value(k);
        spec.scope = (SCOPES as readonly string[]).includes(v) ? (v as RouteScope) : u32("scope", v);
        break;
      }
      case "type":
        spec.type = typeOf(w.value(k));
        break;
      case "onlink":
        spec.onlink = true;
        break;
      case "mtu":
        metrics.mtu = u32("mtu", w.value(k));
        break;
      case "advmss":
        metrics.advmss = u32("advmss", w.value(k));
        break;
      case "hoplimit":
        metrics.hoplimit = u32("hoplimit", w.value(k));
        break;
      case "nexthop": {
        const hop: NonNullable<RouteSpec["nextHops"]>[number] = {};
        for (let more = true; more && !w.done(); ) {
          switch (w.peek()) {
            case "via":
              w.next();
              w.accept("inet", "inet6");
              hop.gateway = w.value("via");
              break;
            case "dev":
              w.next();
              hop.link = (await ctx.link(w.value("dev"))).index;
              break;
            case "weight":
              w.next();
              hop.weight = u32("weight", w.value("weight"));
              break;
            case "onlink":
              w.next();
              hop.onlink = true;
              break;
            default:
              more = false;
          }
        }
        (spec.nextHops ??= []).push(hop);
        break;
      }
      default:
        if ((TYPES as readonly string[]).includes(k) && spec.destination === undefined && spec.type === undefined) spec.type = k as RouteType;
        else if (spec.destination === undefined) spec.destination = k;
        else throw new UsageError(`route ${command}: unexpected ${JSON.stringify(k)}`);
    }
  }
  if (spec.destination === undefined) throw new UsageError(`route ${command}: which destination? (route ${command} 198.51.100.0/24 via 192.0.2.1)`);
  if (Object.keys(metrics).length > 0) spec.metrics = metrics;
  await changeRoute(ctx.route(), command, spec as RouteSpec);
}
