/**
 * The WiFi suite against a real cfg80211/mac80211 stack: mac80211_hwsim radios in the test VM,
 * a WPA2-PSK AP (hostapd, wlan0) with a station (wpa_supplicant, wlan1), an open AP on wlan2
 * (started here) and a free radio (wlan3). Every value WifiClient reports is compared with `iw`.
 *
 * Run it with:   test/vm/vm.sh --timeout 1200 -- bun test --timeout 120000 test/wifi-vm
 * Outside the VM (BUN_NETLINK_IN_VM unset) it is skipped.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { withNetns } from "../helpers/netns.ts";
import * as C from "../../src/wifi/constants.ts";
import {
  WifiClient,
  WifiUnsupportedError,
  akmSuiteName,
  cipherSuiteName,
  type Bss,
  type ChannelWidth,
  type InterfaceType,
  type Phy,
  type RateInfo,
  type Station,
  type WifiEvent,
} from "../../src/wifi/index.ts";
import { iw, iwInfo, parseIwDev, parseIwLink, parseIwPhy, parseIwReg, parseIwScan, parseIwStations, parseIwSurvey, run } from "./iw.ts";

// The VM emulates its CPU (TCG) on a shared host: a test that takes 1 s alone can take 10.
setDefaultTimeout(120_000);

const inVm = process.env.BUN_NETLINK_IN_VM === "1";
const inCI = process.env.CI === "true";
const setupScript = new URL("../vm/wifi-setup.sh", import.meta.url).pathname;

let skipReason: string | undefined;
if (!inVm) {
  skipReason = "WiFi VM suite skipped: it needs mac80211_hwsim; run it in the VM: test/vm/vm.sh --timeout 1200 -- bun test --timeout 120000 test/wifi-vm";
} else {
  // Radios and the PSK AP + station, before the tests are collected (they need the phys), unless
  // another suite in this VM already started them.
  if (!(existsSync("/run/hostapd.pid") && existsSync("/run/wpa_supplicant.pid"))) {
    const r = Bun.spawnSync([setupScript, "--radios", "4"], { stdout: "pipe", stderr: "pipe" });
    if (r.exitCode !== 0) throw new Error(`wifi-setup.sh failed (${r.exitCode}):\n${r.stderr.toString()}`);
  }
  const phys = existsSync("/sys/class/ieee80211") ? readdirSync("/sys/class/ieee80211") : [];
  if (phys.length === 0) {
    if (inCI) throw new Error("no WiFi PHYs in /sys/class/ieee80211 after wifi-setup.sh (CI must not skip)");
    skipReason = "WiFi VM suite skipped: /sys/class/ieee80211 has no PHYs";
  }
}
if (skipReason) console.warn(skipReason);
const suite = skipReason === undefined ? describe : describe.skip;

const OPEN_SSID = "bunnet-open";
const OPEN_FREQ = 2437;

/** iw's names for interface types. */
const IW_TYPES: Record<string, string> = {
  unspecified: "Unspecified",
  adhoc: "IBSS",
  station: "managed",
  ap: "AP",
  "ap-vlan": "AP/VLAN",
  wds: "WDS",
  monitor: "monitor",
  "mesh-point": "mesh point",
  "p2p-client": "P2P-client",
  "p2p-go": "P2P-GO",
  "p2p-device": "P2P-device",
  ocb: "outside context of a BSS",
  nan: "NAN",
};
const iwType = (t: InterfaceType) => IW_TYPES[String(t)] ?? String(t);
const IW_WIDTHS: Record<string, string> = {
  "20-noht": "20 MHz (no HT)",
  "20": "20 MHz",
  "40": "40 MHz",
  "80": "80 MHz",
  "80+80": "80+80 MHz",
  "160": "160 MHz",
  "5": "5 MHz",
  "10": "10 MHz",
  "320": "320 MHz",
};
const iwWidth = (w: ChannelWidth | undefined) => (w === undefined ? undefined : (IW_WIDTHS[String(w)] ?? String(w)));

