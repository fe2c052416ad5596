import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { suggestTags } from "@/lib/discussions/list";
import { newThreadSubject } from "@/lib/discussions/queries";
import { currentUser } from "../../_server/auth";
import { PageHeader } from "../../_components/ui/page-header";
import { NewThreadForm } from "./new-thread-form";

export const dynamic = "force-dynamic";
type TProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("newThread");
  return { title: t("pageTitle") };
}

/**
 * A new thread, about a run, config, dataset version or competition when the link says so (hidden or missing ones
 * fall back to a general thread). "Ask about this run" on a failed run lands here with the error prefilled.
 */
export default async function NewThreadPage({ searchParams }: TProps) {
  const [query, viewer] = await Promise.all([searchParams, currentUser()]);
  if (!viewer) {
    const back = new URLSearchParams(
      Object.entries(query).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])),
    ).toString();
    redirect(`/signin?callbackUrl=${encodeURIComponent(`/discussions/new${back ? `?${back}` : ""}`)}`);
  }
  const [t, te, subject, tags] = await Promise.all([
    getTranslations("newThread"),
    getTranslations("runErrors"),
    newThreadSubject(
      {
        run: one(query.run),
        config: one(query.config),
        dataset: one(query.dataset),
        competition: one(query.competition),
      },
      viewer,
    ),
    suggestTags("", 20),
  ]);
  const kind = one(query.kind) === "DISCUSSION" ? "DISCUSSION" : subject ? "QUESTION" : "DISCUSSION";
  let prefill = { title: "", body: "" };
  if (subject?.type === "run" && subject.error) {
    const key = subject.error.replace(/^runErrors\./, "");
    const message = te.has(key as "infrastructure") ? te(key as "infrastructure") : subject.error;
    prefill = {
      title: t(subject.mine ? "failedRunTitleMine" : "failedRunTitle", { config: subject.label }),
      body: t("failedRunBody", { error: message.replace(/\n/g, " "), run: subject.id }),
    };
  }
  const field = {
    run: "runId",
    config: "configId",
    dataset: "datasetVersionId",
    competition: "competitionId",
  } as const;

  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={t("pageTitle")} lead={subject ? undefined : t("lead")} />
      {subject ? (
        <p className="-mt-3 mb-6 text-sm text-stone-600" data-testid="new-thread-subject">
          {t(`about.${subject.type}`)}{" "}
          <Link href={subject.href} className="break-words font-medium text-brand-700 hover:underline">
            {subject.label}
          </Link>
        </p>
      ) : null}
      <NewThreadForm
        defaultKind={kind}
        subject={subject ? { field: field[subject.type], id: subject.id } : null}
        draftKey={`new:${subject ? `${subject.type}:${subject.id}` : "general"}`}
        prefill={prefill}
        tagSuggestions={tags.map((s) => s.tag)}
      />
    </div>
  );
}
