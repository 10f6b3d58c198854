/**
 * bun-netlink/wifi: nl80211 over generic netlink. Interfaces, PHYs, stations, scans, survey,
 * regulatory domains, connecting and typed events, with decoders usable on their own.
 */
export * from "./constants.ts";
export * from "./client.ts";
export * from "./errors.ts";
export * from "./events.ts";
export * from "./interface.ts";
export * from "./phy.ts";
export * from "./station.ts";
export * from "./bss.ts";
export * from "./ie.ts";
export * from "./survey.ts";
export * from "./regulatory.ts";
export { decodeMac, encodeMac, ETH_ALEN } from "./address.ts";
export { Overrun } from "../netlink/conn.ts";
export { NetlinkError, DecodeError, EncodeError, TimeoutError, OverrunError, DumpInterruptedError } from "../netlink/errors.ts";
export type { DialOptions } from "../socket/dial.ts";
