import { getPrisma, disconnectPrisma, type TPrisma } from "../lib/db";
import { createUser } from "../lib/factories/users";
import { readFileSync } from "node:fs";
import path from "node:path";
import { TEXT_SAMPLE } from "../lib/datasets/sample-text";
import { createDatasetFrom, createSampleDataset, SAMPLE_DIR, SAMPLES } from "../lib/factories/datasets";

export const DEMO_USER = {
  email: "demo@trainyard.local",
  handle: "demo",
  name: "Demo User",
  password: "trainyard-demo",
} as const;

const DESCRIPTIONS: Record<keyof typeof SAMPLES, { description: string; citation: string; tags: string }> = {
  iris: {
    description:
      "Measurements of 150 iris flowers from three species (setosa, versicolor, virginica): sepal and petal length and width in centimetres.\n\nThe classic first classification dataset: small, clean, no missing values.",
    citation:
      "Fisher, R. A. (1936). The use of multiple measurements in taxonomic problems. Annals of Eugenics 7(2). Via the UCI Machine Learning Repository (CC BY 4.0).",
    tags: "classic, botany, small",
  },
  penguins: {
    description:
      "Size measurements of 344 penguins of three species (Adélie, Chinstrap, Gentoo) on three islands of the Palmer Archipelago, Antarctica.\n\n- numeric: bill length and depth, flipper length, body mass\n- categorical: island, sex\n- a few **missing values** (empty cells), good for trying imputation",
    citation:
      "Gorman, K. B., Williams, T. D. & Fraser, W. R. (2014). Palmer Station Antarctica LTER. Via the palmerpenguins package by Horst, Hill & Gorman (CC0 1.0).",
    tags: "biology, missing-values, small",
  },
  mpg: {
    description:
      "Fuel consumption (miles per gallon) of 398 cars from 1970–1982, with cylinders, displacement, horsepower, weight, acceleration, model year and origin. `horsepower` has missing values; `name` is free text.",
    citation: "Quinlan, R. (1993). Auto MPG. UCI Machine Learning Repository (CC BY 4.0).",
    tags: "regression, cars, small",
  },
};

/**
 * Seeds an empty database with a demo user and the sample datasets (with their
 * attribution). Does nothing when any user exists, so it is safe on every start.
 */
export async function seedIfEmpty(log: (m: string) => void = console.log, db: TPrisma = getPrisma()) {
  if ((await db.user.count()) > 0) return false;
  const demo = await createUser(DEMO_USER, db);
  for (const name of Object.keys(SAMPLES) as (keyof typeof SAMPLES)[]) {
    await createSampleDataset(name, demo, DESCRIPTIONS[name]);
  }
  const { file, title, license, taskType, targetColumn, description, citation, tags } = TEXT_SAMPLE;
  await createDatasetFrom(
    readFileSync(path.join(SAMPLE_DIR, file)),
    { title, license, taskType, targetColumn, description, citation, tags, fileName: file },
    demo,
  );
  log(
    `seeded demo user ${DEMO_USER.email} / ${DEMO_USER.password} and ${Object.keys(SAMPLES).length + 1} sample datasets`,
  );
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { loadDotenv } = await import("../scripts/lib/services");
  loadDotenv();
  await seedIfEmpty().finally(disconnectPrisma);
}
