/**
 * Output of the CLI: aligned tables for people, JSON for programs. Commands write through an
 * Output, so tests can run them in-process and read what they printed.
 */

/** Where a command prints: `out` for results, `err` for diagnostics and progress. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** An Output writing to the process's stdout and stderr. */
export const processOutput: Output = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/** An Output that keeps what was printed, for tests and for the compiled-binary comparison. */
export class BufferedOutput implements Output {
  stdout = "";
  stderr = "";
  out(text: string): void {
    this.stdout += text;
  }
  err(text: string): void {
    this.stderr += text;
  }
}

/**
 * Serialise a value as JSON: bigints become numbers when exact (strings otherwise), byte arrays
 * become hex strings, `undefined` members are left out.
 *
 * @example
 * toJson({ rx: 12n, id: new Uint8Array([1, 255]) }) // '{"rx":12,"id":"01ff"}'
 */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, jsonReplacer, indent);
}

function jsonReplacer(_key: string, v: unknown): unknown {
  if (typeof v === "bigint") return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("hex");
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  return v;
}

/** Print one JSON document (pretty when the output is a terminal, compact otherwise). */
export function printJson(o: Output, value: unknown): void {
  o.out(toJson(value, process.stdout.isTTY ? 2 : undefined) + "\n");
}

/** A table cell: text, a number, or nothing (printed as "-"). */
export type Cell = string | number | bigint | undefined | null;

/**
 * Format rows as an aligned table with a header line; columns are separated by two spaces and the
 * last column is not padded. An empty table prints the header and "(none)".
 *
 * @example
 * formatTable(["NAME", "MTU"], [["lo", 65536], ["eth0", 1500]])
 * // "NAME  MTU\nlo    65536\neth0  1500\n"
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = rows.map((r) => headers.map((_, i) => cellText(r[i])));
  const widths = headers.map((h, i) => Math.max(width(h), ...text.map((r) => width(r[i]!))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + " ".repeat(widths[i]! - width(c))))
      .join("  ")
      .trimEnd() + "\n";
  let s = line(headers);
  for (const r of text) s += line(r);
  if (rows.length === 0) s += "(none)\n";
  return s;
}

function cellText(c: Cell): string {
  if (c === undefined || c === null || c === "") return "-";
  return String(c);
}

/** Display width: code points (names and SSIDs may hold non-ASCII). */
function width(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Bytes in a short human form: 1.5 KiB, 20.0 MiB. */
export function humanBytes(n: number | bigint | undefined): string {
  if (n === undefined) return "-";
  let v = Number(n);
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(1)} ${units[u]}`;
}

/** A bit rate in bits per second, as Mbit/s with one decimal. */
export function humanBitrate(bps: number | undefined): string {
  return bps === undefined ? "-" : `${(bps / 1e6).toFixed(1)} Mbit/s`;
}

/** Seconds as "1h02m03s" / "4m05s" / "6s". */
export function humanSeconds(s: number | undefined): string {
  if (s === undefined) return "-";
  const t = Math.floor(s);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, "0")}m${String(sec).padStart(2, "0")}s`;
  if (m > 0) return `${m}m${String(sec).padStart(2, "0")}s`;
  return `${sec}s`;
}
