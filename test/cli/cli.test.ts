/**
 * The bun-netlink command against the kernel, in throw-away namespaces (prefix bnl-cli): each
 * command's --json output compared with `ip -j` where the two overlap, changes read back with
 * `ip -j`, the human tables checked for what they must show, and the error paths with their exit
 * statuses. The command runs as a subprocess, as a user runs it.
 */
import { describe, expect, test } from "bun:test";
import { ip, ipBatch, ipJson, kernelTest, sh, withNetns } from "../helpers/netns.ts";
import { expectOverlap, runCli, runJson } from "./helpers.ts";

const PREFIX = "bnl-cli";

/**
 * A namespace with a bit of everything: a veth pair (one end up, the other a bridge port), a macvlan,
 * IPv4/IPv6/peer addresses, routes in main, table 100 and local (gateway, blackhole, multipath,
 * IPv6), and ARP/NDP entries.
 */
function populate(ns: string): void {
  ipBatch(ns, [
    "link add v0 type veth peer name v1",
    "link add br0 type bridge",
    "link set v1 master br0",
    "link set v0 up",
    "link add link v0 name v0.7 type macvlan mode bridge",
    "link set v0.7 mtu 1400 up",
    "link set br0 alias lab-bridge",
    "addr add 10.1.0.1/24 dev v0",
    "addr add 10.1.0.9/24 dev v0",
    "addr add 10.2.0.1 peer 10.2.0.2/32 dev v0.7",
    "addr add 2001:db8::1/64 dev v0 nodad",
    "addr add 2001:db8:7::1/64 dev v0.7 nodad valid_lft 3600 preferred_lft 1800",
    "route add 10.9.0.0/16 via 10.1.0.2 metric 5",
    "route add 10.8.0.0/16 dev v0 table 100",
    "route add blackhole 10.7.0.0/16",
    "route add 10.6.0.0/16 proto static nexthop via 10.1.0.2 weight 2 nexthop via 10.1.0.3 weight 1",
    "route add 2001:db8:5::/48 via 2001:db8::2",
    "route add 2001:db8:6::/48 dev v0 table 100 metric 7",
    "neigh add 10.1.0.5 lladdr 02:00:00:00:00:05 dev v0",
    "neigh add 2001:db8::7 lladdr 02:00:00:00:00:07 dev v0 nud stale router",
  ]);
}

/** Every IPv4 and IPv6 route of every table, as `ip -j` lists them. */
function ipRoutes(ns: string, ...filter: string[]): unknown[] {
  return [...ipJson<unknown[]>(ns, "-4", "route", "show", ...filter), ...ipJson<unknown[]>(ns, "-6", "route", "show", ...filter)];
}

/** Our routes in ip's order (IPv4 first, then IPv6: one AF_UNSPEC dump gives that order too). */
function byFamily(routes: { family: string }[]): unknown[] {
  return [...routes.filter((r) => r.family === "inet"), ...routes.filter((r) => r.family === "inet6")];
}

/** Addresses compared with ip's; a finite lifetime ticks between the two reads (within a second). */
function expectAddresses(ours: unknown, theirs: unknown): void {
  expectOverlap(ours, theirs, ["valid_life_time", "preferred_life_time"]);
  const lifetimes = (v: unknown) => (v as { addr_info: Record<string, number>[] }[]).flatMap((l) => l.addr_info.map((a) => [a.valid_life_time!, a.preferred_life_time!]));
  const mine = lifetimes(ours);
  lifetimes(theirs).forEach(([valid, preferred], i) => {
    expect(Math.abs(mine[i]![0]! - valid!)).toBeLessThanOrEqual(1);
    expect(Math.abs(mine[i]![1]! - preferred!)).toBeLessThanOrEqual(1);
  });
}

