import {
  NLM_F_ACK,
  NLM_F_ACK_TLVS,
  NLM_F_CAPPED,
  NLM_F_DUMP,
  NLM_F_DUMP_INTR,
  NLM_F_MULTI,
  NLM_F_REQUEST,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_HDRLEN,
  NLMSG_MIN_TYPE,
  NLMSG_NOOP,
  NLMSG_OVERRUN,
  NLMSGERR_ATTR_COOKIE,
  NLMSGERR_ATTR_MISS_NEST,
  NLMSGERR_ATTR_MISS_TYPE,
  NLMSGERR_ATTR_MSG,
  NLMSGERR_ATTR_OFFS,
  NLMSGERR_ATTR_POLICY,
} from "./constants.ts";
import { AttributeDecoder } from "./attribute.ts";
import { debugEnabled, trace, traceMessage } from "./debug.ts";
import {
  ConnClosedError,
  DecodeError,
  DumpInterruptedError,
  NetlinkError,
  TimeoutError,
  type ExtendedAck,
} from "./errors.ts";
import { decodeMessages, encodeMessage, type Message } from "./message.ts";
import type { Transport } from "./transport.ts";

/** A request as given to Conn.execute: seq and pid are filled in. */
export interface Request {
  type: number;
  /** NLM_F_* flags. NLM_F_REQUEST is always added. Default: NLM_F_ACK. */
  flags?: number;
  data?: Uint8Array;
}

export interface ExecuteOptions {
  /** Cancels the request: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Milliseconds without progress before rejecting with TimeoutError. Default: the Conn's. 0: none. */
  timeout?: number;
  /**
   * How many times to re-send a dump that the kernel marked NLM_F_DUMP_INTR before rejecting with
   * DumpInterruptedError. Default 0: an interrupted dump always rejects, never returns silently.
   */
  retryInterrupted?: number;
  /** A name for the operation in errors ("RTM_NEWLINK"). */
  operation?: string;
}

export interface ConnOptions {
  /** Default execute timeout in ms (no reply progress for that long). Default 30000; 0 disables. */
  timeout?: number;
  /**
   * Messages an idle receive() iterator may queue before the socket is paused; the kernel then
   * reports an overrun instead of memory growing without bound. Default 65536.
   */
  highWaterMark?: number;
}

/** An Overrun is what receive() and subscribe() yield when the kernel dropped messages (ENOBUFS). */
export class Overrun {
  readonly kind = "overrun" as const;
  /** Overruns seen on this Conn so far, this one included. */
  readonly count: number;
  constructor(count: number) {
    this.count = count;
  }
}

export interface ReceiveOptions {
  signal?: AbortSignal;
}

/**
 * What Conn.collect() calls for each reply message: its header's type and flags, and its payload
 * as bytes[start, end) of the received datagram, read where it lies (no Message object, no view).
 * Return the decoded value, or undefined to leave the message out. `bytes` is only valid during
 * the call: copy what must outlive it. A throw fails the request with that error (the rest of the
 * reply is still read, so the socket stays in step).
 */
export type ReplyDecoder<T> = (type: number, flags: number, bytes: Uint8Array, start: number, end: number) => T | undefined;

interface Pending {
  seq: number;
  /** Reply messages, or what `decode` made of them (collect()). */
  replies: unknown[];
  /** collect()'s decoder, called on each reply payload where it lies; undefined for execute(). */
  decode: ReplyDecoder<unknown> | undefined;
  /** The first error `decode` threw: the request rejects with it once the reply is complete. */
  decodeError: unknown;
  ack: boolean;
  /** The request type and the caller's operation name: the error name is built only on failure. */
  type: number;
  operation: string | undefined;
  interrupted: boolean;
  progress: number;
  /** Set once the caller waits on a promise; until then #finish records the outcome below. */
  resolve: ((replies: unknown[]) => void) | undefined;
  reject: ((err: unknown) => void) | undefined;
  /** The outcome of a request finished before its promise existed (during the first poll). */
  value: unknown[] | undefined;
  error: unknown;
  /** Set by #finish: the request is no longer pending. */
  settled: boolean;
  cleanup: (() => void) | undefined;
}

const EMPTY = new Uint8Array(0);

