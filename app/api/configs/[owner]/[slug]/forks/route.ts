import { z } from "zod";
import { getLocale } from "next-intl/server";
import { forkConfig } from "@/lib/configs/mutations";
import { isLocale } from "@/lib/i18n/locales";
import { getConfig } from "@/lib/configs/queries";
import { AppError } from "@/lib/errors";
import { objectOrEmpty, parseBody, route } from "@/app/_server/route-handler";

export const dynamic = "force-dynamic";

/** The body's shape; forkConfig checks the revision number itself (422 with its field error). */
const ZForkBody = z.preprocess(
  objectOrEmpty,
  z.looseObject({ revision: z.unknown().optional(), title: z.unknown().optional() }),
);

/** Forks a config: { revision?, title? } (default: the head revision). A private config you cannot see is 404. */
export const POST = route(
  { auth: "user", write: true, params: z.object({ owner: z.string(), slug: z.string() }), status: 201 },
  async ({ actor, params: { owner, slug }, request }) => {
    const [source, locale] = await Promise.all([getConfig(owner, slug, actor), getLocale()]);
    if (!source) throw new AppError("NOT_FOUND");
    const body: { revision?: unknown; title?: unknown } =
      request.headers.get("content-length") === "0" ? {} : await parseBody(request, ZForkBody);
    const { config, ownerHandle, revision } = await forkConfig({
      actor,
      configId: source.id,
      revisionNumber: body.revision as number | undefined,
      title: body.title as string | undefined,
      locale: isLocale(locale) ? locale : undefined,
    });
    return {
      config: { id: config.id, url: `/configs/${ownerHandle}/${config.slug}` },
      revision: { number: revision.number },
    };
  },
);
