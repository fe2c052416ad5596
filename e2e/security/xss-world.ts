import type { TSessionUser } from "../../lib/auth/session";
import { forkConfig, reviseConfig } from "../../lib/configs/mutations";
import { templateSpec } from "../../lib/configs/templates";
import { addDatasetVersion } from "../../lib/datasets/mutations";
import { disconnectPrisma, getPrisma } from "../../lib/db";
import { createConfigFrom } from "../../lib/factories/configs";
import { createDatasetFrom, imageZip, stageBytes } from "../../lib/factories/datasets";
import { createPoster } from "../../lib/factories/discussions";
import { createScoredRun } from "../../lib/factories/runs";
import { createUser, uniqueSuffix } from "../../lib/factories/users";
import { acceptAnswer } from "../../lib/discussions/answers";
import { answer, createThread, editPost, reply } from "../../lib/discussions/mutations";
import { BODY_MAX_CHARS, TITLE_MAX } from "../../lib/discussions/sizes";
import { createCompetition } from "../../lib/leaderboards/competitions";
import { setHidden, suspendUser } from "../../lib/moderation/mutations";
import { createReport } from "../../lib/moderation/reports";
import { MODERATION_REASON_MAX, REPORT_TEXT_MAX } from "../../lib/moderation/sizes";
import { classificationMetrics } from "../../lib/runs/metrics";
import { updateProfile } from "../../lib/users/mutations";
import { columnNames, csvLine, folderNames, nth, pack } from "./payloads";

/**
 * Seeds, through lib/ (the app's own code paths), records whose every user text
 * field holds XSS payloads. Fields with a length limit get the payloads packed
 * (see `pack`), one pack per record, so each payload reaches each field; long
 * fields get all of them. With a single payload (the long mode) it is one small
 * world per payload.
 */

/** Field limits, from the zod schemas (lib/*\/schemas.ts). */
const LIMIT = { title: 120, name: 80, bio: 1_000, citation: 2_000, description: 20_000, message: 500 } as const;

export type TXssWorld = Awaited<ReturnType<typeof seedXssWorld>>;
export type TDatasetRef = { owner: string; slug: string; title: string; citation: string };

async function seeded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    await disconnectPrisma();
  }
}

/** A classification CSV whose column names, target values and category values are payloads. */
function hostileCsv(payloads: readonly string[], rowsPerClass: number) {
  const columns = columnNames(payloads);
  // At least one hostile name for the target, two categorical and two numeric features, whatever fits.
  const target = columns[0] ?? "label";
  const categorical = [columns[1] ?? "category a", columns[2] ?? "category b"];
  const numeric = [...columns.slice(3), "numeric a", "numeric b"].filter(
    (c, i, all) => all.findIndex((d) => d.toLowerCase() === c.toLowerCase()) === i,
  );
  const classes = [...new Set([...payloads, "plain class"])];
  const lines = [csvLine([target, ...categorical, ...numeric])];
  let row = 0;
  for (let r = 0; r < rowsPerClass; r++) {
    for (const cls of classes) {
      const categories = categorical.map((_, c) => payloads[(row + c) % payloads.length] ?? "plain value");
      lines.push(csvLine([cls, ...categories, ...numeric.map((_, c) => ((row * 7 + c * 13) % 97) / 8)]));
      row++;
    }
  }
  return { csv: `${lines.join("\n")}\n`, target, columns: [target, ...categorical, ...numeric], classes };
}

