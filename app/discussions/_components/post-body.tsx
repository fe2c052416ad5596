import { resolveReferences } from "@/lib/discussions/references";
import type { TViewer } from "@/lib/permissions/visibility";
import { Markdown } from "../../_components/markdown";
import { ReferenceCards } from "./reference-cards";

/**
 * A post's text as every reader gets it: sanitised markdown (maths, code, tables), then the things it references
 * (`run:…`, `config:…`, `dataset:…`, `diff:…`, `board:…`) as live cards resolved for this viewer — a private one is a
 * "not available" card that shows only what the author typed.
 */
export async function PostBody({ body, viewer }: { body: string; viewer: TViewer }) {
  const cards = await resolveReferences(body, viewer);
  return (
    <div className="min-w-0 space-y-3">
      <Markdown>{body}</Markdown>
      {cards.length ? <ReferenceCards cards={cards} /> : null}
    </div>
  );
}

/** The composer's preview: the same rendering, for the writer. */
export async function PostPreview({ body, viewer }: { body: string; viewer: TViewer }) {
  return <PostBody body={body} viewer={viewer} />;
}
