/**
 * `bun-netlink link`: list, show, add, change and delete network interfaces.
 */
import { u32, Words } from "./args.ts";
import type { Context } from "./context.ts";
import { UsageError, unknownLinkError } from "./errors.ts";
import { ipLinkFlags, linkJson, linkNames, linkTypeName, nameOf, type LinkNames } from "./ip-json.ts";
import { formatTable, humanBytes, printJson } from "./output.ts";
import { createLink, deleteLink, listLinks, setLink, type Link, type LinkChanges, type LinkSpec, type MacvlanMode } from "../rtnetlink/link.ts";

/** Run `link …`. */
export async function linkCommand(ctx: Context, w: Words): Promise<void> {
  const verb = w.peek();
  switch (verb) {
    case "add":
    case "create":
      w.next();
      return addLink(ctx, w);
    case "set":
    case "change":
      w.next();
      return changeLink(ctx, w);
    case "del":
    case "delete":
      w.next();
      return removeLink(ctx, w);
    case "show":
    case "list":
    case "ls":
      w.next();
      return showLinks(ctx, w);
    default:
      return showLinks(ctx, w);
  }
}

async function showLinks(ctx: Context, w: Words): Promise<void> {
  const dev = w.accept("dev") === undefined ? w.next() : w.value("dev");
  w.end("link show");
  const all = await listLinks(ctx.route());
  const links = dev === undefined ? all : all.filter((l) => l.name === dev || String(l.index) === dev || (l.altNames ?? []).includes(dev));
  if (links.length === 0 && dev !== undefined) throw unknownLinkError(dev);
  const names = linkNames(all);
  if (ctx.options.json) {
    printJson(ctx.output, links.map((l) => linkJson(l, names, { stats: ctx.options.stats })));
    return;
  }
  ctx.out(linkTable(links, names, ctx.options.stats));
}

/** The human table of links. */
export function linkTable(links: readonly Link[], names: LinkNames, stats = false): string {
  const headers = ["INDEX", "NAME", "STATE", "MTU", "TYPE", "MASTER", "ADDRESS", "FLAGS"];
  if (stats) headers.push("RX", "RX PKTS", "TX", "TX PKTS");
  const rows = links.map((l) => {
    const row = [
      l.index,
      displayName(l, names),
      l.operState.toUpperCase(),
      l.mtu,
      l.kind ?? linkTypeName(l.type),
      nameOf(names, l.master),
      l.address,
      ipLinkFlags(l.flags).join(","),
    ] as (string | number | undefined)[];
    if (stats) row.push(humanBytes(l.stats?.rxBytes), l.stats?.rxPackets, humanBytes(l.stats?.txBytes), l.stats?.txPackets);
    return row;
  });
  return formatTable(headers, rows);
}

/** "veth0@veth1" for a link with a lower device in this namespace, as `ip link` shows it. */
export function displayName(l: Link, names: LinkNames): string {
  if (l.linkIndex === undefined || l.linkIndex === 0) return l.name;
  if (l.linkNetnsId !== undefined) return `${l.name}@if${l.linkIndex}`;
  return `${l.name}@${nameOf(names, l.linkIndex)}`;
}

const MACVLAN_MODES = ["private", "vepa", "bridge", "passthru", "source"] as const;