export async function seedXssWorld(payloads: readonly string[]) {
  const suffix = uniqueSuffix();
  const tag = `xss${suffix}`;
  const titles = pack(payloads, LIMIT.title);
  const names = pack(payloads, LIMIT.name);
  const bios = pack(payloads, LIMIT.bio, "\n\n");
  const citations = pack(payloads, LIMIT.citation, "\n\n");
  const messages = pack(payloads, LIMIT.message, "\n");
  const description = pack(payloads, LIMIT.description, "\n\n")[0] ?? "";
  const title = (i: number) => nth(titles, i, `Plain title ${i}`);

  return seeded(async () => {
    // Users: one display name pack each; the first owns everything else.
    const users: (TSessionUser & { password: string; name: string; bio: string })[] = [];
    for (let i = 0; i < Math.max(1, names.length); i++) {
      const user = await createUser();
      const name = nth(names, i, "");
      const bio = nth(bios, i, "");
      await updateProfile({ actor: user, input: { name, bio } });
      users.push({ ...user, name, bio });
    }
    const owner = users[0]!;

    // The main dataset: hostile column names, class names and category values; all text fields hostile.
    const data = hostileCsv(payloads, 3);
    const main = await createDatasetFrom(
      data.csv,
      {
        title: title(0),
        description,
        citation: nth(citations, 0, ""),
        tags: tag,
        targetColumn: data.target,
        fileName: "hostile.csv",
      },
      owner,
    );
    // More versions, one message pack each (the first version's message is the app's own).
    for (let i = 0; i < messages.length; i++) {
      const csv = hostileCsv(payloads, 3 + i + 1).csv;
      await addDatasetVersion({
        actor: owner,
        datasetId: main.dataset.id,
        message: messages[i],
        upload: { staged: await stageBytes(csv), fileName: "hostile.csv" },
      });
    }
    const mainVersion = await getPrisma().datasetVersion.findFirstOrThrow({
      where: { datasetId: main.dataset.id },
      orderBy: { number: "desc" },
      select: { id: true, classes: true },
    });

    // One dataset per remaining title pack (plain data), so every title is listed somewhere.
    const datasets: TDatasetRef[] = [
      { owner: owner.handle, slug: main.dataset.slug, title: main.dataset.title, citation: main.dataset.citation },
    ];
    const versionIds = [mainVersion.id];
    const plainCsv = `x,label\n${Array.from({ length: 20 }, (_, i) => `${i},${i % 2 ? "yes" : "no"}`).join("\n")}\n`;
    for (let i = 1; i < Math.max(titles.length, citations.length); i++) {
      const d = await createDatasetFrom(
        plainCsv,
        { title: title(i), description, citation: nth(citations, i, ""), tags: tag },
        owner,
      );
      datasets.push({
        owner: owner.handle,
        slug: d.dataset.slug,
        title: d.dataset.title,
        citation: d.dataset.citation,
      });
      versionIds.push(d.version.id);
    }

    // An image dataset whose class folders are payloads.
    // Two plain folders too: a payload that cannot be a folder name still leaves a valid two-class zip.
    const folders = [...new Set([...folderNames(payloads), "plain folder", "other folder"])];
    const zip = await imageZip(
      Object.fromEntries(
        folders.map((f, i) => [f, [(i * 37) % 256, (i * 91) % 256, (i * 53) % 256] as [number, number, number]]),
      ),
      2,
    );
    const images = await createDatasetFrom(
      zip,
      { title: title(1), description, kind: "IMAGE", targetColumn: "", fileName: "hostile.zip", tags: tag },
      owner,
    );

    // Competitions: one per dataset with a title pack each, the description everywhere.
    const now = Date.now();
    for (let i = 0; i < versionIds.length; i++) {
      await createCompetition({
        actor: owner,
        datasetVersionId: versionIds[i]!,
        input: {
          title: title(i),
          description,
          metric: "accuracy",
          startsAt: new Date(now - 3_600_000).toISOString(),
          endsAt: new Date(now + 86_400_000).toISOString(),
          dailyLimit: "5",
          totalLimit: "10",
          finalLimit: "1",
        },
      });
    }

    // Configs: a root with hostile revision messages, and a fork per title pack (a tree of four children per node).
    const spec = structuredClone(templateSpec("mlp", data.classes.length));
    const root = await createConfigFrom(
      "mlp",
      { title: title(0), description, message: nth(messages, 0, "") },
      owner,
      data.classes.length,
    );
    // At least two revisions, so the diff page has two sides.
    const revisions = Math.max(2, messages.length);
    for (let i = 1; i < revisions; i++) {
      spec.training.epochs = 10 + i;
      await reviseConfig({
        actor: owner,
        configId: root.config.id,
        spec,
        message: nth(messages, i, "Second revision"),
      });
    }
    const configs = [
      { id: root.config.id, slug: root.config.slug, title: root.config.title, revision: root.revision.id },
    ];
    for (let i = 1; i < Math.max(2, titles.length); i++) {
      const parent = configs[Math.floor((i - 1) / 4)]!;
      const fork = await forkConfig({ actor: owner, configId: parent.id, title: title(i) });
      configs.push({
        id: fork.config.id,
        slug: fork.config.slug,
        title: fork.config.title,
        revision: fork.revision.id,
      });
    }

    // Two finished runs on the main dataset (class names in their metrics), for run pages, boards and compare.
    const classes = mainVersion.classes as string[];
    // Two samples per class; every third (offset by `shift`) predicted as the next class.
    const metrics = (shift: number) => {
      const k = classes.length;
      const yTrue = Array.from({ length: k * 2 }, (_, i) => i % k);
      const predicted = yTrue.map((y, i) => (i % 3 === shift ? (y + 1) % k : y));
      const probabilities = predicted.map((p) => classes.map((_, c) => (c === p ? 0.8 : 0.2 / (k - 1))));
      return classificationMetrics(yTrue, probabilities, classes);
    };
    const runs: string[] = [];
    for (const [i, config] of configs.slice(0, 2).entries()) {
      const m = metrics(i);
      const run = await createScoredRun({
        userId: owner.id,
        configId: config.id,
        configRevisionId: config.revision,
        datasetVersionId: mainVersion.id,
        publicScores: { accuracy: m.accuracy, f1Macro: m.f1Macro, logLoss: m.logLoss },
        epochs: Array.from({ length: 6 }, (_, e) => ({
          trainLoss: 1.5 / (e + 1 + i),
          valLoss: 1.6 / (e + 1 + i),
          valMetric: 0.5 + e / 20,
        })),
      });
      // The factory records scalar scores; per-class rows and the confusion matrix carry the class names.
      const part = { n: classes.length * 2, ...m, roc: null };
      await getPrisma().run.update({
        where: { id: run.id },
        data: { metrics: { testPublic: part, testPrivate: part, validation: null } },
      });
      runs.push(run.id);
    }

    // Discussions: a question on the first run whose title, opening post, answers, replies and edits are payloads;
    // the answer links the second run (a measured change on the page); a discussion thread per remaining title pack.
    // Posts come from a second user (the owner's account is new: the stricter posting limit would stop it).
    const threadTitles = pack(payloads, TITLE_MAX);
    const bodies = pack(payloads, BODY_MAX_CHARS / 4, "\n\n");
    const body = (i: number) =>
      `${nth(bodies, i, "Plain body")}\n\n\`\`\`js\n${payloads.slice(0, 5).join("\n")}\n\`\`\`\n\n$\\text{${payloads[0] ?? "x"}}$ $$\\href{javascript:alert(1)}{x}$$ run:${runs[0]} config:${owner.handle}/${configs[0]!.slug}@1`;
    // Posters with accounts past the new-account limit, ten threads each (the posting limit is per hour).
    const posters: TSessionUser[] = [];
    const posterFor = async (i: number) => (posters[Math.floor(i / 10)] ??= await createPoster());
    const poster = await posterFor(0);
    const threads: { id: string; title: string }[] = [];
    const question = await createThread({
      actor: owner,
      input: { kind: "QUESTION", title: nth(threadTitles, 0, "Plain question"), body: body(0), runId: runs[0] },
    });
    threads.push({ id: question.id, title: nth(threadTitles, 0, "Plain question") });
    const answered = await answer({
      actor: poster,
      threadId: question.id,
      input: { body: body(1), runId: runs[1] },
    });
    await reply({ actor: poster, threadId: question.id, input: { body: body(2), parentId: answered.id } });
    await editPost({ actor: poster, postId: answered.id, input: { body: `${body(3)}\n\nEdited.` } });
    await acceptAnswer({ actor: owner, threadId: question.id, input: { postId: answered.id } });
    for (let i = 1; i < threadTitles.length; i++) {
      const t = await createThread({
        actor: await posterFor(i + 2),
        input: { title: threadTitles[i]!, body: body(i) },
      });
      threads.push({ id: t.id, title: threadTitles[i]! });
    }

    // Moderation: the owner is a moderator here (the queue and the log are theirs to read). A report whose text is a
    // payload pack, a reply hidden with a payload reason, a suspension with one: free text on /moderation, its log
    // and the thread page.
    await getPrisma().user.update({ where: { id: owner.id }, data: { role: "MODERATOR" } });
    const reasons = pack(payloads, MODERATION_REASON_MAX);
    const reportTexts = pack(payloads, REPORT_TEXT_MAX);
    for (const [i, text] of reportTexts.entries())
      await createReport({
        actor: (await posterFor(20 + i * 10)) as TSessionUser,
        input: { kind: "THREAD", targetId: question.id, reason: "OTHER", text },
      });
    for (const [i, reason] of reasons.entries()) {
      const hidden = await reply({ actor: poster, threadId: question.id, input: { body: `Hidden reply ${i}` } });
      await setHidden({ actor: owner, input: { kind: "POST", id: hidden.id, reason } });
    }
    const suspended = await createPoster();
    await suspendUser({ actor: owner, input: { userId: suspended.id, reason: nth(reasons, 0, "Plain"), until: "" } });

    // A text column (issue 17): every payload as a row of free text, typed as text (more distinct values than a
    // category may have), so its tokens show as top tokens on the profile tab and the rows on the data tab.
    const textRows = Array.from({ length: Math.max(60, payloads.length) }, (_, i) => [
      `${payloads[i % payloads.length] ?? "plain"} review ${i}`,
      i % 2 ? "good" : "bad",
    ]);
    const textSet = await createDatasetFrom(
      [csvLine(["review", "label"]), ...textRows.map((r) => csvLine(r))].join("\n") + "\n",
      { title: "Hostile reviews", targetColumn: "label", fileName: "reviews.csv" },
      owner,
    );

    return {
      text: { owner: owner.handle, slug: textSet.dataset.slug },
      tag,
      owner,
      threads,
      moderationTexts: [...reportTexts, ...reasons],
      answeredPostId: answered.id,
      users,
      main: datasets[0]!,
      datasets,
      images: { owner: owner.handle, slug: images.dataset.slug, datasetId: images.dataset.id, classes: folders },
      columns: data.columns,
      classes,
      configs: configs.map((c) => ({ owner: owner.handle, slug: c.slug, title: c.title })),
      revisions,
      runs,
      titles,
      messages,
    };
  });
}

/** Image zips may be decoded after the upload returns (by the worker): waits until the classes are known. */
export async function imageClassesReady(datasetId: string): Promise<number> {
  return seeded(async () => {
    const version = await getPrisma().datasetVersion.findFirst({
      where: { datasetId },
      orderBy: { number: "desc" },
      select: { classes: true },
    });
    return ((version?.classes as string[] | null) ?? []).length;
  });
}
