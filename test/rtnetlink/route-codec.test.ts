/**
 * Route codec: golden bytes for struct rtmsg, struct rtnexthop and the requests, both ways, and
 * malformed input (DecodeError) and bad specs (EncodeError).
 */
import { describe, expect, test } from "bun:test";
import { DecodeError, EncodeError, message } from "../../src/netlink/index.ts";
import {
  encodeNextHops,
  encodeRoute,
  encodeRouteDump,
  encodeRouteGet,
  parseNextHops,
  parseRoute,
  type Route,
  type RouteSpec,
} from "../../src/rtnetlink/route.ts";
import { RTM_DELROUTE, RTM_GETROUTE, RTM_NEWROUTE } from "../../src/rtnetlink/route-constants.ts";

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\/\/[^\n]*/g, "").replace(/\s+/g, ""), "hex"));
const route = (bytes: string, type = RTM_NEWROUTE) => parseRoute(message(type, 0, hex(bytes)));

/** A route with the defaults parseRoute gives every key that is always present. */
function expected(r: Partial<Route> & Pick<Route, "family" | "destination" | "prefixLength">): Route {
  return {
    table: 254,
    protocol: "boot",
    scope: "global",
    type: "unicast",
    flags: 0,
    tos: 0,
    gateway: undefined,
    outputIndex: undefined,
    priority: 0,
    preferredSource: undefined,
    nextHops: [],
    ...r,
  };
}

describe("IPv4 unicast route with gateway: rtmsg + attributes", () => {
  // 198.51.100.0/24 via 192.0.2.1 dev #3 table 100 proto static metric 10, as `ip route add` sends it
  // and as the kernel dumps it (the kernel adds RTA_TABLE; our encoder leaves it out below 256).
  const wire = `
    02        // rtm_family AF_INET
    18        // rtm_dst_len 24
    00        // rtm_src_len
    00        // rtm_tos
    64        // rtm_table 100
    04        // rtm_protocol RTPROT_STATIC
    00        // rtm_scope RT_SCOPE_UNIVERSE
    01        // rtm_type RTN_UNICAST
    00000000  // rtm_flags
    0800 0100 c6336400  // RTA_DST 198.51.100.0
    0800 0500 c0000201  // RTA_GATEWAY 192.0.2.1
    0800 0400 03000000  // RTA_OIF 3
    0800 0600 0a000000  // RTA_PRIORITY 10
  `;
  const spec: RouteSpec = { destination: "198.51.100.0/24", gateway: "192.0.2.1", link: 3, table: 100, protocol: "static", priority: 10 };
  const decoded = expected({
    family: 4,
    destination: "198.51.100.0/24",
    prefixLength: 24,
    table: 100,
    protocol: "static",
    gateway: "192.0.2.1",
    outputIndex: 3,
    priority: 10,
  });

  test("encodeRoute(add) gives the golden bytes", () => {
    expect(encodeRoute(spec, "add")).toEqual(hex(wire));
  });
  test("parseRoute gives the route", () => {
    expect(route(wire)).toEqual(decoded);
  });
  test("RTA_TABLE wins over rtm_table, RTA_PREFSRC and rtm_tos are read", () => {
    const r = route(`
      02 20 00 10  00 02 fd 01  00000000  // AF_INET /32 tos 0x10, table 0, kernel, scope link, unicast
      0800 0f00 40420f00  // RTA_TABLE 1000000
      0800 0100 c6336407  // RTA_DST 198.51.100.7
      0800 0700 c0000202  // RTA_PREFSRC 192.0.2.2
      0800 0400 02000000  // RTA_OIF 2
    `);
    expect(r).toEqual(
      expected({ family: 4, destination: "198.51.100.7/32", prefixLength: 32, tos: 0x10, table: 1_000_000, protocol: "kernel", scope: "link", preferredSource: "192.0.2.2", outputIndex: 2 }),
    );
  });
  test("a default route has destination 0.0.0.0/0 and no RTA_DST", () => {
    const r = route(`02 00 00 00 fe 03 00 01 00000000  0800 0500 c0000201`);
    expect(r.destination).toBe("0.0.0.0/0");
    expect(r.gateway).toBe("192.0.2.1");
    expect(encodeRoute({ destination: "default", gateway: "192.0.2.1" }, "add")).toEqual(
      hex(`02 00 00 00 fe 03 00 01 00000000  0800 0500 c0000201`),
    );
  });
  test("IPv4 addresses whose first three bytes share a formatting-cache slot stay distinct", () => {
    // 0.0.1.x and 0.16.0.x map to the same slot of the direct-mapped "a.b.c." cache.
    const host = (a: string) => route(`02 20 00 00 fe 03 00 01 00000000  0800 0100 ${a}`).destination;
    expect([host("00000105"), host("00100007"), host("00000109"), host("00100003")]).toEqual(["0.0.1.5/32", "0.16.0.7/32", "0.0.1.9/32", "0.16.0.3/32"]);
  });
  test("RTM_DELROUTE decodes the same way (route events)", () => {
    expect(route(wire, RTM_DELROUTE)).toEqual(decoded);
  });
});

