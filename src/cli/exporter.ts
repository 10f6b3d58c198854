/**
 * A Prometheus exporter for WiFi and link statistics, read over netlink.
 *
 * WiFi metrics carry the names, labels and help texts of node_exporter's wifi collector
 * (`node_wifi_*`); link metrics those of its netdev collector (`node_network_*_total`, with the
 * /proc/net/dev groupings) and a few of its netclass collector (`node_network_up`,
 * `node_network_mtu_bytes`, …), so existing dashboards and alerts work unchanged. Each scrape also
 * reports `node_scrape_collector_success` and `node_scrape_collector_duration_seconds` per
 * collector; a collector that cannot run (no WiFi stack) reports success 0 and no metrics.
 *
 * `collectMetrics()` returns the text exposition format (version 0.0.4); `startExporter()` serves
 * it over HTTP on a loopback address only; `bun-netlink exporter` runs that server.
 *
 * @example
 * import { collectMetrics } from "./src/cli/exporter.ts";
 * console.log(await collectMetrics({ netns: "blue" }));
 */
import { dial, NetlinkError, NETLINK_ROUTE, type Netns } from "../netlink/index.ts";
import { WifiClient, WifiUnavailableError, type Bss, type Station } from "../wifi/index.ts";
import { Words } from "./args.ts";
import type { Context } from "./context.ts";
import { UsageError } from "./errors.ts";
import { IFF_UP } from "./constants.ts";
import { listLinks, type Link } from "../rtnetlink/link.ts";

/** The collectors collectMetrics() runs. */
export type CollectorName = "netdev" | "wifi";

/** Options of collectMetrics(). */
export interface CollectOptions {
  /** Read the links and WiFi devices of this network namespace. Default: the caller's. */
  netns?: Netns;
  /** Which collectors to run. Default: both. */
  collectors?: readonly CollectorName[];
  signal?: AbortSignal;
}

/** The metric types of the text format. */
export type MetricType = "counter" | "gauge" | "untyped";

interface Family {
  help: string;
  type: MetricType;
  samples: { labels: Record<string, string>; value: number }[];
}

/**
 * A MetricSet collects samples by metric name and renders them in the Prometheus text format:
 * one HELP and TYPE line per family, then its samples, families in the order first added.
 */
export class MetricSet {
  readonly #families = new Map<string, Family>();

  /** Add one sample. A family's help and type are those given with its first sample. */
  add(name: string, type: MetricType, help: string, labels: Record<string, string>, value: number | bigint): void {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) throw new Error(`invalid metric name ${JSON.stringify(name)}`);
    let f = this.#families.get(name);
    if (f === undefined) this.#families.set(name, (f = { help, type, samples: [] }));
    f.samples.push({ labels, value: Number(value) });
  }

  /** Add every sample of another set. */
  merge(other: MetricSet): void {
    for (const [name, f] of other.#families) for (const x of f.samples) this.add(name, f.type, f.help, x.labels, x.value);
  }

  /** The text exposition format. */
  text(): string {
    let s = "";
    for (const [name, f] of this.#families) {
      s += `# HELP ${name} ${escapeHelp(f.help)}\n# TYPE ${name} ${f.type}\n`;
      for (const sample of f.samples) s += `${name}${labelText(sample.labels)} ${formatValue(sample.value)}\n`;
    }
    return s;
  }
}

