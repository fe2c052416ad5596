import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "../db";
import { AppError } from "../errors";
import { createConfigFrom } from "../factories/configs";
import { createSampleDataset } from "../factories/datasets";
import { fuzz, fuzzTimeout } from "../factories/fuzz";
import { DIGITS_SHAPE, PENGUINS_SHAPE } from "../factories/shape-fixtures";
import { catalogueHas } from "../factories/storage";
import { createUser } from "../factories/users";
import { SpecInvalidError } from "./errors";
import { createConfig, forkConfig, reviseConfig } from "./mutations";
import { TEMPLATE_IDS, templateSpec } from "./templates";
import { validateSpec } from "./validate";

// Config JSON fuzzing: arbitrary JSON and mutated valid specs through the
// validator and through every mutation that stores a spec (create, revise,
// fork). The property: accepted, or rejected with SpecInvalidError (issues
// with exact paths) / AppError (catalogue keys) — never another exception,
// never a row written for a rejected input. FUZZ_RUNS=<n> for a longer run.

type TJson = null | boolean | number | string | TJson[] | { [key: string]: TJson };
type TOwner = Awaited<ReturnType<typeof createUser>>;

/** Every path into a JSON value (objects and arrays), root first. */
function pathsOf(value: TJson, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  const entries = Array.isArray(value)
    ? value.map((v, i) => [i, v] as const)
    : value && typeof value === "object"
      ? Object.entries(value)
      : [];
  for (const [k, v] of entries) for (const p of pathsOf(v, [...prefix, k])) out.push(p);
  return out;
}

const interesting = fc.constantFrom<TJson>(
  0,
  -1,
  1,
  0.5,
  1e308,
  -1e308,
  2 ** 31,
  2 ** 53 + 1,
  "",
  "1",
  "dense",
  "x".repeat(300),
  null,
  true,
  [],
  {},
  { type: "dense" },
  [1, 2],
);
const op = fc.oneof(
  fc.record({
    kind: fc.constant("set" as const),
    at: fc.nat(),
    value: fc.oneof(interesting, fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<TJson>),
  }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("addKey" as const),
    at: fc.nat(),
    key: fc.oneof(fc.constantFrom("__proto__", "constructor", "units", "type", "extra"), fc.string({ maxLength: 8 })),
    value: interesting,
  }),
  fc.record({ kind: fc.constant("repeatLayers" as const), times: fc.integer({ min: 2, max: 40 }) }),
);
type TOp = typeof op extends fc.Arbitrary<infer T> ? T : never;

