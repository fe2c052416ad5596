import { beforeAll, describe, expect, it } from "vitest";
import { createConfigFrom } from "../factories/configs";
import { createSampleDataset } from "../factories/datasets";
import { createPoster, createThreadFrom } from "../factories/discussions";
import { createCompetition } from "../leaderboards/competitions";
import { createScoredRun } from "../factories/runs";
import { uniqueSuffix } from "../factories/users";
import { acceptAnswer } from "./answers";
import { listThreads, suggestTags, threadCounts, latestThreads, threadDatasets, threadFilter } from "./list";
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

describe("searching a whole Chinese sentence", () => {
  let tag: string;
  const titles = async (q: string) => (await listThreads({ q, tag }, null)).items.map((t) => t.title).sort();

  beforeAll(async () => {
    const author = await createPoster();
    tag = `z${uniqueSuffix()}`;
    const make = (title: string, body: string) => createThreadFrom(author, { title, body, tags: tag });
    await make("Adam 训练时损失发散", "学习率太大了，导致损失一直发散。怎么办？");
    await make("学习率调度怎么设置", "想试试余弦退火。");
    await make("Loss diverges with a large learning rate", "损失发散 after epoch 2 when the 学习率 is 0.1.");
  });

  it("finds the thread that has every word of the sentence, wherever they are and whatever separates them", async () => {
    expect(await titles("学习率太大导致损失发散")).toEqual(["Adam 训练时损失发散"]);
    expect(await titles("学习率太大，导致损失发散了")).toEqual(["Adam 训练时损失发散"]);
    expect(await titles("损失发散")).toEqual(["Adam 训练时损失发散", "Loss diverges with a large learning rate"]);
    expect(await titles("learning rate 发散")).toEqual(["Loss diverges with a large learning rate"]);
    expect(await titles("学习率")).toHaveLength(3);
    expect(await titles("学习率太大导致过拟合")).toEqual([]);
  });
});

