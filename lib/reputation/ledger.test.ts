import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getPrisma, type TDb } from "../db";
import { createPoster } from "../factories/discussions";
import { fuzz, fuzzTimeout } from "../factories/fuzz";
import { createUser, uniqueSuffix } from "../factories/users";
import { NEW_ACCOUNT_MS } from "../limits/limits";
import { applyReputation, recomputeReputation, type TReputationOp } from "./ledger";
import { DAILY_CAP_PER_SOURCE, REPUTATION_RULES, type TRuleName } from "./rules";

const db = getPrisma();
const DAY = 86_400_000;

/** One event in its own transaction, as a hook makes it. */
const applyOne = (op: TReputationOp, now?: Date) =>
  db.$transaction((tx: TDb) => applyReputation([op], tx, now)).then(([moved]) => moved!);

const reputationOf = async (userId: string) =>
  (await db.user.findUniqueOrThrow({ where: { id: userId }, select: { reputation: true } })).reputation;

const createdAtOf = async (userId: string) =>
  (await db.user.findUniqueOrThrow({ where: { id: userId }, select: { createdAt: true } })).createdAt;

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

const rowsOf = (userId: string) =>
  db.reputationEvent.findMany({ where: { userId }, orderBy: [{ createdAt: "asc" }, { dedupeKey: "asc" }] });

