import { z } from "zod";
import { unsubscribeWithToken } from "@/lib/email/unsubscribe";
import { route } from "@/app/_server/route-handler";

export const dynamic = "force-dynamic";

/** The token of a digest's unsubscribe link (lib/email/unsubscribe.ts); checked by unsubscribeWithToken. */
const ZTokenQuery = z.object({ token: z.string().max(200).catch("") });

const seeOther = (location: string) => new Response(null, { status: 303, headers: { Location: location } });

/**
 * A digest's unsubscribe link opened in a browser: the confirmation page, whose button posts here. A GET changes
 * nothing, because mail scanners and link previews fetch every link of a message.
 */
export const GET = route({ auth: "none", query: ZTokenQuery }, ({ query }) =>
  seeOther(`/email/unsubscribe?token=${encodeURIComponent(query.token)}`),
);

/**
 * One-click unsubscribe (RFC 8058, List-Unsubscribe-Post): turns the token's user's digests off. The signed token is
 * the authority — no session, no write limit: mail providers post it from their servers, without cookies or Origin
 * (proxy.ts lets a request without Origin or Fetch Metadata through), and a POST is never prefetched, so the body
 * RFC 8058 prescribes is not required. 400 for a token that is not ours, changing nothing. The confirmation page's
 * form (a browser asking for HTML) is sent back to that page; mail providers get JSON.
 */
export const POST = route({ auth: "none", query: ZTokenQuery }, async ({ query, request }) => {
  await unsubscribeWithToken(query.token);
  if (request.headers.get("accept")?.includes("text/html")) return seeOther("/email/unsubscribe?done=1");
  return { unsubscribed: true };
});
