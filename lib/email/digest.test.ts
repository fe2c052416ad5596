import type { AddressInfo } from "node:net";
import type { ParsedMail } from "mailparser";
import { afterAll, describe, expect, it, vi } from "vitest";

/*
 * E-mail digests against a real SMTP server started here on a free port (smtp-server), never a real one: what arrives
 * is parsed with mailparser and read as a mail client would. Before anything reads the environment (loadEnv caches
 * it): SMTP_URL names that server, links use a public URL.
 */
const smtp = await vi.hoisted(async () => {
  const { SMTPServer } = await import("smtp-server");
  const { simpleParser } = await import("mailparser");
  const state = { reject: false, mails: [] as ParsedMail[] };
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!state.reject) return callback();
      callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          state.mails.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.EMAIL_DIGEST_DELAY_MINUTES = "10";
  process.env.AUTH_URL = "https://trainyard.example.org";
  return { server, state };
});

import { getPrisma } from "../db";
import { reply } from "../discussions/mutations";
import { createConfigFrom } from "../factories/configs";
import { createPoster, createThreadFrom } from "../factories/discussions";
import { markRead } from "../notifications/mutations";
import { setUserLocale } from "../users/mutations";
import { sendDigests } from "./digest";
import { unsubscribeToken } from "./unsubscribe";

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
});

const ORIGIN = "https://trainyard.example.org";
/** A sweep's clock past the delay: notifications written just now are due. */
const later = () => new Date(Date.now() + 11 * 60_000);
const mailsTo = (email: string | null) =>
  smtp.state.mails.filter((m) => email && m.to && JSON.stringify(m.to).includes(email));
/** A header's value as sent, unfolded (mailparser turns List-* headers into objects; the raw line is what counts). */
const header = (mail: ParsedMail, name: string) => {
  const line = mail.headerLines.find((h) => h.key === name)?.line ?? "";
  return line
    .slice(line.indexOf(":") + 1)
    .replace(/\r?\n[ \t]+/g, " ")
    .trim();
};
const emailedAt = async (userId: string) =>
  (
    await getPrisma().notification.findMany({
      where: { recipientId: userId },
      orderBy: { seq: "asc" },
      select: { emailedAt: true },
    })
  ).map((n) => n.emailedAt);

const POST = [
  "The loss stops at $E = mc^2$ and <script>alert(1)</script> never runs.",
  "",
  "$$",
  "\\sum_{i=1}^{n} x_i < \\frac{a}{b}",
  "$$",
  "",
  "```python",
  "def train(model):",
  "    return model.fit(x) < 1",
  "```",
  "",
  "See [my run](/runs/abc) and `lr=0.01`.",
].join("\n");

