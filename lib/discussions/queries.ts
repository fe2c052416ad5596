import { getPrisma, type TPrisma } from "../db";
import { AppError } from "../errors";
import { canViewConfig } from "../permissions/configs";
import { canViewDataset } from "../permissions/datasets";
import { canAcceptAnswer, canEditPost, canViewThread, THREAD_ACCESS_SELECT } from "../permissions/discussions";
import { HALF_STATE_SELECT } from "../permissions/hidden-half";
import { canModerate, canSeeHidden, type TRoleViewer } from "../permissions/moderation";
import { canViewRun } from "../permissions/runs";
import type { TViewer } from "../permissions/visibility";
import { withRole } from "../moderation/roles";
import { isLookupKey } from "../validation";
import { visiblePost } from "./access";
import { THREAD_SUMMARY_SELECT } from "./list";
import { measuredChange, type TMeasuredChange } from "./measured";

const OWNED = { ownerId: true, visibility: true } as const;
const NAMED = { ...OWNED, id: true, slug: true, title: true, owner: { select: { handle: true } } } as const;

/** A thread's row with its subject, as much as the page header and the measured change need. */
const THREAD_SELECT = {
  ...THREAD_SUMMARY_SELECT,
  updatedAt: true,
  deletedAt: true,
  hiddenAt: true,
  hiddenReason: true,
  duplicateOf: { select: { id: true, title: true, deletedAt: true, hiddenAt: true, ...THREAD_ACCESS_SELECT } },
  authorId: true,
  run: {
    select: {
      id: true,
      userId: true,
      status: true,
      datasetVersionId: true,
      metrics: true,
      configRevision: { select: { number: true } },
      config: { select: NAMED },
      datasetVersion: {
        select: {
          ...HALF_STATE_SELECT,
          number: true,
          dataset: { select: { ...NAMED, taskType: true, primaryMetric: true } },
        },
      },
    },
  },
  config: { select: NAMED },
  dataset: { select: NAMED },
  datasetVersion: { select: { id: true, number: true } },
  competition: {
    select: { id: true, title: true, datasetVersion: { select: { number: true, dataset: { select: NAMED } } } },
  },
} as const;

const POST_SELECT = {
  id: true,
  kind: true,
  parentId: true,
  authorId: true,
  body: true,
  language: true,
  mentions: true,
  event: true,
  voteCount: true,
  createdAt: true,
  editedAt: true,
  deletedAt: true,
  hiddenAt: true,
  hiddenReason: true,
  author: { select: { handle: true, name: true } },
  configRevision: { select: { id: true, number: true, config: { select: NAMED } } },
  run: {
    select: {
      id: true,
      userId: true,
      status: true,
      datasetVersionId: true,
      metrics: true,
      config: { select: OWNED },
      datasetVersion: { select: { dataset: { select: OWNED } } },
    },
  },
} as const;

type TThreadRow = NonNullable<Awaited<ReturnType<typeof loadThread>>>;
type TPostRow = Awaited<ReturnType<typeof loadPosts>>[number];

