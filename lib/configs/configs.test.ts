import { describe, expect, it } from "vitest";
import { getPrisma } from "../db";
import { AppError } from "../errors";
import { createConfigFrom } from "../factories/configs";
import { createSampleDataset } from "../factories/datasets";
import { createUser } from "../factories/users";
import { diffSpecs } from "./diff";
import { createConfig, defaultForkTitle, forkConfig, reviseConfig, SpecInvalidError } from "./mutations";
import { getConfig, getLineage, getRevision, listConfigs } from "./queries";
import { templateSpec } from "./templates";

const withLearningRate = (lr: number) => {
  const spec = structuredClone(templateSpec("mlp", 3));
  spec.training.optimizer = { type: "adam", learningRate: lr };
  return spec;
};

describe("revisions", () => {
  it("saves edits as immutable numbered revisions and refuses an unchanged spec", async () => {
    const owner = await createUser();
    const { config, revision } = await createConfigFrom("mlp", {}, owner);
    expect(revision.number).toBe(1);
    const r2 = await reviseConfig({
      actor: owner,
      configId: config.id,
      spec: withLearningRate(0.01),
      message: "faster",
    });
    expect(r2.number).toBe(2);
    expect((await getRevision(config.id, 1))!.spec).toMatchObject({ training: { optimizer: { learningRate: 0.001 } } });
    await expect(
      reviseConfig({ actor: owner, configId: config.id, spec: withLearningRate(0.01) }),
    ).rejects.toMatchObject({ fieldErrors: { spec: "spec.unchanged" } });
    const concurrent = await Promise.all(
      [0.02, 0.03].map((lr) => reviseConfig({ actor: owner, configId: config.id, spec: withLearningRate(lr) })),
    );
    expect(concurrent.map((r) => r.number).sort()).toEqual([3, 4]);
  });

  it("validates against the dataset it was designed for, with exact paths, and saves nothing on error", async () => {
    const owner = await createUser();
    const { version } = await createSampleDataset("penguins", owner);
    const error = await createConfig({
      actor: owner,
      meta: { title: "CNN on penguins", designedForVersionId: version.id },
      spec: templateSpec("smallCnn", 3),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecInvalidError);
    expect((error as SpecInvalidError).issues[0]!.message).toBe(
      "model.layers[0].kernelSize: conv2d needs image input; dataset " +
        (await getPrisma().dataset.findFirstOrThrow({ where: { ownerId: owner.id } })).slug +
        " is tabular",
    );
    expect(await getPrisma().config.count({ where: { ownerId: owner.id } })).toBe(0);
    const ok = await createConfig({
      actor: owner,
      meta: { title: "MLP on penguins", designedForVersionId: version.id },
      spec: templateSpec("mlp", 3),
    });
    expect(ok.config.taskType).toBe("CLASSIFICATION");
    expect(ok.revision.totalParams).toBe(9 * 64 + 64 + 64 * 32 + 32 + 32 * 3 + 3);
  });

  it("only the owner revises", async () => {
    const { config } = await createConfigFrom();
    const stranger = await createUser();
    await expect(
      reviseConfig({ actor: stranger, configId: config.id, spec: withLearningRate(0.5) }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("forks and lineage", () => {
  it("records the parent revision, counts forks, and builds the lineage both ways", async () => {
    const alice = await createUser();
    const bob = await createUser();
    const carol = await createUser();
    const { config: root } = await createConfigFrom("mlp", { title: "Root MLP" }, alice);
    await reviseConfig({ actor: alice, configId: root.id, spec: withLearningRate(0.005) });
    const bobFork = await forkConfig({ actor: bob, configId: root.id });
    expect(bobFork.revision.message).toBe("");
    // Without a title of its own, a fork is named after its parent and who forked it: never two identical names.
    expect(bobFork.config.title).toBe(`Root MLP (fork by @${bob.handle})`);
    const bobR2 = await reviseConfig({
      actor: bob,
      configId: bobFork.config.id,
      spec: withLearningRate(0.05),
      message: "bigger steps",
    });
    const carolFork = await forkConfig({ actor: carol, configId: bobFork.config.id, revisionNumber: 1 });

    const rootView = await getConfig(alice.handle, root.slug, null);
    expect(rootView?.forkCount).toBe(1);
    const bobView = await getConfig(bob.handle, bobFork.config.slug, null);
    expect(bobView?.forkedFrom).toMatchObject({
      number: 2,
      config: { slug: root.slug, owner: { handle: alice.handle } },
    });

    const lineage = await getLineage(bobFork.config.id, null);
    expect(lineage.map((n) => [n.owner, n.depth, n.forkedAtRevision])).toEqual([
      [alice.handle, -1, null],
      [bob.handle, 0, 2],
      [carol.handle, 1, 1],
    ]);
    expect(lineage.find((n) => n.owner === carol.handle)?.parentId).toBe(bobFork.config.id);

    // The fork differs from its parent in exactly the one field Bob changed.
    const parent = await getRevision(root.id, 2);
    expect(diffSpecs(parent!.spec, (await getRevision(bobFork.config.id, bobR2.number))!.spec)).toEqual([
      { path: "training.optimizer.learningRate", kind: "changed", before: 0.005, after: 0.05 },
    ]);
    expect(carolFork.config.forkedFromRevisionId).toBe(bobFork.revision.id);
  });

  it("a default fork title fits the title limit; a given title is kept as is", async () => {
    const [alice, bob] = [await createUser(), await createUser()];
    const long = "L".repeat(120);
    const { config } = await createConfigFrom("mlp", { title: long }, alice);
    const fork = await forkConfig({ actor: bob, configId: config.id });
    expect(fork.config.title.length).toBeLessThanOrEqual(120);
    expect(fork.config.title).toMatch(new RegExp(`^L+… \\(fork by @${bob.handle}\\)$`));
    expect((await forkConfig({ actor: bob, configId: config.id, title: "My own name" })).config.title).toBe(
      "My own name",
    );
  });

  it("a private config is 404 to others: no view, no fork, hidden in lineage", async () => {
    const alice = await createUser();
    const bob = await createUser();
    const { config } = await createConfigFrom("mlp", { visibility: "PRIVATE" }, alice);
    expect(await getConfig(alice.handle, config.slug, bob)).toBeNull();
    const error = await forkConfig({ actor: bob, configId: config.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("NOT_FOUND");
    const own = await forkConfig({ actor: alice, configId: config.id });
    expect(own.config.visibility).toBe("PRIVATE");
    expect(await getLineage(config.id, bob)).toEqual([]);
  });
});

describe("browse", () => {
  it("searches, filters by task, layer kind and author, sorts by forks, and hides private configs", async () => {
    const alice = await createUser();
    const word = `heron${Date.now().toString(36)}`;
    const { config: popular } = await createConfigFrom("mlp", { title: `Popular ${word}` }, alice);
    await createConfigFrom("smallCnn", { title: `Conv ${word}` }, alice, 10);
    await createConfigFrom("linearRegression", { title: `Linear ${word}` }, alice, 1);
    await createConfigFrom("mlp", { title: `Hidden ${word}`, visibility: "PRIVATE" }, alice);
    const forker = await createUser();
    await forkConfig({ actor: forker, configId: popular.id });

    const all = await listConfigs({ q: word }, null);
    expect(all.items.map((c) => c.title).sort()).toEqual([
      `Conv ${word}`,
      `Linear ${word}`,
      `Popular ${word}`,
      `Popular ${word} (fork by @${forker.handle})`,
    ]);
    expect((await listConfigs({ q: word, layer: "conv2d" }, null)).items.map((c) => c.title)).toEqual([`Conv ${word}`]);
    expect((await listConfigs({ q: word, task: "REGRESSION" }, null)).items.map((c) => c.title)).toEqual([
      `Linear ${word}`,
    ]);
    expect((await listConfigs({ q: word, author: alice.handle, sort: "forks" }, null)).items[0]!.title).toBe(
      `Popular ${word}`,
    );
    expect((await listConfigs({ q: word }, alice)).total).toBe(5);
  });
});

describe("default fork titles", () => {
  it("are written in the forker's interface language, and still fit the title limit", () => {
    expect(defaultForkTitle("鸢尾花 MLP", "bob", "zh-CN")).toBe("鸢尾花 MLP（@bob 的分叉）");
    expect(defaultForkTitle("Iris MLP", "bob")).toBe("Iris MLP (fork by @bob)");
    const long = defaultForkTitle("长".repeat(200), "bob", "zh-CN");
    expect(long.length).toBeLessThanOrEqual(120);
    expect(long).toMatch(/…（@bob 的分叉）$/);
  });
});
