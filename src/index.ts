/**
 * bun-netlink: the netlink core at the top level, and each protocol module as a namespace.
 * Subpath imports (`bun-netlink/rtnetlink`, …) load only what they name.
 */
export * from "./netlink/index.ts";
export * as genetlink from "./genetlink/index.ts";
export * as rtnetlink from "./rtnetlink/index.ts";
export * as wifi from "./wifi/index.ts";
export * as testing from "./testing/index.ts";
