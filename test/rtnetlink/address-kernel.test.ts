/**
 * Addresses against the kernel, with `ip -j address` as the oracle. Every test builds its own
 * namespace (prefix bnl-addr) and deletes it. The listing test fills links with randomized IPv4 and
 * IPv6 addresses; its seed is printed, and BNL_SEED=<n> replays it.
 */
import { describe, expect, setDefaultTimeout } from "bun:test";
import { dial, NETLINK_ROUTE, NetlinkError, type Conn } from "../../src/netlink/index.ts";
import {
  addAddress,
  addressFlagNames,
  deleteAddress,
  listAddresses,
  replaceAddress,
  type Address,
  type ListAddressesOptions,
} from "../../src/rtnetlink/address.ts";
import { getLink } from "../../src/rtnetlink/link.ts";
import { ipBatch, ipJson, kernelTest, sh, withNetns } from "../helpers/netns.ts";
import { seeded, testSeed } from "../helpers/random.ts";

// bunfig.toml's [test] timeout is not read by Bun (it keeps 5 s); a busy 2-core machine needs more.
setDefaultTimeout(60_000);

const PREFIX = "bnl-addr";
const SEED = testSeed();


/** No duplicate address detection: IPv6 addresses are then final at once, not tentative for a while. */
function noDad(ns: string): void {
  sh(["ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0"]);
}

type Row = Record<string, unknown>;
const FOREVER = 4294967295;
const IP_FLAG_KEYS = [
  "secondary", "temporary", "nodad", "optimistic", "dadfailed", "home", "deprecated", "tentative", "mngtmpaddr",
  "noprefixroute", "autojoin", "stable-privacy", "dynamic",
];

/** One entry of `ip -j address show`'s addr_info, with its link's index, in comparable terms. */
function fromIp(a: Row, ifindex: number): Row {
  const o: Row = { ifindex };
  const flags: string[] = [];
  for (const [k, v] of Object.entries(a)) {
    if (IP_FLAG_KEYS.includes(k)) {
      if (v === true) flags.push(k);
    } else if (k === "family") o.family = v === "inet" ? 4 : v === "inet6" ? 6 : v;
    else o[k] = v;
  }
  o.flags = flags.sort();
  return o;
}

/** An Address in the same terms: ip's keys, and "dynamic" for an address without IFA_F_PERMANENT. */
function fromAddress(a: Address): Row {
  const o: Row = { ifindex: a.index, family: a.family, local: a.address };
  if (a.peer !== undefined) o.address = a.peer;
  o.prefixlen = a.prefixLength;
  if (a.metric !== undefined) o.metric = a.metric;
  if (a.broadcast !== undefined) o.broadcast = a.broadcast;
  o.scope = typeof a.scope === "number" ? String(a.scope) : a.scope;
  const flags: string[] = addressFlagNames(a.flags, a.family).filter((f) => f !== "permanent");
  if (!addressFlagNames(a.flags, a.family).includes("permanent")) flags.push("dynamic");
  o.flags = flags.sort();
  if (a.label !== undefined) o.label = a.label;
  o.valid_life_time = a.validLifetime === Infinity ? FOREVER : a.validLifetime;
  o.preferred_life_time = a.preferredLifetime === Infinity ? FOREVER : a.preferredLifetime;
  return o;
}

const sorted = (rows: Row[]) => [...rows].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));

/** `ip -j [options] address show [filter]`, flattened to one row per address. */
function ipAddresses(ns: string, options: string[], filter: string[] = []): Row[] {
  const links = ipJson<{ ifindex: number; addr_info?: Row[] }[]>(ns, ...options, "address", "show", ...filter);
  return links.flatMap((l) => (l.addr_info ?? []).map((a) => fromIp(a, l.ifindex)));
}

/**
 * ip before and after listAddresses(), until both ip reads agree (finite lifetimes count down by
 * the second), then both sides in the same terms.
 */
async function readBoth(ns: string, conn: Conn, ipOptions: string[] = [], ipFilter: string[] = [], options: ListAddressesOptions = {}) {
  for (let attempt = 0; ; attempt++) {
    const before = ipAddresses(ns, ipOptions, ipFilter);
    const list = await listAddresses(conn, options);
    const after = ipAddresses(ns, ipOptions, ipFilter);
    if (Bun.deepEquals(before, after) || attempt === 30) return { ip: sorted(after), ours: sorted(list.map(fromAddress)), list };
    await Bun.sleep(50);
  }
}

const hex16 = (n: number) => n.toString(16);