describe("read commands match ip -j", () => {
  kernelTest("link, link -s, addr, route (every table), neigh", async () => {
    await withNetns(async (ns) => {
      populate(ns);
      const n = ["--netns", ns];
      expectOverlap(await runJson([...n, "link"]), ipJson(ns, "link"));
      expectAddresses(await runJson([...n, "addr"]), ipJson(ns, "addr"));
      // A route's remaining lifetime ticks between the two reads: compared apart, within a second.
      const routes = byFamily(await runJson([...n, "route"])) as { expires?: number }[];
      const ipr = ipRoutes(ns, "table", "all") as { expires?: number }[];
      expectOverlap(routes, ipr, ["expires"]);
      ipr.forEach((r, i) => r.expires !== undefined && expect(Math.abs(routes[i]!.expires! - r.expires)).toBeLessThanOrEqual(1));
      expectOverlap(await runJson([...n, "neigh"]), ipJson(ns, "neigh", "show", "nud", "all"));
      // Counters of an idle namespace stay put between the two reads (lo only, nothing sends).
      expectOverlap(await runJson([...n, "link", "lo", "-s"]), ipJson(ns, "-s", "-s", "link", "show", "lo"));
    }, PREFIX);
  }, 60_000);

  kernelTest("filters: -4, -6, --table, dev, and one link", async () => {
    await withNetns(async (ns) => {
      populate(ns);
      const n = ["--netns", ns];
      expectOverlap(await runJson([...n, "route", "-4"]), ipJson(ns, "-4", "route", "show", "table", "all"));
      expectOverlap(await runJson([...n, "route", "-6"]), ipJson(ns, "-6", "route", "show", "table", "all"), ["expires"]);
      expectOverlap(byFamily(await runJson([...n, "route", "--table", "100"])), ipRoutes(ns, "table", "100"), ["table"]);
      expectOverlap(byFamily(await runJson([...n, "route", "--table", "main"])), ipRoutes(ns, "table", "main"));
      expectOverlap(await runJson([...n, "route", "-4", "table", "local"]), ipJson(ns, "-4", "route", "show", "table", "local"), ["table"]);
      expectOverlap(byFamily(await runJson([...n, "route", "dev", "v0.7", "--table", "all"])), ipRoutes(ns, "table", "all", "dev", "v0.7"), ["dev", "expires"]);
      expectAddresses(await runJson([...n, "addr", "-4"]), ipJson(ns, "-4", "addr"));
      expectAddresses(await runJson([...n, "addr", "-6", "dev", "v0.7"]), ipJson(ns, "-6", "addr", "show", "dev", "v0.7"));
      expectOverlap(await runJson([...n, "link", "br0"]), ipJson(ns, "link", "show", "br0"));
      expectOverlap(await runJson([...n, "neigh", "-6"]), ipJson(ns, "-6", "neigh", "show", "nud", "all"));
      // The human table names the routes of table 100 only.
      const table = await runCli([...n, "route", "--table", "100"]);
      expect(table.exitCode).toBe(0);
      expect(table.stdout).toContain("10.8.0.0/16");
      expect(table.stdout).toContain("2001:db8:6::/48");
      expect(table.stdout).not.toContain("10.9.0.0/16");
    }, PREFIX);
  }, 60_000);

  kernelTest("route get", async () => {
    await withNetns(async (ns) => {
      populate(ns);
      const n = ["--netns", ns];
      // uid and cache are route-cache details ip prints for lookups; we do not model them.
      for (const dst of ["10.9.1.1", "10.1.0.1", "2001:db8:5::1"]) {
        expectOverlap(await runJson([...n, "route", "get", dst]), ipJson(ns, "route", "get", dst), ["uid", "cache"]);
      }
      const human = await runCli([...n, "route", "get", "10.9.1.1"]);
      expect(human.stdout).toBe("10.9.1.1 via 10.1.0.2 dev v0 src 10.1.0.1\n");
      const unreachable = await runCli([...n, "route", "get", "192.0.2.1"]);
      expect(unreachable.exitCode).toBe(1);
      expect(unreachable.stderr).toContain("ENETUNREACH");
    }, PREFIX);
  }, 60_000);

  kernelTest("human tables show every object", async () => {
    await withNetns(async (ns) => {
      populate(ns);
      const n = ["--netns", ns];
      const links = await runCli([...n, "link"]);
      expect(links.stdout.split("\n")[0]).toMatch(/^INDEX +NAME +STATE +MTU/);
      for (const name of ["lo", "v0@v1", "v1@v0", "br0", "v0.7@v0"]) expect(links.stdout).toContain(name);
      const addrs = await runCli([...n, "addr"]);
      for (const a of ["10.1.0.1/24", "10.1.0.9/24", "10.2.0.1/32", "10.2.0.2", "2001:db8:7::1/64", "nodad"]) expect(addrs.stdout).toContain(a);
      const neigh = await runCli([...n, "neigh"]);
      expect(neigh.stdout).toMatch(/2001:db8::7 +v0 +02:00:00:00:00:07 +STALE +router/);
    }, PREFIX);
  }, 60_000);
});

