import { getPrisma, type TPrisma } from "../db";
import { loadEnv, publicOrigin } from "../env";
import { Prisma } from "../generated/prisma/client";
import { createLogger } from "../logger";
import { NOTIFICATION_SELECT, toViews } from "../notifications/view";
import { composeDigest, type TDigestItem } from "./compose";
import { emailLocale } from "./messages";
import { mailTransport, type TMailTransport } from "./transport";
import { unsubscribeUrl } from "./unsubscribe";

/*
 * E-mail digests (issue 16), swept by the worker's reconciler while SMTP_URL is set: every unread notification left
 * untouched for EMAIL_DIGEST_DELAY_MINUTES goes out once, all of a recipient's in one e-mail.
 *
 * Claim, then send. One statement takes a round's rows (UPDATE … SET emailedAt = now … RETURNING): the recipients
 * whose rows are due, each under a transaction-scoped advisory lock tried without waiting, and their rows FOR UPDATE
 * SKIP LOCKED. A second worker sweeping at the same moment skips the recipients and rows the first holds, and once
 * the first commits its rows are no longer due, so no row is ever mailed twice and no recipient's digest is split
 * between workers. A send that fails puts its rows back (emailedAt = NULL where it still holds this claim's stamp),
 * and the next sweep tries again.
 *
 * Why not send first and mark after: the mark would need the rows locked for as long as the mail server takes, and
 * notify() collapses new events into those very rows under its site-wide seq lock (lib/notifications/notify.ts), so
 * a slow SMTP server would stall every notification of the site. The price of claiming first is that a worker killed
 * between claim and send loses that one digest (the notifications stay in the inbox): at most once, never twice.
 *
 * Who gets nothing still has their rows taken (no address, digests off), so they are not scanned again; a new event
 * in such a row re-arms it (trigger in migration 20261202030000_email_digest). Rows older than STALE_DAYS when first
 * swept — e-mail was not configured, or the worker was down — are taken without a message: a digest of old news is
 * noise, and they are still in the inbox.
 */

const log = createLogger({ service: "email" });

/** Recipients claimed per statement; a sweep runs rounds until none is due or MAX_ROUNDS. */
const RECIPIENTS_PER_ROUND = 50;
const MAX_ROUNDS = 20;
/** Notifications shown in one e-mail (newest first); the rest are counted ("3 more in your inbox"). */
const ITEMS_SHOWN = 20;
/** Characters of a post shown (cut at a line end where one is near); the link leads to the rest. */
const POST_CHARS = 4000;
const STALE_DAYS = 7;
/** Failed sends in a row after which the mail server is taken to be down and the sweep waits for the next round. */
const FAILURES_BEFORE_PAUSE = 3;
/** Key space of the per-recipient advisory locks (two-int form: apart from notify()'s one-bigint seq lock). */
const LOCK_SPACE = 16_001;

export type TDigestResult = { sent: number; notifications: number; passedOver: number; failed: number };

type TClaimed = { id: string; recipientId: string; updatedAt: Date };

function claim(now: Date, cutoff: Date, exclude: string[], db: TPrisma): Promise<TClaimed[]> {
  return db.$queryRaw<TClaimed[]>`
    WITH recipients AS (
      SELECT r FROM (
        SELECT DISTINCT "recipientId" AS r FROM "Notification"
        WHERE "readAt" IS NULL AND "emailedAt" IS NULL AND "updatedAt" <= ${cutoff}::timestamp(3)
          AND "recipientId" <> ALL(${exclude}::text[])
        LIMIT ${Prisma.raw(String(RECIPIENTS_PER_ROUND))}
      ) due
      WHERE pg_try_advisory_xact_lock(${Prisma.raw(String(LOCK_SPACE))}, hashtext(r))
    ), taken AS (
      SELECT n."id" FROM "Notification" n
      WHERE n."recipientId" IN (SELECT r FROM recipients)
        AND n."readAt" IS NULL AND n."emailedAt" IS NULL AND n."updatedAt" <= ${cutoff}::timestamp(3)
      FOR UPDATE OF n SKIP LOCKED
    )
    UPDATE "Notification" n SET "emailedAt" = ${now}::timestamp(3)
    FROM taken WHERE n."id" = taken."id"
    RETURNING n."id", n."recipientId", n."updatedAt"`;
}

/** Puts a failed digest's rows back, unless something re-armed or re-took them since. */
function release(ids: string[], now: Date, db: TPrisma) {
  return db.notification.updateMany({ where: { id: { in: ids }, emailedAt: now }, data: { emailedAt: null } });
}

function cutPost(body: string): { markdown: string; cut: boolean } {
  const chars = Array.from(body);
  if (chars.length <= POST_CHARS) return { markdown: body, cut: false };
  const head = chars.slice(0, POST_CHARS).join("");
  const lineEnd = head.lastIndexOf("\n");
  return { markdown: lineEnd > head.length / 2 ? head.slice(0, lineEnd) : head, cut: true };
}

