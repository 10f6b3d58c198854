import { describe, expect, test } from "bun:test";
import {
  CTRL_CMD_DELFAMILY,
  CTRL_CMD_NEWFAMILY,
  DecodeError,
  GENL_ID_CTRL,
  NetlinkError,
  Overrun,
  decodeFamily,
  type GenericMessage,
} from "../../src/genetlink/index.ts";
import { AttributeDecoder, AttributeEncoder, NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST, encodeMessages } from "../../src/netlink/index.ts";
import { FakeGenericKernel, errorReply, type FakeFamily } from "../../src/testing/index.ts";

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+|\/\/[^\n]*/g, ""), "hex"));
const DEMO_ECHO = 1;
const DEMO_LIST = 2;
const DEMO_FAIL = 3;
const DEMO_A_VALUE = 1;

const u32Attr = (v: number) => new AttributeEncoder().u32(DEMO_A_VALUE, v).encode();
const valueOf = (g: GenericMessage) => {
  const ad = new AttributeDecoder(g.data);
  while (ad.next()) if (ad.type === DEMO_A_VALUE) return ad.u32();
  return undefined;
};

/** A family that echoes, lists 100 values in a dump, or fails with ENODEV. */
const demo = (overrides: Partial<FakeFamily> = {}): FakeFamily => ({
  name: "demo",
  version: 3,
  groups: [{ name: "events" }, { name: "other" }],
  handler: (req, ctx) => {
    switch (req.command) {
      case DEMO_ECHO:
        return [ctx.reply(DEMO_ECHO, req.data)];
      case DEMO_LIST:
        return Array.from({ length: 100 }, (_, i) => ctx.reply(DEMO_LIST, u32Attr(i)));
      case DEMO_FAIL:
        return errorReply(19, { message: "no such thing" });
    }
    return undefined;
  },
  ...overrides,
});

const controllerRequests = (fake: FakeGenericKernel) => fake.kernel.requests.filter((r) => r.type === GENL_ID_CTRL);

