/**
 * The watcher against the kernel: typed events for changes made with `ip`, and a resync after an
 * overrun whose final state equals the kernel's.
 */
import { describe, expect, setDefaultTimeout } from "bun:test";
import { dial, NETLINK_ROUTE, Overrun } from "../../src/netlink/index.ts";
import { events, listRoutes, routeKey, watch, type ChangeEvent, type WatchItem } from "../../src/rtnetlink/index.ts";
import { ip, ipBatch, kernelTest, withNetns } from "../helpers/netns.ts";

setDefaultTimeout(120_000);

describe("events and watch", () => {
  kernelTest("events() yields typed, complete events for changes made with ip", async () => {
    await withNetns(async (ns) => {
      await using conn = dial(NETLINK_ROUTE, { netns: ns });
      const it = events(conn);
      const first = it.next(); // subscribes now
      ip(ns, "link", "add", "w0", "type", "veth", "peer", "name", "w1");
      ip(ns, "link", "set", "w0", "up");
      ip(ns, "addr", "add", "192.0.2.1/24", "dev", "w0");
      ip(ns, "route", "add", "198.51.100.0/24", "via", "192.0.2.9", "table", "100");
      ip(ns, "neigh", "add", "192.0.2.9", "lladdr", "02:00:00:00:00:09", "dev", "w0");
      const seen: ChangeEvent[] = [];
      let r = await first;
      for (;;) {
        if (r.done) break;
        if (!(r.value instanceof Overrun)) seen.push(r.value);
        const e = r.value;
        if (!(e instanceof Overrun) && e.kind === "neighbour") break;
        r = await it.next();
      }
      await it.return(undefined);
      const link = seen.find((e) => e.kind === "link" && e.link.name === "w0");
      expect(link?.action).toBe("new");
      const addr = seen.find((e) => e.kind === "address" && e.address.address === "192.0.2.1");
      expect(addr && addr.kind === "address" && addr.address.prefixLength).toBe(24);
      const route = seen.find((e) => e.kind === "route" && e.route.destination === "198.51.100.0/24");
      expect(route && route.kind === "route" && [route.route.table, route.route.gateway]).toEqual([100, "192.0.2.9"]);
      const neigh = seen.find((e) => e.kind === "neighbour");
      expect(neigh && neigh.kind === "neighbour" && [neigh.neighbour.address, neigh.neighbour.lladdr, neigh.neighbour.state]).toEqual([
        "192.0.2.9",
        "02:00:00:00:00:09",
        "permanent",
      ]);
    }, "bnl-watch");
  });

  kernelTest("a burst of 10,000 route changes through a tiny buffer resyncs to the kernel's state", async () => {
    await withNetns(async (ns) => {
      ip(ns, "link", "add", "w0", "type", "veth", "peer", "name", "w1");
      ip(ns, "link", "set", "w0", "up");
      ip(ns, "link", "set", "w1", "up");
      ip(ns, "addr", "add", "192.0.2.1/24", "dev", "w0");
      const w = watch({ netns: ns, kinds: ["route"], family: 4, kernelReceiveBuffer: 4096 });
      const snap = (await w.next()).value as WatchItem;
      expect(snap.type).toBe("snapshot");
      // Blocks this thread while the kernel queues 10,000 events into a 4 KiB buffer: an overrun.
      const lines: string[] = [];
      for (let i = 0; i < 5000; i++) lines.push(`route add 10.${i >> 8}.${i & 255}.0/24 via 192.0.2.9`);
      for (let i = 0; i < 5000; i += 2) lines.push(`route del 10.${i >> 8}.${i & 255}.0/24`);
      for (let i = 0; i < 2500; i++) lines.push(`route replace 10.${i >> 8}.${(i * 2 + 1) & 255}.0/24 via 192.0.2.8`);
      ipBatch(ns, lines.slice(0, 10_000));
      ip(ns, "route", "add", "203.0.113.0/24", "dev", "w0"); // a marker after the burst
      let resyncs = 0;
      let state: WatchItem["state"] | undefined;
      for (;;) {
        const r = await w.next();
        if (r.done) throw new Error("watch ended");
        const item = r.value;
        if (item.type === "resync") resyncs++;
        state = item.state;
        if ([...state.routes.values()].some((x) => x.destination === "203.0.113.0/24")) break;
      }
      await w.return(undefined);
      expect(resyncs).toBeGreaterThan(0);
      await using conn = dial(NETLINK_ROUTE, { netns: ns });
      const kernel = (await listRoutes(conn, { family: 4 })).map(routeKey).sort();
      expect([...state!.routes.keys()].sort()).toEqual(kernel);
      const gw = new Map((await listRoutes(conn, { family: 4 })).map((r) => [routeKey(r), r.gateway]));
      for (const [k, r] of state!.routes) expect(r.gateway).toBe(gw.get(k));
    }, "bnl-watch");
  });

  kernelTest("a link going down shows the routes the kernel flushed silently", async () => {
    await withNetns(async (ns) => {
      ip(ns, "link", "add", "w0", "type", "veth", "peer", "name", "w1");
      ip(ns, "link", "set", "w0", "up");
      ip(ns, "link", "set", "w1", "up");
      ip(ns, "addr", "add", "192.0.2.1/24", "dev", "w0");
      ip(ns, "route", "add", "198.51.100.0/24", "via", "192.0.2.9");
      const w = watch({ netns: ns, kinds: ["link", "route"], family: 4 });
      const snap = (await w.next()).value as WatchItem;
      expect([...snap.state.routes.values()].some((r) => r.destination === "198.51.100.0/24")).toBe(true);
      ip(ns, "link", "set", "w0", "down");
      for (;;) {
        const item = (await w.next()).value as WatchItem;
        if (![...item.state.routes.values()].some((r) => r.destination === "198.51.100.0/24")) break;
      }
      await w.return(undefined);
    }, "bnl-watch");
  });
});
