import type { ConnectEvent } from "./events.ts";

/**
 * The kernel has no nl80211 generic netlink family: cfg80211 is not loaded or not built (as in
 * many containers and VMs). `cause` is the controller's NetlinkError (ENOENT).
 */
export class WifiUnavailableError extends Error {
  override readonly name = "WifiUnavailableError";
  readonly code = "ERR_NL80211_UNAVAILABLE";
  constructor(cause: unknown) {
    super("nl80211 is not available: the kernel has no \"nl80211\" generic netlink family (cfg80211 not loaded)", { cause });
  }
}

/** The driver or kernel lacks a feature an operation needs (the message names it). */
export class WifiUnsupportedError extends Error {
  override readonly name = "WifiUnsupportedError";
  readonly code = "ERR_NL80211_UNSUPPORTED";
  constructor(message: string) {
    super(message);
  }
}

/** A scan this client started was aborted by the kernel (NL80211_CMD_SCAN_ABORTED). */
export class ScanAbortedError extends Error {
  override readonly name = "ScanAbortedError";
  readonly code = "ERR_NL80211_SCAN_ABORTED";
  constructor(readonly interfaceIndex: number) {
    super(`the scan on interface ${interfaceIndex} was aborted (NL80211_CMD_SCAN_ABORTED)`);
  }
}

/** A connection attempt failed: the AP refused (status code) or did not answer (timed out). */
export class ConnectError extends Error {
  override readonly name = "ConnectError";
  readonly code = "ERR_NL80211_CONNECT";
  /** The IEEE 802.11 status code (absent on a time-out). */
  readonly statusCode: number | undefined;
  readonly timedOut: boolean;
  constructor(readonly event: ConnectEvent) {
    super(
      event.timedOut
        ? `connecting failed: the AP did not answer (timed out${event.timeoutReason !== undefined ? `, reason ${event.timeoutReason}` : ""})`
        : `connecting failed: status code ${event.statusCode ?? "unknown"}`,
    );
    this.statusCode = event.statusCode;
    this.timedOut = event.timedOut;
  }
}