describe("GenericConn.getFamily", () => {
  test("sends CTRL_CMD_GETFAMILY by name without NLM_F_ACK, and decodes the reply", async () => {
    const fake = new FakeGenericKernel([demo({ id: 0x20 })]);
    await using genl = fake.conn();
    const f = await genl.getFamily("demo");
    expect(f).toEqual({ id: 0x20, name: "demo", version: 3, headerSize: 0, maxAttribute: 0, operations: [], groups: [{ id: 0x11, name: "events" }, { id: 0x12, name: "other" }] });
    const [req] = fake.kernel.requests;
    expect(req!.type).toBe(GENL_ID_CTRL);
    expect(req!.flags).toBe(NLM_F_REQUEST);
    expect(req!.data).toEqual(
      hex(`
      03 01 0000                 // CTRL_CMD_GETFAMILY, version 1
      0900 0200 64656d6f00 000000 // CTRL_ATTR_FAMILY_NAME "demo"
    `),
    );
  });

  test("answers from the cache; refresh asks again", async () => {
    const fake = new FakeGenericKernel([demo()]);
    await using genl = fake.conn();
    const a = await genl.getFamily("demo");
    expect(await genl.getFamily("demo")).toBe(a);
    expect(controllerRequests(fake).length).toBe(1);
    expect(await genl.getFamily("demo", { refresh: true })).toEqual(a);
    expect(controllerRequests(fake).length).toBe(2);
    expect(genl.cachedFamilies().map((f) => f.name)).toEqual(["demo"]);
    genl.forgetFamily("demo");
    await genl.getFamily("demo");
    expect(controllerRequests(fake).length).toBe(3);
  });

  test("concurrent lookups of one name share one request", async () => {
    const fake = new FakeGenericKernel([demo()]);
    await using genl = fake.conn();
    const all = await Promise.all(Array.from({ length: 10 }, () => genl.getFamily("demo")));
    expect(new Set(all).size).toBe(1);
    expect(controllerRequests(fake).length).toBe(1);
  });

  test("an unknown family rejects with NetlinkError ENOENT naming it, and is not cached", async () => {
    const fake = new FakeGenericKernel([]);
    await using genl = fake.conn();
    const err = (await genl.getFamily("nl80211").catch((e) => e)) as NetlinkError;
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err.code).toBe("ENOENT");
    expect(err.syscall).toContain("nl80211");
    await genl.getFamily("nl80211").catch(() => {});
    expect(controllerRequests(fake).length).toBe(2);
  });

  test("a family loaded later is found once it registers", async () => {
    const fake = new FakeGenericKernel([]);
    await using genl = fake.conn();
    expect((await genl.getFamily("demo").catch((e) => e)).code).toBe("ENOENT");
    fake.register(demo());
    expect((await genl.getFamily("demo")).name).toBe("demo");
  });

  test("the signal aborts a lookup the kernel never answers", async () => {
    const fake = new FakeGenericKernel([]);
    fake.kernel.handle(() => undefined);
    await using genl = fake.conn();
    const ac = new AbortController();
    const p = genl.getFamily("demo", { signal: ac.signal });
    ac.abort(new Error("stop"));
    expect((await p.catch((e) => e)).message).toBe("stop");
  });

  test("listFamilies lists every family and replaces the cache", async () => {
    const fake = new FakeGenericKernel([demo(), { name: "second", groups: [] }]);
    await using genl = fake.conn();
    await genl.getFamily("demo");
    fake.unregister("demo");
    const list = await genl.listFamilies();
    expect(list.map((f) => f.name)).toEqual(["nlctrl", "second"]);
    expect(list[0]!.groups).toEqual([{ id: GENL_ID_CTRL, name: "notify" }]);
    expect(genl.cachedFamilies().map((f) => f.name).sort()).toEqual(["nlctrl", "second"]);
    const dump = fake.kernel.requests.at(-1)!;
    expect(dump.flags & NLM_F_DUMP).toBe(NLM_F_DUMP);
  });
});

