import { followState } from "@/lib/follows/queries";
import type { TFollowKind } from "@/lib/follows/schemas";
import { currentUser } from "@/app/_server/auth";
import { ClientMessages } from "@/app/_components/client-messages";
import { FollowButton } from "./follow-button";

/**
 * The follow button for a user or dataset on its page (the page has decided the viewer may see it). Nothing on one's
 * own profile; a visitor sees the count and is sent to sign in when they press it.
 */
export async function FollowControl({ kind, id, path }: { kind: TFollowKind; id: string; path: string }) {
  const viewer = await currentUser();
  if (kind === "user" && viewer?.id === id) return null;
  const state = await followState(viewer, { kind, id });
  return (
    <ClientMessages section="u">
      <FollowButton target={{ kind, id }} initial={state} signedIn={Boolean(viewer)} path={path} />
    </ClientMessages>
  );
}
