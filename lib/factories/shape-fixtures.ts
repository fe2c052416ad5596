import type { TDatasetShapeInfo } from "../configs/shapes";

/** Shape information of the penguins sample (as its schema reports it), for shape-inference tests. */
export const PENGUINS_SHAPE: TDatasetShapeInfo = {
  name: "penguins",
  kind: "TABULAR",
  taskType: "CLASSIFICATION",
  classes: ["Adelie", "Chinstrap", "Gentoo"],
  targetColumn: "species",
  columns: [
    { name: "species", type: "categorical", distinct: 3 },
    { name: "island", type: "categorical", distinct: 3 },
    { name: "bill_length_mm", type: "numeric", distinct: 164 },
    { name: "bill_depth_mm", type: "numeric", distinct: 80 },
    { name: "flipper_length_mm", type: "numeric", distinct: 55 },
    { name: "body_mass_g", type: "numeric", distinct: 94 },
    { name: "sex", type: "categorical", distinct: 2 },
  ],
};

/** A 28×28 grayscale, 10-class image set. */
export const DIGITS_SHAPE: TDatasetShapeInfo = {
  name: "digits",
  kind: "IMAGE",
  taskType: "CLASSIFICATION",
  classes: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
  targetColumn: "class",
  image: { width: 28, height: 28, channels: 1 },
};
