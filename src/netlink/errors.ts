import { ERRNO_NAMES } from "./errno.ts";

/** The name of an errno number ("ENOENT"), or "E<n>" for one the table lacks. */
export function errnoName(errno: number): string {
  return ERRNO_NAMES[Math.abs(errno)] ?? `E${Math.abs(errno)}`;
}

/** Extended ACK details the kernel attached to an error or warning. */
export interface ExtendedAck {
  /** NLMSGERR_ATTR_MSG: a human-readable reason. */
  message?: string;
  /** NLMSGERR_ATTR_OFFS: byte offset of the offending attribute in the request. */
  offset?: number;
  /** NLMSGERR_ATTR_MISS_TYPE: type of a required attribute that was missing. */
  missingType?: number;
  /** NLMSGERR_ATTR_MISS_NEST: offset of the nest in which it was missing. */
  missingNest?: number;
  /** NLMSGERR_ATTR_COOKIE: opaque subsystem cookie. */
  cookie?: Uint8Array;
  /** NLMSGERR_ATTR_POLICY: raw policy of the rejected attribute. */
  policy?: Uint8Array;
}

/**
 * A NetlinkError is the kernel saying no: an NLMSG_ERROR with a non-zero code, a failed NLMSG_DONE,
 * or a failed socket call. It is shaped like Node's system errors, so `err.code === "ENOENT"` works.
 */
export class NetlinkError extends Error {
  override readonly name = "NetlinkError";
  /** Positive errno number, e.g. 2. */
  readonly errno: number;
  /** Errno name, e.g. "ENOENT". */
  readonly code: string;
  /** What was being done: a syscall name ("sendmsg") or a netlink operation ("RTM_NEWLINK"). */
  readonly syscall: string;
  readonly extAck: ExtendedAck;

  constructor(errno: number, syscall: string, extAck: ExtendedAck = {}) {
    const e = Math.abs(errno);
    const code = errnoName(e);
    const detail = extAck.message ? `: ${extAck.message}` : "";
    super(`${syscall} failed: ${code} (${describeErrno(e)})${detail}`);
    this.errno = e;
    this.code = code;
    this.syscall = syscall;
    this.extAck = extAck;
  }
}

/** A DecodeError means bytes did not form valid netlink: it names what was being read and where. */
export class DecodeError extends Error {
  override readonly name = "DecodeError";
  readonly code = "ERR_NETLINK_DECODE";
  constructor(message: string) {
    super(message);
  }
}

/** An EncodeError collects every problem found while building a message. */
export class EncodeError extends Error {
  override readonly name = "EncodeError";
  readonly code = "ERR_NETLINK_ENCODE";
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(problems.length === 1 ? problems[0]! : `${problems.length} problems: ${problems.join("; ")}`);
    this.problems = problems;
  }
}

/** A dump reply was marked NLM_F_DUMP_INTR: the kernel's table changed while it was being read. */
export class DumpInterruptedError extends Error {
  override readonly name = "DumpInterruptedError";
  readonly code = "ERR_NETLINK_DUMP_INTERRUPTED";
  constructor(readonly attempts: number) {
    super(`dump interrupted by a concurrent change (NLM_F_DUMP_INTR) after ${attempts} attempt(s)`);
  }
}

/** The Conn was closed while the operation was pending, or used after close(). */
export class ConnClosedError extends Error {
  override readonly name = "ConnClosedError";
  readonly code = "ERR_NETLINK_CLOSED";
  constructor() {
    super("netlink connection is closed");
  }
}

/** A request received no complete reply in time. */
export class TimeoutError extends Error {
  override readonly name = "TimeoutError";
  readonly code = "ETIMEDOUT";
  constructor(ms: number) {
    super(`no netlink reply within ${ms} ms`);
  }
}

/** The kernel dropped messages (ENOBUFS) because the receive buffer overflowed. */
export class OverrunError extends Error {
  override readonly name = "OverrunError";
  readonly code = "ENOBUFS";
  constructor(readonly count: number) {
    super(`netlink receive buffer overrun (ENOBUFS), ${count} so far: messages were lost`);
  }
}

/** Netlink needs Linux; this names the platform it was tried on. */
export class UnsupportedPlatformError extends Error {
  override readonly name = "UnsupportedPlatformError";
  readonly code = "ERR_NETLINK_PLATFORM";
  constructor(platform: string) {
    super(`netlink sockets need Linux; this is ${platform}`);
  }
}

const DESCRIPTIONS: Record<number, string> = {
  1: "operation not permitted",
  2: "no such file or directory",
  3: "no such process",
  4: "interrupted system call",
  5: "I/O error",
  9: "bad file descriptor",
  11: "resource temporarily unavailable",
  12: "out of memory",
  13: "permission denied",
  16: "device or resource busy",
  17: "file exists",
  19: "no such device",
  22: "invalid argument",
  28: "no space left on device",
  34: "numerical result out of range",
  61: "no data available",
  90: "message too long",
  93: "protocol not supported",
  95: "operation not supported",
  97: "address family not supported by protocol",
  99: "cannot assign requested address",
  100: "network is down",
  101: "network is unreachable",
  105: "no buffer space available",
  110: "connection timed out",
  111: "connection refused",
  113: "no route to host",
};

function describeErrno(errno: number): string {
  return DESCRIPTIONS[errno] ?? `errno ${errno}`;
}
