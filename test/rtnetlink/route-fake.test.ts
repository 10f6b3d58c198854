/**
 * Route and neighbour functions over the fake kernel: the requests they send (link names
 * resolved first, dump filters, flags), how they treat replies (foreign families skipped,
 * filters re-checked, ENOENT of a missing table), and that kernel errors come through intact.
 */
import { describe, expect, test } from "bun:test";
import {
  DumpInterruptedError,
  EncodeError,
  NetlinkError,
  NLM_F_ACK,
  NLM_F_CREATE,
  NLM_F_DUMP,
  NLM_F_EXCL,
  NLM_F_REPLACE,
  NLM_F_REQUEST,
  message,
  type Message,
} from "../../src/netlink/index.ts";
import { FakeKernel, errorReply, multipart } from "../../src/testing/index.ts";
import { addRoute, deleteRoute, encodeRoute, getRoute, listRoutes, replaceRoute, type RouteSpec } from "../../src/rtnetlink/route.ts";
import { addNeighbour, deleteNeighbour, listNeighbours } from "../../src/rtnetlink/neighbour.ts";
import { RTM_DELROUTE, RTM_GETROUTE, RTM_NEWROUTE } from "../../src/rtnetlink/route-constants.ts";
import { RTM_GETNEIGH, RTM_NEWNEIGH } from "../../src/rtnetlink/neighbour-constants.ts";

const RTM_NEWLINK = 16;
const RTM_GETLINK = 18;

/** A fake RTM_NEWLINK reply: a 16-byte ifinfomsg carrying the index. */
function linkReply(index: number): Message {
  const d = new Uint8Array(16);
  new DataView(d.buffer).setInt32(4, index, true);
  return message(RTM_NEWLINK, 0, d);
}

/** The IFLA_IFNAME of an RTM_GETLINK request. */
function requestedName(req: Message): string {
  const len = req.data[16]! | (req.data[17]! << 8);
  return new TextDecoder().decode(req.data.subarray(20, 16 + len - 1));
}

/** A route message in the kernel's shape, from a spec (the encoder is tested against golden bytes). */
function routeMessage(spec: RouteSpec, tweak: (d: Uint8Array) => void = () => {}): Message {
  const d = encodeRoute(spec, "add");
  tweak(d);
  return message(RTM_NEWROUTE, 0, d);
}

/** Answers GETLINK by name from a table; everything else through `rest`. */
function kernelWith(links: Record<string, number>, rest: (req: Message) => Message[] | ReturnType<typeof multipart> | undefined) {
  return new FakeKernel((req) => {
    if (req.type === RTM_GETLINK) {
      const name = requestedName(req);
      return name in links ? [linkReply(links[name]!)] : errorReply(19);
    }
    return rest(req);
  });
}

