/**
 * `bun-netlink neigh`: list, add, replace and delete ARP / NDP entries.
 */
import { Words } from "./args.ts";
import type { Context } from "./context.ts";
import { UsageError } from "./errors.ts";
import { linkNames, nameOf, neighbourJson, neighbourStates, type LinkNames } from "./ip-json.ts";
import { formatTable, printJson } from "./output.ts";
import { listLinks } from "../rtnetlink/link.ts";
import { addNeighbour, deleteNeighbour, listNeighbours, replaceNeighbour, type Neighbour, type NeighbourSpec, type NeighbourState } from "../rtnetlink/neighbour.ts";

const STATES: readonly NeighbourState[] = ["none", "incomplete", "reachable", "stale", "delay", "probe", "failed", "noarp", "permanent"];

/** Run `neigh …`. */
export async function neighbourCommand(ctx: Context, w: Words): Promise<void> {
  switch (w.peek()) {
    case "add":
    case "replace":
    case "change": {
      const verb = w.next()!;
      return changeNeighbour(ctx, w, verb === "add" ? "add" : "replace");
    }
    case "del":
    case "delete":
      w.next();
      return removeNeighbour(ctx, w);
    case "show":
    case "list":
    case "ls":
      w.next();
      return showNeighbours(ctx, w);
    default:
      return showNeighbours(ctx, w);
  }
}

async function showNeighbours(ctx: Context, w: Words): Promise<void> {
  let dev: string | undefined;
  let proxy = false;
  while (!w.done()) {
    const k = w.next()!;
    if (k === "dev") dev = w.value(k);
    else if (k === "proxy") proxy = true;
    else if (k === "nud" && w.accept("all") !== undefined) continue;
    else if (dev === undefined) dev = k;
    else throw new UsageError(`neigh show: unexpected ${JSON.stringify(k)}`);
  }
  const conn = ctx.route();
  const link = dev === undefined ? undefined : await ctx.link(dev);
  const family = ctx.options.family;
  const [links, entries] = await Promise.all([
    listLinks(conn),
    listNeighbours(conn, { ...(link ? { link: link.index } : {}), ...(family ? { family } : {}), ...(proxy ? { proxy } : {}) }),
  ]);
  const names = linkNames(links);
  if (ctx.options.json) {
    printJson(ctx.output, entries.map((n) => neighbourJson(n, names)));
    return;
  }
  ctx.out(neighbourTable(entries, names));
}

/** The human table of neighbour entries. */
export function neighbourTable(entries: readonly Neighbour[], names: LinkNames): string {
  const rows = entries.map((n) => [n.address, nameOf(names, n.linkIndex), n.lladdr, neighbourStates(n.state).join(","), n.flags & 0x80 ? "router" : ""]);
  return formatTable(["ADDRESS", "DEV", "LLADDR", "STATE", "FLAGS"], rows);
}

/** One entry on one line, as `ip neigh` prints it (for `monitor`). */
export function neighbourLine(n: Neighbour, names: LinkNames): string {
  const parts = [n.address ?? "-", "dev", nameOf(names, n.linkIndex)!];
  if (n.lladdr !== undefined) parts.push("lladdr", n.lladdr);
  if (n.flags & 0x80) parts.push("router");
  parts.push(...neighbourStates(n.state));
  return parts.join(" ");
}

function parseEntry(w: Words, verb: string): { address: string; dev: string; rest: Omit<NeighbourSpec, "link" | "address"> } {
  let address: string | undefined;
  let dev: string | undefined;
  const rest: Omit<NeighbourSpec, "link" | "address"> = {};
  while (!w.done()) {
    const k = w.next()!;
    switch (k) {
      case "dev":
        dev = w.value(k);
        break;
      case "lladdr":
        rest.lladdr = w.value(k);
        break;
      case "nud": {
        const v = w.value(k);
        if (!(STATES as readonly string[]).includes(v)) throw new UsageError(`nud ${JSON.stringify(v)} is not one of ${STATES.join(", ")}`);
        rest.state = v as NeighbourState;
        break;
      }
      case "router":
        rest.router = true;
        break;
      case "proxy":
        rest.proxy = true;
        break;
      case "to":
        address = w.value(k);
        break;
      default:
        if (address === undefined) address = k;
        else throw new UsageError(`neigh ${verb}: unexpected ${JSON.stringify(k)}`);
    }
  }
  if (address === undefined || dev === undefined) throw new UsageError(`neigh ${verb}: usage: neigh ${verb} ADDR [lladdr MAC] dev DEV`);
  return { address, dev, rest };
}

async function changeNeighbour(ctx: Context, w: Words, verb: "add" | "replace"): Promise<void> {
  const { address, dev, rest } = parseEntry(w, verb);
  const link = await ctx.link(dev);
  await (verb === "add" ? addNeighbour : replaceNeighbour)(ctx.route(), { ...rest, link: link.index, address });
}

async function removeNeighbour(ctx: Context, w: Words): Promise<void> {
  const { address, dev, rest } = parseEntry(w, "del");
  const link = await ctx.link(dev);
  await deleteNeighbour(ctx.route(), { link: link.index, address, ...(rest.proxy ? { proxy: true } : {}) });
}
