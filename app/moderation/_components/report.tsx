import type { TViewer } from "@/lib/permissions/visibility";
import { ClientMessages } from "../../_components/client-messages";
import { ReportButton } from "../../_components/report-button";

/**
 * The report button for a post, thread, dataset, config or user page: for signed-in viewers who are not its author or
 * owner (createReport checks again that the reporter can see it). It brings the moderation section's catalogue
 * namespaces with it, since the pages it sits on send their own sections' only.
 */
export function Report({
  kind,
  targetId,
  viewer,
  ownerId,
}: {
  kind: "POST" | "THREAD" | "DATASET" | "CONFIG" | "USER";
  targetId: string;
  viewer: TViewer;
  /** The author or owner (the user, for a profile): they see no report button on their own things. */
  ownerId: string | null;
}) {
  if (!viewer || viewer.id === ownerId) return null;
  return (
    <ClientMessages section="moderation">
      <ReportButton kind={kind} targetId={targetId} />
    </ClientMessages>
  );
}
