/**
 * `bun-netlink` with no command: an overview of the machine's (or namespace's) network state —
 * links with their addresses, the routes of the main tables, the generic netlink families, and
 * WiFi interfaces when there is a WiFi stack.
 */
import { NetlinkError } from "../netlink/index.ts";
import { WifiClient, WifiUnavailableError, type Interface } from "../wifi/index.ts";
import type { Context } from "./context.ts";
import { linkNames, addressesJson, routeJson, type JsonObject } from "./ip-json.ts";
import { displayName } from "./link.ts";
import { formatTable, printJson } from "./output.ts";
import { RT_TABLE_MAIN } from "./constants.ts";
import { listAddresses } from "../rtnetlink/address.ts";
import { listLinks } from "../rtnetlink/link.ts";
import { listRoutes } from "../rtnetlink/route.ts";
import { routeTable } from "./route.ts";
import { interfaceTable } from "./wifi.ts";
import type { Family } from "../genetlink/index.ts";

/** WiFi as the overview sees it: interfaces, or why there are none. */
type WifiState = { available: true; interfaces: Interface[] } | { available: false; reason: string };

async function wifiState(ctx: Context): Promise<WifiState> {
  try {
    const wifi = await WifiClient.open({ ...ctx.dialOptions(), signal: ctx.signal });
    try {
      return { available: true, interfaces: await wifi.listInterfaces({ signal: ctx.signal }) };
    } finally {
      wifi.close();
    }
  } catch (err) {
    if (err instanceof WifiUnavailableError) return { available: false, reason: "no WiFi stack (nl80211 not available)" };
    if (err instanceof NetlinkError) return { available: false, reason: err.message };
    throw err;
  }
}

/** Print the overview. */
export async function overviewCommand(ctx: Context): Promise<void> {
  const conn = ctx.route();
  const [links, addresses, routes, families, wifi] = await Promise.all([
    listLinks(conn),
    listAddresses(conn),
    listRoutes(conn, { table: RT_TABLE_MAIN }),
    ctx.genl().then((genl) => genl.listFamilies({ signal: ctx.signal })),
    wifiState(ctx),
  ]);
  const names = linkNames(links);
  if (ctx.options.json) {
    const doc: JsonObject = {
      netns: ctx.options.netns ?? null,
      links: addressesJson(links, addresses),
      routes: routes.map((r) => routeJson(r, names)),
      genl: families.map((f: Family) => ({ id: f.id, name: f.name, version: f.version, groups: f.groups.map((g) => g.name) })),
      wifi: wifi.available ? { available: true, interfaces: wifi.interfaces } : { available: false, reason: wifi.reason },
    };
    printJson(ctx.output, doc);
    return;
  }
  const where = ctx.options.netns === undefined ? "this machine" : `network namespace ${ctx.options.netns}`;
  let s = `Network state of ${where}\n\n`;
  s += `Links (${links.length})\n`;
  const byLink = new Map<number, string[]>();
  for (const a of addresses) {
    const list = byLink.get(a.index) ?? [];
    list.push(`${a.address}/${a.prefixLength}`);
    byLink.set(a.index, list);
  }
  s += indent(
    formatTable(
      ["INDEX", "NAME", "STATE", "MTU", "MAC", "ADDRESSES"],
      links.map((l) => [l.index, displayName(l, names), l.operState.toUpperCase(), l.mtu, l.address, (byLink.get(l.index) ?? []).join(" ")]),
    ),
  );
  s += `\nRoutes, main table (${routes.length}; all tables: bun-netlink route)\n`;
  s += indent(routeTable(routes, names));
  s += `\nGeneric netlink families (${families.length}; details: bun-netlink genl family NAME)\n`;
  s += wrap(families.map((f) => f.name).sort(), 96);
  s += "\nWiFi\n";
  s += wifi.available ? indent(interfaceTable(wifi.interfaces)) : `  ${wifi.reason}\n`;
  s += "\nMore: bun-netlink help\n";
  ctx.out(s);
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => (l === "" ? l : "  " + l))
    .join("\n");
}

function wrap(words: readonly string[], width: number): string {
  let s = "";
  let line = " ";
  for (const w of words) {
    if (line.length + w.length + 2 > width) {
      s += line.trimEnd() + "\n";
      line = " ";
    }
    line += ` ${w}`;
  }
  return s + line.trimEnd() + "\n";
}
