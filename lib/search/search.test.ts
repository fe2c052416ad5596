import { beforeAll, describe, expect, it } from "vitest";
import { listConfigs } from "../configs/queries";
import { listDatasets } from "../datasets/queries";
import { createConfigFrom } from "../factories/configs";
import { createDatasetFrom } from "../factories/datasets";
import { createUser, uniqueSuffix } from "../factories/users";

// Search in Chinese against real PostgreSQL (issue 14). Each world is scoped by a tag (datasets) or an author
// (configs) of its own, so rows other tests leave behind cannot change the answers.

const CSV = "x,label\n1,a\n2,b\n3,a\n4,b\n";

describe("dataset search in Chinese", () => {
  let owner: Awaited<ReturnType<typeof createUser>>;
  let tag: string;
  const ids: Record<string, string> = {};
  const titles = async (q: string, viewer: typeof owner | null = null) =>
    (await listDatasets({ q, tag }, viewer)).items.map((d) => d.title);

  beforeAll(async () => {
    owner = await createUser();
    tag = `zh${uniqueSuffix()}`;
    const make = async (key: string, title: string, description: string, extra: Record<string, string> = {}) => {
      const csv = extra.taskType === "REGRESSION" ? "x,label\n1,1.5\n2,2.5\n3,3.5\n4,4.5\n" : CSV;
      const { dataset } = await createDatasetFrom(csv, { title, description, tags: tag, ...extra }, owner);
      ids[key] = dataset.id;
    };
    // Sequential: "newest" order would put later ones first, which the ranking must override.
    await make("mnist", "手写数字图像分类（MNIST 子集）", "从 MNIST 抽取的一万张 28×28 灰度手写数字图片，用于入门。", {
      tags: `计算机视觉, ${tag}`,
    });
    await make("weibo", "中文微博情感分析语料", "带有正面与负面标注的微博短文本，适合训练情感分类模型。");
    await make("boston", "波士顿房价回归", "经典的房价预测数据：根据房屋与街区特征预测中位房价。", {
      taskType: "REGRESSION",
    });
    await make("house", "街景门牌号识别", "门牌号的彩色图像，用于数字分类任务。");
    await make("cifar", "CIFAR10彩色图像小样本", "十类常见物体。");
    await make("iris", "Iris Flowers Measurements", "Sepal and petal sizes of three species, measured by hand.");
    await make("private", "私有图像分类数据", "只给自己看。", { visibility: "PRIVATE" });
    await make("unlisted", "不公开的图像分类样本", "有链接才能看。", { visibility: "UNLISTED" });
  });

  it("finds words that are not a substring of the query as typed, in title, description and tags", async () => {
    expect(await titles("情感 分析")).toEqual(["中文微博情感分析语料"]);
    expect(await titles("房价")).toEqual(["波士顿房价回归"]);
    expect(await titles("计算机视觉")).toEqual(["手写数字图像分类（MNIST 子集）"]); // only its tag says so
    expect(await titles("灰度图片")).toEqual(["手写数字图像分类（MNIST 子集）"]); // 灰度 … 图片, apart, in the description
    expect(await titles("手写数字 MNIST")).toEqual(["手写数字图像分类（MNIST 子集）"]);
    expect(await titles("mnist 情感")).toEqual([]); // every term must be there
    // The parser reads "cifar10彩色图像小样本" as one lexeme; the Latin word is found as a substring of the title.
    expect(await titles("cifar10 彩色")).toEqual(["CIFAR10彩色图像小样本"]);
  });

  it("ranks the whole query in the title first, then the number of terms in the title", async () => {
    // 门牌号 ("house") is newer and has 图像 and 分类 in its description only.
    expect(await titles("图像分类")).toEqual(["手写数字图像分类（MNIST 子集）", "街景门牌号识别"]);
    expect(await titles("分类 图像")).toEqual(["手写数字图像分类（MNIST 子集）", "街景门牌号识别"]);
    // 分类 alone: the weibo corpus (newer than MNIST) says 情感分类 in its description only.
    expect(await titles("分类")).toEqual(["手写数字图像分类（MNIST 子集）", "街景门牌号识别", "中文微博情感分析语料"]);
  });

  it("still finds English words whatever their case, by full text", async () => {
    expect(await titles("iris FLOWERS")).toEqual(["Iris Flowers Measurements"]);
    expect(await titles("measuring")).toEqual(["Iris Flowers Measurements"]); // English stemming: "measured"
    expect(await titles("SEPAL")).toEqual(["Iris Flowers Measurements"]);
    expect(await titles("iris -sepal")).toEqual([]);
  });

  it("matches nothing for a query of only stop words or punctuation, though the text contains them", async () => {
    expect(await titles("的")).toEqual([]); // the Boston description has 的
    expect(await titles("的 了 和")).toEqual([]);
    expect(await titles("，。！")).toEqual([]); // every description has ，
    expect(await titles("%")).toEqual([]);
    expect((await listDatasets({ q: "的 了" }, null)).total).toBe(0);
  });

  it("keeps private and unlisted datasets out of other people's results, and in their owner's", async () => {
    const stranger = await createUser();
    const expected = ["手写数字图像分类（MNIST 子集）", "街景门牌号识别"];
    expect(await titles("图像分类", stranger)).toEqual(expected);
    expect((await titles("图像分类", owner)).sort()).toEqual(
      [...expected, "私有图像分类数据", "不公开的图像分类样本"].sort(),
    );
  });

  it("combines search with the task filter", async () => {
    expect((await listDatasets({ q: "预测", tag, task: "REGRESSION" }, null)).items.map((d) => d.id)).toEqual([
      ids.boston,
    ]);
    expect((await listDatasets({ q: "预测", tag, task: "CLASSIFICATION" }, null)).items).toEqual([]);
  });
});

