import { afterEach, describe, expect, it } from "vitest";
import { getPrisma } from "../db";
import { createConfigFrom } from "../factories/configs";
import { createSampleDataset } from "../factories/datasets";
import { createPoster, createThreadFrom } from "../factories/discussions";
import { createScoredRun } from "../factories/runs";
import { uniqueSuffix } from "../factories/users";
import { deletePost, editPost, reply } from "../discussions/mutations";
import { getThread } from "../discussions/queries";
import { vote } from "../discussions/votes";
import { createCompetition } from "../leaderboards/competitions";
import { listenForBoardPageChanges } from "./invalidation";
import { boardPageStamp } from "./stamps";

/*
 * A board page shows a Discussion section (app/discussions/_components/discussion-panel.tsx): the count and latest
 * threads about its dataset version and the competition on it. Cached copies of signed-out board pages must therefore
 * render again when such a thread changes (migration 20261201220000_thread_board_pages), and only then.
 */
async function boardWithCompetition() {
  const owner = await createPoster();
  const { dataset, version } = await createSampleDataset("iris", owner);
  const minute = (n: number) => new Date(Date.now() + n * 60_000).toISOString().slice(0, 16);
  const competition = await createCompetition({
    actor: owner,
    datasetVersionId: version.id,
    input: {
      title: "Cup",
      metric: "accuracy",
      startsAt: minute(-60),
      endsAt: minute(60),
      dailyLimit: "5",
      totalLimit: "10",
      finalLimit: "2",
    },
  });
  const stamp = () => boardPageStamp(owner.handle, dataset.slug);
  return { owner, dataset, version, competition, stamp };
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

describe("board page stamps and discussions", () => {
  it("change with every change to a thread about the version or its competition", async () => {
    const { owner, version, competition, stamp } = await boardWithCompetition();
    const other = await createPoster();
    const seen = new Set([await stamp()]);
    const step = async (write: () => Promise<unknown>) => {
      await write();
      const next = await stamp();
      expect(seen.has(next)).toBe(false);
      seen.add(next);
    };
    let threadId = "";
    await step(async () => {
      threadId = (await createThreadFrom(other, { kind: "QUESTION", datasetVersionId: version.id })).id;
    });
    const opening = (await getThread(threadId, null))!.opening!.id;
    await step(() => reply({ actor: owner, threadId, input: { body: "Which optimizer?" } }));
    await step(() => vote({ actor: owner, postId: opening }));
    await step(() => editPost({ actor: other, postId: opening, input: { body: "Edited.", title: "A new title" } }));
    await step(() => createThreadFrom(other, { competitionId: competition.id }));
    await step(() => deletePost({ actor: other, postId: opening }));
  });

  it("stay the same for threads the board does not show, and leave the boards index's order alone", async () => {
    const { owner, version, stamp } = await boardWithCompetition();
    const { config, revision } = await createConfigFrom("mlp", {}, owner);
    const run = await createScoredRun({
      userId: owner.id,
      configId: config.id,
      configRevisionId: revision.id,
      datasetVersionId: version.id,
      publicScores: { accuracy: 0.9 },
    });
    const changedAt = () =>
      getPrisma()
        .datasetVersion.findUniqueOrThrow({ where: { id: version.id }, select: { boardChangedAt: true } })
        .then((v) => v.boardChangedAt);
    const [before, beforeChange] = [await stamp(), await changedAt()];
    await createThreadFrom(owner, { runId: run.id });
    await createThreadFrom(owner, { configId: config.id });
    await createThreadFrom(owner, { title: `General ${uniqueSuffix()}` });
    expect(await stamp()).toBe(before);
    await createThreadFrom(owner, { datasetVersionId: version.id });
    expect(await stamp()).not.toBe(before);
    expect(await changedAt()).toEqual(beforeChange);
  });

  it("are announced to the web processes by dataset", async () => {
    const { version, competition, dataset } = await boardWithCompetition();
    const changes: string[] = [];
    const listener = listenForBoardPageChanges({
      connectionString: process.env.DATABASE_URL!,
      onChange: (c) => changes.push(c),
      onGap: () => {},
      name: `thread stamps test ${uniqueSuffix()}`,
    });
    stops.push(() => listener.stop());
    await expect.poll(() => listener.listening).toBe(true);
    const author = await createPoster();
    const announces = async (write: () => Promise<unknown>) => {
      changes.length = 0;
      await write();
      await expect.poll(() => changes.includes(dataset.id), { timeout: 5_000 }).toBe(true);
    };
    let threadId = "";
    await announces(async () => {
      threadId = (await createThreadFrom(author, { datasetVersionId: version.id })).id;
    });
    await announces(() => reply({ actor: author, threadId, input: { body: "More detail." } }));
    await announces(() => createThreadFrom(author, { competitionId: competition.id }));
  });
});