describe("the ledger", () => {
  it("gives each rule its points, takes back exactly what an award gave, and counts a repeat once", async () => {
    const [earner, source] = await Promise.all([createPoster(), createPoster()]);
    const s = uniqueSuffix();
    const expected: Record<TRuleName, number> = {
      upvote: 10,
      accept: 15,
      verifiedFix: 25,
      star: 5,
      fork: 5,
      forkBeat: 20,
      forkBeatCredit: 5,
      fineTuned: 10,
    };
    // A day apart each, so the daily cap never cuts in here.
    let day = 0;
    for (const rule of Object.keys(expected) as TRuleName[]) {
      const now = new Date(Date.now() + day++ * DAY);
      const op: TReputationOp = { op: "award", rule, earnerId: earner.id, sourceUserId: source.id, subject: s };
      expect(await applyOne(op, now), rule).toBe(expected[rule]);
      expect(await applyOne(op, now), `${rule} again`).toBe(0);
      const back = await applyOne({ ...op, op: "revoke" }, now);
      expect(back, `${rule} taken back`).toBe(REPUTATION_RULES[rule].revoke ? -expected[rule] : 0);
      expect(await applyOne({ ...op, op: "revoke" }, now), `${rule} taken back again`).toBe(0);
    }
    const rows = await rowsOf(earner.id);
    expect(rows.map((r) => [r.reason, r.points])).toEqual([
      ["UPVOTE_RECEIVED", 10],
      ["UPVOTE_REMOVED", -10],
      ["ANSWER_ACCEPTED", 15],
      ["ANSWER_UNACCEPTED", -15],
      ["VERIFIED_FIX", 25],
      ["VERIFIED_FIX_REVOKED", -25],
      ["DATASET_STARRED", 5],
      ["DATASET_UNSTARRED", -5],
      ["CONFIG_FORKED", 5],
      ["FORK_BEAT_PARENT", 20],
      ["FORK_BEAT_PARENT_CREDIT", 5],
      ["MODEL_FINE_TUNED", 10],
    ]);
    expect(rows.every((r) => r.sourceUserId === source.id)).toBe(true);
    expect(await reputationOf(earner.id)).toBe(40);
    expect(await recomputeReputation(earner.id)).toEqual({ stored: 40, ledger: 40 });
  });

  it("awards a subject again after it was taken back, under the next key", async () => {
    const [earner, source] = await Promise.all([createPoster(), createPoster()]);
    const op: TReputationOp = {
      op: "award",
      rule: "upvote",
      earnerId: earner.id,
      sourceUserId: source.id,
      subject: uniqueSuffix(),
    };
    await applyOne(op);
    await applyOne({ ...op, op: "revoke" });
    await applyOne(op);
    const keys = (await rowsOf(earner.id)).map((r) => r.dedupeKey.replace(/^.*#/, "#"));
    expect(keys).toEqual(["#1+", "#1-", "#2+"]);
    expect(await reputationOf(earner.id)).toBe(10);
  });

  it("ignores self-actions, and endorsements from accounts younger than NEW_ACCOUNT_MS (acceptances count)", async () => {
    const [earner, fresh] = await Promise.all([createPoster(), createUser()]);
    const op = (rule: TRuleName, sourceUserId: string): TReputationOp => ({
      op: "award",
      rule,
      earnerId: earner.id,
      sourceUserId,
      subject: uniqueSuffix(),
    });
    for (const rule of ["upvote", "star", "fork", "accept", "forkBeat"] as const)
      expect(await applyOne(op(rule, earner.id)), `self ${rule}`).toBe(0);
    for (const rule of ["upvote", "star", "fork"] as const)
      expect(await applyOne(op(rule, fresh.id)), `new account ${rule}`).toBe(0);
    // A taking back of a refused award takes nothing.
    const refused = op("upvote", fresh.id);
    await applyOne(refused);
    expect(await applyOne({ ...refused, op: "revoke" })).toBe(0);
    expect(await reputationOf(earner.id)).toBe(0);
    expect(await applyOne(op("accept", fresh.id))).toBe(15);
    // The same account's vote counts once it is a day old.
    const dayOld = new Date((await createdAtOf(fresh.id)).getTime() + NEW_ACCOUNT_MS);
    expect(await applyOne(op("upvote", fresh.id), dayOld)).toBe(10);
    expect(await reputationOf(earner.id)).toBe(25);
  });

  it("caps what one person gives another in a UTC day; a cut award is taken back as cut; the next day is new", async () => {
    const [earner, source, other] = await Promise.all([createPoster(), createPoster(), createPoster()]);
    const today = new Date();
    const op = (rule: TRuleName, sourceUserId = source.id): TReputationOp => ({
      op: "award",
      rule,
      earnerId: earner.id,
      sourceUserId,
      subject: uniqueSuffix(),
    });
    const votes = [];
    for (let i = 0; i < 3; i++) votes.push(await applyOne(op("upvote"), today));
    const accept = op("accept");
    expect([...votes, await applyOne(accept, today)]).toEqual([10, 10, 10, DAILY_CAP_PER_SOURCE - 30]);
    expect(await applyOne(op("upvote"), today)).toBe(0);
    // Taking back returns what was given and frees no room.
    expect(await applyOne({ ...accept, op: "revoke" }, today)).toBe(-(DAILY_CAP_PER_SOURCE - 30));
    expect(await applyOne(op("upvote"), today)).toBe(0);
    // Someone else is not held by it; tomorrow the same person gives again.
    expect(await applyOne(op("upvote", other.id), today)).toBe(10);
    const tomorrow = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) + DAY);
    expect(await applyOne(op("upvote"), tomorrow)).toBe(10);
    expect(await reputationOf(earner.id)).toBe(30 + 10 + 10);
    expect(await recomputeReputation(earner.id)).toEqual({ stored: 50, ledger: 50 });
  });

  it("counts an award repeated concurrently once (the earner lock, then the unique key)", async () => {
    const [earner, source] = await Promise.all([createPoster(), createPoster()]);
    const op: TReputationOp = {
      op: "award",
      rule: "accept",
      earnerId: earner.id,
      sourceUserId: source.id,
      subject: uniqueSuffix(),
    };
    const moved = await Promise.all(Array.from({ length: 10 }, () => applyOne(op)));
    expect(moved.sort((a, b) => b - a)).toEqual([15, ...Array(9).fill(0)]);
    const back = await Promise.all(Array.from({ length: 10 }, () => applyOne({ ...op, op: "revoke" })));
    expect(back.sort((a, b) => a - b)).toEqual([-15, ...Array(9).fill(0)]);
    expect(await rowsOf(earner.id)).toHaveLength(2);
    expect(await reputationOf(earner.id)).toBe(0);
  });

  it("holds the daily cap under concurrent events from one person to another", async () => {
    const [earner, source] = await Promise.all([createPoster(), createPoster()]);
    const now = new Date();
    const votes = Array.from({ length: 12 }, (): TReputationOp => ({
      op: "award",
      rule: "upvote",
      earnerId: earner.id,
      sourceUserId: source.id,
      subject: uniqueSuffix(),
    }));
    const moved = await Promise.all(votes.map((v) => applyOne(v, now)));
    expect(moved.reduce((a, b) => a + b, 0)).toBe(DAILY_CAP_PER_SOURCE);
    expect(await reputationOf(earner.id)).toBe(DAILY_CAP_PER_SOURCE);
  });

  it("refuses to change a written row (append-only)", async () => {
    const [earner, source] = await Promise.all([createPoster(), createPoster()]);
    await applyOne({
      op: "award",
      rule: "star",
      earnerId: earner.id,
      sourceUserId: source.id,
      subject: uniqueSuffix(),
    });
    const [row] = await rowsOf(earner.id);
    await expect(db.reputationEvent.update({ where: { id: row!.id }, data: { points: 500 } })).rejects.toThrow();
    expect((await rowsOf(earner.id))[0]!.points).toBe(5);
  });
});

/*
 * Property: after any sequence of events — awards and takings back of every rule, self-actions, a new account's,
 * several days — each user's running total equals the ledger's sum (recompute changes nothing), and in sequence it
 * equals a model of the rules written out plainly here. Run concurrently, the same holds and no subject stands twice.
 */
const RULES = Object.keys(REPUTATION_RULES) as TRuleName[];
const arbOp = fc.record({
  op: fc.constantFrom("award" as const, "revoke" as const),
  rule: fc.constantFrom(...RULES),
  earner: fc.nat({ max: 2 }),
  source: fc.nat({ max: 3 }),
  subject: fc.nat({ max: 2 }),
  day: fc.nat({ max: 2 }),
});

