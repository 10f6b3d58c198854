/**
 * Neighbours against the kernel, in throw-away namespaces (prefix bnl-neigh), with `ip -j neigh`
 * as the oracle: randomized ARP and NDP entries in every state listed field by field, changes
 * read back, errors compared with what ip reports.
 *
 * The random content is reproducible: the seed is printed, and BNL_SEED=<n> replays it.
 */
import { describe, expect } from "bun:test";
import { dial, NETLINK_ROUTE, NetlinkError, type Conn } from "../../src/netlink/index.ts";
import {
  addNeighbour,
  changeNeighbour,
  deleteNeighbour,
  listNeighbours,
  replaceNeighbour,
  type Neighbour,
  type NeighbourSpec,
} from "../../src/rtnetlink/neighbour.ts";
import { ipBatch, ipJson, kernelTest, withNetns } from "../helpers/netns.ts";
import { agreeWithOracle, mulberry32, testSeed } from "../helpers/random.ts";

const PREFIX = "bnl-neigh";

interface Comparable {
  family: 4 | 6;
  address: string | undefined;
  linkIndex: number;
  lladdr: string | undefined;
  state: string[];
  router: boolean;
  proxy: boolean;
}

const STATE_BITS: [number, string][] = [
  [0x01, "INCOMPLETE"],
  [0x02, "REACHABLE"],
  [0x04, "STALE"],
  [0x08, "DELAY"],
  [0x10, "PROBE"],
  [0x20, "FAILED"],
  [0x40, "NOARP"],
  [0x80, "PERMANENT"],
];

function linkIndexes(ns: string): Map<string, number> {
  return new Map(ipJson<{ ifname: string; ifindex: number }[]>(ns, "link", "show").map((l) => [l.ifname, l.ifindex]));
}

function fromIp(j: any, links: Map<string, number>): Comparable {
  return {
    family: String(j.dst).includes(":") ? 6 : 4,
    address: j.dst,
    linkIndex: links.get(j.dev)!,
    lladdr: j.lladdr,
    state: j.state ?? [],
    router: "router" in j,
    proxy: "proxy" in j,
  };
}

function fromNeighbour(n: Neighbour): Comparable {
  const s = n.state;
  const state = typeof s === "number" ? STATE_BITS.filter(([b]) => s & b).map(([, name]) => name) : s === "none" ? [] : [s.toUpperCase()];
  return {
    family: n.family === 6 ? 6 : 4,
    address: n.address,
    linkIndex: n.linkIndex,
    lladdr: n.lladdr,
    state,
    router: (n.flags & 0x80) !== 0,
    proxy: (n.flags & 0x08) !== 0,
  };
}

function ipNeighbours(ns: string, ...args: string[]): Comparable[] {
  const links = linkIndexes(ns);
  return ipJson<any[]>(ns, ...args).map((j) => fromIp(j, links));
}

/**
 * Our listing agrees with ip's read right before or right after it: entries change state on
 * their own (DELAY → PROBE → FAILED, REACHABLE → STALE) and IPv6 adds multicast entries.
 */
async function expectAgree(ns: string, ours: () => Promise<Neighbour[]>, ipArgs: string[], keep: (c: Comparable) => boolean = () => true): Promise<Comparable[]> {
  return agreeWithOracle(() => ipNeighbours(ns, ...ipArgs).filter(keep), async () => (await ours()).map(fromNeighbour), (mine, after) => expect(mine).toEqual(after));
}


const SEED = testSeed();
console.log(`neighbour-kernel.test.ts: random seed ${SEED} (replay with BNL_SEED=${SEED})`);

/** v0 and v2 with IPv4 and IPv6 addresses; v6 a port of bridge br0. */
function setUpLinks(ns: string): void {
  ipBatch(ns, [
    "link add v0 type veth peer name v1",
    "link add v2 type veth peer name v3",
    "link add br0 type bridge",
    "link add v6 type veth peer name v7",
    "link set v6 master br0",
    "link set v0 up",
    "link set v1 up",
    "link set v2 up",
    "link set v3 up",
    "link set v6 up",
    "link set br0 up",
    "addr add 192.0.2.2/24 dev v0",
    "addr add 198.51.100.2/24 dev v2",
    "addr add 2001:db8:a::2/64 dev v0 nodad",
    "addr add 2001:db8:b::2/64 dev v2 nodad",
  ]);
}

