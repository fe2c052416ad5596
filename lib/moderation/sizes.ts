/** Limits of moderation text fields, shared by the schemas and the forms (a client component may import this file). */
export const REPORT_TEXT_MAX = 1000;
export const MODERATION_REASON_MAX = 500;
