import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { unreadCount } from "@/lib/notifications";
import { currentUser, signOut } from "../_server/auth";
import { NavLinks } from "./nav-links";
import { Logo } from "./logo";
import { LocaleSwitcher } from "./locale-switcher";
import { NotificationBell } from "./notification-bell";

async function signOutAction() {
  "use server";
  await signOut({ redirectTo: "/" });
}

export async function SiteHeader() {
  const [t, user] = await Promise.all([getTranslations("nav"), currentUser()]);
  const unread = user ? await unreadCount(user.id) : 0;
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
          {/* eslint-disable-next-line local/no-literal-ui-string -- the brand name, the same in every locale */}
          <span>Trainyard</span>
        </Link>
        <nav aria-label={t("main")} className="hidden flex-1 md:block">
          <NavLinks links={links} />
        </nav>
        <div className="ml-auto flex items-center gap-1 text-sm sm:gap-2">
          <LocaleSwitcher />
          {user ? (
            <>
              <NotificationBell initialUnread={unread} />
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
              <Link
                href="/settings"
                className="rounded-md p-1.5 text-stone-600 hover:bg-stone-100 hover:text-stone-900"
                aria-label={t("settings")}
                title={t("settings")}
                data-testid="header-settings"
              >
                <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
                  <path
                    fillRule="evenodd"
                    d="M8.34 1.8a1 1 0 0 1 .98-.8h1.36a1 1 0 0 1 .98.8l.23 1.17a7 7 0 0 1 1.6.93l1.13-.38a1 1 0 0 1 1.18.45l.68 1.18a1 1 0 0 1-.2 1.25l-.9.79a7 7 0 0 1 0 1.82l.9.79a1 1 0 0 1 .2 1.25l-.68 1.18a1 1 0 0 1-1.18.45l-1.13-.38a7 7 0 0 1-1.6.93l-.23 1.17a1 1 0 0 1-.98.8H9.32a1 1 0 0 1-.98-.8l-.23-1.17a7 7 0 0 1-1.6-.93l-1.13.38a1 1 0 0 1-1.18-.45l-.68-1.18a1 1 0 0 1 .2-1.25l.9-.79a7 7 0 0 1 0-1.82l-.9-.79a1 1 0 0 1-.2-1.25l.68-1.18a1 1 0 0 1 1.18-.45l1.13.38a7 7 0 0 1 1.6-.93l.23-1.17ZM10 13a3 3 0 1 0 0-6 3 3 0 0 0 0 6Z"
                  />
                </svg>
              </Link>
              {/* Phones: an icon (its name stays for screen readers), so the bar fits 375 px with the bell. */}
              <form action={signOutAction}>
                <button
                  type="submit"
                  title={t("signOut")}
                  className="whitespace-nowrap rounded-md p-1.5 text-stone-600 hover:bg-stone-100 hover:text-stone-900 sm:px-2 sm:py-1"
                >
                  <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4 sm:hidden" fill="currentColor">
                    <path d="M4 3a1 1 0 0 0-1 1v12a1 1 0 0 0 1 1h6a1 1 0 1 0 0-2H5V5h5a1 1 0 1 0 0-2H4Zm9.3 3.3a1 1 0 0 1 1.4 0l3 3a1 1 0 0 1 0 1.4l-3 3a1 1 0 0 1-1.4-1.4l1.29-1.3H8a1 1 0 1 1 0-2h6.59l-1.3-1.3a1 1 0 0 1 0-1.4Z" />
                  </svg>
                  <span className="sr-only sm:not-sr-only">{t("signOut")}</span>
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
