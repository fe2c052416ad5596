import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConfig } from "../configs/mutations";
import { templateSpec } from "../configs/templates";
import { getPrisma } from "../db";
import { createSampleDataset } from "../factories/datasets";
import { createTrainingRun } from "../factories/runs";
import { createUser } from "../factories/users";
import type { RunStatus } from "../generated/prisma/client";
import {
  cancelQueuedRun,
  cancelRunningRun,
  claimRun,
  failRun,
  requeueRun,
  RUN_TRANSITIONS,
  succeedRun,
  type TRunTransition,
} from "./transitions";

const STATUSES: RunStatus[] = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED"];

/** Each transition applied to a run in its first attempt; a new transition fails to compile until it is listed. */
const APPLY: Record<TRunTransition, (runId: string) => Promise<boolean>> = {
  claim: async (runId) => !!(await claimRun({ runId, backend: "cpu", tfjsVersion: "test", workerHost: "test" })),
  cancelQueued: async (runId) => !!(await cancelQueuedRun({ runId }, getPrisma())),
  cancelRunning: (runId) => cancelRunningRun({ runId, attempt: 1 }, getPrisma()),
  succeed: (runId) => succeedRun({ runId, attempt: 1, result: { metrics: { testPublic: null } } }, getPrisma()),
  fail: (runId) => failRun({ runId, error: "runErrors.infrastructure" }, getPrisma()),
  requeue: (runId) => requeueRun({ runId }),
};

let fixture: { userId: string; configId: string; configRevisionId: string; datasetVersionId: string };
const created: string[] = [];

beforeAll(async () => {
  const owner = await createUser();
  const { version } = await createSampleDataset("iris", owner);
  const { config, revision } = await createConfig({
    actor: owner,
    meta: { title: "Transitions", designedForVersionId: version.id },
    spec: templateSpec("logisticRegression", 3),
  });
  fixture = { userId: owner.id, configId: config.id, configRevisionId: revision.id, datasetVersionId: version.id };
});

afterAll(async () => {
  // Runs made here have no queue job: end them, or another test file's reconciler would enqueue and train them.
  for (const runId of created) await failRun({ runId, error: "runErrors.infrastructure" }, getPrisma());
});

/** A run in its first attempt with two epochs written, set (as test data) to `status`. */
async function runIn(status: RunStatus, cancelRequested = false) {
  const run = await createTrainingRun({ ...fixture, epochs: 2 });
  created.push(run.id);
  return getPrisma().run.update({ where: { id: run.id }, data: { status, cancelRequested } });
}

const row = (id: string) => getPrisma().run.findUniqueOrThrow({ where: { id }, include: { epochs: true } });

describe("run status transitions", () => {
  for (const [name, { from, to }] of Object.entries(RUN_TRANSITIONS) as [
    TRunTransition,
    (typeof RUN_TRANSITIONS)[TRunTransition],
  ][])
    it(`${name}: ${from.join("|")} → ${to}, and from any other status changes nothing`, async () => {
      for (const status of STATUSES) {
        const run = await runIn(status);
        const before = await row(run.id);
        const applied = await APPLY[name](run.id);
        const after = await row(run.id);
        expect(applied, `${name} from ${status}`).toBe((from as readonly RunStatus[]).includes(status));
        if (applied) expect(after.status).toBe(to);
        else expect(after, `${name} from ${status}`).toEqual(before);
      }
    });

  it("a claim starts a new attempt with fresh curves, and never claims a run whose cancel was requested", async () => {
    const lost = await runIn("RUNNING");
    expect(await APPLY.claim(lost.id)).toBe(true);
    expect(await row(lost.id)).toMatchObject({ status: "RUNNING", attempt: 2, epochsDone: 0, epochs: [] });

    const asked = await runIn("QUEUED", true);
    const before = await row(asked.id);
    expect(await APPLY.claim(asked.id)).toBe(false);
    expect(await row(asked.id)).toEqual(before);
    // The worker that finds the request cancels it instead; without one, it leaves the run alone.
    const plain = await runIn("QUEUED");
    expect(await cancelQueuedRun({ runId: plain.id, requestedOnly: true }, getPrisma())).toBeNull();
    expect(await cancelQueuedRun({ runId: asked.id, requestedOnly: true }, getPrisma())).toEqual({
      userId: fixture.userId,
    });
  });

  it("only the attempt that claimed a run may finish it", async () => {
    const run = await runIn("RUNNING");
    expect(await APPLY.claim(run.id)).toBe(true); // attempt 2 now holds it
    const before = await row(run.id);
    expect(await succeedRun({ runId: run.id, attempt: 1, result: { metrics: {} } }, getPrisma())).toBe(false);
    expect(await cancelRunningRun({ runId: run.id, attempt: 1 }, getPrisma())).toBe(false);
    expect(await row(run.id)).toEqual(before);
    expect(await succeedRun({ runId: run.id, attempt: 2, result: { metrics: {} } }, getPrisma())).toBe(true);
  });
});

/*
 * No other code writes a run's status: a scan of lib/, worker/ and app/ (TypeScript's parser; tests, which set up
 * states directly, aside) for Prisma writes on the Run model whose data names `status` (or cannot be read, a spread
 * or a variable), and for raw SQL that updates "Run".
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const WRITES = new Set(["update", "updateMany", "updateManyAndReturn", "upsert"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? e.name === "generated" || e.name === "node_modules"
        ? []
        : sourceFiles(path.join(dir, e.name))
      : /\.(ts|tsx|mts)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)
        ? [path.join(dir, e.name)]
        : [],
  );
}

/** Whether an object literal's write part (`data`, or upsert's `update`/`create`) may set `status`. */
function writesStatus(arg: ts.Expression | undefined): boolean {
  if (!arg || !ts.isObjectLiteralExpression(arg)) return true; // not readable here: count it
  return arg.properties.some((p) => {
    if (ts.isSpreadAssignment(p)) return true;
    const name = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : null;
    if (!name || !["data", "update", "create"].includes(name)) return false;
    if (ts.isShorthandPropertyAssignment(p)) return true;
    if (!ts.isPropertyAssignment(p)) return true;
    const value = p.initializer;
    if (!ts.isObjectLiteralExpression(value)) return true;
    return value.properties.some(
      (q) =>
        ts.isSpreadAssignment(q) ||
        (q.name !== undefined && (ts.isIdentifier(q.name) || ts.isStringLiteral(q.name)) && q.name.text === "status"),
    );
  });
}

function statusWrites(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (node: ts.Node) =>
    `${path.relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      WRITES.has(node.expression.name.text) &&
      ts.isPropertyAccessExpression(node.expression.expression) &&
      node.expression.expression.name.text === "run" &&
      writesStatus(node.arguments[0])
    )
      found.push(at(node));
    if (
      (ts.isTaggedTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isStringLiteral(node)) &&
      /UPDATE\s+"Run"/i.test(node.getText())
    )
      found.push(at(node));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("the run state machine", () => {
  it("is the only code that writes Run.status", () => {
    const writes = ["lib", "worker", "app"].flatMap((d) => sourceFiles(path.join(ROOT, d))).flatMap(statusWrites);
    const own = path.join("lib", "runs", "transitions.ts");
    // The scan sees the writes it is meant to find: every transition's, in transitions.ts.
    expect(writes.filter((w) => w.startsWith(`${own}:`)).length).toBeGreaterThanOrEqual(
      Object.keys(RUN_TRANSITIONS).length,
    );
    expect(writes.filter((w) => !w.startsWith(`${own}:`))).toEqual([]);
  });
});
