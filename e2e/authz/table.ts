import { getPrisma } from "../../lib/db";
import { unsubscribeToken } from "../../lib/email/unsubscribe";
import { formData } from "./actions";
import { PRIVATE_SCORE, PUBLIC_SCORE, type THalf, type TRole, type TSubject, type TVis, type TWorld } from "./world";

/*
 * The authorisation matrix, as one table: for every page, route handler and server action of the app (discover.ts
 * lists them from the app folder; a name missing here fails the suite), what each role — anonymous, another signed-in
 * user, the owner — gets for a public, unlisted and private subject, with the private test half hidden or revealed.
 * There are no moderator or admin roles yet; when they come, they become a fourth role here.
 */

export type TCase = { role: TRole; vis: TVis; half: THalf; world: TWorld; s: TSubject; actorId: string | null };

/** What a request must get. */
export type TOutcome =
  | "ok" // 2xx
  | "notFound" // 404: private things do not exist for others
  | "signIn" // redirect to /signin
  | "redirect" // any other redirect (e.g. signed-in users leaving the sign-in page)
  | "unauthorized" // 401 (JSON routes, signed out)
  | "forbidden" // 403 (visible, but not yours to change)
  | "invalid"; // 422: allowed through to validation (a request made invalid on purpose, so nothing changes)

export type THttpCheck = {
  method?: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  json?: unknown;
  multipart?: Record<string, string | { name: string; mimeType: string; buffer: Buffer }>;
  expect: TOutcome;
  /** Strings that must (present) or must not (absent) appear in the body when the outcome is "ok". */
  present?: string[];
  absent?: string[];
};

/**
 * A server action is judged by its effect in the database, not by its response: `probe` reads the state the call
 * would change, before and after; `effect` says whether it must have changed for this case. `page` is a page that
 * carries the action (the call is posted there).
 */
export type TActionCheck = {
  page: string;
  /** Undo what a successful call left that would get in later checks' way (e.g. waiting runs count against limits). */
  cleanup?: () => Promise<unknown>;
  args: () => Promise<unknown[]> | unknown[];
  probe: () => Promise<unknown>;
  effect: boolean;
};

export type TEntry =
  | { kind: "http"; dims: ("vis" | "half")[]; checks: (c: TCase) => THttpCheck[] }
  | { kind: "action"; dims: ("vis" | "half")[]; check: (c: TCase) => TActionCheck }
  | { kind: "public"; why: string };

const signedIn = (c: TCase) => c.role !== "anonymous";
/** By link: public and unlisted for everyone, private for the owner only (lib/permissions/visibility.ts). */
export const opens = (c: TCase) => c.vis !== "PRIVATE" || c.role === "owner";
/** Listed and searchable: public for everyone, everything for the owner. */
export const listed = (c: TCase) => c.vis === "PUBLIC" || c.role === "owner";
/** The hidden half (lib/permissions/hidden-half.ts): the dataset owner always, everyone once revealed. */
export const seesHalf = (c: TCase) => c.role === "owner" || c.half === "revealed";

const byLink = (c: TCase): TOutcome => (opens(c) ? "ok" : "notFound");
/** Moderators (lib/permissions/moderation.ts): as another user everywhere, plus moderation; they see no private thing. */
const moderates = (c: TCase) => c.role === "moderator";
/** Accepting an answer: the asker (the owner here), or a moderator on a question they can see. */
const accepts = (c: TCase) => c.role === "owner" || moderates(c);
/** A thread everyone can see, other than the case's own, to mark it a duplicate of. */
const original = (c: TCase) =>
  (c.vis === "PUBLIC" ? c.world.subjects.UNLISTED : c.world.subjects.PUBLIC).hidden.thread.id;
const ownerPage = (c: TCase): TOutcome => (c.role === "anonymous" ? "signIn" : c.role === "owner" ? "ok" : "notFound");
const signedInPage = (c: TCase): TOutcome => (signedIn(c) ? "ok" : "signIn");
const either = (yes: boolean, s: string) => (yes ? { present: [s] } : { absent: [s] });
const merge = (...parts: { present?: string[]; absent?: string[] }[]) => ({
  present: parts.flatMap((p) => p.present ?? []),
  absent: parts.flatMap((p) => p.absent ?? []),
});

const privateScore = String(PRIVATE_SCORE);

/** Runs the matrix queued for this actor are stopped again, so per-user queue limits never decide a later check. */
const stopWaiting = (c: TCase) =>
  getPrisma().run.updateMany({
    where: {
      userId: c.actorId ?? "nobody",
      status: { in: ["QUEUED", "RUNNING"] },
      configRevisionId: c.s.config.revisionId,
    },
    data: { status: "CANCELED", finishedAt: new Date() },
  });
const ds = (c: TCase) => `/datasets/${c.world.owner.handle}/${c.s.dataset.slug}`;
const cfg = (c: TCase) => `/configs/${c.world.owner.handle}/${c.s.config.slug}`;
const board = (c: TCase) => `/leaderboards/${c.world.owner.handle}/${c.s.dataset.slug}`;
const dv = (c: TCase) => `/api/datasets/${c.world.owner.handle}/${c.s.dataset.slug}/versions/1`;
const tinyCsv = (word: string) => ({
  name: "t.csv",
  mimeType: "text/csv",
  buffer: Buffer.from(
    `a,b,label\n${Array.from({ length: 30 }, (_, i) => `${i},${i % 3},${i % 2 ? "x" : "y"}`).join("\n")}\n${word},1,x\n`,
  ),
});

