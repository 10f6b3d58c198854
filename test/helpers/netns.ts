/**
 * Test helpers for kernel tests: root detection, and throw-away network namespaces that are
 * always deleted, even when the test fails.
 */
import { test } from "bun:test";

export const isRoot = process.getuid?.() === 0;
export const inCI = process.env.CI === "true";

/**
 * `test` for kernel tests: skipped with a reason when not root, except in CI, where a missing
 * privilege must fail loudly instead of hiding the tests.
 */
export const kernelTest: typeof test = (isRoot || inCI ? test : test.skip) as typeof test;
if (!isRoot && !inCI) console.warn("kernel tests skipped: they need root (CAP_NET_ADMIN) to create network namespaces");

let counter = 0;

/** Run a command and return its stdout; throws with stderr on failure. */
export function sh(args: string[], options: { stdin?: string } = {}): string {
  const r = Bun.spawnSync(args, { stdin: options.stdin === undefined ? "ignore" : Buffer.from(options.stdin), stderr: "pipe", stdout: "pipe" });
  if (r.exitCode !== 0) throw new Error(`${args.join(" ")} exited ${r.exitCode}: ${r.stderr.toString()}`);
  return r.stdout.toString();
}

/** Run `ip` inside a namespace; with `json` parse `ip -j` output. */
export function ip(netns: string, ...args: string[]): string {
  return sh(["ip", "-n", netns, ...args]);
}

export function ipJson<T = any>(netns: string, ...args: string[]): T {
  const out = sh(["ip", "-j", "-n", netns, ...args]);
  return JSON.parse(out || "[]") as T;
}

/** Run many `ip` commands in one process (ip -batch) inside the namespace. */
export function ipBatch(netns: string, lines: string[]): void {
  sh(["ip", "-n", netns, "-batch", "-"], { stdin: lines.join("\n") + "\n" });
}

/** Create a uniquely named namespace (with lo up), run fn, and delete it whatever happens. */
export async function withNetns<T>(fn: (netns: string) => T | Promise<T>, prefix = "bnl"): Promise<T> {
  const name = `${prefix}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 7)}`;
  sh(["ip", "netns", "add", name]);
  try {
    sh(["ip", "-n", name, "link", "set", "lo", "up"]);
    return await fn(name);
  } finally {
    Bun.spawnSync(["ip", "netns", "del", name]);
  }
}
