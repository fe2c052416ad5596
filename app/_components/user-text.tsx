import type { ReactNode } from "react";
import { contentLanguage } from "@/lib/i18n/content-language";

/**
 * Text a user wrote (a title, a name, a bio) shown as plain text: marked as content in its own language, so a Chinese
 * title on an English page (or the reverse) gets fonts and line breaking for its language, and checks of the
 * interface language (e2e/locale.ts) know it is not ours to translate.
 */
export function UserText({
  text,
  lang,
  className,
  children,
}: {
  text: string;
  /** The language already known for the text (a thread's, told from its title and opening post together). */
  lang?: string | null;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <span lang={(lang ?? contentLanguage(text)) || undefined} data-user-content className={className}>
      {text}
      {children}
    </span>
  );
}
