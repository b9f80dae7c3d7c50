/**
 * A thin, typed client for the OewgDrafting API: openapi-fetch over the types generated from
 * api-specs/openapi.json (src/schema.d.ts, regenerated with `npm run generate`).
 */
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema.js";

export type { components, operations, paths } from "./schema.js";
export type Schemas = components["schemas"];
/** JSON answers (application/json and application/problem+json); the other representations are asked for with parseAs. */
export type JsonMedia = `${string}/${string}json`;
export type DraftingClient = Client<paths, JsonMedia>;
export type Problem = Schemas["ProblemDetails"] | Schemas["HttpValidationProblemDetails"];
export type DraftingEvent = Schemas["EventResponse"];

/** A client that sends `key` as X-Api-Key on every request (omit it for anonymous reads where allowed). */
export function createDraftingClient(baseUrl: string, key?: string): DraftingClient {
  const client = createClient<paths, JsonMedia>({ baseUrl });
  if (key !== undefined) {
    client.use({
      onRequest({ request }) {
        request.headers.set("X-Api-Key", key);
        return request;
      },
    });
  }
  return client;
}

/** An answer other than the one asked for, with its RFC 9457 problem document. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
  ) {
    super(`${status} ${problem?.title ?? ""}: ${problem?.detail ?? "no detail"}`);
    this.name = "ProblemError";
  }
}

/** The body of a successful answer; a problem answer throws a {@link ProblemError}. */
export function ok<T>(result: { data?: T; error?: Problem | unknown; response: Response }): T {
  if (result.data === undefined) {
    throw new ProblemError(result.response.status, isProblem(result.error) ? result.error : undefined);
  }
  return result.data;
}

/** Checks that an answer without a body (204) succeeded. */
export function done(result: { error?: Problem | unknown; response: Response }): void {
  if (!result.response.ok) {
    throw new ProblemError(result.response.status, isProblem(result.error) ? result.error : undefined);
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && ("title" in value || "detail" in value || "status" in value);
}

/** One server-sent event of a document's log. */
export interface StreamedEvent {
  id: number;
  event: DraftingEvent;
}

/**
 * Follows a document's log live (Accept: text/event-stream) and yields each event as it is written. Browsers'
 * EventSource cannot send X-Api-Key, so this reads the stream with fetch; `lastEventId` resumes after a sequence.
 */
export async function* followEvents(
  client: DraftingClient,
  documentId: string,
  options: { lastEventId?: number; signal?: AbortSignal } = {},
): AsyncGenerator<StreamedEvent> {
  const { data, error, response } = await client.GET("/api/documents/{documentId}/events", {
    params: {
      path: { documentId },
      header: options.lastEventId === undefined ? {} : { "Last-Event-ID": String(options.lastEventId) },
    },
    headers: { Accept: "text/event-stream" },
    parseAs: "stream",
    signal: options.signal,
  });
  if (data === undefined || data === null) {
    throw new ProblemError(response.status, isProblem(error) ? error : undefined);
  }

  const reader = data.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) {
        return;
      }
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const frame = parseFrame(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (frame !== undefined) {
          yield frame;
        }
      }
    }
  } finally {
    reader.releaseLock();
  }
}

function parseFrame(frame: string): StreamedEvent | undefined {
  let id: number | undefined;
  const data: string[] = [];
  for (const line of frame.split("\n")) {
    if (line.startsWith("id:")) {
      id = Number(line.slice(3).trim());
    } else if (line.startsWith("data:")) {
      data.push(line.slice(5).replace(/^ /, ""));
    }
  }
  if (id === undefined || data.length === 0) {
    return undefined; // a keep-alive comment
  }
  const event: unknown = JSON.parse(data.join("\n"));
  return isEvent(event) ? { id, event } : undefined;
}

/** Whether a parsed value has the shape every event shares (sequence, type, actor, occurredAt). */
export function isEvent(value: unknown): value is DraftingEvent {
  return (
    typeof value === "object" &&
    value !== null &&
    "sequence" in value &&
    typeof value.sequence === "number" &&
    "type" in value &&
    typeof value.type === "string" &&
    "actor" in value &&
    typeof value.actor === "string" &&
    "occurredAt" in value
  );
}

export { signWebhook, verifyWebhook, type VerifyOptions, type WebhookHeaders } from "./webhooks.js";
/** What a webhook delivers: one event of a document's log, as the subscription's owner may read it. */
export type WebhookEvent = DraftingEvent & { documentId: string };
