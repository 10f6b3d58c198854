import { AttributeDecoder, AttributeEncoder, type RawAttribute } from "../netlink/attribute.ts";
import { DecodeError } from "../netlink/errors.ts";
import {
  CTRL_ATTR_FAMILY_ID,
  CTRL_ATTR_FAMILY_NAME,
  CTRL_ATTR_OP,
  CTRL_ATTR_OP_POLICY,
  CTRL_ATTR_POLICY,
  CTRL_ATTR_POLICY_DO,
  CTRL_ATTR_POLICY_DUMP,
  NL_POLICY_TYPE_ATTR_BITFIELD32_MASK,
  NL_POLICY_TYPE_ATTR_MASK,
  NL_POLICY_TYPE_ATTR_MAX_LENGTH,
  NL_POLICY_TYPE_ATTR_MAX_VALUE_S,
  NL_POLICY_TYPE_ATTR_MAX_VALUE_U,
  NL_POLICY_TYPE_ATTR_MIN_LENGTH,
  NL_POLICY_TYPE_ATTR_MIN_VALUE_S,
  NL_POLICY_TYPE_ATTR_MIN_VALUE_U,
  NL_POLICY_TYPE_ATTR_PAD,
  NL_POLICY_TYPE_ATTR_POLICY_IDX,
  NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE,
  NL_POLICY_TYPE_ATTR_TYPE,
} from "./constants.ts";
import type { GenericMessage } from "./message.ts";

/** The type of an attribute in a policy: enum netlink_attribute_type (NL_ATTR_TYPE_*) by name. */
export type AttributeType =
  | "invalid"
  | "flag"
  | "u8"
  | "u16"
  | "u32"
  | "u64"
  | "s8"
  | "s16"
  | "s32"
  | "s64"
  | "binary"
  | "string"
  | "nul-string"
  | "nested"
  | "nested-array"
  | "bitfield32"
  | "sint"
  | "uint"
  | "unknown";

/** NL_ATTR_TYPE_* number → name, in enum order. */
const TYPE_NAMES: readonly AttributeType[] = [
  "invalid",
  "flag",
  "u8",
  "u16",
  "u32",
  "u64",
  "s8",
  "s16",
  "s32",
  "s64",
  "binary",
  "string",
  "nul-string",
  "nested",
  "nested-array",
  "bitfield32",
  "sint",
  "uint",
];

const SIGNED = new Set<AttributeType>(["s8", "s16", "s32", "s64", "sint"]);

/**
 * An AttributePolicy is what the kernel accepts for one attribute type. Fields the kernel did not
 * send are absent: no range means the type's full range, no length limit means none.
 */
export interface AttributePolicy {
  type: AttributeType;
  /** The NL_ATTR_TYPE_* number, only when `type` is "unknown" (a kernel newer than this library). */
  unknownType?: number;
  /** Smallest accepted value of an integer (NL_POLICY_TYPE_ATTR_MIN_VALUE_S / _U). */
  minValue?: bigint;
  /** Largest accepted value of an integer (NL_POLICY_TYPE_ATTR_MAX_VALUE_S / _U). */
  maxValue?: bigint;
  /** Minimum payload length of binary data or a string. */
  minLength?: number;
  /** Maximum payload length of binary data or a string. */
  maxLength?: number;
  /** Index of the policy (in FamilyPolicy.policies) the nested attributes follow. */
  policy?: number;
  /** Highest attribute type accepted inside the nest. */
  maxType?: number;
  /** Bits a bitfield32 attribute may set. */
  bitfield32Mask?: number;
  /** Bits an unsigned integer may set (NL_POLICY_TYPE_ATTR_MASK). */
  mask?: bigint;
  /** Properties this library does not know, kept as bytes. */
  other?: RawAttribute[];
}

/** Which policies an operation's requests are checked against, by index; absent: no policy. */
export interface OperationPolicy {
  do?: number;
  dump?: number;
}

/** A map from attribute type to its policy: one policy of a family. */
export type Policy = Record<number, AttributePolicy>;

/**
 * A FamilyPolicy is a family's CTRL_CMD_GETPOLICY dump as plain objects: for each command the
 * policy index of its do and dump requests, and the policies by index. Nested attributes refer to
 * other policies by index.
 */
