/**
 * A webhook receiver: verifies each delivery with the subscription's secret, skips repeats by webhook-id (delivery is
 * at least once), and prints the event. Run: OEWG_WEBHOOK_SECRET=whsec_… node dist/examples/webhook-receiver.js [port]
 */
import { createServer } from "node:http";
import { verifyWebhook, type WebhookEvent } from "../src/index.js";

const secret = process.env.OEWG_WEBHOOK_SECRET;
if (!secret) {
  console.error("Set OEWG_WEBHOOK_SECRET to the secret shown when the subscription was made.");
  process.exit(2);
}
const port = Number(process.argv[2] ?? 8088);
const seen = new Set<string>();

createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    try {
      const { id, event } = verifyWebhook<WebhookEvent>(secret, request.headers, Buffer.concat(chunks).toString("utf8"));
      if (!seen.has(id)) {
        seen.add(id);
        console.log(`${event.documentId} #${event.sequence} ${event.type} by ${event.actor}`);
      }
      response.writeHead(204).end();
    } catch (error) {
      response.writeHead(400).end(String(error));
    }
  });
}).listen(port, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${port}`));