export const TABLE: Record<string, TEntry> = {
  // ── Pages ────────────────────────────────────────────────────────────────────────────────────────────────────
  "page /": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [{ path: "/", expect: "ok", absent: c.vis === "PUBLIC" ? [] : [c.s.dataset.title] }],
  },
  "page /datasets": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [{ path: `/datasets?q=${c.world.word}`, expect: "ok", ...either(listed(c), c.s.dataset.title) }],
  },
  "page /datasets/new": { kind: "http", dims: [], checks: (c) => [{ path: "/datasets/new", expect: signedInPage(c) }] },
  "page /datasets/[owner]/[slug]": {
    kind: "http",
    dims: ["vis", "half"],
    checks: (c) => [
      { path: ds(c), expect: byLink(c), present: [c.s.dataset.title] },
      { path: `${ds(c)}?tab=data`, expect: byLink(c), present: [c.s.publicCell] },
      { path: `${ds(c)}?tab=data&page=${c.s.privatePage}`, expect: byLink(c), ...either(seesHalf(c), c.s.privateCell) },
      // The profile is public: computed without the private half, for everyone (the owner too).
      { path: `${ds(c)}?tab=profile`, expect: byLink(c), absent: [c.s.privateCell] },
      {
        path: `${ds(c)}?tab=runs`,
        expect: byLink(c),
        ...merge(either(listed(c), `/runs/${c.s.run.id}`), seesHalf(c) ? {} : { absent: [privateScore] }),
      },
      { path: `${ds(c)}?tab=versions`, expect: byLink(c) },
    ],
  },
  "page /datasets/[owner]/[slug]/edit": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [{ path: `${ds(c)}/edit`, expect: ownerPage(c) }],
  },
  "page /configs": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [{ path: `/configs?q=${c.world.word}`, expect: "ok", ...either(listed(c), c.s.config.title) }],
  },
  "page /configs/new": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [
      { path: "/configs/new", expect: signedInPage(c) },
      // "Fine-tune this model": a run the viewer may not see is no base, and its page names nothing of it.
      {
        path: `/configs/new?base=${c.s.run.id}`,
        expect: signedInPage(c),
        ...(signedIn(c) && !opens(c)
          ? { present: ["no run with this id that you can see"], absent: [c.s.config.slug, c.s.dataset.slug] }
          : {}),
      },
    ],
  },
  "page /configs/[owner]/[slug]": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [
      {
        path: cfg(c),
        expect: byLink(c),
        present: [c.s.config.title],
        absent: c.role === "owner" ? [] : [privateScore],
      },
    ],
  },
  "page /configs/[owner]/[slug]/edit": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [{ path: `${cfg(c)}/edit`, expect: ownerPage(c) }],
  },
  "page /configs/[owner]/[slug]/lineage": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [{ path: `${cfg(c)}/lineage`, expect: byLink(c) }],
  },
  "page /configs/[owner]/[slug]/diff": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [{ path: `${cfg(c)}/diff?a=1&b=1`, expect: byLink(c) }],
  },
  "page /runs": {
    kind: "http",
    dims: ["vis", "half"],
    checks: (c) => [
      {
        path: `/runs?user=${c.world.owner.handle}`,
        expect: "ok",
        ...merge(either(listed(c), `/runs/${c.s.run.id}`), seesHalf(c) ? {} : { absent: [privateScore] }),
      },
    ],
  },
  "page /runs/[id]": {
    kind: "http",
    dims: ["vis", "half"],
    checks: (c) => [
      {
        path: `/runs/${c.s.run.id}`,
        expect: byLink(c),
        ...merge({ present: [String(PUBLIC_SCORE)] }, either(seesHalf(c), privateScore)),
      },
    ],
  },
  "page /compare": {
    kind: "http",
    dims: ["vis", "half"],
    checks: (c) => [
      {
        path: `/compare?run=${c.world.companionRunId}&run=${c.s.run.id}`,
        expect: "ok",
        // Compare shows test scores of the public half only (the private column is the run page's).
        // With the other run left out (not visible), there is nothing to compare: neither shows.
        ...merge(either(opens(c), `/runs/${c.world.companionRunId}`), either(opens(c), `/runs/${c.s.run.id}`), {
          absent: [privateScore],
        }),
      },
    ],
  },
  "page /leaderboards": {
    kind: "http",
    dims: ["vis"],
    // The index is public and shared by everyone (and cached): public datasets' boards only, even for their owner.
    checks: (c) => [{ path: "/leaderboards", expect: "ok", ...either(c.vis === "PUBLIC", c.s.dataset.title) }],
  },
  "page /leaderboards/[owner]/[slug]": {
    kind: "http",
    dims: ["vis", "half"],
    checks: (c) => [
      // Boards show private scores once the half is revealed; before that nobody, the owner included, gets them on a board.
      // A board is a list: a config the viewer may not see listed shows as hidden, and so does its run (its id too).
      {
        path: board(c),
        expect: byLink(c),
        ...merge(
          { present: [c.s.dataset.title] },
          either(listed(c), c.s.config.title),
          either(listed(c), c.s.run.id),
          either(c.half === "revealed", privateScore),
        ),
      },
      { path: `${board(c)}?side=private`, expect: byLink(c), ...either(c.half === "revealed", privateScore) },
    ],
  },
  "page /leaderboards/[owner]/[slug]/competition": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [{ path: `${board(c)}/competition`, expect: ownerPage(c) }],
  },
  "page /u/[handle]": {
    kind: "http",
    dims: ["vis"],
    // The activity feed is public: only public datasets appear in it, on anyone's view. The profile's lists (tabs and
    // best placements) follow the listing rule: the owner sees their own unlisted and private things, others do not.
    checks: (c) => [
      { path: `/u/${c.world.owner.handle}`, expect: "ok", ...either(listed(c), c.s.dataset.title) },
      { path: `/u/${c.world.owner.handle}?tab=datasets`, expect: "ok", ...either(listed(c), c.s.dataset.title) },
      { path: `/u/${c.world.owner.handle}?tab=configs`, expect: "ok", ...either(listed(c), c.s.config.title) },
      { path: `/u/${c.world.owner.handle}?tab=questions`, expect: "ok", ...either(listed(c), c.s.thread.title) },
    ],
  },
  "page /notifications": {
    kind: "http",
    dims: [],
    checks: (c) => [{ path: "/notifications", expect: signedInPage(c) }],
  },
  // A digest's unsubscribe page: no sign-in (the signed token in the link authorises); a bad token gets a message.
  "page /email/unsubscribe": {
    kind: "http",
    dims: [],
    checks: (c) => [
      { path: `/email/unsubscribe?token=${encodeURIComponent(unsubscribeToken(c.world.owner.id))}`, expect: "ok" },
      { path: "/email/unsubscribe?token=forged.token", expect: "ok" },
      { path: "/email/unsubscribe?done=1", expect: "ok" },
    ],
  },
  // Moderation exists only for moderators (404 for everyone else, signed in or not); /admin only for admins (none here).
  "page /moderation": {
    kind: "http",
    dims: [],
    checks: (c) => [{ path: "/moderation", expect: moderates(c) ? "ok" : "notFound" }],
  },
  "page /moderation/log": {
    kind: "http",
    dims: [],
    checks: (c) => [{ path: "/moderation/log", expect: moderates(c) ? "ok" : "notFound" }],
  },
  "page /admin": { kind: "http", dims: [], checks: () => [{ path: "/admin", expect: "notFound" }] },
  "page /discussions": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [
      { path: `/discussions?q=${c.world.word}&sort=new`, expect: "ok", ...either(listed(c), c.s.thread.title) },
    ],
  },
  // A thread is as visible as its run; beside it the run's context and the answers' measured change show the public
  // half, and the private half only to those who may see it.
  "page /discussions/[id]": {
    kind: "http",
    dims: ["vis", "half"],
    checks: (c) => [
      {
        path: `/discussions/${c.s.thread.id}`,
        expect: byLink(c),
        ...merge({ present: [c.s.thread.title, String(PUBLIC_SCORE)] }, either(seesHalf(c), privateScore)),
      },
    ],
  },
  "page /discussions/[id]/history/[postId]": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [
      {
        path: `/discussions/${c.s.thread.id}/history/${c.s.thread.answerId}`,
        expect: byLink(c),
        ...(opens(c) ? { present: ["Measured on the same version."] } : {}),
      },
    ],
  },
  // Signed in only; a hidden thing named in the link is not named on the page (the form starts a general thread).
  "page /discussions/new": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [
      {
        path: `/discussions/new?kind=QUESTION&run=${c.s.run.id}`,
        expect: signedInPage(c),
        ...(signedIn(c) ? either(opens(c), c.s.config.title) : {}),
      },
    ],
  },
  // Open to everyone: a visitor's language lives in a cookie, a user's in their account.
  "page /settings": { kind: "http", dims: [], checks: () => [{ path: "/settings", expect: "ok" }] },
  "page /signin": {
    kind: "http",
    dims: [],
    checks: (c) => [{ path: "/signin", expect: signedIn(c) ? "redirect" : "ok" }],
  },
  "page /signup": {
    kind: "http",
    dims: [],
    checks: (c) => [{ path: "/signup", expect: signedIn(c) ? "redirect" : "ok" }],
  },

  // ── Route handlers ───────────────────────────────────────────────────────────────────────────────────────────
  "GET /api/health": { kind: "http", dims: [], checks: () => [{ path: "/api/health", expect: "ok" }] },
  "GET /api/configs/schema": { kind: "http", dims: [], checks: () => [{ path: "/api/configs/schema", expect: "ok" }] },
  "GET /api/auth/[...nextauth]": {
    kind: "http",
    dims: [],
    checks: () => [
      { path: "/api/auth/providers", expect: "ok" },
      { path: "/api/auth/session", expect: "ok" },
    ],
  },
  "POST /api/auth/[...nextauth]": {
    kind: "public",
    why: "Auth.js's own endpoints (sign-in, sign-out), guarded by its CSRF token; e2e/auth.spec.ts signs in and out through them",
  },
  "GET /api/account": {
    kind: "http",
    dims: [],
    checks: (c) => [{ path: "/api/account", expect: signedIn(c) ? "ok" : "unauthorized", absent: ["passwordHash"] }],
  },
  "PATCH /api/account": {
    kind: "http",
    dims: [],
    checks: (c) => [
      {
        method: "PATCH",
        path: "/api/account",
        json: { name: "Matrix", bio: "" },
        expect: signedIn(c) ? "ok" : "unauthorized",
      },
    ],
  },
  "POST /api/configs": {
    kind: "http",
    dims: [],
    checks: (c) => [
      {
        method: "POST",
        path: "/api/configs",
        json: { title: `Matrix ${c.world.word}`, visibility: "PRIVATE", spec: c.world.specTemplate },
        expect: signedIn(c) ? "ok" : "unauthorized",
      },
    ],
  },
  "POST /api/configs/[owner]/[slug]/forks": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [
      { method: "POST", path: `/api${cfg(c)}/forks`, json: {}, expect: !signedIn(c) ? "unauthorized" : byLink(c) },
    ],
  },
  "POST /api/configs/[owner]/[slug]/revisions": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [
      {
        method: "POST",
        path: `/api${cfg(c)}/revisions`,
        json: { spec: { ...(c.world.specTemplate as object), model: null }, message: "matrix" },
        expect: !signedIn(c) ? "unauthorized" : c.role === "owner" ? "invalid" : opens(c) ? "forbidden" : "notFound",
      },
    ],
  },
  "GET /api/configs/[owner]/[slug]/revisions/[number]": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [{ path: `/api${cfg(c)}/revisions/1`, expect: byLink(c) }],
  },
  "POST /api/datasets": {
    kind: "http",
    dims: [],
    checks: (c) => [
      {
        method: "POST",
        path: "/api/datasets",
        expect: signedIn(c) ? "ok" : "unauthorized",
        multipart: {
          title: `Upload ${c.world.word} ${c.role}`,
          license: "CC0-1.0",
          taskType: "CLASSIFICATION",
          targetColumn: "label",
          visibility: "PRIVATE",
          file: tinyCsv(c.world.word),
        },
      },
    ],
  },
  "POST /api/datasets/[owner]/[slug]/versions": {
    kind: "http",
    dims: ["vis"],
    // Without a file: the owner gets as far as validation (422, counted as reaching the action), others are stopped first.
    checks: (c) => [
      {
        method: "POST",
        path: `${dv(c).replace(/\/1$/, "")}`,
        multipart: { message: "matrix" },
        expect: !signedIn(c) ? "unauthorized" : c.role === "owner" ? "invalid" : opens(c) ? "forbidden" : "notFound",
      },
    ],
  },
  "GET /api/datasets/[owner]/[slug]/versions/[number]/download": {
    kind: "http",
    dims: ["vis", "half"],
    checks: (c) => [
      {
        path: `${dv(c)}/download`,
        expect: byLink(c),
        ...merge({ present: [c.s.publicCell] }, either(seesHalf(c), c.s.privateCell)),
      },
    ],
  },
  "GET /api/datasets/[owner]/[slug]/versions/[number]/images/[index]": {
    kind: "http",
    dims: ["vis", "half"],
    // A table has no images: found or not, the answer is 404 — checked for private-half rows of image versions in e2e/hidden-half.spec.ts.
    checks: (c) => [{ path: `${dv(c)}/images/0`, expect: "notFound" }],
  },
  "GET /api/datasets/[owner]/[slug]/versions/[number]/profile": {
    kind: "http",
    dims: ["vis", "half"],
    checks: (c) => [{ path: `${dv(c)}/profile`, expect: byLink(c), absent: [c.s.privateCell] }],
  },
  "GET /api/datasets/shape-info": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [{ path: `/api/datasets/shape-info?version=${c.s.dataset.versionId}`, expect: byLink(c) }],
  },
  "GET /api/runs/[id]/artifacts/[name]": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [{ path: `/api/runs/${c.s.run.id}/artifacts/model.json`, expect: byLink(c) }],
  },
  "GET /api/runs/[id]/events": {
    kind: "http",
    dims: ["vis", "half"],
    checks: (c) => [
      { path: `/api/runs/${c.s.run.id}/events`, expect: byLink(c), absent: seesHalf(c) ? [] : [privateScore] },
    ],
  },

  // Discussions: a thread is as visible as its thing (here the subject's run); writes are 401 signed out, 404 where
  // the thread is hidden, 403 where it is visible but not the caller's to change.
  "GET /api/threads": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [
      { path: `/api/threads?q=${c.world.word}&sort=new`, expect: "ok", ...either(listed(c), c.s.thread.id) },
      { path: `/api/threads?run=${c.s.run.id}`, expect: "ok", ...either(opens(c), c.s.thread.id) },
    ],
  },
  "POST /api/threads": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [
      {
        method: "POST",
        path: "/api/threads",
        json: { title: `Matrix ${c.world.word} ${c.role}`, body: "A question.", runId: c.s.run.id },
        expect: !signedIn(c) ? "unauthorized" : byLink(c),
      },
    ],
  },
  "GET /api/threads/[id]": {
    kind: "http",
    dims: ["vis", "half"],
    // The answer's measured change carries the private half's scores only for those who may see that half.
    checks: (c) => [
      {
        path: `/api/threads/${c.s.thread.id}`,
        expect: byLink(c),
        ...merge({ present: [c.s.thread.title, String(PUBLIC_SCORE)] }, either(seesHalf(c), privateScore)),
      },
    ],
  },
  "POST /api/threads/[id]/posts": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [
      {
        method: "POST",
        path: `/api/threads/${c.s.thread.id}/posts`,
        json: { body: `Reply by ${c.role}` },
        expect: !signedIn(c) ? "unauthorized" : byLink(c),
      },
    ],
  },
  "POST /api/threads/[id]/reproduce": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [
      {
        method: "POST",
        path: `/api/threads/${c.s.thread.id}/reproduce`,
        json: { runId: c.s.run.id },
        expect: !signedIn(c) ? "unauthorized" : byLink(c),
      },
    ],
  },
  "POST /api/threads/[id]/accept": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [
      {
        method: "POST",
        path: `/api/threads/${c.s.thread.id}/accept`,
        json: { postId: c.s.thread.answerId },
        expect: !signedIn(c) ? "unauthorized" : !opens(c) ? "notFound" : accepts(c) ? "ok" : "forbidden",
      },
    ],
  },
  "DELETE /api/threads/[id]/accept": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [
      {
        method: "DELETE",
        path: `/api/threads/${c.s.thread.id}/accept`,
        expect: !signedIn(c) ? "unauthorized" : !opens(c) ? "notFound" : accepts(c) ? "ok" : "forbidden",
      },
    ],
  },
  "PATCH /api/posts/[id]": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [
      {
        method: "PATCH",
        path: `/api/posts/${c.s.thread.answerId}`,
        json: { body: `Edited by ${c.role}` },
        expect: !signedIn(c) ? "unauthorized" : c.role === "owner" ? "ok" : opens(c) ? "forbidden" : "notFound",
      },
    ],
  },
  "DELETE /api/posts/[id]": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [
      {
        method: "DELETE",
        path: `/api/posts/${c.s.thread.spareId}`,
        expect: !signedIn(c) ? "unauthorized" : c.role === "owner" ? "ok" : opens(c) ? "forbidden" : "notFound",
      },
    ],
  },
  "POST /api/posts/[id]/vote": {
    kind: "http",
    dims: ["vis"],
    // Nobody up-votes their own post: the owner wrote the answer.
    checks: (c) => [
      {
        method: "POST",
        path: `/api/posts/${c.s.thread.answerId}/vote`,
        expect: !signedIn(c) ? "unauthorized" : c.role === "owner" ? "forbidden" : byLink(c),
      },
    ],
  },
  "DELETE /api/posts/[id]/vote": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [
      {
        method: "DELETE",
        path: `/api/posts/${c.s.thread.answerId}/vote`,
        expect: !signedIn(c) ? "unauthorized" : byLink(c),
      },
    ],
  },
  // Handles are public (every profile is): completion for @mentions, the same for everyone.
  "GET /api/users": {
    kind: "http",
    dims: [],
    checks: (c) => [
      { path: `/api/users?prefix=${c.world.owner.handle.slice(0, 6)}`, expect: "ok", present: [c.world.owner.handle] },
    ],
  },
  "GET /api/notifications": {
    kind: "http",
    dims: [],
    checks: (c) => [{ path: "/api/notifications?filter=unread", expect: signedIn(c) ? "ok" : "unauthorized" }],
  },
  "POST /api/notifications": {
    kind: "http",
    dims: [],
    checks: (c) => [
      {
        method: "POST",
        path: "/api/notifications",
        json: { ids: ["nothing-of-yours"] },
        expect: signedIn(c) ? "ok" : "unauthorized",
      },
    ],
  },
  // A stream that stays open while its reader is connected: signed out it is a 401 here; that each user gets only
  // their own notifications is app/api/notifications/events/route.test.ts's (an open stream has no end to wait for).
  "GET /api/notifications/events": {
    kind: "http",
    dims: [],
    checks: (c) => (signedIn(c) ? [] : [{ path: "/api/notifications/events", expect: "unauthorized" }]),
  },
  // One-click unsubscribe (RFC 8058): the token, not a session, authorises, so every role alike; GET only redirects
  // to the confirmation page. A forged token's 400 is app/api/email/unsubscribe/route.test.ts's.
  "GET /api/email/unsubscribe": {
    kind: "http",
    dims: [],
    checks: (c) => [
      {
        path: `/api/email/unsubscribe?token=${encodeURIComponent(unsubscribeToken(c.world.owner.id))}`,
        expect: "redirect",
      },
    ],
  },
  "POST /api/email/unsubscribe": {
    kind: "http",
    dims: [],
    checks: (c) => [
      {
        method: "POST",
        path: `/api/email/unsubscribe?token=${encodeURIComponent(unsubscribeToken(c.world.owner.id))}`,
        multipart: { "List-Unsubscribe": "One-Click" },
        expect: "ok",
      },
    ],
  },
  "GET /api/posts/[id]/revisions": {
    kind: "http",
    dims: ["vis"],
    checks: (c) => [{ path: `/api/posts/${c.s.thread.answerId}/revisions`, expect: byLink(c) }],
  },

  // ── Server actions (effects checked in the database) ─────────────────────────────────────────────────────────
  "action app/_components/site-header.tsx#signOutAction": {
    kind: "public",
    why: "signs the caller out of their own session; e2e/auth.spec.ts",
  },
  "action app/signin/actions.ts#signInAction": {
    kind: "public",
    why: "sign-in form: rate-limited and tested in e2e/auth.spec.ts and e2e/security-headers.spec.ts",
  },
  "action app/signin/actions.ts#githubSignInAction": {
    kind: "public",
    why: "starts the GitHub OAuth flow (only when configured)",
  },
  "action app/signup/actions.ts#signUpAction": {
    kind: "public",
    why: "sign-up form: rate-limited, never reveals registered emails (lib/users tests)",
  },
  "action app/u/[handle]/actions.ts#updateProfileAction": {
    kind: "action",
    dims: [],
    check: (c) => ({
      page: `/u/${c.world.owner.handle}`,
      args: () => [
        { status: "idle", fieldErrors: {}, values: { name: "", bio: "" } },
        formData({ name: `Act ${c.world.word} ${c.role}`, bio: "" }),
      ],
      probe: () => getPrisma().user.count({ where: { name: `Act ${c.world.word} ${c.role}` } }),
      effect: signedIn(c),
    }),
  },
  // Signed out it only sets the visitor's cookie; signed in it saves the setting of the caller, never anyone else's.
  // "en" so that later checks of this role keep reading English pages.
  "action app/settings/actions.ts#chooseLocaleAction": {
    kind: "action",
    dims: [],
    check: (c) => ({
      page: "/settings",
      args: () => ["en"],
      probe: () =>
        getPrisma().user.count({
          where: { id: { in: [c.world.owner.id, c.world.other.id, c.world.moderator.id] }, locale: "en" },
        }),
      effect: signedIn(c),
      cleanup: () =>
        getPrisma().user.updateMany({
          where: { id: { in: [c.world.owner.id, c.world.other.id, c.world.moderator.id] } },
          data: { locale: null },
        }),
    }),
  },
  "action app/configs/actions.ts#createConfigAction": {
    kind: "action",
    dims: [],
    check: (c) => ({
      page: "/configs/new",
      args: () => [
        {
          title: `Act ${c.world.word} ${c.role}`,
          description: "",
          visibility: "PRIVATE",
          designedForVersionId: null,
          message: "",
          spec: JSON.stringify(c.world.specTemplate),
        },
      ],
      probe: () => getPrisma().config.count({ where: { title: `Act ${c.world.word} ${c.role}` } }),
      effect: signedIn(c),
    }),
  },
  "action app/configs/actions.ts#reviseConfigAction": {
    kind: "action",
    dims: ["vis"],
    check: (c) => {
      const spec = structuredClone(c.world.specTemplate) as { training: { epochs: number } };
      spec.training.epochs = 7;
      return {
        page: cfg(c),
        args: () => [{ configId: c.s.config.id, path: cfg(c), message: `by ${c.role}`, spec: JSON.stringify(spec) }],
        probe: () => getPrisma().configRevision.count({ where: { configId: c.s.config.id } }),
        effect: c.role === "owner",
      };
    },
  },
  "action app/configs/actions.ts#forkConfigAction": {
    kind: "action",
    dims: ["vis"],
    check: (c) => ({
      page: cfg(c),
      args: () => [c.s.config.id, 1],
      probe: () =>
        getPrisma().config.count({
          where: {
            forkedFrom: { configId: c.s.config.id },
            ...(c.actorId ? { ownerId: c.actorId } : { ownerId: "nobody" }),
          },
        }),
      effect: signedIn(c) && opens(c),
    }),
  },
  "action app/datasets/[owner]/[slug]/actions.ts#toggleStarAction": {
    kind: "action",
    dims: ["vis"],
    check: (c) => ({
      page: ds(c),
      args: () => [c.s.dataset.id, true, ds(c)],
      probe: () => getPrisma().datasetStar.count({ where: { datasetId: c.s.dataset.id } }),
      effect: signedIn(c) && opens(c),
    }),
  },
  "action app/u/follow-actions.ts#setFollowAction": {
    kind: "action",
    dims: ["vis"],
    check: (c) => ({
      page: ds(c),
      args: () => [{ kind: "dataset", id: c.s.dataset.id }, true],
      probe: () => getPrisma().follow.count({ where: { datasetId: c.s.dataset.id } }),
      effect: signedIn(c) && opens(c),
      cleanup: () => getPrisma().follow.deleteMany({ where: { datasetId: c.s.dataset.id } }),
    }),
  },
  "action app/datasets/[owner]/[slug]/edit/actions.ts#updateDatasetAction": {
    kind: "action",
    dims: ["vis"],
    check: (c) => ({
      page: `${ds(c)}/edit`,
      args: () => [
        c.s.dataset.id,
        ds(c),
        { status: "idle", fieldErrors: {}, values: {} },
        formData({
          title: `Renamed ${c.world.word} ${c.vis} by ${c.role}`,
          description: "",
          license: "CC0-1.0",
          citation: "",
          tags: "",
          visibility: c.vis,
          primaryMetric: "accuracy",
        }),
      ],
      probe: () =>
        getPrisma()
          .dataset.findUniqueOrThrow({ where: { id: c.s.dataset.id }, select: { title: true } })
          .then((d) => d.title),
      effect: c.role === "owner",
    }),
  },
  "action app/leaderboards/actions.ts#setRevealAction": {
    kind: "action",
    dims: ["vis"],
    // On the revealed subject: only its owner may hide the private half again.
    check: (c) => {
      const s = c.world.subjects[c.vis].revealed;
      const path = `/leaderboards/${c.world.owner.handle}/${s.dataset.slug}`;
      return {
        page: path,
        args: () => [s.dataset.versionId, path, false],
        probe: () =>
          getPrisma()
            .datasetVersion.findUniqueOrThrow({
              where: { id: s.dataset.versionId },
              select: { privateRevealedAt: true },
            })
            .then((v) => v.privateRevealedAt === null),
        effect: c.role === "owner",
      };
    },
  },
  "action app/leaderboards/actions.ts#createCompetitionAction": {
    kind: "action",
    dims: ["vis"],
    check: (c) => ({
      page: `${board(c)}/competition`,
      args: () => [
        board(c),
        { status: "idle", fieldErrors: {}, values: {} },
        formData({
          datasetVersionId: c.s.dataset.versionId,
          title: `Cup by ${c.role}`,
          description: "",
          metric: "accuracy",
          startsAt: new Date(Date.now() - 3_600_000).toISOString().slice(0, 16),
          endsAt: new Date(Date.now() + 86_400_000).toISOString().slice(0, 16),
          dailyLimit: "20",
          totalLimit: "50",
          finalLimit: "1",
        }),
      ],
      probe: () => getPrisma().competition.count({ where: { datasetVersionId: c.s.dataset.versionId } }),
      effect: c.role === "owner",
    }),
  },
  "action app/leaderboards/actions.ts#setFinalsAction": {
    kind: "action",
    dims: ["vis"],
    // After createCompetitionAction (table order): picking the owner's run as a final is the owner's alone.
    check: (c) => ({
      page: board(c),
      args: async () => {
        const { id } = await getPrisma().competition.findUniqueOrThrow({
          where: { datasetVersionId: c.s.dataset.versionId },
          select: { id: true },
        });
        return [id, board(c), { status: "idle" }, formData({ final: c.s.run.id })];
      },
      probe: () => getPrisma().finalSubmission.count({ where: { runId: c.s.run.id } }),
      effect: c.role === "owner",
    }),
  },
  // Discussions: writes through lib/discussions (visible thread, then permission, then input), each checked by its
  // effect; the thread and its posts are the owner's.
  "action app/discussions/actions.ts#createThreadAction": {
    kind: "action",
    dims: ["vis"],
    check: (c) => ({
      page: "/discussions/new",
      args: () => [
        null,
        formData({ kind: "QUESTION", title: `Act ${c.world.word} ${c.role}`, body: "Why?", runId: c.s.run.id }),
      ],
      probe: () => getPrisma().thread.count({ where: { title: `Act ${c.world.word} ${c.role}`, runId: c.s.run.id } }),
      effect: signedIn(c) && opens(c),
    }),
  },
  "action app/discussions/actions.ts#postAction": {
    kind: "action",
    dims: ["vis"],
    check: (c) => ({
      page: `/discussions/${c.s.thread.id}`,
      args: () => [c.s.thread.id, null, formData({ kind: "REPLY", body: `Act reply ${c.world.word} ${c.role}` })],
      probe: () =>
        getPrisma().post.count({ where: { threadId: c.s.thread.id, body: `Act reply ${c.world.word} ${c.role}` } }),
      effect: signedIn(c) && opens(c),
    }),
  },
  "action app/discussions/actions.ts#editPostAction": {
    kind: "action",
    dims: ["vis"],
    check: (c) => ({
      page: `/discussions/${c.s.thread.id}`,
      args: () => [
        c.s.thread.id,
        c.s.thread.actionAnswerId,
        null,
        formData({ body: `Act edit ${c.world.word} ${c.role}` }),
      ],
      probe: () => getPrisma().post.count({ where: { body: `Act edit ${c.world.word} ${c.role}` } }),
      effect: c.role === "owner",
    }),
  },
  "action app/discussions/actions.ts#deletePostAction": {
    kind: "action",
    dims: ["vis"],
    check: (c) => ({
      page: `/discussions/${c.s.thread.id}`,
      args: () => [c.s.thread.id, c.s.thread.actionSpareId],
      probe: () => getPrisma().post.count({ where: { id: c.s.thread.actionSpareId, deletedAt: { not: null } } }),
      effect: c.role === "owner",
    }),
  },
  "action app/discussions/actions.ts#voteAction": {
    kind: "action",
    dims: ["vis"],
    // Nobody up-votes their own post: the owner wrote the answer.
    check: (c) => ({
      page: `/discussions/${c.s.thread.id}`,
      args: () => [c.s.thread.id, c.s.thread.actionAnswerId, true],
      probe: () => getPrisma().postVote.count({ where: { postId: c.s.thread.actionAnswerId } }),
      effect: signedIn(c) && c.role !== "owner" && opens(c),
    }),
  },
  "action app/discussions/actions.ts#acceptAction": {
    kind: "action",
    dims: ["vis"],
    check: (c) => ({
      page: `/discussions/${c.s.thread.id}`,
      args: () => [c.s.thread.id, c.s.thread.actionAnswerId, true],
      probe: () =>
        getPrisma().thread.count({ where: { id: c.s.thread.id, acceptedPostId: c.s.thread.actionAnswerId } }),
      effect: opens(c) && accepts(c),
      cleanup: () => getPrisma().thread.update({ where: { id: c.s.thread.id }, data: { acceptedPostId: null } }),
    }),
  },
  "action app/discussions/actions.ts#lockAction": {
    kind: "action",
    dims: ["vis"],
    check: (c) => ({
      page: `/discussions/${c.s.thread.id}`,
      args: () => [c.s.thread.id, true],
      probe: () => getPrisma().thread.count({ where: { id: c.s.thread.id, locked: true } }),
      effect: c.role === "owner",
      cleanup: () => getPrisma().thread.update({ where: { id: c.s.thread.id }, data: { locked: false } }),
    }),
  },
  // Anyone who can open the thread may reproduce its run: a run of their own, with a new seed.
  "action app/discussions/reproduce-action.ts#reproduceAction": {
    kind: "action",
    dims: ["vis"],
    check: (c) => ({
      page: `/discussions/${c.s.thread.id}`,
      args: () => [c.s.thread.id, c.s.run.id],
      probe: () =>
        getPrisma().reproduction.count({ where: { threadId: c.s.thread.id, requesterId: c.actorId ?? "nobody" } }),
      effect: signedIn(c) && opens(c),
      cleanup: () => stopWaiting(c),
    }),
  },
  // Notifications: each signed-in user changes only their own rows.
  "action app/notifications/actions.ts#markNotificationsReadAction": {
    kind: "action",
    dims: [],
    check: (c) => ({
      page: "/notifications",
      args: () => ["all"],
      probe: () =>
        getPrisma().notification.count({
          where: { recipientId: c.actorId ?? "nobody", groupKey: `authz:${c.world.word}`, readAt: { not: null } },
        }),
      effect: signedIn(c),
    }),
  },
  "action app/notifications/actions.ts#setWatchAction": {
    kind: "action",
    dims: ["vis"],
    check: (c) => ({
      page: `/discussions/${c.s.thread.id}`,
      args: () => [{ kind: "thread", id: c.s.thread.id }, "MUTE"],
      probe: () =>
        getPrisma().watch.count({ where: { userId: c.actorId ?? "nobody", thingId: c.s.thread.id, mode: "MUTE" } }),
      effect: signedIn(c) && opens(c),
      cleanup: () => getPrisma().watch.deleteMany({ where: { thingId: c.s.thread.id } }),
    }),
  },
  "action app/settings/actions.ts#setNotificationPreferenceAction": {
    kind: "action",
    dims: [],
    check: (c) => ({
      page: "/settings",
      args: () => ["reply", false],
      probe: () =>
        getPrisma().notificationPreference.count({
          where: { userId: c.actorId ?? "nobody", type: "reply", enabled: false },
        }),
      effect: signedIn(c),
      cleanup: () => getPrisma().notificationPreference.deleteMany({ where: { userId: c.actorId ?? "nobody" } }),
    }),
  },
  // Toggles the caller's own switch (whatever an earlier row left it at), so a signed-in call always changes it.
  "action app/settings/actions.ts#setEmailDigestAction": {
    kind: "action",
    dims: [],
    check: (c) => {
      const digest = () =>
        getPrisma()
          .user.findUnique({ where: { id: c.actorId ?? "nobody" }, select: { emailDigest: true } })
          .then((u) => u?.emailDigest ?? null);
      return {
        page: "/settings",
        args: async () => [!(await digest())],
        probe: digest,
        effect: signedIn(c),
        cleanup: () =>
          getPrisma().user.updateMany({ where: { id: c.actorId ?? "nobody" }, data: { emailDigest: true } }),
      };
    },
  },
  // Moderation: anyone signed in reports what they can see; the rest is moderators' (on what they can see).
  "action app/moderation/actions.ts#reportAction": {
    kind: "action",
    dims: ["vis"],
    check: (c) => ({
      page: `/discussions/${c.s.thread.id}`,
      args: () => [{ kind: "POST", targetId: c.s.thread.answerId, reason: "SPAM", text: `Act ${c.role}` }],
      probe: () =>
        getPrisma().report.count({ where: { reporterId: c.actorId ?? "nobody", targetId: c.s.thread.answerId } }),
      effect: signedIn(c) && opens(c),
    }),
  },
  "action app/moderation/actions.ts#hideAction": {
    kind: "action",
    dims: ["vis"],
    check: (c) => ({
      page: `/discussions/${c.s.thread.id}`,
      args: () => ["POST", c.s.thread.answerId, "Matrix check", true],
      probe: () => getPrisma().post.count({ where: { id: c.s.thread.answerId, hiddenAt: { not: null } } }),
      effect: moderates(c) && opens(c),
      cleanup: () =>
        getPrisma().post.update({
          where: { id: c.s.thread.answerId },
          data: { hiddenAt: null, hiddenReason: null, hiddenById: null },
        }),
    }),
  },
  "action app/moderation/actions.ts#lockThreadAction": {
    kind: "action",
    dims: ["vis"],
    check: (c) => ({
      page: `/discussions/${c.s.thread.id}`,
      args: () => [c.s.thread.id, true],
      probe: () => getPrisma().thread.count({ where: { id: c.s.thread.id, locked: true } }),
      effect: moderates(c) && opens(c),
      cleanup: () => getPrisma().thread.update({ where: { id: c.s.thread.id }, data: { locked: false } }),
    }),
  },
  "action app/moderation/actions.ts#pinThreadAction": {
    kind: "action",
    dims: ["vis"],
    check: (c) => ({
      page: `/discussions/${c.s.thread.id}`,
      args: () => [c.s.thread.id, true],
      probe: () => getPrisma().thread.count({ where: { id: c.s.thread.id, pinned: true } }),
      effect: moderates(c) && opens(c),
      cleanup: () => getPrisma().thread.update({ where: { id: c.s.thread.id }, data: { pinned: false } }),
    }),
  },
  "action app/moderation/actions.ts#duplicateAction": {
    kind: "action",
    dims: ["vis"],
    // The original: the public subject's question, which everyone can see.
    check: (c) => ({
      page: `/discussions/${c.s.thread.id}`,
      args: () => [c.s.thread.id, original(c)],
      probe: () => getPrisma().thread.count({ where: { id: c.s.thread.id, duplicateOfId: original(c) } }),
      effect: moderates(c) && opens(c),
      cleanup: () => getPrisma().thread.update({ where: { id: c.s.thread.id }, data: { duplicateOfId: null } }),
    }),
  },
  "action app/moderation/actions.ts#suspendAction": {
    kind: "action",
    dims: [],
    // Suspends the other user, lifted again at once (their later checks must not meet a suspension).
    check: (c) => ({
      page: "/moderation",
      args: () => [c.world.other.id, `Matrix ${c.role}`, ""],
      probe: () => getPrisma().user.count({ where: { id: c.world.other.id, suspendedReason: `Matrix ${c.role}` } }),
      effect: moderates(c),
      cleanup: () =>
        getPrisma().user.update({
          where: { id: c.world.other.id },
          data: { suspendedAt: null, suspendedUntil: null, suspendedReason: null },
        }),
    }),
  },
  "action app/moderation/actions.ts#closeReportsAction": {
    kind: "action",
    dims: ["vis"],
    check: (c) => ({
      page: "/moderation",
      args: () => ["THREAD", c.s.thread.id, "DISMISSED"],
      probe: () => getPrisma().report.count({ where: { targetId: c.s.thread.id, status: "OPEN" } }),
      // Closing reveals nothing: the queue lists every open report, one on a thing the moderator cannot see without
      // its content (lib/moderation/queue.ts), so they can be dismissed too.
      effect: moderates(c),
      cleanup: () =>
        getPrisma().report.updateMany({
          where: { targetId: c.s.thread.id },
          data: { status: "OPEN", resolvedById: null, resolvedAt: null },
        }),
    }),
  },
  "action app/admin/actions.ts#setRoleAction": {
    kind: "action",
    dims: [],
    // Admins only (ADMIN_HANDLES or granted): the matrix has none, so nobody's call changes a role.
    check: (c) => ({
      page: "/admin",
      args: () => [null, formData({ handle: c.world.other.handle, role: "MODERATOR" })],
      probe: () => getPrisma().user.count({ where: { id: c.world.other.id, role: "MODERATOR" } }),
      effect: false,
    }),
  },
  "action app/discussions/actions.ts#previewAction": {
    kind: "public",
    why: "renders the caller's own text with the post pipeline; changes nothing, counts as a write (requireWriter); references resolve for the caller (lib/discussions/references.test.ts)",
  },
  "action app/runs/actions.ts#submitRunAction": {
    kind: "action",
    dims: ["vis"],
    check: (c) => ({
      page: cfg(c),
      args: () => [c.s.config.revisionId, {}, formData({ datasetVersionId: c.s.dataset.versionId, seed: "7" })],
      probe: () =>
        getPrisma().run.count({
          where: { configRevisionId: c.s.config.revisionId, userId: c.actorId ?? "nobody", seed: 7 },
        }),
      effect: signedIn(c) && opens(c),
      cleanup: () => stopWaiting(c),
    }),
  },
  "action app/runs/actions.ts#rerunAction": {
    kind: "action",
    dims: ["vis"],
    check: (c) => ({
      page: `/runs/${c.s.run.id}`,
      args: () => [c.s.run.id],
      probe: () =>
        getPrisma().run.count({
          where: { configRevisionId: c.s.config.revisionId, userId: c.actorId ?? "nobody", seed: 42 },
        }),
      effect: signedIn(c) && opens(c),
      cleanup: () => stopWaiting(c),
    }),
  },
  "action app/runs/actions.ts#cancelRunAction": {
    kind: "action",
    dims: ["vis"],
    // A waiting run of the owner's, made for this case: only its author may cancel it.
    check: (c) => {
      let id: string | null = null;
      const ensure = async () => {
        if (id) return id;
        const base = await getPrisma().run.findUniqueOrThrow({ where: { id: c.s.run.id } });
        const { id: made } = await getPrisma().run.create({
          data: {
            userId: base.userId,
            configId: base.configId,
            configRevisionId: base.configRevisionId,
            datasetVersionId: base.datasetVersionId,
            seed: 11,
            status: "QUEUED",
            configHash: base.configHash,
            datasetHash: base.datasetHash,
            epochsTotal: 1,
          },
        });
        return (id = made);
      };
      return {
        page: `/runs/${c.s.run.id}`,
        args: async () => [await ensure()],
        probe: async () => {
          const run = await getPrisma().run.findUniqueOrThrow({
            where: { id: await ensure() },
            select: { status: true, cancelRequested: true },
          });
          return run.status === "CANCELED" || run.cancelRequested;
        },
        effect: c.role === "owner",
      };
    },
  },
};