describe("changes, read back with ip", () => {
  // (No vlan here: the host kernel lacks 8021q, whatever the brief said.)
  kernelTest("link add / set / del", async () => {
    await withNetns(async (ns) => {
      const n = ["--netns", ns];
      const ok = async (...args: string[]) => {
        const r = await runCli([...n, ...args]);
        expect({ args, stderr: r.stderr, exitCode: r.exitCode }).toEqual({ args, stderr: "", exitCode: 0 });
      };
      await ok("link", "add", "a0", "type", "veth", "peer", "a1");
      await ok("link", "add", "brx", "type", "bridge", "up");
      await ok("link", "set", "a0", "up", "mtu", "1400", "master", "brx", "alias", "uplink");
      await ok("link", "add", "mv0", "type", "macvlan", "link", "a1", "mode", "bridge");
      await ok("link", "add", "vx0", "type", "vxlan", "id", "42", "remote", "192.0.2.2", "local", "192.0.2.1", "dstport", "4789");
      const a0 = ipJson(ns, "-d", "link", "show", "a0")[0];
      expect(a0).toMatchObject({ ifname: "a0", mtu: 1400, master: "brx", ifalias: "uplink" });
      expect(a0.flags).toContain("UP");
      expect(ipJson(ns, "-d", "link", "show", "mv0")[0].linkinfo.info_data).toMatchObject({ mode: "bridge" });
      expect(ipJson(ns, "-d", "link", "show", "vx0")[0].linkinfo.info_data).toMatchObject({ id: 42, remote: "192.0.2.2", local: "192.0.2.1", port: 4789 });
      await ok("link", "set", "a0", "nomaster", "name", "b0", "down");
      const b0 = ipJson(ns, "link", "show", "b0")[0];
      expect(b0.master).toBeUndefined();
      expect(b0.flags).not.toContain("UP");
      await ok("link", "del", "b0");
      expect(ipJson<{ ifname: string }[]>(ns, "link").map((l) => l.ifname).sort()).toEqual(["brx", "lo", "vx0"]);
    }, PREFIX);
  }, 60_000);

  kernelTest("addr add / replace / del / flush", async () => {
    await withNetns(async (ns) => {
      ip(ns, "link", "add", "v0", "type", "veth", "peer", "name", "v1");
      const n = ["--netns", ns];
      const run = (...a: string[]) => runCli([...n, ...a]);
      expect((await run("addr", "add", "10.3.0.1/24", "dev", "v0", "broadcast", "+", "label", "v0:web")).exitCode).toBe(0);
      expect((await run("addr", "add", "2001:db8:3::1/64", "dev", "v0", "nodad", "valid_lft", "600", "preferred_lft", "300")).exitCode).toBe(0);
      const info = ipJson(ns, "addr", "show", "dev", "v0")[0].addr_info;
      expect(info[0]).toMatchObject({ family: "inet", local: "10.3.0.1", prefixlen: 24, broadcast: "10.3.0.255", label: "v0:web" });
      expect(info[1]).toMatchObject({ family: "inet6", local: "2001:db8:3::1", prefixlen: 64, nodad: true, valid_life_time: 600 });
      expect((await run("addr", "replace", "2001:db8:3::1/64", "dev", "v0", "nodad", "valid_lft", "forever")).exitCode).toBe(0);
      expect(ipJson(ns, "-6", "addr", "show", "dev", "v0")[0].addr_info[0].valid_life_time).toBe(4294967295);
      const dup = await run("addr", "add", "10.3.0.1/24", "dev", "v0");
      expect(dup.exitCode).toBe(1);
      expect(dup.stderr).toContain("EEXIST");
      expect((await run("addr", "del", "10.3.0.1/24", "dev", "v0")).exitCode).toBe(0);
      expect(ipJson(ns, "-4", "addr", "show", "dev", "v0")).toEqual([]);
      expect((await run("addr", "flush", "dev", "v0", "-6")).exitCode).toBe(0);
      expect(ipJson(ns, "-6", "addr", "show", "dev", "v0")).toEqual([]);
    }, PREFIX);
  }, 60_000);

  kernelTest("route add / replace / append / del, neigh add / replace / del", async () => {
    await withNetns(async (ns) => {
      ipBatch(ns, ["link add v0 type veth peer name v1", "link set v0 up", "addr add 10.4.0.1/24 dev v0", "addr add 2001:db8:4::1/64 dev v0 nodad"]);
      const n = ["--netns", ns];
      const ok = async (...args: string[]) => {
        const r = await runCli([...n, ...args]);
        expect({ args, stderr: r.stderr, exitCode: r.exitCode }).toEqual({ args, stderr: "", exitCode: 0 });
      };
      await ok("route", "add", "198.51.100.0/24", "via", "10.4.0.254", "metric", "20", "proto", "static");
      await ok("route", "add", "blackhole", "203.0.113.0/24", "table", "200");
      await ok("route", "add", "2001:db8:99::/48", "via", "2001:db8:4::fe", "dev", "v0");
      await ok("route", "add", "192.0.2.0/24", "nexthop", "via", "10.4.0.2", "weight", "3", "nexthop", "via", "10.4.0.3");
      await ok("route", "add", "default", "via", "10.4.0.254", "mtu", "1300");
      expect(ipJson(ns, "route", "show", "198.51.100.0/24")[0]).toMatchObject({ gateway: "10.4.0.254", metric: 20, protocol: "static" });
      expect(ipJson(ns, "route", "show", "table", "200")[0]).toMatchObject({ type: "blackhole", dst: "203.0.113.0/24" });
      expect(ipJson(ns, "-6", "route", "show", "2001:db8:99::/48")[0]).toMatchObject({ gateway: "2001:db8:4::fe", dev: "v0" });
      expect(ipJson(ns, "route", "show", "192.0.2.0/24")[0].nexthops).toMatchObject([
        { gateway: "10.4.0.2", weight: 3 },
        { gateway: "10.4.0.3", weight: 1 },
      ]);
      expect(ipJson(ns, "route", "show", "default")[0].metrics).toEqual([{ mtu: 1300 }]);
      await ok("route", "replace", "198.51.100.0/24", "via", "10.4.0.253", "metric", "20", "proto", "static");
      expect(ipJson(ns, "route", "show", "198.51.100.0/24")[0].gateway).toBe("10.4.0.253");
      await ok("route", "append", "198.51.100.0/24", "via", "10.4.0.252", "metric", "20", "table", "201");
      await ok("route", "del", "198.51.100.0/24", "metric", "20");
      expect(ipJson(ns, "route", "show", "198.51.100.0/24")).toEqual([]);
      const missing = await runCli([...n, "route", "del", "198.51.100.0/24"]);
      expect(missing.exitCode).toBe(1);
      expect(missing.stderr).toContain("ESRCH");

      await ok("neigh", "add", "10.4.0.7", "lladdr", "02:00:00:00:04:07", "dev", "v0");
      await ok("neigh", "replace", "2001:db8:4::7", "lladdr", "02:00:00:00:04:08", "dev", "v0", "nud", "reachable", "router");
      expect(ipJson(ns, "neigh", "show", "10.4.0.7")[0]).toMatchObject({ lladdr: "02:00:00:00:04:07", state: ["PERMANENT"] });
      expect(ipJson(ns, "neigh", "show", "2001:db8:4::7")[0]).toMatchObject({ lladdr: "02:00:00:00:04:08", router: null });
      await ok("neigh", "del", "10.4.0.7", "dev", "v0");
      expect(ipJson(ns, "neigh", "show", "10.4.0.7")).toEqual([]);
    }, PREFIX);
  }, 60_000);
});