describe("IPv6 route with table above 255, metrics, preference and unknown attributes", () => {
  const dst = "20010db8 00010000 00000000 00000000";
  const gw = "20010db8 00000000 00000000 00000001";
  const encoded = `
    0a 30 00 00           // AF_INET6, dst_len 48, src_len 0, tos 0
    00 03 00 01           // rtm_table RT_TABLE_UNSPEC (the id is in RTA_TABLE), boot, universe, unicast
    00000000              // rtm_flags
    0800 0f00 40420f00    // RTA_TABLE 1000000
    1400 0100 ${dst}      // RTA_DST 2001:db8:1::
    1400 0500 ${gw}       // RTA_GATEWAY 2001:db8::1
    0800 0400 03000000    // RTA_OIF 3
    0800 0600 00040000    // RTA_PRIORITY 1024
    0c00 0800             // RTA_METRICS (not flagged nested, as iproute2 sends it)
      0800 0200 78050000  //   RTAX_MTU 1400
  `;
  const kernel = `${encoded}
    0500 1400 00 000000   // RTA_PREF ICMPV6_ROUTER_PREF_MEDIUM
    0800 1900 e8030000    // RTA_UID 1000 (not decoded: kept in other)
  `;
  test("encodeRoute(add) gives the golden bytes", () => {
    const spec: RouteSpec = { destination: "2001:db8:1::/48", gateway: "2001:db8::1", link: 3, table: 1_000_000, priority: 1024, metrics: { mtu: 1400 } };
    expect(encodeRoute(spec, "add")).toEqual(hex(encoded));
  });
  test("parseRoute gives the route, unknown attributes kept raw", () => {
    expect(route(kernel)).toEqual({
      ...expected({ family: 6, destination: "2001:db8:1::/48", prefixLength: 48, table: 1_000_000, gateway: "2001:db8::1", outputIndex: 3, priority: 1024 }),
      metrics: { mtu: 1400 },
      preference: "medium",
      other: [{ type: 25, nested: false, netByteOrder: false, data: hex("e8030000") }],
    });
  });
  test("source-specific route: RTA_SRC with rtm_src_len", () => {
    const r = route(`0a 00 40 00 fe 03 00 01 00000000  1400 0200 20010db8 00020000 00000000 00000000`);
    expect(r.destination).toBe("::/0");
    expect(r.sourcePrefix).toBe("2001:db8:2::/64");
  });
  test("every metric and congestion control algorithm, unknown metrics kept", () => {
    const r = route(`
      02 00 00 00 fe 03 00 06 00000000   // blackhole default
      2800 0800                          // RTA_METRICS, 40 bytes
        0800 0100 04000000               //   RTAX_LOCK (mtu locked)
        0800 0800 b4050000               //   RTAX_ADVMSS 1460
        0a00 1000 63756269 6300 0000     //   RTAX_CC_ALGO "cubic"
        0800 6300 07000000               //   metric 99, unknown
    `);
    expect(r.type).toBe("blackhole");
    expect(r.metrics).toEqual({ lock: 4, advmss: 1460, ccAlgo: "cubic", other: [{ type: 99, nested: false, netByteOrder: false, data: hex("07000000") }] });
    expect(
      encodeRoute({ destination: "default", family: 4, type: "blackhole", metrics: { lock: 4, advmss: 1460, ccAlgo: "cubic", other: r.metrics!.other! } }, "add"),
    ).toEqual(
      hex(`02 00 00 00 fe 03 00 06 00000000  2800 0800 0800 0100 04000000 0800 0800 b4050000 0a00 1000 6375626963000000 0800 6300 07000000`),
    );
  });
});

