import { beforeAll, describe, expect, it } from "vitest";
import { createConfigFrom } from "../factories/configs";
import { createSampleDataset } from "../factories/datasets";
import { createPoster, createThreadFrom } from "../factories/discussions";
import { createScoredRun } from "../factories/runs";
import { uniqueSuffix } from "../factories/users";
import { acceptAnswer } from "./answers";
import { listThreads, suggestTags, threadCounts } from "./list";
import { answer, reply } from "./mutations";
import { getThread } from "./queries";
import { vote } from "./votes";

type TUser = Awaited<ReturnType<typeof createPoster>>;

// Each world is scoped by a tag of its own, so threads other tests leave behind cannot change the answers.

describe("searching threads in English and Chinese", () => {
  let author: TUser;
  let tag: string;
  const titles = async (q: string) => (await listThreads({ q, tag }, null)).items.map((t) => t.title);

  beforeAll(async () => {
    author = await createPoster();
    tag = `s${uniqueSuffix()}`;
    const make = (title: string, body: string, kind: "QUESTION" | "DISCUSSION" = "QUESTION") =>
      createThreadFrom(author, { title, body, kind, tags: tag });
    await make("学习率太大导致损失不收敛？", "训练了 20 轮，验证损失一直在震荡，是不是应该调小学习率？");
    await make("图像分类模型过拟合怎么办", "训练集准确率很高，测试集很低。我试过加 Dropout，但效果一般。");
    await make("Validation loss explodes after warmup", "With Adam and a large batch size the loss goes to NaN.");
    await make(
      "Sharing my tabular baseline",
      "A small MLP that reaches 0.97 on iris with 梯度裁剪 enabled.",
      "DISCUSSION",
    );
    const quiet = await make("Unrelated topic here", "Nothing to see.");
    // Only the title and the opening post are searched, not replies.
    await reply({ actor: author, threadId: quiet.id, input: { body: "By the way, 学习率 matters." } });
  });

  it("finds Chinese words in titles and opening posts, segmented", async () => {
    expect(await titles("学习率")).toEqual(["学习率太大导致损失不收敛？"]);
    expect(await titles("损失")).toEqual(["学习率太大导致损失不收敛？"]);
    expect(await titles("损失 收敛")).toEqual(["学习率太大导致损失不收敛？"]);
    expect(await titles("过拟合")).toEqual(["图像分类模型过拟合怎么办"]);
    expect(await titles("测试集 Dropout")).toEqual(["图像分类模型过拟合怎么办"]); // both only in the body
    expect(await titles("梯度裁剪")).toEqual(["Sharing my tabular baseline"]);
    expect(await titles("学习率 过拟合")).toEqual([]); // every term must be there
    expect(await titles("的")).toEqual([]);
  });

  it("finds English words whatever their case, in the title first", async () => {
    expect(await titles("validation LOSS")).toEqual(["Validation loss explodes after warmup"]);
    expect(await titles("nan")).toEqual(["Validation loss explodes after warmup"]);
    expect(await titles("mlp iris")).toEqual(["Sharing my tabular baseline"]);
    expect(await titles("adam -batch")).toEqual([]);
  });
});

