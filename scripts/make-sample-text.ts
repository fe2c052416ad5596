/**
 * `npx tsx scripts/make-sample-text.ts [--check]`: writes prisma/seed-data/reviews-text.csv, the shipped text
 * classification sample (issue 17): short product and service reviews in English and Chinese, labelled positive or
 * negative. Authored for Trainyard from the hand-written phrase lists below and released under CC0-1.0 (see
 * prisma/seed-data/README.md). A fixed seed makes the file the same on every run; `--check` only compares.
 *
 * Learnable but not trivially: most rows say what they mean with words a bag-of-tokens model picks up, but some
 * praise one thing and then condemn another ("but …": only the last clause counts, and word order is exactly what a
 * bag of tokens loses), some are lukewarm, and a few labels are plainly wrong, as in any real set of reviews.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { mulberry32 } from "../lib/random";

const OUT = path.resolve(import.meta.dirname, "../prisma/seed-data/reviews-text.csv");
const SEED = 20261217;
const ROWS = 720;
/** Shares of rows: Chinese, and of all rows the mixed ("A but B"), lukewarm and mislabelled ones. */
const CHINESE = 0.4;
const MIXED = 0.14;
const LUKEWARM = 0.06;
const MISLABELLED = 0.05;

type TLabel = "positive" | "negative";

/** Things and services take different praise and complaints: a tour guide does not stop charging. */
type TPhrases = {
  subjects: Record<TGroup, readonly string[]>;
  positive: Record<TGroup, readonly string[]>;
  negative: Record<TGroup, readonly string[]>;
  positiveEnd: readonly string[];
  negativeEnd: readonly string[];
  lukewarm: readonly string[];
  openers: readonly string[];
};
type TGroup = "thing" | "service";

const EN: TPhrases & { intensifiers: readonly string[] } = {
  subjects: {
    thing: [
      "the headphones",
      "this blender",
      "the battery",
      "the app",
      "this jacket",
      "the coffee maker",
      "the phone case",
      "this backpack",
      "the keyboard",
      "the mattress",
      "the printer",
      "the vacuum cleaner",
      "the running shoes",
      "the charger",
    ],
    service: ["the hotel room", "the delivery", "customer service", "the restaurant", "the tour guide"],
  },
  positive: {
    thing: [
      "works perfectly",
      "exceeded my expectations",
      "is great value for money",
      "is comfortable and well made",
      "is exactly as described",
      "still works like new after months",
      "is easy to set up",
      "is sturdy and looks great",
      "is fast and reliable",
      "is worth every penny",
    ],
    service: [
      "was friendly and helpful",
      "exceeded my expectations",
      "was spotless and quiet",
      "made the whole trip a pleasure",
      "was quick and professional",
      "is worth every penny",
    ],
  },
  negative: {
    thing: [
      "stopped working after a week",
      "is a complete waste of money",
      "arrived broken",
      "feels cheap and flimsy",
      "looks nothing like the photos",
      "broke the first time I used it",
      "is overpriced for what you get",
      "is noisy and uncomfortable",
      "is slow and unreliable",
    ],
    service: [
      "was rude and unhelpful",
      "was dirty and smelled bad",
      "never answered my emails",
      "is overpriced for what you get",
      "was slow and disorganised",
      "ruined the whole trip",
    ],
  },
  positiveEnd: ["Highly recommended.", "Would buy again.", "Five stars from me.", "Love it!", "Very happy."],
  negativeEnd: ["Avoid.", "Never again.", "I want a refund.", "Very disappointed.", "Returned it."],
  lukewarm: [
    "is okay, nothing special",
    "does the job, I guess",
    "is average overall",
    "is fine for the price",
    "is neither good nor bad",
  ],
  openers: [
    "",
    "",
    "",
    "I bought this for my brother. ",
    "Second order from this shop. ",
    "Used it on a business trip. ",
    "Honestly, ",
    "After a month of use, ",
    "Ordered on a whim. ",
  ],
  intensifiers: ["", "", "really ", "absolutely ", "truly "],
};