async function addLink(ctx: Context, w: Words): Promise<void> {
  let name = w.accept("name") !== undefined ? w.value("name") : undefined;
  let kind: string | undefined;
  const common: { mtu?: number; address?: string; master?: string; up?: boolean } = {};
  const extra: Record<string, string> = {};
  while (!w.done()) {
    const k = w.next()!;
    switch (k) {
      case "name":
        name = w.value(k);
        break;
      case "type":
        kind = w.value(k);
        break;
      case "mtu":
        common.mtu = u32("mtu", w.value(k));
        break;
      case "address":
        common.address = w.value(k);
        break;
      case "master":
        common.master = w.value(k);
        break;
      case "up":
        common.up = true;
        break;
      case "peer":
        w.accept("name");
        extra.peer = w.value("peer");
        break;
      case "link":
      case "dev":
        extra.link = w.value(k);
        break;
      case "id":
      case "vni":
      case "mode":
      case "remote":
      case "group":
      case "local":
      case "dstport":
      case "protocol":
        extra[k] = w.value(k);
        break;
      default:
        if (name === undefined) name = k;
        else throw new UsageError(`link add: unexpected ${JSON.stringify(k)}`);
    }
  }
  if (name === undefined) throw new UsageError("link add: which name? (link add NAME type KIND …)");
  if (kind === undefined) throw new UsageError("link add: which type? (veth, bridge, vlan, macvlan, vxlan)");
  const base = { name, ...common };
  let spec: LinkSpec;
  switch (kind) {
    case "veth":
      spec = { ...base, kind, peer: { name: extra.peer ?? `${name}-peer` } };
      break;
    case "bridge":
      spec = { ...base, kind };
      break;
    case "vlan": {
      if (extra.link === undefined || extra.id === undefined) throw new UsageError("link add type vlan needs link DEV and id N");
      const protocol = extra.protocol;
      if (protocol !== undefined && protocol !== "802.1Q" && protocol !== "802.1ad") throw new UsageError(`vlan protocol ${JSON.stringify(protocol)} is not 802.1Q or 802.1ad`);
      spec = { ...base, kind, link: extra.link, id: u32("id", extra.id), ...(protocol !== undefined ? { protocol } : {}) };
      break;
    }
    case "macvlan":
    case "macvtap": {
      if (extra.link === undefined) throw new UsageError(`link add type ${kind} needs link DEV`);
      const mode = extra.mode;
      if (mode !== undefined && !(MACVLAN_MODES as readonly string[]).includes(mode)) throw new UsageError(`macvlan mode ${JSON.stringify(mode)} is not one of ${MACVLAN_MODES.join(", ")}`);
      spec = { ...base, kind, link: extra.link, ...(mode !== undefined ? { mode: mode as MacvlanMode } : {}) };
      break;
    }
    case "vxlan": {
      const vni = extra.id ?? extra.vni;
      if (vni === undefined) throw new UsageError("link add type vxlan needs id N");
      spec = {
        ...base,
        kind,
        vni: u32("id", vni),
        ...(extra.remote !== undefined ? { remote: extra.remote } : {}),
        ...(extra.group !== undefined ? { group: extra.group } : {}),
        ...(extra.local !== undefined ? { local: extra.local } : {}),
        ...(extra.link !== undefined ? { link: extra.link } : {}),
        ...(extra.dstport !== undefined ? { port: u32("dstport", extra.dstport) } : {}),
      };
      break;
    }
    default:
      throw new UsageError(`link add: type ${JSON.stringify(kind)} is not one of veth, bridge, vlan, macvlan, macvtap, vxlan`);
  }
  await createLink(ctx.route(), spec);
}

function onOff(k: string, v: string): boolean {
  if (v === "on") return true;
  if (v === "off") return false;
  throw new UsageError(`${k} takes on or off, not ${JSON.stringify(v)}`);
}

async function changeLink(ctx: Context, w: Words): Promise<void> {
  if (w.accept("dev") !== undefined && w.done()) throw new UsageError('"dev" needs a value');
  const dev = w.next();
  if (dev === undefined) throw new UsageError("link set: which link? (link set DEV …)");
  const changes: LinkChanges = {};
  while (!w.done()) {
    const k = w.next()!;
    switch (k) {
      case "up":
        changes.up = true;
        break;
      case "down":
        changes.up = false;
        break;
      case "mtu":
        changes.mtu = u32("mtu", w.value(k));
        break;
      case "name":
        changes.name = w.value(k);
        break;
      case "address":
        changes.address = w.value(k);
        break;
      case "broadcast":
        changes.broadcast = w.value(k);
        break;
      case "master":
        changes.master = w.value(k);
        break;
      case "nomaster":
        changes.master = null;
        break;
      case "alias":
        changes.alias = w.value(k);
        break;
      case "txqlen":
      case "txqueuelen":
        changes.txQueueLength = u32(k, w.value(k));
        break;
      case "netns":
        changes.netns = w.value(k);
        break;
      case "group":
        changes.group = u32("group", w.value(k));
        break;
      case "promisc":
        changes.promisc = onOff(k, w.value(k));
        break;
      case "arp":
        changes.arp = onOff(k, w.value(k));
        break;
      case "allmulticast":
        changes.allmulticast = onOff(k, w.value(k));
        break;
      default:
        throw new UsageError(`link set: unknown setting ${JSON.stringify(k)}`);
    }
  }
  if (Object.keys(changes).length === 0) throw new UsageError("link set: nothing to change (up, down, mtu N, name NEW…)");
  const link = await ctx.link(dev);
  await setLink(ctx.route(), link.index, changes);
}

async function removeLink(ctx: Context, w: Words): Promise<void> {
  w.accept("dev");
  const dev = w.next();
  if (dev === undefined) throw new UsageError("link del: which link? (link del DEV)");
  w.end("link del");
  const link = await ctx.link(dev);
  await deleteLink(ctx.route(), link.index);
}
