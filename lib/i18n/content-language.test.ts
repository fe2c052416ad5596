import { describe, expect, it } from "vitest";
import { contentLanguage } from "./content-language";

describe("contentLanguage", () => {
  it("reads Chinese prose as Chinese, even with English terms, code and maths in it", () => {
    expect(contentLanguage("三种鸢尾花的测量数据，可用于多分类任务。")).toBe("zh-CN");
    expect(contentLanguage("在 MNIST 上用 CNN 训练，F1 达到 0.98。")).toBe("zh-CN");
    expect(
      contentLanguage(
        "损失函数 $L = -\\sum y \\log \\hat{y}$\n\n```python\nimport pandas as pd\ndf = pd.read_csv('a.csv')\n```",
      ),
    ).toBe("zh-CN");
  });

  it("reads English as English, even with a Chinese name in it", () => {
    expect(contentLanguage("Palmer penguins: three species, some missing values.")).toBe("en");
    expect(contentLanguage("A sentiment corpus collected from Weibo (微博) posts in 2020.")).toBe("en");
  });

  it("says nothing for text that carries no language", () => {
    expect(contentLanguage("")).toBeNull();
    expect(contentLanguage("42 · 0.98 — ✓")).toBeNull();
    expect(contentLanguage("```\nx = 1\n```")).toBeNull();
  });
});
