/**
 * The CLI's pure parts, no kernel: argument parsing, tables, the ip -j shapes of decoded objects,
 * error reports and exit statuses, and the commands' usage errors run in-process.
 */
import { describe, expect, test } from "bun:test";
import { parseArgs, Words } from "../../src/cli/args.ts";
import { CliError, EXIT, reportError, UsageError } from "../../src/cli/errors.ts";
import { addressJson, ipLinkFlags, linkJson, neighbourJson, routeDestination, routeJson } from "../../src/cli/ip-json.ts";
import { main } from "../../src/cli/main.ts";
import { BufferedOutput, formatTable, toJson } from "../../src/cli/output.ts";
import type { Address, Link, Neighbour, Route } from "../../src/rtnetlink/index.ts";
import { EncodeError, NetlinkError } from "../../src/netlink/index.ts";
import { WifiUnavailableError } from "../../src/wifi/index.ts";

describe("parseArgs", () => {
  test.each([
    [["route", "-4", "--json"], { family: 4, json: true }, ["route"]],
    [["--netns", "blue", "link"], { netns: "blue" }, ["link"]],
    [["-n", "blue", "link", "-s"], { netns: "blue", stats: true }, ["link"]],
    [["--netns=blue", "route", "--table=100"], { netns: "blue", table: "100" }, ["route"]],
    [["monitor", "-c", "3", "-j"], { count: 3, json: true }, ["monitor"]],
    [["exporter", "--listen", "127.0.0.1:9101", "--dump"], { listen: "127.0.0.1:9101", dump: true }, ["exporter"]],
    [["route", "add", "--", "-weird"], {}, ["route", "add", "-weird"]],
    [["route", "add", "10.0.0.0/8", "metric", "-1"], {}, ["route", "add", "10.0.0.0/8", "metric", "-1"]],
  ] as const)("%p", (argv, options, words) => {
    const r = parseArgs(argv);
    expect(r.options).toMatchObject(options);
    expect(r.words).toEqual([...words]);
  });

  test.each([
    [["--frob"], 'unknown option "--frob"'],
    [["--jso"], "did you mean --json?"],
    [["--netns"], "--netns needs a value"],
    [["--json=yes"], "--json takes no value"],
    [["-4", "-6"], "-4 and -6 exclude each other"],
    [["--count", "x"], "--count must be a whole number"],
    [["--table", ""], "--table needs a non-empty value"],
  ] as const)("%p is a usage error", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  test("Words reads ip-style keywords", () => {
    const w = new Words(["dev", "eth0", "metric"]);
    expect(w.accept("via", "dev")).toBe("dev");
    expect(w.value("dev")).toBe("eth0");
    expect(w.next()).toBe("metric");
    expect(() => w.value("metric")).toThrow('"metric" needs a value');
    expect(w.done()).toBe(true);
    expect(() => new Words(["x"]).end("link show")).toThrow('link show: unexpected "x"');
  });
});

describe("output", () => {
  test("formatTable aligns columns, pads all but the last, prints - for nothing", () => {
    expect(formatTable(["NAME", "MTU", "NOTE"], [["lo", 65536, undefined], ["eth0", 1500, "uplink"]])).toBe(
      "NAME  MTU    NOTE\n" + "lo    65536  -\n" + "eth0  1500   uplink\n",
    );
    expect(formatTable(["A", "B"], [])).toBe("A  B\n(none)\n");
  });

  test("toJson: bigints as numbers when exact, bytes as hex, no undefined", () => {
    expect(toJson({ a: 12n, b: 2n ** 64n, c: new Uint8Array([1, 255]), d: undefined, e: Infinity })).toBe('{"a":12,"b":"18446744073709551616","c":"01ff","e":"Infinity"}');
  });
});

function link(o: Partial<Link>): Link {
  return {
    family: 0, index: 1, name: "x", type: 1, flags: 0, change: 0, up: false, mtu: 1500, operState: "down", linkMode: "default",
    txQueueLength: 1000, group: 0, promiscuity: 0, allmulti: undefined, minMtu: undefined, maxMtu: undefined, numTxQueues: undefined,
    numRxQueues: undefined, gsoMaxSize: undefined, gsoMaxSegs: undefined, groMaxSize: undefined, tsoMaxSize: undefined, tsoMaxSegs: undefined,
    carrier: undefined, carrierChanges: undefined, carrierUpCount: undefined, carrierDownCount: undefined, protoDown: undefined, qdisc: undefined,
    address: undefined, broadcast: undefined, permAddress: undefined, master: undefined, linkIndex: undefined, linkNetnsId: undefined,
    alias: undefined, altNames: undefined, parentBus: undefined, parentDev: undefined, kind: undefined, info: undefined, infoData: undefined,
    infoXstats: undefined, slaveKind: undefined, slaveData: undefined, stats: undefined, other: [], ...o,
  } as Link;
}

describe("ip -j shapes", () => {
  test.each([
    // IFF_UP without IFF_RUNNING: NO-CARRIER first; RUNNING itself is never printed
    [0x1003, false, ["NO-CARRIER", "BROADCAST", "MULTICAST", "UP"]],
    [0x10049, false, ["LOOPBACK", "UP", "LOWER_UP"]],
    [0x1002, true, ["BROADCAST", "MULTICAST", "M-DOWN"]],
    // an unknown bit (1 << 20) is printed in hex, as ip does
    [0x100000 | 0x2, false, ["BROADCAST", "100000"]],
  ] as const)("link flags %d (lower down: %p)", (flags, lowerDown, names) => {
    expect(ipLinkFlags(flags, lowerDown)).toEqual([...names]);
  });

  test("a veth with its peer in this namespace: link name, M-DOWN, master name", () => {
    const peer = link({ index: 2, name: "v1", flags: 0x1002 });
    const br = link({ index: 4, name: "br0", kind: "bridge" });
    const v0 = link({ index: 3, name: "v0", flags: 0x1003, linkIndex: 2, master: 4, operState: "lowerlayerdown", qdisc: "noqueue", address: "02:00:00:00:00:03", broadcast: "ff:ff:ff:ff:ff:ff", kind: "veth" });
    const names = new Map([[2, peer], [3, v0], [4, br]]);
    expect(linkJson(v0, names)).toEqual({
      ifindex: 3, link: "v1", ifname: "v0", flags: ["NO-CARRIER", "BROADCAST", "MULTICAST", "UP", "M-DOWN"], mtu: 1500, qdisc: "noqueue",
      master: "br0", operstate: "LOWERLAYERDOWN", linkmode: "DEFAULT", group: "default", txqlen: 1000, link_type: "ether",
      address: "02:00:00:00:00:03", broadcast: "ff:ff:ff:ff:ff:ff", kind: "veth",
    });
    // The peer in another namespace: link_index and link_netnsid, no M-DOWN (ip cannot know)
    expect(linkJson({ ...v0, linkNetnsId: 0 }, names)).toMatchObject({ link_index: 2, link_netnsid: 0, flags: ["NO-CARRIER", "BROADCAST", "MULTICAST", "UP"] });
  });

  test("addresses: IPv6 bit 0x01 is temporary, no IFA_F_PERMANENT is dynamic, forever is 2^32-1", () => {
    const a: Address = { family: 6, index: 3, address: "2001:db8::1", prefixLength: 64, peer: undefined, broadcast: undefined, label: undefined, scope: "global", flags: 0x01 | 0x02, validLifetime: 600, preferredLifetime: Infinity, created: 1, updated: 1, metric: undefined, protocol: undefined, other: [] };
    expect(addressJson(a)).toEqual({ family: "inet6", local: "2001:db8::1", prefixlen: 64, scope: "global", temporary: true, nodad: true, dynamic: true, valid_life_time: 600, preferred_life_time: 4294967295 });
    const b: Address = { ...a, family: 4, address: "10.0.0.1", prefixLength: 32, peer: "10.0.0.2", label: "v0", scope: 254, flags: 0x80 | 0x01 };
    expect(addressJson(b)).toEqual({ family: "inet", local: "10.0.0.1", address: "10.0.0.2", prefixlen: 32, scope: "254", secondary: true, label: "v0", valid_life_time: 600, preferred_life_time: 4294967295 });
  });

  const route = (o: Partial<Route>): Route => ({
    family: 4, destination: "10.0.0.0/8", prefixLength: 8, table: 254, protocol: "boot", scope: "global", type: "unicast", flags: 0, tos: 0,
    gateway: undefined, outputIndex: undefined, priority: 0, preferredSource: undefined, nextHops: [], ...o,
  });

  test.each([
    [route({ destination: "0.0.0.0/0", prefixLength: 0 }), "default"],
    [route({ destination: "::/0", prefixLength: 0, family: 6 }), "default"],
    [route({ destination: "192.0.2.7/32", prefixLength: 32 }), "192.0.2.7"],
    [route({ destination: "2001:db8::1/128", prefixLength: 128, family: 6 }), "2001:db8::1"],
    [route({}), "10.0.0.0/8"],
  ] as const)("route destination %#", (r, dst) => {
    expect(routeDestination(r)).toBe(dst);
  });

  test("a route: names for table, dev; flags; multipath; cloned routes have no protocol", () => {
    const names = new Map([[3, link({ index: 3, name: "v0" })]]);
    const r = route({ table: 100, outputIndex: 3, gateway: "10.1.0.2", priority: 5, flags: 16, protocol: "static", preference: "medium" });
    expect(routeJson(r, names)).toEqual({ type: "unicast", dst: "10.0.0.0/8", gateway: "10.1.0.2", dev: "v0", table: "100", protocol: "static", scope: "global", metric: 5, flags: ["linkdown"], pref: "medium", family: "inet" });
    const mp = route({ nextHops: [{ gateway: "10.1.0.2", outputIndex: 3, weight: 2, flags: 0, other: [] }, { gateway: "10.1.0.3", outputIndex: 9, weight: 1, flags: 4, other: [] }], flags: 0x200 });
    expect(routeJson(mp, names)).toMatchObject({ nexthops: [{ gateway: "10.1.0.2", dev: "v0", weight: 2, flags: [] }, { gateway: "10.1.0.3", dev: "if9", weight: 1, flags: ["onlink"] }] });
    expect(routeJson(mp, names).protocol).toBeUndefined();
  });

  test("a neighbour: router flag as a null key, states by name", () => {
    const n: Neighbour = { family: 6, linkIndex: 3, address: "fe80::1", lladdr: "02:00:00:00:00:01", state: "stale", flags: 0x80, type: 1, probes: 0, cacheInfo: undefined, vlan: undefined, master: undefined, protocol: undefined, other: [] };
    expect(neighbourJson(n, new Map([[3, link({ index: 3, name: "v0" })]]))).toEqual({ dst: "fe80::1", dev: "v0", lladdr: "02:00:00:00:00:01", router: null, state: ["STALE"], family: "inet6" });
    expect(neighbourJson({ ...n, state: 0x22 as never, flags: 0 }, new Map()).state).toEqual(["REACHABLE", "FAILED"]);
    expect(neighbourJson({ ...n, state: "none" }, new Map()).state).toEqual(["NONE"]);
  });
});

describe("errors and exit statuses", () => {
  test.each([
    ["UsageError → EXIT.usage", new UsageError("bad"), EXIT.usage, "bad"],
    ["EncodeError → EXIT.usage", new EncodeError(["x is not an address"]), EXIT.usage, "invalid argument: x is not an address"],
    ["NetlinkError → EXIT.permission", new NetlinkError(1, "RTM_NEWLINK"), EXIT.permission, "permission denied (RTM_NEWLINK)"],
    ["NetlinkError → EXIT.permission", new NetlinkError(1, "setns(blue)"), EXIT.permission, "permission denied (setns(blue))"],
    ["NetlinkError → EXIT.failure", new NetlinkError(2, 'open network namespace "blue" (/run/netns/blue)'), EXIT.failure, 'no such network namespace: "blue" (/run/netns/blue)'],
    ["NetlinkError → EXIT.failure", new NetlinkError(17, "RTM_NEWADDR", { message: "address exists" }), EXIT.failure, "RTM_NEWADDR failed: EEXIST"],
    ["WifiUnavailableError → EXIT.unavailable", new WifiUnavailableError(new NetlinkError(2, "CTRL_CMD_GETFAMILY nl80211")), EXIT.unavailable, "no WiFi stack (nl80211 not available)"],
    ["CliError → EXIT.failure", new CliError("unknown link \"x\""), EXIT.failure, 'unknown link "x"'],
    ["Error → EXIT.permission", Object.assign(new Error("open /run/netns/x"), { code: "EACCES" }), EXIT.permission, "permission denied"],
  ] as const)("%s", (_name, err, exitCode, message) => {
    const r = reportError(err);
    expect(r.exitCode).toBe(exitCode);
    expect(r.message).toContain(message);
  });

  test("permission hints name the capability", () => {
    expect(reportError(new NetlinkError(1, "RTM_NEWROUTE")).hint).toContain("CAP_NET_ADMIN");
    expect(reportError(new NetlinkError(1, "setns(blue)")).hint).toContain("CAP_SYS_ADMIN");
  });

  test.each([
    [["frob"], 2, 'bun-netlink: unknown command "frob"'],
    [["route", "get"], 2, "route get: which destination?"],
    [["link", "set"], 2, "link set: which link?"],
    [["link", "add", "x0"], 2, "link add: which type?"],
    [["addr", "add", "10.0.0.1/8"], 2, "addr add: which link?"],
    [["neigh", "add", "10.0.0.1"], 2, "neigh add: usage"],
    [["monitor", "frob"], 2, 'monitor: "frob" is not one of'],
    [["genl", "family"], 2, "genl family: which family?"],
    [["wifi", "station"], 2, "wifi station: which interface?"],
  ] as const)("main(%p) exits %d without touching the kernel", async (argv, status, message) => {
    const out = new BufferedOutput();
    expect(await main(argv, out)).toBe(status);
    expect(out.stdout).toBe("");
    expect(out.stderr).toContain(message);
  });
});
