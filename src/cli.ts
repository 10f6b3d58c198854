#!/usr/bin/env bun
/**
 * The bun-netlink command (package.json "bin"): `bun run src/cli.ts`, `bunx bun-netlink`, or the
 * single binary from `bun run build`. With no arguments it prints an overview of the machine's
 * network state; `bun-netlink help` lists the commands. The work is in src/cli/main.ts.
 */
import { main } from "./cli/main.ts";

const controller = new AbortController();
let interrupted = 0;
const stop = (): void => {
  // The first Ctrl-C stops long-running commands cleanly; a second one does not wait.
  if (++interrupted > 1) process.exit(130);
  controller.abort(new Error("interrupted"));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

process.exitCode = await main(process.argv.slice(2), undefined, controller.signal);
process.off("SIGINT", stop);
process.off("SIGTERM", stop);
