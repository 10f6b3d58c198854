/**
 * Generic netlink against the running kernel. Family and policy listings are global (read-only);
 * everything that touches an interface happens in a throw-away namespace. `genl`, `ethtool` and
 * `ip` are oracles only.
 */
import { describe, expect } from "bun:test";
import {
  CTRL_ATTR_FAMILY_NAME,
  CTRL_ATTR_OP,
  CTRL_CMD_GETFAMILY,
  CTRL_CMD_GETPOLICY,
  GENL_CMD_CAP_DO,
  GENL_CMD_CAP_DUMP,
  GENL_CMD_CAP_HASPOL,
  GENL_ID_CTRL,
  GenericConn,
  NetlinkError,
  Overrun,
  requestPolicy,
  type AttributePolicy,
  type Family,
  type FamilyPolicy,
  type GenericMessage,
} from "../../src/genetlink/index.ts";
import { AttributeDecoder, AttributeEncoder, NLM_F_DUMP } from "../../src/netlink/index.ts";
import { ip, ipJson, kernelTest, sh, withNetns } from "../helpers/netns.ts";

// From linux/ethtool_netlink.h.
const ETHTOOL_MSG_LINKINFO_GET = 2;
const ETHTOOL_MSG_LINKMODES_GET = 4;
const ETHTOOL_MSG_LINKSTATE_GET = 6;
const ETHTOOL_MSG_CHANNELS_GET = 17;
const ETHTOOL_MSG_CHANNELS_SET = 18;
const ETHTOOL_MSG_LINKINFO_GET_REPLY = 2;
const ETHTOOL_MSG_CHANNELS_GET_REPLY = 18;
const ETHTOOL_MSG_CHANNELS_NTF = 19;
const ETHTOOL_A_HEADER_DEV_INDEX = 1;
const ETHTOOL_A_HEADER_DEV_NAME = 2;
/** Every ETHTOOL_A_*_HEADER is attribute 1. */
const ETHTOOL_A_HEADER = 1;
const ETHTOOL_A_LINKINFO_PORT = 2;
const ETHTOOL_A_LINKINFO_PHYADDR = 3;
const ETHTOOL_A_LINKINFO_TRANSCEIVER = 6;
const ETHTOOL_A_LINKMODES_AUTONEG = 2;
const ETHTOOL_A_LINKMODES_SPEED = 5;
const ETHTOOL_A_LINKMODES_DUPLEX = 6;
const ETHTOOL_A_LINKSTATE_LINK = 2;
const ETHTOOL_A_CHANNELS_RX_MAX = 2;
const ETHTOOL_A_CHANNELS_TX_MAX = 3;
const ETHTOOL_A_CHANNELS_RX_COUNT = 6;
const ETHTOOL_A_CHANNELS_TX_COUNT = 7;
// From linux/ethtool.h.
const PORT_TP = 0x00;
const XCVR_INTERNAL = 0x00;
const DUPLEX_FULL = 0x01;

const NS = "genl";

/** The attributes of an ethtool reply: the header's device, and every u8/u32 by type. */
interface EthtoolReply {
  command: number;
  ifindex?: number;
  ifname?: string;
  values: Map<number, number>;
}

function decodeEthtool(g: GenericMessage): EthtoolReply {
  const out: EthtoolReply = { command: g.command, values: new Map() };
  const ad = new AttributeDecoder(g.data);
  while (ad.next()) {
    if (ad.type === ETHTOOL_A_HEADER) {
      const h = ad.nested();
      while (h.next()) {
        if (h.type === ETHTOOL_A_HEADER_DEV_INDEX) out.ifindex = h.u32();
        else if (h.type === ETHTOOL_A_HEADER_DEV_NAME) out.ifname = h.string();
      }
    } else if (ad.length === 1) out.values.set(ad.type, ad.u8());
    else if (ad.length === 4 && !ad.isNested) out.values.set(ad.type, ad.u32());
  }
  return out;
}

const deviceHeader = (ifname: string) => new AttributeEncoder().nested(ETHTOOL_A_HEADER, (h) => h.string(ETHTOOL_A_HEADER_DEV_NAME, ifname));

