/**
 * bun-netlink/netlink: the netlink wire codec, the Conn, and dial() to open real sockets.
 */
export * from "./constants.ts";
export * from "./errors.ts";
export * from "./message.ts";
export * from "./attribute.ts";
export * from "./conn.ts";
export type { Transport, TransportHandlers } from "./transport.ts";
export { dial, inNetns, setKernelReceiveBuffer, kernelReceiveBuffer, type DialOptions, type Netns } from "../socket/dial.ts";
export { NetlinkSocket } from "../socket/socket.ts";
