/**
 * `bun-netlink wifi …`, the overview's WiFi section and the exporter's node_wifi_* metrics against
 * a real cfg80211/mac80211 stack: mac80211_hwsim radios in the test VM with the WPA2-PSK AP on
 * wlan0 and its associated station wlan1 (test/vm/wifi-setup.sh). `iw` is the oracle.
 *
 * Run it with:   test/vm/vm.sh --timeout 900 -- bun test test/wifi-vm
 * Outside the VM (BUN_NETLINK_IN_VM unset) it is skipped.
 *
 * It shares the VM with test/wifi-vm/wifi.test.ts: when that suite has already set the radios up
 * (hostapd and wpa_supplicant running) this one uses them as they are; otherwise it runs
 * wifi-setup.sh itself (with the same four radios) and tears everything down afterwards, so the
 * other suite finds the machine as it would without this one.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import parsePrometheusTextFormat, { type MetricFamily } from "parse-prometheus-text-format";
import { scrape, startExporter } from "../../src/cli/exporter.ts";
import { runCli, runJson } from "../cli/helpers.ts";
import { iw, parseIwDev, parseIwLink, parseIwPhy, parseIwReg, parseIwScan, parseIwStations, run } from "./iw.ts";

const inVm = process.env.BUN_NETLINK_IN_VM === "1";
const inCI = process.env.CI === "true";
const setupScript = new URL("../vm/wifi-setup.sh", import.meta.url).pathname;

let skipReason: string | undefined;
let ownSetup = false;
if (!inVm) {
  skipReason = "WiFi CLI VM suite skipped: it needs mac80211_hwsim; run it in the VM: test/vm/vm.sh --timeout 900 -- bun test test/wifi-vm";
} else {
  if (!(existsSync("/run/hostapd.pid") && existsSync("/run/wpa_supplicant.pid"))) {
    const r = Bun.spawnSync([setupScript, "--radios", "4"], { stdout: "pipe", stderr: "pipe" });
    if (r.exitCode !== 0) throw new Error(`wifi-setup.sh failed (${r.exitCode}):\n${r.stderr.toString()}`);
    ownSetup = true;
  }
  const phys = existsSync("/sys/class/ieee80211") ? readdirSync("/sys/class/ieee80211") : [];
  if (phys.length === 0) {
    if (inCI) throw new Error("no WiFi PHYs in /sys/class/ieee80211 after wifi-setup.sh (CI must not skip)");
    skipReason = "WiFi CLI VM suite skipped: /sys/class/ieee80211 has no PHYs";
  }
}
if (skipReason) console.warn(skipReason);
const suite = skipReason === undefined ? describe : describe.skip;

const PSK_SSID = "bunnet-psk";
const PSK_FREQ = 2412;

/** Stop what wifi-setup.sh started and unload the radios (only when this file set them up). */
function teardown(): void {
  for (const pidFile of ["/run/wpa_supplicant.pid", "/run/hostapd.pid"]) {
    if (!existsSync(pidFile)) continue;
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    try {
      process.kill(pid, "SIGTERM");
    } catch {}
    for (let i = 0; i < 50; i++) {
      try {
        process.kill(pid, 0);
      } catch {
        break;
      }
      Bun.sleepSync(100);
    }
    rmSync(pidFile, { force: true });
  }
  Bun.spawnSync(["modprobe", "-r", "mac80211_hwsim"]);
}

/** iw's "signal:  \t-30 [-30, -30] dBm" as -30. */
function iwSignal(v: string | undefined): number {
  const m = /^(-?\d+)/.exec(v ?? "");
  if (!m) throw new Error(`iw signal ${JSON.stringify(v)}`);
  return Number(m[1]);
}

function parse(text: string): Map<string, MetricFamily> {
  return new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
}

