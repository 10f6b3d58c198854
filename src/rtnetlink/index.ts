/**
 * bun-netlink/rtnetlink: links, addresses, routes and neighbours — list, change and watch.
 * Every function takes a Conn from dial(NETLINK_ROUTE, { netns }) first.
 */
export * from "./constants.ts";
export * from "./route-constants.ts";
export * from "./neighbour-constants.ts";
export * from "./ip.ts";
export * from "./link.ts";
export * from "./address.ts";
export * from "./route.ts";
export * from "./neighbour.ts";
export * from "./watch.ts";
export type { LinkRef } from "./link-index.ts";
export type { RequestOptions, DumpOptions } from "./request-options.ts";
export { Overrun } from "../netlink/conn.ts";
export { NetlinkError, DecodeError, EncodeError } from "../netlink/errors.ts";