describe("struct rtnexthop (RTA_MULTIPATH)", () => {
  // Two next hops: via 192.0.2.1 dev 3 weight 2, via 192.0.2.3 dev 4 weight 1 (onlink).
  const hops = `
    1000      // rtnh_len 16
    00        // rtnh_flags
    01        // rtnh_hops 1 = weight 2
    03000000  // rtnh_ifindex 3
    0800 0500 c0000201  // RTA_GATEWAY 192.0.2.1
    1000 04 00 04000000 // rtnh_len 16, RTNH_F_ONLINK, weight 1, ifindex 4
    0800 0500 c0000203  // RTA_GATEWAY 192.0.2.3
  `;
  const decoded = [
    { gateway: "192.0.2.1", outputIndex: 3, weight: 2, flags: 0 },
    { gateway: "192.0.2.3", outputIndex: 4, weight: 1, flags: 4 },
  ];
  test("parseNextHops gives the next hops", () => {
    expect(parseNextHops(hex(hops), true)).toEqual(decoded);
  });
  test("encodeNextHops gives the golden bytes", () => {
    const gws = [Uint8Array.of(192, 0, 2, 1), Uint8Array.of(192, 0, 2, 3)];
    expect(encodeNextHops([{ link: 3, weight: 2 }, { link: 4, onlink: true }], gws, 4)).toEqual(hex(hops));
  });
  test("a multipath route: encodeRoute and parseRoute agree", () => {
    const wire = `
      02 18 00 00 fe 03 00 01 00000000   // 203.0.113.0/24, main, boot, universe (it has gateways), unicast
      0800 0100 cb007100                 // RTA_DST 203.0.113.0
      2400 0900 ${hops}                  // RTA_MULTIPATH, 36 bytes
    `;
    const spec: RouteSpec = {
      destination: "203.0.113.0/24",
      nextHops: [
        { gateway: "192.0.2.1", link: 3, weight: 2 },
        { gateway: "192.0.2.3", link: 4, onlink: true },
      ],
    };
    expect(encodeRoute(spec, "add")).toEqual(hex(wire));
    expect(route(wire)).toEqual(expected({ family: 4, destination: "203.0.113.0/24", prefixLength: 24, nextHops: decoded }));
  });
  test("a next hop without ifindex and with an IPv6 gateway (RTA_VIA) of an IPv4 route", () => {
    const via = `1600 1200 0a00 fe800000 00000000 00000000 00000001 0000`; // RTA_VIA AF_INET6 fe80::1 + 2 pad
    expect(parseNextHops(hex(`2000 00 00 00000000 ${via}`), true)).toEqual([{ gateway: "fe80::1", outputIndex: undefined, weight: 1, flags: 0 }]);
    expect(encodeRoute({ destination: "192.0.2.0/24", gateway: "fe80::1", link: 2 }, "add")).toEqual(
      hex(`02 18 00 00 fe 03 00 01 00000000  0800 0100 c0000200  ${via}  0800 0400 02000000`),
    );
  });
});

