import { AttributeEncoder } from "../netlink/attribute.ts";
import { Conn, Overrun, type ExecuteOptions, type ReceiveOptions } from "../netlink/conn.ts";
import { NETLINK_GENERIC, NLM_F_ACK, NLM_F_DUMP } from "../netlink/constants.ts";
import { DecodeError, NetlinkError } from "../netlink/errors.ts";
import type { Message } from "../netlink/message.ts";
import { dial, type DialOptions } from "../socket/dial.ts";
import {
  CTRL_ATTR_FAMILY_NAME,
  CTRL_CMD_GETFAMILY,
  CTRL_CMD_GETPOLICY,
  GENL_CMD_CAP_DO,
  GENL_CMD_CAP_DUMP,
  GENL_CMD_CAP_HASPOL,
  GENL_HDRLEN,
  GENL_ID_CTRL,
} from "./constants.ts";
import { decodeFamily, findGroup, type Family } from "./family.ts";
import { decodeGeneric, encodeGeneric, type GenericMessage } from "./message.ts";
import { decodePolicy, encodePolicyRequest, type FamilyPolicy } from "./policy.ts";

export type { Family, MulticastGroup, Operation } from "./family.ts";

/** The controller interface version requests are sent with (libnl's CTRL_VERSION). */
const CTRL_VERSION = 1;
const ENOENT = 2;
/** Request payloads kept per family name, so that a lookup by name encodes nothing. */
const MAX_CACHED_REQUESTS = 64;

/** Options of GenericConn.execute: the core's execute options plus the generic header's. */
export interface GenericExecuteOptions extends ExecuteOptions {
  /**
   * NLM_F_* flags (NLM_F_REQUEST is always added). Default NLM_F_ACK: the promise resolves on the
   * kernel's ACK with every reply before it, which suits do requests with and without replies.
   * Pass NLM_F_DUMP for a dump; 0 resolves on the first reply without waiting for an ACK.
   */
  flags?: number;
  /** genlmsghdr.version. Default: the family's version as the controller reported it. */
  version?: number;
}

/** Options of GenericConn.getFamily. */
export interface GetFamilyOptions {
  /** Ask the kernel even when the family is cached (after a module reload, say). Default false. */
  refresh?: boolean;
  signal?: AbortSignal;
}

/** Options of GenericConn.getPolicy. */
export interface GetPolicyOptions {
  /** Only this command's policies (CTRL_ATTR_OP, Linux 5.10+). Default: every operation's. */
  command?: number;
  signal?: AbortSignal;
}

/**
 * A GenericConn is a generic netlink connection: it resolves families and multicast groups by
 * name through the controller (nlctrl), caches them, and sends requests with the genlmsghdr.
 * Everything else (sequence and port checks, errors, dumps, timeouts, iterators, netns, socket
 * options) is the core Conn's, reachable as `conn`.
 *
 * @example
 * await using genl = GenericConn.dial();
 * const ethtool = await genl.getFamily("ethtool");
 * const replies = await genl.execute("ethtool", ETHTOOL_MSG_LINKINFO_GET, attrs);
 */
export class GenericConn implements AsyncDisposable {
  /** The netlink connection underneath. */
  readonly conn: Conn;
  readonly #families = new Map<string, Family>();
  readonly #resolving = new Map<string, Promise<Family>>();
  readonly #requests = new Map<string, { data: Uint8Array; options: ExecuteOptions & { operation: string } }>();
  /** Groups joined with joinGroup, by "family/group", so leaveGroup leaves the id it joined. */
  readonly #joined = new Map<string, number>();

  /**
   * Open a NETLINK_GENERIC socket (in `options.netns` if given) and wrap it.
   *
   * @example
   * const genl = GenericConn.dial({ netns: "blue" });
   */
  static dial(options: DialOptions = {}): GenericConn {
    return new GenericConn(dial(NETLINK_GENERIC, options));
  }

  /** Wrap an open NETLINK_GENERIC Conn (a real one or a fake kernel's). */
  constructor(conn: Conn) {
    this.conn = conn;
  }

  /**
   * Resolve a family by name: from the cache, or by asking the controller (CTRL_CMD_GETFAMILY).
   * Rejects with a NetlinkError whose code is "ENOENT" when the kernel has no such family (its
   * module is not loaded). Concurrent lookups of one name share one request.
   */
  getFamily(name: string, options: GetFamilyOptions = {}): Promise<Family> {
    if (options.refresh !== true) {
      const cached = this.#families.get(name);
      if (cached !== undefined) return Promise.resolve(cached);
      // A shared request cannot honour each caller's signal; callers with one ask on their own.
      if (options.signal === undefined) {
        const inFlight = this.#resolving.get(name);
        if (inFlight !== undefined) return inFlight;
        const p = this.#fetchFamily(name, undefined).finally(() => this.#resolving.delete(name));
        this.#resolving.set(name, p);
        return p;
      }
    }
    return this.#fetchFamily(name, options.signal);
  }