export interface FamilyPolicy {
  familyId: number;
  /** Command number → policy indexes. Commands without any policy are not listed. */
  operations: Record<number, OperationPolicy>;
  /** Policy index → attribute type → AttributePolicy. */
  policies: Record<number, Policy>;
}

/** The attributes of a CTRL_CMD_GETPOLICY request for a family, optionally for one command. */
export function encodePolicyRequest(family: string, command?: number): Uint8Array {
  const ae = new AttributeEncoder().string(CTRL_ATTR_FAMILY_NAME, family);
  if (command !== undefined) ae.u32(CTRL_ATTR_OP, command);
  return ae.encode();
}

/**
 * Decode the replies of a CTRL_CMD_GETPOLICY dump. Throws DecodeError on malformed attributes or
 * replies that name different families.
 *
 * The kernel (5.10 to at least 6.18) files the policy of a command that has a dump handler but no
 * do handler under command 0. `dumpOnlyCommands` lists those commands in the family's order
 * (GenericConn.getPolicy works them out): the entries filed under 0 get them back, in turn.
 */
export function decodePolicy(replies: readonly GenericMessage[], dumpOnlyCommands: readonly number[] = []): FamilyPolicy {
  const out: FamilyPolicy = { familyId: 0, operations: {}, policies: {} };
  let familyId: number | undefined;
  let renamed = 0;
  for (const r of replies) {
    const ad = new AttributeDecoder(r.data);
    while (ad.next()) {
      switch (ad.type) {
        case CTRL_ATTR_FAMILY_ID: {
          const id = ad.u16();
          if (familyId !== undefined && id !== familyId) {
            throw new DecodeError(`policy dump mixes family ids ${familyId} and ${id}`);
          }
          familyId = id;
          break;
        }
        case CTRL_ATTR_OP_POLICY: {
          const ops = ad.nested();
          while (ops.next()) {
            let command = ops.type;
            if (command === 0 && renamed < dumpOnlyCommands.length) command = dumpOnlyCommands[renamed++]!;
            out.operations[command] = decodeOperationPolicy(ops.nested());
          }
          break;
        }
        case CTRL_ATTR_POLICY: {
          const policies = ad.nested();
          while (policies.next()) {
            const index = policies.type;
            const policy = (out.policies[index] ??= {});
            const attrs = policies.nested();
            while (attrs.next()) policy[attrs.type] = decodeAttributePolicy(attrs.nested());
          }
          break;
        }
      }
    }
  }
  out.familyId = familyId ?? 0;
  return out;
}

function decodeOperationPolicy(ad: AttributeDecoder): OperationPolicy {
  const op: OperationPolicy = {};
  while (ad.next()) {
    if (ad.type === CTRL_ATTR_POLICY_DO) op.do = ad.u32();
    else if (ad.type === CTRL_ATTR_POLICY_DUMP) op.dump = ad.u32();
  }
  return op;
}

/** Decode one attribute's NL_POLICY_TYPE_ATTR_* properties. */
export function decodeAttributePolicy(ad: AttributeDecoder): AttributePolicy {
  const p: AttributePolicy = { type: "invalid" };
  while (ad.next()) {
    switch (ad.type) {
      case NL_POLICY_TYPE_ATTR_TYPE: {
        const n = ad.u32();
        const name = TYPE_NAMES[n];
        if (name === undefined) {
          p.type = "unknown";
          p.unknownType = n;
        } else p.type = name;
        break;
      }
      case NL_POLICY_TYPE_ATTR_MIN_VALUE_S:
        p.minValue = ad.s64();
        break;
      case NL_POLICY_TYPE_ATTR_MAX_VALUE_S:
        p.maxValue = ad.s64();
        break;
      case NL_POLICY_TYPE_ATTR_MIN_VALUE_U:
        p.minValue = ad.u64();
        break;
      case NL_POLICY_TYPE_ATTR_MAX_VALUE_U:
        p.maxValue = ad.u64();
        break;
      case NL_POLICY_TYPE_ATTR_MIN_LENGTH:
        p.minLength = ad.u32();
        break;
      case NL_POLICY_TYPE_ATTR_MAX_LENGTH:
        p.maxLength = ad.u32();
        break;
      case NL_POLICY_TYPE_ATTR_POLICY_IDX:
        p.policy = ad.u32();
        break;
      case NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE:
        p.maxType = ad.u32();
        break;
      case NL_POLICY_TYPE_ATTR_BITFIELD32_MASK:
        p.bitfield32Mask = ad.u32();
        break;
      case NL_POLICY_TYPE_ATTR_MASK:
        p.mask = ad.u64();
        break;
      case NL_POLICY_TYPE_ATTR_PAD:
        break;
      default:
        (p.other ??= []).push(ad.raw());
    }
  }
  return p;
}

