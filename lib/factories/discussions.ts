import type { TSessionUser } from "../auth/session";
import { getPrisma, type TPrisma } from "../db";
import { answer, createThread } from "../discussions/mutations";
import type { TThreadInput } from "../discussions/schemas";
import { createConfigFrom } from "./configs";
import { createSampleDataset } from "./datasets";
import { createScoredRun } from "./runs";
import { createUser, uniqueSuffix } from "./users";

/**
 * A user whose account is two days old: past the stricter posting limit of new accounts (lib/limits consumePost),
 * so a test can post more than a new account may in an hour. The age is the one thing set directly: no domain
 * function makes an account in the past.
 */
export async function createPoster(overrides: Parameters<typeof createUser>[0] = {}, db: TPrisma = getPrisma()) {
  const user = await createUser(overrides, db);
  await db.user.update({ where: { id: user.id }, data: { createdAt: new Date(Date.now() - 2 * 86_400_000) } });
  return user;
}

/** A thread through the real create path: a discussion with a unique title unless told otherwise. */
export function createThreadFrom(author: TSessionUser, input: Partial<TThreadInput> = {}, db: TPrisma = getPrisma()) {
  return createThread(
    { actor: author, input: { title: `Thread ${uniqueSuffix()}`, body: "What do you think?", ...input } },
    db,
  );
}

/**
 * The experiment loop of a question on a run: `asker`'s scored run on a public iris version (accuracy `before`), the
 * question about it, and `answerer`'s fork-like config with its own scored run on the same version (accuracy `after`)
 * linked from an answer.
 */
export async function createRunQuestion({
  before = 0.81,
  after = 0.86,
  asker,
  answerer,
}: { before?: number; after?: number; asker?: TSessionUser; answerer?: TSessionUser } = {}) {
  const [a, b] = [asker ?? (await createPoster()), answerer ?? (await createPoster())];
  const { dataset, version } = await createSampleDataset("iris", a);
  const askerConfig = await createConfigFrom("mlp", { title: `Asker net ${uniqueSuffix()}` }, a);
  const answerConfig = await createConfigFrom("mlp", { title: `Better net ${uniqueSuffix()}` }, b);
  const scored = (user: TSessionUser, config: typeof askerConfig, accuracy: number) =>
    createScoredRun({
      userId: user.id,
      configId: config.config.id,
      configRevisionId: config.revision.id,
      datasetVersionId: version.id,
      publicScores: { accuracy },
      privateScores: { accuracy: accuracy - 0.1 },
    });
  const askerRun = await scored(a, askerConfig, before);
  const answerRun = await scored(b, answerConfig, after);
  const thread = await createThreadFrom(a, {
    kind: "QUESTION",
    title: "Why does my MLP plateau at 0.81?",
    body: "Loss stops going down after epoch 3.",
    runId: askerRun.id,
  });
  const reply = await answer({
    actor: b,
    threadId: thread.id,
    input: { body: "Lower the learning rate; see my run.", runId: answerRun.id },
  });
  return {
    asker: a,
    answerer: b,
    dataset,
    version,
    askerConfig,
    answerConfig,
    askerRun,
    answerRun,
    thread,
    answer: reply,
  };
}
