/**
 * `bun-netlink addr`: list, add, replace, delete and flush IP addresses.
 */
import { u32, Words } from "./args.ts";
import type { Context } from "./context.ts";
import { UsageError } from "./errors.ts";
import { addressesJson, linkNames, nameOf } from "./ip-json.ts";
import { formatTable, humanSeconds, printJson } from "./output.ts";
import { addAddress, addressFlagNames, deleteAddress, listAddresses, replaceAddress, type Address, type AddressFlagName, type AddressScope, type AddressSpec } from "../rtnetlink/address.ts";
import { listLinks, type Link } from "../rtnetlink/link.ts";

/** Run `addr …`. */
export async function addressCommand(ctx: Context, w: Words): Promise<void> {
  switch (w.peek()) {
    case "add":
    case "replace":
    case "change": {
      const verb = w.next()!;
      return changeAddress(ctx, w, verb === "add" ? "add" : "replace");
    }
    case "del":
    case "delete":
      w.next();
      return removeAddress(ctx, w);
    case "flush":
      w.next();
      return flushAddresses(ctx, w);
    case "show":
    case "list":
    case "ls":
      w.next();
      return showAddresses(ctx, w);
    default:
      return showAddresses(ctx, w);
  }
}

async function showAddresses(ctx: Context, w: Words): Promise<void> {
  const dev = w.accept("dev") === undefined ? w.next() : w.value("dev");
  w.end("addr show");
  const conn = ctx.route();
  const link = dev === undefined ? undefined : await ctx.link(dev);
  const family = ctx.options.family;
  const [allLinks, addresses] = await Promise.all([
    listLinks(conn),
    listAddresses(conn, { ...(link ? { link: link.index } : {}), ...(family ? { family } : {}) }),
  ]);
  if (ctx.options.json) {
    const json = addressesJson(allLinks, addresses, family);
    printJson(ctx.output, link === undefined ? json : json.filter((o) => o.ifindex === link.index));
    return;
  }
  ctx.out(addressTable(addresses, allLinks));
}

/** The human table of addresses. */
export function addressTable(addresses: readonly Address[], links: readonly Link[]): string {
  const names = linkNames(links);
  const rows = addresses.map((a) => [
    nameOf(names, a.index),
    a.family === 4 ? "inet" : "inet6",
    `${a.address}/${a.prefixLength}`,
    a.peer,
    a.broadcast,
    String(a.scope),
    addressFlagNames(a.flags, a.family).filter((f) => f !== "permanent").join(",") || (a.flags & 0x80 ? "" : "dynamic"),
    lifetime(a.validLifetime),
    lifetime(a.preferredLifetime),
  ]);
  return formatTable(["LINK", "FAMILY", "ADDRESS", "PEER", "BROADCAST", "SCOPE", "FLAGS", "VALID", "PREFERRED"], rows);
}

function lifetime(s: number): string {
  return s === Infinity ? "forever" : humanSeconds(s);
}

const SCOPES = ["global", "site", "link", "host", "nowhere"];
const FLAG_WORDS: readonly AddressFlagName[] = ["nodad", "noprefixroute", "optimistic", "home", "mngtmpaddr", "autojoin"];

function seconds(k: string, v: string): number {
  return v === "forever" || v === "infinite" ? Infinity : u32(k, v);
}

async function changeAddress(ctx: Context, w: Words, verb: "add" | "replace"): Promise<void> {
  let prefix: string | undefined;
  let dev: string | undefined;
  const spec: Partial<AddressSpec> & { flags?: AddressFlagName[] } = {};
  while (!w.done()) {
    const k = w.next()!;
    switch (k) {
      case "dev":
        dev = w.value(k);
        break;
      case "local":
        prefix = w.value(k);
        break;
      case "peer":
        spec.peer = w.value(k);
        break;
      case "broadcast":
      case "brd": {
        const v = w.value(k);
        spec.broadcast = v === "+" ? true : v;
        break;
      }
      case "label":
        spec.label = w.value(k);
        break;
      case "scope": {
        const v = w.value(k);
        spec.scope = SCOPES.includes(v) ? (v as AddressScope) : u32("scope", v);
        break;
      }
      case "metric":
      case "priority":
        spec.metric = u32("metric", w.value(k));
        break;
      case "valid_lft":
        spec.validLifetime = seconds(k, w.value(k));
        break;
      case "preferred_lft":
        spec.preferredLifetime = seconds(k, w.value(k));
        break;
      default:
        if ((FLAG_WORDS as readonly string[]).includes(k)) (spec.flags ??= []).push(k as AddressFlagName);
        else if (prefix === undefined) prefix = k;
        else throw new UsageError(`addr ${verb}: unexpected ${JSON.stringify(k)}`);
    }
  }
  if (prefix === undefined) throw new UsageError(`addr ${verb}: which address? (addr ${verb} 192.0.2.1/24 dev DEV)`);
  if (dev === undefined) throw new UsageError(`addr ${verb}: which link? (… dev DEV)`);
  const link = await ctx.link(dev);
  const full: AddressSpec = { ...spec, link: link.index, address: prefix };
  await (verb === "add" ? addAddress : replaceAddress)(ctx.route(), full);
}

async function removeAddress(ctx: Context, w: Words): Promise<void> {
  let prefix: string | undefined;
  let dev: string | undefined;
  while (!w.done()) {
    const k = w.next()!;
    if (k === "dev") dev = w.value(k);
    else if (k === "local") prefix = w.value(k);
    else if (prefix === undefined) prefix = k;
    else throw new UsageError(`addr del: unexpected ${JSON.stringify(k)}`);
  }
  if (prefix === undefined || dev === undefined) throw new UsageError("addr del: usage: addr del PREFIX dev DEV");
  const link = await ctx.link(dev);
  await deleteAddress(ctx.route(), { link: link.index, address: prefix });
}

async function flushAddresses(ctx: Context, w: Words): Promise<void> {
  const dev = w.accept("dev") === undefined ? w.next() : w.value("dev");
  w.end("addr flush");
  if (dev === undefined) throw new UsageError("addr flush: which link? (addr flush dev DEV)");
  const link = await ctx.link(dev);
  const family = ctx.options.family;
  const addresses = await listAddresses(ctx.route(), { link: link.index, ...(family ? { family } : {}) });
  // Secondary IPv4 addresses go with their primary; delete primaries last so none is missed.
  const order = [...addresses].sort((a, b) => (b.flags & 0x01) - (a.flags & 0x01));
  for (const a of order) {
    try {
      await deleteAddress(ctx.route(), a);
    } catch (err) {
      if ((err as { code?: string }).code !== "EADDRNOTAVAIL") throw err;
    }
  }
}
