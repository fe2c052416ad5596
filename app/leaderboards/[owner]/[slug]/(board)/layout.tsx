import { notFound } from "next/navigation";
import { currentUser } from "@/app/_server/auth";
import { getDatasetForRequest } from "@/app/_server/queries";

/**
 * Decides "not found" before the board's loading skeleton starts streaming: inside that Suspense boundary a
 * notFound() could only render the not-found page with status 200, and a private board must answer 404.
 */
export default async function BoardLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ owner: string; slug: string }>;
}) {
  const { owner, slug } = await params;
  if (!(await getDatasetForRequest(owner, slug, await currentUser()))) notFound();
  return children;
}