describe("the thread index", () => {
  let owner: TUser;
  let other: TUser;
  let tag: string;
  const made: Record<string, string> = {};
  let ids: { dataset: string; version: string; config: string; run: string; privateConfig: string; unlisted: string };

  beforeAll(async () => {
    [owner, other] = await Promise.all([createPoster(), createPoster()]);
    tag = `i${uniqueSuffix()}`;
    const { dataset, version } = await createSampleDataset("iris", owner);
    const unlisted = await createSampleDataset("iris", owner, { visibility: "UNLISTED" });
    const config = await createConfigFrom("mlp", {}, owner);
    const privateConfig = await createConfigFrom("mlp", { visibility: "PRIVATE" }, owner);
    const run = await createScoredRun({
      userId: owner.id,
      configId: config.config.id,
      configRevisionId: config.revision.id,
      datasetVersionId: version.id,
      publicScores: { accuracy: 0.9 },
    });
    ids = {
      dataset: dataset.id,
      version: version.id,
      config: config.config.id,
      run: run.id,
      privateConfig: privateConfig.config.id,
      unlisted: unlisted.dataset.id,
    };
    const make = async (key: string, author: TUser, input: Parameters<typeof createThreadFrom>[1]) => {
      made[key] = (await createThreadFrom(author, { title: `Thread ${key}`, tags: tag, ...input })).id;
    };
    // In order of creation: "new" lists them newest first.
    await make("general", owner, {});
    await make("onRun", other, { kind: "QUESTION", runId: run.id });
    await make("onVersion", owner, { datasetVersionId: version.id, tags: `${tag}, adam` });
    await make("onConfig", other, { configId: config.config.id, kind: "QUESTION" });
    await make("onPrivate", owner, { configId: privateConfig.config.id });
    await make("onUnlisted", owner, { datasetVersionId: unlisted.version.id });
    // Activity: a reply moves "general" to the top of "active"; votes put "onVersion" first in "top".
    await reply({ actor: other, threadId: made.general!, input: { body: "Bump." } });
    const voters = await Promise.all([createPoster(), createPoster()]);
    const opening = (await getThread(made.onVersion!, null))!.opening!.id;
    for (const v of voters) await vote({ actor: v, postId: opening });
    // "onConfig" is answered and accepted.
    const a = await answer({ actor: owner, threadId: made.onConfig!, input: { body: "Like this." } });
    await acceptAnswer({ actor: other, threadId: made.onConfig!, input: { postId: a.id } });
  });

  const keys = async (query: Record<string, string | undefined>, viewer: TUser | null = null) =>
    (await listThreads({ tag, ...query }, viewer)).items.map((t) => Object.keys(made).find((k) => made[k] === t.id));

  it("lists only what the viewer may list: hidden and unlisted things' threads for their owner alone", async () => {
    expect((await keys({ sort: "new" })).sort()).toEqual(["general", "onConfig", "onRun", "onVersion"].sort());
    expect((await keys({ sort: "new" }, other)).sort()).toEqual(["general", "onConfig", "onRun", "onVersion"].sort());
    expect(await keys({ sort: "new" }, owner)).toEqual([
      "onUnlisted",
      "onPrivate",
      "onConfig",
      "onVersion",
      "onRun",
      "general",
    ]);
  });

  it("sorts by activity, creation and votes", async () => {
    expect(await keys({ sort: "active" })).toEqual(["onConfig", "general", "onVersion", "onRun"]);
    expect(await keys({ sort: "new" })).toEqual(["onConfig", "onVersion", "onRun", "general"]);
    expect((await keys({ sort: "top" }))[0]).toBe("onVersion");
  });

  it("filters by kind, unanswered, mine, tag, dataset and attached thing", async () => {
    expect(await keys({ kind: "QUESTION", sort: "new" })).toEqual(["onConfig", "onRun"]);
    expect(await keys({ unanswered: "1" })).toEqual(["onRun"]);
    expect((await keys({ mine: "1", sort: "new" }, other)).sort()).toEqual(["onConfig", "onRun"]);
    expect(await keys({ mine: "1" }, null)).toEqual([]); // signed out, "mine" is nobody's
    expect(
      (await listThreads({ tag: "adam", q: undefined, dataset: ids.dataset }, null)).items.map((t) => t.id),
    ).toEqual([made.onVersion]);
    // About the dataset in any way: its version's thread and the thread on a run on it.
    expect((await keys({ dataset: ids.dataset, sort: "new" })).sort()).toEqual(["onRun", "onVersion"]);
    expect(await keys({ run: ids.run })).toEqual(["onRun"]);
    expect(await keys({ config: ids.config })).toEqual(["onConfig"]);
    expect(await keys({ onDataset: ids.dataset })).toEqual(["onVersion"]);
    // A tab of a thing opened by link lists its threads; a hidden thing's, nobody's but its owner's.
    expect(await keys({ onDataset: ids.unlisted }, other)).toEqual(["onUnlisted"]);
    expect(await keys({ config: ids.privateConfig }, other)).toEqual([]);
    expect(await keys({ config: ids.privateConfig }, owner)).toEqual(["onPrivate"]);
  });

  it("pages, and keeps the total past the last page", async () => {
    const page = await listThreads({ tag, page: "2" }, owner);
    expect(page).toMatchObject({ items: [], total: 6, page: 2, pageCount: 1 });
    expect((await listThreads({ tag, page: "nonsense", sort: "sideways" }, null)).query).toMatchObject({
      page: 1,
      sort: "active",
    });
  });

  it("counts a thing's threads for its tab label, and suggests tags by prefix from listed threads", async () => {
    expect(await threadCounts({ configId: ids.config }, null)).toEqual({ total: 1, questions: 1, unanswered: 0 });
    expect(await threadCounts({ runId: ids.run }, null)).toEqual({ total: 1, questions: 1, unanswered: 1 });
    expect(await threadCounts({ datasetId: ids.unlisted }, other)).toEqual({ total: 1, questions: 0, unanswered: 0 });
    expect(await threadCounts({ configId: ids.privateConfig }, other)).toEqual({
      total: 0,
      questions: 0,
      unanswered: 0,
    });
    expect(await threadCounts({ configId: ids.privateConfig }, owner)).toMatchObject({ total: 1 });

    expect(await suggestTags(tag.slice(0, 6))).toContainEqual({ tag, count: 4 });
    expect(await suggestTags("%")).toEqual([]);
  });
});