const ZH: TPhrases = {
  subjects: {
    thing: [
      "这款耳机",
      "这台搅拌机",
      "电池",
      "这个应用",
      "这件外套",
      "咖啡机",
      "手机壳",
      "这个背包",
      "键盘",
      "床垫",
      "打印机",
      "吸尘器",
      "跑鞋",
      "充电器",
    ],
    service: ["酒店房间", "快递", "客服", "这家餐厅", "导游"],
  },
  positive: {
    thing: [
      "质量很好",
      "超出预期",
      "物超所值",
      "做工精细",
      "和描述一致",
      "用了几个月还像新的",
      "安装简单",
      "非常舒适",
      "外观漂亮",
      "速度快又稳定",
    ],
    service: ["态度热情", "超出预期", "干净又安静", "服务周到", "速度很快", "物超所值"],
  },
  negative: {
    thing: [
      "用了一周就坏了",
      "完全是浪费钱",
      "收到就是坏的",
      "做工粗糙",
      "和图片完全不一样",
      "第一次用就坏了",
      "价格太贵不值",
      "又吵又不舒服",
    ],
    service: ["态度很差", "又脏又有异味", "一直不回消息", "价格太贵不值", "速度太慢", "完全是浪费钱"],
  },
  positiveEnd: ["强烈推荐！", "还会再买。", "五星好评。", "非常满意。", "很喜欢！"],
  negativeEnd: ["别买。", "再也不买了。", "要求退款。", "非常失望。", "已经退货了。"],
  lukewarm: ["一般般吧，没什么特别的。", "还行，能用。", "中规中矩。", "说不上好坏。", "这个价格也就这样了。"],
  openers: [
    "",
    "",
    "",
    "给家人买的，",
    "第二次在这家店买了，",
    "出差时用的，",
    "说实话，",
    "用了一个月，",
    "随手买的，",
  ],
};

const random = mulberry32(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const flip = (label: TLabel): TLabel => (label === "positive" ? "negative" : "positive");
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A subject and what is said about it, from the same group. */
function clause(phrases: TPhrases, tone: "positive" | "negative", join = " ", intensifier = ""): string {
  const group: TGroup = random() < 0.7 ? "thing" : "service";
  return `${pick(phrases.subjects[group])}${join}${intensifier}${pick(phrases[tone][group])}`;
}

function english(label: TLabel, kind: "plain" | "mixed" | "lukewarm"): string {
  const opener = pick(EN.openers);
  if (kind === "lukewarm") {
    const subject = pick([...EN.subjects.thing, ...EN.subjects.service]);
    return `${opener}${opener.endsWith(", ") ? subject : capitalise(subject)} ${pick(EN.lukewarm)}.`;
  }
  const good = clause(EN, "positive", " ", pick(EN.intensifiers));
  const bad = clause(EN, "negative");
  const sentence =
    kind === "mixed"
      ? // The last clause decides the label; the first says the opposite.
        label === "positive"
        ? `${bad}, but ${good}`
        : `${good}, but ${bad}`
      : label === "positive"
        ? good
        : bad;
  const start = opener ? `${opener}${opener.endsWith(", ") ? sentence : capitalise(sentence)}` : capitalise(sentence);
  const end = random() < 0.6 ? ` ${pick(label === "positive" ? EN.positiveEnd : EN.negativeEnd)}` : "";
  return `${start}.${end}`;
}

function chinese(label: TLabel, kind: "plain" | "mixed" | "lukewarm"): string {
  const opener = pick(ZH.openers);
  if (kind === "lukewarm")
    return `${opener}${pick([...ZH.subjects.thing, ...ZH.subjects.service])}${pick(ZH.lukewarm)}`;
  const good = clause(ZH, "positive", "");
  const bad = clause(ZH, "negative", "");
  const sentence =
    kind === "mixed"
      ? label === "positive"
        ? `${bad}，不过${good}`
        : `${good}，但是${bad}`
      : label === "positive"
        ? good
        : bad;
  const end = random() < 0.6 ? pick(label === "positive" ? ZH.positiveEnd : ZH.negativeEnd) : "";
  return `${opener}${sentence}。${end}`;
}

function rows(): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ROWS; i++) {
    const zh = random() < CHINESE;
    const roll = random();
    const kind = roll < MIXED ? "mixed" : roll < MIXED + LUKEWARM ? "lukewarm" : "plain";
    let label: TLabel = random() < 0.55 ? "positive" : "negative";
    const text = zh ? chinese(label, kind) : english(label, kind);
    // Lukewarm reviews get either label (their writers rated them either way); a few labels are simply wrong.
    if (kind !== "lukewarm" && random() < MISLABELLED) label = flip(label);
    out.push([text, label]);
  }
  return out;
}

const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const csv = `${[["text", "label"], ...rows()].map((row) => row.map(quote).join(",")).join("\n")}\n`;

if (process.argv.includes("--check")) {
  const current = readFileSync(OUT, "utf8");
  if (current !== csv) {
    console.error(`${path.relative(process.cwd(), OUT)} differs from what this script generates: run it to update.`);
    process.exit(1);
  }
  console.log("up to date");
} else {
  writeFileSync(OUT, csv);
  console.log(`wrote ${ROWS} rows to ${path.relative(process.cwd(), OUT)}`);
}
