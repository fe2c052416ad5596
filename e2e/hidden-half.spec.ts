import { expect, test, type Browser, type Page } from "@playwright/test";
import { disconnectPrisma, getPrisma } from "../lib/db";
import { getSplitAssignments } from "../lib/datasets/queries";
import { SPLIT } from "../lib/datasets/split";
import { createConfigFrom } from "../lib/factories/configs";
import { createDatasetFrom, imageZip } from "../lib/factories/datasets";
import { classificationPart, createScoredRun } from "../lib/factories/runs";
import { uniqueSuffix } from "../lib/factories/users";
import { createCompetition } from "../lib/leaderboards/competitions";
import { createUser, signInViaApi, snap } from "./fixtures";

/*
 * Issue 12's hidden-half rule on every page of a running competition: a signed-out visitor, a competitor and the
 * dataset's owner each see exactly what lib/permissions/hidden-half.ts says — only the owner sees the private half
 * (its scores, rows and images) until the competition ends; then everyone does.
 */
const PRIVATE = "0.777";
const HOUR = 3_600_000;

async function seeded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    await disconnectPrisma();
  }
}

async function viewerPage(browser: Browser, user: { email: string | null; password: string } | null): Promise<Page> {
  const context = await browser.newContext();
  if (user) await signInViaApi(context.request, user);
  return context.newPage();
}

test("a running competition: visitor, competitor and owner see exactly the hidden-half rules", async ({ browser }) => {
  test.setTimeout(180_000);
  const [owner, competitor] = [await createUser(), await createUser()];
  const word = `hh${uniqueSuffix()}`;
  const seed = await seeded(async () => {
    const rows = [
      "x1,x2,note,label",
      ...Array.from(
        { length: 60 },
        (_, i) => `${i % 7},${(i * 3) % 11},${word}-n${String(i).padStart(2, "0")}z,${i % 2 ? "cat" : "dog"}`,
      ),
    ];
    const { dataset, version } = await createDatasetFrom(
      rows.join("\n"),
      { title: `Cup data ${word}`, targetColumn: "label", fileName: "cup.csv" },
      owner,
    );
    const now = new Date();
    const competition = await createCompetition({
      actor: owner,
      datasetVersionId: version.id,
      now,
      input: {
        title: `Cup ${word}`,
        metric: "accuracy",
        startsAt: new Date(now.getTime() - HOUR).toISOString(),
        endsAt: new Date(now.getTime() + HOUR).toISOString(),
        dailyLimit: "5",
        totalLimit: "10",
        finalLimit: "1",
      },
    });
    const entry = await createConfigFrom("logisticRegression", { title: `Entry ${word}` }, competitor, 2);
    const run = await createScoredRun({
      userId: competitor.id,
      configId: entry.config.id,
      configRevisionId: entry.revision.id,
      datasetVersionId: version.id,
      publicScores: { accuracy: 0.5 },
      privateScores: { accuracy: Number(PRIVATE) },
    });
    // A second run to compare with, and worker-shaped metrics so every page renders its scores.
    const other = await createScoredRun({
      userId: competitor.id,
      configId: entry.config.id,
      configRevisionId: entry.revision.id,
      datasetVersionId: version.id,
      publicScores: { accuracy: 0.25 },
      privateScores: { accuracy: 0.25 },
    });
    await getPrisma().run.update({
      where: { id: run.id },
      data: {
        metrics: {
          testPublic: classificationPart(0.5),
          testPrivate: classificationPart(Number(PRIVATE)),
          validation: null,
        },
      },
    });
    const split = await getSplitAssignments(version.id);
    // The first row of a split, its note, and the page of the owner's preview (25 rows a page) that shows it.
    const first = (s: number) => [...split.keys()].find((i) => split[i] === s)!;
    const note = (s: number) => `${word}-n${String(first(s)).padStart(2, "0")}z`;
    return {
      dataset,
      version,
      competition,
      entry,
      run,
      other,
      privateNote: note(SPLIT.TEST_PRIVATE),
      publicNote: note(SPLIT.TRAIN),
      privatePage: Math.floor(first(SPLIT.TEST_PRIVATE) / 25) + 1,
    };
  });
  const boardPath = `/leaderboards/${owner.handle}/${seed.dataset.slug}`;
  const datasetPath = `/datasets/${owner.handle}/${seed.dataset.slug}`;
  const pages = [
    { path: `/runs/${seed.run.id}`, shows: "0.5" },
    { path: `/compare?run=${seed.run.id}&run=${seed.other.id}`, shows: "0.5" },
    { path: boardPath, shows: `Cup ${word}` },
    { path: `${boardPath}?side=private`, shows: `Cup ${word}` },
    { path: `/runs?user=${competitor.handle}`, shows: `/runs/${seed.run.id}` },
    { path: `/configs/${competitor.handle}/${seed.entry.config.slug}`, shows: `Entry ${word}` },
    { path: `${datasetPath}?tab=data&page=${seed.privatePage}`, shows: `Cup data ${word}`, secret: seed.privateNote },
    { path: `${datasetPath}?tab=runs`, shows: `/runs/${seed.run.id}` },
    {
      path: `/api/datasets/${owner.handle}/${seed.dataset.slug}/versions/1/download`,
      shows: seed.publicNote,
      secret: seed.privateNote,
      api: true,
    },
    { path: `${datasetPath}?tab=data`, shows: seed.publicNote },
  ];
  const viewers = {
    visitor: await viewerPage(browser, null),
    competitor: await viewerPage(browser, competitor),
    owner: await viewerPage(browser, owner),
  };

  async function contentOf(page: Page, p: (typeof pages)[number]) {
    if (p.api) return (await page.request.get(p.path)).text();
    const response = await page.goto(p.path);
    expect(response?.status(), p.path).toBe(200);
    return page.content();
  }

  // While the competition runs: scores are public-half only for everyone but the owner, who sees the private rows too.
  for (const [who, page] of Object.entries(viewers)) {
    for (const p of pages) {
      const html = await contentOf(page, p);
      expect(html, `${who} ${p.path}`).toContain(p.shows);
      const privateScoreShown = html.includes(PRIVATE);
      if (p.secret) expect(html.includes(p.secret), `${who} sees private rows on ${p.path}`).toBe(who === "owner");
      // The owner reads private scores on the run page (compare shows public-half scores only); boards show private
      // scores only after the end, for everyone.
      const ownerMay = who === "owner" && p.path.startsWith("/runs/");
      expect(privateScoreShown, `${who} sees the private score on ${p.path}`).toBe(ownerMay);
    }
  }
  await viewers.visitor.goto(`/runs/${seed.run.id}`);
  await expect(viewers.visitor.getByTestId("private-hidden-note")).toBeVisible();
  await snap(viewers.visitor, "run-private-hidden");
  await viewers.visitor.goto(`${datasetPath}?tab=data`);
  await expect(viewers.visitor.getByTestId("private-rows-hidden")).toBeVisible();
  await expect(viewers.visitor.getByTestId("download-private-note")).toBeVisible();
  await snap(viewers.visitor, "dataset-data-private-hidden");

  // The competition ends: the private half is revealed to everyone.
  await seeded(() =>
    getPrisma().competition.update({
      where: { id: seed.competition.id },
      data: { startsAt: new Date(Date.now() - 2 * HOUR), endsAt: new Date(Date.now() - 1000) },
    }),
  );
  // (Signed-out visitors get boards from the page cache, which may answer once with the previous copy while the
  // changed board renders again: hence polls.)
  for (const [who, page] of Object.entries(viewers)) {
    await expect.poll(() => contentOf(page, pages[0]!), { message: `${who} after the end` }).toContain(PRIVATE);
    await expect
      .poll(() => contentOf(page, pages[3]!), { message: `${who} private board after the end` })
      .toContain(PRIVATE);
    await expect
      .poll(() => contentOf(page, pages[6]!), { message: `${who} data after the end` })
      .toContain(seed.privateNote);
  }
  for (const page of Object.values(viewers)) await page.context().close();
});

