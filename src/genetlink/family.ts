import { AttributeDecoder, AttributeEncoder, type RawAttribute } from "../netlink/attribute.ts";
import { DecodeError } from "../netlink/errors.ts";
import {
  CTRL_ATTR_FAMILY_ID,
  CTRL_ATTR_FAMILY_NAME,
  CTRL_ATTR_HDRSIZE,
  CTRL_ATTR_MAXATTR,
  CTRL_ATTR_MCAST_GROUPS,
  CTRL_ATTR_MCAST_GRP_ID,
  CTRL_ATTR_MCAST_GRP_NAME,
  CTRL_ATTR_OP_FLAGS,
  CTRL_ATTR_OP_ID,
  CTRL_ATTR_OPS,
  CTRL_ATTR_VERSION,
} from "./constants.ts";

/** An Operation is one command a family accepts, with its GENL_* capability flags. */
export interface Operation {
  /** The command number (CTRL_ATTR_OP_ID). */
  id: number;
  /** GENL_ADMIN_PERM, GENL_CMD_CAP_DO, GENL_CMD_CAP_DUMP, GENL_CMD_CAP_HASPOL, GENL_UNS_ADMIN_PERM. */
  flags: number;
}

/** A MulticastGroup is one of a family's event groups: its name and the group number to join. */
export interface MulticastGroup {
  /** The netlink multicast group number (global, assigned when the family registers). */
  id: number;
  name: string;
}

/**
 * A Family is a generic netlink family as the controller (nlctrl) describes it. Its id is the
 * netlink message type of its requests; ids are assigned at registration, so they change across
 * reboots and module loads: resolve families by name.
 */
export interface Family {
  /** The message type to address the family with (CTRL_ATTR_FAMILY_ID). */
  id: number;
  name: string;
  /** The family's interface version (CTRL_ATTR_VERSION); the version requests send by default. */
  version: number;
  /** Bytes of family header after the genlmsghdr (CTRL_ATTR_HDRSIZE); 0 for almost all families. */
  headerSize: number;
  /** Highest attribute type (CTRL_ATTR_MAXATTR); 0 when the family uses per-operation policies. */
  maxAttribute: number;
  /** The commands it accepts, in the kernel's order. Empty when the family registers none. */
  operations: Operation[];
  /** Its multicast groups. Empty when it has none. */
  groups: MulticastGroup[];
  /** Attributes this library does not know, kept as bytes. Absent when there were none. */
  other?: RawAttribute[];
}

/**
 * Decode the attributes of a controller reply (CTRL_CMD_NEWFAMILY) into a Family: all of
 * `attributes`, or attributes[start, end). Throws DecodeError when the family id or name is
 * missing or an attribute is malformed.
 */
export function decodeFamily(attributes: Uint8Array, start = 0, end = attributes.length): Family {
  let id: number | undefined;
  let name: string | undefined;
  let version = 0;
  let headerSize = 0;
  let maxAttribute = 0;
  let operations: Operation[] = [];
  let groups: MulticastGroup[] = [];
  let other: RawAttribute[] | undefined;
  const ad = new AttributeDecoder(attributes, { offset: start, length: end - start });
  while (ad.next()) {
    switch (ad.type) {
      case CTRL_ATTR_FAMILY_ID:
        id = ad.u16();
        break;
      case CTRL_ATTR_FAMILY_NAME:
        name = ad.string();
        break;
      case CTRL_ATTR_VERSION:
        version = ad.u32();
        break;
      case CTRL_ATTR_HDRSIZE:
        headerSize = ad.u32();
        break;
      case CTRL_ATTR_MAXATTR:
        maxAttribute = ad.u32();
        break;
      case CTRL_ATTR_OPS:
        operations = decodeOperations(ad.nested());
        break;
      case CTRL_ATTR_MCAST_GROUPS:
        groups = decodeGroups(ad.nested());
        break;
      default:
        (other ??= []).push(ad.raw());
    }
  }
  if (id === undefined) throw new DecodeError("controller reply without CTRL_ATTR_FAMILY_ID");
  if (name === undefined) throw new DecodeError(`controller reply for family id ${id} without CTRL_ATTR_FAMILY_NAME`);
  const family: Family = { id, name, version, headerSize, maxAttribute, operations, groups };
  if (other !== undefined) family.other = other;
  return family;
}

function decodeOperations(list: AttributeDecoder): Operation[] {
  const out: Operation[] = [];
  while (list.next()) {
    const op: Operation = { id: 0, flags: 0 };
    const ad = list.nested();
    while (ad.next()) {
      if (ad.type === CTRL_ATTR_OP_ID) op.id = ad.u32();
      else if (ad.type === CTRL_ATTR_OP_FLAGS) op.flags = ad.u32();
    }
    out.push(op);
  }
  return out;
}

function decodeGroups(list: AttributeDecoder): MulticastGroup[] {
  const out: MulticastGroup[] = [];
  while (list.next()) {
    const g: MulticastGroup = { id: 0, name: "" };
    const ad = list.nested();
    while (ad.next()) {
      if (ad.type === CTRL_ATTR_MCAST_GRP_ID) g.id = ad.u32();
      else if (ad.type === CTRL_ATTR_MCAST_GRP_NAME) g.name = ad.string();
    }
    out.push(g);
  }
  return out;
}

/**
 * Encode a Family as the kernel's controller does in a CTRL_CMD_NEWFAMILY reply (the fake kernel
 * uses it; decodeFamily(encodeFamily(f)) gives f back). Same order as the kernel, lists omitted
 * when empty, entries numbered from 1, nests without NLA_F_NESTED (the controller predates it).
 */
export function encodeFamily(f: Family): Uint8Array {
  const ae = new AttributeEncoder()
    .string(CTRL_ATTR_FAMILY_NAME, f.name)
    .u16(CTRL_ATTR_FAMILY_ID, f.id)
    .u32(CTRL_ATTR_VERSION, f.version)
    .u32(CTRL_ATTR_HDRSIZE, f.headerSize)
    .u32(CTRL_ATTR_MAXATTR, f.maxAttribute);
  if (f.operations.length > 0) {
    ae.nested(CTRL_ATTR_OPS, (e) => {
      f.operations.forEach((op, i) => e.nested(i + 1, (o) => o.u32(CTRL_ATTR_OP_ID, op.id).u32(CTRL_ATTR_OP_FLAGS, op.flags), false));
    }, false);
  }
  if (f.groups.length > 0) {
    ae.nested(CTRL_ATTR_MCAST_GROUPS, (e) => {
      f.groups.forEach((g, i) => e.nested(i + 1, (o) => o.u32(CTRL_ATTR_MCAST_GRP_ID, g.id).string(CTRL_ATTR_MCAST_GRP_NAME, g.name), false));
    }, false);
  }
  for (const a of f.other ?? []) ae.raw(a);
  return ae.encode();
}

/** The group of `family` called `name`, or undefined. */
export function findGroup(family: Family, name: string): MulticastGroup | undefined {
  return family.groups.find((g) => g.name === name);
}
