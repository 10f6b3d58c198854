/**
 * Parsers of `iw` output, the oracle the VM suite compares WifiClient with. iw's text is not a
 * stable interface; these follow iw 5.19 (Debian 12) and fail loudly when a line does not match.
 */

/** Run a command; its stdout, or an Error with stderr when it fails. */
export function run(...args: string[]): string {
  const r = Bun.spawnSync(args, { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`${args.join(" ")} exited ${r.exitCode}: ${r.stderr.toString()}${r.stdout.toString()}`);
  return r.stdout.toString();
}

export const iw = (...args: string[]): string => run("iw", ...args);

/** Key/value lines ("\tkey: value" or "\tkey:\tvalue") of a block, keys trimmed. */
function keyValues(lines: string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of lines) {
    const i = line.indexOf(":");
    if (i < 0) continue;
    m.set(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  return m;
}

export interface IwInterface {
  phy: number;
  name?: string;
  ifindex?: number;
  wdev: bigint;
  addr: string;
  ssid?: string;
  type: string;
  frequency?: number;
  channel?: number;
  width?: string;
  center1?: number;
  center2?: number;
  txpower?: number;
  fourAddress: boolean;
}

/** `iw dev`. */
export function parseIwDev(text: string): IwInterface[] {
  const out: IwInterface[] = [];
  let phy = -1;
  let cur: IwInterface | undefined;
  for (const line of text.split("\n")) {
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^phy#(\d+)$/))) phy = Number(m[1]);
    else if ((m = line.match(/^\tInterface (\S+)$/)) || line === "\tUnnamed/non-netdev interface") {
      cur = { phy, wdev: -1n, addr: "", type: "", fourAddress: false };
      if (m) cur.name = m[1]!;
      out.push(cur);
    } else if (cur && (m = line.match(/^\t\t(\S+) (.*)$/))) {
      const [, key, value] = m as unknown as [string, string, string];
      if (key === "ifindex") cur.ifindex = Number(value);
      else if (key === "wdev") cur.wdev = BigInt(value);
      else if (key === "addr") cur.addr = value;
      else if (key === "ssid") cur.ssid = value;
      else if (key === "type") cur.type = value;
      else if (key === "txpower") cur.txpower = Number(value.replace(" dBm", ""));
      else if (key === "4addr:") cur.fourAddress = value === "on";
      else if (key === "channel") {
        const c = value.match(/^(\d+) \((\d+) MHz\), width: (.+?), center1: (\d+) MHz(?:, center2: (\d+) MHz)?$/);
        if (!c) throw new Error(`iw dev: unexpected channel line ${JSON.stringify(line)}`);
        cur.channel = Number(c[1]);
        cur.frequency = Number(c[2]);
        cur.width = c[3]!;
        cur.center1 = Number(c[4]);
        if (c[5]) cur.center2 = Number(c[5]);
      }
    }
  }
  return out;
}

/** `iw dev X info`: the 4addr line only appears when it is on. */
export function iwInfo(dev: string): { fourAddress: boolean; type: string; wiphy: number } {
  const text = iw("dev", dev, "info");
  return {
    fourAddress: /\t4addr: on/.test(text),
    type: text.match(/\ttype (.+)/)?.[1] ?? "",
    wiphy: Number(text.match(/\twiphy (\d+)/)?.[1]),
  };
}

export interface IwFrequency {
  mhz: number;
  channel: number;
  power?: number;
  flags: string[];
}

export interface IwBand {
  number: number;
  htCapabilities?: number;
  ampduLength?: number;
  ampduSpacingCode?: number;
  htMcs?: string;
  vhtCapabilities?: number;
  vhtMaxMpdu?: number;
  vhtRxMcs: string[];
  vhtTxMcs: string[];
  bitrates: { rate: number; shortPreamble: boolean }[];
  frequencies: IwFrequency[];
}

export interface IwPhy {
  name: string;
  index: number;
  maxScanSsids: number;
  maxScanIeLength: number;
  retryShort: number;
  retryLong: number;
  coverageClass: number;
  antennaTx: number;
  antennaRx: number;
  ciphers: number[];
  modes: string[];
  softwareModes: string[];
  bands: IwBand[];
  commands: string[];
  combinations: string[];
  extendedFeatures: string[];
}

/** `iw phy` (every PHY) or `iw phy X info`. */
export function parseIwPhy(text: string): IwPhy[] {
  const phys: IwPhy[] = [];
  let phy: IwPhy | undefined;
  let section = "";
  let sub = "";
  for (const line of text.split("\n")) {
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^Wiphy (\S+)$/))) {
      phy = {
        name: m[1]!,
        index: -1,
        maxScanSsids: -1,
        maxScanIeLength: -1,
        retryShort: -1,
        retryLong: -1,
        coverageClass: -1,
        antennaTx: -1,
        antennaRx: -1,
        ciphers: [],
        modes: [],
        softwareModes: [],
        bands: [],
        commands: [],
        combinations: [],
        extendedFeatures: [],
      };
      phys.push(phy);
      section = "";
      continue;
    }
    if (!phy) continue;
    if ((m = line.match(/^\t([^\t].*)$/))) {
      const l = m[1]!;
      section = l;
      if ((m = l.match(/^wiphy index: (\d+)/))) phy.index = Number(m[1]);
      else if ((m = l.match(/^max # scan SSIDs: (\d+)/))) phy.maxScanSsids = Number(m[1]);
      else if ((m = l.match(/^max scan IEs length: (\d+)/))) phy.maxScanIeLength = Number(m[1]);
      else if ((m = l.match(/^Retry short limit: (\d+)/))) phy.retryShort = Number(m[1]);
      else if ((m = l.match(/^Retry long limit: (\d+)/))) phy.retryLong = Number(m[1]);
      else if ((m = l.match(/^Coverage class: (\d+)/))) phy.coverageClass = Number(m[1]);
      else if ((m = l.match(/^Available Antennas: TX (\S+) RX (\S+)/))) {
        phy.antennaTx = Number(m[1]);
        phy.antennaRx = Number(m[2]);
      } else if ((m = l.match(/^Band (\d+):$/))) {
        phy.bands.push({ number: Number(m[1]), vhtRxMcs: [], vhtTxMcs: [], bitrates: [], frequencies: [] });
        section = "band";
      }
      continue;
    }
    const cur = phy.bands[phy.bands.length - 1];
    if (section === "band" && cur) {
      if ((m = line.match(/^\t\t([^\t].*)$/))) {
        const l = m[1]!;
        sub = l;
        if ((m = l.match(/^Capabilities: (0x[0-9a-f]+)$/))) cur.htCapabilities = Number(m[1]);
        else if ((m = l.match(/^Maximum RX AMPDU length (\d+) bytes/))) cur.ampduLength = Number(m[1]);
        else if ((m = l.match(/^Minimum RX AMPDU time spacing: .*\((0x[0-9a-f]+)\)/))) cur.ampduSpacingCode = Number(m[1]);
        else if ((m = l.match(/^HT TX\/RX MCS rate indexes supported: (.+)$/))) cur.htMcs = m[1]!;
        else if ((m = l.match(/^VHT Capabilities \((0x[0-9a-f]+)\):$/))) cur.vhtCapabilities = Number(m[1]);
        continue;
      }
      if ((m = line.match(/^\t\t\t([^\t].*)$/))) {
        const l = m[1]!;
        if (sub.startsWith("VHT Capabilities") && (m = l.match(/^Max MPDU length: (\d+)/))) cur.vhtMaxMpdu = Number(m[1]);
        else if (sub === "VHT RX MCS set:") cur.vhtRxMcs.push(l.replace(/^\d+ streams: /, ""));
        else if (sub === "VHT TX MCS set:") cur.vhtTxMcs.push(l.replace(/^\d+ streams: /, ""));
        else if (sub === "Bitrates (non-HT):" && (m = l.match(/^\* ([\d.]+) Mbps( \(short preamble supported\))?$/))) {
          cur.bitrates.push({ rate: Number(m[1]), shortPreamble: m[2] !== undefined });
        } else if (sub === "Frequencies:") {
          m = l.match(/^\* (\d+)(?:\.\d+)? MHz \[(-?\d+)\](?: \(([\d.]+) dBm\))?(?: \((.*)\))?$/);
          if (!m) throw new Error(`iw phy: unexpected frequency line ${JSON.stringify(l)}`);
          const f: IwFrequency = { mhz: Number(m[1]), channel: Number(m[2]), flags: m[4] ? m[4].split(", ") : [] };
          if (m[3] !== undefined) f.power = Number(m[3]);
          cur.frequencies.push(f);
        }
      }
      continue;
    }
    if ((m = line.match(/^\t\t\s*\*\s*(.*)$/))) {
      const item = m[1]!;
      if (section === "Supported Ciphers:") {
        const c = item.match(/\(([0-9a-f]{2})-([0-9a-f]{2})-([0-9a-f]{2}):(\d+)\)$/);
        if (c) phy.ciphers.push(((parseInt(c[1]!, 16) << 24) | (parseInt(c[2]!, 16) << 16) | (parseInt(c[3]!, 16) << 8) | Number(c[4])) >>> 0);
      } else if (section === "Supported interface modes:") phy.modes.push(item);
      else if (section.startsWith("software interface modes")) phy.softwareModes.push(item);
      else if (section === "Supported commands:") phy.commands.push(item);
      else if (section === "valid interface combinations:") phy.combinations.push(item);
      else if (section === "Supported extended features:") {
        const f = item.match(/^\[ (\S+) \]/);
        if (f) phy.extendedFeatures.push(f[1]!);
      }
    } else if (section === "valid interface combinations:" && (m = line.match(/^\t\t   (.*)$/))) {
      phy.combinations[phy.combinations.length - 1] += " " + m[1]!;
    }
  }
  return phys;
}

export interface IwStation {
  mac: string;
  values: Map<string, string>;
}

/** `iw dev X station dump`. */
export function parseIwStations(text: string): IwStation[] {
  const out: IwStation[] = [];
  let lines: string[] = [];
  let mac = "";
  const flush = () => {
    if (mac) out.push({ mac, values: keyValues(lines) });
  };
  for (const line of text.split("\n")) {
    const m = line.match(/^Station (\S+) \(on \S+\)$/);
    if (m) {
      flush();
      mac = m[1]!;
      lines = [];
    } else if (line.startsWith("\t")) lines.push(line);
  }
  flush();
  return out;
}

/** `iw dev X link`. */
export function parseIwLink(text: string): { bssid?: string; values: Map<string, string> } {
  const m = text.match(/^Connected to (\S+) \(on \S+\)/);
  return m ? { bssid: m[1]!, values: keyValues(text.split("\n").slice(1)) } : { values: new Map() };
}

export interface IwBss {
  bssid: string;
  status?: string;
  lines: string[];
  values: Map<string, string>;
}

/** `iw dev X scan dump`. */
export function parseIwScan(text: string): IwBss[] {
  const out: IwBss[] = [];
  for (const line of text.split("\n")) {
    const m = line.match(/^BSS (\S+?)\(on \S+\)(?: -- (\S+))?$/);
    if (m) {
      const b: IwBss = { bssid: m[1]!, lines: [], values: new Map() };
      if (m[2]) b.status = m[2];
      out.push(b);
    } else if (out.length > 0 && line.startsWith("\t")) out[out.length - 1]!.lines.push(line);
  }
  for (const b of out) b.values = keyValues(b.lines.filter((l) => /^\t[^\t]/.test(l)));
  return out;
}

/** `iw dev X survey dump`. */
export function parseIwSurvey(text: string): Map<string, string>[] {
  return text
    .split(/^Survey data from \S+.*$/m)
    .slice(1)
    .map((block) => keyValues(block.split("\n")));
}

export interface IwRegRule {
  start: number;
  end: number;
  bandwidth: number;
  gain: string;
  eirp: number;
  cac: string;
  flags: string[];
}

/** `iw reg get`: the global domain and any PHY's own. */
export function parseIwReg(text: string): { scope: string; country: string; dfs: string; rules: IwRegRule[] }[] {
  const out: { scope: string; country: string; dfs: string; rules: IwRegRule[] }[] = [];
  let scope = "";
  for (const line of text.split("\n")) {
    let m: RegExpMatchArray | null;
    if (line === "global" || (m = line.match(/^phy#\d+/))) scope = line;
    else if ((m = line.match(/^country (\S+): (\S+)$/))) out.push({ scope, country: m[1]!, dfs: m[2]!, rules: [] });
    else if ((m = line.match(/^\t\((\d+) - (\d+) @ (\d+)\), \(([^,]+), (\d+)\), \(([^)]+)\)(.*)$/))) {
      out[out.length - 1]!.rules.push({
        start: Number(m[1]),
        end: Number(m[2]),
        bandwidth: Number(m[3]),
        gain: m[4]!,
        eirp: Number(m[5]),
        cac: m[6]!,
        flags: m[7] ? m[7].split(", ").filter(Boolean) : [],
      });
    }
  }
  return out;
}
