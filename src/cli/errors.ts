/**
 * How the CLI reports failures: every error becomes one message, an optional hint, and an exit
 * status that scripts can test.
 */
import { DecodeError, EncodeError, NetlinkError, TimeoutError } from "../netlink/index.ts";
import { WifiUnavailableError } from "../wifi/errors.ts";

/** Exit statuses of the bun-netlink command. */
export const EXIT = {
  /** Everything worked. */
  ok: 0,
  /** The operation failed: the kernel said no, a link does not exist, a time-out… */
  failure: 1,
  /** The command line is wrong (unknown command or option, bad address…). */
  usage: 2,
  /** The kernel lacks what the command needs: no WiFi stack (nl80211). */
  unavailable: 3,
  /** Permission denied: the command needs CAP_NET_ADMIN (or CAP_SYS_ADMIN for --netns). */
  permission: 4,
} as const;

/** A wrong command line: the message says what, the usage text says how. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A failure the CLI itself detected and can describe better than the underlying error. */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
    readonly hint?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** What to print for an error and which status to exit with. */
export interface ErrorReport {
  message: string;
  hint?: string;
  exitCode: number;
}

const CAP_HINT =
  "changing network state needs CAP_NET_ADMIN: run as root (sudo bun-netlink …) or grant the capability " +
  "(setcap cap_net_admin+ep on the compiled binary)";
const NETNS_HINT = "entering a network namespace (--netns) needs CAP_SYS_ADMIN: run as root";

/** Turn any thrown value into what the CLI prints and the status it exits with. */
export function reportError(err: unknown): ErrorReport {
  if (err instanceof UsageError) return { message: err.message, hint: "run 'bun-netlink help' for usage", exitCode: EXIT.usage };
  if (err instanceof CliError) return { message: err.message, ...(err.hint !== undefined ? { hint: err.hint } : {}), exitCode: err.exitCode };
  if (err instanceof WifiUnavailableError) {
    return {
      message: "no WiFi stack (nl80211 not available): the kernel has no \"nl80211\" generic netlink family",
      hint: "load cfg80211 and a WiFi driver (or mac80211_hwsim to simulate radios); containers and many VMs have none",
      exitCode: EXIT.unavailable,
    };
  }
  if (err instanceof NetlinkError) return reportNetlinkError(err);
  if (err instanceof EncodeError) return { message: `invalid argument: ${err.message}`, hint: "run 'bun-netlink help' for usage", exitCode: EXIT.usage };
  if (err instanceof DecodeError) return { message: `the kernel sent something this library cannot decode: ${err.message}`, exitCode: EXIT.failure };
  if (err instanceof TimeoutError) return { message: err.message, exitCode: EXIT.failure };
  const code = (err as { code?: unknown } | null)?.code;
  if (code === "EACCES" || code === "EPERM") {
    return { message: `permission denied: ${(err as Error).message}`, hint: NETNS_HINT, exitCode: EXIT.permission };
  }
  return { message: err instanceof Error ? err.message : String(err), exitCode: EXIT.failure };
}

function reportNetlinkError(err: NetlinkError): ErrorReport {
  const what = err.syscall;
  const detail = err.extAck.message ? `: ${err.extAck.message}` : "";
  if (err.code === "EPERM" || err.code === "EACCES") {
    const netns = what.startsWith("setns") || what.startsWith("open network namespace");
    return { message: `permission denied (${what})${detail}`, hint: netns ? NETNS_HINT : CAP_HINT, exitCode: EXIT.permission };
  }
  if (what.startsWith("open network namespace") && err.code === "ENOENT") {
    return { message: `no such network namespace: ${what.slice("open network namespace ".length)}`, hint: "list them with 'ip netns list'", exitCode: EXIT.failure };
  }
  return { message: err.message, exitCode: EXIT.failure };
}

/** The CliError for a link that does not exist. */
export function unknownLinkError(link: string | number, cause?: unknown): CliError {
  return new CliError(`unknown link ${JSON.stringify(String(link))}`, EXIT.failure, "list the links with 'bun-netlink link'", cause === undefined ? undefined : { cause });
}

/** Rethrow a kernel ENODEV for a link lookup as "unknown link NAME"; other errors unchanged. */
export function unknownLink(err: unknown, link: string | number): unknown {
  return err instanceof NetlinkError && err.code === "ENODEV" ? unknownLinkError(link, err) : err;
}
