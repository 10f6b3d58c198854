/**
 * The Prometheus exporter: its text output read back by a real text-format parser
 * (parse-prometheus-text-format), link counters compared with the namespace's own /proc/net/dev
 * (what node_exporter's netdev collector reads), the HTTP server on loopback, and the WiFi
 * collector's behaviour without a WiFi stack. The WiFi metrics against a real (simulated) WiFi
 * stack are tested in the VM suite, test/wifi-vm/cli.test.ts.
 */
import { describe, expect, test } from "bun:test";
import parsePrometheusTextFormat, { type MetricFamily } from "parse-prometheus-text-format";
import { collectMetrics, escapeLabelValue, isLoopback, MetricSet, parseListen, scrape, startExporter } from "../../src/cli/exporter.ts";
import { ipBatch, kernelTest, sh, withNetns } from "../helpers/netns.ts";
import { runCli } from "../cli/helpers.ts";

const PREFIX = "bnl-cli";

/** Parse, and index the families by name. */
function parse(text: string): Map<string, MetricFamily> {
  return new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
}

/** One sample's value by metric name and labels. */
function value(families: Map<string, MetricFamily>, name: string, labels: Record<string, string>): number | undefined {
  const f = families.get(name);
  const m = f?.metrics.find((x) => Object.entries(labels).every(([k, v]) => x.labels?.[k] === v));
  return m?.value === undefined ? undefined : Number(m.value);
}

describe("text format", () => {
  test("MetricSet renders HELP, TYPE and samples that a parser reads back, escapes included", () => {
    const m = new MetricSet();
    m.add("x_total", "counter", "Help with a \\ backslash\nand a newline.", { device: 'we"ird\\name\n' }, 12n);
    m.add("x_total", "counter", "ignored: the first help wins", { device: "lo" }, 3);
    m.add("y", "gauge", "A gauge.", {}, -2.5);
    const text = m.text();
    expect(text).toBe(
      "# HELP x_total Help with a \\\\ backslash\\nand a newline.\n# TYPE x_total counter\n" +
        'x_total{device="we\\"ird\\\\name\\n"} 12\nx_total{device="lo"} 3\n' +
        "# HELP y A gauge.\n# TYPE y gauge\ny -2.5\n",
    );
    const parsed = parse(text);
    expect(parsed.get("x_total")).toEqual({
      name: "x_total",
      help: "Help with a \\ backslash\nand a newline.",
      type: "COUNTER",
      metrics: [
        { value: "12", labels: { device: 'we"ird\\name\n' } },
        { value: "3", labels: { device: "lo" } },
      ],
    });
    expect(parsed.get("y")?.metrics).toEqual([{ value: "-2.5" }]);
    expect(() => m.add("bad-name", "gauge", "", {}, 1)).toThrow("invalid metric name");
    expect(escapeLabelValue('a"b')).toBe('a\\"b');
  });

  test.each([
    ["127.0.0.1:9100", { hostname: "127.0.0.1", port: 9100 }],
    ["127.0.0.2:0", { hostname: "127.0.0.2", port: 0 }],
    ["[::1]:9200", { hostname: "::1", port: 9200 }],
    ["localhost:9300", { hostname: "localhost", port: 9300 }],
    [":9400", { hostname: "127.0.0.1", port: 9400 }],
    ["9500", { hostname: "127.0.0.1", port: 9500 }],
  ] as const)("--listen %s", (v, want) => {
    expect(parseListen(v)).toEqual(want);
  });

  test.each(["0.0.0.0:9100", "192.0.2.1:9100", "[::]:9100", "example.org:80", "127.0.0.1:70000", "nonsense"])("--listen %s is refused", (v) => {
    expect(() => parseListen(v)).toThrow();
  });

  test("startExporter refuses a non-loopback address", () => {
    expect(isLoopback("10.0.0.1")).toBe(false);
    expect(() => startExporter({ hostname: "0.0.0.0", port: 0 })).toThrow("loopback addresses only");
  });
});

/** /proc/net/dev of a namespace: device → the 16 counters, in the file's order. */
function procNetDev(ns: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const line of sh(["ip", "netns", "exec", ns, "cat", "/proc/net/dev"]).split("\n").slice(2)) {
    const m = /^\s*([^:]+):\s*(.*)$/.exec(line);
    if (m) out.set(m[1]!, m[2]!.trim().split(/\s+/).map(Number));
  }
  return out;
}

const PROC_COLUMNS = [
  "receive_bytes", "receive_packets", "receive_errs", "receive_drop", "receive_fifo", "receive_frame", "receive_compressed", "receive_multicast",
  "transmit_bytes", "transmit_packets", "transmit_errs", "transmit_drop", "transmit_fifo", "transmit_colls", "transmit_carrier", "transmit_compressed",
];

