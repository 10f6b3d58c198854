/**
 * What every command runs with: the parsed options, where to print, a signal that Ctrl-C aborts,
 * and connections opened on first use in the namespace `--netns` names (closed at the end).
 */
import type { GenericConn } from "../genetlink/conn.ts";
import { dial, NETLINK_ROUTE, type Conn, type DialOptions } from "../netlink/index.ts";
import type { Options } from "./args.ts";
import { unknownLink } from "./errors.ts";
import type { Output } from "./output.ts";
import type { Link } from "../rtnetlink/link.ts";

/** A Context carries a command's options, output and connections. */
export class Context {
  #route: Conn | undefined;
  #genl: GenericConn | undefined;
  readonly #closers: (() => void)[] = [];

  constructor(
    readonly options: Options,
    readonly output: Output,
    readonly signal: AbortSignal,
  ) {}

  /** Options for dial(): the namespace, when one was given. */
  dialOptions(): DialOptions {
    return this.options.netns === undefined ? {} : { netns: this.options.netns };
  }

  /** The rtnetlink connection (NETLINK_ROUTE), opened on first use. */
  route(): Conn {
    this.#route ??= dial(NETLINK_ROUTE, this.dialOptions());
    return this.#route;
  }

  /** The generic netlink connection, opened on first use (genetlink is loaded only then). */
  async genl(): Promise<GenericConn> {
    if (this.#genl === undefined) {
      const { GenericConn } = await import("../genetlink/conn.ts");
      this.#genl ??= GenericConn.dial(this.dialOptions());
    }
    return this.#genl;
  }

  /** Close something with the context (a WifiClient, a server…). */
  defer(close: () => void): void {
    this.#closers.push(close);
  }

  /** Look a link up by name or index; a missing one is a CliError "unknown link". */
  async link(ref: string): Promise<Link> {
    const key = /^\d+$/.test(ref) ? Number(ref) : ref;
    const { getLink } = await import("../rtnetlink/link.ts");
    try {
      return await getLink(this.route(), key);
    } catch (err) {
      throw unknownLink(err, ref);
    }
  }

  /** Print results. */
  out(text: string): void {
    this.output.out(text);
  }

  /** Print diagnostics. */
  err(text: string): void {
    this.output.err(text);
  }

  /** Close every connection the command opened. */
  close(): void {
    for (const c of this.#closers.splice(0).reverse()) c();
    this.#route?.close();
    this.#genl?.close();
    this.#route = undefined;
    this.#genl = undefined;
  }
}