describe("listRoutes over the fake kernel", () => {
  const routes = [
    routeMessage({ destination: "198.51.100.0/24", gateway: "192.0.2.1", link: 3, table: 100 }),
    routeMessage({ destination: "2001:db8::/32", link: 3 }),
    routeMessage({ destination: "192.0.2.0/24", link: 4, protocol: "kernel" }),
  ];
  const ipmr = message(RTM_NEWROUTE, 0, Uint8Array.of(128, 32, 0, 0, 254, 0, 0, 5, 0, 0, 0, 0));

  test("one AF_UNSPEC dump; multicast-routing families are skipped", async () => {
    const k = new FakeKernel(() => [...routes, ipmr]);
    const c = k.conn();
    const got = await listRoutes(c);
    expect(got.map((r) => r.destination)).toEqual(["198.51.100.0/24", "2001:db8::/32", "192.0.2.0/24"]);
    expect(k.requests).toHaveLength(1);
    expect(k.requests[0]!.type).toBe(RTM_GETROUTE);
    expect(k.requests[0]!.flags).toBe(NLM_F_REQUEST | NLM_F_DUMP);
    expect(k.requests[0]!.data[0]).toBe(0);
    c.close();
  });

  test("filters are sent to the kernel and checked again when it ignores them", async () => {
    const k = kernelWith({ veth0: 3 }, () => [...routes, ipmr]);
    const c = k.conn();
    expect((await listRoutes(c, { family: 4 })).map((r) => r.destination)).toEqual(["198.51.100.0/24", "192.0.2.0/24"]);
    expect((await listRoutes(c, { table: 100 })).map((r) => r.destination)).toEqual(["198.51.100.0/24"]);
    expect((await listRoutes(c, { protocol: "kernel" })).map((r) => r.destination)).toEqual(["192.0.2.0/24"]);
    expect((await listRoutes(c, { link: "veth0", family: 6 })).map((r) => r.destination)).toEqual(["2001:db8::/32"]);
    const [getlink, dump] = k.requests.slice(-2);
    expect(getlink!.type).toBe(RTM_GETLINK);
    expect(requestedName(getlink!)).toBe("veth0");
    // RTA_OIF 3 after the 12-byte rtmsg.
    expect(dump!.data.subarray(12)).toEqual(Uint8Array.of(8, 0, 4, 0, 3, 0, 0, 0));
    c.close();
  });

  test("a next hop through the link matches the link filter", async () => {
    const mp = routeMessage({ destination: "203.0.113.0/24", nextHops: [{ gateway: "192.0.2.1", link: 7 }, { gateway: "192.0.2.3", link: 3 }] });
    const k = new FakeKernel(() => [mp, ...routes]);
    const c = k.conn();
    expect((await listRoutes(c, { link: 3, family: 4 })).map((r) => r.destination)).toEqual(["203.0.113.0/24", "198.51.100.0/24"]);
    c.close();
  });

  test("a table the kernel does not have lists as empty (ENOENT)", async () => {
    const k = new FakeKernel(() => errorReply(2, { message: "ipv4: FIB table does not exist" }));
    const c = k.conn();
    expect(await listRoutes(c, { family: 4, table: 77 })).toEqual([]);
    expect(await listRoutes(c, { family: 4 }).catch((e) => e)).toBeInstanceOf(NetlinkError);
    c.close();
  });

  test("an interrupted dump is read again (3 times by default, then DumpInterruptedError)", async () => {
    let calls = 0;
    const k = new FakeKernel(() => multipart(routes, { interrupted: ++calls < 3 }));
    const c = k.conn();
    expect(await listRoutes(c)).toHaveLength(3);
    expect(calls).toBe(3);
    const always = new FakeKernel(() => multipart(routes, { interrupted: true }));
    const c2 = always.conn();
    expect(await listRoutes(c2).catch((e) => e)).toBeInstanceOf(DumpInterruptedError);
    expect(always.requests).toHaveLength(4);
    expect(await listRoutes(c2, { retryInterrupted: 0 }).catch((e) => e)).toBeInstanceOf(DumpInterruptedError);
    c.close();
    c2.close();
  });

  test("bad options fail before anything is sent", async () => {
    const k = new FakeKernel(() => []);
    const c = k.conn();
    expect(await listRoutes(c, { family: 5 as never, link: "veth0" }).catch((e) => e)).toBeInstanceOf(EncodeError);
    expect(k.requests).toHaveLength(0);
    c.close();
  });
});

describe("getRoute over the fake kernel", () => {
  test("sends RTM_GETROUTE without NLM_F_DUMP and decodes the answer", async () => {
    const k = kernelWith({ veth0: 3 }, (req) =>
      req.type === RTM_GETROUTE ? [routeMessage({ destination: "192.0.2.1", gateway: "192.0.2.254", link: 3 })] : undefined,
    );
    const c = k.conn();
    const r = await getRoute(c, "192.0.2.1", { link: "veth0", mark: 5 });
    expect(r.destination).toBe("192.0.2.1/32");
    expect(r.gateway).toBe("192.0.2.254");
    const req = k.requests.at(-1)!;
    expect(req.flags & NLM_F_DUMP).toBe(0);
    c.close();
  });

  test("table: longest prefix, then lowest priority, from a kernel-filtered dump of that table", async () => {
    const table = [
      routeMessage({ destination: "default", gateway: "192.0.2.1", table: 100 }),
      routeMessage({ destination: "198.51.100.0/24", gateway: "192.0.2.2", table: 100, priority: 20 }),
      routeMessage({ destination: "198.51.100.0/24", gateway: "192.0.2.3", table: 100, priority: 10 }),
      routeMessage({ destination: "198.51.100.128/25", gateway: "192.0.2.4", table: 100, priority: 5 }),
    ];
    const k = new FakeKernel(() => table);
    const c = k.conn();
    expect((await getRoute(c, "198.51.100.7", { table: 100 })).gateway).toBe("192.0.2.3");
    expect((await getRoute(c, "198.51.100.200", { table: 100 })).gateway).toBe("192.0.2.4");
    expect((await getRoute(c, "203.0.113.1", { table: 100 })).gateway).toBe("192.0.2.1");
    const dump = k.requests[0]!;
    expect(dump.flags & NLM_F_DUMP).toBe(NLM_F_DUMP);
    expect(dump.data.subarray(12)).toEqual(Uint8Array.of(8, 0, 15, 0, 100, 0, 0, 0)); // RTA_TABLE 100
    const none = new FakeKernel(() => [table[1]!]);
    const c2 = none.conn();
    const err = (await getRoute(c2, "203.0.113.1", { table: 100 }).catch((e) => e)) as NetlinkError;
    expect(err.code).toBe("ENETUNREACH");
    expect(await getRoute(c2, "203.0.113.1", { table: 100, mark: 1 }).catch((e) => e)).toBeInstanceOf(EncodeError);
    c.close();
    c2.close();
  });
});

