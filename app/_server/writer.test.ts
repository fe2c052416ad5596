import { beforeEach, describe, expect, it, vi } from "vitest";
import { getPrisma } from "@/lib/db";
import { createPoster, createThreadFrom } from "@/lib/factories/discussions";
import { createStaff } from "@/lib/factories/moderation";
import { suspendUser } from "@/lib/moderation/mutations";
import { AccountSuspendedError } from "@/lib/moderation/suspension";

/*
 * requireWriter reads the writer's standing fresh: a suspension refuses every write — posting, uploading, submitting a
 * run — with the moderator's reason, and the role it returns is the one stored now. The session is replaced (next-auth
 * needs a Next request context); everything else is real: the database, the limits on Redis, the route handlers.
 */
const session = vi.hoisted(() => ({ user: null as { id: string; handle: string; name: string | null } | null }));
vi.mock("./auth", async () => {
  const { AppError } = await import("@/lib/errors");
  return {
    requireUser: async () => {
      if (!session.user) throw new AppError("UNAUTHENTICATED");
      return session.user;
    },
    currentUser: async () => session.user,
  };
});

const { requireWriter } = await import("./writer");
const threadPosts = await import("../api/threads/[id]/posts/route");
const datasets = await import("../api/datasets/route");
const runActions = await import("../runs/actions");

const signIn = (user: { id: string; handle: string; name: string | null }) => {
  session.user = { id: user.id, handle: user.handle, name: user.name };
};
const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as unknown });

beforeEach(() => {
  session.user = null;
});

describe("requireWriter", () => {
  it("returns the writer with the role stored now", async () => {
    const moderator = await createStaff("MODERATOR");
    signIn(moderator);
    expect(await requireWriter()).toMatchObject({ id: moderator.id, role: "MODERATOR" });
    await getPrisma().user.update({ where: { id: moderator.id }, data: { role: "USER" } });
    expect(await requireWriter()).toMatchObject({ id: moderator.id, role: "USER" });
  });

  it("refuses a suspended account's post, upload and run submission with the reason", async () => {
    const [member, asker] = await Promise.all([createPoster(), createPoster()]);
    const moderator = await createStaff("MODERATOR");
    const thread = await createThreadFrom(asker);
    await suspendUser({ actor: moderator, input: { userId: member.id, reason: "Posting spam" } });
    signIn(member);

    await expect(requireWriter()).rejects.toBeInstanceOf(AccountSuspendedError);

    const posted = await threadPosts.POST(
      new Request(`http://site/api/threads/${thread.id}/posts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ body: "Buy now" }),
      }),
      { params: Promise.resolve({ id: thread.id }) },
    );
    expect(await json(posted)).toEqual({
      status: 403,
      body: { error: { code: "FORBIDDEN", fields: {}, suspended: { reason: "Posting spam", until: null } } },
    });
    expect(await getPrisma().post.count({ where: { authorId: member.id } })).toBe(0);

    const form = new FormData();
    form.set("title", "Spam data");
    form.set("file", new Blob(["a,b\n1,2\n"]), "spam.csv");
    const uploaded = await datasets.POST(new Request("http://site/api/datasets", { method: "POST", body: form }), {
      params: Promise.resolve({}),
    });
    expect(uploaded.status).toBe(403);
    expect(await getPrisma().dataset.count({ where: { ownerId: member.id } })).toBe(0);

    const data = new FormData();
    data.set("datasetVersionId", "any");
    await expect(runActions.submitRunAction("any-revision", null, data)).rejects.toBeInstanceOf(AccountSuspendedError);
    await expect(runActions.rerunAction("any-run")).rejects.toBeInstanceOf(AccountSuspendedError);
  });
});
