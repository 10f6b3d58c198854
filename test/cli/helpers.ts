/**
 * Helpers for the CLI tests: run the command as a user would (a subprocess, so exit statuses and
 * stdout/stderr are real), and compare our JSON with `ip -j` where the two overlap.
 */
import { expect } from "bun:test";
import { resolve } from "node:path";

export const ROOT = resolve(import.meta.dir, "../..");
export const CLI = resolve(ROOT, "src/cli.ts");

/** What a run of the command printed and returned. */
export interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Run `bun src/cli.ts ...args` (or another executable, for the compiled binary). */
export async function runCli(args: readonly string[], options: { exe?: readonly string[]; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<Run> {
  const exe = options.exe ?? [process.execPath, CLI];
  const p = Bun.spawn([...exe, ...args], {
    stdout: "pipe",
    stderr: "pipe",
    stdin: "ignore",
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1", ...(options.env ?? {}) },
  });
  const timer = setTimeout(() => p.kill("SIGKILL"), options.timeoutMs ?? 30_000);
  try {
    const [stdout, stderr, exitCode] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    return { exitCode, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

/** Run and parse stdout as JSON, failing with stderr when the command failed. */
export async function runJson<T = any>(args: readonly string[], options: Parameters<typeof runCli>[1] = {}): Promise<T> {
  const r = await runCli([...args, "--json"], options);
  if (r.exitCode !== 0) throw new Error(`bun-netlink ${args.join(" ")} exited ${r.exitCode}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/**
 * Where `ip` has a key, ours must have it with the same value: objects compare key by key over
 * ip's keys (ours may have more), arrays element by element (same length). `ignore` lists keys
 * ip prints that we do not model. Returns the differences as "path: ip vs ours".
 */
export function overlapDifferences(ours: unknown, ip: unknown, ignore: readonly string[] = [], path = "$"): string[] {
  if (Array.isArray(ip)) {
    if (!Array.isArray(ours)) return [`${path}: ip has an array, ours ${JSON.stringify(ours)}`];
    if (ours.length !== ip.length) return [`${path}: ip has ${ip.length} items, ours ${ours.length}: ${JSON.stringify(ip)} vs ${JSON.stringify(ours)}`];
    return ip.flatMap((v, i) => overlapDifferences(ours[i], v, ignore, `${path}[${i}]`));
  }
  if (ip !== null && typeof ip === "object") {
    if (ours === null || typeof ours !== "object") return [`${path}: ip has an object, ours ${JSON.stringify(ours)}`];
    const out: string[] = [];
    for (const [k, v] of Object.entries(ip)) {
      if (ignore.includes(k)) continue;
      if (!(k in (ours as object))) out.push(`${path}.${k}: ip has ${JSON.stringify(v)}, ours lacks the key`);
      else out.push(...overlapDifferences((ours as Record<string, unknown>)[k], v, ignore, `${path}.${k}`));
    }
    return out;
  }
  return ours === ip ? [] : [`${path}: ip ${JSON.stringify(ip)} vs ours ${JSON.stringify(ours)}`];
}

/** Expect no overlap differences. */
export function expectOverlap(ours: unknown, ip: unknown, ignore: readonly string[] = []): void {
  expect(overlapDifferences(ours, ip, ignore)).toEqual([]);
}
