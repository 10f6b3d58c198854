/**
 * bun-netlink's column in the netlink peer benchmark (/work/shared/bench-peers; see bench/README.md).
 *
 *   bun bench/peers.ts NETNS W0|W1|W2|W3|W4|W5|W5B
 *
 * The harness starts this process already inside the workload's namespace (NETNS is only
 * informational) and checks the one line it prints: "COUNT [key=value ...]", or for W5/W5B
 * "EVENTS enobufs=N rcvbuf=BYTES". Every workload uses the public API as an application would.
 */
import { dial, kernelReceiveBuffer, NETLINK_ROUTE, NetlinkSocket, Overrun, type Conn } from "bun-netlink/netlink";

// Each workload imports only the subpath an application doing that job would import (the
// per-object subpaths of bun-netlink/rtnetlink), so start-up — a third of W2 and W3 — is not
// charged for modules the job does not use.

const RTM_NEWROUTE = 24;
const RTM_DELROUTE = 25;
const RTNLGRP_IPV4_ROUTE = 7;

/** Read the decoded objects back, so that no decoding can be skipped as unused. */
let sink = 0;

async function w1(): Promise<string> {
  const { listRoutes } = await import("bun-netlink/rtnetlink/route");
  await using conn = dial(NETLINK_ROUTE);
  const routes = await listRoutes(conn, { family: 4 });
  for (const r of routes) sink += r.prefixLength + (r.outputIndex ?? 0) + r.table + r.destination.length + (r.gateway === undefined ? 0 : 1);
  return String(routes.length);
}

async function w2(): Promise<string> {
  const { listLinks } = await import("bun-netlink/rtnetlink/link");
  await using conn = dial(NETLINK_ROUTE);
  const links = await listLinks(conn);
  for (const l of links) sink += l.index + l.mtu + l.name.length + l.flags + (l.address?.length ?? 0);
  return String(links.length);
}

async function w3(): Promise<string> {
  const { listAddresses } = await import("bun-netlink/rtnetlink/address");
  await using conn = dial(NETLINK_ROUTE);
  const addresses = await listAddresses(conn, { family: 4 });
  for (const a of addresses) sink += a.index + a.prefixLength + a.address.length + (a.peer?.length ?? 0) + (a.label?.length ?? 0);
  return String(addresses.length);
}

async function w4(): Promise<string> {
  const { GenericConn } = await import("bun-netlink/genetlink");
  const n = Number(process.env.W4_REQUESTS ?? 20000);
  await using genl = GenericConn.dial();
  let ok = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    // refresh: a real round trip every time (getFamily caches by default).
    const f = await genl.getFamily("nlctrl", { refresh: true });
    if (f.id === 0x10) ok++;
    sink += f.version + f.groups.length + f.name.length;
  }
  const seconds = (performance.now() - t0) / 1000;
  return `${ok} ops_per_s=${Math.round(ok / seconds)}`;
}

/** The effective SO_RCVBUF, as the contract asks to report it. */
function rcvbuf(conn: Conn): number {
  return conn.transport instanceof NetlinkSocket ? kernelReceiveBuffer(conn.transport) : 0;
}

async function w5(enlarged: boolean): Promise<string> {
  // W5: the library's defaults. W5B: ask for NLBENCH_RCVBUF (SO_RCVBUFFORCE when permitted).
  const { parseRoute } = await import("bun-netlink/rtnetlink/route");
  const options = enlarged ? { kernelReceiveBuffer: Number(process.env.NLBENCH_RCVBUF ?? 33554432) } : {};
  await using conn = dial(NETLINK_ROUTE, options);
  const events = conn.subscribe([RTNLGRP_IPV4_ROUTE]);
  const effective = rcvbuf(conn);
  console.log("ready");
  let count = 0;
  let enobufs = 0;
  for await (const m of events) {
    if (m instanceof Overrun) {
      enobufs++;
      continue;
    }
    if (m.type !== RTM_NEWROUTE && m.type !== RTM_DELROUTE) continue;
    const r = parseRoute(m);
    if (r.type === "blackhole") break; // the harness's end-of-stream sentinel
    sink += r.prefixLength + (r.outputIndex ?? 0);
    count++;
  }
  return `${count} enobufs=${enobufs} rcvbuf=${effective}`;
}

async function run(workload: string): Promise<string | undefined> {
  switch (workload) {
    case "W0":
      dial(NETLINK_ROUTE).close();
      return "0";
    case "W1":
      return w1();
    case "W2":
      return w2();
    case "W3":
      return w3();
    case "W4":
      return w4();
    case "W5":
      return w5(false);
    case "W5B":
      return w5(true);
  }
  return undefined;
}

const workload = (process.argv[3] ?? "").toUpperCase();
const line = await run(workload);
if (line === undefined) {
  console.error(`usage: bun bench/peers.ts NETNS W0|W1|W2|W3|W4|W5|W5B (not ${JSON.stringify(process.argv[3] ?? "")})`);
  process.exit(3);
}
console.log(line);
if (sink === -1) console.error("unreachable");
