import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../env";

const valid = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/trainyard",
  REDIS_URL: "redis://127.0.0.1:6379",
  AUTH_SECRET: "x".repeat(32),
};

describe("e-mail configuration", () => {
  it("is off by default, with a sender and a ten-minute delay", () => {
    const env = parseEnv(valid);
    expect(env.SMTP_URL).toBeUndefined();
    expect(env).toMatchObject({ EMAIL_FROM: "Trainyard <no-reply@localhost>", EMAIL_DIGEST_DELAY_MINUTES: 10 });
  });

  it("takes smtp:// and smtps:// URLs, and refuses anything else naming the variable", () => {
    for (const url of ["smtp://127.0.0.1:2525", "smtps://user:p%40ss@mail.example.org:465"])
      expect(parseEnv({ ...valid, SMTP_URL: url }).SMTP_URL).toBe(url);
    for (const url of ["mail.example.org:587", "http://mail.example.org", "smtp://"]) {
      expect(() => parseEnv({ ...valid, SMTP_URL: url })).toThrow(EnvError);
      expect(() => parseEnv({ ...valid, SMTP_URL: url })).toThrow(/SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/);
    }
    expect(() => parseEnv({ ...valid, EMAIL_DIGEST_DELAY_MINUTES: "-1" })).toThrow(/EMAIL_DIGEST_DELAY_MINUTES/);
    expect(parseEnv({ ...valid, EMAIL_DIGEST_DELAY_MINUTES: "0" }).EMAIL_DIGEST_DELAY_MINUTES).toBe(0);
  });
});