function operationName(p: Pending): string {
  return p.operation ?? `netlink request type ${p.type}`;
}

interface Receiver {
  queue: (Message | Overrun)[];
  wake: (() => void) | null;
  done: boolean;
  error: unknown;
}

let nextSeqSeed = (Math.random() * 0x7fffffff) >>> 0;

/**
 * A Conn is a netlink connection over a Transport: it numbers requests, matches replies by
 * sequence and port id, reads multi-part dumps to NLMSG_DONE, turns NLMSG_ERROR into NetlinkError,
 * and hands everything unsolicited (multicast events) to async iterators.
 * Many execute() calls may be in flight at once.
 */
export class Conn implements AsyncDisposable {
  readonly #t: Transport;
  /** The transport's port id, read once: it is compared with every received message. */
  readonly #port: number;
  /**
   * Requests in flight by sequence number. The usual case is one request at a time: it lives in
   * #only, and the Map (whose insert and delete cost more than the rest of a round trip's
   * bookkeeping) is used only while several are pending.
   */
  readonly #pending = new Map<number, Pending>();
  #only: Pending | undefined;
  readonly #receivers = new Set<Receiver>();
  readonly #timeout: number;
  readonly #highWater: number;
  #seq: number;
  #closed = false;
  #paused = false;
  #overruns = 0;
  #groupRefs = new Map<number, number>();

  constructor(transport: Transport, options: ConnOptions = {}) {
    this.#t = transport;
    this.#timeout = options.timeout ?? 30_000;
    this.#highWater = options.highWaterMark ?? 65_536;
    this.#seq = nextSeqSeed;
    nextSeqSeed = (nextSeqSeed + 0x10000) >>> 0;
    transport.attach({
      datagram: (data, group) => this.#onDatagram(data, group),
      overrun: () => this.#onOverrun(),
      error: (err) => this.#onError(err),
    });
    this.#port = transport.portId;
  }

  /** The port id the kernel assigned to this connection's socket. */
  get portId(): number {
    return this.#t.portId;
  }

  /** The transport underneath (for socket options not wrapped here). */
  get transport(): Transport {
    return this.#t;
  }

