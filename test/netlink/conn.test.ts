import { describe, expect, test } from "bun:test";
import {
  ConnClosedError,
  DecodeError,
  DumpInterruptedError,
  NetlinkError,
  NLM_F_ACK,
  NLM_F_DUMP,
  NLM_F_REQUEST,
  Overrun,
  TimeoutError,
  message,
  type Message,
} from "../../src/netlink/index.ts";
import { FakeKernel, errorReply, multipart } from "../../src/testing/index.ts";

const TYPE = 0x20;
const payload = (n: number) => Uint8Array.of(n & 0xff, (n >> 8) & 0xff, 0, 0);
const value = (m: Message) => m.data[0]! | (m.data[1]! << 8);

describe("Conn.execute over the fake kernel", () => {
  test("fills seq and pid, adds NLM_F_REQUEST and NLM_F_ACK by default", async () => {
    const k = new FakeKernel(() => []);
    const c = k.conn();
    await c.execute({ type: TYPE, data: payload(1) });
    await c.execute({ type: TYPE, data: payload(2) });
    const [a, b] = k.requests;
    expect(a!.flags).toBe(NLM_F_REQUEST | NLM_F_ACK);
    expect(a!.pid).toBe(k.portId);
    expect(b!.seq).toBe((a!.seq + 1) >>> 0);
    c.close();
  });

  test("a dump is read to NLMSG_DONE across datagrams", async () => {
    const k = new FakeKernel(() => multipart(Array.from({ length: 100 }, (_, i) => message(TYPE, 0, payload(i))), { perDatagram: 7 }));
    const c = k.conn();
    const replies = await c.execute({ type: TYPE, flags: NLM_F_DUMP });
    expect(replies.map(value)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    c.close();
  });

  test("NLMSG_ERROR becomes a Node-shaped NetlinkError with the extended ACK", async () => {
    const k = new FakeKernel(() => errorReply(19, { message: "no such link", offset: 20 }));
    const c = k.conn();
    const err = (await c.execute({ type: TYPE }, { operation: "RTM_GETLINK" }).catch((e) => e)) as NetlinkError;
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err.code).toBe("ENODEV");
    expect(err.errno).toBe(19);
    expect(err.syscall).toBe("RTM_GETLINK");
    expect(err.extAck).toEqual({ message: "no such link", offset: 20 });
    expect(err.message).toContain("no such link");
    c.close();
  });

  test("a GET without NLM_F_ACK resolves on its first reply", async () => {
    const k = new FakeKernel((req) => [message(TYPE, 0, req.data)]);
    const c = k.conn();
    const r = await c.execute({ type: TYPE, flags: 0, data: payload(9) });
    expect(r.map(value)).toEqual([9]);
    c.close();
  });

  test("an interrupted dump rejects, and is retried when asked", async () => {
    let calls = 0;
    const k = new FakeKernel(() => multipart([message(TYPE, 0, payload(1))], { interrupted: ++calls < 3 }));
    const c = k.conn();
    const err = await c.execute({ type: TYPE, flags: NLM_F_DUMP }).catch((e) => e);
    expect(err).toBeInstanceOf(DumpInterruptedError);
    calls = 0;
    const ok = await c.execute({ type: TYPE, flags: NLM_F_DUMP }, { retryInterrupted: 5 });
    expect(ok.map(value)).toEqual([1]);
    expect(calls).toBe(3);
    c.close();
  });

  test("1,000 concurrent requests each get their own reply, answered out of order", async () => {
    const held: Message[] = [];
    const k = new FakeKernel((req) => {
      held.push(req);
      return undefined;
    });
    const c = k.conn();
    const all = Array.from({ length: 1000 }, (_, i) => c.execute({ type: TYPE, flags: 0, data: payload(i) }));
    // Answer in reverse order.
    const answers = [...held].reverse();
    k.handle(() => undefined);
    for (const req of answers) k.injectRaw(encodeReply(req, k.portId));
    const results = await Promise.all(all);
    expect(results.map((r) => value(r[0]!))).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    c.close();
  });

  test("replies with a foreign port id or unknown seq are not taken as replies", async () => {
    const k = new FakeKernel((req) => [{ ...message(TYPE, 0, payload(7)), pid: 999 }, message(TYPE, 0, req.data)]);
    const c = k.conn();
    const r = await c.execute({ type: TYPE, flags: 0, data: payload(3) });
    expect(r.map(value)).toEqual([3]);
    c.close();
  });

  test("timeout rejects with TimeoutError; abort with the signal's reason", async () => {
    const k = new FakeKernel(() => undefined);
    const c = k.conn();
    await expect(c.execute({ type: TYPE }, { timeout: 20 })).rejects.toBeInstanceOf(TimeoutError);
    const ac = new AbortController();
    const p = c.execute({ type: TYPE }, { signal: ac.signal });
    ac.abort(new Error("stop"));
    await expect(p).rejects.toThrow("stop");
    c.close();
  });

  test("close() rejects pending requests and ends iterators", async () => {
    const k = new FakeKernel(() => undefined);
    const c = k.conn();
    const p = c.execute({ type: TYPE });
    const it = c.receive();
    const n = it.next();
    c.close();
    await expect(p).rejects.toBeInstanceOf(ConnClosedError);
    expect(await n).toEqual({ value: undefined, done: true });
    await expect(c.execute({ type: TYPE })).rejects.toBeInstanceOf(ConnClosedError);
    expect(k.closed).toBe(true);
  });

  test("a malformed datagram rejects the pending request with DecodeError", async () => {
    const k = new FakeKernel(() => undefined);
    const c = k.conn();
    const p = c.execute({ type: TYPE });
    k.injectRaw(Uint8Array.of(1, 2, 3));
    await expect(p).rejects.toBeInstanceOf(DecodeError);
    c.close();
  });
});

