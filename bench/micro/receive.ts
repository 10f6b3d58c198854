/**
 * Receive-engine micro-benchmarks: the Conn's request/reply matching, dump assembly and
 * subscription delivery over an in-memory transport that answers synchronously, so only the
 * library's own work is timed (no kernel, no socket).
 *
 *   bun bench/micro/receive.ts
 */
import {
  Conn,
  encodeMessages,
  NLM_F_ACK,
  NLM_F_DUMP,
  NLMSG_ERROR,
  Overrun,
  type Message,
  type Transport,
  type TransportHandlers,
} from "../../src/netlink/index.ts";
import { routeDumpDatagrams, routePayload, RTM_NEWROUTE, stamp } from "./fixtures.ts";
import { measure } from "./measure.ts";

const PORT = 77;

/**
 * A Transport that answers each request at once: `reply(seq, flags)` gives the datagrams, which
 * poll() then delivers, the way the socket delivers what the kernel queued during send(): copied
 * into an ArrayBuffer arena (as the socket's recvfrom writes them).
 */
class LoopbackTransport implements Transport {
  readonly portId = PORT;
  #h!: TransportHandlers;
  #queue: { data: Uint8Array; group: number }[] = [];
  #arena = new ArrayBuffer(0);
  #off = 0;
  constructor(readonly reply: (seq: number, flags: number) => Uint8Array[]) {}
  attach(h: TransportHandlers): void {
    this.#h = h;
  }
  send(d: Uint8Array): void {
    const seq = (d[8]! | (d[9]! << 8) | (d[10]! << 16) | (d[11]! << 24)) >>> 0;
    for (const data of this.reply(seq, d[6]! | (d[7]! << 8))) this.#queue.push({ data: this.#copy(data), group: 0 });
  }
  #copy(d: Uint8Array): Uint8Array {
    if (this.#arena.byteLength - this.#off < d.length) {
      this.#arena = new ArrayBuffer(Math.max(1 << 20, d.length));
      this.#off = 0;
    }
    const out = new Uint8Array(this.#arena, this.#off, d.length);
    out.set(d);
    this.#off = (this.#off + d.length + 7) & ~7;
    return out;
  }
  /** Queue an event datagram on a multicast group. */
  inject(data: Uint8Array, group: number): void {
    this.#queue.push({ data: this.#copy(data), group });
  }
  poll(): void {
    const q = this.#queue;
    this.#queue = [];
    for (const d of q) this.#h.datagram(d.data, d.group);
  }
  setWaiting(): void {}
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

function one(type: number, flags: number, data: Uint8Array): Uint8Array {
  return encodeMessages([{ type, flags, seq: 0, pid: PORT, data }]);
}

let sink = 0;
const familyReply = one(16, 0, new Uint8Array(116));
const ack = one(NLMSG_ERROR, 0x100, new Uint8Array(20));

console.log("receive engine (in-memory transport, no kernel)");
{
  const t = new LoopbackTransport((seq, flags) => {
    stamp(familyReply, seq, PORT);
    if ((flags & NLM_F_ACK) === 0) return [familyReply];
    stamp(ack, seq, PORT);
    return [familyReply, ack];
  });
  const conn = new Conn(t);
  const data = new Uint8Array(16);
  await measure("execute: request → one reply (flags 0), awaited", async () => {
    sink += (await conn.execute({ type: 16, flags: 0, data })).length;
  });
  await measure("execute: request → reply + ACK, awaited", async () => {
    sink += (await conn.execute({ type: 16, data })).length;
  });
}
{
  const COUNT = 100_000;
  const datagrams = routeDumpDatagrams(COUNT);
  const t = new LoopbackTransport((seq) => {
    for (const d of datagrams) stamp(d, seq, PORT);
    return datagrams;
  });
  const conn = new Conn(t);
  await measure("execute: 100,000-message dump in 32 KiB datagrams", async () => {
    sink += (await conn.execute({ type: 26, flags: NLM_F_DUMP, data: new Uint8Array(12) })).length;
  }, { opsPerCall: COUNT, batches: 5, minBatchMs: 50 });
  // The same dump through collect(): each payload read where it lies (here its first byte).
  await measure("collect: the same dump, decoded in place", async () => {
    sink += (await conn.collect({ type: 26, flags: NLM_F_DUMP, data: new Uint8Array(12) }, (_t, _f, b, s) => b[s])).length;
  }, { opsPerCall: COUNT, batches: 5, minBatchMs: 50 });
}
{
  const t = new LoopbackTransport(() => []);
  const conn = new Conn(t);
  const events = conn.subscribe([7]);
  const event = one(RTM_NEWROUTE, 0, routePayload(1));
  const BURST = 1000;
  await measure("subscribe: events through the async iterator (1 per datagram)", async () => {
    for (let i = 0; i < BURST; i++) t.inject(event, 7);
    t.poll();
    for (let i = 0; i < BURST; i++) {
      const r = await events.next();
      if (!(r.value instanceof Overrun)) sink += (r.value as Message).data.length;
    }
  }, { opsPerCall: BURST });
}
if (sink === 0) console.log("");
