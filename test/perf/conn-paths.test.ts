/**
 * The Conn's fast paths (added for speed) must behave exactly like the general ones: a reply that
 * arrives during send() settles without a promise executor, dump datagrams are appended per run
 * of one sequence number, and a datagram that mixes two requests' messages is still split right.
 */
import { describe, expect, test } from "bun:test";
import {
  Conn,
  DumpInterruptedError,
  encodeMessages,
  NetlinkError,
  NLM_F_DUMP,
  NLM_F_DUMP_INTR,
  NLM_F_MULTI,
  NLMSG_DONE,
  NLMSG_ERROR,
  type Message,
  type Transport,
  type TransportHandlers,
} from "../../src/netlink/index.ts";
import { FakeKernel } from "../../src/testing/index.ts";

const TYPE = 0x20;
const PORT = 99;
const payload = (n: number) => Uint8Array.of(n & 0xff, n >> 8, 0, 0);
const value = (m: Message) => m.data[0]! | (m.data[1]! << 8);
const done = (seq: number): Message => ({ type: NLMSG_DONE, flags: NLM_F_MULTI, seq, pid: PORT, data: new Uint8Array(4) });
const item = (seq: number, n: number, flags = NLM_F_MULTI): Message => ({ type: TYPE, flags, seq, pid: PORT, data: payload(n) });

/** The sequence number of the request in a sent datagram. */
const seqOf = (d: Uint8Array) => (d[8]! | (d[9]! << 8) | (d[10]! << 16) | (d[11]! << 24)) >>> 0;

/**
 * A transport that answers synchronously inside send(): replies are queued there and delivered by
 * the poll() Conn makes right after, as the socket does when the kernel answers during sendmsg.
 */
class SyncTransport implements Transport {
  readonly portId = PORT;
  readonly sent: Uint8Array[] = [];
  #h!: TransportHandlers;
  #queue: Uint8Array[] = [];
  waiting: boolean[] = [];
  constructor(readonly answer: (seq: number, all: number[]) => Message[][]) {}
  attach(h: TransportHandlers): void {
    this.#h = h;
  }
  send(d: Uint8Array): void {
    this.sent.push(d.slice());
    for (const datagram of this.answer(seqOf(d), this.sent.map(seqOf))) this.#queue.push(encodeMessages(datagram));
  }
  poll(): void {
    while (this.#queue.length > 0) this.#h.datagram(this.#queue.shift()!, 0);
  }
  setWaiting(w: boolean): void {
    this.waiting.push(w);
  }
  pause(): void {}
  resume(): void {}
  joinGroup(): void {}
  leaveGroup(): void {}
  groups(): number[] {
    return [];
  }
  setOption(): void {}
  getOption(): number {
    return 0;
  }
  close(): void {}
}

describe("Conn fast paths", () => {
  test.each([
    ["one reply, no ACK", 0, (seq: number) => [[item(seq, 7, 0)]], [7]],
    ["reply then ACK in two datagrams", undefined, (seq: number) => [[item(seq, 8, 0)], [ack(seq)]], [8]],
    ["a dump in one datagram", NLM_F_DUMP, (seq: number) => [[item(seq, 1), item(seq, 2), done(seq)]], [1, 2]],
  ] as const)("a request answered during send() resolves: %s", async (_name, flags, answer, expected) => {
    const t = new SyncTransport(answer);
    const c = new Conn(t);
    const r = await c.execute(flags === undefined ? { type: TYPE } : { type: TYPE, flags });
    expect(r.map(value)).toEqual([...expected]);
    // Waiting was reported before sending and cleared once the request settled.
    expect(t.waiting.at(0)).toBe(true);
    expect(t.waiting.at(-1)).toBe(false);
    c.close();
  });

  test("an error answered during send() rejects with the NetlinkError", async () => {
    const t = new SyncTransport((seq) => [[errorMessage(seq, 17)]]);
    const c = new Conn(t);
    const err = await c.execute({ type: TYPE }, { operation: "RTM_NEWLINK" }).catch((e) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err.code).toBe("EEXIST");
    expect(err.syscall).toBe("RTM_NEWLINK");
    c.close();
  });

  test("the default operation name is built only for errors, and still reads as before", async () => {
    const t = new SyncTransport((seq) => [[errorMessage(seq, 2)]]);
    const c = new Conn(t);
    const err = await c.execute({ type: TYPE }).catch((e) => e);
    expect(err.syscall).toBe(`netlink request type ${TYPE}`);
    c.close();
  });

  test("a dump message flagged NLM_F_DUMP_INTR mid-datagram still rejects the dump", async () => {
    const t = new SyncTransport((seq) => [[item(seq, 1), item(seq, 2, NLM_F_MULTI | NLM_F_DUMP_INTR), item(seq, 3), done(seq)]]);
    const c = new Conn(t);
    await expect(c.execute({ type: TYPE, flags: NLM_F_DUMP })).rejects.toBeInstanceOf(DumpInterruptedError);
    c.close();
  });

  test("one datagram interleaving two pending dumps gives each its own messages", async () => {
    const k = new FakeKernel(() => undefined, { portId: PORT });
    const c = k.conn();
    const a = c.execute({ type: TYPE, flags: NLM_F_DUMP });
    const b = c.execute({ type: TYPE, flags: NLM_F_DUMP });
    const [ra, rb] = k.requests;
    const sa = ra!.seq;
    const sb = rb!.seq;
    // A, A, B, A, B, B, unknown seq, A(done), B, B(done): the per-run lookup must switch back and forth.
    k.injectRaw(
      encodeMessages([item(sa, 1), item(sa, 2), item(sb, 101), item(sa, 3), item(sb, 102), item(sb, 103), item(12345, 999), done(sa), item(sb, 104), done(sb)]),
    );
    expect((await a).map(value)).toEqual([1, 2, 3]);
    expect((await b).map(value)).toEqual([101, 102, 103, 104]);
    c.close();
  });

  test("messages after a dump's NLMSG_DONE with the same seq are not taken as its replies", async () => {
    const k = new FakeKernel(() => undefined, { portId: PORT });
    const c = k.conn();
    const events = c.receive();
    const p = c.execute({ type: TYPE, flags: NLM_F_DUMP });
    const s = k.requests[0]!.seq;
    k.injectRaw(encodeMessages([item(s, 1), done(s), item(s, 2)]));
    expect((await p).map(value)).toEqual([1]);
    const late = await events.next();
    expect(value(late.value as Message)).toBe(2);
    c.close();
  });
});

function ack(seq: number): Message {
  return { type: NLMSG_ERROR, flags: 0x100, seq, pid: PORT, data: new Uint8Array(20) };
}

function errorMessage(seq: number, errno: number): Message {
  const data = new Uint8Array(20);
  new DataView(data.buffer).setInt32(0, -errno, true);
  return { type: NLMSG_ERROR, flags: 0x100, seq, pid: PORT, data };
}
