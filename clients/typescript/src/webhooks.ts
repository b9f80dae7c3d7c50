/**
 * Verifying a webhook delivery (Standard Webhooks): the signature header holds one or more `v1,<base64>` signatures,
 * each the HMAC-SHA256, keyed with the secret's bytes (the base64 after `whsec_`), of `{webhook-id}.{webhook-timestamp}.{body}`.
 * Pass the raw body exactly as received: any re-serialisation breaks the signature.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** The headers of a delivery, from a Fetch `Headers`, a Node `IncomingHttpHeaders` or a plain record. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface VerifyOptions {
  /** How far the timestamp may lie from now, in seconds (default 300); Infinity to skip the check (replays of old events). */
  toleranceSeconds?: number;
  /** Now, in seconds since the epoch (for tests). */
  now?: number;
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The signature of a payload under one secret, as the server computes it. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice(6) : secret, "base64");
  return "v1," + createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
}

/**
 * Whether a delivery is authentic: one of its signatures is the secret's, and its timestamp is recent. Returns the
 * delivery's id (deduplicate on it: deliveries are at least once) and the parsed event, or throws.
 */
export function verifyWebhook<T = unknown>(secret: string, headers: WebhookHeaders, body: string, options: VerifyOptions = {}): { id: string; event: T } {
  const id = header(headers, "webhook-id");
  const timestamp = Number(header(headers, "webhook-timestamp"));
  const signatures = header(headers, "webhook-signature");
  if (!id || !Number.isInteger(timestamp) || !signatures) {
    throw new Error("Not a webhook delivery: webhook-id, webhook-timestamp and webhook-signature are required.");
  }
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) {
    throw new Error(`The delivery's timestamp ${timestamp} is too far from now (${now}).`);
  }
  const expected = Buffer.from(signWebhook(secret, id, timestamp, body));
  const valid = signatures
    .split(" ")
    .filter((s) => s.length > 0)
    .some((candidate) => {
      const given = Buffer.from(candidate);
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  if (!valid) {
    throw new Error("No signature of the delivery matches the secret.");
  }
  return { id, event: JSON.parse(body) as T };
}
