import { afterAll, describe, expect, it } from "vitest";
import { getPrisma } from "../db";
import { createConfig } from "../configs/mutations";
import { templateSpec } from "../configs/templates";
import { SpecInvalidError } from "../configs/errors";
import { createSampleDataset } from "../factories/datasets";
import { createUser } from "../factories/users";
import { closeTrainingQueue, getTrainingQueue } from "../queue/training";
import { cancelRun, submitRun } from "./mutations";

// No worker listens on this prefix: jobs stay waiting so we can inspect them.
process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX ?? "ty-test"}-runs-${process.pid}`;
const created: { runId: string; actor: Awaited<ReturnType<typeof createUser>> }[] = [];

afterAll(async () => {
  // Cancel what we queued, so no other test file's reconciler trains it.
  for (const { runId, actor } of created) await cancelRun({ actor, runId }).catch(() => {});
  await getTrainingQueue()
    .obliterate({ force: true })
    .catch(() => {});
  await closeTrainingQueue();
});

async function setup() {
  const owner = await createUser();
  const { version } = await createSampleDataset("iris", owner);
  const { revision } = await createConfig({
    actor: owner,
    meta: { title: "Queued", designedForVersionId: version.id },
    spec: templateSpec("logisticRegression", 3),
  });
  return { owner, version, revision };
}

describe("submitting runs", () => {
  it("refuses a config that does not fit the dataset, with exact paths", async () => {
    const { owner, version } = await setup();
    const { revision } = await createConfig({
      actor: owner,
      meta: { title: "CNN" },
      spec: templateSpec("smallCnn", 3),
    });
    const error = await submitRun({ actor: owner, configRevisionId: revision.id, datasetVersionId: version.id }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpecInvalidError);
    expect((error as SpecInvalidError).issues[0]!.path).toBe("model.layers[0].kernelSize");
  });

  it("records hashes and the config's seed, and enqueues one job per run", async () => {
    const { owner, version, revision } = await setup();
    const run = await submitRun({ actor: owner, configRevisionId: revision.id, datasetVersionId: version.id, seed: 7 });
    created.push({ runId: run.id, actor: owner });
    expect(run).toMatchObject({ status: "QUEUED", seed: 7, configHash: revision.specHash, epochsTotal: 100 });
    expect(run.datasetHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await getTrainingQueue().getJob(run.id)).toBeTruthy();
  });

  it("limits queued runs per user with a clear message, and shares the queue fairly between users", async () => {
    const a = await setup();
    const b = await setup();
    const runsA = [];
    for (let i = 0; i < 5; i++)
      runsA.push(await submitRun({ actor: a.owner, configRevisionId: a.revision.id, datasetVersionId: a.version.id }));
    runsA.forEach((r) => created.push({ runId: r.id, actor: a.owner }));
    const refused = await submitRun({
      actor: a.owner,
      configRevisionId: a.revision.id,
      datasetVersionId: a.version.id,
    }).catch((e: { code?: string; fieldErrors?: object }) => e);
    expect(refused).toMatchObject({ code: "RATE_LIMITED", fieldErrors: { run: "run.tooManyQueued" } });
    expect(await getPrisma().run.count({ where: { userId: a.owner.id } })).toBe(5);

    const runB = await submitRun({ actor: b.owner, configRevisionId: b.revision.id, datasetVersionId: b.version.id });
    created.push({ runId: runB.id, actor: b.owner });
    const priorities = await Promise.all(
      [...runsA, runB].map(async (r) => (await getTrainingQueue().getJob(r.id))!.opts.priority),
    );
    expect(priorities.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    // B's first run goes ahead of A's second to fifth.
    expect(priorities[5]).toBe(1);
  });

  it("cancels a queued run at once", async () => {
    const { owner, version, revision } = await setup();
    const run = await submitRun({ actor: owner, configRevisionId: revision.id, datasetVersionId: version.id });
    expect(await cancelRun({ actor: owner, runId: run.id })).toBe("CANCELED");
    expect((await getPrisma().run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("CANCELED");
    await expect(cancelRun({ actor: owner, runId: run.id })).rejects.toMatchObject({ code: "CONFLICT" });
    const stranger = await createUser();
    await expect(cancelRun({ actor: stranger, runId: run.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
