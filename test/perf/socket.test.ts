/**
 * The socket's performance design against the kernel, in throw-away namespaces: datagrams are
 * read into shared arenas and handed up as views, so a delivered message must never be
 * overwritten by later reads; subscription sockets get a larger kernel receive buffer unless the
 * caller chose one.
 */
import { describe, expect } from "bun:test";
import {
  AttributeDecoder,
  AttributeEncoder,
  dial,
  kernelReceiveBuffer,
  NETLINK_ROUTE,
  NetlinkSocket,
  NLM_F_DUMP,
  type Conn,
  type Message,
} from "../../src/netlink/index.ts";
import { ipBatch, ipJson, kernelTest, withNetns } from "../helpers/netns.ts";

const PREFIX = "bnl-perf";
const RTM_NEWLINK = 16;
const RTM_GETLINK = 18;
const IFLA_IFNAME = 3;
const RTNLGRP_LINK = 1;
const RTNLGRP_IPV4_ROUTE = 7;

function ifinfomsg(index = 0): Uint8Array {
  const h = new Uint8Array(16);
  new DataView(h.buffer).setInt32(4, index, true);
  return new AttributeEncoder().struct(h).encode();
}

function link(m: Message): { index: number; name: string } {
  const index = new DataView(m.data.buffer, m.data.byteOffset, m.data.byteLength).getInt32(4, true);
  const ad = new AttributeDecoder(m.data.subarray(16));
  let name = "";
  while (ad.next()) if (ad.type === IFLA_IFNAME) name = ad.string();
  return { index, name };
}

function rcvbuf(c: Conn): number {
  return kernelReceiveBuffer(c.transport as NetlinkSocket);
}

describe("socket receive path against the kernel", () => {
  kernelTest("thousands of retained replies stay intact across receive arenas", async () => {
    await withNetns(async (ns) => {
      ipBatch(ns, Array.from({ length: 8 }, (_, i) => `link add pa${i} type veth peer name pb${i}`));
      const names = new Map(ipJson<{ ifindex: number; ifname: string }[]>(ns, "link", "show").map((l) => [l.ifindex, l.ifname]));
      const indexes = [...names.keys()];
      await using c = dial(NETLINK_ROUTE, { netns: ns });
      // Each RTM_NEWLINK reply is ~1.5 KiB: 3,000 of them span several 1 MiB arenas.
      const asked: number[] = [];
      const kept: Message[] = [];
      for (let i = 0; i < 3000; i++) {
        const index = indexes[i % indexes.length]!;
        asked.push(index);
        const [reply] = await c.execute({ type: RTM_GETLINK, flags: 0, data: ifinfomsg(index) });
        kept.push(reply!);
      }
      // Read back only now: every retained view still holds its own link.
      expect(kept.map((m) => m.type)).toEqual(asked.map(() => RTM_NEWLINK));
      expect(kept.map(link)).toEqual(asked.map((index) => ({ index, name: names.get(index)! })));
    }, PREFIX);
  });

  kernelTest("dumps interleaved with requests keep every message's bytes", async () => {
    await withNetns(async (ns) => {
      ipBatch(ns, Array.from({ length: 30 }, (_, i) => `link add qa${i} type veth peer name qb${i}`));
      const expected = ipJson<{ ifindex: number; ifname: string }[]>(ns, "link", "show").map((l) => ({ index: l.ifindex, name: l.ifname }));
      await using c = dial(NETLINK_ROUTE, { netns: ns });
      const dumps: Message[][] = [];
      for (let i = 0; i < 40; i++) dumps.push(await c.execute({ type: RTM_GETLINK, flags: NLM_F_DUMP, data: ifinfomsg() }));
      for (const d of dumps) expect(d.map(link)).toEqual(expected);
    }, PREFIX);
  });

  kernelTest("a subscription raises the receive buffer to 8 MiB effective; a chosen size is kept", async () => {
    await withNetns(async (ns) => {
      await using plain = dial(NETLINK_ROUTE, { netns: ns });
      const kernelDefault = rcvbuf(plain);
      await using sub = dial(NETLINK_ROUTE, { netns: ns });
      const it = sub.subscribe([RTNLGRP_IPV4_ROUTE]);
      expect(rcvbuf(sub)).toBe(8 << 20); // 4 MiB asked, doubled by the kernel (SO_RCVBUFFORCE as root)
      await it.return?.();
      // dial's groups option subscribes too.
      await using grouped = dial(NETLINK_ROUTE, { netns: ns, groups: [RTNLGRP_LINK] });
      expect(rcvbuf(grouped)).toBe(8 << 20);
      // An explicit size wins, before and after joining.
      await using chosen = dial(NETLINK_ROUTE, { netns: ns, kernelReceiveBuffer: 65536 });
      const it2 = chosen.subscribe([RTNLGRP_LINK]);
      expect(rcvbuf(chosen)).toBe(131072);
      await it2.return?.();
      // A request-only Conn keeps the kernel default.
      expect(rcvbuf(plain)).toBe(kernelDefault);
      expect(kernelDefault).toBeLessThan(8 << 20);
    }, PREFIX);
  });
});
