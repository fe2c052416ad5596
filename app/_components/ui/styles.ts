/** Shared class strings (a plain module: usable from server and client components alike). */
export const RADIO_CARD =
  "flex cursor-pointer items-start gap-2 rounded-md border border-stone-300 bg-white px-3 py-2 text-sm has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50";