describe("route changes over the fake kernel", () => {
  test("link names of the route and of each next hop are resolved, then one request with the right flags", async () => {
    const k = kernelWith({ veth0: 3, veth1: 4 }, () => []);
    const c = k.conn();
    await addRoute(c, { destination: "203.0.113.0/24", nextHops: [{ gateway: "192.0.2.1", link: "veth0" }, { gateway: "192.0.2.3", link: "veth1" }] });
    await replaceRoute(c, { destination: "198.51.100.0/24", link: "veth1" });
    await deleteRoute(c, { destination: "198.51.100.0/24" });
    expect(k.requests.map((r) => r.type)).toEqual([RTM_GETLINK, RTM_GETLINK, RTM_NEWROUTE, RTM_GETLINK, RTM_NEWROUTE, RTM_DELROUTE]);
    const [, , add, , replace, del] = k.requests;
    expect(add!.flags).toBe(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
    expect(add!.data).toEqual(
      encodeRoute({ destination: "203.0.113.0/24", nextHops: [{ gateway: "192.0.2.1", link: 3 }, { gateway: "192.0.2.3", link: 4 }] }, "add"),
    );
    expect(replace!.flags).toBe(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE);
    expect(del!.flags).toBe(NLM_F_REQUEST | NLM_F_ACK);
    c.close();
  });

  test("a missing link name rejects with the kernel's ENODEV and nothing else is sent", async () => {
    const k = kernelWith({}, () => []);
    const c = k.conn();
    const err = (await addRoute(c, { destination: "198.51.100.0/24", link: "nope" }).catch((e) => e)) as NetlinkError;
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err.code).toBe("ENODEV");
    expect(err.syscall).toContain('"nope"');
    expect(k.requests.map((r) => r.type)).toEqual([RTM_GETLINK]);
    c.close();
  });

  test("the kernel's errno and extended-ACK message come through", async () => {
    const k = new FakeKernel(() => errorReply(22, { message: "Invalid prefix for given prefix length", offset: 28 }));
    const c = k.conn();
    const err = (await addRoute(c, { destination: "198.51.100.1/24", link: 2 }).catch((e) => e)) as NetlinkError;
    expect(err.code).toBe("EINVAL");
    expect(err.syscall).toBe("RTM_NEWROUTE");
    expect(err.extAck).toEqual({ message: "Invalid prefix for given prefix length", offset: 28 });
    c.close();
  });

  test("an invalid spec rejects with EncodeError before any link lookup", async () => {
    const k = kernelWith({ veth0: 3 }, () => []);
    const c = k.conn();
    expect(await addRoute(c, { destination: "nope", link: "veth0" }).catch((e) => e)).toBeInstanceOf(EncodeError);
    expect(k.requests).toHaveLength(0);
    c.close();
  });
});

describe("neighbours over the fake kernel", () => {
  const ndmsg = (family: number, ifindex: number) => {
    const d = new Uint8Array(12);
    d[0] = family;
    new DataView(d.buffer).setInt32(4, ifindex, true);
    return message(RTM_NEWNEIGH, 0, d);
  };

  test("list: bridge entries and other families are skipped, filters re-checked", async () => {
    const k = kernelWith({ veth0: 3 }, () => [ndmsg(2, 3), ndmsg(10, 3), ndmsg(7, 3), ndmsg(2, 4)]);
    const c = k.conn();
    expect((await listNeighbours(c)).map((n) => [n.family, n.linkIndex])).toEqual([[4, 3], [6, 3], [4, 4]]);
    expect((await listNeighbours(c, { family: 4, link: "veth0" })).map((n) => [n.family, n.linkIndex])).toEqual([[4, 3]]);
    const dump = k.requests.at(-1)!;
    expect(dump.type).toBe(RTM_GETNEIGH);
    expect(dump.data.subarray(12)).toEqual(Uint8Array.of(8, 0, 8, 0, 3, 0, 0, 0)); // NDA_IFINDEX 3
    c.close();
  });

  test("add and delete resolve the link, errors carry the kernel's message", async () => {
    const k = kernelWith({ veth0: 3 }, (req) =>
      req.type === RTM_NEWNEIGH && req.data.length < 30 ? errorReply(22, { message: "No link layer address given" }) : [],
    );
    const c = k.conn();
    await addNeighbour(c, { link: "veth0", address: "192.0.2.9", lladdr: "02:00:00:00:00:09" });
    const err = (await addNeighbour(c, { link: "veth0", address: "192.0.2.10" }).catch((e) => e)) as NetlinkError;
    expect(err.code).toBe("EINVAL");
    expect(err.extAck.message).toBe("No link layer address given");
    await deleteNeighbour(c, { link: 3, address: "192.0.2.9" });
    expect(k.requests.at(-1)!.data[4]).toBe(3);
    c.close();
  });
});