/** The items of one recipient's digest from their claimed rows, read now: rows read since the claim are left out. */
async function itemsOf(recipientId: string, ids: string[], db: TPrisma) {
  const rows = await db.notification.findMany({
    where: { id: { in: ids }, recipientId, readAt: null },
    orderBy: { seq: "desc" },
    select: NOTIFICATION_SELECT,
  });
  const shown = rows.slice(0, ITEMS_SHOWN);
  const views = await toViews(recipientId, shown, db);
  // A view has an excerpt only where the recipient may read the post now (thread visible, post neither deleted nor
  // hidden): only then is its text sent, read fresh with its line breaks (the stored excerpt has them collapsed).
  const postIds = shown.flatMap((row, i) => (row.postId && views[i]!.excerpt !== null ? [row.postId] : []));
  const posts = postIds.length
    ? await db.post.findMany({ where: { id: { in: postIds } }, select: { id: true, body: true } })
    : [];
  const bodyOf = new Map(posts.map((p) => [p.id, p.body]));
  const origin = publicOrigin();
  const items: TDigestItem[] = views.map((view, i) => {
    const body = shown[i]!.postId ? bodyOf.get(shown[i]!.postId!) : undefined;
    return {
      view,
      link: `${origin}${view.subject.href ?? "/notifications"}`,
      post: body?.trim() ? cutPost(body) : null,
    };
  });
  return { items, total: rows.length };
}

/**
 * One sweep: claims the due notifications (unread, untouched since `now` − EMAIL_DIGEST_DELAY_MINUTES, not yet
 * taken) and mails each recipient who has an address and digests on one digest of them. Safe to run from several
 * workers at once. Does nothing without a mail transport (SMTP_URL unset).
 */
export async function sendDigests(
  now: Date = new Date(),
  db: TPrisma = getPrisma(),
  transport: TMailTransport | null = mailTransport(),
): Promise<TDigestResult> {
  const result: TDigestResult = { sent: 0, notifications: 0, passedOver: 0, failed: 0 };
  if (!transport) return result;
  const env = loadEnv();
  const cutoff = new Date(now.getTime() - env.EMAIL_DIGEST_DELAY_MINUTES * 60_000);
  const staleBefore = now.getTime() - STALE_DAYS * 86_400_000;
  const failedRecipients: string[] = [];
  let failuresInARow = 0;

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const claimed = await claim(now, cutoff, failedRecipients, db);
    if (!claimed.length) break;
    const byRecipient = new Map<string, TClaimed[]>();
    for (const row of claimed) byRecipient.set(row.recipientId, [...(byRecipient.get(row.recipientId) ?? []), row]);
    const users = await db.user.findMany({
      where: { id: { in: [...byRecipient.keys()] } },
      select: { id: true, handle: true, email: true, locale: true, emailDigest: true },
    });
    const userOf = new Map(users.map((u) => [u.id, u]));
    const pending = [...byRecipient.entries()];

    while (pending.length) {
      const [recipientId, rows] = pending.shift()!;
      const user = userOf.get(recipientId);
      const fresh = rows.filter((r) => r.updatedAt.getTime() >= staleBefore).map((r) => r.id);
      if (!user?.email || !user.emailDigest || !fresh.length) {
        result.passedOver += rows.length;
        continue;
      }
      let message: ReturnType<typeof composeDigest>;
      let count: number;
      try {
        const { items, total } = await itemsOf(recipientId, fresh, db);
        if (!items.length) {
          result.passedOver += rows.length;
          continue;
        }
        count = total;
        message = composeDigest({
          locale: emailLocale(user.locale),
          handle: user.handle,
          items,
          more: total - items.length,
          origin: publicOrigin(),
          unsubscribeUrl: unsubscribeUrl(user.id),
        });
      } catch (error) {
        // A digest that cannot be written would fail again on every sweep: its rows stay taken and the log says so
        // (a passing database error here costs this one digest too; the notifications stay in the inbox).
        log.error("could not compose an e-mail digest", { recipientId, error });
        result.passedOver += rows.length;
        continue;
      }
      try {
        const url = unsubscribeUrl(user.id);
        await transport.sendMail({
          from: env.EMAIL_FROM,
          to: user.email,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: {
            "List-Unsubscribe": `<${url}>`,
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
          },
        });
        result.sent++;
        result.notifications += count;
        failuresInARow = 0;
      } catch (error) {
        await release(
          rows.map((r) => r.id),
          now,
          db,
        );
        result.failed++;
        failedRecipients.push(recipientId);
        log.warn("could not send an e-mail digest; its notifications wait for the next sweep", {
          recipientId,
          error: (error as Error).message,
        });
        if (++failuresInARow >= FAILURES_BEFORE_PAUSE) {
          await release(
            pending.flatMap(([, r]) => r.map((x) => x.id)),
            now,
            db,
          );
          return result;
        }
      }
    }
  }
  return result;
}
