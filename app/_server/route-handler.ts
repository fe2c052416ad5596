import type { z } from "zod";
import type { TSessionUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { errorResponse, readJson } from "@/lib/http";
import type { TLimitName } from "@/lib/limits";
import { currentUser, requireUser } from "./auth";
import { requireWriter } from "./writer";

type TAuth = "user" | "optional" | "none";
type TActorFor<A extends TAuth> = A extends "user" ? TSessionUser : A extends "optional" ? TSessionUser | null : null;

type TRouteOptions<
  A extends TAuth,
  B extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  P extends z.ZodType | undefined,
> = {
  /** "user": signed in or 401; "optional": the viewer or null; "none": no session is read. */
  auth: A;
  /** A state change: counts against the per-user write limit (and the limits named) through requireWriter. */
  write?: A extends "user" ? true | TLimitName[] : never;
  /** The JSON body (read through readJson: 413 past the size limit, 422 when malformed), parsed with this schema. */
  body?: B;
  /** The query string (one value per name), parsed with this schema. */
  query?: Q;
  /** The path parameters; a value the schema refuses names nothing, so 404. */
  params?: P;
  /** Status of a data answer (e.g. 201 for a create); a handler's own Response keeps its own. */
  status?: number;
  /** Headers of a data answer (e.g. cache-control). */
  headers?: Record<string, string>;
};

type TParsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export type TRouteContext<A extends TAuth, B, Q, P> = {
  actor: TActorFor<A>;
  body: TParsed<B>;
  query: TParsed<Q>;
  params: P extends z.ZodType ? z.output<P> : Record<string, string>;
  request: Request;
};

/** What Next passes a route handler besides the request. */
type TNextContext = { params: Promise<Record<string, string | string[]>> };

async function actorFor(auth: TAuth, write: true | TLimitName[] | undefined): Promise<TSessionUser | null> {
  if (write) return requireWriter(...(write === true ? [] : write));
  if (auth === "user") return requireUser();
  if (auth === "optional") return currentUser();
  return null;
}

/**
 * For z.preprocess: a JSON object as it is, anything else (null, a string, an array) as {} — for bodies whose values
 * the domain function validates itself, so its field errors name what is missing, as for an empty object.
 */
export const objectOrEmpty = (value: unknown): unknown =>
  value && typeof value === "object" && !Array.isArray(value) ? value : {};

/**
 * The JSON body parsed with `schema` (readJson's 413 and 422 included), for a handler that looks something up before
 * it reads the body, so that what the caller may not see is 404 whatever the body says.
 */
export async function parseBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  return schema.parse(await readJson(request));
}

/**
 * The one shape of a route handler under app/api: auth (and the write limit for writes), zod-parsed body, query and
 * params, the handler's data as JSON, and every thrown error through errorResponse (lib/http.ts) — 401, 403, 404,
 * 413, 422 with field errors, 429 with Retry-After, … A handler that streams or serves a file returns its own
 * Response, which passes through unchanged.
 *
 *   export const POST = route({ auth: "user", write: true, body: ZThing, status: 201 }, async ({ actor, body }) => …);
 */
export function route<
  A extends TAuth,
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(
  options: TRouteOptions<A, B, Q, P>,
  handler: (context: TRouteContext<A, B, Q, P>) => Promise<Response | unknown> | Response | unknown,
): (request?: Request, context?: TNextContext) => Promise<Response> {
  // Both optional, as for a plain `export async function GET()`: a caller (a test, a health probe) may pass neither.
  return async (request = new Request("http://localhost/"), context) => {
    try {
      const actor = await actorFor(options.auth, options.write as true | TLimitName[] | undefined);
      const rawParams = (await context?.params) ?? {};
      let params: unknown = rawParams;
      if (options.params) {
        const parsed = options.params.safeParse(rawParams);
        if (!parsed.success) throw new AppError("NOT_FOUND");
        params = parsed.data;
      }
      const query = options.query
        ? options.query.parse(Object.fromEntries(new URL(request.url).searchParams))
        : undefined;
      const body = options.body ? options.body.parse(await readJson(request)) : undefined;
      const result = await handler({ actor, body, query, params, request } as TRouteContext<A, B, Q, P>);
      if (result instanceof Response) return result;
      return Response.json(result, { status: options.status ?? 200, headers: options.headers });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