test("images of the hidden private half are not served to anyone but the owner", async ({ browser }) => {
  test.setTimeout(120_000);
  const owner = await createUser();
  const seed = await seeded(async () => {
    const zip = await imageZip({ cats: [200, 0, 0], dogs: [0, 0, 200] }, 12);
    const { dataset, version } = await createDatasetFrom(
      zip,
      { kind: "IMAGE", targetColumn: "", fileName: "pets.zip", imageSize: 28, imageChannels: 3 },
      owner,
    );
    return { dataset, version };
  });
  // Large zips are decoded by the worker; wait until the version has its packed images.
  await expect
    .poll(
      () =>
        seeded(
          async () => (await getPrisma().datasetVersion.findUniqueOrThrow({ where: { id: seed.version.id } })).dataKey,
        ),
      { timeout: 60_000 },
    )
    .toBeTruthy();
  const split = await seeded(() => getSplitAssignments(seed.version.id));
  const privateIndex = [...split.keys()].find((i) => split[i] === SPLIT.TEST_PRIVATE)!;
  const trainIndex = [...split.keys()].find((i) => split[i] === SPLIT.TRAIN)!;
  const base = `/api/datasets/${owner.handle}/${seed.dataset.slug}/versions/1/images`;
  const visitor = await viewerPage(browser, null);
  const ownerPage = await viewerPage(browser, owner);
  expect((await visitor.request.get(`${base}/${trainIndex}`)).status()).toBe(200);
  expect((await visitor.request.get(`${base}/${privateIndex}`)).status()).toBe(404);
  expect((await ownerPage.request.get(`${base}/${privateIndex}`)).status()).toBe(200);
  const grid = await visitor
    .goto(`/datasets/${owner.handle}/${seed.dataset.slug}?tab=data`)
    .then(() => visitor.content());
  expect(grid).not.toContain(`${base}/${privateIndex}"`);
  const zip = await visitor.request.get(`/api/datasets/${owner.handle}/${seed.dataset.slug}/versions/1/download`);
  expect(zip.headers()["x-trainyard-private-half"]).toBe("withheld");
  expect((await zip.body()).includes(Buffer.from(`/${String(privateIndex).padStart(6, "0")}.png`))).toBe(false);
  await visitor.context().close();
  await ownerPage.context().close();
});
