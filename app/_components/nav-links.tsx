"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export function NavLinks({ links, compact = false }: { links: { href: string; label: string }[]; compact?: boolean }) {
  const pathname = usePathname();
  return (
    <ul className={`flex ${compact ? "gap-1 py-1" : "gap-1"} whitespace-nowrap text-sm`}>
      {links.map((link) => {
        const active = pathname === link.href || pathname.startsWith(`${link.href}/`);
        return (
          <li key={link.href}>
            <Link
              href={link.href}
              aria-current={active ? "page" : undefined}
              className={`block rounded-md px-3 py-1.5 ${
                active ? "bg-brand-50 font-medium text-brand-700" : "text-stone-600 hover:bg-stone-100 hover:text-stone-900"
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
