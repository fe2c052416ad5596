import type { ReactNode } from "react";
import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import { CLIENT_NAMESPACES, clientMessages, type TClientSection } from "@/lib/i18n/locales";

/** Gives the client components below it their section's catalogue namespaces (and the root's). */
export async function ClientMessages({ section, children }: { section: TClientSection; children: ReactNode }) {
  const messages = await getMessages();
  return (
    <NextIntlClientProvider
      messages={clientMessages(messages, [...CLIENT_NAMESPACES.root, ...CLIENT_NAMESPACES[section]])}
    >
      {children}
    </NextIntlClientProvider>
  );
}

/** A section's layout: `export default sectionLayout("datasets")` in app/datasets/layout.tsx. */
export function sectionLayout(section: TClientSection) {
  return function SectionLayout({ children }: { children: ReactNode }) {
    return <ClientMessages section={section}>{children}</ClientMessages>;
  };
}
