/**
 * `bun-netlink wifi`: nl80211 interfaces, PHYs, the link a station has, stations, scans, survey,
 * regulatory domains and events. Without a WiFi stack every subcommand fails with "no WiFi stack
 * (nl80211 not available)" and exit status 3.
 */
import {
  frequencyToChannel,
  WifiClient,
  type Bss,
  type Interface,
  type Phy,
  type RegulatoryDomain,
  type Station,
  type Survey,
} from "../wifi/index.ts";
import { positiveInteger, Words } from "./args.ts";
import type { Context } from "./context.ts";
import { CliError, EXIT, UsageError } from "./errors.ts";
import { formatTable, humanBitrate, humanBytes, humanSeconds, printJson, toJson } from "./output.ts";

/** Open the nl80211 client in the context's namespace; closed with the context. */
async function client(ctx: Context): Promise<WifiClient> {
  const wifi = await WifiClient.open({ ...ctx.dialOptions(), signal: ctx.signal });
  ctx.defer(() => wifi.close());
  return wifi;
}

/** Run `wifi …`. */
export async function wifiCommand(ctx: Context, w: Words): Promise<void> {
  const verb = w.next() ?? "dev";
  switch (verb) {
    case "dev":
    case "interfaces":
      w.end("wifi dev");
      return showInterfaces(ctx);
    case "phy":
    case "phys":
      return showPhys(ctx, w);
    case "link":
      return showLink(ctx, w);
    case "station":
    case "stations":
      return showStations(ctx, w);
    case "scan":
      return scan(ctx, w);
    case "survey":
      return showSurvey(ctx, w);
    case "reg":
      w.end("wifi reg");
      return showRegulatory(ctx);
    case "events":
    case "event":
      w.end("wifi events");
      return showEvents(ctx);
    default:
      throw new UsageError(`wifi: unknown subcommand ${JSON.stringify(verb)} (dev, phy, link, station, scan, survey, reg, events)`);
  }
}

function device(w: Words, command: string): string {
  w.accept("dev");
  const dev = w.next();
  if (dev === undefined) throw new UsageError(`wifi ${command}: which interface? (wifi ${command} wlan0)`);
  return dev;
}

/** An interface by name, or a CliError naming the wireless interfaces there are. */
async function findInterface(wifi: WifiClient, ctx: Context, name: string): Promise<Interface> {
  const all = await wifi.listInterfaces({ signal: ctx.signal });
  const found = all.find((i) => i.name === name || String(i.index) === name);
  if (found === undefined) {
    const known = all.map((i) => i.name).filter((n) => n !== undefined);
    throw new CliError(`unknown wireless interface ${JSON.stringify(name)}`, EXIT.failure, known.length > 0 ? `wireless interfaces: ${known.join(", ")}` : "there are no wireless interfaces");
  }
  return found;
}

function channel(mhz: number | undefined): number | undefined {
  return mhz === undefined ? undefined : frequencyToChannel(mhz);
}

async function showInterfaces(ctx: Context): Promise<void> {
  const wifi = await client(ctx);
  const list = await wifi.listInterfaces({ signal: ctx.signal });
  if (ctx.options.json) return printJson(ctx.output, list);
  ctx.out(interfaceTable(list));
}

/** The human table of wireless interfaces. */
export function interfaceTable(list: readonly Interface[]): string {
  const rows = list.map((i) => [
    i.name,
    i.index,
    `phy#${i.phy}`,
    String(i.type),
    i.mac,
    i.ssid,
    i.frequency,
    channel(i.frequency),
    i.channelWidth === undefined ? undefined : String(i.channelWidth),
    i.txPower === undefined ? undefined : `${i.txPower} dBm`,
  ]);
  return formatTable(["IFACE", "INDEX", "PHY", "TYPE", "MAC", "SSID", "FREQ", "CHANNEL", "WIDTH", "TXPOWER"], rows);
}

