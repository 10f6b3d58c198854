/**
 * Routes against the kernel, in throw-away namespaces (prefix bnl-route), with `ip -j` as the
 * oracle: randomized tables (several tables, gateways, multipath, blackhole…, IPv4 and IPv6)
 * listed field by field, every change read back, every error compared with what ip reports.
 *
 * The random content is reproducible: the seed is printed, and BNL_SEED=<n> replays it.
 */
import { describe, expect } from "bun:test";
import { dial, NETLINK_ROUTE, NetlinkError, type Conn } from "../../src/netlink/index.ts";
import {
  addRoute,
  changeRoute,
  deleteRoute,
  getRoute,
  listRoutes,
  replaceRoute,
  type NextHop,
  type Route,
  type RouteSpec,
} from "../../src/rtnetlink/route.ts";
import { ipBatch, ipJson, kernelTest, withNetns } from "../helpers/netns.ts";
import { agreeWithOracle, mulberry32, testSeed } from "../helpers/random.ts";

const PREFIX = "bnl-route";

// ---------------------------------------------------------------------------------------------
// The oracle: ip -d -j route output and our Route brought to one comparable shape.

interface Comparable {
  family: 4 | 6;
  destination: string;
  table: number;
  protocol: string;
  scope: string;
  type: string;
  flags: string[];
  gateway: string | undefined;
  outputIndex: number | undefined;
  priority: number;
  preferredSource: string | undefined;
  nextHops: { gateway: string | undefined; outputIndex: number | undefined; weight: number; flags: string[] }[];
  metrics: Record<string, number | string> | undefined;
  preference: string | undefined;
}

const TABLE_NAMES: Record<string, number> = { unspec: 0, default: 253, main: 254, local: 255 };

/** iproute2's print_rt_flags, as names. */
const FLAG_NAMES: [number, string][] = [
  [1, "dead"],
  [4, "onlink"],
  [2, "pervasive"],
  [8, "offload"],
  [64, "trap"],
  [0x100, "notify"],
  [16, "linkdown"],
  [32, "unresolved"],
  [0x4000, "rt_offload"],
  [0x8000, "rt_trap"],
  [0x20000000, "rt_offload_failed"],
];
const flagNames = (flags: number) => FLAG_NAMES.filter(([bit]) => flags & bit).map(([, n]) => n).sort();

function linkIndexes(ns: string): Map<string, number> {
  return new Map(ipJson<{ ifname: string; ifindex: number }[]>(ns, "link", "show").map((l) => [l.ifname, l.ifindex]));
}

/** ip -j has no family key: the destination tells, and for "default" the gateway (no v4 default via inet6 here). */
function familyOfIp(j: any): 4 | 6 {
  if (j.dst !== "default") return j.dst.includes(":") ? 6 : 4;
  const addrs = [j.gateway, j.prefsrc, ...(j.nexthops ?? []).map((h: any) => h.gateway)];
  return addrs.some((a) => typeof a === "string" && a.includes(":")) ? 6 : 4;
}

function fromIp(j: any, links: Map<string, number>, family: 4 | 6 = familyOfIp(j)): Comparable {
  const bits = family === 4 ? 32 : 128;
  const dst: string = j.dst === "default" ? (family === 4 ? "0.0.0.0/0" : "::/0") : j.dst.includes("/") ? j.dst : `${j.dst}/${bits}`;
  const dev = (name: string | undefined) => (name === undefined ? undefined : links.get(name));
  let metrics: Record<string, number | string> | undefined;
  for (const m of j.metrics ?? []) metrics = { ...metrics, ...m };
  return {
    family,
    destination: dst,
    table: TABLE_NAMES[j.table] ?? Number(j.table),
    protocol: String(j.protocol),
    scope: String(j.scope),
    type: String(j.type),
    flags: [...(j.flags ?? [])].sort(),
    gateway: j.gateway ?? j.via?.host,
    outputIndex: dev(j.dev),
    priority: j.metric ?? 0,
    preferredSource: j.prefsrc,
    nextHops: (j.nexthops ?? []).map((h: any) => ({
      gateway: h.gateway ?? h.via?.host,
      outputIndex: dev(h.dev),
      weight: h.weight,
      flags: [...(h.flags ?? [])].sort(),
    })),
    metrics,
    preference: j.pref,
  };
}

