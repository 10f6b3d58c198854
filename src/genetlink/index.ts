/**
 * bun-netlink/genetlink: generic netlink. Families, commands and multicast groups by name, the
 * controller (nlctrl) and its policy dumps, on top of the core Conn.
 */
export * from "./constants.ts";
export * from "./message.ts";
export * from "./family.ts";
export * from "./policy.ts";
export { GenericConn, type GenericExecuteOptions, type GetFamilyOptions, type GetPolicyOptions } from "./conn.ts";
export { Overrun } from "../netlink/conn.ts";
export { NetlinkError, DecodeError, EncodeError } from "../netlink/errors.ts";
export type { DialOptions } from "../socket/dial.ts";
