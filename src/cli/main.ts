/**
 * The bun-netlink command: parse the command line, run the command, print errors with a hint and
 * return the exit status. Built on the public API only (rtnetlink, genetlink, wifi).
 */
import pkg from "../../package.json" with { type: "json" };
import { parseArgs, Words, type ParsedArgs } from "./args.ts";
import { Context } from "./context.ts";
import { EXIT, reportError, UsageError } from "./errors.ts";
import { processOutput, type Output } from "./output.ts";
import { ADDR_USAGE, EXPORTER_USAGE, GENL_USAGE, LINK_USAGE, MONITOR_USAGE, NEIGH_USAGE, ROUTE_USAGE, WIFI_USAGE } from "./usage.ts";

type Command = (ctx: Context, w: Words) => Promise<void>;

// A command's module (and the library modules it needs) is loaded only when it runs: JavaScriptCore
// parses every module it loads, and loading all of them took longer than most commands.
const COMMANDS: Record<string, { load: () => Promise<Command>; usage: string }> = {
  link: { load: async () => (await import("./link.ts")).linkCommand, usage: LINK_USAGE },
  addr: { load: async () => (await import("./address.ts")).addressCommand, usage: ADDR_USAGE },
  route: { load: async () => (await import("./route.ts")).routeCommand, usage: ROUTE_USAGE },
  neigh: { load: async () => (await import("./neighbour.ts")).neighbourCommand, usage: NEIGH_USAGE },
  monitor: { load: async () => (await import("./monitor.ts")).monitorCommand, usage: MONITOR_USAGE },
  genl: { load: async () => (await import("./genl.ts")).genlCommand, usage: GENL_USAGE },
  wifi: { load: async () => (await import("./wifi.ts")).wifiCommand, usage: WIFI_USAGE },
  exporter: { load: async () => (await import("./exporter.ts")).exporterCommand, usage: EXPORTER_USAGE },
};

const ALIASES: Record<string, string> = {
  l: "link",
  ln: "link",
  links: "link",
  a: "addr",
  address: "addr",
  addresses: "addr",
  r: "route",
  ro: "route",
  routes: "route",
  n: "neigh",
  neighbor: "neigh",
  neighbour: "neigh",
  m: "monitor",
  mon: "monitor",
  wlan: "wifi",
};

/** The full usage text. */
export function usage(): string {
  const commands = Object.values(COMMANDS)
    .map((c) => "  " + c.usage.replace(/\n/g, "\n  "))
    .join("\n");
  return `bun-netlink ${pkg.version}: Linux network state over netlink (links, addresses, routes,
neighbours, generic netlink families, WiFi), without ip or iw.

Usage: bun-netlink [OPTIONS] [COMMAND [ARGS]]
  (no command)                    an overview: links, addresses, routes, genl families, WiFi
${commands}
  help [COMMAND]                  this text, or one command's

Options (anywhere on the line):
  -n, --netns NAME              work inside a network namespace (/run/netns/NAME, or a path)
  -j, --json                    one JSON document (ip -j field names for link/addr/route/neigh)
  -4, -6                        IPv4 or IPv6 only
  -t, --table ID                routing table: a number, main, local, default or all
  -s, --stats                   link counters
  -c, --count N                 monitor / wifi events: stop after N events
  -l, --listen HOST:PORT        exporter address (loopback only; default 127.0.0.1:9100)
      --dump                    wifi scan: cached results; exporter: print one scrape
  -h, --help                    usage
  -V, --version                 version

Exit status: 0 ok, 1 the operation failed, 2 bad command line, 3 no WiFi stack,
4 permission denied (changes need CAP_NET_ADMIN, --netns needs CAP_SYS_ADMIN).
`;
}

function commandUsage(name: string): string {
  const c = COMMANDS[name];
  return c === undefined ? usage() : `Usage: bun-netlink [OPTIONS] ${c.usage.replace(/\n/g, "\n       bun-netlink [OPTIONS] ")}\n`;
}

/**
 * Run the command line `argv` (without the program name), printing to `output`. Resolves with
 * the exit status; never rejects. `signal` (Ctrl-C) stops long-running commands cleanly.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: readonly string[], output: Output = processOutput, signal: AbortSignal = new AbortController().signal): Promise<number> {
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs(argv);
  } catch (err) {
    return fail(output, err);
  }
  const { options, words } = parsed;
  if (options.version) {
    output.out(`bun-netlink ${pkg.version}\n`);
    return EXIT.ok;
  }
  const first = words[0];
  const name = first === undefined ? undefined : (ALIASES[first] ?? first);
  if (name === "help") {
    output.out(words[1] === undefined ? usage() : commandUsage(ALIASES[words[1]] ?? words[1]));
    return EXIT.ok;
  }
  if (options.help) {
    output.out(name === undefined ? usage() : commandUsage(name));
    return EXIT.ok;
  }
  const ctx = new Context(options, output, signal);
  try {
    if (name === undefined || name === "overview") await (await import("./overview.ts")).overviewCommand(ctx);
    else {
      const command = COMMANDS[name];
      if (command === undefined) throw new UsageError(`unknown command ${JSON.stringify(first)} (link, addr, route, neigh, monitor, genl, wifi, exporter, help)`);
      const run = await command.load();
      await run(ctx, new Words(words.slice(1)));
    }
    return EXIT.ok;
  } catch (err) {
    return fail(output, err);
  } finally {
    ctx.close();
  }
}

function fail(output: Output, err: unknown): number {
  const r = reportError(err);
  output.err(`bun-netlink: ${r.message}\n`);
  if (r.hint !== undefined) output.err(`  hint: ${r.hint}\n`);
  if (process.env.BUN_NETLINK_DEBUG && err instanceof Error && err.stack) output.err(err.stack + "\n");
  return r.exitCode;
}
