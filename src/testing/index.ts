/**
 * bun-netlink/testing: a fake kernel for unit tests of code that uses this library, no root needed.
 */
export * from "./fake.ts";
export * from "./genl.ts";