  async #fetchFamily(name: string, signal: AbortSignal | undefined): Promise<Family> {
    let request = this.#requests.get(name);
    if (request === undefined) {
      const data = encodeGeneric(CTRL_CMD_GETFAMILY, CTRL_VERSION, new AttributeEncoder().string(CTRL_ATTR_FAMILY_NAME, name).encode());
      request = { data, options: { operation: `CTRL_CMD_GETFAMILY ${name}` } };
      if (this.#requests.size < MAX_CACHED_REQUESTS) this.#requests.set(name, request);
    }
    let families: Family[];
    try {
      // The reply is decoded where it lies (no Message object or payload view).
      families = await this.conn.collect(
        { type: GENL_ID_CTRL, flags: 0, data: request.data },
        decodeFamilyReply,
        signal === undefined ? request.options : { ...request.options, signal },
      );
    } catch (err) {
      if (err instanceof NetlinkError && err.errno === ENOENT) this.#families.delete(name);
      throw err;
    }
    const family = families[0];
    if (family === undefined) throw new DecodeError(`${request.options.operation}: the controller sent no family`);
    this.#families.set(name, family);
    return family;
  }

  /**
   * List every family the kernel has registered (a CTRL_CMD_GETFAMILY dump). The family cache is
   * replaced by the result.
   */
  async listFamilies(options: { signal?: AbortSignal } = {}): Promise<Family[]> {
    const data = encodeGeneric(CTRL_CMD_GETFAMILY, CTRL_VERSION, new Uint8Array(0));
    const replies = await this.conn.execute(
      { type: GENL_ID_CTRL, flags: NLM_F_DUMP, data },
      withSignal({ operation: "CTRL_CMD_GETFAMILY dump" }, options.signal),
    );
    const families = replies.map((m) => decodeFamily(decodeGeneric(m).data));
    this.#families.clear();
    for (const f of families) this.#families.set(f.name, f);
    return families;
  }