describe("sendDigests", { timeout: 60_000 }, () => {
  it("mails each recipient one digest: the inbox's sentence, link, post text with code and maths, unsubscribe headers", async () => {
    const [ana, carl] = await Promise.all([createPoster(), createPoster()]);
    const thread = await createThreadFrom(ana, { title: "Why does my MLP plateau?" });
    await reply({ actor: carl, threadId: thread.id, input: { body: POST } });
    const second = await createThreadFrom(ana, { title: "Second question" });
    await reply({ actor: carl, threadId: second.id, input: { body: "Short answer." } });

    const result = await sendDigests(later());
    expect(result.sent).toBeGreaterThanOrEqual(1);
    const [mail, ...others] = mailsTo(ana.email);
    expect(others).toEqual([]);
    expect(mail!.subject).toBe("2 new notifications on Trainyard");
    expect(JSON.stringify(mail!.from)).toContain("no-reply@localhost");

    const text = mail!.text!;
    expect(text).toContain(`@${carl.handle} replied to Why does my MLP plateau?`);
    expect(text).toContain(`${ORIGIN}/discussions/${thread.id}#post-`);
    expect(text).toContain(POST); // the markdown source, as it is
    const html = mail!.html as string;
    expect(html).toContain("Why does my MLP plateau?");
    expect(html).toContain(`href="${ORIGIN}/discussions/${thread.id}#post-`);
    expect(html).toMatch(/<pre[^>]*><code[^>]*>def train\(model\):\n {4}return model.fit\(x\) &lt; 1<\/code><\/pre>/);
    expect(html).toMatch(/<span style="font-family:[^"]*monospace[^"]*">\$E = mc\^2\$<\/span>/);
    expect(html).toContain("\\sum_{i=1}^{n} x_i &lt; \\frac{a}{b}");
    expect(html).toMatch(/<code style="[^"]*">lr=0.01<\/code>/);
    expect(html).toContain(`href="${ORIGIN}/runs/abc"`);
    expect(html).not.toContain("<script");
    expect(html).not.toMatch(/katex/i);

    const token = unsubscribeToken(ana.id);
    expect(header(mail!, "list-unsubscribe")).toContain(
      `${ORIGIN}/api/email/unsubscribe?token=${encodeURIComponent(token)}`,
    );
    expect(header(mail!, "list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect((await emailedAt(ana.id)).every(Boolean)).toBe(true);

    // Nothing new: a second sweep sends nothing more.
    await sendDigests(later());
    expect(mailsTo(ana.email)).toHaveLength(1);
    // A new reply collapsing into a mailed row is news: that row goes out again, alone.
    await reply({ actor: carl, threadId: second.id, input: { body: "One more thing." } });
    await sendDigests(later());
    const [, again] = mailsTo(ana.email);
    expect(again!.subject).toBe("1 new notification on Trainyard");
    expect(again!.text).toContain("2 new replies");
    expect(again!.text).toContain("One more thing.");
  });

  it("shows nothing of a thing the recipient can no longer see", async () => {
    const [ana, owner] = await Promise.all([createPoster(), createPoster()]);
    const { config } = await createConfigFrom("mlp", { visibility: "PUBLIC" }, owner);
    await createThreadFrom(owner, {
      configId: config.id,
      title: "Secret plan thread",
      body: `@${ana.handle} the hidden sentence`,
    });
    await getPrisma().config.update({ where: { id: config.id }, data: { visibility: "PRIVATE" } });

    await sendDigests(later());
    const [mail] = mailsTo(ana.email);
    for (const part of [mail!.text!, mail!.html as string, mail!.subject!]) {
      expect(part).not.toContain("Secret plan");
      expect(part).not.toContain("hidden sentence");
    }
    expect(mail!.text).toContain("something you can no longer see");
    expect(mail!.text).toContain(`${ORIGIN}/notifications`);
  });

  it("writes in the recipient's language", async () => {
    const [mei, carl] = await Promise.all([createPoster(), createPoster()]);
    await setUserLocale({ actor: mei, locale: "zh-CN" });
    const thread = await createThreadFrom(mei, { title: "学习率该怎么调？" });
    await reply({ actor: carl, threadId: thread.id, input: { body: "试试 $\\eta = 0.01$" } });
    await sendDigests(later());
    const [mail] = mailsTo(mei.email);
    expect(mail!.subject).toBe("Trainyard 上有1条新通知");
    expect(mail!.text).toContain(`@${carl.handle} 回复了 学习率该怎么调？`);
    expect(mail!.html).toContain("$\\eta = 0.01$");
  });

  it("leaves out notifications read before the sweep and those younger than the delay", async () => {
    const [ana, carl] = await Promise.all([createPoster(), createPoster()]);
    const read = await createThreadFrom(ana, { title: "Already read" });
    const unread = await createThreadFrom(ana, { title: "Still unread" });
    await reply({ actor: carl, threadId: read.id, input: { body: "Seen it" } });
    await reply({ actor: carl, threadId: unread.id, input: { body: "Not yet" } });
    const rows = await getPrisma().notification.findMany({ where: { recipientId: ana.id, threadId: read.id } });
    await markRead(
      ana.id,
      rows.map((r) => r.id),
    );

    await sendDigests(new Date()); // written just now: younger than the delay
    expect(mailsTo(ana.email)).toEqual([]);
    expect(await emailedAt(ana.id)).toEqual([null, null]);

    await sendDigests(later());
    const [mail, ...others] = mailsTo(ana.email);
    expect(others).toEqual([]);
    expect(mail!.text).toContain("Still unread");
    expect(mail!.text).not.toContain("Already read");
    const marks = await getPrisma().notification.findMany({
      where: { recipientId: ana.id },
      select: { threadId: true, emailedAt: true },
    });
    expect(marks.find((m) => m.threadId === read.id)!.emailedAt).toBeNull();
    expect(marks.find((m) => m.threadId === unread.id)!.emailedAt).not.toBeNull();
  });

  it("mails nobody without an address or with digests off, and takes their rows so they are not scanned again", async () => {
    const [noAddress, off, carl] = await Promise.all([createPoster(), createPoster(), createPoster()]);
    await getPrisma().user.update({ where: { id: noAddress.id }, data: { email: null } });
    await getPrisma().user.update({ where: { id: off.id }, data: { emailDigest: false } });
    for (const user of [noAddress, off]) {
      const thread = await createThreadFrom(user);
      await reply({ actor: carl, threadId: thread.id, input: { body: "Hello" } });
    }
    await sendDigests(later());
    expect([...mailsTo(noAddress.email), ...mailsTo(off.email)]).toEqual([]);
    expect([...(await emailedAt(noAddress.id)), ...(await emailedAt(off.id))].every(Boolean)).toBe(true);
  });

  it("takes notifications already a week old when first swept without mailing them (e-mail was off, or the worker down)", async () => {
    const [ana, carl] = await Promise.all([createPoster(), createPoster()]);
    const thread = await createThreadFrom(ana);
    await reply({ actor: carl, threadId: thread.id, input: { body: "Old news" } });
    const result = await sendDigests(new Date(Date.now() + 8 * 86_400_000));
    expect(result.passedOver).toBeGreaterThanOrEqual(1);
    expect(mailsTo(ana.email)).toEqual([]);
    expect(await emailedAt(ana.id)).toEqual([expect.any(Date)]);
  });

  it("puts the rows back when the mail server refuses, and sends them on the next sweep", async () => {
    const [ana, carl] = await Promise.all([createPoster(), createPoster()]);
    const thread = await createThreadFrom(ana);
    await reply({ actor: carl, threadId: thread.id, input: { body: "Try again later" } });
    smtp.state.reject = true;
    try {
      const refused = await sendDigests(later());
      expect(refused.failed).toBeGreaterThanOrEqual(1);
    } finally {
      smtp.state.reject = false;
    }
    expect(mailsTo(ana.email)).toEqual([]);
    expect(await emailedAt(ana.id)).toEqual([null]);

    await sendDigests(later());
    expect(mailsTo(ana.email)).toHaveLength(1);
    expect((await emailedAt(ana.id)).every(Boolean)).toBe(true);
  });

  it("sends each notification once when several sweeps run at the same moment", async () => {
    const carl = await createPoster();
    const readers = await Promise.all(Array.from({ length: 6 }, () => createPoster()));
    for (const reader of readers) {
      for (const title of ["First question", "Second question"]) {
        const thread = await createThreadFrom(reader, { title });
        await reply({ actor: carl, threadId: thread.id, input: { body: `Reply to ${title}` } });
      }
    }
    const now = later();
    const results = await Promise.all([sendDigests(now), sendDigests(now), sendDigests(now)]);
    expect(results.reduce((sum, r) => sum + r.failed, 0)).toBe(0);
    for (const reader of readers) {
      const mails = mailsTo(reader.email);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toBe("2 new notifications on Trainyard");
    }
  });
});
