import { describe, expect, it } from "vitest";
import { failure } from "../factories/failure";
import { getPrisma } from "../db";
import { createConfigFrom } from "../factories/configs";
import { createSampleDataset } from "../factories/datasets";
import { createPoster, createThreadFrom } from "../factories/discussions";
import { createStaff } from "../factories/moderation";
import { uniqueSuffix } from "../factories/users";
import { acceptAnswer } from "../discussions/answers";
import { listThreads } from "../discussions/list";
import { answer, reply } from "../discussions/mutations";
import { getThread, listRevisions } from "../discussions/queries";
import { vote } from "../discussions/votes";
import { consume } from "../limits";
import {
  clearDuplicate,
  markDuplicate,
  moderateLock,
  moderatePin,
  setHidden,
  suspendUser,
  unsuspendUser,
} from "./mutations";
import { listActions, listReportQueue } from "./queue";
import { closeReports, createReport } from "./reports";
import { listStaff, setRole, withRole } from "./roles";
import { AccountSuspendedError, assertMayWrite } from "./suspension";

/** The audit log rows about one target, oldest first. */
const logOf = (targetId: string) =>
  getPrisma().moderationAction.findMany({
    where: { targetId },
    orderBy: { createdAt: "asc" },
    select: { action: true, moderatorId: true, reason: true, targetKind: true, details: true },
  });

