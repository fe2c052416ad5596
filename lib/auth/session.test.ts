import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { errorResponse } from "../http";
import { assertUser } from "./session";

describe("assertUser (behind requireUser)", () => {
  it.each([
    null,
    undefined,
    {},
    { user: null },
    { user: {} },
    { user: { id: "", handle: "x" } },
    { user: { id: "u1" } },
  ])("rejects an anonymous or incomplete session %j with UNAUTHENTICATED → 401", async (session) => {
    let thrown: unknown;
    try {
      assertUser(session as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe("UNAUTHENTICATED");
    const response = errorResponse(thrown);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: "UNAUTHENTICATED", fields: {} } });
  });

  it("returns the user of a signed-in session", () => {
    expect(assertUser({ user: { id: "u1", handle: "ada", name: "Ada", email: "ada@example.test" } })).toEqual({
      id: "u1",
      handle: "ada",
      name: "Ada",
      email: "ada@example.test",
      locale: null,
    });
    // The interface language the user chose travels in the session (app/_i18n/request.ts reads it first).
    expect(assertUser({ user: { id: "u1", handle: "ada", locale: "zh-CN" } }).locale).toBe("zh-CN");
  });

  it("hides the details of unexpected errors behind a bare 500", async () => {
    const response = errorResponse(new Error("connection string postgres://secret@db"));
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).not.toContain("secret");
  });
});