  /** The families cached so far (what getFamily answers without asking the kernel). */
  cachedFamilies(): Family[] {
    return [...this.#families.values()];
  }

  /** Drop one family from the cache, or all of them. */
  forgetFamily(name?: string): void {
    if (name === undefined) this.#families.clear();
    else this.#families.delete(name);
  }

  /**
   * Send a request to a family and resolve with its replies decoded as GenericMessages (ACKs and
   * NLMSG_DONE excluded). A family given by name is resolved through the cache; if the kernel
   * answers ENOENT and the family has meanwhile been re-registered under a new id (a module
   * reload), the family is looked up again and the request sent once more.
   *
   * @example
   * // a do request (resolves on the ACK) and a dump
   * await genl.execute("ethtool", ETHTOOL_MSG_LINKINFO_GET, attrs);
   * await genl.execute("ethtool", ETHTOOL_MSG_LINKINFO_GET, header, { flags: NLM_F_DUMP });
   */
  async execute(
    family: string | Family,
    command: number,
    attributes: Uint8Array = new Uint8Array(0),
    options: GenericExecuteOptions = {},
  ): Promise<GenericMessage[]> {
    const { flags = NLM_F_ACK, version, ...rest } = options;
    const byName = typeof family === "string";
    const wasCached = byName && this.#families.has(family);
    let f = byName ? await this.getFamily(family, withSignal({}, options.signal)) : family;
    for (let attempt = 0; ; attempt++) {
      const data = encodeGeneric(command, version ?? f.version, attributes);
      const operation = rest.operation ?? `${f.name} command ${command}`;
      try {
        const replies = await this.conn.execute({ type: f.id, flags, data }, { ...rest, operation });
        return replies.map(decodeGeneric);
      } catch (err) {
        if (!(byName && wasCached && attempt === 0 && err instanceof NetlinkError && err.errno === ENOENT)) throw err;
        const fresh = await this.getFamily(f.name, withSignal({ refresh: true }, options.signal));
        if (fresh.id === f.id) throw err;
        f = fresh;
      }
    }
  }

  /**
   * Join one of a family's multicast groups by name. The family is looked up afresh, since group
   * numbers change when it re-registers. Rejects with NetlinkError ENOENT for an unknown family
   * or group.
   */
  async joinGroup(family: string | Family, group: string): Promise<void> {
    const f = await this.#freshFamily(family, undefined);
    const id = groupId(f, group, "join");
    this.conn.joinGroup(id);
    this.#joined.set(`${f.name}/${group}`, id);
  }

  /** Leave a multicast group joined by name (the group number joined, even if it changed since). */
  async leaveGroup(family: string | Family, group: string): Promise<void> {
    const name = typeof family === "string" ? family : family.name;
    const key = `${name}/${group}`;
    let id = this.#joined.get(key);
    if (id === undefined) id = groupId(await this.#freshFamily(family, undefined), group, "leave");
    this.conn.leaveGroup(id);
    this.#joined.delete(key);
  }

  /**
   * Join a family's multicast groups by name and iterate over its events as GenericMessages, with
   * an Overrun item wherever the kernel dropped events (ENOBUFS). Messages of other families
   * arriving on this socket are skipped. `break`, return() or the signal ends the iteration and
   * leaves the groups it joined; close() ends it too.
   *
   * @example
   * for await (const ev of await genl.subscribe("nlctrl", ["notify"], { signal })) {
   *   if (ev instanceof Overrun) resync(); else console.log(ev.command);
   * }
   */
  async subscribe(
    family: string | Family,
    groups: readonly string[],
    options: ReceiveOptions = {},
  ): Promise<AsyncIterableIterator<GenericMessage | Overrun>> {
    const f = await this.#freshFamily(family, options.signal);
    const ids = groups.map((g) => groupId(f, g, "subscribe to"));
    return genericEvents(this.conn.subscribe(ids, options), f.id);
  }

  /**
   * Fetch the attribute policies of a family's operations (CTRL_CMD_GETPOLICY, Linux 5.8+):
   * what types, ranges, lengths and nested policies the running kernel accepts. A family without
   * policies rejects with a NetlinkError (ENODATA or EOPNOTSUPP, depending on the kernel).
   */
  async getPolicy(family: string | Family, options: GetPolicyOptions = {}): Promise<FamilyPolicy> {
    const name = typeof family === "string" ? family : family.name;
    const data = encodeGeneric(CTRL_CMD_GETPOLICY, CTRL_VERSION, encodePolicyRequest(name, options.command));
    const replies = await this.conn.execute(
      { type: GENL_ID_CTRL, flags: NLM_F_DUMP, data },
      withSignal({ operation: `CTRL_CMD_GETPOLICY ${name}` }, options.signal),
    );
    const messages = replies.map(decodeGeneric);
    const policy = decodePolicy(messages);
    if (policy.operations[0] === undefined) return policy;
    // The kernel filed dump-only commands under 0 (see decodePolicy): put them back in their place.
    if (options.command !== undefined) return decodePolicy(messages, [options.command]);
    const f = typeof family === "string" ? await this.getFamily(family, withSignal({}, options.signal)) : family;
    const dumpOnly = f.operations
      .filter((o) => (o.flags & GENL_CMD_CAP_HASPOL) !== 0 && (o.flags & GENL_CMD_CAP_DUMP) !== 0 && (o.flags & GENL_CMD_CAP_DO) === 0)
      .map((o) => o.id);
    return decodePolicy(messages, dumpOnly);
  }

  async #freshFamily(family: string | Family, signal: AbortSignal | undefined): Promise<Family> {
    return this.getFamily(typeof family === "string" ? family : family.name, withSignal({ refresh: true }, signal));
  }

  /** Close the socket: pending requests reject with ConnClosedError, iterators end. Idempotent. */
  close(): void {
    this.conn.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

function groupId(f: Family, group: string, verb: string): number {
  const g = findGroup(f, group);
  if (g === undefined) {
    const known = f.groups.map((x) => x.name).join(", ") || "none";
    throw new NetlinkError(ENOENT, `${verb} multicast group "${group}" of generic netlink family "${f.name}" (its groups: ${known})`);
  }
  return g.id;
}

function withSignal<T extends object>(options: T, signal: AbortSignal | undefined): T & { signal?: AbortSignal } {
  return signal === undefined ? options : { ...options, signal };
}

/** Map a Conn iterator to one of a family's decoded messages, passing Overrun items through. */
function genericEvents(
  inner: AsyncIterableIterator<Message | Overrun>,
  familyId: number,
): AsyncIterableIterator<GenericMessage | Overrun> {
  const it: AsyncIterableIterator<GenericMessage | Overrun> = {
    next: async () => {
      for (;;) {
        const r = await inner.next();
        if (r.done === true) return { value: undefined, done: true };
        const v = r.value;
        if (v instanceof Overrun) return { value: v, done: false };
        if (v.type !== familyId) continue;
        try {
          return { value: decodeGeneric(v), done: false };
        } catch (err) {
          await inner.return?.();
          throw err;
        }
      }
    },
    return: async () => {
      await inner.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}

/** A controller reply (genlmsghdr, then the family's attributes) as Conn.collect() hands it over. */
function decodeFamilyReply(type: number, _flags: number, d: Uint8Array, start: number, end: number): Family | undefined {
  if (type !== GENL_ID_CTRL) return undefined;
  if (end - start < GENL_HDRLEN) {
    throw new DecodeError(`generic netlink message (type ${type}): payload of ${end - start} bytes, the genlmsghdr needs ${GENL_HDRLEN}`);
  }
  return decodeFamily(d, start + GENL_HDRLEN, end);
}