describe("GenericConn.execute", () => {
  test("a do request: family id as type, NLM_F_ACK by default, the family's version", async () => {
    const fake = new FakeGenericKernel([demo()]);
    await using genl = fake.conn();
    const f = await genl.getFamily("demo");
    const replies = await genl.execute("demo", DEMO_ECHO, u32Attr(7));
    expect(replies.map((r) => [r.command, r.version, valueOf(r)])).toEqual([[DEMO_ECHO, 3, 7]]);
    const req = fake.kernel.requests.at(-1)!;
    expect(req.type).toBe(f.id);
    expect(req.flags).toBe(NLM_F_REQUEST | NLM_F_ACK);
    expect(encodeMessages([{ ...req, seq: 0, pid: 0 }])).toEqual(
      hex(`
      1c000000 1300 0500 00000000 00000000  // nlmsghdr: len 28, type 0x13 (demo), REQUEST|ACK
      01 03 0000                            // genlmsghdr: command 1, version 3
      0800 0100 07000000                    // attribute 1: u32 7
    `),
    );
  });

  test("a dump is read to the end and decoded", async () => {
    const fake = new FakeGenericKernel([demo()]);
    await using genl = fake.conn();
    const replies = await genl.execute("demo", DEMO_LIST, undefined, { flags: NLM_F_DUMP });
    expect(replies.map(valueOf)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  test("a Family object is used as is; version and flags can be overridden", async () => {
    const fake = new FakeGenericKernel([demo()]);
    await using genl = fake.conn();
    const f = await genl.getFamily("demo");
    const before = fake.kernel.requests.length;
    await genl.execute(f, DEMO_ECHO, u32Attr(1), { version: 9, flags: 0 });
    const req = fake.kernel.requests.at(-1)!;
    expect(fake.kernel.requests.length).toBe(before + 1);
    expect(req.flags).toBe(NLM_F_REQUEST);
    expect(req.data[1]).toBe(9);
  });

  test("kernel errors reject with NetlinkError naming family and command", async () => {
    const fake = new FakeGenericKernel([demo()]);
    await using genl = fake.conn();
    const err = (await genl.execute("demo", DEMO_FAIL).catch((e) => e)) as NetlinkError;
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err.code).toBe("ENODEV");
    expect(err.syscall).toBe("demo command 3");
    expect(err.extAck.message).toBe("no such thing");
    const named = (await genl.execute("demo", DEMO_FAIL, undefined, { operation: "DEMO_FAIL" }).catch((e) => e)) as NetlinkError;
    expect(named.syscall).toBe("DEMO_FAIL");
  });

  test("an unknown family rejects with ENOENT before anything is sent to it", async () => {
    const fake = new FakeGenericKernel([]);
    await using genl = fake.conn();
    expect((await genl.execute("nope", 1).catch((e) => e)).code).toBe("ENOENT");
    expect(fake.kernel.requests.every((r) => r.type === GENL_ID_CTRL)).toBe(true);
  });

  test("a family re-registered under a new id (module reload) is looked up again and the request resent", async () => {
    const fake = new FakeGenericKernel([demo()]);
    await using genl = fake.conn();
    const old = await genl.getFamily("demo");
    fake.unregister("demo");
    const now = fake.register(demo());
    expect(now.id).not.toBe(old.id);
    const replies = await genl.execute("demo", DEMO_ECHO, u32Attr(5));
    expect(replies.map(valueOf)).toEqual([5]);
    expect(fake.kernel.requests.filter((r) => r.type !== GENL_ID_CTRL).map((r) => r.type)).toEqual([old.id, now.id]);
    expect((await genl.getFamily("demo")).id).toBe(now.id);
  });

  test("ENOENT from the family itself (same id) is not retried", async () => {
    const fake = new FakeGenericKernel([demo({ handler: () => errorReply(2) })]);
    await using genl = fake.conn();
    await genl.getFamily("demo");
    expect((await genl.execute("demo", DEMO_ECHO).catch((e) => e)).code).toBe("ENOENT");
    expect(fake.kernel.requests.filter((r) => r.type !== GENL_ID_CTRL).length).toBe(1);
  });

  test("a reply too short for the genlmsghdr rejects with DecodeError", async () => {
    const fake = new FakeGenericKernel([demo({ handler: (_req, ctx) => [{ type: ctx.family.id, flags: 0, seq: 0, pid: 0, data: Uint8Array.of(1, 2) }] })]);
    await using genl = fake.conn();
    expect(await genl.execute("demo", DEMO_ECHO).catch((e) => e)).toBeInstanceOf(DecodeError);
  });

  test("close rejects later requests", async () => {
    const fake = new FakeGenericKernel([demo()]);
    const genl = fake.conn();
    genl.close();
    genl.close();
    expect((await genl.getFamily("demo").catch((e) => e)).code).toBe("ERR_NETLINK_CLOSED");
  });
});

describe("GenericConn multicast groups by name", () => {
  test("joinGroup and leaveGroup resolve the group number", async () => {
    const fake = new FakeGenericKernel([demo()]);
    await using genl = fake.conn();
    const f = await genl.getFamily("demo");
    await genl.joinGroup("demo", "other");
    expect(genl.conn.groups()).toEqual([f.groups[1]!.id]);
    await genl.leaveGroup("demo", "other");
    expect(genl.conn.groups()).toEqual([]);
  });

  test("leaveGroup leaves the number it joined even if the family re-registered since", async () => {
    const fake = new FakeGenericKernel([demo()]);
    await using genl = fake.conn();
    await genl.joinGroup("demo", "events");
    const joined = genl.conn.groups();
    fake.unregister("demo");
    fake.register(demo({ groups: [{ name: "events", id: 0x40 }] }));
    await genl.leaveGroup("demo", "events");
    expect(joined.length).toBe(1);
    expect(genl.conn.groups()).toEqual([]);
  });

  test("an unknown group rejects with NetlinkError ENOENT listing the family's groups", async () => {
    const fake = new FakeGenericKernel([demo()]);
    await using genl = fake.conn();
    const err = (await genl.joinGroup("demo", "nope").catch((e) => e)) as NetlinkError;
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err.code).toBe("ENOENT");
    expect(err.message).toContain('"nope"');
    expect(err.message).toContain("events, other");
    expect((await genl.subscribe("demo", ["events", "nope"]).catch((e) => e)).code).toBe("ENOENT");
    expect(genl.conn.groups()).toEqual([]);
  });

  test("subscribe yields the family's events decoded, skips other families', reports overruns", async () => {
    const fake = new FakeGenericKernel([demo(), { name: "noise", groups: [{ name: "events" }] }]);
    await using genl = fake.conn();
    await genl.joinGroup("noise", "events");
    const events = await genl.subscribe("demo", ["events"]);
    fake.inject("noise", "events", 9);
    fake.inject("demo", "events", 4, u32Attr(1));
    fake.inject("demo", "other", 4, u32Attr(99)); // not joined: never arrives
    fake.overrun();
    fake.inject("demo", "events", 5, u32Attr(2));
    const seen: (string | number | undefined)[] = [];
    for await (const ev of events) {
      if (ev instanceof Overrun) seen.push(`overrun ${ev.count}`);
      else seen.push(`${ev.command}:${valueOf(ev)}`);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(["4:1", "overrun 1", "5:2"]);
  });

  test("break leaves the groups the subscription joined", async () => {
    const fake = new FakeGenericKernel([demo()]);
    await using genl = fake.conn();
    const events = await genl.subscribe("demo", ["events", "other"]);
    expect(genl.conn.groups().length).toBe(2);
    fake.inject("demo", "other", 4);
    for await (const _ of events) break;
    expect(genl.conn.groups()).toEqual([]);
  });

  test("the signal rejects a pending next() and ends the subscription", async () => {
    const fake = new FakeGenericKernel([demo()]);
    await using genl = fake.conn();
    const ac = new AbortController();
    const events = await genl.subscribe("demo", ["events"], { signal: ac.signal });
    const pending = events.next();
    ac.abort(new Error("enough"));
    expect((await pending.catch((e) => e)).message).toBe("enough");
    expect(genl.conn.groups()).toEqual([]);
  });

  test("close ends a subscription cleanly", async () => {
    const fake = new FakeGenericKernel([demo()]);
    const genl = fake.conn();
    const events = await genl.subscribe("demo", ["events"]);
    const pending = events.next();
    genl.close();
    expect(await pending).toEqual({ value: undefined, done: true });
  });

  test("a malformed event ends the iteration with DecodeError", async () => {
    const fake = new FakeGenericKernel([demo()]);
    await using genl = fake.conn();
    const f = await genl.getFamily("demo");
    const events = await genl.subscribe("demo", ["events"]);
    fake.kernel.inject(f.groups[0]!.id, [{ type: f.id, flags: 0, seq: 0, pid: 0, data: Uint8Array.of(1) }]);
    expect(await events.next().catch((e) => e)).toBeInstanceOf(DecodeError);
    expect(genl.conn.groups()).toEqual([]);
  });

  test("the controller announces families registering and leaving on nlctrl's notify group", async () => {
    const fake = new FakeGenericKernel([]);
    await using genl = fake.conn();
    const events = await genl.subscribe("nlctrl", ["notify"]);
    const added = fake.register(demo());
    fake.unregister("demo");
    const got: [number, string][] = [];
    for await (const ev of events) {
      if (ev instanceof Overrun) continue;
      const f = decodeFamily(ev.data);
      got.push([ev.command, f.name]);
      expect(f).toEqual(added);
      if (got.length === 2) break;
    }
    expect(got).toEqual([
      [CTRL_CMD_NEWFAMILY, "demo"],
      [CTRL_CMD_DELFAMILY, "demo"],
    ]);
  });
});
