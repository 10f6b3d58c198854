import { ptr } from "bun:ffi";
import type { Socket } from "bun";
import { NETLINK_ADD_MEMBERSHIP, NETLINK_DROP_MEMBERSHIP, NETLINK_LIST_MEMBERSHIPS, SOL_NETLINK } from "../netlink/constants.ts";
import { DecodeError, NetlinkError } from "../netlink/errors.ts";
import { debugEnabled, trace } from "../netlink/debug.ts";
import type { Transport, TransportHandlers } from "../netlink/transport.ts";
import { libc, type Libc } from "./libc.ts";

const AF_NETLINK = 16;
const SOCK_RAW = 3;
const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;
const MSG_TRUNC = 0x20;
const EAGAIN = 11;
const EINTR = 4;
const ENOBUFS = 105;
const SOCKADDR_NL_SIZE = 12;
const MSGHDR_SIZE = 56;

/** Memory whose address never moves: TypedArrays over their own ArrayBuffer (see the README). */
function pinned(n: number): Uint8Array {
  return new Uint8Array(new ArrayBuffer(n));
}

/**
 * A NetlinkSocket is the Transport over a real AF_NETLINK socket. It reads with non-blocking
 * recvmsg itself, and waits for readiness (only when a caller waits and nothing is ready) through
 * Bun's event loop, by handing Bun a dup of the descriptor.
 */
export class NetlinkSocket implements Transport {
  readonly fd: number;
  readonly #c: Libc;
  #port = 0;
  #h: TransportHandlers | undefined;
  #closed = false;
  #paused = false;
  #waiting = false;
  #watcher: Socket<undefined> | undefined;
  #watcherPending = false;
  #fallbackTimer: ReturnType<typeof setInterval> | undefined;
  #polling = false;

  // Pinned structures for sendmsg/recvmsg.
  readonly #kernelAddr = pinned(SOCKADDR_NL_SIZE);
  readonly #sendIov = pinned(16);
  readonly #sendMsg = pinned(MSGHDR_SIZE);
  #sendBuf = pinned(4096);
  readonly #recvAddr = pinned(SOCKADDR_NL_SIZE);
  readonly #recvIov = pinned(16);
  readonly #recvMsg = pinned(MSGHDR_SIZE);
  #recvBuf: Uint8Array;
  readonly #recvMsgView: DataView;
  readonly #recvAddrView: DataView;
  readonly #scratch = pinned(4096);
  readonly #scratchView = new DataView(this.#scratch.buffer);