function escapeHelp(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

/** Label values escape backslash, double quote and newline (the text format's rules). */
export function escapeLabelValue(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function labelText(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return "";
  return `{${entries.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(",")}}`;
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

// ------------------------------------------------------------------------------------ netdev

/**
 * The counters of node_exporter's netdev collector (its default, /proc/net/dev-compatible
 * names), from a link's rtnl_link_stats64: "drop" adds missed errors, "frame" adds length, over
 * and CRC errors, "carrier" adds aborted, heartbeat and window errors, as /proc/net/dev does.
 */
const NETDEV_COUNTERS: readonly (readonly [string, (s: NonNullable<Link["stats"]>) => number])[] = [
  ["receive_bytes", (s) => s.rxBytes],
  ["receive_packets", (s) => s.rxPackets],
  ["receive_errs", (s) => s.rxErrors],
  ["receive_drop", (s) => s.rxDropped + s.rxMissedErrors],
  ["receive_fifo", (s) => s.rxFifoErrors],
  ["receive_frame", (s) => s.rxFrameErrors + s.rxLengthErrors + s.rxOverErrors + s.rxCrcErrors],
  ["receive_compressed", (s) => s.rxCompressed],
  ["receive_multicast", (s) => s.multicast],
  ["transmit_bytes", (s) => s.txBytes],
  ["transmit_packets", (s) => s.txPackets],
  ["transmit_errs", (s) => s.txErrors],
  ["transmit_drop", (s) => s.txDropped],
  ["transmit_fifo", (s) => s.txFifoErrors],
  ["transmit_colls", (s) => s.collisions],
  ["transmit_carrier", (s) => s.txCarrierErrors + s.txAbortedErrors + s.txHeartbeatErrors + s.txWindowErrors],
  ["transmit_compressed", (s) => s.txCompressed],
];

async function collectNetdev(m: MetricSet, options: CollectOptions): Promise<void> {
  const conn = dial(NETLINK_ROUTE, options.netns === undefined ? {} : { netns: options.netns });
  try {
    const links = await listLinks(conn, options.signal ? { signal: options.signal } : {});
    for (const [key, read] of NETDEV_COUNTERS) {
      for (const l of links) if (l.stats) m.add(`node_network_${key}_total`, "counter", `Network device statistic ${key}.`, { device: l.name }, read(l.stats));
    }
    for (const l of links) {
      m.add(
        "node_network_info",
        "gauge",
        "Non-numeric data from /sys/class/net/<iface>, value is always 1.",
        {
          address: l.address ?? "",
          adminstate: l.flags & IFF_UP ? "up" : "down",
          broadcast: l.broadcast ?? "",
          device: l.name,
          ifalias: l.alias ?? "",
          operstate: l.operState,
        },
        1,
      );
    }
    for (const l of links) m.add("node_network_up", "gauge", "Value is 1 if operstate is 'up', 0 otherwise.", { device: l.name }, l.operState === "up" ? 1 : 0);
    for (const l of links) m.add("node_network_mtu_bytes", "gauge", "Network device property: mtu_bytes", { device: l.name }, l.mtu);
    for (const l of links) m.add("node_network_iface_id", "gauge", "Network device property: iface_id", { device: l.name }, l.index);
    for (const l of links) m.add("node_network_transmit_queue_length", "gauge", "Network device property: transmit_queue_length", { device: l.name }, l.txQueueLength);
    for (const l of links) if (l.carrier !== undefined) m.add("node_network_carrier", "gauge", "Network device property: carrier", { device: l.name }, l.carrier ? 1 : 0);
  } finally {
    conn.close();
  }
}

// -------------------------------------------------------------------------------------- wifi

const WIFI_LABELS = (device: string, s: Station) => ({ device, mac_address: s.mac });

/** node_exporter's bssStatusMode. */
function bssMode(b: Bss): string {
  if (b.status === "authenticated" || b.status === "associated") return "client";
  if (b.status === "ibss-joined") return "ad-hoc";
  return "unknown";
}

/** Errors that mean "this interface has no such data" (node_exporter's os.ErrNotExist cases). */
function notAvailable(err: unknown): boolean {
  return err instanceof NetlinkError && ["ENOENT", "ENODEV", "EOPNOTSUPP", "EINVAL", "ENOTSUP", "ENETDOWN"].includes(err.code);
}

async function collectWifi(m: MetricSet, options: CollectOptions): Promise<void> {
  const wifi = await WifiClient.open({ ...(options.netns === undefined ? {} : { netns: options.netns }), ...(options.signal ? { signal: options.signal } : {}) });
  const req = options.signal ? { signal: options.signal } : {};
  try {
    for (const ifc of await wifi.listInterfaces(req)) {
      if (ifc.name === undefined || ifc.name === "" || ifc.index === undefined) continue;
      const device = ifc.name;
      if (ifc.frequency !== undefined) {
        m.add("node_wifi_interface_frequency_hertz", "gauge", "The current frequency a WiFi interface is operating at, in hertz.", { device }, ifc.frequency * 1e6);
      }
      let bss: Bss[] = [];
      try {
        bss = await wifi.listBss(ifc.index, req);
      } catch (err) {
        if (!notAvailable(err)) throw err;
      }
      const current = bss.find((b) => b.status !== undefined);
      if (current !== undefined) {
        m.add(
          "node_wifi_station_info",
          "gauge",
          "Labeled WiFi interface station information as provided by the operating system.",
          { device, bssid: current.bssid, ssid: current.ssid ?? "", mode: bssMode(current) },
          1,
        );
      }
      let stations: Station[] = [];
      try {
        stations = await wifi.listStations(ifc.index, req);
      } catch (err) {
        if (!notAvailable(err)) throw err;
      }
      for (const s of stations) addStation(m, device, s);
    }
  } finally {
    wifi.close();
  }
}

function addStation(m: MetricSet, device: string, s: Station): void {
  const l = WIFI_LABELS(device, s);
  m.add("node_wifi_station_connected_seconds_total", "counter", "The total number of seconds a station has been connected to an access point.", l, s.connectedTime ?? 0);
  m.add("node_wifi_station_inactive_seconds", "gauge", "The number of seconds since any wireless activity has occurred on a station.", l, (s.inactiveTime ?? 0) / 1000);
  m.add("node_wifi_station_receive_bits_per_second", "gauge", "The current WiFi receive bitrate of a station, in bits per second.", l, s.rxBitrate?.bitrate ?? 0);
  m.add("node_wifi_station_transmit_bits_per_second", "gauge", "The current WiFi transmit bitrate of a station, in bits per second.", l, s.txBitrate?.bitrate ?? 0);
  m.add("node_wifi_station_receive_bytes_total", "counter", "The total number of bytes received by a WiFi station.", l, s.rxBytes ?? 0n);
  m.add("node_wifi_station_transmit_bytes_total", "counter", "The total number of bytes transmitted by a WiFi station.", l, s.txBytes ?? 0n);
  if (s.signal !== undefined) m.add("node_wifi_station_signal_dbm", "gauge", "The current WiFi signal strength, in decibel-milliwatts (dBm).", l, s.signal);
  m.add("node_wifi_station_transmit_retries_total", "counter", "The total number of times a station has had to retry while sending a packet.", l, s.txRetries ?? 0);
  m.add("node_wifi_station_transmit_failed_total", "counter", "The total number of times a station has failed to send a packet.", l, s.txFailed ?? 0);
  m.add("node_wifi_station_beacon_loss_total", "counter", "The total number of times a station has detected a beacon loss.", l, s.beaconLoss ?? 0);
}

// ---------------------------------------------------------------------------------- scraping

const COLLECTORS: Record<CollectorName, (m: MetricSet, o: CollectOptions) => Promise<void>> = { netdev: collectNetdev, wifi: collectWifi };

/** What the last scrape of each collector ran into, for logging. */
export interface ScrapeResult {
  text: string;
  errors: { collector: CollectorName; error: unknown }[];
}

/**
 * Run the collectors and return the metrics with what went wrong. A failing collector reports
 * `node_scrape_collector_success 0` and leaves its metrics out; the others are unaffected.
 */
export async function scrape(options: CollectOptions = {}): Promise<ScrapeResult> {
  const m = new MetricSet();
  const meta: { collector: CollectorName; seconds: number; ok: boolean }[] = [];
  const errors: ScrapeResult["errors"] = [];
  for (const name of options.collectors ?? (["netdev", "wifi"] as const)) {
    const local = new MetricSet();
    const t0 = performance.now();
    let ok = true;
    try {
      await COLLECTORS[name](local, options);
    } catch (err) {
      ok = false;
      // No WiFi stack is a normal machine, not an error worth logging.
      if (!(err instanceof WifiUnavailableError)) errors.push({ collector: name, error: err });
    }
    meta.push({ collector: name, seconds: (performance.now() - t0) / 1000, ok });
    if (ok) m.merge(local);
  }
  for (const x of meta) m.add("node_scrape_collector_duration_seconds", "gauge", "node_exporter: Duration of a collector scrape.", { collector: x.collector }, x.seconds);
  for (const x of meta) m.add("node_scrape_collector_success", "gauge", "node_exporter: Whether a collector succeeded.", { collector: x.collector }, x.ok ? 1 : 0);
  return { text: m.text(), errors };
}

/**
 * Collect the metrics once, in the Prometheus text format.
 *
 * @example
 * const text = await collectMetrics({ netns: "blue", collectors: ["netdev"] });
 */
export async function collectMetrics(options: CollectOptions = {}): Promise<string> {
  return (await scrape(options)).text;
}

// ------------------------------------------------------------------------------------- serving

/** Options of startExporter(). */
export interface ExporterOptions extends CollectOptions {
  /** A loopback address: 127.0.0.1 (default), another 127.x address, ::1 or localhost. */
  hostname?: string;
  /** TCP port; default 9100 (node_exporter's); 0 picks a free one. */
  port?: number;
  /** Called with each collector error (default: printed to stderr). */
  onError?: (collector: CollectorName, error: unknown) => void;
}

/** Whether a host name is a loopback address. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Parse "127.0.0.1:9100", "[::1]:9100", ":9100" or "9100" (host 127.0.0.1); loopback only. */
export function parseListen(v: string): { hostname: string; port: number } {
  const m = /^(?:(?:\[([^\]]+)\]|([^:[\]]*)):)?(\d+)$/.exec(v);
  if (m === null) throw new UsageError(`--listen ${JSON.stringify(v)} is not HOST:PORT`);
  const hostname = m[1] ?? (m[2] === undefined || m[2] === "" ? "127.0.0.1" : m[2]);
  const port = Number(m[3]);
  if (!Number.isInteger(port) || port > 65535) throw new UsageError(`--listen: port ${m[3]} is not in 0..65535`);
  if (!isLoopback(hostname)) throw new UsageError(`--listen: the exporter serves loopback addresses only (127.0.0.1, ::1), not ${hostname}`);
  return { hostname, port };
}

const CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/**
 * Serve the metrics on http://HOST:PORT/metrics (loopback only). Stop it with `server.stop()`.
 *
 * @example
 * const server = startExporter({ port: 0 });
 * console.log(`http://127.0.0.1:${server.port}/metrics`);
 */
export function startExporter(options: ExporterOptions = {}): ReturnType<typeof Bun.serve> {
  const hostname = options.hostname ?? "127.0.0.1";
  if (!isLoopback(hostname)) throw new UsageError(`the exporter serves loopback addresses only (127.0.0.1, ::1), not ${hostname}`);
  const onError = options.onError ?? ((c, e) => console.error(`bun-netlink exporter: collector ${c} failed: ${e instanceof Error ? e.message : String(e)}`));
  const { hostname: _h, port: _p, onError: _o, ...collect } = options;
  return Bun.serve({
    hostname,
    port: options.port ?? 9100,
    async fetch(req) {
      const url = new URL(req.url);
      if (req.method !== "GET" && req.method !== "HEAD") return new Response("method not allowed\n", { status: 405, headers: { allow: "GET, HEAD" } });
      if (url.pathname === "/metrics") {
        const r = await scrape(collect);
        for (const e of r.errors) onError(e.collector, e.error);
        return new Response(r.text, { headers: { "content-type": CONTENT_TYPE } });
      }
      if (url.pathname === "/") return new Response("bun-netlink exporter: metrics at /metrics\n", { headers: { "content-type": "text/plain; charset=utf-8" } });
      return new Response("not found\n", { status: 404 });
    },
  });
}

/** Run `exporter …`: serve until Ctrl-C, or with --dump print one scrape. */
export async function exporterCommand(ctx: Context, w: Words): Promise<void> {
  w.end("exporter");
  const collect: CollectOptions = { ...(ctx.options.netns !== undefined ? { netns: ctx.options.netns } : {}), signal: ctx.signal };
  if (ctx.options.dump) {
    const r = await scrape(collect);
    for (const e of r.errors) ctx.err(`collector ${e.collector} failed: ${e.error instanceof Error ? e.error.message : String(e.error)}\n`);
    ctx.out(r.text);
    return;
  }
  const { hostname, port } = parseListen(ctx.options.listen ?? "127.0.0.1:9100");
  const server = startExporter({ ...collect, hostname, port, onError: (c, e) => ctx.err(`collector ${c} failed: ${e instanceof Error ? e.message : String(e)}\n`) });
  ctx.err(`serving metrics on http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${server.port}/metrics; Ctrl-C stops\n`);
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    ctx.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  await server.stop(true);
}
