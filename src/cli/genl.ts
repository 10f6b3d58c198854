/**
 * `bun-netlink genl`: the generic netlink families the kernel has registered, and one family in
 * detail with the attribute policies of its operations.
 */
import {
  GENL_ADMIN_PERM,
  GENL_CMD_CAP_DO,
  GENL_CMD_CAP_DUMP,
  GENL_CMD_CAP_HASPOL,
  GENL_UNS_ADMIN_PERM,
  NetlinkError,
  type AttributePolicy,
  type Family,
  type FamilyPolicy,
} from "../genetlink/index.ts";
import { Words } from "./args.ts";
import type { Context } from "./context.ts";
import { CliError, EXIT, UsageError } from "./errors.ts";
import { formatTable, printJson, type Cell } from "./output.ts";

/** The names of an operation's GENL_* flags. */
export function capabilityNames(flags: number): string[] {
  const out: string[] = [];
  if (flags & GENL_CMD_CAP_DO) out.push("do");
  if (flags & GENL_CMD_CAP_DUMP) out.push("dump");
  if (flags & GENL_CMD_CAP_HASPOL) out.push("policy");
  if (flags & GENL_ADMIN_PERM) out.push("admin");
  if (flags & GENL_UNS_ADMIN_PERM) out.push("userns-admin");
  return out;
}

/** Run `genl …`. */
export async function genlCommand(ctx: Context, w: Words): Promise<void> {
  const verb = w.next() ?? "families";
  switch (verb) {
    case "families":
    case "list":
    case "ls": {
      w.end("genl families");
      const families = await (await ctx.genl()).listFamilies({ signal: ctx.signal });
      if (ctx.options.json) printJson(ctx.output, families.map(familyJson));
      else ctx.out(familyTable(families));
      return;
    }
    case "family":
    case "get":
    case "show": {
      const name = w.next();
      if (name === undefined) throw new UsageError("genl family: which family? (genl family nlctrl)");
      w.end("genl family");
      return showFamily(ctx, name);
    }
    default:
      throw new UsageError(`genl: unknown subcommand ${JSON.stringify(verb)} (families, family NAME)`);
  }
}

/** A family as JSON: the decoded Family with capability names on each operation. */
export function familyJson(f: Family): Record<string, unknown> {
  return { ...f, operations: f.operations.map((o) => ({ ...o, capabilities: capabilityNames(o.flags) })) };
}

/** The human table of families. */
export function familyTable(families: readonly Family[]): string {
  const rows = families.map((f) => [f.id, f.name, f.version, f.headerSize, f.maxAttribute, f.operations.length, f.groups.map((g) => g.name).join(",")]);
  return formatTable(["ID", "NAME", "VERSION", "HDRSIZE", "MAXATTR", "OPS", "GROUPS"], rows);
}

async function showFamily(ctx: Context, name: string): Promise<void> {
  const genl = await ctx.genl();
  let family: Family;
  try {
    family = await genl.getFamily(name, { signal: ctx.signal });
  } catch (err) {
    if (err instanceof NetlinkError && err.code === "ENOENT") {
      throw new CliError(`unknown generic netlink family ${JSON.stringify(name)}`, EXIT.failure, "list them with 'bun-netlink genl families' (its module may not be loaded)");
    }
    throw err;
  }
  let policy: FamilyPolicy | undefined;
  let policyError: string | undefined;
  try {
    policy = await genl.getPolicy(family, { signal: ctx.signal });
  } catch (err) {
    // Families without policies answer ENODATA or EOPNOTSUPP, depending on the kernel.
    if (!(err instanceof NetlinkError)) throw err;
    policyError = err.code;
  }
  if (ctx.options.json) {
    printJson(ctx.output, { ...familyJson(family), policy: policy ?? null });
    return;
  }
  ctx.out(familyDetails(family, policy, policyError));
}

/** The human description of one family and its policies. */
export function familyDetails(f: Family, policy: FamilyPolicy | undefined, policyError?: string): string {
  let s = `${f.name}: id ${f.id} (0x${f.id.toString(16)}), version ${f.version}, header ${f.headerSize} bytes, max attribute ${f.maxAttribute}\n`;
  s += "\nOperations\n";
  s += indent(
    formatTable(
      ["CMD", "CAPABILITIES", "DO POLICY", "DUMP POLICY"],
      f.operations.map((o) => [o.id, capabilityNames(o.flags).join(","), policy?.operations[o.id]?.do, policy?.operations[o.id]?.dump]),
    ),
  );
  s += "\nMulticast groups\n";
  s += indent(formatTable(["ID", "NAME"], f.groups.map((g) => [g.id, g.name])));
  s += "\nPolicies\n";
  if (policy === undefined) return s + `  (none${policyError ? `: the kernel answered ${policyError}` : ""})\n`;
  const indexes = Object.keys(policy.policies).map(Number).sort((a, b) => a - b);
  if (indexes.length === 0) return s + "  (none)\n";
  for (const i of indexes) {
    s += `  policy ${i}\n`;
    const p = policy.policies[i]!;
    const rows: Cell[][] = Object.keys(p)
      .map(Number)
      .sort((a, b) => a - b)
      .map((attr) => [attr, ...policyColumns(p[attr]!)]);
    s += indent(formatTable(["ATTR", "TYPE", "RANGE/LENGTH", "NESTED"], rows), 4);
  }
  return s;
}

function policyColumns(a: AttributePolicy): Cell[] {
  const type = a.type === "unknown" ? `unknown(${a.unknownType})` : a.type;
  const limits: string[] = [];
  if (a.minValue !== undefined || a.maxValue !== undefined) limits.push(`${a.minValue ?? ""}..${a.maxValue ?? ""}`);
  if (a.minLength !== undefined || a.maxLength !== undefined) limits.push(`len ${a.minLength ?? 0}..${a.maxLength ?? ""}`);
  if (a.mask !== undefined) limits.push(`mask 0x${a.mask.toString(16)}`);
  if (a.bitfield32Mask !== undefined) limits.push(`mask 0x${a.bitfield32Mask.toString(16)}`);
  const nested = a.policy !== undefined ? `policy ${a.policy}${a.maxType !== undefined ? ` (max ${a.maxType})` : ""}` : undefined;
  return [type, limits.join(", "), nested];
}

function indent(text: string, n = 2): string {
  const pad = " ".repeat(n);
  return text
    .split("\n")
    .map((l) => (l === "" ? l : pad + l))
    .join("\n");
}