describe("a thing page's Discussion section", () => {
  let owner: TUser;
  let other: TUser;
  let tag: string;
  const made: Record<string, string> = {};
  let ids: { dataset: string; version: string; competition: string; hiddenDataset: string; hiddenVersion: string };
  const keysOf = (items: { id: string }[]) => items.map((t) => Object.keys(made).find((k) => made[k] === t.id));

  beforeAll(async () => {
    [owner, other] = await Promise.all([createPoster(), createPoster()]);
    tag = `b${uniqueSuffix()}`;
    const { dataset, version } = await createSampleDataset("iris", owner);
    const hidden = await createSampleDataset("iris", owner, { visibility: "PRIVATE" });
    const minute = (m: number) => new Date(Date.now() + m * 60_000).toISOString().slice(0, 16);
    const competition = await createCompetition({
      actor: owner,
      datasetVersionId: version.id,
      input: {
        title: "Iris Cup",
        metric: "accuracy",
        startsAt: minute(-60),
        endsAt: minute(60),
        dailyLimit: "5",
        totalLimit: "10",
        finalLimit: "2",
      },
    });
    const config = await createConfigFrom("mlp", {}, other);
    const run = await createScoredRun({
      userId: other.id,
      configId: config.config.id,
      configRevisionId: config.revision.id,
      datasetVersionId: version.id,
      publicScores: { accuracy: 0.9 },
    });
    ids = {
      dataset: dataset.id,
      version: version.id,
      competition: competition.id,
      hiddenDataset: hidden.dataset.id,
      hiddenVersion: hidden.version.id,
    };
    const make = async (key: string, author: TUser, input: Parameters<typeof createThreadFrom>[1]) => {
      made[key] = (await createThreadFrom(author, { title: `Thread ${key}`, tags: tag, ...input })).id;
    };
    await make("onVersion", owner, { datasetVersionId: version.id });
    await make("onRun", other, { kind: "QUESTION", runId: run.id });
    await make("onCompetition", other, { kind: "QUESTION", competitionId: competition.id });
    await make("onHiddenVersion", owner, { kind: "QUESTION", datasetVersionId: hidden.version.id });
  });

  it("lists and counts a board's threads: its version's and its competition's, not those of runs on it", async () => {
    expect(keysOf((await listThreads({ tag, version: ids.version, sort: "new" }, null)).items)).toEqual([
      "onCompetition",
      "onVersion",
    ]);
    expect(await threadCounts({ datasetVersionId: ids.version }, null)).toEqual({
      total: 2,
      questions: 1,
      unanswered: 1,
    });
    expect(await threadCounts({ competitionId: ids.competition }, other)).toEqual({
      total: 1,
      questions: 1,
      unanswered: 1,
    });
  });

  it("gives the latest threads up to the limit, and says what each is about", async () => {
    expect(keysOf(await latestThreads({ datasetVersionId: ids.version }, null, 1))).toEqual(["onCompetition"]);
    expect(keysOf(await latestThreads({ datasetVersionId: ids.version }, null))).toEqual([
      "onCompetition",
      "onVersion",
    ]);
    const { items } = await listThreads({ tag, version: ids.version }, null);
    const byKey = Object.fromEntries(items.map((t) => [keysOf([t])[0], t]));
    expect(byKey.onCompetition!.competition).toEqual({
      id: ids.competition,
      title: "Iris Cup",
      version: 1,
      slug: expect.any(String),
      owner: { handle: owner.handle },
    });
    expect(byKey.onVersion!.dataset).toMatchObject({ id: ids.dataset, version: 1, owner: { handle: owner.handle } });
    expect(threadFilter({ datasetVersionId: ids.version })).toEqual({ key: "version", id: ids.version });
    expect(threadFilter({ datasetId: ids.dataset })).toEqual({ key: "onDataset", id: ids.dataset });
  });

  it("never lists, counts or names a hidden dataset's threads for anyone but its owner", async () => {
    expect(keysOf((await listThreads({ tag }, null)).items)).not.toContain("onHiddenVersion");
    expect(keysOf((await listThreads({ tag }, other)).items)).not.toContain("onHiddenVersion");
    expect((await listThreads({ version: ids.hiddenVersion }, other)).items).toEqual([]);
    expect(await latestThreads({ datasetVersionId: ids.hiddenVersion }, other)).toEqual([]);
    expect(await threadCounts({ datasetVersionId: ids.hiddenVersion }, other)).toMatchObject({ total: 0 });
    expect(keysOf(await latestThreads({ datasetVersionId: ids.hiddenVersion }, owner))).toEqual(["onHiddenVersion"]);
    expect(await threadCounts({ datasetVersionId: ids.hiddenVersion }, owner)).toMatchObject({ total: 1 });
    // The index's dataset filter: datasets listed to the viewer, with the threads about them in any way.
    expect(await threadDatasets(null, { include: ids.dataset })).toContainEqual(
      expect.objectContaining({ id: ids.dataset, threads: 3 }),
    );
    const hiddenFor = async (viewer: TUser | null) =>
      (await threadDatasets(viewer, { include: ids.hiddenDataset })).some((d) => d.id === ids.hiddenDataset);
    expect(await hiddenFor(null)).toBe(false);
    expect(await hiddenFor(other)).toBe(false);
    expect(await hiddenFor(owner)).toBe(true);
  });
});

describe("paging through the index", () => {
  it("splits more threads than a page holds over pages, each thread once", async () => {
    const tag = `p${uniqueSuffix()}`;
    const authors = await Promise.all([createPoster(), createPoster()]);
    const ids: string[] = [];
    for (let i = 0; i < 22; i++) ids.push((await createThreadFrom(authors[i % 2]!, { tags: tag })).id);
    const first = await listThreads({ tag, sort: "new" }, null);
    const second = await listThreads({ tag, sort: "new", page: "2" }, null);
    expect(first).toMatchObject({ total: 22, page: 1, pageCount: 2 });
    expect(first.items).toHaveLength(20);
    expect(second).toMatchObject({ total: 22, page: 2, pageCount: 2 });
    expect([...first.items, ...second.items].map((t) => t.id)).toEqual([...ids].reverse());
  });
});