/**
 * Encode a FamilyPolicy as the kernel's CTRL_CMD_GETPOLICY dump: the attributes of each reply
 * message, operations first, then one message per policy attribute. The fake kernel serves it.
 */
export function encodePolicy(p: FamilyPolicy): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const [cmd, op] of numericEntries(p.operations)) {
    out.push(
      new AttributeEncoder()
        .u16(CTRL_ATTR_FAMILY_ID, p.familyId)
        .nested(CTRL_ATTR_OP_POLICY, (e) =>
          e.nested(cmd, (o) => {
            if (op.do !== undefined) o.u32(CTRL_ATTR_POLICY_DO, op.do);
            if (op.dump !== undefined) o.u32(CTRL_ATTR_POLICY_DUMP, op.dump);
          }),
        )
        .encode(),
    );
  }
  for (const [index, policy] of numericEntries(p.policies)) {
    for (const [type, a] of numericEntries(policy)) {
      out.push(
        new AttributeEncoder()
          .u16(CTRL_ATTR_FAMILY_ID, p.familyId)
          .nested(CTRL_ATTR_POLICY, (e) => e.nested(index, (i) => i.nested(type, (t) => encodeAttributePolicy(t, a))))
          .encode(),
      );
    }
  }
  return out;
}

function encodeAttributePolicy(e: AttributeEncoder, a: AttributePolicy): void {
  const signed = SIGNED.has(a.type);
  if (a.minValue !== undefined) {
    if (signed) e.s64(NL_POLICY_TYPE_ATTR_MIN_VALUE_S, a.minValue);
    else e.u64(NL_POLICY_TYPE_ATTR_MIN_VALUE_U, a.minValue);
  }
  if (a.maxValue !== undefined) {
    if (signed) e.s64(NL_POLICY_TYPE_ATTR_MAX_VALUE_S, a.maxValue);
    else e.u64(NL_POLICY_TYPE_ATTR_MAX_VALUE_U, a.maxValue);
  }
  if (a.minLength !== undefined) e.u32(NL_POLICY_TYPE_ATTR_MIN_LENGTH, a.minLength);
  if (a.maxLength !== undefined) e.u32(NL_POLICY_TYPE_ATTR_MAX_LENGTH, a.maxLength);
  if (a.policy !== undefined) e.u32(NL_POLICY_TYPE_ATTR_POLICY_IDX, a.policy);
  if (a.maxType !== undefined) e.u32(NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE, a.maxType);
  if (a.bitfield32Mask !== undefined) e.u32(NL_POLICY_TYPE_ATTR_BITFIELD32_MASK, a.bitfield32Mask);
  if (a.mask !== undefined) e.u64(NL_POLICY_TYPE_ATTR_MASK, a.mask);
  for (const r of a.other ?? []) e.raw(r);
  // The kernel writes the type after the properties.
  e.u32(NL_POLICY_TYPE_ATTR_TYPE, a.type === "unknown" ? (a.unknownType ?? 0) : TYPE_NAMES.indexOf(a.type));
}

function numericEntries<T>(r: Record<number, T>): [number, T][] {
  return Object.entries(r)
    .map(([k, v]): [number, T] => [Number(k), v])
    .sort((a, b) => a[0] - b[0]);
}

/**
 * The attribute policy that `command`'s do (or dump) requests are checked against, or undefined
 * when the kernel validates none for it.
 *
 * @example
 * const p = await genl.getPolicy("ethtool");
 * const attrs = requestPolicy(p, ETHTOOL_MSG_LINKINFO_GET);
 * if (attrs?.[ETHTOOL_A_LINKINFO_HEADER]) …
 */
export function requestPolicy(p: FamilyPolicy, command: number, kind: "do" | "dump" = "do"): Policy | undefined {
  const index = p.operations[command]?.[kind];
  return index === undefined ? undefined : p.policies[index];
}
