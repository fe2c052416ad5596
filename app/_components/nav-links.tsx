"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export function NavLinks({ links, compact = false }: { links: { href: string; label: string }[]; compact?: boolean }) {
  const pathname = usePathname();
  return (
    // Compact (phones): the links wrap onto a second line rather than scroll, so none is ever cut off at 375 px.
    <ul
      className={`flex whitespace-nowrap text-sm ${compact ? "flex-wrap justify-center gap-x-0.5 gap-y-1 py-1" : "gap-1"}`}
    >
      {links.map((link) => {
        const active = pathname === link.href || pathname.startsWith(`${link.href}/`);
        return (
          <li key={link.href}>
            <Link
              href={link.href}
              aria-current={active ? "page" : undefined}
              className={`block rounded-md ${compact ? "px-2" : "px-3"} py-1.5 ${
                active
                  ? "bg-brand-50 font-medium text-brand-700"
                  : "text-stone-600 hover:bg-stone-100 hover:text-stone-900"
              }`}
            >
              {link.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