/** Two namespaces joined by a veth pair, IPv6 off (no background traffic), some UDP sent across. */
async function withTraffic(fn: (ns: string) => Promise<void>): Promise<void> {
  await withNetns(async (a) => {
    await withNetns(async (b) => {
      for (const ns of [a, b]) sh(["ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1"]);
      ipBatch(a, [`link add xa type veth peer name xb netns ${b}`, "addr add 10.30.0.1/24 dev xa", "link set xa up"]);
      ipBatch(b, ["addr add 10.30.0.2/24 dev xb", "link set xb up"]);
      for (let i = 0; i < 3; i++) sh(["ip", "netns", "exec", a, "bash", "-c", "echo hello >/dev/udp/10.30.0.2/9"]);
      // Wait until the counters settle (the ARP reply and ICMP errors arrive after the send).
      let before = JSON.stringify([...procNetDev(a)]);
      for (let i = 0; i < 50; i++) {
        await Bun.sleep(100);
        const now = JSON.stringify([...procNetDev(a)]);
        if (now === before) break;
        before = now;
      }
      await fn(a);
    }, PREFIX);
  }, PREFIX);
}

describe("link metrics (netdev)", () => {
  kernelTest("every node_network_*_total equals the namespace's /proc/net/dev", async () => {
    await withTraffic(async (ns) => {
      // Compare on a quiet snapshot: /proc/net/dev the same before and after the scrape.
      let families = new Map<string, MetricFamily>();
      let proc = new Map<string, number[]>();
      for (let attempt = 0; attempt < 50; attempt++) {
        const before = procNetDev(ns);
        families = parse(await collectMetrics({ netns: ns, collectors: ["netdev"] }));
        proc = procNetDev(ns);
        if (JSON.stringify([...before]) === JSON.stringify([...proc])) break;
        await Bun.sleep(200);
      }
      expect([...proc.keys()].sort()).toEqual(["lo", "xa"]);
      expect(proc.get("xa")![1]).toBeGreaterThan(0); // the veth did send and receive
      for (const [device, counters] of proc) {
        PROC_COLUMNS.forEach((key, i) => {
          const name = `node_network_${key}_total`;
          expect(families.get(name)?.type).toBe("COUNTER");
          expect(families.get(name)?.help).toBe(`Network device statistic ${key}.`);
          expect({ name, device, value: value(families, name, { device }) }).toEqual({ name, device, value: counters[i] });
        });
      }
      expect(value(families, "node_network_up", { device: "xa" })).toBe(1);
      expect(value(families, "node_network_up", { device: "lo" })).toBe(0); // lo's operstate is "unknown"
      expect(value(families, "node_network_mtu_bytes", { device: "lo" })).toBe(65536);
      expect(families.get("node_network_info")?.metrics.find((m) => m.labels?.device === "xa")?.labels).toMatchObject({ adminstate: "up", operstate: "up" });
      expect(value(families, "node_scrape_collector_success", { collector: "netdev" })).toBe(1);
      expect(families.has("node_wifi_interface_frequency_hertz")).toBe(false);
    });
  }, 60_000);

  kernelTest("served over HTTP on 127.0.0.1 as text/plain version 0.0.4", async () => {
    await withTraffic(async (ns) => {
      const errors: unknown[] = [];
      const server = startExporter({ netns: ns, port: 0, onError: (_c, e) => errors.push(e) });
      try {
        expect(server.hostname).toBe("127.0.0.1");
        const base = `http://127.0.0.1:${server.port}`;
        const before = procNetDev(ns).get("xa")![1]!;
        const res = await fetch(`${base}/metrics`);
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
        const families = parse(await res.text());
        const packets = value(families, "node_network_receive_packets_total", { device: "xa" })!;
        expect(packets).toBeGreaterThanOrEqual(before);
        expect(packets).toBeLessThanOrEqual(procNetDev(ns).get("xa")![1]!);
        expect((await fetch(`${base}/nope`)).status).toBe(404);
        expect((await fetch(`${base}/metrics`, { method: "POST" })).status).toBe(405);
        expect(errors).toEqual([]);
      } finally {
        await server.stop(true);
      }
    });
  }, 60_000);

  kernelTest("bun-netlink exporter --dump prints one scrape", async () => {
    await withNetns(async (ns) => {
      const r = await runCli(["--netns", ns, "exporter", "--dump"]);
      expect(r.exitCode).toBe(0);
      const families = parse(r.stdout);
      expect(value(families, "node_network_mtu_bytes", { device: "lo" })).toBe(65536);
      expect(value(families, "node_scrape_collector_success", { collector: "netdev" })).toBe(1);
    }, PREFIX);
  }, 60_000);
});

describe("WiFi metrics without a WiFi stack", () => {
  kernelTest("the wifi collector reports success 0 and no node_wifi_* metrics, without an error", async () => {
    if (Bun.spawnSync(["sh", "-c", "ls /sys/class/ieee80211 2>/dev/null | grep -q ."]).exitCode === 0) return; // a WiFi host: see the VM suite
    await withNetns(async (ns) => {
      const r = await scrape({ netns: ns });
      expect(r.errors).toEqual([]);
      const families = parse(r.text);
      expect(value(families, "node_scrape_collector_success", { collector: "wifi" })).toBe(0);
      expect([...families.keys()].filter((n) => n.startsWith("node_wifi_"))).toEqual([]);
    }, PREFIX);
  }, 60_000);
});
