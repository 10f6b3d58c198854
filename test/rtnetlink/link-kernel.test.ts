/**
 * Links against the kernel, with `ip` as the oracle. Every test builds its own namespaces
 * (prefix bnl-link) and deletes them. The listing test fills a namespace with randomized links of
 * every kind the host kernel has; its seed is printed, and BNL_SEED=<n> replays it.
 */
import { describe, expect, setDefaultTimeout } from "bun:test";
import { closeSync, openSync, readFileSync } from "node:fs";
import { dial, NETLINK_ROUTE, NetlinkError, type Conn } from "../../src/netlink/index.ts";
import { createLink, deleteLink, getLink, linkFlagNames, listLinks, setLink, type Link, type LinkInfo } from "../../src/rtnetlink/link.ts";
import { ipBatch, ipJson, kernelTest, sh, withNetns } from "../helpers/netns.ts";
import { seeded, testSeed } from "../helpers/random.ts";

// bunfig.toml's [test] timeout is not read by Bun (it keeps 5 s); a busy 2-core machine needs more.
setDefaultTimeout(60_000);

const PREFIX = "bnl-link";
const SEED = testSeed();


/** Namespace sysctls (they never touch the host's own). */
function sysctl(ns: string, ...settings: string[]): void {
  sh(["ip", "netns", "exec", ns, "sysctl", "-qw", ...settings]);
}

