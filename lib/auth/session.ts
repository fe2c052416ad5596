import { AppError } from "../errors";

/** The user as carried in the session token: enough to authorise without a query. */
export type TSessionUser = {
  id: string;
  handle: string;
  name: string | null;
  email: string | null;
  /** The interface language the user chose (settings or header); null: follow the browser. */
  locale?: string | null;
};

type TMaybeSession = { user?: Partial<TSessionUser> | null } | null | undefined;

/**
 * Narrows a session to a signed-in user or throws 401. Every action and route
 * handler that changes data goes through this (via requireUser() in app/_server/auth.ts):
 * a page-level check does not protect the actions it renders.
 */
export function assertUser(session: TMaybeSession): TSessionUser {
  const user = session?.user;
  if (!user?.id || !user.handle) throw new AppError("UNAUTHENTICATED");
  return {
    id: user.id,
    handle: user.handle,
    name: user.name ?? null,
    email: user.email ?? null,
    locale: user.locale ?? null,
  };
}