/** Read a subprocess's stream line by line until `enough(lines)` says so. */
async function readLines(stream: ReadableStream<Uint8Array>, enough: (lines: string[]) => boolean): Promise<string[]> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  const lines: string[] = [];
  try {
    while (!enough(lines)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      const parts = buffered.split("\n");
      buffered = parts.pop()!;
      lines.push(...parts);
    }
  } finally {
    reader.releaseLock();
  }
  return lines;
}

/** Start `monitor` in a namespace and wait until it has its snapshot (then it reports every change). */
async function startMonitor(ns: string, ...args: string[]) {
  const p = Bun.spawn([process.execPath, "src/cli.ts", "--netns", ns, "monitor", ...args], { cwd: `${import.meta.dir}/../..`, stdout: "pipe", stderr: "pipe" });
  const timer = setTimeout(() => p.kill("SIGKILL"), 30_000);
  const err = await readLines(p.stderr, (l) => l.some((x) => x.startsWith("monitoring")));
  if (!err.some((x) => x.startsWith("monitoring"))) throw new Error(`monitor did not start: ${err.join("\n")}`);
  return { p, stop: () => (clearTimeout(timer), p.kill()) };
}

describe("monitor", () => {
  kernelTest("prints typed events for links, addresses, routes and neighbours as they happen", async () => {
    await withNetns(async (ns) => {
      ipBatch(ns, ["link add m0 type veth peer name m1", "link set m0 up"]);
      const { p, stop } = await startMonitor(ns, "--json");
      try {
        ipBatch(ns, ["link set m0 mtu 1280", "addr add 10.5.0.1/24 dev m0", "route add 10.55.0.0/16 dev m0 table 55", "neigh add 10.5.0.9 lladdr 02:00:00:00:05:09 dev m0"]);
        const seen = (lines: string[]) => lines.map((l) => JSON.parse(l));
        const events = seen(await readLines(p.stdout, (l) => seen(l).some((e) => e.kind === "neighbour")));
        expect(events[0]).toMatchObject({ type: "change", kind: "link", action: "new", link: { ifname: "m0", mtu: 1280 } });
        expect(events.find((e) => e.kind === "address")).toMatchObject({ action: "new", address: { local: "10.5.0.1", prefixlen: 24, ifname: "m0" } });
        expect(events.find((e) => e.kind === "route" && e.route.table === "55")).toMatchObject({ action: "new", route: { dst: "10.55.0.0/16", dev: "m0" } });
        expect(events.find((e) => e.kind === "neighbour")).toMatchObject({ action: "new", neighbour: { dst: "10.5.0.9", lladdr: "02:00:00:00:05:09" } });
      } finally {
        stop();
      }
    }, PREFIX);
  }, 60_000);

  kernelTest("shows a resync when the kernel flushes routes without telling (a link going down)", async () => {
    await withNetns(async (ns) => {
      ipBatch(ns, ["link add r0 type veth peer name r1", "link set r1 up", "link set r0 up", "addr add 10.6.0.1/24 dev r0", "route add 10.66.0.0/16 via 10.6.0.2"]);
      const { p, stop } = await startMonitor(ns, "route", "link", "--json");
      try {
        ip(ns, "link", "set", "r0", "down");
        const parsed = (lines: string[]) => lines.map((l) => JSON.parse(l));
        const events = parsed(await readLines(p.stdout, (l) => parsed(l).some((e) => e.type === "resync")));
        const resync = events.find((e) => e.type === "resync");
        expect(resync.reason).toBe("link-change");
        expect(resync.changes).toContainEqual(expect.objectContaining({ kind: "route", action: "del", route: expect.objectContaining({ dst: "10.66.0.0/16", gateway: "10.6.0.2" }) }));
      } finally {
        stop();
      }
    }, PREFIX);
  }, 60_000);

  kernelTest("human lines name the kind, like ip monitor; --count stops it", async () => {
    await withNetns(async (ns) => {
      const { p, stop } = await startMonitor(ns, "link", "addr", "--count", "2");
      try {
        ipBatch(ns, ["link add br9 type bridge", "link del br9"]);
        const out = await new Response(p.stdout).text();
        expect(await p.exited).toBe(0);
        const lines = out.trim().split("\n");
        expect(lines[0]).toMatch(/^\[LINK\] \d+: br9: <BROADCAST,MULTICAST> mtu 1500 state DOWN bridge/);
        expect(lines[1]).toMatch(/^\[LINK\] Deleted \d+: br9: /);
      } finally {
        stop();
      }
    }, PREFIX);
  }, 60_000);
});

