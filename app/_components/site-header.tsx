import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { currentUser, signOut } from "../_server/auth";
import { NavLinks } from "./nav-links";
import { Logo } from "./logo";

async function signOutAction() {
  "use server";
  await signOut({ redirectTo: "/" });
}

export async function SiteHeader() {
  const [t, user] = await Promise.all([getTranslations("nav"), currentUser()]);
  const links = [
    { href: "/datasets", label: t("datasets") },
    { href: "/configs", label: t("configs") },
    { href: "/runs", label: t("runs") },
    { href: "/leaderboards", label: t("leaderboards") },
    { href: "/discussions", label: t("discussions") },
  ];
  return (
    <header className="border-b border-stone-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center gap-4 px-4 py-3 sm:px-6">
        <Link href="/" className="flex shrink-0 items-center gap-2 font-semibold text-stone-900">
          <Logo />
          <span>Trainyard</span>
        </Link>
        <nav aria-label={t("main")} className="hidden flex-1 md:block">
          <NavLinks links={links} />
        </nav>
        <div className="ml-auto flex items-center gap-2 text-sm">
          {user ? (
            <>
              <Link
                href={`/u/${user.handle}`}
                className="flex items-center gap-2 rounded-md px-2 py-1 text-stone-700 hover:bg-stone-100"
                aria-label={t("profile")}
                data-testid="header-user"
              >
                <span
                  aria-hidden
                  className="grid h-7 w-7 place-items-center rounded-full bg-brand-100 text-xs font-semibold uppercase text-brand-700"
                >
                  {user.handle.slice(0, 2)}
                </span>
                <span className="hidden max-w-[10rem] truncate sm:inline">@{user.handle}</span>
              </Link>
              <form action={signOutAction}>
                <button
                  type="submit"
                  className="rounded-md px-2 py-1 text-stone-600 hover:bg-stone-100 hover:text-stone-900"
                >
                  {t("signOut")}
                </button>
              </form>
            </>
          ) : (
            <>
              <Link href="/signin" className="rounded-md px-2 py-1 text-stone-700 hover:bg-stone-100">
                {t("signIn")}
              </Link>
              <Link
                href="/signup"
                className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700"
              >
                {t("signUp")}
              </Link>
            </>
          )}
        </div>
      </div>
      {/* Small screens: the same links as a row under the bar that wraps when narrow, no menu JS needed. */}
      <nav aria-label={t("main")} className="border-t border-stone-100 md:hidden">
        <div className="mx-auto max-w-6xl px-2">
          <NavLinks links={links} compact />
        </div>
      </nav>
    </header>
  );
}