/** ip -batch lines: veths, some up (so they also get kernel-made link-local addresses), and random addresses on them. */
function randomLayout(seed: number): { lines: string[]; links: string[] } {
  const r = seeded(seed);
  const lines: string[] = [];
  const links: string[] = [];
  const pairs = r.int(3, 5);
  for (let i = 0; i < pairs; i++) {
    lines.push(`link add a${i}x type veth peer name a${i}y`);
    links.push(`a${i}x`, `a${i}y`);
  }
  const used = new Set<string>();
  for (const dev of links) {
    // A secondary IPv4 address must have its primary's scope, so one scope per link.
    const scope = r.chance(0.3) ? ` scope ${r.pick(["link", "host", "site", "global"])}` : "";
    const v4 = r.int(1, 6);
    for (let j = 0; j < v4; j++) {
      const len = r.pick([8, 16, 20, 24, 24, 28, 30, 32]);
      const addr = `10.${r.int(0, 3)}.${r.int(0, 255)}.${r.int(1, 254)}`;
      if (used.has(addr)) continue;
      used.add(addr);
      let line = `address add ${addr}`;
      if (r.chance(0.15)) line += ` peer 10.200.${r.int(0, 255)}.${r.int(1, 254)}/${len}`;
      else {
        line += `/${len}`;
        if (len < 31 && r.chance(0.4)) line += " broadcast +";
      }
      if (r.chance(0.3)) line += ` label ${dev}:${j}`;
      line += scope;
      if (r.chance(0.2)) line += " noprefixroute";
      if (r.chance(0.2)) line += ` metric ${r.int(1, 5000)}`;
      if (r.chance(0.2)) {
        const valid = r.int(600, 100000);
        line += ` valid_lft ${valid} preferred_lft ${r.int(0, valid)}`;
      }
      lines.push(`${line} dev ${dev}`);
    }
    const v6 = r.int(1, 6);
    for (let j = 0; j < v6; j++) {
      const len = r.pick([48, 56, 64, 64, 96, 112, 127, 128]);
      const addr = `2001:db8:${hex16(r.int(0, 15))}:${hex16(r.int(0, 0xffff))}::${hex16(r.int(1, 0xffff))}`;
      if (used.has(addr)) continue;
      used.add(addr);
      let line = `address add ${addr}`;
      if (r.chance(0.15)) line += ` peer 2001:db8:ffff::${hex16(r.int(1, 0xffff))}`;
      else line += `/${len}`;
      if (r.chance(0.3)) line += " nodad";
      if (r.chance(0.2)) line += " noprefixroute";
      if (r.chance(0.1)) line += " home";
      if (r.chance(0.2)) line += ` metric ${r.int(1, 5000)}`;
      if (r.chance(0.2)) {
        const valid = r.int(600, 100000);
        line += ` valid_lft ${valid} preferred_lft ${r.int(0, valid)}`;
      }
      lines.push(`${line} dev ${dev}`);
    }
    if (r.chance(0.6)) lines.push(`link set ${dev} up`);
  }
  return { lines, links };
}

function ipError(ns: string, ...args: string[]): string {
  const r = Bun.spawnSync(["ip", "-n", ns, ...args], { stdout: "pipe", stderr: "pipe" });
  if (r.exitCode === 0) throw new Error(`ip ${args.join(" ")} succeeded; it was expected to fail`);
  const m = /^Error: (.*)\.$/m.exec(r.stderr.toString());
  if (!m) throw new Error(`unexpected ip error output: ${r.stderr.toString()}`);
  return m[1]!;
}

async function fail(p: Promise<unknown>): Promise<NetlinkError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(NetlinkError);
    return err as NetlinkError;
  }
  throw new Error("expected a rejection");
}
const onDev = (ns: string, dev: string) => ipAddresses(ns, [], ["dev", dev]);