describe("Conn.collect: replies decoded where they lie", () => {
  // The decoder sees (type, flags, bytes, start, end): the payload is bytes[start, end).
  const decodeValue = (type: number, _flags: number, b: Uint8Array, s: number, end: number) =>
    type === TYPE && end - s >= 2 ? b[s]! | (b[s + 1]! << 8) : undefined;

  test("a dump across datagrams gives the decoded values in order, and the same as execute()", async () => {
    const k = new FakeKernel(() => multipart(Array.from({ length: 100 }, (_, i) => message(TYPE, 0, payload(i))), { perDatagram: 7 }));
    const c = k.conn();
    const values = await c.collect({ type: TYPE, flags: NLM_F_DUMP }, decodeValue);
    expect(values).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect((await c.execute({ type: TYPE, flags: NLM_F_DUMP })).map(value)).toEqual(values);
    c.close();
  });

  test("the decoder gets each message's type, flags and exact payload bounds; undefined leaves it out", async () => {
    const seen: [number, number, number][] = [];
    const k = new FakeKernel(() => multipart([message(TYPE, 0, Uint8Array.of(1, 2, 3)), message(TYPE + 1, 0, Uint8Array.of(9)), message(TYPE, 0, payload(5))]));
    const c = k.conn();
    const out = await c.collect({ type: TYPE, flags: NLM_F_DUMP }, (type, flags, b, s, end) => {
      seen.push([type, flags, end - s]);
      return type === TYPE ? [...b.subarray(s, end)] : undefined;
    });
    expect(out).toEqual([[1, 2, 3], [5, 0, 0, 0]]);
    expect(seen).toEqual([[TYPE, 2, 3], [TYPE + 1, 2, 1], [TYPE, 2, 4]]); // NLM_F_MULTI on every part
    c.close();
  });

  test("a single reply (GET without ACK) and an ACKed request decode too", async () => {
    const k = new FakeKernel((req) => [message(TYPE, 0, req.data)]);
    const c = k.conn();
    expect(await c.collect({ type: TYPE, flags: 0, data: payload(42) }, decodeValue)).toEqual([42]);
    expect(await c.collect({ type: TYPE, data: payload(43) }, decodeValue)).toEqual([43]);
    c.close();
  });

  test("a throwing decoder rejects with its error once the dump is read, and the Conn stays in step", async () => {
    const k = new FakeKernel(() => multipart(Array.from({ length: 30 }, (_, i) => message(TYPE, 0, payload(i))), { perDatagram: 4 }));
    const c = k.conn();
    const err = await c
      .collect({ type: TYPE, flags: NLM_F_DUMP }, (type, flags, b, s, end) => {
        const v = decodeValue(type, flags, b, s, end)!;
        if (v === 10) throw new DecodeError("bad value 10");
        return v;
      })
      .catch((e) => e);
    expect(err).toBeInstanceOf(DecodeError);
    expect(err.message).toBe("bad value 10");
    // The rest of that dump was consumed, not delivered elsewhere: the next request is answered normally.
    expect(await c.collect({ type: TYPE, flags: NLM_F_DUMP }, decodeValue)).toHaveLength(30);
    c.close();
  });

  test("kernel errors and interrupted dumps reject as with execute()", async () => {
    const k = new FakeKernel(() => errorReply(19, { message: "no such link" }));
    const c = k.conn();
    const err = (await c.collect({ type: TYPE, flags: NLM_F_DUMP }, decodeValue, { operation: "RTM_GETLINK" }).catch((e) => e)) as NetlinkError;
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err.code).toBe("ENODEV");
    let calls = 0;
    k.handle(() => multipart([message(TYPE, 0, payload(1))], { interrupted: ++calls < 3 }));
    await expect(c.collect({ type: TYPE, flags: NLM_F_DUMP }, decodeValue)).rejects.toBeInstanceOf(DumpInterruptedError);
    calls = 0;
    expect(await c.collect({ type: TYPE, flags: NLM_F_DUMP }, decodeValue, { retryInterrupted: 5 })).toEqual([1]);
    c.close();
  });

  test("a message from a foreign port reaches receive(), not the pending collect()", async () => {
    const k = new FakeKernel((req) => [{ ...message(TYPE, 0, payload(7)), pid: 999 }, message(TYPE, 0, req.data)]);
    const c = k.conn();
    const it = c.receive();
    expect(await c.collect({ type: TYPE, flags: 0, data: payload(3) }, decodeValue)).toEqual([3]);
    const got = (await it.next()).value as Message;
    expect(value(got)).toBe(7);
    await it.return!();
    c.close();
  });
});