/** A RateInfo as iw prints it ("13.0 MBit/s MCS 1", "866.7 MBit/s VHT-MCS 9 80MHz short GI VHT-NSS 2"). */
function iwBitrate(r: RateInfo): string {
  const units = (r.bitrate ?? 0) / 100_000;
  let s = units > 0 ? `${Math.floor(units / 10)}.${units % 10} MBit/s` : "(unknown)";
  if (r.ht) s += ` MCS ${r.ht.mcs}`;
  if (r.vht) s += ` VHT-MCS ${r.vht.mcs}`;
  if (r.width === 40) s += " 40MHz";
  if (r.width === 80) s += " 80MHz";
  if (r.width80p80) s += " 80P80MHz";
  else if (r.width === 160) s += " 160MHz";
  if (r.width === 320) s += " 320MHz";
  if (r.shortGuardInterval) s += " short GI";
  if (r.vht?.nss !== undefined) s += ` VHT-NSS ${r.vht.nss}`;
  if (r.he) s += ` HE-MCS ${r.he.mcs}`;
  if (r.he?.nss !== undefined) s += ` HE-NSS ${r.he.nss}`;
  return s;
}

const yesNo = (b: boolean | undefined) => (b ? "yes" : "no");
const num = (s: string | undefined) => Number.parseFloat(s ?? "NaN");

/** Expect lib to lie between two iw readings of a counter taken before and after it. */
function between(lib: bigint | number | undefined, before: string | undefined, after: string | undefined, what: string) {
  const v = Number(lib);
  const lo = num(before);
  const hi = num(after);
  if (!(v >= Math.min(lo, hi) && v <= Math.max(lo, hi))) throw new Error(`${what}: library says ${v}, iw said ${lo} before and ${hi} after`);
}

/** Collect events until `done` says so (or fail after `ms`). */
async function eventsUntil(wifi: WifiClient, groups: ("mlme" | "config" | "scan" | "regulatory")[], trigger: () => void | Promise<void>, done: (seen: WifiEvent[]) => boolean, ms = 30_000): Promise<WifiEvent[]> {
  const seen: WifiEvent[] = [];
  const signal = AbortSignal.timeout(ms);
  const it = await wifi.events({ groups, signal });
  await trigger();
  try {
    for await (const ev of it) {
      if (ev.type === "overrun") continue;
      seen.push(ev);
      if (done(seen)) break;
    }
  } catch (err) {
    throw new Error(`events: ${String(err)}; seen: ${seen.map((e) => e.type).join(", ")}`);
  }
  return seen;
}

