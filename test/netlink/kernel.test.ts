/**
 * The core against the real kernel. Every test works inside its own throw-away namespace.
 */
import { describe, expect } from "bun:test";
import { readdirSync } from "node:fs";
import {
  AttributeDecoder,
  AttributeEncoder,
  NetlinkError,
  NETLINK_GENERIC,
  NETLINK_ROUTE,
  NLM_F_DUMP,
  Overrun,
  dial,
  type Message,
} from "../../src/netlink/index.ts";
import { ipBatch, ip, ipJson, kernelTest, withNetns } from "../helpers/netns.ts";

const RTM_NEWLINK = 16;
const RTM_GETLINK = 18;
const RTM_NEWROUTE = 24;
const IFLA_IFNAME = 3;
const RTNLGRP_LINK = 1;
const RTNLGRP_IPV4_ROUTE = 7;
const GENL_ID_CTRL = 0x10;
const CTRL_CMD_GETFAMILY = 3;
const CTRL_ATTR_FAMILY_ID = 1;
const CTRL_ATTR_FAMILY_NAME = 2;

/** ifinfomsg (16 bytes) with an index, then optional attributes. */
function ifinfomsg(index = 0, attrs?: (e: AttributeEncoder) => void): Uint8Array {
  const h = new Uint8Array(16);
  new DataView(h.buffer).setInt32(4, index, true);
  const e = new AttributeEncoder().struct(h);
  attrs?.(e);
  return e.encode();
}

function linkOf(m: Message): { index: number; name: string } {
  const index = new DataView(m.data.buffer, m.data.byteOffset).getInt32(4, true);
  const ad = new AttributeDecoder(m.data.subarray(16));
  let name = "";
  while (ad.next()) if (ad.type === IFLA_IFNAME) name = ad.string();
  return { index, name };
}

function getFamilyRequest(name: string): Uint8Array {
  return new AttributeEncoder().struct(Uint8Array.of(CTRL_CMD_GETFAMILY, 1, 0, 0)).string(CTRL_ATTR_FAMILY_NAME, name).encode();
}

