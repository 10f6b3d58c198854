import { ptr, type Pointer } from "bun:ffi";
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
const SOL_SOCKET = 1;
const SO_RCVBUF = 8;
const SO_RCVBUFFORCE = 33;
/**
 * The kernel receive buffer a socket gets when it joins its first multicast group, unless one
 * was set explicitly: 4 MiB asked, 8 MiB effective (the kernel doubles it). The kernel default
 * (net.core.rmem_default, 208 KiB) holds only ~200 route events, so a burst (`ip -batch`, a
 * routing daemon's table load) overruns a listener that is briefly descheduled. The memory is
 * only used while the listener is behind. SO_RCVBUFFORCE where permitted (CAP_NET_ADMIN), else
 * SO_RCVBUF, which the kernel caps at net.core.rmem_max.
 */
const SUBSCRIPTION_RECEIVE_BUFFER = 4 << 20;
/**
 * Received datagrams are read straight into an arena of this size and handed up as views, so
 * nothing is copied; a new arena starts when the current one has no room for a whole read.
 * A datagram view keeps its arena alive, so this bounds what one retained message can pin.
 */
const ARENA_SIZE = 1 << 20;

/** Memory whose address never moves: TypedArrays over their own ArrayBuffer (see the README). */
function pinned(n: number): Uint8Array {
  return new Uint8Array(new ArrayBuffer(n));
}

