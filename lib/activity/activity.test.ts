import { describe, expect, it } from "vitest";
import { getPrisma } from "../db";
import { createUser } from "../factories/users";
import { decodeCursor, encodeCursor } from "../pagination";
import { listActivity } from "./queries";

describe("activity feed", () => {
  it("pages newest-first with stable cursors, even for equal timestamps", async () => {
    const user = await createUser();
    const at = new Date("2026-01-01T00:00:00Z");
    await getPrisma().activity.createMany({
      data: [1, 2, 3, 4, 5].map((n) => ({
        actorId: user.id,
        kind: "user.joined",
        subject: { n },
        createdAt: n <= 3 ? at : new Date(at.getTime() + n),
      })),
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof listActivity>> = await listActivity({ actorId: user.id, cursor, limit: 2 });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    // 5 seeded + the sign-up's own "user.joined"
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    expect(pages).toBe(3);
  });

  it("reads a malformed cursor as the first page", () => {
    expect(decodeCursor("not-base64-json")).toBeNull();
    expect(decodeCursor(Buffer.from('["nope", 1]').toString("base64url"))).toBeNull();
    const row = { createdAt: new Date("2026-02-03T04:05:06.789Z"), id: "abc" };
    expect(decodeCursor(encodeCursor(row))).toEqual(row);
  });
});
