import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { createSampleDataset } from "../factories/datasets";
import { createUser } from "../factories/users";
import { getDataset } from "./queries";
import { updateDatasetMeta } from "./update";

const input = {
  title: "Iris, revisited",
  description: "New **words**",
  license: "CC0-1.0",
  citation: "",
  tags: "flowers, Classic",
  visibility: "UNLISTED",
};

describe("editing dataset details", () => {
  it("lets the owner change title, description, licence, tags and visibility", async () => {
    const owner = await createUser();
    const { dataset } = await createSampleDataset("iris", owner);
    await updateDatasetMeta({ actor: owner, datasetId: dataset.id, input });
    const after = await getDataset(owner.handle, dataset.slug, owner);
    expect(after).toMatchObject({
      title: "Iris, revisited",
      license: "CC0-1.0",
      tags: ["flowers", "classic"],
      visibility: "UNLISTED",
      slug: dataset.slug,
    });
  });

  it("refuses others: FORBIDDEN for a visible dataset, NOT_FOUND for a private one", async () => {
    const owner = await createUser();
    const stranger = await createUser();
    const { dataset } = await createSampleDataset("iris", owner);
    await expect(updateDatasetMeta({ actor: stranger, datasetId: dataset.id, input })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const hidden = await createSampleDataset("iris", owner, { visibility: "PRIVATE" });
    await expect(updateDatasetMeta({ actor: stranger, datasetId: hidden.dataset.id, input })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("rejects bad values with field errors and changes nothing", async () => {
    const owner = await createUser();
    const { dataset } = await createSampleDataset("iris", owner);
    const error = await updateDatasetMeta({
      actor: owner,
      datasetId: dataset.id,
      input: { ...input, title: "", license: "GPL-Whatever" },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fieldErrors).toEqual({ title: "title.tooShort", license: "license.unknown" });
    expect((await getDataset(owner.handle, dataset.slug, owner))?.title).toBe("Iris flowers");
  });
});