describe("request defaults mirror ip route", () => {
  test.each([
    // [what, spec, command, rtmsg bytes]
    ["add: scope link without a gateway", { destination: "198.51.100.0/24", link: 2 }, "add", "02 18 00 00 fe 03 fd 01 00000000"],
    ["add: local gets scope host", { destination: "198.51.100.1", link: 2, type: "local", table: 255 }, "add", "02 20 00 00 ff 03 fe 02 00000000"],
    ["add: broadcast gets scope link", { destination: "198.51.100.255", link: 2, type: "broadcast" }, "add", "02 20 00 00 fe 03 fd 03 00000000"],
    ["add: unreachable stays global", { destination: "198.51.100.0/24", type: "unreachable" }, "add", "02 18 00 00 fe 03 00 07 00000000"],
    ["add: IPv6 is always universe", { destination: "2001:db8::/32", link: 2 }, "add", "0a 20 00 00 fe 03 00 01 00000000"],
    ["delete: wildcards for protocol, scope and type", { destination: "198.51.100.0/24" }, "delete", "02 18 00 00 fe 00 ff 00 00000000"],
    ["delete: type given keeps scope nowhere", { destination: "198.51.100.0/24", type: "blackhole" }, "delete", "02 18 00 00 fe 00 ff 06 00000000"],
    ["replace: explicit fields win", { destination: "198.51.100.0/24", link: 2, protocol: 99, scope: "global", table: 7, tos: 8 }, "replace", "02 18 00 08 07 63 00 01 00000000"],
    ["append: onlink sets RTNH_F_ONLINK in rtm_flags", { destination: "198.51.100.0/24", gateway: "10.0.0.1", link: 2, onlink: true }, "append", "02 18 00 00 fe 03 00 01 04000000"],
  ] as const)("%s", (_what, spec, command, header) => {
    expect(encodeRoute(spec as RouteSpec, command).subarray(0, 12)).toEqual(hex(header));
  });

  test("dump request: family header and filters", () => {
    expect(encodeRouteDump()).toEqual(hex("00 00 00 00 00 00 00 00 00000000"));
    expect(encodeRouteDump({ family: 4, table: 100, protocol: "static", type: "unicast", link: 3 })).toEqual(
      hex(`
        02 00 00 00  // AF_INET; dst_len, src_len, tos must be 0 in a strict dump
        64 04 00 01  // table 100, protocol static, scope 0, type unicast: kernel-side filters
        00000000
        0800 0f00 64000000  // RTA_TABLE 100
        0800 0400 03000000  // RTA_OIF 3
      `),
    );
    expect(encodeRouteDump({ family: 6, table: 1_000_000 })).toEqual(hex("0a 00 00 00 00 00 00 00 00000000  0800 0f00 40420f00"));
  });

  test("get request: RTA_DST, RTA_SRC, RTA_IIF, RTA_OIF, RTA_MARK; IPv4 asks for the lookup table", () => {
    expect(encodeRouteGet("192.0.2.1", { source: "192.0.2.2", link: 3, inputLink: 2, mark: 7 })).toEqual(
      hex(`
        02 20 20 00 00 00 00 00  // AF_INET, dst_len 32, src_len 32
        00100000                 // RTM_F_LOOKUP_TABLE
        0800 0100 c0000201       // RTA_DST
        0800 0200 c0000202       // RTA_SRC
        0800 0300 02000000       // RTA_IIF 2
        0800 0400 03000000       // RTA_OIF 3
        0800 1000 07000000       // RTA_MARK 7
      `),
    );
    expect(encodeRouteGet("2001:db8::1", { fibMatch: true })).toEqual(
      hex(`0a 80 00 00 00 00 00 00  00200000  1400 0100 20010db8 00000000 00000000 00000001`),
    );
  });
});

describe("malformed route messages → DecodeError", () => {
  const head = "02 20 00 00 fe 03 00 01 00000000";
  test.each([
    ["not a route message type", "", 16],
    ["shorter than struct rtmsg", "02 20 00 00 fe 03 00 01", RTM_NEWROUTE],
    ["family AF_BRIDGE", "07 00 00 00 fe 03 00 01 00000000", RTM_NEWROUTE],
    ["dst_len 33 for IPv4", "02 21 00 00 fe 03 00 01 00000000", RTM_NEWROUTE],
    ["src_len 129 for IPv6", "0a 00 81 00 fe 03 00 01 00000000", RTM_NEWROUTE],
    ["nla_len below the header", `${head} 0200 0100`, RTM_NEWROUTE],
    ["nla_len past the end", `${head} 0c00 0100 c0000201`, RTM_NEWROUTE],
    ["RTA_OIF of 2 bytes", `${head} 0600 0400 0300 0000`, RTM_NEWROUTE],
    ["IPv4 RTA_DST of 3 bytes", `${head} 0700 0100 c00002 00`, RTM_NEWROUTE],
    ["IPv6 RTA_GATEWAY of 4 bytes", `0a 80 00 00 fe 03 00 01 00000000 0800 0500 c0000201`, RTM_NEWROUTE],
    ["RTA_PREFSRC of 16 bytes in IPv4", `${head} 1400 0700 ${"00".repeat(16)}`, RTM_NEWROUTE],
    ["RTA_VIA of unknown family", `${head} 0a00 1200 6300 01020304 0000`, RTM_NEWROUTE],
    ["RTA_VIA of 1 byte", `${head} 0500 1200 02 000000`, RTM_NEWROUTE],
    ["rtnh_len below 8", `${head} 0c00 0900 0400 0000 00000000`, RTM_NEWROUTE],
    ["rtnh_len past RTA_MULTIPATH", `${head} 0c00 0900 1000 0000 03000000`, RTM_NEWROUTE],
    ["trailing bytes in RTA_MULTIPATH", `${head} 1000 0900 0800 0000 03000000 01020304`, RTM_NEWROUTE],
    ["next hop RTA_GATEWAY of 2 bytes", `${head} 1400 0900 1000 0000 03000000 0600 0500 0102 0000`, RTM_NEWROUTE],
    ["RTAX_MTU of 2 bytes", `${head} 0c00 0800 0600 0200 7805 0000`, RTM_NEWROUTE],
    ["RTA_MARK of 8 bytes", `${head} 0c00 1000 0100000000000000`, RTM_NEWROUTE],
    ["RTA_PREF of 4 bytes", `${head} 0800 1400 00000000`, RTM_NEWROUTE],
  ])("%s", (_what, bytes, type) => {
    expect(() => route(bytes, type)).toThrow(DecodeError);
  });

  test("the error names the attribute type and its length", () => {
    expect(() => route(`${head} 0600 0400 0300 0000`)).toThrow("attribute type 4: u32 needs 4 bytes, has 2");
  });
  test("a trailing fragment shorter than an attribute header is ignored, as the kernel does", () => {
    expect(route(`${head} 0800 0400 03000000 0000`).outputIndex).toBe(3);
  });
  test("RTM_GETROUTE replies decode (a message type the kernel uses for route lookups)", () => {
    expect(route(head, RTM_GETROUTE).destination).toBe("0.0.0.0/32");
  });
});

