import type { ReactNode } from "react";
import { ClientMessages } from "../_components/client-messages";

export default function Layout({ children }: { children: ReactNode }) {
  return <ClientMessages section="leaderboards">{children}</ClientMessages>;
}
