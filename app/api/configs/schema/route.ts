import { configJsonSchema } from "@/lib/configs/spec";

/** The config spec as JSON Schema (draft 2020-12), for editors, the API and the CLI. */
export function GET() {
  return Response.json(configJsonSchema(), { headers: { "cache-control": "public, max-age=3600" } });
}
