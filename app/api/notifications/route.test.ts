import { beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import type { TSessionUser } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db";
import { reply } from "@/lib/discussions/mutations";
import { createPoster, createThreadFrom } from "@/lib/factories/discussions";
import { NOTIFICATIONS_PAGE_SIZE } from "@/lib/notifications";

const session = vi.hoisted(() => ({ user: null as TSessionUser | null }));
vi.mock("../../_server/auth", () => ({
  currentUser: async () => session.user,
  requireUser: async () => {
    if (!session.user) throw new AppError("UNAUTHENTICATED");
    return session.user;
  },
}));
const { GET, POST } = await import("./route");

beforeEach(() => {
  session.user = null;
});

const get = (query = "") => GET(new Request(`http://localhost/api/notifications${query}`));
const post = (body: unknown) =>
  POST(new Request("http://localhost/api/notifications", { method: "POST", body: JSON.stringify(body) }));
type TList = {
  items: { id: string; type: string; read: boolean; subject: { kind: string; href: string | null } }[];
  total: number;
  page: number;
  pageCount: number;
  unread: number;
};

/** `ana` with `threads` threads, each with one reply by someone else: one unread "reply" notification per thread. */
async function inbox(threads: number) {
  const [ana, carl] = await Promise.all([createPoster(), createPoster()]);
  const ids: string[] = [];
  for (let i = 0; i < threads; i++) {
    const thread = await createThreadFrom(ana);
    await reply({ actor: carl, threadId: thread.id, input: { body: `Reply ${i}` } });
    ids.push(thread.id);
  }
  return { ana, carl, threadIds: ids };
}

describe("/api/notifications", () => {
  it("401 signed out, for reading and for marking read", async () => {
    expect((await get()).status).toBe(401);
    expect((await post({ all: true })).status).toBe(401);
  });

  it("GET lists one's own notifications newest first, by filter and page, with the unread count", async () => {
    const { ana, carl, threadIds } = await inbox(2);
    session.user = ana;
    const list = (await (await get()).json()) as TList;
    expect(list).toMatchObject({ total: 2, page: 1, pageCount: 1, unread: 2 });
    expect(list.items.map((n) => n.subject.href?.split("#")[0])).toEqual([
      `/discussions/${threadIds[1]}`,
      `/discussions/${threadIds[0]}`,
    ]);
    expect(list.items.every((n) => n.type === "reply" && !n.read)).toBe(true);
    expect(((await (await get("?filter=runs")).json()) as TList).total).toBe(0);
    expect(((await (await get("?filter=discussions")).json()) as TList).total).toBe(2);
    // An unknown filter reads as all; a page past the end as the last; a bad page as the first.
    expect((await (await get("?filter=nope&page=99")).json()) as TList).toMatchObject({ total: 2, page: 1 });
    expect(((await (await get("?page=abc")).json()) as TList).page).toBe(1);

    session.user = carl; // the replier has none of ana's
    expect((await (await get()).json()) as TList).toMatchObject({ total: 0, items: [], unread: 0 });
  });

  it("paginates by the page size", async () => {
    const ana = await createPoster();
    const carl = await createPoster();
    for (let i = 0; i <= NOTIFICATIONS_PAGE_SIZE; i++) {
      const thread = await createThreadFrom(ana);
      await reply({ actor: carl, threadId: thread.id, input: { body: "Hello" } });
    }
    session.user = ana;
    const second = (await (await get("?page=2")).json()) as TList;
    expect(second).toMatchObject({ total: NOTIFICATIONS_PAGE_SIZE + 1, page: 2, pageCount: 2 });
    expect(second.items).toHaveLength(1);
  });

  it("POST marks read the ids given (only one's own) or all; 422 for a malformed body", async () => {
    const { ana, carl } = await inbox(3);
    const other = await inbox(1);
    session.user = ana;
    const { items } = (await (await get()).json()) as TList;
    const theirs = await getPrisma().notification.findFirstOrThrow({ where: { recipientId: other.ana.id } });

    const response = await post({ ids: [items[0]!.id, theirs.id] });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ marked: 1, unread: 2 });
    expect(await getPrisma().notification.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({
      readAt: null,
    });
    expect(((await (await get("?filter=unread")).json()) as TList).items.map((n) => n.id)).toEqual([
      items[1]!.id,
      items[2]!.id,
    ]);

    expect(await (await post({ all: true })).json()).toEqual({ marked: 2, unread: 0 });
    expect(await (await post({ all: true })).json()).toEqual({ marked: 0, unread: 0 });
    for (const body of [{}, { ids: [] }, { ids: "x" }, { all: false }, { ids: ["a".repeat(65)] }, null])
      expect((await post(body)).status, JSON.stringify(body)).toBe(422);
    session.user = carl;
    expect(await (await post({ all: true })).json()).toEqual({ marked: 0, unread: 0 });
  });
});