describe("bad route specs → one EncodeError listing every problem", () => {
  test.each([
    ["an invalid address", { destination: "300.1.1.1/24" }, "is not an IPv4 or IPv6 address"],
    ["a prefix too long", { destination: "192.0.2.0/33" }, "prefix length must be 0..32"],
    ["default without a family", { destination: "default", link: 2 }, "needs family"],
    ["default with a mismatched family", { destination: "2001:db8::/32", family: 4 }, "does not match"],
    ["an unknown type name", { destination: "192.0.2.0/24", type: "bogus" }, 'type "bogus" is not one of'],
    ["an unknown scope name", { destination: "192.0.2.0/24", scope: "universe" }, 'scope "universe" is not one of'],
    ["a protocol above 255", { destination: "192.0.2.0/24", protocol: 256 }, "protocol 256 is not an integer in 0..255"],
    ["a negative priority", { destination: "192.0.2.0/24", priority: -1 }, "priority -1"],
    ["a table above 32 bits", { destination: "192.0.2.0/24", table: 2 ** 32 }, "table 4294967296"],
    ["a source of the other family", { destination: "192.0.2.0/24", source: "::1" }, "is not of the destination's family"],
    ["a link index of 0", { destination: "192.0.2.0/24", link: 0 }, "interface index 0"],
    ["an empty link name", { destination: "192.0.2.0/24", link: "" }, "non-empty string"],
    ["an unresolved link name", { destination: "192.0.2.0/24", link: "eth0" }, "must be resolved"],
    ["a weight of 0", { destination: "192.0.2.0/24", nextHops: [{ gateway: "192.0.2.1", weight: 0 }] }, "weight 0"],
    ["an empty next hop", { destination: "192.0.2.0/24", nextHops: [{}] }, "needs a gateway or a link"],
    ["gateway beside next hops", { destination: "192.0.2.0/24", gateway: "192.0.2.1", nextHops: [{ gateway: "192.0.2.1" }] }, "go into each next hop"],
    ["a metric above 32 bits", { destination: "192.0.2.0/24", metrics: { mtu: 2 ** 32 } }, "out of range"],
  ])("%s", (_what, spec, text) => {
    expect(() => encodeRoute(spec as RouteSpec, "add")).toThrow(EncodeError);
    expect(() => encodeRoute(spec as RouteSpec, "add")).toThrow(text);
  });

  test("several problems are reported together", () => {
    let err: unknown;
    try {
      encodeRoute({ destination: "192.0.2.0/24", priority: -1, type: "bogus" as never, link: 0 }, "add");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EncodeError);
    expect((err as EncodeError).problems.length).toBe(3);
  });

  test.each([
    ["dump: family 5", () => encodeRouteDump({ family: 5 as never })],
    ["dump: unknown protocol", () => encodeRouteDump({ protocol: "quagga" as never })],
    ["get: not an address", () => encodeRouteGet("192.0.2.0/24")],
    ["get: families differ", () => encodeRouteGet("192.0.2.1", { source: "::1" })],
    ["get: mark above 32 bits", () => encodeRouteGet("192.0.2.1", { mark: 2 ** 32 })],
  ])("%s", (_what, fn) => {
    expect(fn).toThrow(EncodeError);
  });
});
