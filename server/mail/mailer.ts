import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { ServerContext } from '../context';

/** One e-mail, in Spanish, as every feature writes it. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** What the outbox holds: the message plus when it was "sent". */
export interface OutboxMessage extends MailMessage {
  sentAt: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

const FROM = 'Conexión Empresas <no-responder@conexion-empresas.local>';
const mailers = new WeakMap<ServerContext, Mailer>();

/**
 * SMTP when SMTP_URL is set; otherwise every message becomes a JSON file in DATA_DIR/outbox, which
 * the demo and the tests read. Never logs the body (it can carry a code or a link).
 */
export function mailerOf(ctx: ServerContext): Mailer {
  let mailer = mailers.get(ctx);
  if (!mailer) {
    mailer = ctx.config.smtpUrl ? smtpMailer(ctx) : outboxMailer(ctx);
    mailers.set(ctx, mailer);
  }
  return mailer;
}

function smtpMailer(ctx: ServerContext): Mailer {
  const transport = nodemailer.createTransport(ctx.config.smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from: FROM, ...message });
      ctx.log.info({ to: message.to, subject: message.subject }, 'mail sent');
    },
  };
}

function outboxMailer(ctx: ServerContext): Mailer {
  return {
    async send(message) {
      const sentAt = ctx.now().toISOString();
      const name = `${sentAt.replace(/[:.]/g, '-')}-${randomBytes(6).toString('hex')}.json`;
      fs.mkdirSync(ctx.config.outboxDir, { recursive: true });
      const body: OutboxMessage = { ...message, sentAt };
      const file = path.join(ctx.config.outboxDir, name);
      await fs.promises.writeFile(file + '.tmp', JSON.stringify(body, null, 2), { mode: 0o600 });
      // rename is atomic: a reader never sees half a message
      await fs.promises.rename(file + '.tmp', file);
      ctx.log.info({ to: message.to, subject: message.subject, file: name }, 'mail written to outbox');
    },
  };
}

/** Messages in an outbox folder, oldest first (tests and the demo read them). */
export function readOutbox(outboxDir: string): OutboxMessage[] {
  if (!fs.existsSync(outboxDir)) return [];
  return fs
    .readdirSync(outboxDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(outboxDir, f), 'utf8')) as OutboxMessage);
}