describe("genl", () => {
  /** `genl ctrl list` as { name: id }. */
  function genlFamilies(ns: string): Record<string, number> {
    const text = sh(["ip", "netns", "exec", ns, "genl", "ctrl", "list"]);
    const out: Record<string, number> = {};
    for (const m of text.matchAll(/Name: (\S+)\s+ID: (0x[0-9a-f]+)/g)) out[m[1]!] = Number.parseInt(m[2]!, 16);
    return out;
  }

  kernelTest("families match genl ctrl list; one family with its groups and policy", async () => {
    await withNetns(async (ns) => {
      const families = await runJson<{ name: string; id: number }[]>(["--netns", ns, "genl", "families"]);
      expect(Object.fromEntries(families.map((f) => [f.name, f.id]))).toEqual(genlFamilies(ns));
      const ctrl = await runJson<{ id: number; groups: { name: string }[]; operations: { id: number; capabilities: string[] }[]; policy: { policies: Record<string, Record<string, { type: string }>> } }>(["--netns", ns, "genl", "family", "nlctrl"]);
      expect(ctrl.id).toBe(0x10);
      expect(ctrl.groups.map((g) => g.name)).toEqual(["notify"]);
      expect(ctrl.operations.find((o) => o.id === 3)?.capabilities).toEqual(["do", "dump", "policy"]);
      // CTRL_ATTR_FAMILY_NAME (2) is a NUL-terminated string in the controller's policy.
      expect(Object.values(ctrl.policy.policies).some((p) => p[2]?.type === "nul-string")).toBe(true);
      const human = await runCli(["--netns", ns, "genl", "family", "ethtool"]);
      expect(human.exitCode).toBe(0);
      expect(human.stdout).toMatch(/^ethtool: id \d+/);
      expect(human.stdout).toContain("Multicast groups");
      expect(human.stdout).toContain("monitor");
      expect(human.stdout).toMatch(/policy \d+\n +ATTR +TYPE/);
      const unknown = await runCli(["--netns", ns, "genl", "family", "no-such-family"]);
      expect(unknown.exitCode).toBe(1);
      expect(unknown.stderr).toContain('unknown generic netlink family "no-such-family"');
    }, PREFIX);
  }, 60_000);
});