  /** Open a socket of the given netlink protocol; `receiveBufferSize` is the read buffer in bytes. */
  constructor(protocol: number, options: { receiveBufferSize?: number } = {}) {
    this.#c = libc();
    const c = this.#c;
    const fd = c.socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
    if (fd < 0) throw new NetlinkError(c.errno(), "socket");
    this.fd = fd;
    try {
      this.#kernelAddr[0] = AF_NETLINK;
      // Bind with port 0: the kernel picks a unique port id.
      if (c.bind(fd, ptr(this.#kernelAddr), SOCKADDR_NL_SIZE) < 0) throw new NetlinkError(c.errno(), "bind");
      // Connect to the kernel: unicasts from other user-space sockets are then refused.
      if (c.connect(fd, ptr(this.#kernelAddr), SOCKADDR_NL_SIZE) < 0) throw new NetlinkError(c.errno(), "connect");
      const len = this.#scratchView;
      len.setUint32(64, SOCKADDR_NL_SIZE, true);
      if (c.getsockname(fd, ptr(this.#scratch), ptr(this.#scratch, 64)) < 0) throw new NetlinkError(c.errno(), "getsockname");
      this.#port = this.#scratchView.getUint32(4, true);
    } catch (err) {
      c.close(fd);
      throw err;
    }
    this.#recvBuf = pinned(Math.max(options.receiveBufferSize ?? 65536, 4096));
    // msghdr layout on LP64: name(0) namelen(8) iov(16) iovlen(24) control(32) controllen(40) flags(48).
    const sm = new DataView(this.#sendMsg.buffer);
    sm.setBigUint64(0, BigInt(ptr(this.#kernelAddr)), true);
    sm.setUint32(8, SOCKADDR_NL_SIZE, true);
    sm.setBigUint64(16, BigInt(ptr(this.#sendIov)), true);
    sm.setBigUint64(24, 1n, true);
    this.#recvMsgView = new DataView(this.#recvMsg.buffer);
    this.#recvAddrView = new DataView(this.#recvAddr.buffer);
    this.#setRecvBuffer(this.#recvBuf);
  }

  #setRecvBuffer(buf: Uint8Array): void {
    this.#recvBuf = buf;
    const iov = new DataView(this.#recvIov.buffer);
    iov.setBigUint64(0, BigInt(ptr(buf)), true);
    iov.setBigUint64(8, BigInt(buf.length), true);
    const m = this.#recvMsgView;
    m.setBigUint64(0, BigInt(ptr(this.#recvAddr)), true);
    m.setBigUint64(16, BigInt(ptr(this.#recvIov)), true);
    m.setBigUint64(24, 1n, true);
  }

  get portId(): number {
    return this.#port;
  }

  attach(handlers: TransportHandlers): void {
    this.#h = handlers;
  }

  send(datagram: Uint8Array): void {
    if (this.#closed) throw new NetlinkError(9, "sendmsg");
    if (datagram.length > this.#sendBuf.length) {
      let n = this.#sendBuf.length;
      while (n < datagram.length) n *= 2;
      this.#sendBuf = pinned(n);
    }
    this.#sendBuf.set(datagram);
    const iov = new DataView(this.#sendIov.buffer);
    iov.setBigUint64(0, BigInt(ptr(this.#sendBuf)), true);
    iov.setBigUint64(8, BigInt(datagram.length), true);
    for (;;) {
      const n = this.#c.sendmsg(this.fd, ptr(this.#sendMsg), 0);
      if (n >= 0) return;
      const e = this.#c.errno();
      if (e !== EINTR) throw new NetlinkError(e, "sendmsg");
    }
  }

  /** Read every datagram that is ready, without blocking. */
  poll(): void {
    if (this.#closed || this.#paused || this.#polling) return;
    this.#polling = true;
    try {
      this.#drain();
    } finally {
      this.#polling = false;
    }
  }

  #drain(): void {
    const c = this.#c;
    const m = this.#recvMsgView;
    const msgPtr = ptr(this.#recvMsg);
    while (!this.#closed && !this.#paused) {
      m.setUint32(8, SOCKADDR_NL_SIZE, true);
      const n = c.recvmsg(this.fd, msgPtr, MSG_TRUNC);
      if (n < 0) {
        const e = c.errno();
        if (e === EAGAIN) return;
        if (e === EINTR) continue;
        if (e === ENOBUFS) {
          this.#h?.overrun();
          continue;
        }
        this.#h?.error(new NetlinkError(e, "recvmsg"));
        return;
      }
      const flags = m.getInt32(48, true);
      if ((flags & MSG_TRUNC) !== 0 || n > this.#recvBuf.length) {
        // The datagram is gone; never pretend otherwise. Grow so the next one fits.
        const size = this.#recvBuf.length;
        this.#setRecvBuffer(pinned(Math.max(n, size * 2)));
        this.#h?.error(new DecodeError(`a ${n}-byte datagram was truncated by the ${size}-byte receive buffer and lost; the buffer has grown`));
        continue;
      }
      const group = this.#recvAddrView.getUint32(8, true);
      const sender = this.#recvAddrView.getUint32(4, true);
      if (sender !== 0) {
        if (debugEnabled) trace(`dropped a datagram from user-space port ${sender}`);
        continue;
      }
      this.#h?.datagram(this.#recvBuf.slice(0, n), group === 0 ? 0 : groupNumber(group));
    }
  }

  setWaiting(waiting: boolean): void {
    this.#waiting = waiting;
    this.#updateWatcher();
  }

  pause(): void {
    this.#paused = true;
    this.#updateWatcher();
  }

  resume(): void {
    this.#paused = false;
    this.#updateWatcher();
    queueMicrotask(() => this.poll());
  }

  #updateWatcher(): void {
    const want = this.#waiting && !this.#paused && !this.#closed;
    if (want && !this.#watcher && !this.#watcherPending && !this.#fallbackTimer) this.#arm();
    else if (!want) this.#disarm();
  }

  #arm(): void {
    const dupFd = this.#c.dup(this.fd);
    if (dupFd < 0) {
      this.#h?.error(new NetlinkError(this.#c.errno(), "dup"));
      return;
    }
    this.#watcherPending = true;
    // Bun's socket layer reads the dup when it becomes readable and hands us that datagram
    // (uSockets reads one datagram per recv, into a 512 KiB buffer); we then drain the rest
    // ourselves. On ENOBUFS Bun closes its dup: that is our overrun signal, and we re-arm.
    let self: Socket<undefined> | undefined;
    // `fd` is accepted by Bun.connect but absent from its types.
    (Bun.connect as unknown as (o: object) => Promise<Socket<undefined>>)({
      fd: dupFd,
      socket: {
        data: (_s: Socket<undefined>, chunk: Uint8Array) => {
          if (this.#closed) return;
          this.#h?.datagram(new Uint8Array(chunk), -1);
          this.poll();
        },
        close: (s: Socket<undefined>, err?: unknown) => {
          if (this.#watcher === s || self === s) this.#watcher = undefined;
          if (this.#closed) return;
          if ((err as { code?: string } | undefined)?.code === "ENOBUFS") {
            this.#h?.overrun();
            this.poll();
          }
          this.#updateWatcher();
        },
        error: () => {},
      },
    }).then(
      (s: Socket<undefined>) => {
        self = s;
        this.#watcherPending = false;
        if (this.#closed || !this.#waiting || this.#paused) {
          s.terminate();
          return;
        }
        this.#watcher = s;
        // Data may have arrived between the last poll and now.
        this.poll();
      },
      (err: unknown) => {
        this.#watcherPending = false;
        if (debugEnabled) trace(`Bun.connect on a netlink fd failed (${err}); polling with a timer`);
        this.#c.close(dupFd);
        this.#fallbackTimer = setInterval(() => this.poll(), 1);
        this.#updateWatcher();
      },
    );
  }

  #disarm(): void {
    if (this.#watcher) {
      const w = this.#watcher;
      this.#watcher = undefined;
      w.terminate();
    }
    if (this.#fallbackTimer) {
      clearInterval(this.#fallbackTimer);
      this.#fallbackTimer = undefined;
    }
  }

  #intOption(value: number): void {
    this.#scratchView.setInt32(0, value, true);
  }

  joinGroup(group: number): void {
    this.setOption(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group);
  }

  leaveGroup(group: number): void {
    this.setOption(SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, group);
  }

  groups(): number[] {
    const c = this.#c;
    this.#scratchView.setUint32(4000, 4000, true);
    this.#scratch.fill(0, 0, 4000);
    if (c.getsockopt(this.fd, SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, ptr(this.#scratch), ptr(this.#scratch, 4000)) < 0) {
      throw new NetlinkError(c.errno(), "getsockopt(NETLINK_LIST_MEMBERSHIPS)");
    }
    const out: number[] = [];
    const words = Math.min(1000, Math.ceil(this.#scratchView.getUint32(4000, true) / 4));
    for (let w = 0; w < words; w++) {
      const bits = this.#scratchView.getUint32(w * 4, true);
      for (let b = 0; b < 32; b++) if (bits & (1 << b)) out.push(w * 32 + b + 1);
    }
    return out;
  }

  setOption(level: number, name: number, value: number): void {
    this.#intOption(value);
    if (this.#c.setsockopt(this.fd, level, name, ptr(this.#scratch), 4) < 0) {
      throw new NetlinkError(this.#c.errno(), `setsockopt(${level}, ${name})`);
    }
  }

  getOption(level: number, name: number): number {
    this.#scratchView.setUint32(64, 4, true);
    if (this.#c.getsockopt(this.fd, level, name, ptr(this.#scratch), ptr(this.#scratch, 64)) < 0) {
      throw new NetlinkError(this.#c.errno(), `getsockopt(${level}, ${name})`);
    }
    return this.#scratchView.getInt32(0, true);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#disarm();
    this.#c.close(this.fd);
  }
}

/** sockaddr_nl.nl_groups is a bit mask of groups 1..32; a message arrives on one group. */
function groupNumber(mask: number): number {
  return 32 - Math.clz32(mask);
}