describe("addresses against the kernel", () => {
  kernelTest(`listAddresses agrees field by field with ip -j address show, whole and filtered (seed ${SEED})`, async () => {
    console.info(`address layout seed ${SEED} (replay with BNL_SEED=${SEED})`);
    await withNetns(async (ns) => {
      noDad(ns);
      const { lines, links } = randomLayout(SEED);
      ipBatch(ns, lines);
      await using conn = dial(NETLINK_ROUTE, { netns: ns });
      const all = await readBoth(ns, conn);
      expect(all.list.length).toBeGreaterThan(10);
      expect(new Set(all.list.map((a) => a.family))).toEqual(new Set([4, 6]));
      expect(all.ours).toEqual(all.ip);
      for (const [args, options] of [
        [["-4"], { family: 4 }],
        [["-6"], { family: 6 }],
      ] as [string[], ListAddressesOptions][]) {
        const both = await readBoth(ns, conn, args, [], options);
        expect(both.ours).toEqual(both.ip);
      }
      const r = seeded(SEED ^ 0x5eed);
      for (let i = 0; i < 3; i++) {
        const dev = r.pick(links);
        const family = r.pick([4, 6, "all"] as const);
        const args = family === "all" ? [] : [`-${family}`];
        const byName = await readBoth(ns, conn, args, ["dev", dev], { link: dev, family });
        expect(byName.ours).toEqual(byName.ip);
        const index = (await getLink(conn, dev)).index;
        const byIndex = await readBoth(ns, conn, args, ["dev", dev], { link: index, family });
        expect(byIndex.ours).toEqual(byIndex.ip);
      }
    }, PREFIX);
  });

  kernelTest("addAddress, replaceAddress and deleteAddress change what ip then shows", async () => {
    await withNetns(async (ns) => {
      noDad(ns);
      ipBatch(ns, ["link add b0 type veth peer name b1", "link set b0 up", "link set b1 up"]);
      await using conn = dial(NETLINK_ROUTE, { netns: ns });
      await addAddress(conn, { link: "b0", address: "192.0.2.1/24", broadcast: true, label: "b0:web", metric: 50 });
      await addAddress(conn, { link: "b0", address: "192.0.2.7/24", broadcast: "192.0.2.254" });
      await addAddress(conn, { link: "b0", address: "198.51.100.1", peer: "198.51.100.2/31", scope: "link" });
      await addAddress(conn, { link: "b0", address: "127.1.2.3/8" });
      await addAddress(conn, { link: "b0", address: "203.0.113.9/24", validLifetime: 3000, preferredLifetime: 1000, flags: ["noprefixroute"] });
      await addAddress(conn, { link: "b0", address: "2001:db8:1::1/64", flags: ["nodad", "noprefixroute"] });
      await addAddress(conn, { link: "b0", address: "2001:db8:2::1", peer: "2001:db8:2::2" });
      await addAddress(conn, { link: "b0", address: "2001:db8:3::1/48", validLifetime: 5000, preferredLifetime: 0, metric: 7, flags: ["home"] });
      await addAddress(conn, { link: "b0", address: "2001:db8:4::1/64", protocol: 99 });

      const got = onDev(ns, "b0");
      const find = (local: string) => got.find((a) => a.local === local)!;
      expect(find("192.0.2.1")).toMatchObject({ prefixlen: 24, broadcast: "192.0.2.255", label: "b0:web", metric: 50, scope: "global", flags: [] });
      expect(find("192.0.2.7")).toMatchObject({ broadcast: "192.0.2.254", flags: ["secondary"] });
      expect(find("198.51.100.1")).toMatchObject({ address: "198.51.100.2", prefixlen: 31, scope: "link" });
      expect(find("127.1.2.3")).toMatchObject({ scope: "host" });
      expect(find("203.0.113.9")).toMatchObject({ flags: ["dynamic", "noprefixroute"] });
      expect(find("203.0.113.9").valid_life_time as number).toBeLessThanOrEqual(3000);
      expect(find("203.0.113.9").preferred_life_time as number).toBeLessThanOrEqual(1000);
      expect(find("2001:db8:1::1")).toMatchObject({ prefixlen: 64, flags: ["nodad", "noprefixroute"] });
      expect(find("2001:db8:2::1")).toMatchObject({ address: "2001:db8:2::2", prefixlen: 128 });
      expect(find("2001:db8:3::1")).toMatchObject({ prefixlen: 48, metric: 7, flags: ["deprecated", "dynamic", "home"], preferred_life_time: 0 });
      // ip 6.1 does not print IFA_PROTO: read it back through the dump instead.
      expect((await listAddresses(conn, { link: "b0", family: 6 })).find((a) => a.address === "2001:db8:4::1")!.protocol).toBe(99);

      await replaceAddress(conn, { link: "b0", address: "192.0.2.1/24", broadcast: true, label: "b0:web", validLifetime: 900, preferredLifetime: 900 });
      const replaced = onDev(ns, "b0").find((a) => a.local === "192.0.2.1")!;
      expect(replaced.valid_life_time as number).toBeLessThanOrEqual(900);
      expect(replaced.flags).toEqual(["dynamic"]);

      await deleteAddress(conn, { link: "b0", address: "192.0.2.7/24" });
      await deleteAddress(conn, { link: "b0", address: "127.1.2.3" }); // IPv4 wildcard: any prefix length
      await deleteAddress(conn, { link: "b0", address: "198.51.100.1/31", peer: "198.51.100.2" });
      const listed = await listAddresses(conn, { link: "b0", family: 6 });
      await deleteAddress(conn, listed.find((a) => a.address === "2001:db8:2::1")!);
      await deleteAddress(conn, { link: "b0", address: "2001:db8:1::1/64" });
      const left = onDev(ns, "b0").map((a) => a.local);
      expect(left).toEqual(expect.arrayContaining(["192.0.2.1", "203.0.113.9", "2001:db8:3::1", "2001:db8:4::1"]));
      for (const gone of ["192.0.2.7", "127.1.2.3", "198.51.100.1", "2001:db8:2::1", "2001:db8:1::1"]) expect(left).not.toContain(gone);

      // Everything a listing returns can be deleted with what it returned.
      for (const a of await listAddresses(conn, { link: "b0" })) await deleteAddress(conn, a);
      expect(onDev(ns, "b0")).toEqual([]);
    }, PREFIX);
  });

  kernelTest("error paths carry the kernel's errno and extended-ACK message, as ip reports them", async () => {
    await withNetns(async (ns) => {
      noDad(ns);
      ipBatch(ns, ["link add c0 type veth peer name c1", "address add 192.0.2.1/24 dev c0", "address add 2001:db8::1/64 dev c0 nodad"]);
      await using conn = dial(NETLINK_ROUTE, { netns: ns });

      const dup4 = await fail(addAddress(conn, { link: "c0", address: "192.0.2.1/24" }));
      expect([dup4.code, dup4.syscall, dup4.extAck.message]).toEqual(["EEXIST", "RTM_NEWADDR", ipError(ns, "address", "add", "192.0.2.1/24", "dev", "c0")]);
      const dup6 = await fail(addAddress(conn, { link: "c0", address: "2001:db8::1/64" }));
      expect([dup6.code, dup6.extAck.message]).toEqual(["EEXIST", ipError(ns, "address", "add", "2001:db8::1/64", "dev", "c0")]);

      const missing4 = await fail(deleteAddress(conn, { link: "c0", address: "192.0.2.99/24" }));
      expect([missing4.code, missing4.syscall, missing4.extAck.message]).toEqual(["EADDRNOTAVAIL", "RTM_DELADDR", ipError(ns, "address", "del", "192.0.2.99/24", "dev", "c0")]);
      const missing6 = await fail(deleteAddress(conn, { link: "c0", address: "2001:db8::99/64" }));
      expect([missing6.code, missing6.extAck.message]).toEqual(["EADDRNOTAVAIL", ipError(ns, "address", "del", "2001:db8::99/64", "dev", "c0")]);
      // The IPv6 kernel matches the prefix length too.
      const wrongLength = await fail(deleteAddress(conn, { link: "c0", address: "2001:db8::1/80" }));
      expect(wrongLength.code).toBe("EADDRNOTAVAIL");

      // A missing link: by name the lookup answers ENODEV; by index the address code itself does.
      const byName = await fail(addAddress(conn, { link: "nope", address: "192.0.2.5/24" }));
      expect([byName.code, byName.errno]).toEqual(["ENODEV", 19]);
      const byIndex4 = await fail(addAddress(conn, { link: 4242, address: "192.0.2.5/24" }));
      expect([byIndex4.code, byIndex4.extAck.message]).toEqual(["ENODEV", "ipv4: Device not found"]);
      const byIndex6 = await fail(addAddress(conn, { link: 4242, address: "2001:db8::5/64" }));
      expect([byIndex6.code, byIndex6.extAck.message]).toEqual(["ENODEV", "ipv6: Unable to find the interface"]);
      const listMissing = await fail(listAddresses(conn, { link: 4242 }));
      expect(listMissing.code).toBe("ENODEV");

      // ip checks lifetimes itself; the kernel's own answer comes through.
      const lifetime = await fail(addAddress(conn, { link: "c0", address: "192.0.2.6/24", validLifetime: 10, preferredLifetime: 20 }));
      expect([lifetime.code, lifetime.extAck.message]).toEqual(["EINVAL", "ipv4: address lifetime invalid"]);
      const lifetime6 = await fail(addAddress(conn, { link: "c0", address: "2001:db8::6/64", validLifetime: 10, preferredLifetime: 20 }));
      expect([lifetime6.code, lifetime6.extAck.message]).toEqual(["EINVAL", "ipv6: address lifetime invalid"]);

      // None of it changed anything.
      expect(onDev(ns, "c0").map((a) => a.local).sort()).toEqual(["192.0.2.1", "2001:db8::1", ...onDev(ns, "c0").filter((a) => (a.local as string).startsWith("fe80")).map((a) => a.local as string)].sort());
    }, PREFIX);
  });
});
