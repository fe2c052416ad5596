import { configJsonSchema } from "@/lib/configs/spec";
import { route } from "@/app/_server/route-handler";

/** The config spec as JSON Schema (draft 2020-12), for editors, the API and the CLI. */
export const GET = route({ auth: "none", headers: { "cache-control": "public, max-age=3600" } }, () =>
  configJsonSchema(),
);