function randomNeighbours(seed: number, count: number): string[] {
  const r = mulberry32(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T,>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const mac = () => ["02", ...Array.from({ length: 5 }, () => int(256).toString(16).padStart(2, "0"))].join(":");
  const seen = new Set<string>();
  const lines: string[] = [];
  while (lines.length < count) {
    const v6 = r() < 0.4;
    const dev = pick(["v0", "v2", "v6"]);
    const address = v6 ? `2001:db8:${pick(["a", "b", "c"])}::${(3 + int(0xfff0)).toString(16)}` : `${pick(["192.0.2", "198.51.100", "10.9.8"])}.${3 + int(250)}`;
    if (seen.has(`${dev}|${address}`)) continue;
    seen.add(`${dev}|${address}`);
    const kind = pick(["permanent", "permanent", "reachable", "stale", "noarp", "delay", "probe", "failed", "incomplete", "none", "proxy"]);
    if (kind === "proxy") lines.push(`neigh add proxy ${address} dev ${dev}`);
    else if (kind === "incomplete" || kind === "failed") lines.push(`neigh add ${address} dev ${dev} nud ${kind}`);
    else lines.push(`neigh add ${address} lladdr ${mac()} dev ${dev} nud ${kind}${v6 && r() < 0.5 ? " router" : ""}`);
  }
  return lines;
}

async function withNeighNs<T>(fn: (ns: string, conn: Conn) => Promise<T>): Promise<T> {
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

describe("listNeighbours agrees with ip -j neigh show", () => {
  kernelTest("random ARP and NDP entries in every state: all, -4, -6, per link, per master, proxies", async () => {
    await withNeighNs(async (ns, conn) => {
      ipBatch(ns, randomNeighbours(SEED, 60));
      const all = await expectAgree(ns, () => listNeighbours(conn), ["neigh", "show", "nud", "all"]);
      const v4 = await expectAgree(ns, () => listNeighbours(conn, { family: 4 }), ["-4", "neigh", "show", "nud", "all"]);
      const v6 = await expectAgree(ns, () => listNeighbours(conn, { family: 6 }), ["-6", "neigh", "show", "nud", "all"]);
      // ip drops the "dev" key when it filters by device, so compare the link and master
      // filters with ip's full listing filtered here.
      const links = linkIndexes(ns);
      const v0 = links.get("v0")!;
      const onV0 = await expectAgree(ns, () => listNeighbours(conn, { link: "v0" }), ["neigh", "show", "nud", "all"], (c) => c.linkIndex === v0);
      const ports = new Set(ipJson<any[]>(ns, "link", "show", "master", "br0").map((l) => l.ifindex as number));
      const onBridge = await expectAgree(ns, () => listNeighbours(conn, { master: "br0" }), ["neigh", "show", "nud", "all"], (c) => ports.has(c.linkIndex));
      const proxies = await expectAgree(ns, () => listNeighbours(conn, { proxy: true }), ["neigh", "show", "proxy"]);
      for (const listed of [v4, v6, onV0, onBridge, proxies]) expect(listed.length).toBeGreaterThan(0);
      expect(new Set(all.map((n) => n.state.join())).size).toBeGreaterThanOrEqual(4);
      expect(all.some((n) => n.router)).toBe(true);
    });
  });
});

describe("neighbour changes, read back with ip -j", () => {
  kernelTest("add, replace (state, lladdr, router), proxy entries, delete", async () => {
    await withNeighNs(async (ns, conn) => {
      const show = (address: string, dev: string) => ipNeighbours(ns, "neigh", "show", "to", address, "dev", dev, "nud", "all").map((c) => ({ ...c, linkIndex: 0 }));
      const entry = (address: string, lladdr: string | undefined, state: string[], router = false, proxy = false): Comparable => ({
        family: address.includes(":") ? 6 : 4,
        address,
        linkIndex: 0,
        lladdr,
        state,
        router,
        proxy,
      });
      await addNeighbour(conn, { link: "v0", address: "192.0.2.50", lladdr: "02:00:00:00:00:50" });
      expect(show("192.0.2.50", "v0")).toEqual([entry("192.0.2.50", "02:00:00:00:00:50", ["PERMANENT"])]);
      await addNeighbour(conn, { link: "v2", address: "2001:db8:b::50", lladdr: "02:00:00:00:00:51", state: "stale", router: true });
      expect(show("2001:db8:b::50", "v2")).toEqual([entry("2001:db8:b::50", "02:00:00:00:00:51", ["STALE"], true)]);
      await addNeighbour(conn, { link: "v0", address: "192.0.2.51", lladdr: "02:00:00:00:00:52", state: "noarp" });
      expect(show("192.0.2.51", "v0")).toEqual([entry("192.0.2.51", "02:00:00:00:00:52", ["NOARP"])]);

      await replaceNeighbour(conn, { link: "v0", address: "192.0.2.50", lladdr: "02:00:00:00:00:99", state: "stale" });
      expect(show("192.0.2.50", "v0")).toEqual([entry("192.0.2.50", "02:00:00:00:00:99", ["STALE"])]);
      await replaceNeighbour(conn, { link: "v0", address: "192.0.2.52", lladdr: "02:00:00:00:00:53" }); // creates
      expect(show("192.0.2.52", "v0")).toEqual([entry("192.0.2.52", "02:00:00:00:00:53", ["PERMANENT"])]);

      await addNeighbour(conn, { link: "v0", address: "192.0.2.60", proxy: true });
      expect(ipJson<any[]>(ns, "neigh", "show", "proxy").map((j) => [j.dst, j.dev])).toEqual([["192.0.2.60", "v0"]]);

      for (const [link, address] of [["v0", "192.0.2.50"], ["v2", "2001:db8:b::50"], ["v0", "192.0.2.51"], ["v0", "192.0.2.52"]] as const) {
        await deleteNeighbour(conn, { link, address });
        // A deleted entry the kernel still references lingers as FAILED/NONE for a while; it is gone or unusable.
        expect(show(address, link).every((c) => c.lladdr === undefined)).toBe(true);
      }
      await deleteNeighbour(conn, { link: "v0", address: "192.0.2.60", proxy: true });
      expect(ipJson<any[]>(ns, "neigh", "show", "proxy")).toEqual([]);
    });
  });
});

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

const describedErrno = (e: NetlinkError) => /\((.*?)\)(:|$)/.exec(e.message)?.[1];

describe("neighbour errors carry the kernel's errno and extended-ACK message", () => {
  kernelTest.each([
    ["no link-layer address for a permanent entry", "add", { link: "v0", address: "192.0.2.70" }, ["neigh", "add", "192.0.2.70", "dev", "v0"], "EINVAL"],
    ["a link-layer address too short", "add", { link: "v0", address: "192.0.2.71", lladdr: "02:00" }, ["neigh", "add", "192.0.2.71", "lladdr", "02:00", "dev", "v0"], "EINVAL"],
    ["the entry exists", "add", { link: "v0", address: "192.0.2.9", lladdr: "02:00:00:00:00:01" }, ["neigh", "add", "192.0.2.9", "lladdr", "02:00:00:00:00:01", "dev", "v0"], "EEXIST"],
    ["delete of nothing", "delete", { link: "v0", address: "192.0.2.72" }, ["neigh", "del", "192.0.2.72", "dev", "v0"], "ENOENT"],
    ["IPv6 delete of nothing", "delete", { link: "v0", address: "2001:db8:a::72" }, ["neigh", "del", "2001:db8:a::72", "dev", "v0"], "ENOENT"],
  ] as const)("%s", async (_what, command, spec, ipArgs, code) => {
    const setup = ["neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev v0"];
    // ip runs in a namespace of its own: a refused add may leave an entry behind (the kernel
    // creates it before checking the link-layer address), which would change ip's answer.
    const oracle = await withNeighNs(async (ns) => {
      ipBatch(ns, setup);
      return ipFailure(ns, [...ipArgs]);
    });
    await withNeighNs(async (ns, conn) => {
      ipBatch(ns, setup);
      const err = (await changeNeighbour(conn, command, spec as NeighbourSpec).catch((e) => e)) as NetlinkError;
      expect(err).toBeInstanceOf(NetlinkError);
      if (oracle.message !== undefined) expect(err.extAck.message).toBe(oracle.message);
      else expect(describedErrno(err)).toBe(oracle.strerror!.toLowerCase());
      expect(err.code).toBe(code);
      expect(err.syscall).toBe(command === "delete" ? "RTM_DELNEIGH" : "RTM_NEWNEIGH");
    });
  });

  kernelTest("a missing link: by index the kernel's ENODEV, by name RTM_GETLINK's ENODEV", async () => {
    await withNeighNs(async (_ns, conn) => {
      const byIndex = (await addNeighbour(conn, { link: 9999, address: "192.0.2.9", lladdr: "02:00:00:00:00:09" }).catch((e) => e)) as NetlinkError;
      expect([byIndex.code, byIndex.syscall]).toEqual(["ENODEV", "RTM_NEWNEIGH"]);
      const byName = (await deleteNeighbour(conn, { link: "nope0", address: "192.0.2.9" }).catch((e) => e)) as NetlinkError;
      expect([byName.code, byName.syscall]).toEqual(["ENODEV", 'RTM_GETLINK (link "nope0")']);
      // A dump filter on a link that does not exist matches nothing: the kernel does not check it.
      expect(await listNeighbours(conn, { link: 9999 })).toEqual([]);
    });
  });
});