function sample(families: Map<string, MetricFamily>, name: string, labels: Record<string, string>): number | undefined {
  const m = families.get(name)?.metrics.find((x) => Object.entries(labels).every(([k, v]) => x.labels?.[k] === v));
  return m?.value === undefined ? undefined : Number(m.value);
}

/** node_exporter's wifi collector: name → [type, help] (collector/wifi_linux.go). */
const NODE_EXPORTER_WIFI: Record<string, [string, string]> = {
  node_wifi_interface_frequency_hertz: ["GAUGE", "The current frequency a WiFi interface is operating at, in hertz."],
  node_wifi_station_info: ["GAUGE", "Labeled WiFi interface station information as provided by the operating system."],
  node_wifi_station_connected_seconds_total: ["COUNTER", "The total number of seconds a station has been connected to an access point."],
  node_wifi_station_inactive_seconds: ["GAUGE", "The number of seconds since any wireless activity has occurred on a station."],
  node_wifi_station_receive_bits_per_second: ["GAUGE", "The current WiFi receive bitrate of a station, in bits per second."],
  node_wifi_station_transmit_bits_per_second: ["GAUGE", "The current WiFi transmit bitrate of a station, in bits per second."],
  node_wifi_station_receive_bytes_total: ["COUNTER", "The total number of bytes received by a WiFi station."],
  node_wifi_station_transmit_bytes_total: ["COUNTER", "The total number of bytes transmitted by a WiFi station."],
  node_wifi_station_signal_dbm: ["GAUGE", "The current WiFi signal strength, in decibel-milliwatts (dBm)."],
  node_wifi_station_transmit_retries_total: ["COUNTER", "The total number of times a station has had to retry while sending a packet."],
  node_wifi_station_transmit_failed_total: ["COUNTER", "The total number of times a station has failed to send a packet."],
  node_wifi_station_beacon_loss_total: ["COUNTER", "The total number of times a station has detected a beacon loss."],
};

