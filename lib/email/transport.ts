import nodemailer, { type Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { loadEnv } from "../env";

export type TMailTransport = Transporter<SMTPTransport.SentMessageInfo, SMTPTransport.Options>;

/*
 * The one SMTP transport of a process, made from SMTP_URL on first use; none when it is unset (e-mail is optional).
 * Timeouts are short: the digest sweep runs inside the worker's reconciler, and a mail server that hangs must cost
 * one failed round (its rows wait for the next), not the reconciler's next minutes.
 */
let cached: { url: string; transport: TMailTransport } | undefined;

export function mailTransport(): TMailTransport | null {
  const url = loadEnv().SMTP_URL;
  if (!url) return null;
  if (cached?.url !== url) {
    cached?.transport.close();
    cached = {
      url,
      transport: nodemailer.createTransport({
        url,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      }),
    };
  }
  return cached.transport;
}