describe("overview (no command)", () => {
  kernelTest("shows links with addresses, main routes, genl families and the WiFi state", async () => {
    await withNetns(async (ns) => {
      populate(ns);
      const r = await runCli(["--netns", ns]);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain(`Network state of network namespace ${ns}`);
      expect(r.stdout).toMatch(/v0@v1 +UP|v0@v1 +LOWERLAYERDOWN/);
      expect(r.stdout).toContain("10.1.0.1/24 10.1.0.9/24 2001:db8::1/64");
      expect(r.stdout).toContain("10.9.0.0/16");
      expect(r.stdout).toContain("nlctrl");
      expect(r.stdout).toMatch(/WiFi\n {2}(no WiFi stack \(nl80211 not available\)|IFACE)/);
      const json = await runJson<{ links: { ifname: string }[]; routes: { dst: string }[]; genl: { name: string }[]; wifi: { available: boolean } }>(["--netns", ns]);
      expect(json.links.map((l) => l.ifname)).toContain("br0");
      expect(json.routes.map((x) => x.dst)).toContain("10.9.0.0/16");
      expect(json.genl.map((f) => f.name)).toContain("nlctrl");
      expect(typeof json.wifi.available).toBe("boolean");
    }, PREFIX);
  }, 60_000);
});

describe("errors and exit statuses", () => {
  kernelTest("unknown link, missing namespace, kernel refusals", async () => {
    await withNetns(async (ns) => {
      const n = ["--netns", ns];
      for (const args of [["link", "set", "nosuch", "up"], ["link", "nosuch"], ["addr", "add", "10.0.0.1/8", "dev", "nosuch"], ["route", "show", "dev", "nosuch"]]) {
        const r = await runCli([...n, ...args]);
        expect({ args, exitCode: r.exitCode, stdout: r.stdout }).toEqual({ args, exitCode: 1, stdout: "" });
        expect(r.stderr).toContain('bun-netlink: unknown link "nosuch"');
      }
      const noNs = await runCli(["--netns", `${PREFIX}-does-not-exist`, "link"]);
      expect(noNs.exitCode).toBe(1);
      expect(noNs.stderr).toContain("no such network namespace");
      const exists = await runCli([...n, "link", "add", "lo", "type", "bridge"]);
      expect(exists.exitCode).toBe(1);
      expect(exists.stderr).toContain("EEXIST");
    }, PREFIX);
  }, 60_000);

  kernelTest("permission denied names CAP_NET_ADMIN and exits 4", async () => {
    await withNetns(async (ns) => {
      // An unprivileged user inside the test namespace: reading works, changing is refused.
      const asNobody = ["ip", "netns", "exec", ns, "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", "--", "env", "HOME=/tmp", process.execPath, "src/cli.ts"];
      const read = await runCli(["link", "lo", "--json"], { exe: asNobody });
      expect(read.exitCode).toBe(0);
      const change = await runCli(["link", "set", "lo", "mtu", "1280"], { exe: asNobody });
      expect(change.exitCode).toBe(4);
      expect(change.stderr).toContain("permission denied (RTM_SETLINK)");
      expect(change.stderr).toContain("CAP_NET_ADMIN");
      expect(ipJson(ns, "link", "show", "lo")[0].mtu).toBe(65536);
      // Entering a namespace needs CAP_SYS_ADMIN.
      const setns = await runCli(["--netns", ns, "link"], { exe: asNobody });
      expect(setns.exitCode).toBe(4);
      expect(setns.stderr).toContain("CAP_SYS_ADMIN");
    }, PREFIX);
  }, 60_000);

  kernelTest("no WiFi stack: every wifi subcommand says so and exits 3", async () => {
    // The host kernel has no cfg80211; where it has one (the VM suite), test/wifi-vm covers wifi.
    if (Bun.spawnSync(["sh", "-c", "test -e /sys/class/ieee80211 && ls /sys/class/ieee80211 | grep -q ."]).exitCode === 0) return;
    await withNetns(async (ns) => {
      for (const args of [["wifi"], ["wifi", "dev"], ["wifi", "phy"], ["wifi", "link"], ["wifi", "station", "wlan0"], ["wifi", "scan", "wlan0"], ["wifi", "survey", "wlan0"], ["wifi", "reg"], ["wifi", "events"]]) {
        const r = await runCli(["--netns", ns, ...args]);
        expect({ args, exitCode: r.exitCode, stdout: r.stdout }).toEqual({ args, exitCode: 3, stdout: "" });
        expect(r.stderr).toContain("no WiFi stack (nl80211 not available)");
      }
    }, PREFIX);
  }, 60_000);
});