suite("bun-netlink wifi and the WiFi exporter against mac80211_hwsim, compared with iw", () => {
  const mac: Record<string, string> = {};

  beforeAll(() => {
    for (const i of parseIwDev(iw("dev"))) if (i.name !== undefined) mac[i.name] = i.addr;
    expect(parseIwLink(iw("dev", "wlan1", "link")).bssid).toBe(mac.wlan0!);
  });

  afterAll(() => {
    if (ownSetup) teardown();
  });

  test("wifi dev --json matches iw dev; the table names the AP and its SSID", async () => {
    const ours = await runJson<{ name?: string; index?: number; mac?: string; phy: number; ssid?: string; frequency?: number; type: string }[]>(["wifi", "dev"]);
    const ref = parseIwDev(iw("dev"));
    expect(ours.length).toBe(ref.length);
    // iw's names for interface types
    const types: Record<string, string> = {
      unspecified: "Unspecified", adhoc: "IBSS", station: "managed", ap: "AP", "ap-vlan": "AP/VLAN", wds: "WDS", monitor: "monitor",
      "mesh-point": "mesh point", "p2p-client": "P2P-client", "p2p-go": "P2P-GO", "p2p-device": "P2P-device", ocb: "outside context of a BSS", nan: "NAN",
    };
    for (const r of ref) {
      const o = ours.find((x) => x.mac === r.addr && x.phy === r.phy);
      expect(o, `interface ${r.name ?? r.addr}`).toBeDefined();
      expect({ name: o!.name, index: o!.index, ssid: o!.ssid, frequency: o!.frequency, type: types[o!.type] ?? o!.type }).toEqual({
        name: r.name,
        index: r.ifindex,
        ssid: r.ssid,
        frequency: r.frequency,
        type: r.type,
      });
    }
    const table = await runCli(["wifi"]);
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`wlan0 +\\d+ +phy#\\d+ +ap +${mac.wlan0} +${PSK_SSID} +${PSK_FREQ} +1 `));
  }, 180_000);

  test("wifi link: wlan1 is connected to wlan0, as iw dev wlan1 link says", async () => {
    const [link] = await runJson<{ interface: string; connected: boolean; bssid: string; ssid: string; frequency: number; station: { signal: number } }[]>(["wifi", "link", "wlan1"]);
    const ref = parseIwLink(iw("dev", "wlan1", "link"));
    expect(link).toMatchObject({ interface: "wlan1", connected: true, bssid: ref.bssid!, ssid: ref.values.get("SSID")!, frequency: Number(ref.values.get("freq")!.split(" ")[0]) });
    expect(link!.station.signal).toBe(iwSignal(ref.values.get("signal")));
    const human = await runCli(["wifi", "link", "wlan1"]);
    expect(human.stdout).toStartWith(`wlan1: connected to ${mac.wlan0}\n  SSID: ${PSK_SSID}\n  frequency: ${PSK_FREQ} MHz (channel 1)\n`);
    const ap = await runJson<{ connected: boolean }[]>(["wifi", "link", "wlan0"]);
    expect(ap).toEqual([{ interface: "wlan0", index: expect.any(Number), connected: false }] as never);
  }, 180_000);

  test("wifi station: the AP's client list matches iw station dump", async () => {
    const ours = await runJson<{ mac: string; signal?: number; rxPackets?: number }[]>(["wifi", "station", "wlan0"]);
    const ref = parseIwStations(iw("dev", "wlan0", "station", "dump"));
    expect(ours.map((s) => s.mac).sort()).toEqual(ref.map((s) => s.mac).sort());
    const client = ours.find((s) => s.mac === mac.wlan1)!;
    expect(client.signal).toBe(iwSignal(ref.find((s) => s.mac === mac.wlan1)!.values.get("signal")));
    const human = await runCli(["wifi", "station", "wlan0"]);
    expect(human.stdout).toMatch(new RegExp(`^MAC +SIGNAL .*\\n${mac.wlan1} +${client.signal} dBm `));
  }, 180_000);

  test("wifi phy, reg, scan --dump and survey agree with iw", async () => {
    const phys = await runJson<{ index: number; name: string }[]>(["wifi", "phy"]);
    expect(phys.map((p) => p.name).sort()).toEqual(parseIwPhy(iw("phy")).map((p) => `phy${p.index}`).sort());
    const one = await runCli(["wifi", "phy", String(phys[0]!.index)]);
    expect(one.stdout).toContain(`${phys[0]!.name} (index ${phys[0]!.index})`);
    expect(one.stdout).toMatch(/\n  band 2ghz.*\n +FREQ +CHANNEL +MAX POWER +FLAGS\n +2412 +1 /);

    const reg = await runJson<{ country: string; phy?: number }[]>(["wifi", "reg"]);
    const iwReg = parseIwReg(iw("reg", "get"));
    expect(reg.find((d) => d.phy === undefined)?.country).toBe(iwReg.find((d) => d.scope === "global")!.country);

    const bss = await runJson<{ bssid: string; ssid?: string; frequency?: number }[]>(["wifi", "scan", "wlan1", "--dump"]);
    const iwBss = parseIwScan(iw("dev", "wlan1", "scan", "dump"));
    expect(bss.map((b) => b.bssid).sort()).toEqual(iwBss.map((b) => b.bssid).sort());
    expect(bss.find((b) => b.bssid === mac.wlan0)).toMatchObject({ ssid: PSK_SSID, frequency: PSK_FREQ });

    const survey = await runJson<{ frequency: number; inUse: boolean }[]>(["wifi", "survey", "wlan1"]);
    const iwSurvey = run("iw", "dev", "wlan1", "survey", "dump");
    expect(survey.map((s) => s.frequency)).toEqual([...iwSurvey.matchAll(/frequency:\s+(\d+) MHz/g)].map((m) => Number(m[1])));
    expect(survey.filter((s) => s.inUse).map((s) => s.frequency)).toEqual([...iwSurvey.matchAll(/frequency:\s+(\d+) MHz \[in use\]/g)].map((m) => Number(m[1])));
  }, 180_000);

  test("wifi events prints a scan as it starts", async () => {
    const p = Bun.spawn([process.execPath, "src/cli.ts", "wifi", "events", "--json", "--count", "1"], { cwd: `${import.meta.dir}/../..`, stdout: "pipe", stderr: "pipe" });
    const timer = setTimeout(() => p.kill("SIGKILL"), 120_000);
    try {
      const reader = p.stderr.getReader();
      let err = "";
      while (!err.includes("listening")) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`wifi events ended early: ${err}`);
        err += new TextDecoder().decode(value);
      }
      // wpa_supplicant may be scanning itself (EBUSY): try again until the trigger is accepted.
      for (let i = 0; i < 50 && Bun.spawnSync(["iw", "dev", "wlan1", "scan", "trigger", "freq", String(PSK_FREQ)]).exitCode !== 0; i++) await Bun.sleep(200);
      const line = (await new Response(p.stdout).text()).trim();
      expect(await p.exited).toBe(0);
      expect(JSON.parse(line)).toMatchObject({ type: expect.stringMatching(/^scan-/) });
    } finally {
      clearTimeout(timer);
      p.kill();
    }
  }, 180_000);

  test("the overview lists the WiFi interfaces", async () => {
    const r = await runCli([]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/\nWiFi\n {2}IFACE +INDEX/);
    expect(r.stdout).toContain(PSK_SSID);
  }, 180_000);

  test("exporter: node_exporter's wifi metrics, names, help and labels, with iw's values", async () => {
    const r = await scrape({ collectors: ["wifi"] });
    expect(r.errors).toEqual([]);
    const families = parse(r.text);
    expect(sample(families, "node_scrape_collector_success", { collector: "wifi" })).toBe(1);
    for (const [name, [type, help]] of Object.entries(NODE_EXPORTER_WIFI)) {
      expect({ name, type: families.get(name)?.type, help: families.get(name)?.help }).toEqual({ name, type, help });
    }
    for (const dev of ["wlan0", "wlan1"]) expect(sample(families, "node_wifi_interface_frequency_hertz", { device: dev })).toBe(PSK_FREQ * 1e6);
    expect(sample(families, "node_wifi_station_info", { device: "wlan1", bssid: mac.wlan0!, ssid: PSK_SSID, mode: "client" })).toBe(1);
    // The station wlan1 sees (the AP) and the one wlan0 sees (the client), with iw's signal.
    const apSeen = parseIwStations(iw("dev", "wlan1", "station", "dump"))[0]!;
    expect(sample(families, "node_wifi_station_signal_dbm", { device: "wlan1", mac_address: apSeen.mac })).toBe(iwSignal(apSeen.values.get("signal")));
    const clientSeen = parseIwStations(iw("dev", "wlan0", "station", "dump")).find((s) => s.mac === mac.wlan1)!;
    expect(sample(families, "node_wifi_station_signal_dbm", { device: "wlan0", mac_address: mac.wlan1! })).toBe(iwSignal(clientSeen.values.get("signal")));
    expect(sample(families, "node_wifi_station_receive_bytes_total", { device: "wlan0", mac_address: mac.wlan1! })).toBeGreaterThan(0);
    expect(sample(families, "node_wifi_station_transmit_bits_per_second", { device: "wlan1", mac_address: mac.wlan0! })).toBeGreaterThan(0);

    // And over HTTP, with the link metrics beside them.
    const server = startExporter({ port: 0 });
    try {
      const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
      const served = parse(text);
      expect(sample(served, "node_wifi_station_info", { device: "wlan1", mode: "client" })).toBe(1);
      expect(served.get("node_network_receive_bytes_total")?.metrics.some((m) => m.labels?.device === "wlan1")).toBe(true);
    } finally {
      await server.stop(true);
    }
  }, 180_000);
});
