import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    user: { id: string; handle: string; locale?: string | null } & DefaultSession["user"];
  }
  interface User {
    handle?: string;
    locale?: string | null;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    id?: string;
    handle?: string;
    locale?: string | null;
  }
}