  /** Overruns (ENOBUFS) seen on this Conn so far. */
  get overruns(): number {
    return this.#overruns;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Send a request and resolve with its reply messages (NLMSG_DONE and ACKs excluded).
   * Dumps (NLM_F_DUMP) are read to NLMSG_DONE. Requests with NLM_F_ACK resolve on the ACK, those
   * without on their first reply. Kernel errors reject with NetlinkError.
   */
  execute(request: Request, options: ExecuteOptions = {}): Promise<Message[]> {
    return this.#run(request, options, undefined) as Promise<Message[]>;
  }

  /**
   * Send a request like execute(), but hand each reply message (data messages, as execute()
   * would return them) to `decode` while it is still in the receive buffer, and resolve with
   * the values it returned (undefined ones left out). Decoding a dump this way makes no
   * Message object or view per message: listLinks(), listAddresses() and listRoutes() use it.
   */
  collect<T>(request: Request, decode: ReplyDecoder<T>, options: ExecuteOptions = {}): Promise<T[]> {
    return this.#run(request, options, decode) as Promise<T[]>;
  }

  #run(request: Request, options: ExecuteOptions, decode: ReplyDecoder<unknown> | undefined): Promise<unknown[]> {
    // Without retries the one attempt's promise is the result: no async wrapper, one promise less
    // per request. (An interrupted dump still rejects with DumpInterruptedError(1).)
    if (!(options.retryInterrupted! > 0)) {
      try {
        return this.#executeOnce(request, options, decode);
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return this.#executeRetrying(request, options, decode);
  }

  async #executeRetrying(request: Request, options: ExecuteOptions, decode: ReplyDecoder<unknown> | undefined): Promise<unknown[]> {
    const retries = options.retryInterrupted ?? 0;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#executeOnce(request, options, decode);
      } catch (err) {
        if (err instanceof DumpInterruptedError && attempt <= retries) continue;
        if (err instanceof DumpInterruptedError) throw new DumpInterruptedError(attempt);
        throw err;
      }
    }
  }

  #nextSeq(): number {
    this.#seq = (this.#seq + 1) >>> 0;
    if (this.#seq === 0) this.#seq = 1;
    return this.#seq;
  }

  #executeOnce(request: Request, options: ExecuteOptions, decode: ReplyDecoder<unknown> | undefined): Promise<unknown[]> {
    if (this.#closed) return Promise.reject(new ConnClosedError());
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const type = request.type;
    const flags = (request.flags ?? NLM_F_ACK) | NLM_F_REQUEST;
    const data = request.data ?? EMPTY;
    const seq = this.#nextSeq();
    const p: Pending = {
      seq,
      replies: [],
      decode,
      decodeError: undefined,
      ack: (flags & NLM_F_ACK) !== 0 && (flags & NLM_F_DUMP) !== NLM_F_DUMP,
      type,
      operation: options.operation,
      interrupted: false,
      progress: 0,
      resolve: undefined,
      reject: undefined,
      value: undefined,
      error: undefined,
      settled: false,
      cleanup: undefined,
    };
    this.#addPending(p);
    // Waiting before sending lets the transport read the whole reply in the poll below; it
    // stops reading once nothing is pending again.
    this.#t.setWaiting(true);
    try {
      const msg: Message = { type, flags, seq, pid: this.#port, data };
      if (debugEnabled) traceMessage("send", this.#port, msg);
      this.#t.send(encodeMessage(msg));
    } catch (err) {
      this.#removePending(p);
      p.settled = true;
      this.#updateWaiting();
      return Promise.reject(err);
    }
    // The kernel usually has the reply ready by now: read it without a trip through the event
    // loop, and settle without a promise executor or timers.
    this.#t.poll();
    if (p.settled) return p.error !== undefined ? Promise.reject(p.error) : Promise.resolve(p.value!);
    return new Promise<unknown[]>((resolve, reject) => {
      p.resolve = resolve;
      p.reject = reject;
      this.#arm(p, options);
    });
  }

  #addPending(p: Pending): void {
    if (this.#only === undefined && this.#pending.size === 0) {
      this.#only = p;
      return;
    }
    if (this.#only !== undefined) {
      this.#pending.set(this.#only.seq, this.#only);
      this.#only = undefined;
    }
    this.#pending.set(p.seq, p);
  }

  #removePending(p: Pending): void {
    if (this.#only === p) this.#only = undefined;
    else this.#pending.delete(p.seq);
  }

  #findPending(seq: number): Pending | undefined {
    const only = this.#only;
    if (only !== undefined) return only.seq === seq ? only : undefined;
    return this.#pending.size === 0 ? undefined : this.#pending.get(seq);
  }

  #allPending(): Pending[] {
    return this.#only !== undefined ? [this.#only] : [...this.#pending.values()];
  }

  #arm(p: Pending, options: ExecuteOptions): void {
    const signal = options.signal;
    const timeout = options.timeout ?? this.#timeout;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => this.#finish(p, signal!.reason, undefined);
    if (timeout > 0) {
      let seen = p.progress;
      const tick = () => {
        if (p.progress !== seen) {
          seen = p.progress;
          timer = setTimeout(tick, timeout);
          return;
        }
        this.#finish(p, new TimeoutError(timeout), undefined);
      };
      timer = setTimeout(tick, timeout);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    p.cleanup = () => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
  }

  #finish(p: Pending, err: unknown, value: unknown[] | undefined): void {
    if (p.settled) return;
    if (err === undefined && p.decodeError !== undefined) {
      err = p.decodeError;
      value = undefined;
    }
    this.#removePending(p);
    p.settled = true;
    p.cleanup?.();
    if (p.resolve === undefined) {
      p.error = err;
      p.value = value;
    } else if (err !== undefined) p.reject!(err);
    else p.resolve(value!);
    this.#updateWaiting();
  }

  #updateWaiting(): void {
    if (this.#closed) return;
    this.#t.setWaiting(this.#only !== undefined || this.#pending.size > 0 || this.#receivers.size > 0);
  }

  #onDatagram(data: Uint8Array, group: number): void {
    // The framing is checked for the whole datagram first: a malformed one cannot be attributed
    // to a request, and is reported to every waiter before anything in it is delivered.
    const end = data.length;
    let off = 0;
    while (off < end) {
      const length = end - off < NLMSG_HDRLEN ? -1 : (data[off]! | (data[off + 1]! << 8) | (data[off + 2]! << 16) | (data[off + 3]! << 24)) >>> 0;
      if (length < NLMSG_HDRLEN || length > end - off) {
        let err: unknown;
        try {
          decodeMessages(data); // for its DecodeError, which names the fault
          err = new DecodeError(`malformed netlink datagram of ${end} bytes`);
        } catch (e) {
          err = e;
        }
        this.#failAll(err);
        return;
      }
      off += (length + 3) & ~3;
    }
    const port = this.#port;
    const buffer = data.buffer;
    const base = data.byteOffset;
    // A dump datagram holds dozens of messages of one request: look it up once per run of equal
    // sequence numbers, and take its data messages here without the control-message switch (and,
    // for collect(), without a Message object).
    let lastSeq = 0;
    let last: Pending | undefined;
    off = 0;
    while (off < end) {
      const d = data;
      const length = (d[off]! | (d[off + 1]! << 8) | (d[off + 2]! << 16) | (d[off + 3]! << 24)) >>> 0;
      const at = off;
      off += (length + 3) & ~3;
      const type = d[at + 4]! | (d[at + 5]! << 8);
      const flags = d[at + 6]! | (d[at + 7]! << 8);
      const seq = (d[at + 8]! | (d[at + 9]! << 8) | (d[at + 10]! << 16) | (d[at + 11]! << 24)) >>> 0;
      const pid = (d[at + 12]! | (d[at + 13]! << 8) | (d[at + 14]! << 16) | (d[at + 15]! << 24)) >>> 0;
      let p: Pending | undefined;
      if (group <= 0 && seq !== 0) {
        if (seq !== lastSeq || last === undefined || last.settled) {
          lastSeq = seq;
          last = this.#findPending(seq);
        }
        p = last;
      }
      if (p !== undefined && (pid === port || pid === 0) && p.decode !== undefined && !debugEnabled &&
        type >= NLMSG_MIN_TYPE && (flags & (NLM_F_MULTI | NLM_F_DUMP_INTR)) === NLM_F_MULTI) {
        p.progress++;
        // #decodeInto, written out: this runs once per message of a dump, mostly before the JIT warms up.
        if (p.decodeError === undefined) {
          try {
            const v = p.decode(type, flags, d, at + NLMSG_HDRLEN, at + length);
            if (v !== undefined) p.replies.push(v);
          } catch (err) {
            p.decodeError = err ?? new Error("collect(): the decoder threw undefined");
          }
        }
        continue;
      }
      const m: Message = { type, flags, seq, pid, data: new Uint8Array(buffer, base + at + NLMSG_HDRLEN, length - NLMSG_HDRLEN) };
      if (debugEnabled) traceMessage("recv", port, m, group);
      if (p === undefined || (pid !== port && pid !== 0)) {
        this.#deliver(m);
        continue;
      }
      if (type >= NLMSG_MIN_TYPE && (flags & (NLM_F_MULTI | NLM_F_DUMP_INTR)) === NLM_F_MULTI) {
        p.progress++;
        if (p.decode === undefined) p.replies.push(m);
        else this.#decodeInto(p, type, flags, m.data, 0, m.data.length);
      } else this.#onReply(p, m);
    }
  }

  /** collect(): decode one reply payload into p.replies; the first throw is kept for #finish. */
  #decodeInto(p: Pending, type: number, flags: number, bytes: Uint8Array, start: number, end: number): void {
    if (p.decodeError !== undefined) return;
    try {
      const v = p.decode!(type, flags, bytes, start, end);
      if (v !== undefined) p.replies.push(v);
    } catch (err) {
      p.decodeError = err ?? new Error("collect(): the decoder threw undefined");
    }
  }

  #onReply(p: Pending, m: Message): void {
    p.progress++;
    switch (m.type) {
      case NLMSG_NOOP:
        return;
      case NLMSG_ERROR: {
        let errno: number;
        let ext: ExtendedAck;
        try {
          ({ errno, ext } = parseError(m));
        } catch (err) {
          this.#finish(p, err, undefined);
          return;
        }
        if (errno === 0) this.#finish(p, undefined, p.replies);
        else this.#finish(p, new NetlinkError(-errno, operationName(p), ext), undefined);
        return;
      }
      case NLMSG_DONE: {
        if (m.data.length >= 4) {
          const errno = new DataView(m.data.buffer, m.data.byteOffset, 4).getInt32(0, true);
          if (errno < 0) {
            const ext = (m.flags & NLM_F_ACK_TLVS) !== 0 ? parseExtAck(m.data.subarray(4)) : {};
            this.#finish(p, new NetlinkError(-errno, operationName(p), ext), undefined);
            return;
          }
        }
        if (p.interrupted || (m.flags & NLM_F_DUMP_INTR) !== 0) this.#finish(p, new DumpInterruptedError(1), undefined);
        else this.#finish(p, undefined, p.replies);
        return;
      }
      case NLMSG_OVERRUN:
        this.#finish(p, new DecodeError("kernel sent NLMSG_OVERRUN"), undefined);
        return;
    }
    if (p.decode === undefined) p.replies.push(m);
    else this.#decodeInto(p, m.type, m.flags, m.data, 0, m.data.length);
    if ((m.flags & NLM_F_DUMP_INTR) !== 0) p.interrupted = true;
    if ((m.flags & NLM_F_MULTI) === 0 && !p.ack) this.#finish(p, undefined, p.replies);
  }

  #deliver(m: Message | Overrun): void {
    let full = false;
    for (const r of this.#receivers) {
      if (r.done) continue;
      r.queue.push(m);
      if (r.queue.length >= this.#highWater) full = true;
      if (r.wake) {
        const w = r.wake;
        r.wake = null;
        w();
      }
    }
    if (full && !this.#paused) {
      this.#paused = true;
      this.#t.pause();
    }
  }

  #onOverrun(): void {
    this.#overruns++;
    if (debugEnabled) trace(`overrun #${this.#overruns} on port ${this.#port}`);
    this.#deliver(new Overrun(this.#overruns));
  }

  #onError(err: unknown): void {
    this.#failAll(err);
  }

  #failAll(err: unknown): void {
    for (const p of this.#allPending()) this.#finish(p, err, undefined);
    for (const r of this.#receivers) {
      r.error = err;
      r.done = true;
      r.wake?.();
    }
  }

  /**
   * An async iterator over every message this socket receives that is not a reply to a pending
   * request (multicast events, notifications), plus an Overrun item whenever the kernel dropped
   * messages. `break` (return()) stops it; the signal's abort rejects the pending next().
   */
  receive(options: ReceiveOptions = {}): AsyncIterableIterator<Message | Overrun> {
    return this.#iterate(options, () => {});
  }

  /**
   * Join multicast groups and iterate over what arrives, as receive() does. Groups this call
   * joined are left again when the iteration ends.
   */
  subscribe(groups: readonly number[], options: ReceiveOptions = {}): AsyncIterableIterator<Message | Overrun> {
    if (this.#closed) throw new ConnClosedError();
    for (const g of groups) this.#refGroup(g);
    return this.#iterate(options, () => {
      for (const g of groups) this.#unrefGroup(g);
    });
  }

  #refGroup(group: number): void {
    const n = this.#groupRefs.get(group) ?? 0;
    if (n === 0 && !this.#t.groups().includes(group)) this.#t.joinGroup(group);
    this.#groupRefs.set(group, n + 1);
  }

  #unrefGroup(group: number): void {
    const n = this.#groupRefs.get(group) ?? 0;
    if (n <= 1) {
      this.#groupRefs.delete(group);
      if (!this.#closed && n === 1) this.#t.leaveGroup(group);
    } else this.#groupRefs.set(group, n - 1);
  }

  #iterate(options: ReceiveOptions, onEnd: () => void): AsyncIterableIterator<Message | Overrun> {
    const signal = options.signal;
    const r: Receiver = { queue: [], wake: null, done: this.#closed, error: undefined };
    let ended = false;
    let head = 0;
    const end = () => {
      if (ended) return;
      ended = true;
      r.done = true;
      this.#receivers.delete(r);
      signal?.removeEventListener("abort", onAbort);
      onEnd();
      this.#updateWaiting();
      r.wake?.();
    };
    const onAbort = () => {
      r.error = signal!.reason;
      end();
    };
    if (signal?.aborted) r.error = signal.reason;
    else if (!this.#closed) {
      this.#receivers.add(r);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#updateWaiting();
      this.#t.poll();
    }
    const take = (): IteratorResult<Message | Overrun> | undefined => {
      if (head < r.queue.length) {
        const v = r.queue[head++]!;
        if (head > 1024 && head * 2 > r.queue.length) {
          r.queue.splice(0, head);
          head = 0;
        }
        if (this.#paused && r.queue.length - head < this.#highWater / 2) {
          this.#paused = false;
          this.#t.resume();
        }
        return { value: v, done: false };
      }
      return undefined;
    };
    const iterator: AsyncIterableIterator<Message | Overrun> = {
      next: async () => {
        for (;;) {
          const got = take();
          if (got) return got;
          if (r.error !== undefined) {
            const e = r.error;
            r.error = undefined;
            end();
            throw e;
          }
          if (r.done) {
            end();
            return { value: undefined, done: true };
          }
          await new Promise<void>((resolve) => (r.wake = resolve));
        }
      },
      return: async () => {
        end();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  /** Join a multicast group at run time. */
  joinGroup(group: number): void {
    if (this.#closed) throw new ConnClosedError();
    this.#t.joinGroup(group);
  }

  /** Leave a multicast group. */
  leaveGroup(group: number): void {
    if (this.#closed) throw new ConnClosedError();
    this.#t.leaveGroup(group);
  }

  /** The multicast groups this socket belongs to. */
  groups(): number[] {
    if (this.#closed) throw new ConnClosedError();
    return this.#t.groups();
  }

  /**
   * Close the socket: pending requests reject with ConnClosedError, iterators end. Idempotent.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const err = new ConnClosedError();
    for (const p of this.#allPending()) this.#finish(p, err, undefined);
    for (const r of this.#receivers) {
      r.done = true;
      r.wake?.();
    }
    this.#receivers.clear();
    this.#t.setWaiting(false);
    this.#t.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

/** Parse an NLMSG_ERROR payload: errno (negative or 0) and extended ACK attributes. */
export function parseError(m: Message): { errno: number; ext: ExtendedAck } {
  if (m.data.length < 4) throw new DecodeError(`NLMSG_ERROR payload of ${m.data.length} bytes, needs at least 4`);
  const view = new DataView(m.data.buffer, m.data.byteOffset, m.data.byteLength);
  const errno = view.getInt32(0, true);
  if ((m.flags & NLM_F_ACK_TLVS) === 0) return { errno, ext: {} };
  let off = 4;
  if ((m.flags & NLM_F_CAPPED) !== 0) off += NLMSG_HDRLEN;
  else {
    if (m.data.length < 4 + NLMSG_HDRLEN) throw new DecodeError("NLMSG_ERROR too short for the echoed header");
    off += (view.getUint32(4, true) + 3) & ~3;
  }
  if (off > m.data.length) throw new DecodeError("NLMSG_ERROR echoed request runs past the message");
  return { errno, ext: parseExtAck(m.data.subarray(off)) };
}

function parseExtAck(data: Uint8Array): ExtendedAck {
  const ext: ExtendedAck = {};
  const ad = new AttributeDecoder(data);
  while (ad.next()) {
    switch (ad.type) {
      case NLMSGERR_ATTR_MSG:
        ext.message = ad.string();
        break;
      case NLMSGERR_ATTR_OFFS:
        ext.offset = ad.u32();
        break;
      case NLMSGERR_ATTR_MISS_TYPE:
        ext.missingType = ad.u32();
        break;
      case NLMSGERR_ATTR_MISS_NEST:
        ext.missingNest = ad.u32();
        break;
      case NLMSGERR_ATTR_COOKIE:
        ext.cookie = ad.bytes().slice();
        break;
      case NLMSGERR_ATTR_POLICY:
        ext.policy = ad.bytes().slice();
        break;
    }
  }
  return ext;
}