async function showPhys(ctx: Context, w: Words): Promise<void> {
  const arg = w.next();
  w.end("wifi phy");
  const wifi = await client(ctx);
  const index = arg === undefined ? undefined : Number(arg.replace(/^phy#?/, ""));
  if (index !== undefined && !Number.isInteger(index)) throw new UsageError(`wifi phy: ${JSON.stringify(arg)} is not a PHY index (0, phy0)`);
  const phys = index === undefined ? await wifi.listPhys({ signal: ctx.signal }) : [await wifi.getPhy(index, { signal: ctx.signal })];
  if (ctx.options.json) return printJson(ctx.output, index === undefined ? phys : phys[0]);
  if (index === undefined) {
    const rows = phys.map((p) => [p.index, p.name, p.bands.map((b) => String(b.band)).join(","), p.bands.reduce((n, b) => n + b.frequencies.filter((f) => !f.disabled).length, 0), p.supportedInterfaceTypes.map(String).join(",")]);
    ctx.out(formatTable(["INDEX", "NAME", "BANDS", "CHANNELS", "INTERFACE TYPES"], rows));
    return;
  }
  ctx.out(phyDetails(phys[0]!));
}

/** The human description of one PHY. */
export function phyDetails(p: Phy): string {
  let s = `${p.name} (index ${p.index})\n`;
  s += `  interface types: ${p.supportedInterfaceTypes.map(String).join(", ") || "-"}\n`;
  s += `  cipher suites: ${p.cipherSuites.map((c) => `${(c >>> 8).toString(16).padStart(6, "0")}-${c & 0xff}`).join(", ") || "-"}\n`;
  if (p.maxScanSsids !== undefined) s += `  max scan SSIDs: ${p.maxScanSsids}\n`;
  for (const b of p.bands) {
    s += `  band ${String(b.band)}${b.ht ? " (HT)" : ""}${b.vht ? " (VHT)" : ""}\n`;
    const rows = b.frequencies.map((f) => [f.offset ? f.frequency + f.offset / 1000 : f.frequency, f.channel, f.maxTxPower === undefined ? undefined : `${f.maxTxPower} dBm`, f.disabled ? "disabled" : [...f.flags].join(",")]);
    s += formatTable(["FREQ", "CHANNEL", "MAX POWER", "FLAGS"], rows)
      .split("\n")
      .map((l) => (l === "" ? l : "    " + l))
      .join("\n");
  }
  return s;
}

/** What `wifi link` reports for one interface. */
export type WifiLink =
  | { interface: string | undefined; index: number; connected: false }
  | { interface: string | undefined; index: number; connected: true; bssid: string; ssid?: string; frequency?: number; station: Station };

async function showLink(ctx: Context, w: Words): Promise<void> {
  w.accept("dev");
  const dev = w.next();
  w.end("wifi link");
  const wifi = await client(ctx);
  const all = dev === undefined ? (await wifi.listInterfaces({ signal: ctx.signal })).filter((i) => i.type === "station") : [await findInterface(wifi, ctx, dev)];
  const links: WifiLink[] = [];
  for (const i of all) {
    if (i.index === undefined) continue;
    // A station interface has one station: its AP. The SSID and channel come from that BSS.
    const ap = i.type === "station" ? (await wifi.listStations(i.index, { signal: ctx.signal }))[0] : undefined;
    if (ap === undefined) {
      links.push({ interface: i.name, index: i.index, connected: false });
      continue;
    }
    const bss = (await wifi.listBss(i.index, { signal: ctx.signal })).find((b) => b.bssid === ap.mac && b.status !== undefined);
    const ssid = bss?.ssid ?? i.ssid;
    const frequency = bss?.frequency ?? i.frequency;
    links.push({ interface: i.name, index: i.index, connected: true, bssid: ap.mac, ...(ssid !== undefined ? { ssid } : {}), ...(frequency !== undefined ? { frequency } : {}), station: ap });
  }
  if (ctx.options.json) return printJson(ctx.output, links);
  if (links.length === 0) {
    ctx.out("no station interfaces\n");
    return;
  }
  for (const l of links) {
    if (!l.connected) {
      ctx.out(`${l.interface}: not connected\n`);
      continue;
    }
    const st = l.station;
    ctx.out(
      `${l.interface}: connected to ${l.bssid}\n` +
        `  SSID: ${l.ssid ?? "-"}\n` +
        `  frequency: ${l.frequency ?? "-"} MHz (channel ${channel(l.frequency) ?? "-"})\n` +
        `  signal: ${st.signal ?? "-"} dBm\n` +
        `  rx: ${humanBytes(st.rxBytes)} (${st.rxPackets ?? "-"} packets), tx: ${humanBytes(st.txBytes)} (${st.txPackets ?? "-"} packets)\n` +
        `  tx bitrate: ${humanBitrate(st.txBitrate?.bitrate)}, rx bitrate: ${humanBitrate(st.rxBitrate?.bitrate)}\n` +
        `  connected for ${humanSeconds(st.connectedTime)}\n`,
    );
  }
}

async function showStations(ctx: Context, w: Words): Promise<void> {
  const dev = device(w, "station");
  w.end("wifi station");
  const wifi = await client(ctx);
  const i = await findInterface(wifi, ctx, dev);
  const stations = await wifi.listStations(i.index ?? dev, { signal: ctx.signal });
  if (ctx.options.json) return printJson(ctx.output, stations);
  ctx.out(stationTable(stations));
}

/** The human table of stations. */
export function stationTable(stations: readonly Station[]): string {
  const rows = stations.map((s) => [
    s.mac,
    s.signal === undefined ? undefined : `${s.signal} dBm`,
    humanBytes(s.rxBytes),
    humanBytes(s.txBytes),
    humanBitrate(s.rxBitrate?.bitrate),
    humanBitrate(s.txBitrate?.bitrate),
    humanSeconds(s.connectedTime),
    s.inactiveTime === undefined ? undefined : `${s.inactiveTime} ms`,
    s.flags?.authorized ? "authorized" : s.flags?.associated ? "associated" : undefined,
  ]);
  return formatTable(["MAC", "SIGNAL", "RX", "TX", "RX RATE", "TX RATE", "CONNECTED", "INACTIVE", "STATE"], rows);
}

async function scan(ctx: Context, w: Words): Promise<void> {
  const dev = device(w, "scan");
  const frequencies: number[] = [];
  const ssids: string[] = [];
  let passive = false;
  let flush = false;
  while (!w.done()) {
    const k = w.next()!;
    if (k === "freq") frequencies.push(positiveInteger("freq", w.value(k)));
    else if (k === "ssid") ssids.push(w.value(k));
    else if (k === "passive") passive = true;
    else if (k === "flush") flush = true;
    else throw new UsageError(`wifi scan: unexpected ${JSON.stringify(k)}`);
  }
  const wifi = await client(ctx);
  const i = await findInterface(wifi, ctx, dev);
  const ref = i.index ?? dev;
  const results = ctx.options.dump
    ? await wifi.listBss(ref, { signal: ctx.signal })
    : await wifi.scan(ref, {
        signal: ctx.signal,
        ...(frequencies.length > 0 ? { frequencies } : {}),
        ...(passive ? { ssids: [] } : ssids.length > 0 ? { ssids } : {}),
        ...(flush ? { flush } : {}),
      });
  if (ctx.options.json) return printJson(ctx.output, results);
  ctx.out(bssTable(results));
}

/** The human table of scan results. */
export function bssTable(list: readonly Bss[]): string {
  const rows = list.map((b) => [
    b.bssid,
    b.ssid,
    b.frequency,
    channel(b.frequency),
    b.signal !== undefined ? `${b.signal} dBm` : b.signalUnspecified !== undefined ? `${b.signalUnspecified}/100` : undefined,
    b.status === undefined ? undefined : String(b.status),
    b.lastSeen === undefined ? undefined : `${b.lastSeen} ms`,
  ]);
  return formatTable(["BSSID", "SSID", "FREQ", "CHANNEL", "SIGNAL", "STATUS", "LAST SEEN"], rows);
}

async function showSurvey(ctx: Context, w: Words): Promise<void> {
  const dev = device(w, "survey");
  w.end("wifi survey");
  const wifi = await client(ctx);
  const i = await findInterface(wifi, ctx, dev);
  const surveys = await wifi.listSurveys(i.index ?? dev, { signal: ctx.signal });
  if (ctx.options.json) return printJson(ctx.output, surveys);
  ctx.out(surveyTable(surveys));
}

/** The human table of a channel survey. */
export function surveyTable(list: readonly Survey[]): string {
  const ms = (v: bigint | undefined) => (v === undefined ? undefined : `${v} ms`);
  const rows = list.map((s) => [s.frequency, channel(s.frequency), s.noise === undefined ? undefined : `${s.noise} dBm`, s.inUse ? "yes" : "", ms(s.activeTime), ms(s.busyTime), ms(s.receiveTime), ms(s.transmitTime)]);
  return formatTable(["FREQ", "CHANNEL", "NOISE", "IN USE", "ACTIVE", "BUSY", "RX", "TX"], rows);
}

async function showRegulatory(ctx: Context): Promise<void> {
  const wifi = await client(ctx);
  const domains = await wifi.listRegulatoryDomains({ signal: ctx.signal });
  if (ctx.options.json) return printJson(ctx.output, domains);
  ctx.out(domains.map(regulatoryText).join("\n"));
}

/** The human description of a regulatory domain. */
export function regulatoryText(d: RegulatoryDomain): string {
  let s = `${d.phy === undefined ? "global" : `phy#${d.phy}${d.selfManaged ? " (self-managed)" : ""}`}: country ${d.country}${d.dfsRegion !== undefined ? `, DFS ${String(d.dfsRegion)}` : ""}\n`;
  const rows = d.rules.map((r) => [`${r.startFrequency / 1000} - ${r.endFrequency / 1000}`, r.maxBandwidth / 1000, r.maxEirp / 100, r.flags.join(",")]);
  s += formatTable(["MHz", "MAX WIDTH MHz", "MAX EIRP dBm", "FLAGS"], rows)
    .split("\n")
    .map((l) => (l === "" ? l : "  " + l))
    .join("\n");
  return s;
}

async function showEvents(ctx: Context): Promise<void> {
  const wifi = await client(ctx);
  const events = await wifi.events({ signal: ctx.signal });
  ctx.err("listening to nl80211 events (config, scan, regulatory, mlme); Ctrl-C stops\n");
  let n = 0;
  const limit = ctx.options.count ?? Infinity;
  try {
    for await (const ev of events) {
      ctx.out((ctx.options.json ? toJson(ev) : eventLine(ev as unknown as Record<string, unknown>)) + "\n");
      if (++n >= limit) break;
    }
  } catch (err) {
    if (!ctx.signal.aborted) throw err;
  } finally {
    await events.return?.();
  }
}

/** An nl80211 event on one line: its type and its plain fields. */
export function eventLine(ev: Record<string, unknown>): string {
  const parts = [`[WIFI] ${String(ev.type)}`];
  for (const [k, v] of Object.entries(ev)) {
    if (k === "type" || k === "command" || k === "commandName" || v === undefined) continue;
    if (typeof v === "object" && v !== null) {
      if (k === "interface") parts.push(`interface=${String((v as Interface).name ?? (v as Interface).index)}`);
      continue;
    }
    parts.push(`${k}=${typeof v === "string" ? v : String(v)}`);
  }
  return parts.join(" ");
}