/**
 * A NetlinkSocket is the Transport over a real AF_NETLINK socket. It reads with non-blocking
 * recvfrom itself, and waits for readiness (only when a caller waits and nothing is ready) through
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
  #armQueued = false;
  /** Whether setWaiting was ever called: only then does poll() stop reading when nobody waits. */
  #waitingReported = false;
  #watcher: Socket<undefined> | undefined;
  #watcherPending = false;
  #fallbackTimer: ReturnType<typeof setInterval> | undefined;
  #polling = false;
  /** Whether the kernel receive buffer was set by the caller or already raised for a subscription. */
  #receiveBufferChosen = false;

  #sendBuf = pinned(4096);
  #sendPtr: Pointer;
  /** Bytes one read may need (the largest datagram expected); grows after a truncation. */
  #readSize: number;
  #arena: ArrayBuffer = new ArrayBuffer(0);
  #arenaPtr = 0;
  #arenaOff = 0;
  /** sockaddr_nl of the last sender (nl_family, nl_pid at [1], nl_groups at [2]) and its length at [3]. */
  readonly #from = new Uint32Array(new ArrayBuffer(16));
  readonly #fromPtr: Pointer;
  readonly #fromLenPtr: Pointer;
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
      const kernel = pinned(SOCKADDR_NL_SIZE);
      kernel[0] = AF_NETLINK;
      // Bind with port 0: the kernel picks a unique port id.
      if (c.bind(fd, ptr(kernel), SOCKADDR_NL_SIZE) < 0) throw new NetlinkError(c.errno(), "bind");
      // Connect to the kernel: unicasts from other user-space sockets are then refused, and plain
      // send(2) goes to the kernel.
      if (c.connect(fd, ptr(kernel), SOCKADDR_NL_SIZE) < 0) throw new NetlinkError(c.errno(), "connect");
      const len = this.#scratchView;
      len.setUint32(64, SOCKADDR_NL_SIZE, true);
      if (c.getsockname(fd, ptr(this.#scratch), ptr(this.#scratch, 64)) < 0) throw new NetlinkError(c.errno(), "getsockname");
      this.#port = this.#scratchView.getUint32(4, true);
    } catch (err) {
      c.close(fd);
      throw err;
    }
    this.#readSize = Math.max(options.receiveBufferSize ?? 65536, 4096);
    this.#sendPtr = ptr(this.#sendBuf);
    this.#fromPtr = ptr(this.#from);
    this.#fromLenPtr = ptr(this.#from, 12);
  }

  get portId(): number {
    return this.#port;
  }

  attach(handlers: TransportHandlers): void {
    this.#h = handlers;
  }

  send(datagram: Uint8Array): void {
    if (this.#closed) throw new NetlinkError(9, "sendmsg");
    const n = datagram.length;
    if (n > this.#sendBuf.length) {
      let size = this.#sendBuf.length;
      while (size < n) size *= 2;
      this.#sendBuf = pinned(size);
      this.#sendPtr = ptr(this.#sendBuf);
    }
    const buf = this.#sendBuf;
    if (n <= 64) for (let i = 0; i < n; i++) buf[i] = datagram[i]!;
    else buf.set(datagram);
    for (;;) {
      if (this.#c.send(this.fd, this.#sendPtr, n, 0) >= 0) return;
      const e = this.#c.errno();
      if (e !== EINTR) throw new NetlinkError(e, "sendmsg");
    }
  }

  /**
   * Read the datagrams that are ready, without blocking. Once an owner (the Conn) reports through
   * setWaiting whether it waits, reading stops as soon as it no longer does: that saves the read
   * that would find the socket empty after a request's last reply. Without such an owner every
   * ready datagram is read.
   */
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
    const from = this.#from;
    while (!this.#closed && !this.#paused) {
      const off = this.#room(this.#readSize);
      from[3] = SOCKADDR_NL_SIZE;
      const n = c.recvfrom(this.fd, (this.#arenaPtr + off) as Pointer, this.#readSize, MSG_TRUNC, this.#fromPtr, this.#fromLenPtr);
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
      if (n > this.#readSize) {
        // With MSG_TRUNC the kernel returns the datagram's real length: it did not fit and is
        // gone. Never pretend otherwise; grow so the next one fits.
        const size = this.#readSize;
        this.#readSize = Math.max(n, size * 2);
        this.#h?.error(new DecodeError(`a ${n}-byte datagram was truncated by the ${size}-byte receive buffer and lost; the buffer has grown`));
        continue;
      }
      const sender = from[1]!;
      if (sender !== 0) {
        if (debugEnabled) trace(`dropped a datagram from user-space port ${sender}`);
        continue;
      }
      const groups = from[2]!;
      this.#arenaOff = (off + n + 7) & ~7;
      this.#h?.datagram(new Uint8Array(this.#arena, off, n), groups === 0 ? 0 : groupNumber(groups));
      if (!this.#waiting && this.#waitingReported) return;
    }
  }

  /** The arena offset where `n` bytes fit, starting a new arena when the current one is full. */
  #room(n: number): number {
    if (this.#arena.byteLength - this.#arenaOff < n) {
      this.#arena = new ArrayBuffer(Math.max(ARENA_SIZE, n * 4));
      this.#arenaPtr = ptr(this.#arena);
      this.#arenaOff = 0;
    }
    return this.#arenaOff;
  }

  setWaiting(waiting: boolean): void {
    this.#waiting = waiting;
    this.#waitingReported = true;
    if (!waiting) {
      this.#updateWatcher();
      return;
    }
    // Arm the readiness watcher only if the wait outlives the current task: a request whose reply
    // the kernel queued during send() is finished by then, and arming costs a dup and a Bun socket.
    if (!this.#armQueued && !this.#watcher && !this.#watcherPending && !this.#fallbackTimer) {
      this.#armQueued = true;
      queueMicrotask(this.#armLater);
    }
  }

  readonly #armLater = (): void => {
    this.#armQueued = false;
    this.#updateWatcher();
  };

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
          // Copied into the arena: ArrayBuffer-backed, so decoders' views and DataViews are cheap.
          const off = this.#room(chunk.length);
          const copy = new Uint8Array(this.#arena, off, chunk.length);
          copy.set(chunk);
          this.#arenaOff = (off + chunk.length + 7) & ~7;
          this.#h?.datagram(copy, -1);
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
    if (!this.#receiveBufferChosen) {
      this.#receiveBufferChosen = true;
      this.#raiseReceiveBuffer(SUBSCRIPTION_RECEIVE_BUFFER);
    }
  }

  /** Best effort: a socket that cannot grow its buffer still works, as with the kernel default. */
  #raiseReceiveBuffer(bytes: number): void {
    if (this.getOption(SOL_SOCKET, SO_RCVBUF) >= bytes * 2) return;
    this.#intOption(bytes);
    if (this.#c.setsockopt(this.fd, SOL_SOCKET, SO_RCVBUFFORCE, ptr(this.#scratch), 4) === 0) return;
    this.#intOption(bytes);
    this.#c.setsockopt(this.fd, SOL_SOCKET, SO_RCVBUF, ptr(this.#scratch), 4);
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
    if (level === SOL_SOCKET && (name === SO_RCVBUF || name === SO_RCVBUFFORCE)) this.#receiveBufferChosen = true;
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