/** `ethtool` output lines "Key: value" of one section, as a map. */
function ethtoolFields(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split("\n")) {
    const i = line.indexOf(":");
    if (i > 0) m.set(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  return m;
}

// ---- genl ctrl list ---------------------------------------------------------------------------

interface GenlFamily {
  name: string;
  id: number;
  version: number;
  headerSize: number;
  maxAttribute: number;
  /** flags is absent where genl does not print it (it prints them only for version ≥ 2 families). */
  operations: { id: number; flags?: number }[];
  groups: { id: number; name: string }[];
}

function parseGenlList(text: string): GenlFamily[] {
  const out: GenlFamily[] = [];
  let cur: GenlFamily | undefined;
  let section = "";
  for (const line of text.split("\n")) {
    let m: RegExpExecArray | null;
    if ((m = /^Name: (\S+)/.exec(line))) {
      cur = { name: m[1]!, id: -1, version: -1, headerSize: -1, maxAttribute: -1, operations: [], groups: [] };
      out.push(cur);
      section = "";
    } else if (!cur) continue;
    else if ((m = /ID: 0x([0-9a-f]+)\s+Version: 0x([0-9a-f]+)\s+header size: (\d+)\s+max attribs: (\d+)/.exec(line))) {
      cur.id = parseInt(m[1]!, 16);
      cur.version = parseInt(m[2]!, 16);
      cur.headerSize = Number(m[3]);
      cur.maxAttribute = Number(m[4]);
    } else if (/commands supported/.test(line)) section = "ops";
    else if (/multicast groups/.test(line)) section = "groups";
    else if (section === "ops" && (m = /#\d+:\s+ID-0x([0-9a-f]+)/.exec(line))) cur.operations.push({ id: parseInt(m[1]!, 16) });
    else if (section === "ops" && (m = /Capabilities \(0x([0-9a-f]+)\)/.exec(line))) cur.operations.at(-1)!.flags = parseInt(m[1]!, 16);
    else if (section === "groups" && (m = /#\d+:\s+ID-0x([0-9a-f]+)\s+name: (\S+)/.exec(line))) {
      cur.groups.push({ id: parseInt(m[1]!, 16), name: m[2]! });
    }
  }
  return out;
}

/** Our Family in genl's terms: flags only where genl shows them. */
function asGenl(f: Family, withFlags: (op: number) => boolean): GenlFamily {
  return {
    name: f.name,
    id: f.id,
    version: f.version,
    headerSize: f.headerSize,
    maxAttribute: f.maxAttribute,
    operations: f.operations.map((o, i) => (withFlags(i) ? { id: o.id, flags: o.flags } : { id: o.id })),
    groups: f.groups,
  };
}

// ---- genl ctrl policy -------------------------------------------------------------------------

const GENL_TYPE_NAMES: Record<string, string> = {
  flag: "FLAG",
  u8: "U8",
  u16: "U16",
  u32: "U32",
  u64: "U64",
  s8: "S8",
  s16: "S16",
  s32: "S32",
  s64: "S64",
  binary: "BINARY",
  string: "STRING",
  "nul-string": "NUL_STRING",
  nested: "NESTED",
  "nested-array": "NESTED_ARRAY",
  bitfield32: "BITFIELD32",
};

/** Print a policy as iproute2 6.1's `genl ctrl policy` does (one line per reply message). */
function genlPolicyLines(p: FamilyPolicy, family: Family): string[] {
  const id = `ID: 0x${p.familyId.toString(16)}`;
  const dumpOnly = new Set(
    family.operations.filter((o) => (o.flags & GENL_CMD_CAP_DUMP) !== 0 && (o.flags & GENL_CMD_CAP_DO) === 0).map((o) => o.id),
  );
  const lines: string[] = [];
  for (const [cmd, op] of Object.entries(p.operations)) {
    // genl prints the kernel's numbering: dump-only commands come as op 0.
    const printed = dumpOnly.has(Number(cmd)) ? 0 : Number(cmd);
    lines.push(`${id} op ${printed} policies:${op.do !== undefined ? ` do=${op.do}` : ""}${op.dump !== undefined ? ` dump=${op.dump}` : ""}`);
  }
  for (const [index, attrs] of Object.entries(p.policies)) {
    for (const [type, a] of Object.entries(attrs) as [string, AttributePolicy][]) {
      let line = `${id} policy[${index}]:attr[${type}]: type=${GENL_TYPE_NAMES[a.type] ?? "unknown"}`;
      if (a.policy !== undefined) line += ` policy:${a.policy}`;
      if (a.maxType !== undefined) line += ` maxattr:${a.maxType}`;
      if (a.minValue !== undefined && a.maxValue !== undefined) line += ` range:[${a.minValue},${a.maxValue}]`;
      if (a.minLength !== undefined) line += ` min len:${a.minLength}`;
      if (a.maxLength !== undefined) line += ` max len:${a.maxLength}`;
      lines.push(line);
    }
  }
  return lines.sort();
}

const genlLines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim().replace(/\s+/g, " "))
    .filter((l) => l.length > 0)
    .sort();

describe("generic netlink against the kernel", () => {
  kernelTest("listFamilies has nlctrl, ethtool and netdev with their groups", async () => {
    await using genl = GenericConn.dial();
    const families = await genl.listFamilies();
    const byName = new Map(families.map((f) => [f.name, f]));
    expect(byName.get("nlctrl")).toMatchObject({ id: GENL_ID_CTRL, groups: [{ id: GENL_ID_CTRL, name: "notify" }] });
    expect(byName.get("nlctrl")!.operations.map((o) => o.id)).toEqual([CTRL_CMD_GETFAMILY, CTRL_CMD_GETPOLICY]);
    expect(byName.get("ethtool")!.groups.map((g) => g.name)).toContain("monitor");
    expect(byName.get("netdev")!.groups.map((g) => g.name)).toContain("mgmt");
    for (const f of families) expect(await genl.getFamily(f.name)).toBe(f); // the listing filled the cache
  });

  kernelTest("the decoded list equals what `genl ctrl list` prints, family by family", async () => {
    await using genl = GenericConn.dial();
    // Another process may load a module meanwhile: compare again until two of our listings agree.
    for (let attempt = 1; ; attempt++) {
      const before = await genl.listFamilies();
      const theirs = parseGenlList(sh(["genl", "ctrl", "list"]));
      const after = await genl.listFamilies();
      if (attempt < 3 && JSON.stringify(before) !== JSON.stringify(after)) continue;
      expect(theirs.length).toBeGreaterThan(3);
      const flagsShown = new Map(theirs.map((f) => [f.name, f.operations.map((o) => o.flags !== undefined)]));
      const ours = after.map((f) => asGenl(f, (i) => flagsShown.get(f.name)?.[i] ?? false));
      expect(ours).toEqual(theirs);
      // genl hides the flags of families below version 2; where it shows them they were compared.
      expect(theirs.find((f) => f.name === "nlctrl")!.operations.every((o) => o.flags !== undefined)).toBe(true);
      break;
    }
  });

  kernelTest("getFamily resolves by name, caches, and refreshes on request", async () => {
    await using genl = GenericConn.dial();
    const ethtool = await genl.getFamily("ethtool");
    const oracle = parseGenlList(sh(["genl", "ctrl", "get", "name", "ethtool"]))[0]!;
    expect(ethtool.id).toBe(oracle.id);
    expect(ethtool.groups).toEqual(oracle.groups);
    expect(await genl.getFamily("ethtool")).toBe(ethtool);
    const fresh = await genl.getFamily("ethtool", { refresh: true });
    expect(fresh).not.toBe(ethtool);
    expect(fresh).toEqual(ethtool);
  });

  kernelTest("getFamily of a family the kernel lacks (nl80211 without a WiFi stack) rejects with ENOENT", async () => {
    await using genl = GenericConn.dial();
    const present = Bun.spawnSync(["genl", "ctrl", "get", "name", "nl80211"], { stdout: "ignore", stderr: "ignore" }).exitCode === 0;
    const result = await genl.getFamily("nl80211").catch((e) => e);
    if (present) {
      expect(result.name).toBe("nl80211"); // a host with cfg80211 loaded
    } else {
      expect(result).toBeInstanceOf(NetlinkError);
      expect((result as NetlinkError).code).toBe("ENOENT");
      expect((result as NetlinkError).errno).toBe(2);
    }
    const bogus = (await genl.getFamily("no-such-family").catch((e) => e)) as NetlinkError;
    expect(bogus.code).toBe("ENOENT");
    expect(bogus.syscall).toContain("no-such-family");
  });

  kernelTest("a name longer than the kernel allows is refused by its policy with a typed error", async () => {
    await using genl = GenericConn.dial();
    const err = (await genl.getFamily("x".repeat(40)).catch((e) => e)) as NetlinkError;
    expect(err).toBeInstanceOf(NetlinkError);
    expect(["EINVAL", "ERANGE"]).toContain(err.code);
  });

  kernelTest("the nlctrl policy dump decodes and equals `genl ctrl policy`", async () => {
    await using genl = GenericConn.dial();
    const nlctrl = await genl.getFamily("nlctrl");
    const p = await genl.getPolicy("nlctrl");
    expect(p.familyId).toBe(GENL_ID_CTRL);
    expect(requestPolicy(p, CTRL_CMD_GETFAMILY)?.[CTRL_ATTR_FAMILY_NAME]).toEqual({ type: "nul-string", maxLength: 15 });
    // GETPOLICY is dump-only: the kernel files it under 0, getPolicy puts it back under 10.
    expect(requestPolicy(p, CTRL_CMD_GETPOLICY, "dump")?.[CTRL_ATTR_OP]).toEqual({ type: "u32", minValue: 0n, maxValue: 0xffffffffn });
    const printed = genlLines(sh(["genl", "ctrl", "policy", "name", "nlctrl"]));
    expect(printed.length).toBeGreaterThanOrEqual(7);
    expect(genlPolicyLines(p, nlctrl)).toEqual(printed);
    const one = await genl.getPolicy("nlctrl", { command: CTRL_CMD_GETPOLICY });
    expect(Object.keys(one.operations)).toEqual([String(CTRL_CMD_GETPOLICY)]);
  });

  kernelTest.each(["ethtool", "netdev"])("the %s policy dump equals `genl ctrl policy` (nested policies, ranges, lengths)", async (name) => {
    await using genl = GenericConn.dial();
    const family = await genl.getFamily(name);
    const p = await genl.getPolicy(name);
    const printed = genlLines(sh(["genl", "ctrl", "policy", "name", name]));
    expect(printed.length).toBeGreaterThan(20);
    expect(genlPolicyLines(p, family)).toEqual(printed);
    // Every command that declares a policy has one in the dump, dump-only ones under their number.
    for (const op of family.operations.filter((o) => (o.flags & GENL_CMD_CAP_HASPOL) !== 0)) {
      const kind = (op.flags & GENL_CMD_CAP_DO) !== 0 ? "do" : "dump";
      expect(requestPolicy(p, op.id, kind)).toBeDefined();
    }
  });

  kernelTest("a nested attribute's policy is reachable by its index (ethtool's request header)", async () => {
    await using genl = GenericConn.dial();
    const p = await genl.getPolicy("ethtool", { command: ETHTOOL_MSG_CHANNELS_GET });
    const header = requestPolicy(p, ETHTOOL_MSG_CHANNELS_GET)?.[ETHTOOL_A_HEADER];
    expect(header?.type).toBe("nested");
    const nested = p.policies[header!.policy!]!;
    expect(nested[ETHTOOL_A_HEADER_DEV_NAME]?.type).toBe("nul-string");
    expect(nested[ETHTOOL_A_HEADER_DEV_INDEX]?.type).toBe("u32");
  });

  kernelTest("ethtool requests on a veth agree with ethtool(8) and ip", async () => {
    await withNetns(async (ns) => {
      const q = ["numtxqueues", "4", "numrxqueues", "4"];
      ip(ns, "link", "add", "v0", ...q, "type", "veth", "peer", "name", "v1", ...q);
      ip(ns, "link", "set", "v0", "up");
      ip(ns, "link", "set", "v1", "up");
      await using genl = GenericConn.dial({ netns: ns });
      const links = ipJson<{ ifindex: number; ifname: string }[]>(ns, "link", "show");
      const v0 = links.find((l) => l.ifname === "v0")!;

      // A do request that changes something: resolves on the ACK with no replies.
      const attrs = deviceHeader("v0").u32(ETHTOOL_A_CHANNELS_RX_COUNT, 3).u32(ETHTOOL_A_CHANNELS_TX_COUNT, 2).encode();
      expect(await genl.execute("ethtool", ETHTOOL_MSG_CHANNELS_SET, attrs)).toEqual([]);

      const [channels] = (await genl.execute("ethtool", ETHTOOL_MSG_CHANNELS_GET, deviceHeader("v0").encode())).map(decodeEthtool);
      expect(channels!.command).toBe(ETHTOOL_MSG_CHANNELS_GET_REPLY);
      expect([channels!.ifindex, channels!.ifname]).toEqual([v0.ifindex, "v0"]);
      const [maxima, current] = sh(["ip", "netns", "exec", ns, "ethtool", "-l", "v0"]).split("Current hardware settings:").map(ethtoolFields);
      expect(channels!.values.get(ETHTOOL_A_CHANNELS_RX_MAX)).toBe(Number(maxima!.get("RX")));
      expect(channels!.values.get(ETHTOOL_A_CHANNELS_TX_MAX)).toBe(Number(maxima!.get("TX")));
      expect(channels!.values.get(ETHTOOL_A_CHANNELS_RX_COUNT)).toBe(Number(current!.get("RX")));
      expect(channels!.values.get(ETHTOOL_A_CHANNELS_TX_COUNT)).toBe(Number(current!.get("TX")));
      expect([current!.get("RX"), current!.get("TX")]).toEqual(["3", "2"]);

      const settings = ethtoolFields(sh(["ip", "netns", "exec", ns, "ethtool", "v0"]));
      const [modes] = (await genl.execute("ethtool", ETHTOOL_MSG_LINKMODES_GET, deviceHeader("v0").encode())).map(decodeEthtool);
      expect(`${modes!.values.get(ETHTOOL_A_LINKMODES_SPEED)}Mb/s`).toBe(settings.get("Speed")!);
      expect(modes!.values.get(ETHTOOL_A_LINKMODES_DUPLEX) === DUPLEX_FULL ? "Full" : "Half").toBe(settings.get("Duplex")!);
      expect(modes!.values.get(ETHTOOL_A_LINKMODES_AUTONEG) === 1 ? "on" : "off").toBe(settings.get("Auto-negotiation")!);
      const [state] = (await genl.execute("ethtool", ETHTOOL_MSG_LINKSTATE_GET, deviceHeader("v0").encode())).map(decodeEthtool);
      expect(state!.values.get(ETHTOOL_A_LINKSTATE_LINK) === 1 ? "yes" : "no").toBe(settings.get("Link detected")!);

      // A dump over every device of the namespace: the devices ip knows, with their indexes.
      const infos = (await genl.execute("ethtool", ETHTOOL_MSG_LINKINFO_GET, undefined, { flags: NLM_F_DUMP })).map(decodeEthtool);
      expect(infos.every((i) => i.command === ETHTOOL_MSG_LINKINFO_GET_REPLY)).toBe(true);
      const veths = links.filter((l) => l.ifname !== "lo").map((l) => [l.ifindex, l.ifname]);
      expect(infos.filter((i) => i.ifname !== "lo").map((i) => [i.ifindex, i.ifname]).sort()).toEqual(veths.sort());
      const info = infos.find((i) => i.ifname === "v0")!;
      expect(info.values.get(ETHTOOL_A_LINKINFO_PORT) === PORT_TP ? "Twisted Pair" : "other").toBe(settings.get("Port")!);
      expect(String(info.values.get(ETHTOOL_A_LINKINFO_PHYADDR))).toBe(settings.get("PHYAD")!);
      expect(info.values.get(ETHTOOL_A_LINKINFO_TRANSCEIVER) === XCVR_INTERNAL ? "internal" : "external").toBe(settings.get("Transceiver")!);

      // An unknown device: the kernel's error, typed, with its extended ACK.
      const err = (await genl.execute("ethtool", ETHTOOL_MSG_CHANNELS_GET, deviceHeader("nope0").encode()).catch((e) => e)) as NetlinkError;
      expect(err).toBeInstanceOf(NetlinkError);
      expect(err.code).toBe("ENODEV");
      expect(err.extAck.message).toBeDefined();
    }, NS);
  });

  kernelTest("subscribe to ethtool's monitor group by name receives a change made by ethtool(8)", async () => {
    await withNetns(async (ns) => {
      const q = ["numtxqueues", "4", "numrxqueues", "4"];
      ip(ns, "link", "add", "v0", ...q, "type", "veth", "peer", "name", "v1", ...q);
      await using genl = GenericConn.dial({ netns: ns });
      // A safety net so that a missing event fails the test instead of hanging it.
      const signal = AbortSignal.timeout(10_000);
      const events = await genl.subscribe("ethtool", ["monitor"], { signal });
      const monitor = (await genl.getFamily("ethtool")).groups.find((g) => g.name === "monitor")!;
      expect(genl.conn.groups()).toContain(monitor.id);
      // A veth starts with every queue in use (4): 2 is a change, which the kernel announces.
      sh(["ip", "netns", "exec", ns, "ethtool", "-L", "v0", "rx", "2"]);
      let seen: EthtoolReply | undefined;
      for await (const ev of events) {
        if (ev instanceof Overrun) continue;
        const e = decodeEthtool(ev);
        if (e.command === ETHTOOL_MSG_CHANNELS_NTF && e.ifname === "v0") {
          seen = e;
          break;
        }
      }
      expect(seen?.values.get(ETHTOOL_A_CHANNELS_RX_COUNT)).toBe(2);
      expect(genl.conn.groups()).not.toContain(monitor.id); // break left the group
    }, NS);
  }, 20_000);
});