describe("subscriptions over the fake kernel", () => {
  test("subscribe joins groups, yields events and overruns, and leaves on break", async () => {
    const k = new FakeKernel();
    const c = k.conn();
    const it = c.subscribe([3, 5]);
    expect(k.groups()).toEqual([3, 5]);
    k.inject(3, [message(TYPE, 0, payload(1))]);
    k.overrun();
    k.inject(5, [message(TYPE, 0, payload(2)), message(TYPE, 0, payload(3))]);
    k.inject(4, [message(TYPE, 0, payload(99))]); // not joined: never arrives
    const got: (number | string)[] = [];
    for await (const m of it) {
      got.push(m instanceof Overrun ? `overrun#${m.count}` : value(m));
      if (got.length === 4) break;
    }
    expect(got).toEqual([1, "overrun#1", 2, 3]);
    expect(k.groups()).toEqual([]);
    expect(k.waiting).toBe(false);
    c.close();
  });

  test("an abort signal ends a pending next() with its reason", async () => {
    const k = new FakeKernel();
    const c = k.conn();
    const ac = new AbortController();
    const it = c.subscribe([1], { signal: ac.signal });
    const n = it.next();
    ac.abort(new Error("enough"));
    await expect(n).rejects.toThrow("enough");
    expect(k.groups()).toEqual([]);
    c.close();
  });

  test("a slow consumer pauses the transport instead of growing without bound", async () => {
    const k = new FakeKernel();
    const c = k.conn({ highWaterMark: 10 });
    const it = c.subscribe([1]);
    for (let i = 0; i < 30; i++) k.inject(1, [message(TYPE, 0, payload(i))]);
    await Bun.sleep(5);
    const got: number[] = [];
    for await (const m of it) {
      if (m instanceof Overrun) continue;
      got.push(value(m));
      if (got.length === 30) break;
    }
    expect(got).toEqual(Array.from({ length: 30 }, (_, i) => i));
    c.close();
  });

  test("using: Symbol.asyncDispose closes the Conn", async () => {
    const k = new FakeKernel();
    {
      await using c = k.conn();
      expect(c.closed).toBe(false);
    }
    expect(k.closed).toBe(true);
  });
});

function encodeReply(req: Message, port: number): Uint8Array {
  const out = new Uint8Array(16 + req.data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, out.length, true);
  v.setUint16(4, TYPE, true);
  v.setUint32(8, req.seq, true);
  v.setUint32(12, port, true);
  out.set(req.data, 16);
  return out;
}
