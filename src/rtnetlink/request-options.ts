/**
 * Options shared by the route and neighbour functions, and their translation into
 * Conn.execute options.
 */
import type { ExecuteOptions } from "../netlink/conn.ts";

/** Options every request takes: cancellation and a timeout (ms), passed to Conn.execute. */
export interface RequestOptions {
  signal?: AbortSignal;
  /** Milliseconds without reply progress before rejecting with TimeoutError. Default: the Conn's. */
  timeout?: number;
}

/** Options of a listing: as RequestOptions, plus how often to re-read an interrupted dump. */
export interface DumpOptions extends RequestOptions {
  /**
   * Re-read the dump this many times when the kernel marks it NLM_F_DUMP_INTR (the table changed
   * while it was read) before rejecting with DumpInterruptedError. Default 3.
   */
  retryInterrupted?: number;
}

/** Default retries of an interrupted dump: a busy table rarely interrupts more than once. */
export const DEFAULT_DUMP_RETRIES = 3;

/** Conn.execute options for a named operation. */
export function executeOptions(operation: string, o: DumpOptions, retry = 0): ExecuteOptions {
  const e: ExecuteOptions = { operation };
  if (o.signal !== undefined) e.signal = o.signal;
  if (o.timeout !== undefined) e.timeout = o.timeout;
  const r = o.retryInterrupted ?? retry;
  if (r > 0) e.retryInterrupted = r;
  return e;
}
