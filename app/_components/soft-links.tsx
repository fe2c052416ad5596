"use client";

import { useRouter } from "next/navigation";
import type { MouseEvent, ReactNode } from "react";

/**
 * Client-side navigation for plain `<a href="/…">` links inside it, with one click
 * handler for the whole block instead of a `next/link` component per link.
 * Large server-rendered tables (a leaderboard page has hundreds of links) render with
 * less work and a smaller RSC payload this way, and do not prefetch every row's
 * target as `next/link` does when rows scroll into view. Modified clicks (new tab,
 * download), other targets and external links keep the browser's behaviour.
 */
export function SoftLinks({ children, className }: { children: ReactNode; className?: string }) {
  const router = useRouter();
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    const anchor = (event.target as HTMLElement).closest("a");
    const href = anchor?.getAttribute("href");
    if (
      !anchor ||
      !href?.startsWith("/") ||
      href.startsWith("//") ||
      (anchor.target && anchor.target !== "_self") ||
      anchor.hasAttribute("download")
    )
      return;
    event.preventDefault();
    router.push(href);
  };
  return (
    // The links inside stay the interactive elements (keyboard included); this only changes how they navigate.
    <div onClick={onClick} className={className}>
      {children}
    </div>
  );
}
