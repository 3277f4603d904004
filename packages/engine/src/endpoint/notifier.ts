import type { Db } from "@herald/db";
import nodemailer from "nodemailer";
import type { Logger } from "@herald/config";
import type { NotificationDigest } from "./notification-digest.ts";
import { digestMail, type Incident, incidentMail, type Mail } from "./notification-mail.ts";

export interface NotifierOptions {
  db: Db;
  logger: Logger;
  digest: NotificationDigest;
  /** HERALD_SMTP_URL; without it notifications are logged and skipped. */
  smtpUrl?: string;
  from: string;
  /** How often due digests are looked for. */
  flushIntervalMs: number;
}

/** The webhook's notification email, else its tenant's. */
async function recipientOf(db: Db, webhookId: string): Promise<string | null> {
  const webhook = await db.webhook.findUnique({
    where: { id: webhookId },
    select: { notificationEmail: true, tenant: { select: { notificationEmail: true } } },
  });
  const email = webhook?.notificationEmail ?? webhook?.tenant?.notificationEmail ?? null;
  return email ? email.toLowerCase() : null;
}

/**
 * Tells an endpoint's owner about dead-lettered deliveries and disabled
 * endpoints by email, rate-limited per recipient (see notification-digest).
 * Never throws: a mail problem must not fail a delivery job.
 */
export function createNotifier({ db, logger, digest, smtpUrl, from, flushIntervalMs }: NotifierOptions) {
  const transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : null;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  async function send(to: string, mail: Mail): Promise<void> {
    await transport!.sendMail({ from, to, subject: mail.subject, text: mail.text });
    logger.info("notification sent", { subject: mail.subject });
  }

  async function notify(incident: Incident): Promise<void> {
    try {
      if (!transport)
        return void logger.info("notification not sent: HERALD_SMTP_URL is not set", {
          kind: incident.kind,
          webhookId: incident.webhookId,
        });
      const to = await recipientOf(db, incident.webhookId);
      if (!to)
        return void logger.info("notification not sent: no notification_email on the webhook or its tenant", {
          kind: incident.kind,
          webhookId: incident.webhookId,
        });
      if ((await digest.note(to, JSON.stringify(incident))) === "now") await send(to, incidentMail(incident));
    } catch (err) {
      logger.warn("notification failed", {
        kind: incident.kind,
        webhookId: incident.webhookId,
        error: (err as Error).message,
      });
    }
  }

  async function flushDue(): Promise<number> {
    if (!transport) return 0;
    const due = await digest.claimDue();
    for (const { recipient, total, incidents } of due) {
      await send(
        recipient,
        digestMail(
          incidents.map((i) => JSON.parse(i) as Incident),
          total,
        ),
      ).catch((err: Error) => logger.warn("digest mail failed", { error: err.message, incidents: total }));
    }
    return due.length;
  }

  function schedule(): void {
    if (stopped || !transport) return;
    timer = setTimeout(() => {
      running = flushDue()
        .catch((err: Error) => logger.warn("digest flush failed", { error: err.message }))
        .finally(schedule);
    }, flushIntervalMs);
  }

  return {
    notify,
    flushDue,
    start: schedule,
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running;
      transport?.close();
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