function applyOp(spec: TJson, o: TOp): TJson {
  if (!spec || typeof spec !== "object") return o.kind === "set" ? structuredClone(o.value) : spec;
  const root = structuredClone(spec) as { [key: string]: TJson };
  if (o.kind === "repeatLayers") {
    const model = root.model as { layers?: TJson[] } | null;
    // Capped at 200 layers (past CONFIG_MAX_LAYERS, short of what a generator can keep up with).
    if (model && Array.isArray(model.layers))
      model.layers = Array.from({ length: o.times }, () => structuredClone(model.layers!))
        .flat()
        .slice(0, 200);
    return root;
  }
  const paths = pathsOf(root);
  const path = paths[o.at % paths.length]!;
  if (path.length === 0) return o.kind === "set" ? structuredClone(o.value) : root;
  const parent = path.slice(0, -1).reduce<TJson>((node, k) => (node as Record<string | number, TJson>)[k]!, root) as
    Record<string | number, TJson> | TJson[];
  const key = path.at(-1)!;
  // Cloned: constants are shared objects, and inserting one into itself would make a cycle JSON cannot have.
  if (o.kind === "set") (parent as Record<string | number, TJson>)[key] = structuredClone(o.value);
  else if (o.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else {
    const target = (parent as Record<string | number, TJson>)[key];
    // defineProperty, so "__proto__" becomes an own key, as JSON.parse makes it.
    if (target && typeof target === "object" && !Array.isArray(target))
      Object.defineProperty(target, o.key, {
        value: structuredClone(o.value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return root;
}

const mutatedSpec = fc
  .record({
    template: fc.constantFrom(...TEMPLATE_IDS),
    outputs: fc.integer({ min: 1, max: 12 }),
    ops: fc.array(op, { maxLength: 4 }),
  })
  .map(({ template, outputs, ops }) =>
    ops.reduce<TJson>((spec, o) => applyOp(spec, o), templateSpec(template, outputs) as unknown as TJson),
  );
const anySpec = fc.oneof(
  { weight: 3, arbitrary: mutatedSpec },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<TJson> },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) as fc.Arbitrary<TJson> },
  { weight: 1, arbitrary: mutatedSpec.map((s) => JSON.stringify(s) ?? "") as fc.Arbitrary<TJson> },
);

/** An AppError with keys the UI can show: field messages in the catalogue, spec issues with a path and message. */
function expectSpecificRejection(error: unknown) {
  if (error instanceof SpecInvalidError) {
    expect(error.issues.length).toBeGreaterThan(0);
    for (const issue of error.issues) {
      expect(typeof issue.path).toBe("string");
      expect(issue.message.startsWith(issue.path)).toBe(true);
    }
    return `spec:${error.issues[0]!.code}`;
  }
  if (!(error instanceof AppError)) throw error; // a crash: the property fails with it
  for (const key of Object.values(error.fieldErrors))
    expect(key === "invalid" || catalogueHas(`validation.${key}`), `validation.${key}`).toBe(true);
  return `${error.code}:${Object.values(error.fieldErrors).join(",")}`;
}

const rowsOf = async (ownerId: string) => {
  const db = getPrisma();
  const [configs, revisions] = await Promise.all([
    db.config.count({ where: { ownerId } }),
    db.configRevision.count({ where: { config: { ownerId } } }),
  ]);
  return { configs, revisions };
};

const metaInput = fc.record(
  {
    title: fc.oneof(
      fc.constant("Fuzzed config"),
      fc.string({ maxLength: 130 }),
      fc.constantFrom("", "ab", "  abc  ", "<img src=x onerror=alert(1)>"),
    ),
    slug: fc.oneof(
      fc.constant(undefined),
      fc.string({ maxLength: 70 }),
      fc.constantFrom("ok-slug", "-bad-", "UPPER", "a"),
    ),
    description: fc.string({ maxLength: 50 }),
    visibility: fc.oneof(fc.constantFrom("PUBLIC", "UNLISTED", "PRIVATE"), fc.string({ maxLength: 8 })),
    message: fc.string({ maxLength: 40 }),
    designedForVersionId: fc.oneof(fc.constant(undefined), fc.constant("real"), fc.string({ maxLength: 70 })),
  },
  { requiredKeys: [] },
);
/** Values a JSON body can carry where a field expects something else. */
const anyJsonField = fc.oneof(
  fc.constant(undefined),
  interesting,
  fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<TJson>,
  fc.integer(),
  fc.double(),
);

describe("config fuzzing", () => {
  let owner: TOwner;
  let versionId = "";
  beforeAll(async () => {
    owner = await createUser();
    versionId = (await createSampleDataset("penguins", owner)).version.id;
  });

  it(
    "validateSpec never throws: arbitrary JSON and mutated templates are accepted or get issues with exact paths",
    async () => {
      const datasets = [null, PENGUINS_SHAPE, DIGITS_SHAPE];
      await fuzz(
        "validate spec",
        fc.property(anySpec, fc.constantFrom(0, 1, 2), (spec, d) => {
          const result = validateSpec(spec, datasets[d]!);
          if (!result.ok) {
            expect(result.issues.length).toBeGreaterThan(0);
            for (const issue of result.issues) expect(issue.message.startsWith(issue.path)).toBe(true);
          }
        }),
        2_000,
        15_000,
      );
    },
    fuzzTimeout(40_000),
  );

  it(
    "createConfig: a config and its first revision, or a specific rejection and no rows",
    async () => {
      const outcomes = new Map<string, number>();
      await fuzz(
        "create config",
        fc.asyncProperty(mutatedSpec, metaInput, async (spec, meta) => {
          const before = await rowsOf(owner.id);
          const input = {
            ...meta,
            designedForVersionId: meta.designedForVersionId === "real" ? versionId : meta.designedForVersionId,
          };
          const label = await createConfig({ actor: owner, meta: input as never, spec }).then(
            async ({ config }) => {
              expect(await getPrisma().configRevision.count({ where: { configId: config.id } })).toBe(1);
              return "created";
            },
            (error: unknown) => expectSpecificRejection(error),
          );
          if (label !== "created") expect(await rowsOf(owner.id)).toEqual(before);
          outcomes.set(label, (outcomes.get(label) ?? 0) + 1);
        }),
        200,
        25_000,
      );
      console.info("create outcomes", Object.fromEntries(outcomes));
      expect(outcomes.get("created") ?? 0).toBeGreaterThan(0);
    },
    fuzzTimeout(60_000),
  );

  it(
    "reviseConfig and forkConfig with any JSON in their fields: a new revision/fork, or a specific rejection and no rows",
    async () => {
      const { config } = await createConfigFrom("mlp", {}, owner);
      const stranger = await createUser();
      await fuzz(
        "revise and fork",
        fc.asyncProperty(anySpec, anyJsonField, anyJsonField, anyJsonField, async (spec, message, revision, title) => {
          const before = await rowsOf(owner.id);
          const revised = await reviseConfig({
            actor: owner,
            configId: config.id,
            spec,
            message: message as never,
          }).then(
            () => true,
            (error: unknown) => (expectSpecificRejection(error), false),
          );
          if (!revised) expect(await rowsOf(owner.id)).toEqual(before);

          const strangerBefore = await rowsOf(stranger.id);
          const forked = await forkConfig({
            actor: stranger,
            configId: config.id,
            revisionNumber: revision as never,
            title: title as never,
          }).then(
            () => true,
            (error: unknown) => (expectSpecificRejection(error), false),
          );
          if (!forked) expect(await rowsOf(stranger.id)).toEqual(strangerBefore);
        }),
        200,
        25_000,
      );
    },
    fuzzTimeout(60_000),
  );
});

// Cases the fuzzer found, kept as plain tests so they fail on the code that had them.
describe("fork requests found by fuzzing", () => {
  it("a revision that is not a revision number is a 422 field error, not a query error (was a 500)", async () => {
    const { config } = await createConfigFrom("mlp");
    const actor = await createUser();
    for (const revision of [[null, -5e-323, true], "1", 1.5, 2 ** 40, 0, -1]) {
      await expect(
        forkConfig({ actor, configId: config.id, revisionNumber: revision as never }),
        JSON.stringify(revision),
      ).rejects.toMatchObject({ code: "INVALID_INPUT", fieldErrors: { revision: "invalid" } });
    }
    expect(await rowsOf(actor.id)).toEqual({ configs: 0, revisions: 0 });
    expect((await forkConfig({ actor, configId: config.id, revisionNumber: null as never })).revision.number).toBe(1);
  });
});
