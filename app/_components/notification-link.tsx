"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { markNotificationsReadAction } from "../notifications/actions";

/**
 * A link to what a notification is about; following it marks an unread one read (not awaited: the navigation does not
 * wait for it, and the stream's hint updates the badge once it is done).
 */
export function NotificationLink({
  id,
  href,
  unread,
  className,
  onFollow,
  children,
}: {
  id: string;
  href: string;
  unread: boolean;
  className?: string;
  onFollow?: () => void;
  children: ReactNode;
}) {
  return (
    <Link
      href={href}
      className={className}
      onClick={() => {
        onFollow?.();
        if (unread) void markNotificationsReadAction([id]).catch(() => {});
      }}
    >
      {children}
    </Link>
  );
}
