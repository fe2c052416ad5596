import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "../_components/auth-card";
import { currentUser } from "../_server/auth";
import { SignUpForm } from "./sign-up-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("signUp") };
}

export default async function SignUpPage() {
  const user = await currentUser();
  if (user) redirect(`/u/${user.handle}`);
  const t = await getTranslations("auth");
  return (
    <AuthCard
      title={t("signUpTitle")}
      lead={t("signUpLead")}
      footer={t.rich("haveAccount", {
        link: (c) => (
          <Link href="/signin" className="font-medium text-brand-700 hover:underline">
            {c}
          </Link>
        ),
      })}
    >
      <SignUpForm />
    </AuthCard>
  );
}