async function worldOfUsers() {
  // Users 0–2 are established, user 3 was made just now (a new account); earners are users 0–2.
  const users = await Promise.all([createPoster(), createPoster(), createPoster(), createUser()]);
  return Promise.all(users.map((u) => createdAtOf(u.id).then((createdAt) => ({ id: u.id, createdAt }))));
}

type TUser = Awaited<ReturnType<typeof worldOfUsers>>[number];
type TArbOp = { op: "award" | "revoke"; rule: TRuleName; earner: number; source: number; subject: number; day: number };

const toOp = (users: TUser[], o: TArbOp, tag: string): TReputationOp => {
  const earner = users[o.earner]!;
  // A subject always belongs to one earner (a post has one author), as in every hook.
  return {
    op: o.op,
    rule: o.rule,
    earnerId: earner.id,
    sourceUserId: users[o.source]!.id,
    subject: `${tag}:${o.subject}:${earner.id}`,
  };
};

async function checkTotals(users: TUser[]) {
  for (const u of users) {
    const { stored, ledger } = await recomputeReputation(u.id);
    expect(stored, "running total = ledger").toBe(ledger);
  }
}

describe("recompute = running total (property)", () => {
  it(
    "holds after random sequences, and matches a model of the rules",
    async () => {
      await fuzz(
        "reputation ledger, in sequence",
        fc.asyncProperty(fc.array(arbOp, { minLength: 1, maxLength: 25 }), async (ops) => {
          const users = await worldOfUsers();
          const base = Date.now();
          const tag = uniqueSuffix();
          const model = { standing: new Map<string, { points: number }>(), given: new Map<string, number>() };
          const totals = new Map(users.map((u) => [u.id, 0]));
          for (const o of [...ops].sort((a, b) => a.day - b.day)) {
            const now = new Date(base + o.day * DAY);
            const op = toOp(users, o, tag);
            const rule = REPUTATION_RULES[op.rule];
            const key = `${op.rule}:${op.subject}`;
            let expected = 0;
            if (op.op === "award") {
              const source = users[o.source]!;
              const isNew = now.getTime() - source.createdAt.getTime() < NEW_ACCOUNT_MS;
              const day = `${op.sourceUserId}|${op.earnerId}|${new Date(now).toISOString().slice(0, 10)}`;
              if (op.sourceUserId !== op.earnerId && !model.standing.has(key) && (rule.fromNewAccounts || !isNew)) {
                expected = Math.max(0, Math.min(rule.points, DAILY_CAP_PER_SOURCE - (model.given.get(day) ?? 0)));
                if (expected) {
                  model.standing.set(key, { points: expected });
                  model.given.set(day, (model.given.get(day) ?? 0) + expected);
                }
              }
            } else if (rule.revoke && model.standing.has(key)) {
              expected = -model.standing.get(key)!.points;
              model.standing.delete(key);
            }
            expect(await applyOne(op, now), JSON.stringify(o)).toBe(expected);
            totals.set(op.earnerId, totals.get(op.earnerId)! + expected);
          }
          for (const u of users) expect(await reputationOf(u.id)).toBe(totals.get(u.id));
          await checkTotals(users);
        }),
        25,
        40_000,
      );
    },
    fuzzTimeout(90_000),
  );

  it(
    "holds when the events run concurrently, each subject standing at most once",
    async () => {
      await fuzz(
        "reputation ledger, concurrent",
        fc.asyncProperty(fc.array(arbOp, { minLength: 2, maxLength: 30 }), async (ops) => {
          const users = await worldOfUsers();
          const now = new Date();
          const tag = uniqueSuffix();
          await Promise.all(ops.map((o) => applyOne(toOp(users, o, tag), now)));
          await checkTotals(users);
          const rows = await db.reputationEvent.findMany({
            where: { userId: { in: users.map((u) => u.id) } },
            select: { subject: true, points: true, dedupeKey: true, sourceUserId: true, userId: true },
          });
          const bySubject = groupBy(rows, (r) => r.subject);
          for (const [subject, list] of bySubject) {
            const net = list.reduce((s, r) => s + r.points, 0);
            const rule = REPUTATION_RULES[subject.split(":")[0] as TRuleName];
            expect(net, subject).toBeGreaterThanOrEqual(0);
            expect(net, subject).toBeLessThanOrEqual(rule.points);
            const awards = list.filter((r) => r.dedupeKey.endsWith("+")).length;
            expect([0, 1], subject).toContain(awards - (list.length - awards));
          }
          const given = groupBy(
            rows.filter((r) => r.points > 0),
            (r) => `${r.sourceUserId}|${r.userId}`,
          );
          for (const [pair, list] of given)
            expect(
              list.reduce((s, r) => s + r.points, 0),
              pair,
            ).toBeLessThanOrEqual(DAILY_CAP_PER_SOURCE);
        }),
        20,
        40_000,
      );
    },
    fuzzTimeout(90_000),
  );
});