suite("nl80211 against mac80211_hwsim, compared with iw", () => {
  let wifi: WifiClient;
  let idx: Record<string, number>;
  let mac: Record<string, string>;

  beforeAll(async () => {
    // The open AP for the library's own connect: hostapd on wlan2, channel 6.
    writeFileSync(
      "/tmp/bnl-open.conf",
      ["interface=wlan2", "driver=nl80211", "ctrl_interface=/run/hostapd-open", `ssid=${OPEN_SSID}`, "hw_mode=g", "channel=6", "ieee80211n=1", "wmm_enabled=1", "auth_algs=1", ""].join("\n"),
    );
    run("hostapd", "-B", "-t", "-P", "/run/hostapd-open.pid", "-f", "/tmp/hostapd-open.log", "/tmp/bnl-open.conf");
    const deadline = Date.now() + 30_000;
    while (!(existsSync("/tmp/hostapd-open.log") && (await Bun.file("/tmp/hostapd-open.log").text()).includes("AP-ENABLED"))) {
      if (Date.now() > deadline) throw new Error("hostapd (open) did not start: " + (await Bun.file("/tmp/hostapd-open.log").text()));
      await Bun.sleep(100);
    }
    run("ip", "link", "set", "wlan3", "up");
    wifi = await WifiClient.open();
    idx = {};
    mac = {};
    for (const i of await wifi.listInterfaces()) {
      if (i.name !== undefined && i.index !== undefined) {
        idx[i.name] = i.index;
        mac[i.name] = i.mac!;
      }
    }
  });

  afterAll(() => {
    wifi?.close();
    // Leave the VM as wifi-setup.sh made it for whatever runs next: no open AP, wlan3 down.
    if (existsSync("/run/hostapd-open.pid")) {
      const pid = Number(readFileSync("/run/hostapd-open.pid", "utf8").trim());
      if (pid > 0) process.kill(pid, "SIGTERM");
    }
    Bun.spawnSync(["ip", "link", "set", "wlan3", "down"]);
  });

  test("listInterfaces matches `iw dev` field by field", async () => {
    const lib = await wifi.listInterfaces();
    const ref = parseIwDev(iw("dev"));
    expect(lib.length).toBe(ref.length);
    for (const r of ref) {
      const l = lib.find((i) => i.wdev === r.wdev);
      expect(l, `interface wdev ${r.wdev}`).toBeDefined();
      expect({
        phy: l!.phy,
        name: l!.name,
        ifindex: l!.index,
        addr: l!.mac,
        ssid: l!.ssid,
        type: iwType(l!.type),
        frequency: l!.frequency,
        width: iwWidth(l!.channelWidth),
        center1: l!.centerFrequency1,
        center2: l!.centerFrequency2,
        txpower: l!.txPower,
      }).toEqual({
        phy: r.phy,
        name: r.name,
        ifindex: r.ifindex,
        addr: r.addr,
        ssid: r.ssid,
        type: r.type,
        frequency: r.frequency,
        width: r.width,
        center1: r.center1,
        center2: r.center2,
        txpower: r.txpower,
      });
      if (r.name !== undefined) expect(l!.fourAddress ?? false).toBe(iwInfo(r.name).fourAddress);
    }
    // the AP runs the PSK network; both sides on channel 1
    expect(lib.find((i) => i.name === "wlan0")).toMatchObject({ type: "ap", ssid: "bunnet-psk", frequency: 2412 });
    expect(lib.find((i) => i.name === "wlan1")).toMatchObject({ type: "station", frequency: 2412 });
  });

  test("listPhys (the merged split dump) matches `iw phy` field by field", async () => {
    const lib = await wifi.listPhys();
    const ref = parseIwPhy(iw("phy"));
    expect(lib.map((p) => p.name).sort()).toEqual(ref.map((p) => p.name).sort());
    const extNames = new Map<number, string[]>();
    for (const [name, value] of Object.entries(C)) {
      if (name.startsWith("NL80211_EXT_FEATURE_") && typeof value === "number") extNames.set(value, [...(extNames.get(value) ?? []), name.slice(20)]);
    }
    const cmdNames = new Map<number, string>();
    for (const [name, value] of Object.entries(C)) if (name.startsWith("NL80211_CMD_") && typeof value === "number") cmdNames.set(value, name);
    for (const r of ref) {
      const p = lib.find((x) => x.name === r.name) as Phy;
      expect({
        index: p.index,
        maxScanSsids: p.maxScanSsids,
        maxScanIeLength: p.maxScanIeLength,
        retryShort: p.retryShort,
        retryLong: p.retryLong,
        coverageClass: p.coverageClass,
        antennaTx: p.antennaAvailableTx,
        antennaRx: p.antennaAvailableRx,
        ciphers: p.cipherSuites,
        modes: p.supportedInterfaceTypes.map(iwType),
        softwareModes: p.softwareInterfaceTypes.map(iwType),
      }).toEqual({
        index: r.index,
        maxScanSsids: r.maxScanSsids,
        maxScanIeLength: r.maxScanIeLength,
        retryShort: r.retryShort,
        retryLong: r.retryLong,
        coverageClass: r.coverageClass,
        antennaTx: r.antennaTx,
        antennaRx: r.antennaRx,
        ciphers: r.ciphers,
        modes: r.modes,
        softwareModes: r.softwareModes,
      });
      // bands: iw numbers them from 1
      expect(p.bands.map((b) => b.id + 1)).toEqual(r.bands.map((b) => b.number));
      for (const rb of r.bands) {
        const b = p.bands.find((x) => x.id + 1 === rb.number)!;
        expect(b.bitrates).toEqual(rb.bitrates);
        expect(
          b.frequencies.map((f) => ({
            mhz: f.frequency,
            channel: b.band === "s1ghz" ? undefined : f.channel,
            power: f.disabled ? undefined : f.maxTxPower,
            flags: f.disabled ? ["disabled"] : [...(f.noIR ? ["no IR"] : []), ...(f.radar ? ["radar detection"] : [])],
          })),
        ).toEqual(
          rb.frequencies.map((f) => ({ mhz: f.mhz, channel: b.band === "s1ghz" ? undefined : f.channel, power: f.power, flags: f.flags })),
        );
        expect(b.ht?.capabilities).toBe(rb.htCapabilities);
        expect(b.ht?.maxAmpduLength).toBe(rb.ampduLength);
        expect(b.ht?.ampduDensity).toBe(rb.ampduSpacingCode);
        if (rb.htMcs !== undefined) {
          const idxs = b.ht!.rxMcsIndexes!;
          expect(`${idxs[0]}-${idxs[idxs.length - 1]}`).toBe(rb.htMcs);
          expect(idxs.length).toBe(idxs[idxs.length - 1]! - idxs[0]! + 1);
        }
        expect(b.vht?.capabilities).toBe(rb.vhtCapabilities);
        if (b.vht) {
          expect(b.vht.maxMpduLength).toBe(rb.vhtMaxMpdu!);
          const mcs = (m: (7 | 8 | 9 | null)[] | undefined) => (m ?? []).map((v) => (v === null ? "not supported" : `MCS 0-${v}`));
          expect(mcs(b.vht.rxMcsMap)).toEqual(rb.vhtRxMcs);
          expect(mcs(b.vht.txMcsMap)).toEqual(rb.vhtTxMcs);
        }
      }
      // every command iw names, by its uapi name
      const libCommands = new Set(p.supportedCommands.map((c) => cmdNames.get(c)!.slice(12).toLowerCase()));
      for (const c of r.commands) expect(libCommands.has(c) || libCommands.has(c.replace("start_ap", "new_beacon"))).toBe(true);
      expect(p.supportedCommands.length).toBe(r.commands.length);
      // iw prints only the features it knows by name: each must be among the library's bits.
      const libFeatures = p.extendedFeatures.flatMap((f) => extNames.get(f) ?? [`bit ${f}`]);
      for (const f of r.extendedFeatures) expect(libFeatures).toContain(f);
      expect(p.extendedFeatures.length).toBeGreaterThanOrEqual(r.extendedFeatures.length);
      // interface combinations, rendered as iw renders them
      expect(p.interfaceCombinations.map(renderCombination)).toEqual(r.combinations.map((s) => s.replace(/\s+/g, " ").trim()));
    }
  });

  test("station side: listStations(wlan1) matches `iw dev wlan1 station dump` and `link`", async () => {
    const before = parseIwStations(iw("dev", "wlan1", "station", "dump"));
    const linkBefore = parseIwLink(iw("dev", "wlan1", "link"));
    const lib = await wifi.listStations("wlan1");
    const after = parseIwStations(iw("dev", "wlan1", "station", "dump"));
    expect(lib.map((s) => s.mac)).toEqual(before.map((s) => s.mac));
    expect(lib[0]!.mac).toBe(mac.wlan0!);
    compareStation(lib[0]!, before[0]!.values, after[0]!.values);
    // link: what a client shows about its connection
    const bss = (await wifi.listBss("wlan1")).find((b) => b.status === "associated")!;
    expect(linkBefore.bssid).toBe(bss.bssid);
    expect(linkBefore.values.get("SSID")).toBe(bss.ssid);
    expect(num(linkBefore.values.get("freq"))).toBe(bss.frequency!);
    expect(num(linkBefore.values.get("signal"))).toBe(lib[0]!.signal!);
    expect(num(linkBefore.values.get("dtim period"))).toBe(lib[0]!.bssParameters!.dtimPeriod!);
    expect(num(linkBefore.values.get("beacon int"))).toBe(lib[0]!.bssParameters!.beaconInterval!);
    const flags = [lib[0]!.bssParameters!.ctsProtection ? "CTS-protection" : "", lib[0]!.bssParameters!.shortPreamble ? "short-preamble" : "", lib[0]!.bssParameters!.shortSlotTime ? "short-slot-time" : ""].filter(Boolean).join(" ");
    expect(linkBefore.values.get("bss flags")).toBe(flags);
  });

  test("AP side: listStations(wlan0) matches `iw dev wlan0 station dump`", async () => {
    const before = parseIwStations(iw("dev", "wlan0", "station", "dump"));
    const lib = await wifi.listStations(idx.wlan0!);
    const after = parseIwStations(iw("dev", "wlan0", "station", "dump"));
    expect(lib.map((s) => s.mac)).toEqual([mac.wlan1!]);
    compareStation(lib[0]!, before[0]!.values, after[0]!.values);
    const one = await wifi.getStation("wlan0", mac.wlan1!);
    expect(one.mac).toBe(mac.wlan1!);
    expect(one.flags).toEqual(lib[0]!.flags!);
  });

  test("scan (one frequency) resolves, and its results match `iw scan dump`", async () => {
    const lib = await wifi.scan("wlan1", { frequencies: [2412], signal: AbortSignal.timeout(60_000) });
    const ref = parseIwScan(iw("dev", "wlan1", "scan", "dump"));
    expect(lib.map((b) => b.bssid).sort()).toEqual(ref.map((b) => b.bssid).sort());
    const b = lib.find((x) => x.bssid === mac.wlan0!) as Bss;
    const r = ref.find((x) => x.bssid === mac.wlan0!)!;
    compareBss(b, r.status, r.values, r.lines);
    expect(b.informationElements?.rsn).toBeDefined();
  });

  test("survey of a radio that scanned matches `iw survey dump`", async () => {
    await wifi.scan("wlan3", { frequencies: [2412, 2417, 2422], signal: AbortSignal.timeout(60_000) });
    const lib = await wifi.listSurveys("wlan3");
    const ref = parseIwSurvey(iw("dev", "wlan3", "survey", "dump"));
    expect(lib.length).toBe(ref.length);
    expect(lib.length).toBeGreaterThan(0);
    for (const [i, r] of ref.entries()) {
      const s = lib[i]!;
      expect(`${s.frequency} MHz${s.inUse ? " [in use]" : ""}`).toBe(r.get("frequency")!.replace(/\s+/g, " "));
      expect(s.noise === undefined ? undefined : `${s.noise} dBm`).toBe(r.get("noise"));
      expect(s.activeTime === undefined ? undefined : `${s.activeTime} ms`).toBe(r.get("channel active time"));
      expect(s.busyTime === undefined ? undefined : `${s.busyTime} ms`).toBe(r.get("channel busy time"));
      expect(s.receiveTime === undefined ? undefined : `${s.receiveTime} ms`).toBe(r.get("channel receive time"));
      expect(s.transmitTime === undefined ? undefined : `${s.transmitTime} ms`).toBe(r.get("channel transmit time"));
    }
  });

  test("regulatory domains match `iw reg get`", async () => {
    const lib = await wifi.listRegulatoryDomains();
    const ref = parseIwReg(iw("reg", "get"));
    expect(lib.length).toBe(ref.length);
    const global = await wifi.getRegulatoryDomain();
    expect(global).toEqual(lib[0]!);
    for (const [i, r] of ref.entries()) {
      const d = lib[i]!;
      expect(d.country).toBe(r.country);
      expect(`DFS-${String(d.dfsRegion ?? "unset").toUpperCase()}`).toBe(r.dfs);
      expect(
        d.rules.map((x) => ({
          start: x.startFrequency / 1000,
          end: x.endFrequency / 1000,
          bandwidth: x.maxBandwidth / 1000,
          gain: x.maxAntennaGain === 0 ? "N/A" : (x.maxAntennaGain / 100).toFixed(2),
          eirp: x.maxEirp / 100,
          cac: x.flags.includes("DFS") ? `${x.dfsCacTime ?? 0} ms` : "N/A",
          flags: x.flags.map((f) => (f === "NO-IR" ? "PASSIVE-SCAN" : f)).sort(),
        })),
      ).toEqual(r.rules.map((x) => ({ ...x, flags: [...x.flags].sort() })));
    }
  });

  test("events: the station's disconnect and reconnect, and the AP's deleted and new station", async () => {
    const seen = await eventsUntil(
      wifi,
      ["mlme"],
      () => void run("wpa_cli", "-p", "/run/wpa_supplicant", "-i", "wlan1", "disconnect"),
      (s) => s.some((e) => e.type === "disconnect" && e.interfaceIndex === idx.wlan1) && s.some((e) => e.type === "station-removed" && e.interfaceIndex === idx.wlan0 && e.mac === mac.wlan1),
    );
    expect(seen.find((e) => e.type === "disconnect")).toMatchObject({ interfaceIndex: idx.wlan1!, byAp: false });
    expect(parseIwLink(iw("dev", "wlan1", "link")).bssid).toBeUndefined();

    const again = await eventsUntil(
      wifi,
      ["mlme"],
      () => void run("wpa_cli", "-p", "/run/wpa_supplicant", "-i", "wlan1", "reconnect"),
      (s) => s.some((e) => e.type === "connect" && e.interfaceIndex === idx.wlan1) && s.some((e) => e.type === "station-added" && e.interfaceIndex === idx.wlan0 && e.mac === mac.wlan1),
    );
    expect(again.find((e) => e.type === "connect")).toMatchObject({ interfaceIndex: idx.wlan1!, bssid: mac.wlan0!, success: true, statusCode: 0 });
    expect(again.find((e) => e.type === "authenticate")).toMatchObject({ interfaceIndex: idx.wlan1!, bssid: mac.wlan0!, statusCode: 0 });
    expect(again.find((e) => e.type === "associate")).toMatchObject({ interfaceIndex: idx.wlan1!, bssid: mac.wlan0!, statusCode: 0 });
    expect(parseIwLink(iw("dev", "wlan1", "link")).bssid).toBe(mac.wlan0!);
  });

  test("the library's own connect to the open AP and disconnect, seen by iw and by the AP", async () => {
    let connected: WifiEvent | undefined;
    const seen = await eventsUntil(
      wifi,
      ["mlme"],
      async () => {
        connected = await wifi.connect("wlan3", { ssid: OPEN_SSID, frequency: OPEN_FREQ, signal: AbortSignal.timeout(30_000) });
      },
      (s) => s.some((e) => e.type === "station-added" && e.interfaceIndex === idx.wlan2),
    );
    expect(connected).toMatchObject({ type: "connect", interfaceIndex: idx.wlan3!, bssid: mac.wlan2!, success: true });
    // mac80211 adds the AP as a station on the client side too: the AP side's event names the client.
    expect(seen.find((e) => e.type === "station-added" && e.interfaceIndex === idx.wlan2)).toMatchObject({ mac: mac.wlan3! });
    expect(seen.find((e) => e.type === "station-added" && e.interfaceIndex === idx.wlan3)).toMatchObject({ mac: mac.wlan2! });
    const link = parseIwLink(iw("dev", "wlan3", "link"));
    expect(link.bssid).toBe(mac.wlan2!);
    expect(link.values.get("SSID")).toBe(OPEN_SSID);
    expect(num(link.values.get("freq"))).toBe(OPEN_FREQ);
    expect((await wifi.listStations("wlan2")).map((s) => s.mac)).toContain(mac.wlan3!);
    expect((await wifi.getInterface("wlan3")).ssid).toBe(OPEN_SSID);

    const gone = await eventsUntil(
      wifi,
      ["mlme"],
      () => wifi.disconnect("wlan3"),
      (s) => s.some((e) => e.type === "disconnect" && e.interfaceIndex === idx.wlan3),
    );
    expect(gone.find((e) => e.type === "disconnect")).toMatchObject({ reasonCode: 3, byAp: false });
    expect(iw("dev", "wlan3", "link")).toMatch(/Not connected/);
  });

  test("WPA2-PSK through the library needs 4-way handshake offload, which hwsim lacks: a clear WifiUnsupportedError", async () => {
    const phy = await wifi.getPhy((await wifi.getInterface("wlan3")).phy);
    expect(phy.extendedFeatures).not.toContain(C.NL80211_EXT_FEATURE_4WAY_HANDSHAKE_STA_PSK);
    expect(parseIwPhy(iw("phy", phy.name, "info"))[0]!.extendedFeatures).not.toContain("4WAY_HANDSHAKE_STA_PSK");
    await expect(wifi.connect("wlan3", { ssid: "bunnet-psk", passphrase: "correct horse battery" })).rejects.toThrow(WifiUnsupportedError);
  });

  test("a scan aborted through its signal stops, and the radio scans again afterwards", async () => {
    const ac = new AbortController();
    const p = wifi.scan("wlan3", { signal: ac.signal }); // every channel: long enough to abort
    setTimeout(() => ac.abort(new Error("enough")), 200);
    await expect(p).rejects.toThrow("enough");
    const again = await wifi.scan("wlan3", { frequencies: [OPEN_FREQ], signal: AbortSignal.timeout(60_000) });
    expect(again.some((b) => b.bssid === mac.wlan2 && b.ssid === OPEN_SSID)).toBe(true);
  });

  test("createInterface, setInterfaceType and deleteInterface show in `iw dev`", async () => {
    const phy = (await wifi.getInterface("wlan3")).phy;
    const events: WifiEvent[] = [];
    const created = await (async () => {
      const it = await wifi.events({ groups: ["config"], signal: AbortSignal.timeout(30_000) });
      const ifc = await wifi.createInterface({ phy, name: "bnlsta0", type: "station", fourAddress: true });
      for await (const ev of it) {
        if (ev.type !== "overrun") events.push(ev);
        if (ev.type === "interface-added" && ev.interface.name === "bnlsta0") break;
      }
      return ifc;
    })();
    try {
      expect(created).toMatchObject({ name: "bnlsta0", phy, type: "station", fourAddress: true });
      const ref = parseIwDev(iw("dev")).find((i) => i.name === "bnlsta0")!;
      expect(ref).toMatchObject({ phy, ifindex: created.index!, addr: created.mac!, type: "managed" });
      expect(iwInfo("bnlsta0")).toEqual({ fourAddress: true, type: "managed", wiphy: phy });
      expect(events.find((e) => e.type === "interface-added")).toMatchObject({ interface: { index: created.index!, type: "station" } });

      await wifi.setInterfaceType("bnlsta0", "adhoc");
      expect(iwInfo("bnlsta0").type).toBe("IBSS");
      expect((await wifi.getInterface(created.index!)).type).toBe("adhoc");
      await wifi.setInterface(created.index!, { type: "station", fourAddress: false });
      expect(iwInfo("bnlsta0")).toMatchObject({ type: "managed", fourAddress: false });
    } finally {
      await wifi.deleteInterface(created.index!);
    }
    expect(parseIwDev(iw("dev")).some((i) => i.name === "bnlsta0")).toBe(false);
    await expect(wifi.getInterface(created.index!)).rejects.toMatchObject({ code: "ENODEV" });
  });

  test("a client in another network namespace sees none of the init namespace's radios", async () => {
    await withNetns(async (ns) => {
      await using other = await WifiClient.open({ netns: ns });
      expect(await other.listInterfaces()).toEqual([]);
      expect(await other.listPhys()).toEqual([]);
    }, "bnl-wifi");
  });

  test("setRegulatoryDomain waits for the change, as `iw reg get` then shows", async () => {
    await wifi.setRegulatoryDomain("DE", { wait: true, timeout: 20_000 });
    expect(parseIwReg(iw("reg", "get"))[0]!.country).toBe("DE");
    expect((await wifi.getRegulatoryDomain()).country).toBe("DE");
    await wifi.reloadRegulatoryDatabase();
    await wifi.setRegulatoryDomain("US", { wait: true, timeout: 20_000 });
    expect(parseIwReg(iw("reg", "get"))[0]!.country).toBe("US");
  });
});

