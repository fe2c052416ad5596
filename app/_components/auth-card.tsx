import type { ReactNode } from "react";
import { Logo } from "./logo";

export function AuthCard({
  title,
  lead,
  children,
  footer,
}: {
  title: string;
  lead?: string;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <div className="mx-auto w-full max-w-md">
      <div className="mb-6 flex flex-col items-center text-center">
        <Logo size={36} />
        <h1 className="mt-3 text-2xl font-semibold tracking-tight text-stone-900">{title}</h1>
        {lead ? <p className="mt-1 text-sm text-stone-600">{lead}</p> : null}
      </div>
      <div className="rounded-xl border border-stone-200 bg-white p-6 shadow-sm">{children}</div>
      {footer ? <p className="mt-4 text-center text-sm text-stone-600">{footer}</p> : null}
    </div>
  );
}
