import { logger } from '../adapters/observability.js';

/**
 * Text messages (短信) beside the in-app inbox, for escalations (functions/events/notify.ts): staff and
 * households do not sit in front of the portal. `to` is the inbox recipient (a household id, or a role's
 * inbox such as `TOWN#370302101`); a provider adapter resolves it to phone numbers (the household's
 * registered phone, the phones of the staff accounts in that role and area).
 *
 * On AWS this would be Amazon SNS or Pinpoint / End User Messaging SMS, with a registered sender and
 * template. It is not wired to a provider here (no account): the default only logs what would be sent.
 */
export interface SmsPort {
  send(to: string, text: string): Promise<void>;
}

export const loggingSmsPort: SmsPort = {
  async send(to, text) {
    logger.info('sms not sent: no SMS provider is wired (would send)', { to, text });
  },
};

let current: SmsPort = loggingSmsPort;

export function sms(): SmsPort {
  return current;
}

/** Tests record what would be sent. */
export function setSmsPort(port: SmsPort): void {
  current = port;
}
