/**
 * Unit-testing code that uses bun-netlink, without root: a FakeKernel answers the requests, and
 * the real Conn (sequence numbers, dumps, errors) runs on top of it.
 *
 *   bun test examples/fake-kernel.test.ts
 */
import { expect, test } from "bun:test";
import { AttributeEncoder, message, NetlinkError, type Conn } from "bun-netlink/netlink";
import { errorReply, FakeKernel } from "bun-netlink/testing";
import { deleteLink, listLinks } from "../src/rtnetlink/index.ts";

// The code under test: the names of the links that are up.
async function upLinks(conn: Conn): Promise<string[]> {
  return (await listLinks(conn)).filter((l) => l.operState === "up").map((l) => l.name);
}

// An RTM_NEWLINK message as the kernel sends it: struct ifinfomsg, then attributes.
const RTM_NEWLINK = 16, RTM_GETLINK = 18, RTM_DELLINK = 17;
const IFLA_IFNAME = 3, IFLA_MTU = 4, IFLA_OPERSTATE = 16, IF_OPER_UP = 6, IF_OPER_DOWN = 2;
function linkMessage(index: number, name: string, operState: number) {
  const ifinfomsg = new Uint8Array(16);
  new DataView(ifinfomsg.buffer).setInt32(4, index, true);
  const data = new AttributeEncoder().struct(ifinfomsg).string(IFLA_IFNAME, name).u32(IFLA_MTU, 1500).u8(IFLA_OPERSTATE, operState).encode();
  return message(RTM_NEWLINK, 0, data);
}

test("upLinks lists the links whose operstate is up", async () => {
  const kernel = new FakeKernel((req) => {
    if (req.type === RTM_GETLINK) return [linkMessage(1, "lo", IF_OPER_DOWN), linkMessage(2, "eth0", IF_OPER_UP)]; // a dump
    return errorReply(95, { message: "not in this test" });
  });
  expect(await upLinks(kernel.conn())).toEqual(["eth0"]);
  expect(kernel.requests.map((r) => r.type)).toEqual([RTM_GETLINK]);
});

test("kernel errors arrive as NetlinkError with the extended ACK message", async () => {
  const kernel = new FakeKernel((req) => (req.type === RTM_DELLINK ? errorReply(19, { message: "no such device" }) : undefined));
  const err = await deleteLink(kernel.conn(), 7).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(NetlinkError);
  expect(err).toMatchObject({ code: "ENODEV", extAck: { message: "no such device" } });
});
