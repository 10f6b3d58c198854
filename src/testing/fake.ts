import { Conn, type ConnOptions } from "../netlink/conn.ts";
import {
  NLM_F_ACK,
  NLM_F_CAPPED,
  NLM_F_DUMP,
  NLM_F_ACK_TLVS,
  NLM_F_MULTI,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSGERR_ATTR_MSG,
  NLMSGERR_ATTR_OFFS,
} from "../netlink/constants.ts";
import { AttributeEncoder } from "../netlink/attribute.ts";
import { ConnClosedError } from "../netlink/errors.ts";
import { decodeMessages, encodeMessages, type Message } from "../netlink/message.ts";
import type { Transport, TransportHandlers } from "../netlink/transport.ts";

/**
 * What a fake kernel handler returns for one request: reply messages (seq and pid are filled in
 * from the request when left 0), a FakeReply built with the helpers below, or nothing (no reply).
 */
export type HandlerResult = Message[] | FakeReply | undefined | void;

/** A handler receives each request message and answers it. It may throw a FakeError helper. */
export type FakeHandler = (request: Message, kernel: FakeKernel) => HandlerResult | Promise<HandlerResult>;

/** A prepared reply: messages split into datagrams as the kernel would send them. */
export class FakeReply {
  constructor(readonly datagrams: Message[][]) {}
}

/**
 * Reply to a dump: the messages flagged NLM_F_MULTI, `perDatagram` to a datagram, then NLMSG_DONE.
 * `interrupted` sets NLM_F_DUMP_INTR on them, as the kernel does when the table changed meanwhile.
 */
export function multipart(messages: readonly Message[], options: { perDatagram?: number; interrupted?: boolean } = {}): FakeReply {
  const per = options.perDatagram ?? 16;
  const extra = options.interrupted ? 0x10 : 0;
  const flagged = messages.map((m) => ({ ...m, flags: m.flags | NLM_F_MULTI | extra }));
  const datagrams: Message[][] = [];
  for (let i = 0; i < flagged.length; i += per) datagrams.push(flagged.slice(i, i + per));
  const done: Message = { type: NLMSG_DONE, flags: NLM_F_MULTI | extra, seq: 0, pid: 0, data: new Uint8Array(4) };
  if (datagrams.length > 0 && datagrams[datagrams.length - 1]!.length < per) datagrams[datagrams.length - 1]!.push(done);
  else datagrams.push([done]);
  return new FakeReply(datagrams);
}

/** An NLMSG_ERROR reply with a positive errno and an optional extended-ACK message and offset. */
export function errorReply(errno: number, ext: { message?: string; offset?: number } = {}): Message[] {
  const tlv = new AttributeEncoder();
  if (ext.message !== undefined) tlv.string(NLMSGERR_ATTR_MSG, ext.message);
  if (ext.offset !== undefined) tlv.u32(NLMSGERR_ATTR_OFFS, ext.offset);
  const attrs = tlv.encode();
  const data = new Uint8Array(4 + 16 + attrs.length);
  new DataView(data.buffer).setInt32(0, -Math.abs(errno), true);
  data.set(attrs, 20);
  const flags = NLM_F_CAPPED | (attrs.length > 0 ? NLM_F_ACK_TLVS : 0);
  return [{ type: NLMSG_ERROR, flags, seq: 0, pid: 0, data }];
}

/** An ACK (NLMSG_ERROR with error 0). */
export function ackReply(): Message[] {
  return [{ type: NLMSG_ERROR, flags: NLM_F_CAPPED, seq: 0, pid: 0, data: new Uint8Array(20) }];
}

/**
 * A FakeKernel answers a Conn's requests with a function, so code that uses this library can be
 * unit-tested without root or Linux. The real Conn logic (sequence numbers, multi-part dumps,
 * errors, subscriptions) still runs. A request with NLM_F_ACK whose handler returns plain messages
 * gets an ACK appended, as the kernel does; a dump's plain messages are wrapped in multipart().
 *
 * @example
 * const kernel = new FakeKernel((req) => [message(RTM_NEWLINK, 0, linkBytes)]);
 * const conn = kernel.conn();
 */
