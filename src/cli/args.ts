/**
 * Command-line parsing, by hand (the CLI has no dependencies): options may appear anywhere among
 * the words, `--name value` and `--name=value` are both accepted, and `--` ends the options.
 * What is left are the words of the command, read with a Words cursor in `ip` style
 * ("add 10.0.0.0/8 via 192.0.2.1 dev eth0").
 */
import { UsageError } from "./errors.ts";

/** The options every command understands (each command uses the ones that apply to it). */
export interface Options {
  /** Work inside this network namespace (a name from /run/netns, or a path). */
  netns?: string;
  /** Print one JSON document instead of a table (`monitor` and `events`: one per line). */
  json: boolean;
  /** Only IPv4 (4) or IPv6 (6). */
  family?: 4 | 6;
  /** A routing table: a number, "main", "local", "default" or "all". */
  table?: string;
  /** Include link statistics (`link -s`). */
  stats: boolean;
  /** Stop `monitor` / `wifi events` after this many events. */
  count?: number;
  /** Address for the exporter's HTTP server, "127.0.0.1:9100". */
  listen?: string;
  /** `wifi scan`: list the cached results only, without triggering a scan. */
  dump: boolean;
  help: boolean;
  version: boolean;
}

/** The parsed command line: options and the remaining words. */
export interface ParsedArgs {
  options: Options;
  words: string[];
}

interface OptionSpec {
  names: readonly string[];
  value: boolean;
  apply: (o: Options, v: string) => void;
}

const SPECS: readonly OptionSpec[] = [
  { names: ["--netns", "-n"], value: true, apply: (o, v) => (o.netns = nonEmpty("--netns", v)) },
  { names: ["--json", "-j"], value: false, apply: (o) => (o.json = true) },
  { names: ["-4"], value: false, apply: (o) => setFamily(o, 4) },
  { names: ["-6"], value: false, apply: (o) => setFamily(o, 6) },
  { names: ["--table", "-t"], value: true, apply: (o, v) => (o.table = nonEmpty("--table", v)) },
  { names: ["--stats", "-s"], value: false, apply: (o) => (o.stats = true) },
  { names: ["--count", "-c"], value: true, apply: (o, v) => (o.count = positiveInteger("--count", v)) },
  { names: ["--listen", "-l"], value: true, apply: (o, v) => (o.listen = nonEmpty("--listen", v)) },
  { names: ["--dump"], value: false, apply: (o) => (o.dump = true) },
  { names: ["--help", "-h"], value: false, apply: (o) => (o.help = true) },
  { names: ["--version", "-V"], value: false, apply: (o) => (o.version = true) },
];

const BY_NAME = new Map<string, OptionSpec>(SPECS.flatMap((s) => s.names.map((n) => [n, s] as const)));

function setFamily(o: Options, f: 4 | 6): void {
  if (o.family !== undefined && o.family !== f) throw new UsageError("-4 and -6 exclude each other");
  o.family = f;
}

function nonEmpty(name: string, v: string): string {
  if (v === "") throw new UsageError(`${name} needs a non-empty value`);
  return v;
}

/** A whole number ≥ 1, or a UsageError naming `what`. */
export function positiveInteger(what: string, v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`${what} must be a whole number ≥ 1, not ${JSON.stringify(v)}`);
  return n;
}

/** A whole number ≥ 0 below 2^32, or a UsageError naming `what`. */
export function u32(what: string, v: string): number {
  const n = /^0x[0-9a-f]+$/i.test(v) ? Number.parseInt(v.slice(2), 16) : /^\d+$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new UsageError(`${what} must be a number in 0..4294967295, not ${JSON.stringify(v)}`);
  return n;
}

/**
 * Split argv into options and words. Throws UsageError for an unknown option or a missing value.
 *
 * @example
 * parseArgs(["--netns", "blue", "route", "-4", "--json"])
 * // { options: { netns: "blue", family: 4, json: true, … }, words: ["route"] }
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const options: Options = { json: false, stats: false, dump: false, help: false, version: false };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-" || /^-\d/.test(arg) && arg !== "-4" && arg !== "-6") {
      words.push(arg);
      continue;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const spec = BY_NAME.get(name);
    if (spec === undefined) throw new UsageError(`unknown option ${JSON.stringify(name)}${suggest(name)}`);
    let value = "";
    if (spec.value) {
      if (eq !== -1) value = arg.slice(eq + 1);
      else {
        const next = argv[i + 1];
        if (next === undefined) throw new UsageError(`${name} needs a value`);
        value = next;
        i++;
      }
    } else if (eq !== -1) throw new UsageError(`${name} takes no value`);
    spec.apply(options, value);
  }
  return { options, words };
}

function suggest(name: string): string {
  const close = [...BY_NAME.keys()].filter((n) => n.startsWith("--") && (n.startsWith(name) || name.startsWith(n)));
  return close.length === 1 ? ` (did you mean ${close[0]}?)` : "";
}

/**
 * Words is a cursor over a command's words, for `ip`-style keyword arguments.
 *
 * @example
 * const w = new Words(["dev", "eth0", "metric", "10"]);
 * while (!w.done()) { const k = w.next(); if (k === "dev") dev = w.value("dev"); }
 */
export class Words {
  #i = 0;
  constructor(readonly words: readonly string[]) {}

  /** Whether every word has been read. */
  done(): boolean {
    return this.#i >= this.words.length;
  }

  /** The next word without consuming it. */
  peek(): string | undefined {
    return this.words[this.#i];
  }

  /** Consume and return the next word (undefined at the end). */
  next(): string | undefined {
    return this.words[this.#i++];
  }

  /** Consume the next word as the value of `keyword`; a UsageError when there is none. */
  value(keyword: string): string {
    const v = this.words[this.#i++];
    if (v === undefined) throw new UsageError(`"${keyword}" needs a value`);
    return v;
  }

  /** Consume the next word if it is one of `choices`. */
  accept(...choices: string[]): string | undefined {
    const v = this.peek();
    if (v !== undefined && choices.includes(v)) {
      this.#i++;
      return v;
    }
    return undefined;
  }

  /** Throw a UsageError unless every word was read. */
  end(command: string): void {
    if (!this.done()) throw new UsageError(`${command}: unexpected ${JSON.stringify(this.peek())}`);
  }
}