describe("core against the kernel", () => {
  kernelTest("an RTM_GETLINK dump in a namespace lists what `ip -j link` lists", async () => {
    await withNetns(async (ns) => {
      ipBatch(ns, Array.from({ length: 5 }, (_, i) => `link add ca${i} type veth peer name cb${i}`));
      await using c = dial(NETLINK_ROUTE, { netns: ns });
      const links = (await c.execute({ type: RTM_GETLINK, flags: NLM_F_DUMP, data: ifinfomsg() })).map(linkOf);
      const expected = ipJson<{ ifindex: number; ifname: string }[]>(ns, "link", "show").map((l) => ({ index: l.ifindex, name: l.ifname }));
      expect(links).toEqual(expected);
      expect(links.length).toBe(11);
    }, "bnl-core");
  });

  kernelTest("generic netlink CTRL_CMD_GETFAMILY finds nlctrl", async () => {
    await using c = dial(NETLINK_GENERIC);
    const [reply] = await c.execute({ type: GENL_ID_CTRL, flags: 0, data: getFamilyRequest("nlctrl") });
    const ad = new AttributeDecoder(reply!.data.subarray(4));
    const got: Record<string, unknown> = {};
    while (ad.next()) {
      if (ad.type === CTRL_ATTR_FAMILY_ID) got.id = ad.u16();
      if (ad.type === CTRL_ATTR_FAMILY_NAME) got.name = ad.string();
    }
    expect(got).toEqual({ id: GENL_ID_CTRL, name: "nlctrl" });
  });

  kernelTest("an unknown generic family rejects with code ENOENT", async () => {
    await using c = dial(NETLINK_GENERIC);
    const err = await c.execute({ type: GENL_ID_CTRL, data: getFamilyRequest("no-such-family") }, { operation: "CTRL_CMD_GETFAMILY" }).catch((e) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err.code).toBe("ENOENT");
    expect(err.errno).toBe(2);
    expect(err.syscall).toBe("CTRL_CMD_GETFAMILY");
  });

  kernelTest("an invalid request carries the kernel's extended-ACK message", async () => {
    await withNetns(async (ns) => {
      await using c = dial(NETLINK_ROUTE, { netns: ns });
      // Strict checking rejects a link dump whose header asks for ifi_change.
      const h = ifinfomsg();
      new DataView(h.buffer).setUint32(12, 1, true);
      const dumpErr = await c.execute({ type: RTM_GETLINK, flags: NLM_F_DUMP, data: h }).catch((e) => e);
      expect(dumpErr.code).toBe("EINVAL");
      expect(dumpErr.extAck.message).toBe("Invalid values in header for link dump request");
      // An unknown link kind.
      const bad = ifinfomsg(0, (e) => e.string(IFLA_IFNAME, "x0").nested(18, (n) => n.string(1, "no-such-kind")));
      const err = await c.execute({ type: RTM_NEWLINK, flags: 0x4 | 0x400 | 0x200, data: bad }).catch((e) => e);
      expect(err.code).toBe("EOPNOTSUPP");
      expect(err.extAck.message).toBe("Unknown device type");
    }, "bnl-core");
  });

  kernelTest("a subscription sees the link event of a veth created in the namespace", async () => {
    await withNetns(async (ns) => {
      await using c = dial(NETLINK_ROUTE, { netns: ns });
      const it = c.subscribe([RTNLGRP_LINK]);
      expect(c.groups()).toContain(RTNLGRP_LINK);
      ip(ns, "link", "add", "ev0", "type", "veth", "peer", "name", "ev1");
      const seen = new Set<string>();
      for await (const m of it) {
        if (m instanceof Overrun) throw new Error("unexpected overrun");
        if (m.type === RTM_NEWLINK) seen.add(linkOf(m).name);
        if (seen.has("ev0") && seen.has("ev1")) break;
      }
      expect([...seen].sort()).toEqual(["ev0", "ev1"]);
      expect(c.groups()).not.toContain(RTNLGRP_LINK);
    }, "bnl-core");
  });

  kernelTest("an overrun from a tiny receive buffer is reported, and reading goes on", async () => {
    await withNetns(async (ns) => {
      ip(ns, "link", "add", "ov0", "type", "veth", "peer", "name", "ov1");
      ip(ns, "link", "set", "ov0", "up");
      await using c = dial(NETLINK_ROUTE, { netns: ns, kernelReceiveBuffer: 4096 });
      const it = c.subscribe([RTNLGRP_IPV4_ROUTE]);
      // spawnSync blocks this thread, so nothing reads while the burst fills the buffer.
      ipBatch(ns, Array.from({ length: 2000 }, (_, i) => `route add 10.${i >> 8}.${i & 255}.0/24 dev ov0`));
      let overruns = 0;
      let routes = 0;
      let markerSeen = false;
      for await (const m of it) {
        if (m instanceof Overrun) {
          overruns++;
          expect(m.count).toBe(overruns);
          // Once the overrun is known, add a marker route: events after an overrun still arrive.
          if (overruns === 1) Bun.spawn(["ip", "-n", ns, "route", "add", "10.200.0.0/24", "dev", "ov0"]);
          continue;
        }
        if (m.type !== RTM_NEWROUTE) continue;
        routes++;
        const ad = new AttributeDecoder(m.data.subarray(12));
        while (ad.next()) if (ad.type === 1 && ad.bytes().join(".") === "10.200.0.0") markerSeen = true;
        if (markerSeen) break;
      }
      expect(markerSeen).toBe(true);
      expect(overruns).toBeGreaterThan(0);
      expect(c.overruns).toBe(overruns);
      expect(routes).toBeLessThan(2001);
    }, "bnl-core");
  });

  kernelTest("close() settles a pending receive promptly", async () => {
    await withNetns(async (ns) => {
      const c = dial(NETLINK_ROUTE, { netns: ns });
      const it = c.subscribe([RTNLGRP_LINK]);
      const pending = it.next();
      setTimeout(() => c.close(), 10);
      expect(await pending).toEqual({ value: undefined, done: true });
    }, "bnl-core");
  });

  kernelTest("1,000 concurrent execute calls each get their own reply", async () => {
    await withNetns(async (ns) => {
      ipBatch(ns, Array.from({ length: 20 }, (_, i) => `link add cc${i} type veth peer name cd${i}`));
      const names = new Map(ipJson<{ ifindex: number; ifname: string }[]>(ns, "link", "show").map((l) => [l.ifindex, l.ifname]));
      const indexes = [...names.keys()];
      await using c = dial(NETLINK_ROUTE, { netns: ns });
      const asks = Array.from({ length: 1000 }, (_, i) => indexes[i % indexes.length]!);
      const replies = await Promise.all(asks.map((index) => c.execute({ type: RTM_GETLINK, data: ifinfomsg(index) })));
      expect(replies.map((r) => linkOf(r[0]!))).toEqual(asks.map((index) => ({ index, name: names.get(index)! })));
    }, "bnl-core");
  });

  kernelTest("10,000 dial/close cycles leave no file descriptor open", async () => {
    await Bun.sleep(100); // let earlier tests' watchers finish closing
    const before = readdirSync("/proc/self/fd").length;
    for (let i = 0; i < 10_000; i++) dial(NETLINK_ROUTE).close();
    // Also with a subscription that armed the readiness watcher.
    for (let i = 0; i < 200; i++) {
      const c = dial(NETLINK_ROUTE);
      const it = c.subscribe([RTNLGRP_LINK]);
      const n = it.next();
      await Bun.sleep(0);
      c.close();
      await n;
    }
    await Bun.sleep(50);
    expect(readdirSync("/proc/self/fd").length).toBe(before);
  });

  kernelTest("dial into a missing namespace is a NetlinkError with code ENOENT", () => {
    expect(() => dial(NETLINK_ROUTE, { netns: "bnl-core-does-not-exist" })).toThrow(NetlinkError);
  });
});
