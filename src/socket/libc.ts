import { dlopen, toArrayBuffer, type Pointer } from "bun:ffi";
import { UnsupportedPlatformError } from "../netlink/errors.ts";

/**
 * Every libc function the library calls, in one table, loaded on first use.
 * int and ssize_t returns are declared i32: 64-bit returns come back as BigInt or wrong for -1,
 * and no netlink call returns more than 2^31.
 */
const symbols = {
  socket: { args: ["i32", "i32", "i32"], returns: "i32" },
  bind: { args: ["i32", "ptr", "u32"], returns: "i32" },
  connect: { args: ["i32", "ptr", "u32"], returns: "i32" },
  getsockname: { args: ["i32", "ptr", "ptr"], returns: "i32" },
  setsockopt: { args: ["i32", "i32", "i32", "ptr", "u32"], returns: "i32" },
  getsockopt: { args: ["i32", "i32", "i32", "ptr", "ptr"], returns: "i32" },
  // send/recvfrom rather than sendmsg/recvmsg: the buffer address and length are plain call
  // arguments, so nothing (no msghdr, no iovec, no BigInt) is written per call.
  send: { args: ["i32", "ptr", "usize", "i32"], returns: "i32" },
  recvfrom: { args: ["i32", "ptr", "usize", "i32", "ptr", "ptr"], returns: "i32" },
  open: { args: ["ptr", "i32"], returns: "i32" },
  close: { args: ["i32"], returns: "i32" },
  dup: { args: ["i32"], returns: "i32" },
  setns: { args: ["i32", "i32"], returns: "i32" },
  __errno_location: { args: [], returns: "ptr" },
} as const;

export interface Libc {
  socket(domain: number, type: number, protocol: number): number;
  bind(fd: number, addr: Pointer, len: number): number;
  connect(fd: number, addr: Pointer, len: number): number;
  getsockname(fd: number, addr: Pointer, len: Pointer): number;
  setsockopt(fd: number, level: number, name: number, value: Pointer, len: number): number;
  getsockopt(fd: number, level: number, name: number, value: Pointer, len: Pointer): number;
  send(fd: number, buf: Pointer, len: number, flags: number): number;
  recvfrom(fd: number, buf: Pointer, len: number, flags: number, addr: Pointer, addrLen: Pointer): number;
  /** open(2) without a mode: `path` points at a NUL-terminated string. */
  open(path: Pointer, flags: number): number;
  close(fd: number): number;
  dup(fd: number): number;
  setns(fd: number, nstype: number): number;
  /** errno of the last failed call on this thread; read it right after the call. */
  errno(): number;
}

let loaded: Libc | undefined;

/** The libc table, loaded on first use. Off Linux it throws UnsupportedPlatformError. */
export function libc(): Libc {
  if (loaded) return loaded;
  if (process.platform !== "linux") throw new UnsupportedPlatformError(process.platform);
  const lib = dlopen("libc.so.6", symbols);
  const s = lib.symbols as unknown as Omit<Libc, "errno"> & { __errno_location(): Pointer };
  const errnoPtr = s.__errno_location();
  const errnoView = new Int32Array(toArrayBuffer(errnoPtr, 0, 4));
  // errno is thread-local; every call is made from this JS thread, so its address is fixed.
  loaded = {
    socket: s.socket,
    bind: s.bind,
    connect: s.connect,
    getsockname: s.getsockname,
    setsockopt: s.setsockopt,
    getsockopt: s.getsockopt,
    send: s.send,
    recvfrom: s.recvfrom,
    open: s.open,
    close: s.close,
    dup: s.dup,
    setns: s.setns,
    errno: () => errnoView[0]!,
  };
  return loaded;
}