describe("config search in Chinese", () => {
  let owner: Awaited<ReturnType<typeof createUser>>;
  const titles = async (q: string, viewer: typeof owner | null = null, sort?: string) =>
    (await listConfigs({ q, author: owner.handle, sort }, viewer)).items.map((c) => c.title);

  beforeAll(async () => {
    owner = await createUser();
    const make = (template: "mlp" | "smallCnn", title: string, description: string, visibility = "PUBLIC") =>
      createConfigFrom(template, { title, description, visibility: visibility as "PUBLIC" }, owner, 10);
    await make("mlp", "手写数字识别 MLP 基线", "两层全连接网络。");
    await make("smallCnn", "卷积神经网络图像分类", "两层卷积加池化，适合手写数字识别。");
    await make("mlp", "情感分析文本模型", "词袋特征上的多层感知机。");
    await make("smallCnn", "私有卷积网络", "只给自己看。", "PRIVATE");
    await make("smallCnn", "不公开的卷积模型", "有链接才能看。", "UNLISTED");
  });

  it("finds segmented words in title or description, whole query in the title first", async () => {
    expect(await titles("卷积 网络")).toEqual(["卷积神经网络图像分类"]);
    expect(await titles("神经网络 分类")).toEqual(["卷积神经网络图像分类"]);
    expect(await titles("感知机")).toEqual(["情感分析文本模型"]);
    expect(await titles("情感分析")).toEqual(["情感分析文本模型"]);
    // The CNN is newer, but says 手写数字 in its description only.
    expect(await titles("手写数字")).toEqual(["手写数字识别 MLP 基线", "卷积神经网络图像分类"]);
  });

  it("matches Latin words as case-insensitive substrings, alone or beside Chinese", async () => {
    expect(await titles("mlp")).toEqual(["手写数字识别 MLP 基线"]);
    expect(await titles("MLP 手写")).toEqual(["手写数字识别 MLP 基线"]);
    expect(await titles("mlp 卷积")).toEqual([]);
  });

  it("matches nothing for stop words or punctuation only", async () => {
    expect(await titles("的")).toEqual([]);
    expect(await titles("，。")).toEqual([]);
  });

  it("keeps private and unlisted configs to their owner; keeps sorts and counts past the last page", async () => {
    expect(await titles("卷积")).toEqual(["卷积神经网络图像分类"]);
    expect((await titles("卷积", owner)).sort()).toEqual(
      ["卷积神经网络图像分类", "私有卷积网络", "不公开的卷积模型"].sort(),
    );
    expect(await titles("卷积", owner, "forks")).toHaveLength(3);
    const past = await listConfigs({ author: owner.handle, page: "3" }, null);
    expect(past).toMatchObject({ items: [], total: 3, pageCount: 1 });
  });
});