describe("usage errors (no kernel needed)", () => {
  const cases: [string[], string][] = [
    [["frob"], 'unknown command "frob"'],
    [["--frob"], 'unknown option "--frob"'],
    [["link", "--netns"], "--netns needs a value"],
    [["route", "-4", "-6"], "-4 and -6 exclude each other"],
    [["monitor", "--count", "0"], "--count must be a whole number"],
    [["link", "add", "x0", "type", "tap"], 'type "tap" is not one of'],
    [["addr", "add", "10.0.0.300/24", "dev", "lo"], "is not an IPv4 or IPv6 address"],
    [["route", "add"], "which destination?"],
    [["genl", "frob"], 'unknown subcommand "frob"'],
    [["wifi", "frob"], 'unknown subcommand "frob"'],
    [["exporter", "--listen", "0.0.0.0:9100"], "loopback addresses only"],
  ];
  test.each(cases)("%p exits 2: %s", async (args, message) => {
    const r = await runCli(args);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain("hint: run 'bun-netlink help' for usage");
  });

  test("help and --version exit 0", async () => {
    const help = await runCli(["help"]);
    expect(help.exitCode).toBe(0);
    for (const c of ["link", "addr", "route", "neigh", "monitor", "genl", "wifi", "exporter", "Exit status"]) expect(help.stdout).toContain(c);
    const one = await runCli(["route", "--help"]);
    expect(one.stdout).toStartWith("Usage: bun-netlink [OPTIONS] route");
    const version = await runCli(["--version"]);
    expect(version.stdout).toMatch(/^bun-netlink \d+\.\d+\.\d+\n$/);
  }, 60_000);
});
