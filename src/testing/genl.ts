import { AttributeDecoder } from "../netlink/attribute.ts";
import type { ConnOptions } from "../netlink/conn.ts";
import { NLM_F_DUMP } from "../netlink/constants.ts";
import type { Message } from "../netlink/message.ts";
import {
  CTRL_ATTR_FAMILY_ID,
  CTRL_ATTR_FAMILY_NAME,
  CTRL_ATTR_OP,
  CTRL_CMD_DELFAMILY,
  CTRL_CMD_GETFAMILY,
  CTRL_CMD_GETPOLICY,
  CTRL_CMD_NEWFAMILY,
  GENL_CMD_CAP_DO,
  GENL_CMD_CAP_DUMP,
  GENL_CMD_CAP_HASPOL,
  GENL_ID_CTRL,
  GENL_START_ALLOC,
} from "../genetlink/constants.ts";
import { GenericConn } from "../genetlink/conn.ts";
import { encodeFamily, type Family, type Operation } from "../genetlink/family.ts";
import { decodeGeneric, encodeGeneric, type GenericMessage } from "../genetlink/message.ts";
import { encodePolicy, type FamilyPolicy, type OperationPolicy, type Policy } from "../genetlink/policy.ts";
import { errorReply, FakeKernel, type HandlerResult } from "./fake.ts";

const ENOENT = 2;
const EINVAL = 22;
const ENODATA = 61;
const EOPNOTSUPP = 95;

/** What a fake family's handler gets besides the request: the family and a reply builder. */
export interface FakeFamilyContext {
  /** The family as registered (its current id). */
  family: Family;
  /** The netlink request the generic message came in (flags, seq…). */
  request: Message;
  kernel: FakeGenericKernel;
  /** A reply message of this family: its id and version, `command`, the attributes. */
  reply(command: number, attributes?: Uint8Array, flags?: number): Message;
}

/**
 * A fake family's request handler: reply messages (a dump's are wrapped in multipart
 * automatically, a request with NLM_F_ACK gets its ACK), a FakeReply, an errorReply(), or nothing.
 */
export type FakeGenericHandler = (request: GenericMessage, ctx: FakeFamilyContext) => HandlerResult | Promise<HandlerResult>;

/** A generic family for the fake kernel to serve. Left-out fields take the values noted. */
export interface FakeFamily {
  name: string;
  /** Default: the next free id from GENL_START_ALLOC (0x13) up, never reused after unregister. */
  id?: number;
  /** Default 1. */
  version?: number;
  /** Default 0. */
  headerSize?: number;
  /** Default 0. */
  maxAttribute?: number;
  /**
   * The commands it accepts. Default: none listed, and every command reaches the handler; when
   * listed, other commands get EOPNOTSUPP as from the kernel.
   */
  operations?: readonly Operation[];
  /** Multicast groups; ids default to the next free group number. */
  groups?: readonly { name: string; id?: number }[];
  /** What CTRL_CMD_GETPOLICY reports (the family id is filled in). Default: ENODATA, no policy. */
  policy?: { operations: Record<number, OperationPolicy>; policies: Record<number, Policy> };
  /** Answers the family's requests. Default: every request gets EOPNOTSUPP. */
  handler?: FakeGenericHandler;
}

/** Build a generic netlink message (a reply or an event) for a family id. */
export function genericMessage(familyId: number, command: number, version: number, attributes: Uint8Array = new Uint8Array(0), flags = 0): Message {
  return { type: familyId, flags, seq: 0, pid: 0, data: encodeGeneric(command, version, attributes) };
}

interface Registered {
  family: Family;
  def: FakeFamily;
}

/**
 * A FakeGenericKernel serves generic netlink families over a FakeKernel: the controller (nlctrl,
 * id 0x10) answers family lookups, dumps and policy dumps for the families given, and requests to
 * a family go to its handler. Code that resolves families by name runs unchanged, without root.
 *
 * @example
 * const fake = new FakeGenericKernel([{
 *   name: "demo", groups: [{ name: "events" }],
 *   handler: (req, ctx) => [ctx.reply(req.command, attrs)],
 * }]);
 * const genl = fake.conn();
 * await genl.execute("demo", 1);
 */
