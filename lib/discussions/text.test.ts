import { describe, expect, it } from "vitest";
import { parseMentions, parseReferences, withoutCode } from "./text";

describe("mentions", () => {
  it("finds @handles in prose, lower-cased, once each, in order", () => {
    expect(parseMentions("Thanks @Ada_L and @bob-2! cc @ada_l, @bob-2.")).toEqual(["ada_l", "bob-2"]);
    expect(parseMentions("@carol: does this help? (@dave)")).toEqual(["carol", "dave"]);
  });

  it("ignores e-mail addresses, too-short names and anything inside code", () => {
    expect(parseMentions("mail ada@example.com or @x")).toEqual([]);
    expect(
      parseMentions("run `@ada` then\n\n```python\n@decorator\ndef f(): pass\n```\n\n    @indented\n\n@eve"),
    ).toEqual(["eve"]);
    expect(parseMentions("``code with ` tick @ada`` and @bob")).toEqual(["bob"]);
    expect(parseMentions("~~~\n@ada\n~~~")).toEqual([]);
  });

  it("treats an unclosed backtick as text and an unclosed fence as code to the end", () => {
    expect(parseMentions("a ` b @ada")).toEqual(["ada"]);
    expect(parseMentions("```\n@ada\nnever closed @bob")).toEqual([]);
  });
});

describe("references", () => {
  it("parses each kind with its parts", () => {
    const refs = parseReferences(
      "See run:cm1abc2def3ghi4jkl, config:Ada/small-cnn@3, dataset:ada/iris@v2, diff:ada/small-cnn@1..4 and " +
        "board:ada/iris. Also config:ada/mlp and dataset:ada/iris.",
    );
    expect(refs).toEqual([
      { type: "run", raw: "run:cm1abc2def3ghi4jkl", id: "cm1abc2def3ghi4jkl" },
      { type: "config", raw: "config:Ada/small-cnn@3", owner: "ada", slug: "small-cnn", revision: 3 },
      { type: "dataset", raw: "dataset:ada/iris@v2", owner: "ada", slug: "iris", version: 2 },
      { type: "diff", raw: "diff:ada/small-cnn@1..4", owner: "ada", slug: "small-cnn", a: 1, b: 4 },
      { type: "board", raw: "board:ada/iris", owner: "ada", slug: "iris" },
      { type: "config", raw: "config:ada/mlp", owner: "ada", slug: "mlp", revision: null },
      { type: "dataset", raw: "dataset:ada/iris", owner: "ada", slug: "iris", version: null },
    ]);
  });

  it("skips code, URLs and longer words, and keeps each reference once", () => {
    expect(parseReferences("`run:cm1abc2def3ghi4jkl` and\n```\nboard:ada/iris\n```")).toEqual([]);
    expect(parseReferences("https://example.com/run:cm1abc2def3ghi4jkl and myrun:cm1abc2def3ghi4jkl")).toEqual([]);
    expect(parseReferences("board:ada/iris/extra")).toEqual([]);
    expect(parseReferences("board:ada/iris board:ada/iris")).toHaveLength(1);
  });

  it("keeps offsets: code is blanked to the same length", () => {
    const text = "a `b` c\n```\nx\n```\n";
    expect(withoutCode(text)).toHaveLength(text.length);
    expect(withoutCode(text).split("\n")).toHaveLength(text.split("\n").length);
  });
});
