import { beforeAll, describe, expect, it } from "vitest";
import { createConfigFrom } from "../factories/configs";
import { createSampleDataset } from "../factories/datasets";
import { createPoster } from "../factories/discussions";
import { createScoredRun } from "../factories/runs";
import { createUser } from "../factories/users";
import type { TVisibility } from "../permissions/visibility";
import { resolveReferences, type TReferenceCard } from "./references";

const VISIBILITIES: TVisibility[] = ["PUBLIC", "UNLISTED", "PRIVATE"];
const ROLES = ["anonymous", "other", "owner"] as const;
type TUser = Awaited<ReturnType<typeof createUser>>;

/*
 * Reference cards under every visibility × role: a thing the viewer may open by link resolves with its details; any
 * other — hidden or missing, one answer for both — resolves to { type, raw, available: false } and nothing else.
 */
describe("reference cards", () => {
  let owner: TUser;
  let other: TUser;
  const worlds = {} as Record<TVisibility, { text: string; title: string; configTitle: string; runId: string }>;

  beforeAll(async () => {
    [owner, other] = await Promise.all([createPoster(), createPoster()]);
    const { version: publicVersion } = await createSampleDataset("iris", owner);
    for (const visibility of VISIBILITIES) {
      const title = `Flowers ${visibility} ${owner.id.slice(-5)}`;
      const { dataset, version } = await createSampleDataset("iris", owner, { visibility, title });
      const config = await createConfigFrom("logisticRegression", { visibility, title: `Net ${visibility}` }, owner);
      // A run is as visible as its stricter side: this config on public data.
      const run = await createScoredRun({
        userId: owner.id,
        configId: config.config.id,
        configRevisionId: config.revision.id,
        datasetVersionId: publicVersion.id,
        publicScores: { accuracy: 0.5 },
        privateScores: { accuracy: 0.777 },
        epochs: [{ trainLoss: 1.2 }, { trainLoss: 0.7 }, { trainLoss: 0.4 }],
      });
      await createScoredRun({
        userId: owner.id,
        configId: config.config.id,
        configRevisionId: config.revision.id,
        datasetVersionId: version.id,
        publicScores: { accuracy: 0.625 },
        privateScores: { accuracy: 0.777 },
      });
      const o = owner.handle;
      const c = config.config.slug;
      worlds[visibility] = {
        text: `run:${run.id} config:${o}/${c}@1 dataset:${o}/${dataset.slug}@v1 diff:${o}/${c}@1..1 board:${o}/${dataset.slug}`,
        title,
        configTitle: config.config.title,
        runId: run.id,
      };
    }
  });

  const viewerOf = (role: (typeof ROLES)[number]) => (role === "owner" ? owner : role === "other" ? other : null);

  for (const visibility of VISIBILITIES)
    for (const role of ROLES)
      it(`${visibility} things, seen by ${role}`, async () => {
        const w = worlds[visibility];
        const cards = await resolveReferences(w.text, viewerOf(role));
        expect(cards.map((c) => c.type)).toEqual(["run", "config", "dataset", "diff", "board"]);
        const opens = visibility !== "PRIVATE" || role === "owner";
        const json = JSON.stringify(cards);
        // Never the private half's score on a card, whoever looks.
        expect(json).not.toContain("0.777");
        if (!opens) {
          for (const card of cards) expect(Object.keys(card).sort()).toEqual(["available", "raw", "type"]);
          expect(json).not.toContain(w.title);
          expect(json).not.toContain(w.configTitle);
          return;
        }
        const [run, config, dataset, diff, board] = cards as Extract<TReferenceCard, { available: true }>[];
        expect(run).toMatchObject({
          available: true,
          id: w.runId,
          status: "SUCCEEDED",
          config: { title: w.configTitle, revision: 1 },
          score: { metric: "accuracy", direction: "max", value: 0.5 },
          curve: [1.2, 0.7, 0.4],
          href: `/runs/${w.runId}`,
        });
        expect(config).toMatchObject({ available: true, title: w.configTitle, revision: 1, revisionCount: 1 });
        expect(dataset).toMatchObject({ available: true, title: w.title, version: 1, taskType: "CLASSIFICATION" });
        expect(diff).toMatchObject({ available: true, a: 1, b: 1 });
        expect(board).toMatchObject({
          available: true,
          title: w.title,
          best: { metric: "accuracy", value: 0.625 },
          entries: 1,
        });
      });

  it("treats what does not exist as unavailable, exactly like what is hidden", async () => {
    const o = owner.handle;
    const cards = await resolveReferences(
      `run:cnotarun00000000000000 config:${o}/nope@1 dataset:${o}/nope@v1 board:nobody-x/iris ` +
        `dataset:${o}/${worlds.PUBLIC.text.match(/dataset:[^/]+\/([^@]+)/)![1]}@v9 diff:${o}/nope@1..2`,
      owner,
    );
    expect(cards.every((c) => !c.available && Object.keys(c).length === 3)).toBe(true);
    expect(cards).toHaveLength(6);
  });
});