export class FakeGenericKernel {
  /** The fake transport underneath: its `requests` holds every request seen. */
  readonly kernel: FakeKernel;
  readonly #byName = new Map<string, Registered>();
  readonly #byId = new Map<number, Registered>();
  readonly #usedGroupIds = new Set<number>();
  #nextId = GENL_START_ALLOC;
  #nextGroupId = GENL_ID_CTRL + 1;

  constructor(families: readonly FakeFamily[] = [], options: { portId?: number } = {}) {
    this.kernel = new FakeKernel((req) => this.#handle(req), options);
    this.#add({
      name: "nlctrl",
      id: GENL_ID_CTRL,
      version: 2,
      operations: [
        { id: CTRL_CMD_GETFAMILY, flags: GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP | GENL_CMD_CAP_HASPOL },
        { id: CTRL_CMD_GETPOLICY, flags: GENL_CMD_CAP_DUMP | GENL_CMD_CAP_HASPOL },
      ],
      groups: [{ name: "notify", id: GENL_ID_CTRL }],
    });
    for (const f of families) this.#add(f);
  }

  /** A GenericConn over this fake kernel. */
  conn(options: ConnOptions = {}): GenericConn {
    return new GenericConn(this.kernel.conn(options));
  }

  /** The family registered under `name` now, or undefined. */
  family(name: string): Family | undefined {
    return this.#byName.get(name)?.family;
  }

  /**
   * Register a family at run time (a module load), announced on nlctrl's "notify" group with
   * CTRL_CMD_NEWFAMILY as the kernel does. Throws when the name or id is taken.
   */
  register(def: FakeFamily): Family {
    const r = this.#add(def);
    this.#notify(CTRL_CMD_NEWFAMILY, r.family);
    return r.family;
  }

  /** Unregister a family (a module unload), announced with CTRL_CMD_DELFAMILY. */
  unregister(name: string): void {
    const r = this.#byName.get(name);
    if (r === undefined) throw new Error(`fake genl: no family "${name}" to unregister`);
    this.#byName.delete(name);
    this.#byId.delete(r.family.id);
    for (const g of r.family.groups) this.#usedGroupIds.delete(g.id);
    this.#notify(CTRL_CMD_DELFAMILY, r.family);
  }

  /**
   * Send an event of `familyName` on its group `groupName` to the socket, if the socket joined it.
   * Throws when the family or group does not exist (a mistake in the test).
   */
  inject(familyName: string, groupName: string, command: number, attributes: Uint8Array = new Uint8Array(0)): void {
    const r = this.#byName.get(familyName);
    if (r === undefined) throw new Error(`fake genl: no family "${familyName}"`);
    const g = r.family.groups.find((x) => x.name === groupName);
    if (g === undefined) throw new Error(`fake genl: family "${familyName}" has no group "${groupName}"`);
    this.kernel.inject(g.id, [genericMessage(r.family.id, command, r.family.version, attributes)]);
  }

  /** Report a receive-buffer overrun (ENOBUFS) to the socket at this point. */
  overrun(): void {
    this.kernel.overrun();
  }

  #add(def: FakeFamily): Registered {
    if (this.#byName.has(def.name)) throw new Error(`fake genl: family "${def.name}" is already registered`);
    let id = def.id;
    if (id === undefined) {
      while (this.#byId.has(this.#nextId)) this.#nextId++;
      id = this.#nextId++;
    } else if (this.#byId.has(id)) throw new Error(`fake genl: family id ${id} is already taken`);
    const groups = (def.groups ?? []).map((g) => {
      let gid = g.id;
      if (gid === undefined) {
        while (this.#usedGroupIds.has(this.#nextGroupId)) this.#nextGroupId++;
        gid = this.#nextGroupId++;
      }
      this.#usedGroupIds.add(gid);
      return { id: gid, name: g.name };
    });
    const family: Family = {
      id,
      name: def.name,
      version: def.version ?? 1,
      headerSize: def.headerSize ?? 0,
      maxAttribute: def.maxAttribute ?? 0,
      operations: (def.operations ?? []).map((o) => ({ id: o.id, flags: o.flags })),
      groups,
    };
    const r: Registered = { family, def };
    this.#byName.set(def.name, r);
    this.#byId.set(id, r);
    return r;
  }

  #notify(command: number, f: Family): void {
    this.kernel.inject(GENL_ID_CTRL, [genericMessage(GENL_ID_CTRL, command, 2, encodeFamily(f))]);
  }

  #handle(req: Message): HandlerResult | Promise<HandlerResult> {
    if (req.type === GENL_ID_CTRL) return this.#controller(req);
    const r = this.#byId.get(req.type);
    if (r === undefined) return errorReply(ENOENT);
    let g: GenericMessage;
    try {
      g = decodeGeneric(req);
    } catch {
      return errorReply(EINVAL);
    }
    const ops = r.def.operations;
    if (ops !== undefined && !ops.some((o) => o.id === g.command)) return errorReply(EOPNOTSUPP);
    const handler = r.def.handler;
    if (handler === undefined) return errorReply(EOPNOTSUPP);
    const family = r.family;
    return handler(g, {
      family,
      request: req,
      kernel: this,
      reply: (command, attributes, flags) => genericMessage(family.id, command, family.version, attributes, flags),
    });
  }

  #controller(req: Message): HandlerResult {
    let g: GenericMessage;
    try {
      g = decodeGeneric(req);
    } catch {
      return errorReply(EINVAL);
    }
    const dump = (req.flags & NLM_F_DUMP) === NLM_F_DUMP;
    let name: string | undefined;
    let id: number | undefined;
    let op: number | undefined;
    const ad = new AttributeDecoder(g.data);
    try {
      while (ad.next()) {
        if (ad.type === CTRL_ATTR_FAMILY_NAME) name = ad.string();
        else if (ad.type === CTRL_ATTR_FAMILY_ID) id = ad.u16();
        else if (ad.type === CTRL_ATTR_OP) op = ad.u32();
      }
    } catch {
      return errorReply(EINVAL, { message: "Attribute failed policy validation" });
    }
    const found = id !== undefined ? this.#byId.get(id) : name !== undefined ? this.#byName.get(name) : undefined;
    switch (g.command) {
      case CTRL_CMD_GETFAMILY:
        if (dump) return [...this.#byId.values()].sort((a, b) => a.family.id - b.family.id).map((r) => this.#familyReply(r.family));
        if (name === undefined && id === undefined) return errorReply(EINVAL);
        return found === undefined ? errorReply(ENOENT) : [this.#familyReply(found.family)];
      case CTRL_CMD_GETPOLICY: {
        if (!dump) return errorReply(EOPNOTSUPP);
        if (found === undefined) return errorReply(name === undefined && id === undefined ? EINVAL : ENOENT);
        const policy = found.def.policy;
        if (policy === undefined) return errorReply(ENODATA);
        const selected = selectPolicy({ familyId: found.family.id, ...policy }, op);
        if (selected === undefined) return errorReply(ENODATA);
        return encodePolicy(selected).map((attrs) => genericMessage(GENL_ID_CTRL, CTRL_CMD_GETPOLICY, 2, attrs));
      }
      default:
        return errorReply(EOPNOTSUPP);
    }
  }

  #familyReply(f: Family): Message {
    return genericMessage(GENL_ID_CTRL, CTRL_CMD_NEWFAMILY, 2, encodeFamily(f));
  }
}

/** The part of a policy dump one command asks for: its operation and the policies it reaches. */
function selectPolicy(p: FamilyPolicy, command: number | undefined): FamilyPolicy | undefined {
  if (command === undefined) return p;
  const op = p.operations[command];
  if (op === undefined) return undefined;
  const reach = new Set<number>();
  const visit = (index: number | undefined) => {
    if (index === undefined || reach.has(index)) return;
    reach.add(index);
    for (const a of Object.values(p.policies[index] ?? {})) visit(a.policy);
  };
  visit(op.do);
  visit(op.dump);
  const policies: Record<number, Policy> = {};
  for (const i of [...reach].sort((a, b) => a - b)) {
    const pol = p.policies[i];
    if (pol !== undefined) policies[i] = pol;
  }
  return { familyId: p.familyId, operations: { [command]: op }, policies };
}