export class FakeKernel implements Transport {
  readonly portId: number;
  /** Every request received, in order. */
  readonly requests: Message[] = [];
  #h: TransportHandlers | undefined;
  #queue: { data: Uint8Array; group: number; overrun?: boolean }[] = [];
  #groups = new Set<number>();
  #options = new Map<string, number>();
  #closed = false;
  #paused = false;
  #waiting = false;
  #handler: FakeHandler;
  #scheduled = false;

  constructor(handler: FakeHandler = () => undefined, options: { portId?: number } = {}) {
    this.#handler = handler;
    this.portId = options.portId ?? 4242;
  }

  /** A Conn over this fake kernel. */
  conn(options: ConnOptions = {}): Conn {
    return new Conn(this, options);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Replace the request handler. */
  handle(handler: FakeHandler): void {
    this.#handler = handler;
  }

  attach(handlers: TransportHandlers): void {
    this.#h = handlers;
  }

  send(datagram: Uint8Array): void {
    if (this.#closed) throw new ConnClosedError();
    for (const req of decodeMessages(datagram)) {
      const copy: Message = { ...req, data: req.data.slice() };
      this.requests.push(copy);
      const result = this.#handler(copy, this);
      if (result instanceof Promise) {
        result.then(
          (r) => this.#reply(copy, r),
          (err) => this.#h?.error(err instanceof Error ? err : new Error(String(err))),
        );
      } else this.#reply(copy, result);
    }
  }

  #reply(req: Message, result: HandlerResult): void {
    if (result === undefined) return;
    let datagrams: Message[][];
    if (result instanceof FakeReply) datagrams = result.datagrams;
    else if ((req.flags & NLM_F_DUMP) === NLM_F_DUMP && !result.some((m) => m.type === NLMSG_ERROR || m.type === NLMSG_DONE)) {
      datagrams = multipart(result).datagrams;
    } else {
      const msgs = [...result];
      if ((req.flags & NLM_F_ACK) !== 0 && !msgs.some((m) => m.type === NLMSG_ERROR)) msgs.push(...ackReply());
      datagrams = msgs.map((m) => [m]);
    }
    for (const d of datagrams) {
      const filled = d.map((m) => ({ ...m, seq: m.seq || req.seq, pid: m.pid || this.portId }));
      this.#queue.push({ data: encodeMessages(filled), group: 0 });
    }
    this.#schedule();
  }

  /** Send a multicast event on `group` to this socket, if it joined that group. */
  inject(group: number, messages: readonly Message[]): void {
    if (!this.#groups.has(group)) return;
    this.#queue.push({ data: encodeMessages(messages), group });
    this.#schedule();
  }

  /** Deliver raw bytes as one datagram (malformed-input tests). */
  injectRaw(data: Uint8Array, group = 0): void {
    this.#queue.push({ data: data.slice(), group });
    this.#schedule();
  }

  /** Report a receive-buffer overrun (ENOBUFS) at this point in the stream. */
  overrun(): void {
    this.#queue.push({ data: new Uint8Array(0), group: 0, overrun: true });
    this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setTimeout(() => {
      this.#scheduled = false;
      this.poll();
    }, 0);
  }

  poll(): void {
    while (!this.#closed && !this.#paused && this.#queue.length > 0) {
      const d = this.#queue.shift()!;
      if (d.overrun) this.#h?.overrun();
      else this.#h?.datagram(d.data, d.group);
    }
  }

  setWaiting(waiting: boolean): void {
    this.#waiting = waiting;
  }

  /** Whether the Conn currently waits for data (pending requests or iterators). */
  get waiting(): boolean {
    return this.#waiting;
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.#schedule();
  }

  joinGroup(group: number): void {
    this.#groups.add(group);
  }

  leaveGroup(group: number): void {
    this.#groups.delete(group);
  }

  groups(): number[] {
    return [...this.#groups].sort((a, b) => a - b);
  }

  setOption(level: number, name: number, value: number): void {
    this.#options.set(`${level}:${name}`, value);
  }

  getOption(level: number, name: number): number {
    return this.#options.get(`${level}:${name}`) ?? 0;
  }

  close(): void {
    this.#closed = true;
    this.#queue = [];
  }
}