/** No IPv6 in link tests: nothing then sends a packet, so counters stay put between two reads. */
function quiet(ns: string): void {
  sysctl(ns, "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
}

// ---------------------------------------------------------------------------------------------
// Both sides in the same terms: `ip -j` keys, with ip's spellings of values.

type Row = Record<string, unknown>;
const LINK_TYPES: Record<number, string> = { 1: "ether", 772: "loopback", 65534: "none", 65535: "void" };
const VLAN_PROTOCOLS: Record<number, string> = { 0x8100: "802.1Q", 0x88a8: "802.1ad" };
const DF = ["unset", "set", "inherit"];
const BRIDGE_KEYS = [
  "forward_delay", "hello_time", "max_age", "ageing_time", "stp_state", "priority", "vlan_filtering", "vlan_protocol",
  "vlan_default_pvid", "bridge_id", "root_id", "root_port", "root_path_cost", "topology_change", "topology_change_detected",
  "group_fwd_mask", "group_addr", "mcast_snooping", "mcast_router", "mcast_querier",
];
const VXLAN_KEYS = [
  "id", "group", "remote", "local", "group6", "remote6", "local6", "link", "port_range", "port", "learning", "proxy", "rsc",
  "l2miss", "l3miss", "ttl", "tos", "df", "label", "ageing", "limit", "udp_csum", "udp_zero_csum6_tx", "udp_zero_csum6_rx",
  "remcsum_tx", "remcsum_rx", "gbp", "gpe", "external", "vnifilter",
];
const MACVLAN_KEYS = ["mode", "bcqueuelen", "usedbcqueuelen", "nopromisc", "nodst"];
const INFO_KEYS: Record<string, string[]> = { bridge: BRIDGE_KEYS, vxlan: VXLAN_KEYS, macvlan: MACVLAN_KEYS, macvtap: MACVLAN_KEYS };

function pick(o: Row, keys: readonly string[]): Row {
  const out: Row = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

function put(o: Row, k: string, v: unknown): void {
  if (v !== undefined) o[k] = v;
}

/** What `ip -j -d -s link show` prints for one link, minus what this library leaves raw (IFLA_AF_SPEC). */
function fromIp(j: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(j)) {
    switch (k) {
      case "flags": // M-DOWN is ip's own note that the IFLA_LINK device is down, not a kernel flag
        out.flags = (v as string[]).filter((f) => f !== "M-DOWN").sort();
        break;
      case "operstate":
      case "linkmode":
        out[k] = (v as string).toLowerCase();
        break;
      case "group":
        out.group = v === "default" ? 0 : Number(v);
        break;
      case "linkinfo": {
        const li = v as Row;
        const o: Row = {};
        put(o, "info_kind", li.info_kind);
        const keys = INFO_KEYS[li.info_kind as string];
        if (li.info_data !== undefined) o.info_data = keys ? pick(li.info_data as Row, keys) : "raw";
        const data = o.info_data as Row;
        // ip prints a bridge id's MAC bytes without zero padding ("8000.2:ae:0:7e:16:4").
        for (const k of ["bridge_id", "root_id"]) {
          if (typeof data?.[k] === "string") {
            const [prio, m] = (data[k] as string).split(".");
            data[k] = `${prio}.${m!.split(":").map((x) => x.padStart(2, "0")).join(":")}`;
          }
        }
        put(o, "info_slave_kind", li.info_slave_kind);
        if (li.info_slave_data !== undefined) o.info_slave_data = "raw";
        out.linkinfo = o;
        break;
      }
      case "inet6_addr_gen_mode": // inside IFLA_AF_SPEC, which Link keeps in `other`
        break;
      default:
        out[k] = v;
    }
  }
  return out;
}

const hex0x = (n: number) => (n === 0 ? "0" : `0x${n.toString(16)}`);

function infoRow(info: LinkInfo, names: Map<number, string>): Row {
  const o: Row = {};
  switch (info.kind) {
    case "bridge": {
      const cs = (x: number | undefined) => (x === undefined ? undefined : Math.round(x * 100));
      const n = (b: boolean | undefined) => (b === undefined ? undefined : Number(b));
      put(o, "forward_delay", cs(info.forwardDelay));
      put(o, "hello_time", cs(info.helloTime));
      put(o, "max_age", cs(info.maxAge));
      put(o, "ageing_time", cs(info.ageingTime));
      put(o, "stp_state", info.stpState);
      put(o, "priority", info.priority);
      put(o, "vlan_filtering", n(info.vlanFiltering));
      put(o, "vlan_protocol", info.vlanProtocol === undefined ? undefined : VLAN_PROTOCOLS[info.vlanProtocol]);
      put(o, "vlan_default_pvid", info.vlanDefaultPvid);
      put(o, "bridge_id", info.bridgeId);
      put(o, "root_id", info.rootId);
      put(o, "root_port", info.rootPort);
      put(o, "root_path_cost", info.rootPathCost);
      put(o, "topology_change", n(info.topologyChange));
      put(o, "topology_change_detected", n(info.topologyChangeDetected));
      put(o, "group_fwd_mask", info.groupFwdMask === undefined ? undefined : hex0x(info.groupFwdMask));
      put(o, "group_addr", info.groupAddress);
      put(o, "mcast_snooping", n(info.mcastSnooping));
      put(o, "mcast_router", info.mcastRouter);
      put(o, "mcast_querier", n(info.mcastQuerier));
      break;
    }
    case "macvlan":
    case "macvtap":
      put(o, "mode", info.mode);
      put(o, "bcqueuelen", info.bcQueueLength);
      put(o, "usedbcqueuelen", info.bcQueueLengthUsed);
      if ((info.flags ?? 0) & 1) o.nopromisc = true;
      if ((info.flags ?? 0) & 2) o.nodst = true;
      break;
    case "vxlan": {
      const six = (s: string | undefined) => (s?.includes(":") ? "6" : "");
      const onlyTrue = (k: string, b: boolean | undefined) => b && (o[k] = true);
      put(o, "id", info.vni);
      put(o, `group${six(info.group)}`, info.group);
      put(o, `remote${six(info.remote)}`, info.remote);
      put(o, `local${six(info.local)}`, info.local);
      put(o, "link", info.link === undefined ? undefined : names.get(info.link));
      put(o, "port_range", info.portRange);
      put(o, "port", info.port);
      put(o, "learning", info.learning);
      onlyTrue("proxy", info.proxy);
      onlyTrue("rsc", info.rsc);
      onlyTrue("l2miss", info.l2miss);
      onlyTrue("l3miss", info.l3miss);
      if (!info.ttlInherit) put(o, "ttl", info.ttl);
      if (info.tos) o.tos = hex0x(info.tos);
      put(o, "df", info.df === undefined ? undefined : DF[info.df]);
      if (info.label) o.label = hex0x(info.label);
      put(o, "ageing", info.ageing);
      if (info.limit) o.limit = info.limit;
      put(o, "udp_csum", info.udpCsum);
      put(o, "udp_zero_csum6_tx", info.udpZeroCsum6Tx);
      put(o, "udp_zero_csum6_rx", info.udpZeroCsum6Rx);
      onlyTrue("remcsum_tx", info.remcsumTx);
      onlyTrue("remcsum_rx", info.remcsumRx);
      onlyTrue("gbp", info.gbp);
      onlyTrue("gpe", info.gpe);
      onlyTrue("external", info.collectMetadata);
      onlyTrue("vnifilter", info.vniFilter);
      break;
    }
    case "vlan":
      put(o, "protocol", info.protocol === undefined ? undefined : VLAN_PROTOCOLS[info.protocol]);
      put(o, "id", info.id);
      break;
  }
  return o;
}

/** A Link in the same terms. `names` maps the namespace's indexes to names, as ip resolves them. */
function fromLink(l: Link, names: Map<number, string>): Row {
  const o: Row = {};
  o.ifindex = l.index;
  if (l.linkIndex !== undefined) {
    if (l.linkNetnsId !== undefined) o.link_index = l.linkIndex;
    else o.link = l.linkIndex === 0 ? null : names.get(l.linkIndex) ?? `if${l.linkIndex}`;
  }
  o.ifname = l.name;
  const flags: string[] = linkFlagNames(l.flags).filter((f) => f !== "RUNNING");
  if (l.up && (l.flags & 0x40) === 0) flags.push("NO-CARRIER"); // ip's word for UP without IFF_RUNNING
  o.flags = flags.sort();
  o.mtu = l.mtu;
  put(o, "qdisc", l.qdisc);
  put(o, "master", l.master === undefined ? undefined : names.get(l.master));
  o.operstate = l.operState;
  o.linkmode = l.linkMode;
  o.group = l.group;
  o.txqlen = l.txQueueLength;
  o.link_type = LINK_TYPES[l.type] ?? String(l.type);
  put(o, "address", l.address);
  put(o, "broadcast", l.broadcast);
  put(o, "permaddr", l.permAddress);
  put(o, "link_netnsid", l.linkNetnsId);
  o.promiscuity = l.promiscuity;
  put(o, "allmulti", l.allmulti);
  put(o, "min_mtu", l.minMtu);
  put(o, "max_mtu", l.maxMtu);
  if (l.kind !== undefined || l.slaveKind !== undefined) {
    const li: Row = {};
    put(li, "info_kind", l.kind);
    if (l.info !== undefined) li.info_data = infoRow(l.info, names);
    else if (l.infoData !== undefined) li.info_data = "raw";
    put(li, "info_slave_kind", l.slaveKind);
    if (l.slaveData !== undefined) li.info_slave_data = "raw";
    o.linkinfo = li;
  }
  put(o, "num_tx_queues", l.numTxQueues);
  put(o, "num_rx_queues", l.numRxQueues);
  put(o, "gso_max_size", l.gsoMaxSize);
  put(o, "gso_max_segs", l.gsoMaxSegs);
  put(o, "tso_max_size", l.tsoMaxSize);
  put(o, "tso_max_segs", l.tsoMaxSegs);
  put(o, "gro_max_size", l.groMaxSize);
  if (l.protoDown) o.proto_down = true;
  put(o, "ifalias", l.alias);
  put(o, "parentbus", l.parentBus);
  put(o, "parentdev", l.parentDev);
  if (l.stats !== undefined) {
    const s = l.stats;
    const rx: Row = { bytes: s.rxBytes, packets: s.rxPackets, errors: s.rxErrors, dropped: s.rxDropped, over_errors: s.rxOverErrors, multicast: s.multicast };
    if (s.rxNohandler) rx.nohandler = s.rxNohandler;
    o.stats64 = { rx, tx: { bytes: s.txBytes, packets: s.txPackets, errors: s.txErrors, dropped: s.txDropped, carrier_errors: s.txCarrierErrors, collisions: s.collisions } };
  }
  put(o, "altnames", l.altNames);
  return o;
}

const byIndex = (rows: Row[]) => [...rows].sort((a, b) => (a.ifindex as number) - (b.ifindex as number));

/**
 * Read the links with `ip -j` before and after listLinks(), until both ip reads agree (link state
 * settles asynchronously after a change), and return both sides in the same terms.
 */
async function readBoth(ns: string, conn: Conn, ipArgs: string[] = ["-d", "-s", "link", "show"], list: () => Promise<Link[]> = () => listLinks(conn)) {
  for (let attempt = 0; ; attempt++) {
    const before = ipJson<Row[]>(ns, ...ipArgs).map(fromIp);
    const links = await list();
    const after = ipJson<Row[]>(ns, ...ipArgs).map(fromIp);
    if (Bun.deepEquals(before, after) || attempt === 30) {
      const names = new Map((await listLinks(conn)).map((l) => [l.index, l.name]));
      return { ip: byIndex(after), ours: byIndex(links.map((l) => fromLink(l, names))), links };
    }
    await Bun.sleep(100);
  }
}

/** Keep only the keys ip printed: plain `ip -j link show` prints a subset of the details. */
function likeIp(ours: Row[], ip: Row[]): Row[] {
  return ours.map((o, i) => pick(o, Object.keys(ip[i] ?? {})));
}

// ---------------------------------------------------------------------------------------------

const mac = (r: ReturnType<typeof seeded>) =>
  [(r.int(0, 255) & 0xfc) | 0x02, ...Array.from({ length: 5 }, () => r.int(0, 255))].map((b) => b.toString(16).padStart(2, "0")).join(":");

/** ip -batch lines for a randomized namespace: veths (some with the peer in `other`), bridges, macvlans, vxlans. */
function randomLayout(seed: number, other: string): string[] {
  const r = seeded(seed);
  const lines: string[] = [];
  const up: string[] = [];
  const veths: [string, string | undefined][] = [];
  const pairs = r.int(6, 10);
  for (let i = 0; i < pairs; i++) {
    const a = `ve${i}a`;
    const away = r.chance(0.25);
    let line = `link add ${a}`;
    if (r.chance(0.5)) line += ` mtu ${r.int(1280, 9000)}`;
    if (r.chance(0.5)) line += ` address ${mac(r)}`;
    if (r.chance(0.3)) line += ` txqueuelen ${r.int(1, 5000)}`;
    line += ` type veth peer name ve${i}b`;
    if (away) line += ` netns ${other}`;
    lines.push(line);
    veths.push([a, away ? undefined : `ve${i}b`]);
    if (r.chance(0.6)) up.push(a);
    if (!away && r.chance(0.6)) up.push(`ve${i}b`);
    if (r.chance(0.3)) lines.push(`link set ${a} alias "link ${i} of seed ${seed}"`);
    if (r.chance(0.3)) lines.push(`link property add dev ${a} altname ${a}-alternative-${r.int(0, 999)}`);
  }
  const bridges = r.int(2, 3);
  for (let i = 0; i < bridges; i++) {
    let line = `link add br${i} type bridge`;
    if (r.chance(0.5)) line += ` stp_state 1`;
    if (r.chance(0.5)) line += ` forward_delay ${r.int(200, 3000)}`;
    if (r.chance(0.5)) line += ` ageing_time ${r.int(1000, 100000)}`;
    if (r.chance(0.5)) line += ` priority ${r.int(0, 65535)}`;
    if (r.chance(0.5)) line += ` group_fwd_mask 0x${r.pick(["0", "4000", "8"])}`;
    lines.push(line);
    if (r.chance(0.7)) up.push(`br${i}`);
  }
  // Some veth ends become bridge ports, at most one end of a pair: two would close a loop in
  // which STP frames circle for ever and the counters never stand still. Free ends carry macvlans.
  const free: string[] = [];
  for (const [a, b] of veths) {
    const port = r.chance(0.5) ? (b !== undefined && r.chance(0.5) ? b : a) : undefined;
    if (port !== undefined) lines.push(`link set ${port} master br${r.int(0, bridges - 1)}`);
    for (const v of [a, b]) if (v !== undefined && v !== port) free.push(v);
  }
  const macvlans = free.length === 0 ? 0 : r.int(2, 5);
  for (let i = 0; i < macvlans; i++) {
    const kind = r.chance(0.7) ? "macvlan" : "macvtap";
    lines.push(`link add mv${i} link ${r.pick(free)} type ${kind} mode ${r.pick(["private", "vepa", "bridge"])}`);
    if (r.chance(0.5)) up.push(`mv${i}`);
  }
  const vxlans = r.int(2, 5);
  for (let i = 0; i < vxlans; i++) {
    const v6 = r.chance(0.5);
    const host = () => (v6 ? `2001:db8:${r.int(1, 0xffff).toString(16)}::${r.int(1, 0xffff).toString(16)}` : `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`);
    let line = `link add vx${i} type vxlan id ${r.int(1, 0xffffff)} dstport ${r.int(1024, 65535)}`;
    // An IPv6 group needs a lower device with IPv6, which these namespaces turn off.
    if (!v6 && free.length > 0 && r.chance(0.4)) line += ` group 239.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)} dev ${r.pick(free)}`;
    else if (r.chance(0.7)) line += ` remote ${host()}`;
    if (r.chance(0.6)) line += ` local ${host()}`;
    if (r.chance(0.5)) line += ` ttl ${r.int(1, 255)}`;
    if (r.chance(0.3)) line += " nolearning";
    if (r.chance(0.3)) line += ` ageing ${r.int(10, 3000)}`;
    if (r.chance(0.3)) line += ` maxaddress ${r.int(1, 1000)}`;
    if (r.chance(0.3)) {
      const lo = r.int(1024, 30000);
      line += ` srcport ${lo} ${lo + r.int(1, 30000)}`;
    }
    if (r.chance(0.2)) line += " l2miss";
    if (r.chance(0.2)) line += " proxy";
    if (r.chance(0.3)) line += ` df ${r.pick(["set", "unset", "inherit"])}`;
    if (v6 && r.chance(0.3)) line += " udp6zerocsumtx";
    lines.push(line);
    if (r.chance(0.5)) up.push(`vx${i}`);
  }
  lines.push("link add ifb0 type ifb");
  for (const u of up) lines.push(`link set ${u} up`);
  return lines;
}

/** What ip says when a command fails: the extended-ACK message, or the errno's text. */
function ipError(ns: string, ...args: string[]): { message?: string; strerror?: string } {
  const r = Bun.spawnSync(["ip", "-n", ns, ...args], { stdout: "pipe", stderr: "pipe" });
  if (r.exitCode === 0) throw new Error(`ip ${args.join(" ")} succeeded; it was expected to fail`);
  const text = r.stderr.toString();
  const m = /^Error: (.*)\.$/m.exec(text);
  if (m) return { message: m[1]! };
  const e = /^RTNETLINK answers: (.*)$/m.exec(text);
  if (e) return { strerror: e[1]! };
  throw new Error(`unexpected ip error output: ${text}`);
}

const STRERROR: Record<string, string> = {
  "File exists": "EEXIST",
  "No such device": "ENODEV",
  "Operation not supported": "EOPNOTSUPP",
  "Invalid argument": "EINVAL",
  "Numerical result out of range": "ERANGE",
};

/** The kernel's answer reached the caller as ip reports it: the same message, or the same errno without one. */
function expectAsIp(err: unknown, ipSays: { message?: string; strerror?: string }): void {
  expect(err).toBeInstanceOf(NetlinkError);
  const e = err as NetlinkError;
  if (ipSays.message !== undefined) expect(e.extAck.message).toBe(ipSays.message);
  else {
    expect(e.code).toBe(STRERROR[ipSays.strerror!]!);
    expect(e.extAck.message).toBeUndefined();
  }
}

const show = (ns: string, dev: string) => ipJson<Row[]>(ns, "-d", "link", "show", "dev", dev)[0]!;

// ---------------------------------------------------------------------------------------------

describe("links against the kernel", () => {
  kernelTest(`listLinks agrees field by field with ip -j -d -s link show and ip -j link show (seed ${SEED})`, async () => {
    console.info(`link layout seed ${SEED} (replay with BNL_SEED=${SEED})`);
    await withNetns(async (other) => {
      await withNetns(async (ns) => {
        quiet(ns);
        quiet(other);
        ipBatch(ns, randomLayout(SEED, other));
        await using conn = dial(NETLINK_ROUTE, { netns: ns });
        const detailed = await readBoth(ns, conn);
        expect(detailed.links.length).toBeGreaterThan(10); // the smallest layout: lo, 6 veth ends, 2 bridges, 2 macvlans
        expect([...new Set(detailed.links.map((l) => l.kind))]).toEqual(expect.arrayContaining([undefined, "veth", "bridge", "vxlan", "ifb"]));
        expect(detailed.ours).toEqual(detailed.ip);
        const plain = await readBoth(ns, conn, ["link", "show"]);
        expect(likeIp(plain.ours, plain.ip)).toEqual(plain.ip);
      }, PREFIX);
    }, PREFIX);
  });

  kernelTest("getLink by name, index and alternative name gives the listed link; kernel filters match ip's", async () => {
    await withNetns(async (ns) => {
      quiet(ns);
      ipBatch(ns, [
        "link add p0 type veth peer name p1",
        "link add p2 type veth peer name p3",
        "link add brg type bridge",
        "link set p0 master brg",
        "link set p2 master brg",
        "link property add dev p1 altname an-alternative-name-longer-than-15",
        "link add mv0 link p1 type macvlan",
      ]);
      await using conn = dial(NETLINK_ROUTE, { netns: ns });
      const all = await listLinks(conn);
      const p1 = all.find((l) => l.name === "p1")!;
      expect(await getLink(conn, "p1")).toEqual(p1);
      expect(await getLink(conn, p1.index)).toEqual(p1);
      expect(await getLink(conn, "an-alternative-name-longer-than-15")).toEqual(p1);
      const ports = await readBoth(ns, conn, ["-d", "-s", "link", "show", "master", "brg"], () => listLinks(conn, { master: "brg" }));
      expect(ports.ours.map((r) => r.ifname)).toEqual(["p0", "p2"]);
      expect(ports.ours).toEqual(ports.ip);
      const veths = await readBoth(ns, conn, ["-d", "-s", "link", "show", "type", "veth"], () => listLinks(conn, { kind: "veth" }));
      expect(veths.ours.length).toBe(4);
      expect(veths.ours).toEqual(veths.ip);
    }, PREFIX);
  });

  kernelTest("createLink makes what ip then shows, for every kind the kernel has", async () => {
    await withNetns(async (other) => {
      await withNetns(async (ns) => {
        quiet(ns);
        await using conn = dial(NETLINK_ROUTE, { netns: ns });
        await createLink(conn, { kind: "veth", name: "c0", mtu: 4000, address: "02:00:00:00:00:c0", up: true, txQueueLength: 77, peer: { name: "c1", mtu: 3000, address: "02:00:00:00:00:c1" } });
        await setLink(conn, "c1", { up: true });
        await createLink(conn, { kind: "veth", name: "c2", peer: { name: "c3", netns: other } });
        await createLink(conn, { kind: "bridge", name: "cbr", stp: true, forwardDelay: 4, helloTime: 3, maxAge: 12, ageingTime: 100, priority: 4096, up: true });
        await createLink(conn, { kind: "veth", name: "c4", master: "cbr", peer: { name: "c5" } });
        await createLink(conn, { kind: "macvlan", name: "cmv", link: "c1", mode: "bridge" });
        await createLink(conn, { kind: "macvtap", name: "cmt", link: "c1", mode: "private" });
        await createLink(conn, { kind: "vxlan", name: "cvx4", vni: 4242, remote: "192.0.2.2", local: "192.0.2.1", ttl: 17, learning: false, portRange: { low: 5000, high: 6000 } });
        await createLink(conn, { kind: "vxlan", name: "cvx6", vni: 4343, remote: "2001:db8::99", local: "2001:db8::1", port: 8472 });
        await createLink(conn, { kind: "vxlan", name: "cvxm", vni: 4444, group: "239.1.2.3", link: "c0" });
        await createLink(conn, { kind: "bridge", name: "cnet", netns: other });

        expect(show(ns, "c0")).toMatchObject({ mtu: 4000, address: "02:00:00:00:00:c0", txqlen: 77, link: "c1", linkinfo: { info_kind: "veth" } });
        expect(show(ns, "c0").flags).toContain("UP");
        expect(show(ns, "c1")).toMatchObject({ mtu: 3000, address: "02:00:00:00:00:c1", link: "c0" });
        expect(show(ns, "c1").flags).toContain("UP");
        expect(show(other, "c3")).toMatchObject({ linkinfo: { info_kind: "veth" } });
        expect(show(ns, "c2").link_netnsid).toBeNumber();
        expect(show(ns, "cbr").linkinfo).toMatchObject({ info_kind: "bridge", info_data: { stp_state: 1, forward_delay: 400, hello_time: 300, max_age: 1200, ageing_time: 10000, priority: 4096 } });
        expect(show(ns, "c4")).toMatchObject({ master: "cbr", linkinfo: { info_slave_kind: "bridge" } });
        expect(show(ns, "cmv")).toMatchObject({ link: "c1", linkinfo: { info_kind: "macvlan", info_data: { mode: "bridge" } } });
        expect(show(ns, "cmt")).toMatchObject({ link: "c1", linkinfo: { info_kind: "macvtap", info_data: { mode: "private" } } });
        expect(show(ns, "cvx4").linkinfo).toMatchObject({
          info_kind: "vxlan",
          info_data: { id: 4242, remote: "192.0.2.2", local: "192.0.2.1", ttl: 17, learning: false, port: 4789, port_range: { low: 5000, high: 6000 } },
        });
        expect(show(ns, "cvx6").linkinfo).toMatchObject({ info_kind: "vxlan", info_data: { id: 4343, remote6: "2001:db8::99", local6: "2001:db8::1", port: 8472 } });
        expect(show(ns, "cvxm").linkinfo).toMatchObject({ info_kind: "vxlan", info_data: { id: 4444, group: "239.1.2.3", link: "c0", port: 4789 } });
        expect(show(other, "cnet").linkinfo).toMatchObject({ info_kind: "bridge" });

        // The listing agrees with ip on all of them, too.
        const both = await readBoth(ns, conn);
        expect(both.ours).toEqual(both.ip);
      }, PREFIX);
    }, PREFIX);
  });

  kernelTest("createLink vlan: made where the kernel has 802.1Q, else the kernel's refusal exactly as ip gets it", async () => {
    await withNetns(async (ns) => {
      quiet(ns);
      ipBatch(ns, ["link add vp0 type veth peer name vp1"]);
      await using conn = dial(NETLINK_ROUTE, { netns: ns });
      const probe = Bun.spawnSync(["ip", "-n", ns, "link", "add", "probe", "link", "vp0", "type", "vlan", "id", "2"], { stderr: "pipe" });
      if (probe.exitCode !== 0) {
        const err = await createLink(conn, { kind: "vlan", name: "vl7", link: "vp0", id: 7 }).catch((e) => e);
        expectAsIp(err, ipError(ns, "link", "add", "vl7", "link", "vp0", "type", "vlan", "id", "7"));
        expect(err.code).toBe("EOPNOTSUPP");
        return;
      }
      await createLink(conn, { kind: "vlan", name: "vl7", link: "vp0", id: 7 });
      await createLink(conn, { kind: "vlan", name: "vl8", link: "vp0", id: 8, protocol: "802.1ad" });
      expect(show(ns, "vl7").linkinfo).toMatchObject({ info_kind: "vlan", info_data: { protocol: "802.1Q", id: 7 } });
      expect(show(ns, "vl8").linkinfo).toMatchObject({ info_kind: "vlan", info_data: { protocol: "802.1ad", id: 8 } });
      const vl8 = await getLink(conn, "vl8");
      expect(vl8.info).toMatchObject({ kind: "vlan", id: 8, protocol: 0x88a8 });
    }, PREFIX);
  });

  kernelTest("setLink changes what ip then shows: up/down, MTU, address, name, master, alias, queue, flags", async () => {
    await withNetns(async (ns) => {
      quiet(ns);
      ipBatch(ns, ["link add s0 type veth peer name s1", "link add sbr type bridge", "link add sbr2 type bridge"]);
      await using conn = dial(NETLINK_ROUTE, { netns: ns });
      await setLink(conn, "s0", { up: true, mtu: 1400, address: "02:00:00:00:5e:00", txQueueLength: 10, alias: "uplink", group: 7 });
      let j = show(ns, "s0");
      expect(j).toMatchObject({ mtu: 1400, address: "02:00:00:00:5e:00", txqlen: 10, ifalias: "uplink", group: "7" });
      expect(j.flags).toContain("UP");
      await setLink(conn, "s0", { up: false, promisc: true, arp: false, allmulticast: true });
      j = show(ns, "s0");
      expect(j.flags).not.toContain("UP");
      expect(j.flags).toEqual(expect.arrayContaining(["PROMISC", "NOARP", "ALLMULTI"]));
      await setLink(conn, "s0", { promisc: false, arp: true, allmulticast: false });
      expect(show(ns, "s0").flags).not.toEqual(expect.arrayContaining(["PROMISC"]));
      const s0 = await getLink(conn, "s0");
      await setLink(conn, "s0", { name: "renamed0" });
      expect(show(ns, "renamed0").ifindex).toBe(s0.index);
      await setLink(conn, s0.index, { master: "sbr" });
      expect(show(ns, "renamed0").master).toBe("sbr");
      await setLink(conn, "renamed0", { master: "sbr2" });
      expect(show(ns, "renamed0").master).toBe("sbr2");
      await setLink(conn, "renamed0", { master: null });
      expect(show(ns, "renamed0").master).toBeUndefined();
      await setLink(conn, "renamed0", { alias: "" });
      expect(show(ns, "renamed0").ifalias).toBeUndefined();
      expect((await getLink(conn, "renamed0")).alias).toBeUndefined();
    }, PREFIX);
  });

  kernelTest("setLink moves links to another namespace by name, by descriptor and by process", async () => {
    await withNetns(async (there) => {
      await withNetns(async (ns) => {
        ipBatch(ns, ["link add m0 type veth peer name m1", "link add m2 type veth peer name m3", "link add m4 type veth peer name m5"]);
        await using conn = dial(NETLINK_ROUTE, { netns: ns });
        await using away = dial(NETLINK_ROUTE, { netns: there });
        await setLink(conn, "m1", { netns: there });
        const fd = openSync(`/run/netns/${there}`, "r");
        try {
          await setLink(conn, "m3", { netns: fd, name: "moved3" });
        } finally {
          closeSync(fd);
        }
        const holder = Bun.spawn(["ip", "netns", "exec", there, "sleep", "60"]);
        try {
          // `ip netns exec` switches namespaces, then execs sleep in the same process.
          for (let i = 0; i < 500 && readFileSync(`/proc/${holder.pid}/comm`, "utf8").trim() !== "sleep"; i++) await Bun.sleep(10);
          await setLink(conn, "m5", { netns: { pid: holder.pid } });
        } finally {
          holder.kill();
          await holder.exited;
        }
        const here = ipJson<Row[]>(ns, "link", "show").map((l) => l.ifname);
        const moved = ipJson<Row[]>(there, "link", "show").map((l) => l.ifname);
        expect(here).toEqual(expect.arrayContaining(["m0", "m2", "m4"]));
        expect(here).not.toEqual(expect.arrayContaining(["m1"]));
        expect(moved).toEqual(expect.arrayContaining(["m1", "moved3", "m5"]));
        // The other namespace's Conn sees them; the peer now points across namespaces.
        const theirs = await listLinks(away);
        expect(theirs.map((l) => l.name)).toEqual(expect.arrayContaining(["m1", "moved3", "m5"]));
        expect((await getLink(conn, "m0")).linkNetnsId).toBeNumber();
        const err = await setLink(conn, "m0", { netns: "bnl-link-no-such-namespace" }).catch((e) => e);
        expect(err).toBeInstanceOf(NetlinkError);
        expect(err.code).toBe("ENOENT");
      }, PREFIX);
    }, PREFIX);
  });

  kernelTest("deleteLink removes a link (a veth with its peer), by name and by index", async () => {
    await withNetns(async (ns) => {
      ipBatch(ns, ["link add d0 type veth peer name d1", "link add dbr type bridge"]);
      await using conn = dial(NETLINK_ROUTE, { netns: ns });
      await deleteLink(conn, "d0");
      await deleteLink(conn, (await getLink(conn, "dbr")).index);
      expect(ipJson<Row[]>(ns, "link", "show").map((l) => l.ifname)).toEqual(["lo"]);
    }, PREFIX);
  });

  kernelTest("error paths carry the kernel's errno and extended-ACK message, as ip reports them", async () => {
    await withNetns(async (ns) => {
      quiet(ns);
      ipBatch(ns, ["link add e0 type veth peer name e1", "link add e2 type veth peer name e3"]);
      await using conn = dial(NETLINK_ROUTE, { netns: ns });
      const fail = (p: Promise<unknown>) => p.then(() => new Error("expected a rejection"), (e: unknown) => e);

      // A missing link: the kernel answers ENODEV and attaches no message.
      for (const err of [
        await fail(getLink(conn, "nope")),
        await fail(getLink(conn, 4242)),
        await fail(deleteLink(conn, "nope")),
        await fail(deleteLink(conn, 4242)),
        await fail(setLink(conn, "nope", { up: true })),
        await fail(setLink(conn, 4242, { mtu: 1400 })),
      ]) {
        expect(err).toBeInstanceOf(NetlinkError);
        expect((err as NetlinkError).code).toBe("ENODEV");
        expect((err as NetlinkError).errno).toBe(19);
        expect((err as NetlinkError).extAck.message).toBeUndefined();
      }

      const dup = await fail(createLink(conn, { kind: "veth", name: "e0", peer: { name: "e9" } }));
      expectAsIp(dup, ipError(ns, "link", "add", "e0", "type", "veth", "peer", "name", "e9"));
      expect((dup as NetlinkError).code).toBe("EEXIST");
      expect((dup as NetlinkError).syscall).toBe("RTM_NEWLINK");

      const mtu = await fail(setLink(conn, "e0", { mtu: 70000 }));
      expectAsIp(mtu, ipError(ns, "link", "set", "e0", "mtu", "70000"));
      expect((mtu as NetlinkError).code).toBe("EINVAL");

      const rename = await fail(setLink(conn, "e0", { name: "e2" }));
      expectAsIp(rename, ipError(ns, "link", "set", "e0", "name", "e2"));

      const notMaster = await fail(setLink(conn, "e0", { master: "e2" }));
      expectAsIp(notMaster, ipError(ns, "link", "set", "e0", "master", "e2"));

      const unknownKind = await fail(createLink(conn, { kind: "vlan", name: "v0", link: "e0", id: 2 }));
      if (unknownKind instanceof NetlinkError && unknownKind.code === "EOPNOTSUPP") {
        expectAsIp(unknownKind, ipError(ns, "link", "add", "v0", "link", "e0", "type", "vlan", "id", "2"));
      }

      // vni of 2^24: ip refuses it itself, so the kernel's word is checked as it is.
      const vni = (await fail(createLink(conn, { kind: "vxlan", name: "vxbig", vni: 1 << 24 }))) as NetlinkError;
      expect(vni).toBeInstanceOf(NetlinkError);
      expect(vni.code).toBe("ERANGE");
      expect(vni.extAck.message).toBe("VXLAN ID must be lower than 16777216");
    }, PREFIX);
  });

  kernelTest("one process, many namespaces: each Conn lists and changes only its own", async () => {
    await withNetns(async (a) => {
      await withNetns(async (b) => {
        await using ca = dial(NETLINK_ROUTE, { netns: a });
        await using cb = dial(NETLINK_ROUTE, { netns: b });
        await Promise.all([
          createLink(ca, { kind: "bridge", name: "only-in-a" }),
          createLink(cb, { kind: "bridge", name: "only-in-b" }),
        ]);
        const [la, lb] = await Promise.all([listLinks(ca), listLinks(cb)]);
        expect(la.map((l) => l.name)).toEqual(ipJson<Row[]>(a, "link", "show").map((l) => l.ifname as string));
        expect(lb.map((l) => l.name)).toEqual(ipJson<Row[]>(b, "link", "show").map((l) => l.ifname as string));
        expect(la.map((l) => l.name)).toContain("only-in-a");
        expect(la.map((l) => l.name)).not.toContain("only-in-b");
        expect((await getLink(cb, "only-in-a").catch((e) => e)).code).toBe("ENODEV");
      }, PREFIX);
    }, PREFIX);
  });
});
