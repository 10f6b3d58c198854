import { ptr } from "bun:ffi";
import {
  NETLINK_CAP_ACK,
  NETLINK_EXT_ACK,
  NETLINK_GET_STRICT_CHK,
  NETLINK_NO_ENOBUFS,
  SOL_NETLINK,
} from "../netlink/constants.ts";
import { Conn, type ConnOptions } from "../netlink/conn.ts";
import { NetlinkError } from "../netlink/errors.ts";
import { libc } from "./libc.ts";
import { NetlinkSocket } from "./socket.ts";

const SOL_SOCKET = 1;
const SO_RCVBUF = 8;
const SO_RCVBUFFORCE = 33;
const CLONE_NEWNET = 0x40000000;
const ENOPROTOOPT = 92;
const O_RDONLY = 0;
const O_CLOEXEC = 0o2000000;

/**
 * Where a socket is created: a network namespace name (as in /run/netns, what `ip netns add`
 * makes), an absolute path to a namespace file (/proc/PID/ns/net), or an open descriptor of one.
 */
export type Netns = string | number;

export interface DialOptions extends ConnOptions {
  /** Multicast groups to join at once. */
  groups?: readonly number[];
  /** Create the socket inside this network namespace. Default: the caller's. */
  netns?: Netns;
  /**
   * Kernel receive buffer (SO_RCVBUF) in bytes. As root SO_RCVBUFFORCE is used, which may exceed
   * net.core.rmem_max. Default: the kernel's (net.core.rmem_default, usually 208 KiB), raised to
   * 4 MiB (8 MiB effective) when the socket joins its first multicast group (`groups`, or a
   * Conn.subscribe), so that event bursts do not overrun it: SO_RCVBUFFORCE where permitted, else
   * SO_RCVBUF up to net.core.rmem_max. Setting this option keeps the size you chose.
   */
  kernelReceiveBuffer?: number;
  /** User-space read buffer for one datagram. Default 64 KiB (a dump datagram is at most ~32 KiB). */
  readBuffer?: number;
  /** Ask for extended ACK messages (NETLINK_EXT_ACK). Default true. */
  extendedAck?: boolean;
  /** Strict checking of dump requests (NETLINK_GET_STRICT_CHK). Default true. */
  strict?: boolean;
  /** Capped ACKs that do not echo the request (NETLINK_CAP_ACK). Default true. */
  capAck?: boolean;
  /** NETLINK_NO_ENOBUFS: never report overruns (events are then lost silently). Default false. */
  noEnobufs?: boolean;
}

/**
 * Open a netlink socket of `family` (NETLINK_ROUTE, NETLINK_GENERIC, …) and return a Conn over it.
 *
 * @example
 * await using conn = dial(NETLINK_ROUTE, { netns: "blue" });
 */
export function dial(family: number, options: DialOptions = {}): Conn {
  const sock = options.netns === undefined
    ? new NetlinkSocket(family, readBufferOption(options))
    : inNetns(options.netns, () => new NetlinkSocket(family, readBufferOption(options)));
  try {
    configure(sock, options);
  } catch (err) {
    sock.close();
    throw err;
  }
  return new Conn(sock, options);
}

function readBufferOption(o: DialOptions): { receiveBufferSize?: number } {
  return o.readBuffer === undefined ? {} : { receiveBufferSize: o.readBuffer };
}

function configure(sock: NetlinkSocket, o: DialOptions): void {
  const optional = (name: number, on: boolean) => {
    try {
      sock.setOption(SOL_NETLINK, name, on ? 1 : 0);
    } catch (err) {
      // Older kernels lack some options; "where the kernel supports them".
      if (!(err instanceof NetlinkError && err.errno === ENOPROTOOPT) || on === false) throw err;
    }
  };
  if (o.extendedAck ?? true) optional(NETLINK_EXT_ACK, true);
  if (o.strict ?? true) optional(NETLINK_GET_STRICT_CHK, true);
  if (o.capAck ?? true) optional(NETLINK_CAP_ACK, true);
  if (o.noEnobufs) sock.setOption(SOL_NETLINK, NETLINK_NO_ENOBUFS, 1);
  if (o.kernelReceiveBuffer !== undefined) setKernelReceiveBuffer(sock, o.kernelReceiveBuffer);
  for (const g of o.groups ?? []) sock.joinGroup(g);
}

/** Set SO_RCVBUF, with SO_RCVBUFFORCE when permitted (root / CAP_NET_ADMIN). */
export function setKernelReceiveBuffer(sock: NetlinkSocket, bytes: number): void {
  try {
    sock.setOption(SOL_SOCKET, SO_RCVBUFFORCE, bytes);
  } catch (err) {
    if (!(err instanceof NetlinkError && err.code === "EPERM")) throw err;
    sock.setOption(SOL_SOCKET, SO_RCVBUF, bytes);
  }
}

/** The effective kernel receive buffer (SO_RCVBUF, which the kernel doubles). */
export function kernelReceiveBuffer(sock: NetlinkSocket): number {
  return sock.getOption(SOL_SOCKET, SO_RCVBUF);
}

/**
 * Run `fn` with this thread switched into a network namespace, then switch back. Sockets made
 * inside keep belonging to that namespace. Only the JS thread moves; Bun's other threads do not.
 */
export function inNetns<T>(netns: Netns, fn: () => T): T {
  const c = libc();
  const target = typeof netns === "number" ? netns : openNetns(netns);
  let home: number;
  try {
    home = openPath("/proc/thread-self/ns/net");
  } catch (err) {
    if (typeof netns !== "number") c.close(target);
    throw err;
  }
  try {
    if (c.setns(target, CLONE_NEWNET) < 0) throw new NetlinkError(c.errno(), `setns(${String(netns)})`);
    try {
      return fn();
    } finally {
      if (c.setns(home, CLONE_NEWNET) < 0) {
        // Continuing in the wrong namespace would silently act on the wrong network.
        throw new NetlinkError(c.errno(), "setns(back to the original namespace)");
      }
    }
  } finally {
    c.close(home);
    if (typeof netns !== "number") c.close(target);
  }
}

/** Open a namespace by name (/run/netns/NAME) or path; NetlinkError(ENOENT…) when it is missing. */
export function openNetns(netns: string): number {
  const path = netns.includes("/") ? netns : `/run/netns/${netns}`;
  return openPath(path, `open network namespace ${JSON.stringify(netns)} (${path})`);
}

/**
 * open(2) read-only through the libc table. (Not node:fs: importing it costs ~5 ms of start-up,
 * more than the rest of the core together.)
 */
function openPath(path: string, operation = `open ${path}`): number {
  const c = libc();
  const bytes = new TextEncoder().encode(path);
  const z = new Uint8Array(new ArrayBuffer(bytes.length + 1));
  z.set(bytes);
  const fd = c.open(ptr(z), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw new NetlinkError(c.errno(), operation);
  return fd;
}
