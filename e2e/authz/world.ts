import { createConfig } from "../../lib/configs/mutations";
import { templateSpec } from "../../lib/configs/templates";
import { disconnectPrisma, getPrisma } from "../../lib/db";
import { answer, createThread, reply } from "../../lib/discussions/mutations";
import { getSplitAssignments } from "../../lib/datasets/queries";
import { SPLIT } from "../../lib/datasets/split";
import { createDatasetFrom } from "../../lib/factories/datasets";
import { classificationPart, createScoredRun } from "../../lib/factories/runs";
import { createUser, uniqueSuffix } from "../../lib/factories/users";
import { refund } from "../../lib/limits";
import { setPrivateRevealed } from "../../lib/leaderboards/competitions";

export const ROLES = ["anonymous", "other", "owner", "moderator"] as const;
export const VISIBILITIES = ["PUBLIC", "UNLISTED", "PRIVATE"] as const;
export const HALVES = ["hidden", "revealed"] as const;
export type TRole = (typeof ROLES)[number];
export type TVis = (typeof VISIBILITIES)[number];
export type THalf = (typeof HALVES)[number];

/** Scores only the private half carries: seen anywhere by someone who may not see that half, it is a leak. */
export const PRIVATE_SCORE = 0.777;
export const PUBLIC_SCORE = 0.5;

export type TSubject = {
  dataset: { id: string; slug: string; title: string; versionId: string };
  config: { id: string; slug: string; title: string; revisionId: string };
  run: { id: string };
  /** A cell value found only in one private-half row, the owner's preview page (25 rows a page) that has it, and a
   * cell of the first training row (always on the first page). */
  privateCell: string;
  privatePage: number;
  publicCell: string;
  /** A question on the run, with the owner's answer linking the run itself (so a measured change with both halves'
   * scores), and a spare reply of the owner's for the delete check. */
  /** A question on the run; its answers and replies are the owner's (actionAnswerId/actionSpareId: the actions' own). */
  thread: {
    id: string;
    title: string;
    answerId: string;
    spareId: string;
    actionAnswerId: string;
    actionSpareId: string;
  };
};

export type TWorld = {
  word: string;
  /** A public run to compare others with (the compare page wants two). */
  companionRunId: string;
  /** A valid config spec for requests that create or revise configs. */
  specTemplate: unknown;
  owner: { id: string; handle: string; email: string; password: string };
  other: { id: string; handle: string; email: string; password: string };
  moderator: { id: string; handle: string; email: string; password: string };
  subjects: Record<TVis, Record<THalf, TSubject>>;
};

/** 60 rows, two classes, a unique note per row: enough that the first preview page has rows of every split. */
function table(word: string) {
  const lines = ["x1,x2,note,label"];
  for (let i = 0; i < 60; i++)
    lines.push(`${(i * 0.37) % 5},${(i * 1.3) % 7},${word}-row${String(i).padStart(2, "0")}q,${i % 2 ? "cat" : "dog"}`);
  return lines.join("\n");
}

/**
 * One owner and one other user; per visibility, a config, and per hidden/revealed state a dataset with a scored run
 * of that config (public accuracy 0.5, private 0.777). Everything belongs to the owner.
 */