/** An InterfaceCombination as iw prints it. */
function renderCombination(c: Phy["interfaceCombinations"][number]): string {
  const widths = ["20 MHz (no HT)", "20 MHz", "40 MHz", "80 MHz", "80+80 MHz", "160 MHz", "5 MHz", "10 MHz"];
  let s = c.limits.map((l) => `#{ ${l.types.map(iwType).join(", ")} } <= ${l.max}`).join(", ");
  s += `, total <= ${c.maxInterfaces}, #channels <= ${c.channels}`;
  if (c.beaconIntervalsMatch) s += ", STA/AP BI must match";
  if (c.radarDetectWidths) s += `, radar detect widths: { ${widths.filter((_w, i) => c.radarDetectWidths! & (1 << i)).join(", ")} }`;
  if (c.radarDetectRegions) s += `, radar detect regions: {...}`;
  if (c.beaconIntervalMinGcd) s += `, beacon interval min gcd: ${c.beaconIntervalMinGcd}`;
  return s;
}

/** Compare a Station with two `iw station dump` readings taken around it. */
function compareStation(s: Station, before: Map<string, string>, after: Map<string, string>): void {
  for (const [lib, key] of [
    [s.rxBytes, "rx bytes"],
    [s.txBytes, "tx bytes"],
    [s.rxPackets, "rx packets"],
    [s.txPackets, "tx packets"],
    [s.txRetries, "tx retries"],
    [s.txFailed, "tx failed"],
    [s.beaconLoss, "beacon loss"],
    [s.beaconRx, "beacon rx"],
    [s.rxDropMisc, "rx drop misc"],
    [s.connectedTime, "connected time"],
    [s.txDuration, "tx duration"],
    [s.rxDuration, "rx duration"],
  ] as const) {
    if (before.has(key)) between(lib, before.get(key), after.get(key), key);
    else expect(lib).toBeUndefined();
  }
  // Values that do not count up: the library's equals one of the two readings.
  const oneOf = (lib: string | undefined, key: string) => expect([before.get(key), after.get(key)]).toContain(lib);
  oneOf(s.signal === undefined ? undefined : `${s.signal} dBm`, "signal");
  oneOf(s.signalAverage === undefined ? undefined : `${s.signalAverage} dBm`, "signal avg");
  oneOf(s.beaconSignalAverage === undefined ? undefined : `${s.beaconSignalAverage} dBm`, "beacon signal avg");
  oneOf(s.txBitrate && iwBitrate(s.txBitrate), "tx bitrate");
  oneOf(s.rxBitrate && iwBitrate(s.rxBitrate), "rx bitrate");
  // iw scales the kernel's kbit/s by 1000/1024 before printing it as "Mbps".
  const t = s.expectedThroughput === undefined ? undefined : Math.floor((s.expectedThroughput * 1000) / 1024);
  oneOf(t === undefined ? undefined : `${Math.floor(t / 1000)}.${t % 1000}Mbps`, "expected throughput");
  expect(s.inactiveTime).toBeGreaterThanOrEqual(0);
  const f = s.flags!;
  expect({
    authorized: yesNo(f.authorized),
    authenticated: yesNo(f.authenticated),
    associated: yesNo(f.associated),
    preamble: f.shortPreamble ? "short" : "long",
    wmm: yesNo(f.wmm),
    mfp: yesNo(f.mfp),
    tdls: yesNo(f.tdlsPeer),
    dtim: String(s.bssParameters!.dtimPeriod),
    beacon: String(s.bssParameters!.beaconInterval),
    shortSlot: yesNo(s.bssParameters!.shortSlotTime),
    // iw truncates to milliseconds
    associatedAt: `${s.associatedAtBoottime! / 1_000_000_000n}.${((s.associatedAtBoottime! % 1_000_000_000n) / 1_000_000n).toString().padStart(3, "0")}s`,
  }).toEqual({
    authorized: before.get("authorized")!,
    authenticated: before.get("authenticated")!,
    associated: before.get("associated")!,
    preamble: before.get("preamble")!,
    wmm: before.get("WMM/WME")!,
    mfp: before.get("MFP")!,
    tdls: before.get("TDLS peer")!,
    dtim: before.get("DTIM period")!,
    beacon: before.get("beacon interval")!,
    shortSlot: before.get("short slot time")!,
    associatedAt: before.get("associated at [boottime]")!,
  });
  expect([f.authorized, f.authenticated, f.associated]).toEqual([true, true, true]);
}