const METRIC_NAMES: Record<string, string> = { rtoMin: "rto_min", ccAlgo: "congctl", fastopenNoCookie: "fastopen_no_cookie" };

function fromRoute(r: Route): Comparable {
  let metrics: Record<string, number | string> | undefined;
  if (r.metrics) {
    metrics = {};
    for (const [k, v] of Object.entries(r.metrics)) if (k !== "other") metrics[METRIC_NAMES[k] ?? k] = v as number | string;
  }
  return {
    family: r.family,
    destination: r.destination,
    table: r.table,
    protocol: String(r.protocol),
    scope: String(r.scope),
    type: String(r.type),
    flags: flagNames(r.flags),
    gateway: r.gateway,
    outputIndex: r.outputIndex,
    priority: r.priority,
    preferredSource: r.preferredSource,
    nextHops: r.nextHops.map((h: NextHop) => ({ gateway: h.gateway, outputIndex: h.outputIndex, weight: h.weight, flags: flagNames(h.flags) })),
    metrics,
    preference: typeof r.preference === "string" ? r.preference : undefined,
  };
}

/** `ip -d -j [-4|-6] route show …` in the namespace, as Comparables. */
function ipRoutes(ns: string, family: "" | "-4" | "-6", ...args: string[]): Comparable[] {
  const links = linkIndexes(ns);
  const hint = family === "-4" ? 4 : family === "-6" ? 6 : undefined;
  return ipJson<any[]>(ns, ...(family ? [family] : []), "-d", "route", "show", ...args).map((j) => fromIp(j, links, hint));
}

/**
 * Our listing agrees with ip's listing of every table, filtered by `keep`, read right before or
 * right after ours (the kernel may add an IPv6 link-local route between two reads; the
 * comparison is retried a few times then). ip's own dump filters are not used as the oracle:
 * ip drops the filtered keys from its output and applies the link filter to single-path routes
 * only, where the kernel (and listRoutes) also match next hops.
 */
async function expectAgree(ns: string, ours: () => Promise<Route[]>, family: "" | "-4" | "-6", keep: (c: Comparable) => boolean = () => true): Promise<Comparable[]> {
  return agreeWithOracle(() => ipRoutes(ns, family, "table", "all").filter(keep), async () => (await ours()).map(fromRoute), (mine, after) => expect(mine).toEqual(after));
}

// ---------------------------------------------------------------------------------------------
// Random content


const SEED = testSeed();
console.log(`route-kernel.test.ts: random seed ${SEED} (replay with BNL_SEED=${SEED})`);

/** Links and addresses every test namespace gets: v0, v2 up with addresses, v4 up without carrier. */
function setUpLinks(ns: string): void {
  ipBatch(ns, [
    "link add v0 type veth peer name v1",
    "link add v2 type veth peer name v3",
    "link add v4 type veth peer name v5",
    "link set v0 up",
    "link set v1 up",
    "link set v2 up",
    "link set v3 up",
    "link set v4 up",
    "addr add 192.0.2.2/24 dev v0",
    "addr add 198.51.100.2/24 dev v2",
    "addr add 203.0.113.2/24 dev v4",
    "addr add 2001:db8:a::2/64 dev v0 nodad",
    "addr add 2001:db8:b::2/64 dev v2 nodad",
  ]);
}