export async function buildWorld(): Promise<TWorld> {
  try {
    const word = `authz${uniqueSuffix()}`;
    const [owner, other, moderator] = await Promise.all([
      createUser({ handle: `own${word}` }),
      createUser(),
      createUser({ handle: `mod${word}` }),
    ]);
    // Two days old: past the stricter posting limit of new accounts (the world and the matrix post more than it allows).
    await getPrisma().user.updateMany({
      where: { id: { in: [owner.id, other.id, moderator.id] } },
      data: { createdAt: new Date(Date.now() - 2 * 86_400_000) },
    });
    // A moderator: as another user everywhere, plus the moderation pages and actions. Roles are granted by an admin
    // (/admin) or ADMIN_HANDLES; the world sets it directly, as it sets the accounts' age.
    await getPrisma().user.update({ where: { id: moderator.id }, data: { role: "MODERATOR" } });
    const subjects = {} as TWorld["subjects"];
    for (const vis of VISIBILITIES) {
      subjects[vis] = {} as Record<THalf, TSubject>;
      const config = await createConfig({
        actor: owner,
        meta: { title: `Config ${word} ${vis}`, visibility: vis },
        spec: templateSpec("logisticRegression", 2),
        taskType: "CLASSIFICATION",
      });
      for (const half of HALVES) {
        const title = `Data ${word} ${vis} ${half}`;
        const { dataset, version } = await createDatasetFrom(
          table(`${word}${vis}${half}`),
          { title, visibility: vis, targetColumn: "label", fileName: "t.csv" },
          owner,
        );
        if (half === "revealed")
          await setPrivateRevealed({ actor: owner, datasetVersionId: version.id, revealed: true });
        const run = await createScoredRun({
          userId: owner.id,
          configId: config.config.id,
          configRevisionId: config.revision.id,
          datasetVersionId: version.id,
          publicScores: { accuracy: PUBLIC_SCORE },
          privateScores: { accuracy: PRIVATE_SCORE },
        });
        // Metrics shaped like the worker's (so pages render them), and a stored artifact for the artifact route.
        const { sha256 } = await getPrisma().datasetVersion.findUniqueOrThrow({
          where: { id: version.id },
          select: { sha256: true },
        });
        await getPrisma().run.update({
          where: { id: run.id },
          data: {
            artifacts: { modelJson: sha256 },
            metrics: {
              testPublic: classificationPart(PUBLIC_SCORE),
              testPrivate: classificationPart(PRIVATE_SCORE),
              validation: null,
            },
          },
        });
        const threadTitle = `Question ${word} ${vis} ${half}`;
        const thread = await createThread({
          actor: owner,
          input: { kind: "QUESTION", title: threadTitle, body: "Why this score?", runId: run.id },
        });
        const answered = await answer({
          actor: owner,
          threadId: thread.id,
          input: { body: "Measured on the same version.", runId: run.id },
        });
        const spare = await reply({ actor: owner, threadId: thread.id, input: { body: "Spare reply." } });
        const actionAnswer = await answer({
          actor: owner,
          threadId: thread.id,
          input: { body: "Another answer, for the actions." },
        });
        const actionSpare = await reply({ actor: owner, threadId: thread.id, input: { body: "Spare for actions." } });
        const split = await getSplitAssignments(version.id);
        const firstOf = (s: number) => [...split.keys()].find((i) => split[i] === s)!;
        const cell = (i: number) => `${word}${vis}${half}-row${String(i).padStart(2, "0")}q`;
        subjects[vis][half] = {
          privatePage: Math.floor(firstOf(SPLIT.TEST_PRIVATE) / 25) + 1,
          dataset: { id: dataset.id, slug: dataset.slug, title, versionId: version.id },
          config: {
            id: config.config.id,
            slug: config.config.slug,
            title: config.config.title,
            revisionId: config.revision.id,
          },
          run: { id: run.id },
          thread: {
            id: thread.id,
            title: threadTitle,
            answerId: answered.id,
            spareId: spare.id,
            actionAnswerId: actionAnswer.id,
            actionSpareId: actionSpare.id,
          },
          privateCell: cell(firstOf(SPLIT.TEST_PRIVATE)),
          publicCell: cell(firstOf(SPLIT.TRAIN)),
        };
      }
    }
    const companion = subjects.PUBLIC.hidden;
    const { id: companionRunId } = await createScoredRun({
      userId: owner.id,
      configId: companion.config.id,
      configRevisionId: companion.config.revisionId,
      datasetVersionId: companion.dataset.versionId,
      publicScores: { accuracy: 0.25 },
    });
    // The world's own posts (five per subject) are seeding, not what the matrix checks: give them back, so the checks'
    // posts meet the posting limit as any user's would (lib/limits consumePost).
    await refund("post", owner.id, 6 * 5);
    // Per user, one unread notification to mark read, and per subject an open report (by the owner) on its thread to
    // close: seeded rows, as the matrix judges the actions that change them, not the events that make them.
    await getPrisma().notification.createMany({
      data: [owner, other, moderator].map((u) => ({ recipientId: u.id, type: "reply", groupKey: `authz:${word}` })),
    });
    for (const vis of VISIBILITIES)
      for (const half of HALVES)
        await getPrisma().report.create({
          data: {
            reporterId: owner.id,
            targetKind: "THREAD",
            targetId: subjects[vis][half].thread.id,
            reason: "OTHER",
          },
        });
    const user = (u: typeof owner) => ({ id: u.id, handle: u.handle, email: u.email!, password: u.password });
    return {
      word,
      companionRunId,
      specTemplate: templateSpec("logisticRegression", 2),
      owner: user(owner),
      other: user(other),
      moderator: user(moderator),
      subjects,
    };
  } finally {
    await disconnectPrisma();
  }
}