describe("roles", () => {
  it("a member cannot moderate: the queue, the log and every action are NOT_FOUND", async () => {
    const [member, author] = await Promise.all([createPoster(), createPoster()]);
    const thread = await createThreadFrom(author);
    expect((await failure(listReportQueue(member, 1))).code).toBe("NOT_FOUND");
    expect((await failure(listActions(member, 1))).code).toBe("NOT_FOUND");
    expect((await failure(listReportQueue(null, 1))).code).toBe("NOT_FOUND");
    for (const attempt of [
      setHidden({ actor: member, input: { kind: "THREAD", id: thread.id, reason: "no" } }),
      moderateLock({ actor: member, threadId: thread.id, locked: true }),
      moderatePin({ actor: member, threadId: thread.id, pinned: true }),
      suspendUser({ actor: member, input: { userId: author.id, reason: "no" } }),
      closeReports({ actor: member, input: { kind: "THREAD", targetId: thread.id, status: "DISMISSED" } }),
    ])
      expect((await failure(attempt)).code).toBe("NOT_FOUND");
    expect(await getPrisma().thread.findUniqueOrThrow({ where: { id: thread.id } })).toMatchObject({
      locked: false,
      pinned: false,
      hiddenAt: null,
    });
    expect(await logOf(thread.id)).toEqual([]);
  });

  it("an admin grants and revokes roles; the revocation applies at once; non-admins cannot", async () => {
    const [admin, member, other] = await Promise.all([createStaff("ADMIN"), createPoster(), createPoster()]);
    expect((await failure(setRole({ actor: member, input: { handle: other.handle, role: "ADMIN" } }))).code).toBe(
      "NOT_FOUND",
    );
    await setRole({ actor: admin, input: { handle: `@${member.handle.toUpperCase()}`, role: "MODERATOR" } });
    expect(await withRole(member)).toEqual({ id: member.id, role: "MODERATOR" });
    await expect(listReportQueue(member, 1)).resolves.toMatchObject({ page: 1 });
    // Another moderator (not an admin) may not grant roles either.
    expect((await failure(setRole({ actor: member, input: { handle: other.handle, role: "MODERATOR" } }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await listStaff(admin)).map((u) => u.handle)).toContain(member.handle);
    await setRole({ actor: admin, input: { handle: member.handle, role: "USER" } });
    expect((await failure(listReportQueue(member, 1))).code).toBe("NOT_FOUND");
    // Not their own role; an unknown handle is a field error.
    expect((await failure(setRole({ actor: admin, input: { handle: admin.handle, role: "USER" } }))).code).toBe(
      "FORBIDDEN",
    );
    expect(
      (await failure(setRole({ actor: admin, input: { handle: `nobody-${uniqueSuffix()}`, role: "ADMIN" } })))
        .fieldErrors,
    ).toEqual({ handle: "moderation.handleUnknown" });
    expect(
      (await logOf(member.id)).map((a) => [a.action, a.moderatorId, (a.details as { role: string }).role]),
    ).toEqual([
      ["SET_ROLE", admin.id, "MODERATOR"],
      ["SET_ROLE", admin.id, "USER"],
    ]);
  });

  it("a moderator accepts an answer to someone else's question; a member cannot", async () => {
    const [asker, answerer, member] = await Promise.all([createPoster(), createPoster(), createPoster()]);
    const moderator = await createStaff("MODERATOR");
    const thread = await createThreadFrom(asker, { kind: "QUESTION", title: "Why is my loss flat?" });
    const post = await answer({ actor: answerer, threadId: thread.id, input: { body: "Lower the learning rate." } });
    const asMember = { ...member, role: "USER" as const };
    expect(
      (await failure(acceptAnswer({ actor: asMember, threadId: thread.id, input: { postId: post.id } }))).code,
    ).toBe("FORBIDDEN");
    // The actor as requireWriter returns it: the role read fresh.
    const asModerator = { ...moderator, ...(await withRole(moderator)) };
    await acceptAnswer({ actor: asModerator, threadId: thread.id, input: { postId: post.id } });
    expect(await getThread(thread.id, moderator)).toMatchObject({ can: { accept: true }, moderate: true });
    expect(await getThread(thread.id, member)).toMatchObject({ can: { accept: false }, moderate: false });
    expect((await getPrisma().thread.findUniqueOrThrow({ where: { id: thread.id } })).acceptedPostId).toBe(post.id);
  });
});

describe("reports", () => {
  it("needs a target the reporter can see: a private dataset or config, a missing user are NOT_FOUND", async () => {
    const [owner, reporter] = await Promise.all([createPoster(), createPoster()]);
    const { dataset } = await createSampleDataset("iris", owner, { visibility: "PRIVATE" });
    const { config } = await createConfigFrom("mlp", { visibility: "PRIVATE" }, owner);
    const report = (kind: string, targetId: string) =>
      createReport({ actor: reporter, input: { kind, targetId, reason: "SPAM" } });
    expect((await failure(report("DATASET", dataset.id))).code).toBe("NOT_FOUND");
    expect((await failure(report("CONFIG", config.id))).code).toBe("NOT_FOUND");
    expect((await failure(report("USER", `missing-${uniqueSuffix()}`))).code).toBe("NOT_FOUND");
    // The owner sees their own private dataset, so may report it (e.g. a leak found in it).
    await expect(
      createReport({ actor: owner, input: { kind: "DATASET", targetId: dataset.id, reason: "LEAK" } }),
    ).resolves.toMatchObject({ status: "OPEN" });
    expect(
      (await failure(createReport({ actor: reporter, input: { kind: "USER", targetId: owner.id, reason: "nope" } })))
        .fieldErrors,
    ).toEqual({ reason: "moderation.reasonRequired" });
    expect(
      (
        await failure(
          createReport({
            actor: reporter,
            input: { kind: "USER", targetId: owner.id, reason: "OTHER", text: "x".repeat(1001) },
          }),
        )
      ).fieldErrors,
    ).toEqual({ text: "moderation.reportTextTooLong" });
  });

  it("one open report per reporter per target; another after it is closed; the queue groups them", async () => {
    const [author, a, b] = await Promise.all([createPoster(), createPoster(), createPoster()]);
    const moderator = await createStaff("MODERATOR");
    const thread = await createThreadFrom(author, { body: "Buy cheap GPUs at spam.example" });
    const report = (actor: typeof a, reason: string, text?: string) =>
      createReport({ actor, input: { kind: "POST", targetId: thread.openingPostId, reason, text } });
    await report(a, "SPAM", "an ad");
    const again = await failure(report(a, "ABUSE"));
    expect([again.code, again.key]).toEqual(["CONFLICT", "moderation.errors.alreadyReported"]);
    // Two at once: the partial unique index lets one through.
    const raced = await Promise.allSettled([report(b, "SPAM"), report(b, "SPAM")]);
    expect(raced.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);

    const queue = await listReportQueue(moderator, 1);
    const group = queue.items.find((i) => i.targetId === thread.openingPostId);
    expect(group).toMatchObject({ kind: "POST", count: 2, reasons: [{ reason: "SPAM", count: 2 }] });
    expect(group?.target).toMatchObject({ excerpt: "Buy cheap GPUs at spam.example", author: { id: author.id } });
    expect(group?.reports.map((r) => r.reporter).sort()).toEqual([a.handle, b.handle].sort());

    await closeReports({
      actor: moderator,
      input: { kind: "POST", targetId: thread.openingPostId, status: "DISMISSED" },
    });
    expect((await listReportQueue(moderator, 1)).items.some((i) => i.targetId === thread.openingPostId)).toBe(false);
    await expect(report(a, "SPAM")).resolves.toMatchObject({ status: "OPEN" });
    expect((await logOf(thread.openingPostId)).map((l) => l.action)).toEqual(["DISMISS"]);
  });

  it("is rate-limited per reporter (the `report` limit)", async () => {
    const [reporter, target] = await Promise.all([createPoster(), createPoster()]);
    await consume("report", reporter.id, 20);
    const limited = await failure(
      createReport({ actor: reporter, input: { kind: "USER", targetId: target.id, reason: "SPAM" } }),
    );
    expect(limited.code).toBe("RATE_LIMITED");
    expect(await getPrisma().report.count({ where: { reporterId: reporter.id } })).toBe(0);
  });
});

describe("moderator actions", () => {
  it("hide a post: readers get a placeholder without the text, its author the reason, moderators both", async () => {
    const [author, asker, reader] = await Promise.all([createPoster(), createPoster(), createPoster()]);
    const moderator = await createStaff("MODERATOR");
    const thread = await createThreadFrom(asker);
    const secret = `leaked test rows ${uniqueSuffix()}`;
    const post = await reply({ actor: author, threadId: thread.id, input: { body: secret } });
    await createReport({ actor: reader, input: { kind: "POST", targetId: post.id, reason: "LEAK" } });
    await setHidden({ actor: moderator, input: { kind: "POST", id: post.id, reason: "Private test data" } });

    for (const viewer of [reader, null]) {
      const seen = await getThread(thread.id, viewer);
      expect(JSON.stringify(seen)).not.toContain(secret);
      expect(JSON.stringify(seen)).not.toContain("Private test data");
      expect(seen?.posts.find((p) => p.id === post.id)).toMatchObject({
        body: "",
        author: null,
        hidden: { reason: null },
      });
    }
    const own = await getThread(thread.id, author);
    expect(JSON.stringify(own)).not.toContain(secret);
    expect(own?.posts.find((p) => p.id === post.id)).toMatchObject({
      body: "",
      hidden: { reason: "Private test data" },
    });
    const mod = await getThread(thread.id, moderator);
    expect(mod?.posts.find((p) => p.id === post.id)).toMatchObject({
      body: secret,
      hidden: { reason: "Private test data" },
    });
    // Nor through the edit history.
    expect((await failure(listRevisions(post.id, reader))).code).toBe("NOT_FOUND");
    expect((await failure(listRevisions(post.id, author))).code).toBe("NOT_FOUND");
    await expect(listRevisions(post.id, moderator)).resolves.toHaveLength(1);
    // The report is answered; the action is logged.
    expect(await getPrisma().report.findFirst({ where: { targetId: post.id } })).toMatchObject({
      status: "RESOLVED",
      resolvedById: moderator.id,
    });
    await setHidden({ actor: moderator, input: { kind: "POST", id: post.id }, hidden: false });
    expect((await getThread(thread.id, reader))?.posts.find((p) => p.id === post.id)).toMatchObject({
      body: secret,
      hidden: null,
    });
    expect((await logOf(post.id)).map((l) => [l.action, l.reason])).toEqual([
      ["HIDE", "Private test data"],
      ["UNHIDE", null],
    ]);
  });

  it("hide a thread: not listed, NOT_FOUND to others, open to its author and moderators", async () => {
    const [author, reader] = await Promise.all([createPoster(), createPoster()]);
    const moderator = await createStaff("MODERATOR");
    const tag = `hid${uniqueSuffix()}`;
    const thread = await createThreadFrom(author, { tags: tag });
    await setHidden({ actor: moderator, input: { kind: "THREAD", id: thread.id, reason: "Off topic" } });
    expect(await getThread(thread.id, reader)).toBeNull();
    expect(await getThread(thread.id, null)).toBeNull();
    expect(await getThread(thread.id, author)).toMatchObject({
      hidden: { reason: "Off topic" },
      can: { reply: false },
    });
    expect(await getThread(thread.id, moderator)).toMatchObject({ hidden: { reason: "Off topic" } });
    for (const viewer of [reader, author, moderator]) expect((await listThreads({ tag }, viewer)).items).toEqual([]);
    expect(
      (await failure(createReport({ actor: reader, input: { kind: "THREAD", targetId: thread.id, reason: "SPAM" } })))
        .code,
    ).toBe("NOT_FOUND");
    expect((await logOf(thread.id)).map((l) => l.action)).toEqual(["HIDE"]);
    // Writes by id find nothing either: no reply into a hidden thread, no vote on its posts (the API's path).
    expect((await failure(reply({ actor: reader, threadId: thread.id, input: { body: "Still here?" } }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await failure(vote({ actor: reader, postId: thread.openingPostId }))).code).toBe("NOT_FOUND");
    expect(await getPrisma().post.count({ where: { threadId: thread.id, body: "Still here?" } })).toBe(0);
  });

  it("lock, pin and mark duplicate: replies refused, pinned first, the original linked; each logged", async () => {
    const [author, member] = await Promise.all([createPoster(), createPoster()]);
    const moderator = await createStaff("MODERATOR");
    const tag = `pin${uniqueSuffix()}`;
    const original = await createThreadFrom(author, { tags: tag, title: "The original question here" });
    const copy = await createThreadFrom(author, { tags: tag, title: "The same question again" });
    expect((await listThreads({ tag }, null)).items.map((t) => t.id)).toEqual([copy.id, original.id]);

    await moderatePin({ actor: moderator, threadId: original.id, pinned: true });
    expect((await listThreads({ tag }, null)).items.map((t) => t.id)).toEqual([original.id, copy.id]);

    await moderateLock({ actor: moderator, threadId: copy.id, locked: true });
    const refused = await failure(reply({ actor: member, threadId: copy.id, input: { body: "Me too" } }));
    expect(refused.key).toBe("discussionErrors.locked");

    expect(
      (await failure(markDuplicate({ actor: moderator, input: { threadId: copy.id, original: copy.id } }))).fieldErrors,
    ).toEqual({ original: "moderation.originalInvalid" });
    await markDuplicate({
      actor: moderator,
      input: { threadId: copy.id, original: `https://site/discussions/${original.id}` },
    });
    expect((await getThread(copy.id, null))?.duplicateOf).toEqual({
      id: original.id,
      title: "The original question here",
    });
    await clearDuplicate({ actor: moderator, threadId: copy.id });
    expect((await getThread(copy.id, null))?.duplicateOf).toBeNull();

    expect((await logOf(original.id)).map((l) => l.action)).toEqual(["PIN"]);
    expect((await logOf(copy.id)).map((l) => [l.action, l.details])).toEqual([
      ["LOCK", null],
      ["MARK_DUPLICATE", { originalId: original.id }],
      ["UNMARK_DUPLICATE", null],
    ]);
    const log = await listActions(moderator, 1);
    expect(log.items.some((i) => i.targetId === copy.id && i.moderator?.handle === moderator.handle)).toBe(true);
  });

  it("suspend: writes refused with the reason until lifted or past the end; moderators are not suspendable by peers", async () => {
    const [member, other] = await Promise.all([createPoster(), createPoster()]);
    const [moderator, peer] = await Promise.all([createStaff("MODERATOR"), createStaff("MODERATOR")]);
    await expect(assertMayWrite(member.id)).resolves.toMatchObject({ role: "USER", suspension: null });
    await suspendUser({ actor: moderator, input: { userId: member.id, reason: "Spamming links" } });
    const refused = await assertMayWrite(member.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AccountSuspendedError);
    expect(refused).toMatchObject({ status: 403, key: "apiErrors.suspended", values: { reason: "Spamming links" } });
    await unsuspendUser({ actor: moderator, userId: member.id });
    await expect(assertMayWrite(member.id)).resolves.toMatchObject({ suspension: null });

    const until = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    await suspendUser({ actor: moderator, input: { userId: other.id, reason: "Cool off", until } });
    expect(await assertMayWrite(other.id).catch((e: unknown) => e)).toMatchObject({
      key: "apiErrors.suspendedUntil",
      values: { reason: "Cool off", until },
    });
    // Past the end date it no longer applies.
    await expect(assertMayWrite(other.id, getPrisma(), new Date(Date.now() + 4 * 86_400_000))).resolves.toMatchObject({
      suspension: null,
    });
    expect(
      (await failure(suspendUser({ actor: moderator, input: { userId: other.id, reason: "x", until: "2001-01-01" } })))
        .fieldErrors,
    ).toEqual({ until: "moderation.untilInvalid" });
    expect((await failure(suspendUser({ actor: moderator, input: { userId: peer.id, reason: "x" } }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await logOf(member.id)).map((l) => [l.action, l.reason])).toEqual([
      ["SUSPEND", "Spamming links"],
      ["UNSUSPEND", null],
    ]);
    expect((await logOf(other.id)).map((l) => l.details)).toEqual([{ until: `${until}T23:59:59.999Z` }]);
  });
});
