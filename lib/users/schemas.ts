import { z } from "zod";

// Messages are catalogue keys under "validation." (messages/*.json), so forms
// can show them in the reader's language.

export const RESERVED_HANDLES = new Set([
  "admin",
  "api",
  "auth",
  "configs",
  "datasets",
  "discussions",
  "leaderboards",
  "new",
  "runs",
  "settings",
  "signin",
  "signout",
  "signup",
  "trainyard",
  "u",
  "user",
  "users",
  "me",
  "help",
  "about",
]);

export const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "email.required")
  .max(254, "email.invalid")
  .pipe(z.email("email.invalid"));

export const ZHandle = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "handle.tooShort")
  .max(30, "handle.tooLong")
  .regex(/^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$/, "handle.format")
  .refine((h) => !RESERVED_HANDLES.has(h), "handle.reserved");

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;
export const ZPassword = z
  .string()
  .min(1, "password.required")
  .min(PASSWORD_MIN, "password.tooShort")
  .max(PASSWORD_MAX, "password.tooLong");

export const ZSignUp = z.object({
  email: ZEmail,
  handle: ZHandle,
  name: z
    .string()
    .trim()
    .max(80, "name.tooLong")
    .optional()
    .transform((v) => v || null),
  password: ZPassword,
});
export type TSignUp = z.input<typeof ZSignUp>;

export const ZSignIn = z.object({
  email: ZEmail,
  // No length rules on sign-in: an old password must still be accepted if the rules change.
  password: z.string().min(1, "password.required").max(1024, "password.tooLong"),
});
export type TSignIn = z.input<typeof ZSignIn>;

export const ZProfileUpdate = z.object({
  name: z
    .string()
    .trim()
    .max(80, "name.tooLong")
    .transform((v) => v || null),
  bio: z.string().trim().max(1000, "bio.tooLong"),
});
export type TProfileUpdate = z.input<typeof ZProfileUpdate>;