/** ip route lines for a random set of IPv4 and IPv6 routes in several tables. */
function randomRoutes(seed: number, count: number): string[] {
  const r = mulberry32(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T,>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const bigTable = 1000 + int(2_000_000_000);
  const tables = [254, 254, 100, 4242, bigTable];
  const protos = ["", "proto static", "proto bird", "proto 50", "proto zebra", "proto bgp"];
  const seen = new Set<string>();
  const lines: string[] = ["route add default via 192.0.2.1 dev v0", "route add default via 2001:db8:a::1 dev v0"];
  const v4gw = () => pick([`via 192.0.2.${3 + int(200)} dev v0`, `via 198.51.100.${3 + int(200)} dev v2`]);
  const v6gw = () => pick([`via 2001:db8:a::${(3 + int(0xfff)).toString(16)} dev v0`, `via 2001:db8:b::${(3 + int(0xfff)).toString(16)} dev v2`, `via fe80::${(1 + int(0xff)).toString(16)} dev v0`]);
  while (lines.length < count) {
    const v6 = r() < 0.4;
    const table = pick(tables);
    const metric = r() < 0.5 ? int(5000) + 1 : undefined;
    let dst: string;
    if (v6) {
      const len = pick([32, 40, 48, 56, 64, 96, 128]);
      const words = [0x2001, 0xdb8, 0x1000 + int(0xefff), int(0x10000), int(0x10000), int(0x10000), int(0x10000), 1 + int(0xfffe)];
      const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
      for (let i = 0; i < 16; i++) {
        const keep = Math.max(0, Math.min(8, len - i * 8));
        bytes[i]! &= (0xff << (8 - keep)) & 0xff;
      }
      const hexWords = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16));
      dst = `${hexWords.join(":")}/${len}`;
    } else {
      const len = pick([8, 12, 16, 20, 24, 28, 30, 32]);
      const addr = (((10 << 24) | int(1 << 24)) >>> 0) & (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);
      dst = `${addr >>> 24}.${(addr >>> 16) & 255}.${(addr >>> 8) & 255}.${addr & 255}/${len}`;
    }
    const key = `${v6}|${dst}|${table}|${metric ?? (v6 ? 1024 : 0)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const common = `table ${table} ${metric === undefined ? "" : `metric ${metric}`} ${pick(protos)}`;
    const kind = pick(v6 ? ["gw", "gw", "dev", "multipath", "multipath", "blackhole", "unreachable", "prohibit", "pref"] : ["gw", "gw", "dev", "multipath", "multipath", "blackhole", "unreachable", "prohibit", "throw", "onlink", "linkdown", "via6"]);
    const family = ""; // ip -batch lines take no options; the addresses tell the family
    switch (kind) {
      case "gw": {
        const gw = v6 ? v6gw() : v4gw();
        const src = !v6 && gw.endsWith("v0") && r() < 0.5 ? "src 192.0.2.2" : "";
        const mtu = r() < 0.3 ? `mtu ${1280 + int(200)}` : "";
        const more = r() < 0.2 ? `advmss ${500 + int(900)} hoplimit ${1 + int(254)}` : "";
        lines.push(`${family}route add ${dst} ${gw} ${src} ${mtu} ${more} ${common}`);
        break;
      }
      case "dev":
        lines.push(`${family}route add ${dst} dev ${pick(["v0", "v2"])} ${common}`);
        break;
      case "multipath": {
        const n = 2 + int(2);
        const hops = Array.from({ length: n }, (_, i) => `nexthop ${v6 ? v6gw() : v4gw()} weight ${1 + int(i === 0 ? 256 : 50)}`);
        lines.push(`${family}route add ${dst} ${common} ${hops.join(" ")}`);
        break;
      }
      case "pref":
        lines.push(`route add ${dst} dev v2 pref ${pick(["low", "medium", "high"])} ${common}`);
        break;
      case "onlink":
        lines.push(`route add ${dst} via 10.200.${int(256)}.${1 + int(254)} dev v0 onlink ${common}`);
        break;
      case "linkdown":
        lines.push(`route add ${dst} via 203.0.113.${3 + int(200)} dev v4 ${common}`);
        break;
      case "via6":
        lines.push(`route add ${dst} via inet6 fe80::${(1 + int(0xff)).toString(16)} dev v0 ${common}`);
        break;
      default:
        lines.push(`${family}route add ${kind} ${dst} ${common}`);
    }
  }
  return lines.map((l) => l.replace(/\s+/g, " ").trim());
}

async function withRouteNs<T>(fn: (ns: string, conn: Conn) => Promise<T>): Promise<T> {
  return withNetns(async (ns) => {
    setUpLinks(ns);
    const conn = dial(NETLINK_ROUTE, { netns: ns });
    try {
      return await fn(ns, conn);
    } finally {
      conn.close();
    }
  }, PREFIX);
}

// ---------------------------------------------------------------------------------------------

describe("listRoutes agrees with ip -j route show table all", () => {
  kernelTest("random routes in several tables, IPv4 and IPv6: all, -4, -6, field by field", async () => {
    await withRouteNs(async (ns, conn) => {
      const lines = randomRoutes(SEED, 120);
      ipBatch(ns, lines);
      const all = await expectAgree(ns, () => listRoutes(conn), "");
      const v4 = await expectAgree(ns, () => listRoutes(conn, { family: 4 }), "-4");
      const v6 = await expectAgree(ns, () => listRoutes(conn, { family: 6 }), "-6");
      // The random set covers what it is meant to. (No v4 + v6 = all check: the kernel adds IPv6
      // link-local routes when DAD completes, which may fall between the listings.)
      expect(v4.length).toBeGreaterThan(50);
      expect(v6.length).toBeGreaterThan(30);
      expect(all.length).toBeGreaterThan(120);
      expect(all.some((r) => r.nextHops.length > 1 && r.family === 4)).toBe(true);
      expect(all.some((r) => r.nextHops.length > 1 && r.family === 6)).toBe(true);
      expect(new Set(all.map((r) => r.table)).size).toBeGreaterThanOrEqual(4);
    });
  });

  kernelTest("kernel-side filters: table, protocol, type, link — each equal to ip's filtered listing", async () => {
    await withRouteNs(async (ns, conn) => {
      ipBatch(ns, randomRoutes(SEED + 1, 80));
      const v2 = linkIndexes(ns).get("v2");
      const t100 = await expectAgree(ns, () => listRoutes(conn, { table: 100 }), "", (c) => c.table === 100);
      await expectAgree(ns, () => listRoutes(conn, { family: 6, table: 4242 }), "-6", (c) => c.table === 4242);
      const stat = await expectAgree(ns, () => listRoutes(conn, { protocol: "static", family: 4 }), "-4", (c) => c.protocol === "static");
      const bh = await expectAgree(ns, () => listRoutes(conn, { type: "blackhole" }), "", (c) => c.type === "blackhole");
      const viaV2 = await expectAgree(ns, () => listRoutes(conn, { link: "v2", family: 4 }), "-4", (c) => c.outputIndex === v2 || c.nextHops.some((h) => h.outputIndex === v2));
      for (const listed of [t100, stat, bh, viaV2]) expect(listed.length).toBeGreaterThan(0);
      expect(await listRoutes(conn, { table: 77 })).toEqual([]);
      expect(await listRoutes(conn, { family: 4, table: 77 })).toEqual([]);
    });
  });

  kernelTest("several namespaces from one process, one Conn each", async () => {
    await withRouteNs(async (nsA, connA) => {
      await withRouteNs(async (nsB, connB) => {
        await addRoute(connA, { destination: "10.1.0.0/16", gateway: "192.0.2.1", link: "v0" });
        await addRoute(connB, { destination: "10.2.0.0/16", gateway: "198.51.100.1", link: "v2" });
        const [a, b] = await Promise.all([listRoutes(connA, { family: 4, table: 254 }), listRoutes(connB, { family: 4, table: 254 })]);
        expect(a.map((r) => r.destination)).toContain("10.1.0.0/16");
        expect(a.map((r) => r.destination)).not.toContain("10.2.0.0/16");
        expect(b.map((r) => r.destination)).toContain("10.2.0.0/16");
        await expectAgree(nsA, () => listRoutes(connA), "");
        await expectAgree(nsB, () => listRoutes(connB), "");
      });
    });
  });
});

describe("getRoute agrees with ip route get", () => {
  kernelTest("destinations, source, output link, mark, fibmatch; table lookup", async () => {
    await withRouteNs(async (ns, conn) => {
      ipBatch(ns, [
        "route add 10.10.0.0/16 via 192.0.2.1 dev v0 src 192.0.2.2",
        "route add 10.10.5.0/24 via 198.51.100.1 dev v2",
        "route add 10.20.0.0/16 via 198.51.100.9 dev v2 table 100",
        "rule add fwmark 7 table 100",
        "route add 2001:db8:99::/48 via 2001:db8:b::1 dev v2",
      ]);
      const links = linkIndexes(ns);
      const check = async (dst: string, ipArgs: string[], options: Parameters<typeof getRoute>[2] = {}) => {
        const r = await getRoute(conn, dst, options);
        const j = ipJson<any[]>(ns, "route", "get", dst, ...ipArgs)[0];
        expect(r.destination).toBe(j.dst.includes("/") ? j.dst : `${j.dst}/${dst.includes(":") ? 128 : 32}`);
        expect(r.gateway).toBe(j.gateway);
        expect(r.outputIndex).toBe(links.get(j.dev));
        expect(r.preferredSource).toBe(j.prefsrc);
        return r;
      };
      await check("10.10.1.1", []);
      await check("10.10.5.7", []);
      await check("10.10.1.1", ["from", "192.0.2.2"], { source: "192.0.2.2" });
      await check("10.10.1.1", ["oif", "v2"], { link: "v2" });
      const marked = await check("10.20.3.4", ["mark", "7"], { mark: 7 });
      expect(marked.table).toBe(100);
      expect(marked.mark).toBe(7);
      await check("2001:db8:99::5", []);
      const fib = await getRoute(conn, "10.10.5.7", { fibMatch: true });
      const jf = ipJson<any[]>(ns, "route", "get", "fibmatch", "10.10.5.7")[0];
      expect(fib.destination).toBe(jf.dst);
      expect(fib.gateway).toBe(jf.gateway);
      // The table lookup picks the route the kernel would use with the rule above.
      const inTable = await getRoute(conn, "10.20.3.4", { table: 100 });
      expect([inTable.destination, inTable.gateway]).toEqual(["10.20.0.0/16", "198.51.100.9"]);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Changes, each read back with ip -j

/** The routes ip shows for exactly `dst` in `table`, as Comparables. */
function ipOne(ns: string, dst: string, table: number, family: 4 | 6 = dst.includes(":") ? 6 : 4): Comparable[] {
  // ip leaves the table out when it filters by table: put it back.
  return ipRoutes(ns, family === 6 ? "-6" : "-4", "table", String(table), "exact", dst).map((c) => ({ ...c, table }));
}

describe("route changes, read back with ip -j", () => {
  kernelTest("add: gateway, link, table, protocol, scope, type, priority, source, metrics, multipath, via", async () => {
    await withRouteNs(async (ns, conn) => {
      const links = linkIndexes(ns);
      const cases: [RouteSpec, Partial<Comparable>][] = [
        [
          { destination: "10.1.0.0/16", gateway: "192.0.2.1", link: "v0", table: 100, protocol: "static", priority: 7, source: "192.0.2.2", metrics: { mtu: 1400, advmss: 1300 } },
          { gateway: "192.0.2.1", outputIndex: links.get("v0"), protocol: "static", priority: 7, preferredSource: "192.0.2.2", metrics: { mtu: 1400, advmss: 1300 } },
        ],
        [{ destination: "10.2.0.0/16", link: "v2", table: 3_000_000_000 }, { scope: "link", outputIndex: links.get("v2"), gateway: undefined }],
        [{ destination: "10.3.0.0/16", link: "v2", scope: "global", protocol: 99 }, { scope: "global", protocol: "openr" }],
        [{ destination: "10.4.0.0/16", type: "unreachable", table: 100 }, { type: "unreachable", outputIndex: undefined }],
        [{ destination: "10.5.0.0/16", type: "prohibit" }, { type: "prohibit" }],
        [{ destination: "10.6.0.0/16", type: "blackhole", protocol: 200 }, { type: "blackhole", protocol: "200" }],
        [{ destination: "10.6.1.1", link: "v0", type: "local", table: 255 }, { type: "local", scope: "host", destination: "10.6.1.1/32" }],
        [
          { destination: "10.7.0.0/16", nextHops: [{ gateway: "192.0.2.1", link: "v0", weight: 3 }, { gateway: "198.51.100.1", link: "v2" }] },
          {
            nextHops: [
              { gateway: "192.0.2.1", outputIndex: links.get("v0"), weight: 3, flags: [] },
              { gateway: "198.51.100.1", outputIndex: links.get("v2"), weight: 1, flags: [] },
            ],
          },
        ],
        [{ destination: "10.8.0.0/16", gateway: "10.250.0.1", link: "v0", onlink: true }, { flags: ["onlink"], gateway: "10.250.0.1" }],
        [{ destination: "10.9.0.0/16", gateway: "fe80::1", link: "v0" }, { gateway: "fe80::1" }],
        [
          { destination: "2001:db8:1::/48", gateway: "2001:db8:a::1", link: "v0", table: 100, priority: 5, metrics: { mtu: 1300 } },
          { gateway: "2001:db8:a::1", priority: 5, metrics: { mtu: 1300 }, preference: "medium" },
        ],
        [
          { destination: "2001:db8:2::/48", nextHops: [{ gateway: "2001:db8:a::1", link: "v0", weight: 5 }, { gateway: "2001:db8:b::1", link: "v2", weight: 2 }] },
          { priority: 1024 },
        ],
        [{ destination: "default", family: 6, type: "unreachable", table: 100 }, { type: "unreachable", destination: "::/0" }],
      ];
      for (const [spec, want] of cases) {
        await addRoute(conn, spec);
        const table = spec.table ?? 254;
        const dst = spec.destination === "default" ? (spec.family === 6 ? "::/0" : "0.0.0.0/0") : spec.destination;
        const shown = ipOne(ns, spec.destination === "default" ? "default" : dst, table, dst.includes(":") ? 6 : 4);
        expect(shown).toHaveLength(1);
        const got = shown[0]!;
        expect({ ...got, ...want, destination: got.destination }).toEqual(got);
        if (want.destination) expect(got.destination).toBe(want.destination);
        // And our own listing says the same.
        const mine = (await listRoutes(conn, { table, family: dst.includes(":") ? 6 : 4 })).map(fromRoute).filter((c) => c.destination === got.destination);
        expect(mine).toEqual(shown);
      }
    });
  });

  kernelTest("replace changes the route in place; append adds an IPv6 path; delete removes each", async () => {
    await withRouteNs(async (ns, conn) => {
      await addRoute(conn, { destination: "10.1.0.0/16", gateway: "192.0.2.1", link: "v0", table: 100 });
      await replaceRoute(conn, { destination: "10.1.0.0/16", gateway: "198.51.100.1", link: "v2", table: 100, protocol: "static" });
      let shown = ipOne(ns, "10.1.0.0/16", 100);
      expect(shown.map((c) => [c.gateway, c.protocol])).toEqual([["198.51.100.1", "static"]]);
      // replace creates when missing
      await replaceRoute(conn, { destination: "10.2.0.0/16", type: "blackhole" });
      expect(ipOne(ns, "10.2.0.0/16", 254).map((c) => c.type)).toEqual(["blackhole"]);
      // append: a second IPv6 path with the same key joins the route as a next hop
      await addRoute(conn, { destination: "2001:db8:5::/48", gateway: "2001:db8:a::1", link: "v0" });
      await changeRoute(conn, "append", { destination: "2001:db8:5::/48", gateway: "2001:db8:b::1", link: "v2" });
      shown = ipOne(ns, "2001:db8:5::/48", 254);
      expect(shown[0]!.nextHops.map((h) => h.gateway)).toEqual(["2001:db8:a::1", "2001:db8:b::1"]);

      await deleteRoute(conn, { destination: "10.1.0.0/16", table: 100 });
      expect(ipOne(ns, "10.1.0.0/16", 100)).toEqual([]);
      await deleteRoute(conn, { destination: "10.2.0.0/16" });
      expect(ipOne(ns, "10.2.0.0/16", 254)).toEqual([]);
      await deleteRoute(conn, { destination: "2001:db8:5::/48" });
      expect(ipOne(ns, "2001:db8:5::/48", 254)).toEqual([]);
      // Delete matches on what is given: a wrong gateway does not delete.
      await addRoute(conn, { destination: "10.3.0.0/16", gateway: "192.0.2.1", link: "v0" });
      expect(await deleteRoute(conn, { destination: "10.3.0.0/16", gateway: "192.0.2.9" }).catch((e) => e)).toBeInstanceOf(NetlinkError);
      expect(ipOne(ns, "10.3.0.0/16", 254)).toHaveLength(1);
      await deleteRoute(conn, { destination: "10.3.0.0/16", gateway: "192.0.2.1", link: "v0" });
      expect(ipOne(ns, "10.3.0.0/16", 254)).toEqual([]);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Errors: the kernel's errno and extended-ACK message, compared with what ip prints.

/** Run a failing ip command; return the extended-ACK message or the strerror text it printed. */
function ipFailure(ns: string, args: string[]): { message?: string; strerror?: string } {
  const r = Bun.spawnSync(["ip", "-n", ns, ...args], { stderr: "pipe", stdout: "pipe" });
  expect(r.exitCode).not.toBe(0);
  const err = r.stderr.toString().trim();
  const ext = /^Error: (.*)\.$/m.exec(err);
  if (ext) return { message: ext[1]! };
  const plain = /^RTNETLINK answers: (.*)$/m.exec(err);
  if (plain) return { strerror: plain[1]! };
  throw new Error(`unexpected ip error output: ${err}`);
}

/** The strerror text inside a NetlinkError message: "… failed: EEXIST (file exists)". */
const describedErrno = (e: NetlinkError) => /\((.*?)\)(:|$)/.exec(e.message)?.[1];

describe("route errors carry the kernel's errno and extended-ACK message", () => {
  const setup = ["route add 10.1.0.0/16 via 192.0.2.1 dev v0"];
  kernelTest.each([
    // [what, our call, the same with ip, expected code]
    ["host bits set in the prefix", { destination: "10.2.0.1/16", link: "v0" }, ["route", "add", "10.2.0.1/16", "dev", "v0"], "EINVAL", "add"],
    ["gateway not on any link", { destination: "10.2.0.0/16", gateway: "10.99.0.1" }, ["route", "add", "10.2.0.0/16", "via", "10.99.0.1"], "ENETUNREACH", "add"],
    ["route exists", { destination: "10.1.0.0/16", gateway: "192.0.2.1", link: "v0" }, ["route", "add", "10.1.0.0/16", "via", "192.0.2.1", "dev", "v0"], "EEXIST", "add"],
    ["IPv4 delete of nothing", { destination: "10.3.0.0/16" }, ["route", "del", "10.3.0.0/16"], "ESRCH", "delete"],
    ["IPv6 delete of nothing", { destination: "2001:db8:3::/48" }, ["-6", "route", "del", "2001:db8:3::/48"], "ESRCH", "delete"],
    ["IPv6 gateway unreachable", { destination: "2001:db8:3::/48", gateway: "2001:db8:99::1" }, ["-6", "route", "add", "2001:db8:3::/48", "via", "2001:db8:99::1"], "EHOSTUNREACH", "add"],
    ["local route without a link", { destination: "10.4.0.0/16", type: "local" }, ["route", "add", "local", "10.4.0.0/16"], "ENODEV", "add"],
  ] as const)("%s", async (_what, spec, ipArgs, code, command) => {
    await withRouteNs(async (ns, conn) => {
      ipBatch(ns, setup);
      const err = (await changeRoute(conn, command, spec as RouteSpec).catch((e) => e)) as NetlinkError;
      expect(err).toBeInstanceOf(NetlinkError);
      const oracle = ipFailure(ns, [...ipArgs]);
      if (oracle.message !== undefined) expect(err.extAck.message).toBe(oracle.message);
      else expect(describedErrno(err)).toBe(oracle.strerror!.toLowerCase());
      expect(err.code).toBe(code);
      expect(err.syscall).toBe(command === "delete" ? "RTM_DELROUTE" : "RTM_NEWROUTE");
    });
  });

  kernelTest("a missing link: by index the kernel's ENODEV, by name RTM_GETLINK's ENODEV", async () => {
    await withRouteNs(async (_ns, conn) => {
      const byIndex = (await addRoute(conn, { destination: "10.2.0.0/16", link: 9999 }).catch((e) => e)) as NetlinkError;
      expect([byIndex.code, byIndex.syscall]).toEqual(["ENODEV", "RTM_NEWROUTE"]);
      const byName = (await addRoute(conn, { destination: "10.2.0.0/16", link: "nope0" }).catch((e) => e)) as NetlinkError;
      expect([byName.code, byName.syscall]).toEqual(["ENODEV", 'RTM_GETLINK (link "nope0")']);
      const hop = (await addRoute(conn, { destination: "10.2.0.0/16", nextHops: [{ link: 9999 }] }).catch((e) => e)) as NetlinkError;
      expect(hop.code).toBe("ENODEV");
      const v6 = (await addRoute(conn, { destination: "2001:db8:2::/48", link: 9999 }).catch((e) => e)) as NetlinkError;
      expect(v6.code).toBe("ENODEV");
    });
  });

  kernelTest("an unreachable destination rejects getRoute as ip route get fails", async () => {
    await withRouteNs(async (ns, conn) => {
      const err = (await getRoute(conn, "10.77.0.1").catch((e) => e)) as NetlinkError;
      expect(err.code).toBe("ENETUNREACH");
      const oracle = ipFailure(ns, ["route", "get", "10.77.0.1"]);
      expect(describedErrno(err)).toBe(oracle.strerror!.toLowerCase());
    });
  });
});