const loadThread = (id: string, db: TPrisma) => db.thread.findUnique({ where: { id }, select: THREAD_SELECT });
const loadPosts = (threadId: string, db: TPrisma) =>
  db.post.findMany({ where: { threadId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: POST_SELECT });

export type TThreadSubject =
  | { type: "general" }
  | {
      type: "run";
      id: string;
      status: string;
      config: { owner: string; slug: string; title: string; revision: number };
      dataset: { owner: string; slug: string; title: string; version: number };
      datasetVersionId: string;
      href: string;
    }
  | { type: "config"; id: string; owner: string; slug: string; title: string; href: string }
  | { type: "dataset"; id: string; owner: string; slug: string; title: string; version: number; href: string }
  | {
      type: "competition";
      id: string;
      title: string;
      dataset: { owner: string; slug: string; title: string; version: number };
      href: string;
    };

function subjectOf(t: TThreadRow): TThreadSubject {
  if (t.run) {
    const { config, datasetVersion: v } = t.run;
    return {
      type: "run",
      id: t.run.id,
      status: t.run.status,
      config: {
        owner: config.owner.handle,
        slug: config.slug,
        title: config.title,
        revision: t.run.configRevision.number,
      },
      dataset: { owner: v.dataset.owner.handle, slug: v.dataset.slug, title: v.dataset.title, version: v.number },
      datasetVersionId: t.run.datasetVersionId,
      href: `/runs/${t.run.id}`,
    };
  }
  if (t.config) {
    const { id, slug, title, owner } = t.config;
    return { type: "config", id, owner: owner.handle, slug, title, href: `/configs/${owner.handle}/${slug}` };
  }
  if (t.dataset && t.datasetVersion) {
    const { id, slug, title, owner } = t.dataset;
    const version = t.datasetVersion.number;
    return {
      type: "dataset",
      id,
      owner: owner.handle,
      slug,
      title,
      version,
      href: `/datasets/${owner.handle}/${slug}`,
    };
  }
  if (t.competition) {
    const { dataset, number } = t.competition.datasetVersion;
    const owner = dataset.owner.handle;
    return {
      type: "competition",
      id: t.competition.id,
      title: t.competition.title,
      dataset: { owner, slug: dataset.slug, title: dataset.title, version: number },
      href: `/leaderboards/${owner}/${dataset.slug}?v=${number}`,
    };
  }
  return { type: "general" };
}

export type TPostView = {
  id: string;
  kind: "OPENING" | "ANSWER" | "REPLY" | "SYSTEM";
  parentId: string | null;
  /** null for SYSTEM posts and deleted ones. */
  author: { handle: string; name: string | null } | null;
  /** "" when deleted: the placeholder keeps its place (and its replies), never its text. */
  body: string;
  language: string | null;
  mentions: string[];
  /** SYSTEM posts: { type, values } for the catalogue message "discussion.system.<type>". */
  event: { type: string; values: Record<string, string | number | boolean | null> } | null;
  voteCount: number;
  /** The viewer has up-voted it. */
  voted: boolean;
  createdAt: Date;
  editedAt: Date | null;
  deleted: boolean;
  /**
   * Hidden by a moderator. Readers get a placeholder (reason null, body "" and no author, as for a deleted post); its
   * author gets the reason in place of the text; moderators get the reason and the text.
   */
  hidden: { reason: string | null } | null;
  accepted: boolean;
  /** The viewer wrote it (and may edit or delete it). */
  canEdit: boolean;
  /** An answer's experiment, each part shown only when the viewer may see it. */
  experiment: {
    configRevision: { id: string; number: number; owner: string; slug: string; title: string } | null;
    run: { id: string; status: string } | null;
  } | null;
  measuredChange: TMeasuredChange | null;
  /** Accepted, and its run beats the asker's run on the board's primary metric. */
  verifiedFix: boolean;
  replies: TPostView[];
};

function postView(p: TPostRow, t: TThreadRow, viewer: TRoleViewer, voted: Set<string>, now: Date): TPostView {
  const deleted = p.deletedAt !== null;
  const seen = p.hiddenAt && !deleted ? canSeeHidden(viewer, p) : null;
  // What a reader may not see of it: a deleted post's everything, a hidden one's text unless a moderator reads.
  const blank = deleted || (seen !== null && seen !== "content");
  const accepted = t.acceptedPostId === p.id;
  const run = p.run && canViewRun(viewer, p.run) ? p.run : null;
  const revision = p.configRevision && canViewConfig(viewer, p.configRevision.config) ? p.configRevision : null;
  const change = !blank && p.kind === "ANSWER" && run && t.run ? measuredChange(t.run, run, viewer, now) : null;
  return {
    id: p.id,
    kind: p.kind,
    parentId: p.parentId,
    author: deleted || seen === "none" || !p.author ? null : { handle: p.author.handle, name: p.author.name },
    body: blank ? "" : p.body,
    language: blank ? null : p.language,
    mentions: blank ? [] : p.mentions,
    event: (p.event as TPostView["event"]) ?? null,
    voteCount: p.voteCount,
    voted: voted.has(p.id),
    createdAt: p.createdAt,
    editedAt: p.editedAt,
    deleted,
    hidden: seen === null ? null : { reason: seen === "none" ? null : p.hiddenReason },
    accepted,
    canEdit: !deleted && seen === null && canEditPost(viewer, p),
    experiment:
      blank || (!run && !revision)
        ? null
        : {
            configRevision: revision && {
              id: revision.id,
              number: revision.number,
              owner: revision.config.owner.handle,
              slug: revision.config.slug,
              title: revision.config.title,
            },
            run: run && { id: run.id, status: run.status },
          },
    measuredChange: change,
    verifiedFix: accepted && Boolean(change?.improved),
    replies: [],
  };
}

/** Accepted answer first, then by votes, then oldest first. */
function byRank(a: TPostView, b: TPostView) {
  return (
    Number(b.accepted) - Number(a.accepted) ||
    b.voteCount - a.voteCount ||
    a.createdAt.getTime() - b.createdAt.getTime()
  );
}

/**
 * A thread as the viewer may see it, or null (missing, or its thing hidden from them): the opening post, then the
 * top-level posts (accepted answer first, then by votes, then time), each with its replies oldest first. Deleted posts
 * are placeholders; a deleted thread keeps its replies readable by link, its own title and text blanked.
 * Moderation (lib/permissions/moderation.ts, the viewer's role read now): a hidden thread is null to all but its author
 * and moderators; a hidden post is a placeholder, with its reason for its author and moderators (TPostView.hidden).
 */
export async function getThread(id: string, viewer: TViewer, db: TPrisma = getPrisma()) {
  if (!isLookupKey(id)) return null;
  const [t, v] = await Promise.all([loadThread(id, db), withRole(viewer, db)]);
  if (!t || !canViewThread(v, t)) return null;
  if (t.hiddenAt && canSeeHidden(v, t) === "none") return null;
  const rows = await loadPosts(t.id, db);
  const voted = new Set(
    viewer
      ? (
          await db.postVote.findMany({
            where: { userId: viewer.id, postId: { in: rows.map((r) => r.id) } },
            select: { postId: true },
          })
        ).map((v) => v.postId)
      : [],
  );
  const now = new Date();
  const views = rows.map((r) => postView(r, t, v, voted, now));
  const byId = new Map(views.map((v) => [v.id, v]));
  for (const v of views) if (v.parentId) byId.get(v.parentId)?.replies.push(v);
  const opening = views.find((v) => v.kind === "OPENING") ?? null;
  const posts = views.filter((v) => !v.parentId && v.kind !== "OPENING").sort(byRank);
  const deleted = t.deletedAt !== null;
  const open = !deleted && !t.locked && !t.hiddenAt;
  const original = t.duplicateOf;
  return {
    id: t.id,
    kind: t.kind,
    title: deleted ? "" : t.title,
    tags: deleted ? [] : t.tags,
    language: deleted ? null : t.language,
    locked: t.locked,
    pinned: t.pinned,
    deleted,
    /** Only its author and moderators get here when it is hidden. */
    hidden: t.hiddenAt ? { reason: t.hiddenReason } : null,
    /** The thread a moderator marked this one a duplicate of, when the viewer may open it. */
    duplicateOf:
      original && !original.deletedAt && !original.hiddenAt && canViewThread(v, original)
        ? { id: original.id, title: original.title }
        : null,
    author: deleted ? null : t.author,
    acceptedPostId: t.acceptedPostId,
    replyCount: t.replyCount,
    voteCount: t.voteCount,
    lastActivityAt: t.lastActivityAt,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    subject: subjectOf(t),
    opening,
    posts,
    /** What the viewer may do here (the mutations check again). */
    can: {
      reply: viewer !== null && open,
      answer: viewer !== null && open && t.kind === "QUESTION",
      accept: canAcceptAnswer(v, t),
    },
    /** The viewer is a moderator: the page shows their tools (each action checks the role again). */
    moderate: canModerate(v),
  };
}

/** A post's edit history, newest first; NOT_FOUND when its thread is hidden from the viewer or the post was deleted. */
export async function listRevisions(postId: string, viewer: TViewer, db: TPrisma = getPrisma()) {
  const post = await visiblePost(postId, viewer, db);
  if (post.deletedAt) throw new AppError("NOT_FOUND");
  // Hidden by a moderator: the history would show the text, so only moderators read it (a hidden thread: its author too).
  const [hidden, v] = await Promise.all([
    db.post.findUniqueOrThrow({
      where: { id: post.id },
      select: { hiddenAt: true, authorId: true, thread: { select: { hiddenAt: true, authorId: true } } },
    }),
    withRole(viewer, db),
  ]);
  if (
    (hidden.hiddenAt && canSeeHidden(v, hidden) !== "content") ||
    (hidden.thread.hiddenAt && canSeeHidden(v, hidden.thread) === "none")
  )
    throw new AppError("NOT_FOUND");
  return db.postRevision.findMany({
    where: { postId: post.id },
    orderBy: { number: "desc" },
    select: { number: true, body: true, title: true, createdAt: true, editor: { select: { handle: true } } },
  });
}

/**
 * The viewer's own latest runs on a dataset version, for an answer's "link a run" field (the answer form lists them;
 * any run the answerer can see may still be pasted by id).
 */
export async function answerRunOptions(viewer: TViewer, datasetVersionId: string, db: TPrisma = getPrisma()) {
  if (!viewer) return [];
  const runs = await db.run.findMany({
    where: { userId: viewer.id, datasetVersionId },
    orderBy: [{ queuedAt: "desc" }, { id: "desc" }],
    take: 20,
    select: {
      id: true,
      status: true,
      config: { select: { title: true } },
      configRevision: { select: { number: true } },
    },
  });
  return runs.map((r) => ({ id: r.id, status: r.status, config: r.config.title, revision: r.configRevision.number }));
}

export type TNewThreadSubject =
  | { type: "run"; id: string; label: string; href: string; status: string; error: string | null; mine: boolean }
  | { type: "config" | "dataset" | "competition"; id: string; label: string; href: string };

/**
 * What /discussions/new?run=… (config, dataset = a version id, competition) is about, for its heading and the form's
 * hidden field: null when missing or hidden from the viewer (the form then starts a general thread; createThread
 * checks again). A failed run carries its error, which the question is prefilled with.
 */
export async function newThreadSubject(
  query: { run?: string; config?: string; dataset?: string; competition?: string },
  viewer: TViewer,
  db: TPrisma = getPrisma(),
): Promise<TNewThreadSubject | null> {
  const id = (v: string | undefined) => (v && v.length <= 100 && isLookupKey(v) ? v : null);
  const runId = id(query.run);
  if (runId) {
    const run = await db.run.findUnique({
      where: { id: runId },
      select: {
        id: true,
        userId: true,
        status: true,
        error: true,
        configRevision: { select: { number: true } },
        config: { select: NAMED },
        datasetVersion: { select: { dataset: { select: OWNED } } },
      },
    });
    if (!run || !canViewRun(viewer, run)) return null;
    return {
      type: "run",
      id: run.id,
      label: `${run.config.title} r${run.configRevision.number}`,
      href: `/runs/${run.id}`,
      status: run.status,
      error: run.status === "FAILED" ? run.error : null,
      mine: viewer?.id === run.userId,
    };
  }
  const configId = id(query.config);
  if (configId) {
    const config = await db.config.findUnique({ where: { id: configId }, select: NAMED });
    if (!config || !canViewConfig(viewer, config)) return null;
    return {
      type: "config",
      id: config.id,
      label: config.title,
      href: `/configs/${config.owner.handle}/${config.slug}`,
    };
  }
  const versionId = id(query.dataset);
  if (versionId) {
    const version = await db.datasetVersion.findUnique({
      where: { id: versionId },
      select: { id: true, number: true, dataset: { select: NAMED } },
    });
    if (!version || !canViewDataset(viewer, version.dataset)) return null;
    const { dataset } = version;
    return {
      type: "dataset",
      id: version.id,
      label: `${dataset.title} v${version.number}`,
      href: `/datasets/${dataset.owner.handle}/${dataset.slug}?v=${version.number}`,
    };
  }
  const competitionId = id(query.competition);
  if (competitionId) {
    const competition = await db.competition.findUnique({
      where: { id: competitionId },
      select: { id: true, title: true, datasetVersion: { select: { number: true, dataset: { select: NAMED } } } },
    });
    if (!competition || !canViewDataset(viewer, competition.datasetVersion.dataset)) return null;
    const { dataset, number } = competition.datasetVersion;
    return {
      type: "competition",
      id: competition.id,
      label: competition.title,
      href: `/leaderboards/${dataset.owner.handle}/${dataset.slug}?v=${number}`,
    };
  }
  return null;
}
