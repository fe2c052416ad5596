import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { githubAuthEnabled } from "@/lib/env";
import { AuthCard } from "../_components/auth-card";
import { Button } from "../_components/ui/button";
import { FormAlert } from "../_components/ui/field";
import { currentUser } from "../_server/auth";
import { safeRedirectPath } from "../_server/form-state";
import { githubSignInAction } from "./actions";
import { SignInForm } from "./sign-in-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("signIn") };
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string; welcome?: string }>;
}) {
  const params = await searchParams;
  const callbackUrl = safeRedirectPath(params.callbackUrl);
  const user = await currentUser();
  if (user) redirect(callbackUrl === "/" ? `/u/${user.handle}` : callbackUrl);
  const t = await getTranslations("auth");
  return (
    <AuthCard
      title={t("signInTitle")}
      footer={t.rich("noAccount", {
        link: (c) => (
          <Link href="/signup" className="font-medium text-brand-700 hover:underline">
            {c}
          </Link>
        ),
      })}
    >
      {params.welcome ? (
        <div className="mb-4">
          <FormAlert tone="success">{t("signUpDone")}</FormAlert>
        </div>
      ) : null}
      {params.error ? (
        <div className="mb-4">
          <FormAlert>{t("oauthError")}</FormAlert>
        </div>
      ) : null}
      {githubAuthEnabled() ? (
        <>
          <form action={githubSignInAction}>
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            <Button type="submit" variant="secondary" className="w-full">
              {t("withGithub")}
            </Button>
          </form>
          <div className="my-4 flex items-center gap-3 text-xs uppercase text-stone-400">
            <span className="h-px flex-1 bg-stone-200" />
            {t("or")}
            <span className="h-px flex-1 bg-stone-200" />
          </div>
        </>
      ) : null}
      <SignInForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
