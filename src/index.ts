export * from "./netlink/index.ts";
