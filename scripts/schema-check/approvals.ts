// schema/approved.json: breaking changes a reviewer accepted, each by its stable id with a reason. It is in the
// diff the review sees, so acknowledging a break is itself reviewed.
import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";

const approvalsFile = z
  .object({
    $comment: z.string().optional(),
    approved: z.array(
      z
        .object({
          id: z
            .string()
            .regex(/^[A-Z_]+:\S+/, "a change id as schema:check prints it, e.g. FIELD_REMOVED:Quote.changePercent"),
          reason: z.string().trim().min(1, "say why the break is acceptable"),
        })
        .strict(),
    ),
  })
  .strict();

export type Approval = z.infer<typeof approvalsFile>["approved"][number];

/** A missing file approves nothing; a malformed one is an error (a typo must not silently approve or ignore). */
export function readApprovals(path: string): Approval[] {
  if (!existsSync(path)) return [];
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = approvalsFile.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new Error(`${path} is invalid: ${problems.join("; ")}`);
  }
  return parsed.data.approved;
}