const EXT_CAPS: Record<number, string> = { 2: "Extended Channel Switching", 22: "Multiple BSSID", 25: "SSID List", 62: "Operating Mode Notification" };

/** Compare a Bss with `iw scan dump`'s entry. */
function compareBss(b: Bss, status: string | undefined, v: Map<string, string>, lines: string[]): void {
  const ies = b.informationElements!;
  const rates = (r: { rate: number; basic: boolean }[] | undefined) => (r ?? []).map((x) => `${x.rate.toFixed(1)}${x.basic ? "*" : ""}`).join(" ");
  const text = lines.join("\n");
  expect({
    status: b.status as string | undefined,
    freq: String(b.frequency),
    beaconInterval: `${b.beaconInterval} TUs`,
    capability: `(0x${b.capability!.toString(16).padStart(4, "0")})`,
    signal: `${b.signal!.toFixed(2)} dBm`,
    ssid: b.ssid,
    rates: rates(ies.supportedRates),
    extRates: rates(ies.extendedSupportedRates),
    ds: `channel ${ies.dsChannel}`,
  }).toEqual({
    status,
    freq: v.get("freq")!,
    beaconInterval: v.get("beacon interval")!,
    capability: v.get("capability")!.match(/\(0x[0-9a-f]+\)$/)![0],
    signal: v.get("signal")!,
    ssid: v.get("SSID")!,
    rates: v.get("Supported rates")!,
    extRates: v.get("Extended supported rates")!,
    ds: v.get("DS Parameter set")!,
  });
  // TSF and "last seen" move on between the two reads: iw's are the later ones.
  expect(Number(v.get("TSF")!.split(" ")[0])).toBeGreaterThanOrEqual(Number(b.tsf!));
  expect(num(lines.find((l) => /last seen: \d+ ms ago/.test(l))?.split(": ")[1])).toBeGreaterThanOrEqual(b.lastSeen!);
  const rsn = ies.rsn!;
  expect(text).toContain(`* Version: ${rsn.version}`);
  expect(text).toContain(`* Group cipher: ${cipherSuiteName(rsn.groupCipher!)}`);
  expect(text).toContain(`* Pairwise ciphers: ${rsn.pairwiseCiphers.map(cipherSuiteName).join(" ")}`);
  expect(text).toContain(`* Authentication suites: ${rsn.akmSuites.map(akmSuiteName).join(" ")}`);
  expect(text).toContain(`(0x${rsn.capabilities!.toString(16).padStart(4, "0")})`);
  const ht = ies.htOperation!;
  expect(text).toContain(`* primary channel: ${ht.primaryChannel}`);
  expect(text).toContain(`* secondary channel offset: ${{ none: "no secondary", above: "above", below: "below" }[String(ht.secondaryChannelOffset)]}`);
  expect(text).toContain(`* STA channel width: ${ht.staChannelWidth === "any" ? "any" : "20 MHz"}`);
  expect(text).toContain(`* non-GF present: ${ht.nonGreenfieldStationsPresent ? 1 : 0}`);
  const caps = ies.extendedCapabilities!.bits.map((bit) => EXT_CAPS[bit]).filter(Boolean);
  const block = text.split("Extended capabilities:\n")[1]!.split("\n").filter((l) => l.startsWith("\t\t * ")).map((l) => l.slice(5));
  expect(caps).toEqual(block.slice(0, caps.length));
}
