/**
 * The whole negotiation, from outside, with typed calls only: a working copy of the demo report is opened,
 * amended, argued over, agreed and adopted, while a delegation follows the document's event stream.
 *
 *   OEWG_URL=http://localhost:5000 OEWG_CHAIR_KEY=oewg_… npm run example
 *
 * It runs on any server with the demo loaded, as often as you like: each run negotiates its own copy.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createDraftingClient,
  done,
  followEvents,
  ok,
  verifyWebhook,
  type DraftingClient,
  type DraftingEvent,
  type Schemas,
  type WebhookEvent,
} from "../src/index.js";

const baseUrl = process.env.OEWG_URL ?? "http://localhost:5000";
const chairKey = process.env.OEWG_CHAIR_KEY;
if (chairKey === undefined || chairKey === "") {
  throw new Error("Set OEWG_CHAIR_KEY to the chair's key (printed at first start, or your Auth__ChairApiKey).");
}

const DEMO = "A/AC.292/2025/L.1";
const chair = createDraftingClient(baseUrl, chairKey);

function step(message: string): void {
  console.log(`· ${message}`);
}

function expect(condition: boolean, message: string): asserts condition {
  if (!condition) {
    throw new Error(`Expected: ${message}`);
  }
}

/** A delegation registered (if it is not yet) and a fresh key for it, as a client acting for it. */
async function delegation(code: string, name: string): Promise<DraftingClient> {
  const existing = await chair.GET("/api/delegations/{code}", { params: { path: { code } } });
  if (existing.response.status === 404) {
    ok(await chair.POST("/api/delegations", { body: { code, name, kind: "memberState" } }));
    step(`registered ${code} (${name})`);
  } else {
    ok(existing);
  }
  const issued = ok(await chair.POST("/api/delegations/{code}/keys", { params: { path: { code } } }));
  return createDraftingClient(baseUrl, issued.key);
}

// 1. The documents on the server, and the demo report among them.
const documents = ok(await chair.GET("/api/documents"));
const demoSummary = documents.find((d) => d.symbol === DEMO);
expect(demoSummary !== undefined, `the demo document ${DEMO} is loaded`);
step(`${documents.length} document(s); the demo is ${demoSummary.symbol}, “${demoSummary.title}”`);

// 2. Delegations and their keys.
const spain = await delegation("ESP", "España");
const france = await delegation("FRA", "Francia");
const mexico = await delegation("MEX", "México");
const italy = await delegation("ITA", "Italia");
step("keys issued to ESP, FRA, MEX and ITA");

// 3. A working copy of the demo, so that every run starts from the same text.
const demo = ok(await chair.GET("/api/documents/{documentId}", { params: { path: { documentId: demoSummary.id } } }));
const copy = ok(
  await chair.POST("/api/documents", {
    body: {
      symbol: `${DEMO}/TS.${Date.now()}`,
      title: demo.title,
      language: demo.language,
      frontMatter: demo.frontMatter,
      blocks: demo.blocks.map((b) => ({ kind: b.kind, label: b.label, level: b.level, text: b.text })),
    },
  }),
);
const documentId = copy.id;
step(`created ${copy.symbol} with ${copy.blocks.length} blocks`);

// 4. Italy follows the document live from its first event.
const streamed: DraftingEvent[] = [];
const stop = new AbortController();
const following = (async () => {
  try {
    for await (const { event } of followEvents(italy, documentId, { lastEventId: 0, signal: stop.signal })) {
      streamed.push(event);
      if (event.type === "documentAdopted") {
        return;
      }
    }
  } catch (error) {
    if (!stop.signal.aborted) {
      throw error;
    }
  }
})();

// 5. The chair opens the negotiation.
ok(await chair.POST("/api/documents/{documentId}/open", { params: { path: { documentId } } }));
const opened = ok(await chair.GET("/api/documents/{documentId}", { params: { path: { documentId } } }));
expect(opened.status === "negotiation", "the document is under negotiation");
step("opened: draft → negotiation");

const paragraph = (label: string): Schemas["BlockResponse"] => {
  const block = opened.blocks.find((b) => b.kind === "paragraph" && b.label === label);
  expect(block !== undefined, `paragraph ${label} exists`);
  return block;
};
const p1 = paragraph("1");
const p2 = paragraph("2");
const annex = opened.blocks[opened.blocks.length - 1];
expect(annex !== undefined && annex.openBrackets === 1, "the annex is the placeholder [por completar]");

// 6. Spain proposes; France co-sponsors.
const a1 = ok(
  await spain.POST("/api/documents/{documentId}/amendments", {
    params: { path: { documentId } },
    body: { kind: "replace", blockId: p1.id, baseVersion: p1.version, quote: "decidió", text: "resolvió", justification: "Estilo." },
  }),
);
step(`A${a1.number} tabled by ${a1.proposer}: replace “${a1.quote ?? ""}” with “${a1.text ?? ""}”`);
const cosponsored = ok(
  await france.POST("/api/documents/{documentId}/amendments/{amendmentId}/cosponsor", {
    params: { path: { documentId, amendmentId: a1.id } },
  }),
);
expect(cosponsored.cosponsors.includes("FRA"), "France co-sponsors A1");

// 6b. Mexico amends Spain's words (a sub-amendment); the chair takes it, so A1 now proposes Mexico's wording.
const s1 = ok(
  await mexico.POST("/api/documents/{documentId}/amendments/{amendmentId}/sub-amendments", {
    params: { path: { documentId, amendmentId: a1.id } },
    body: { kind: "replace", quote: "resolvió", text: "resolvió por consenso" },
  }),
);
expect(s1.parentId === a1.id && s1.preview?.text === "resolvió por consenso", "the sub-amendment previews A1's new words");
ok(await chair.POST("/api/documents/{documentId}/amendments/{amendmentId}/accept", { params: { path: { documentId, amendmentId: s1.id } } }));
const a1Now = ok(await chair.GET("/api/documents/{documentId}/amendments/{amendmentId}", { params: { path: { documentId, amendmentId: a1.id } } }));
expect(a1Now.text === "resolvió por consenso", "A1 proposes the sub-amended words");
step(`A${s1.number} (${s1.proposer}) sub-amends A${a1.number}: it now proposes “${a1Now.text ?? ""}”`);

// 6c. The chair publishes its proposed handling of A1; Spain accepts it; A1 goes on the table; the decision list shows it all.
ok(
  await chair.PUT("/api/documents/{documentId}/amendments/{amendmentId}/handling", {
    params: { path: { documentId, amendmentId: a1.id } },
    body: { handling: "accept" },
  }),
);
ok(await spain.POST("/api/documents/{documentId}/amendments/{amendmentId}/handling/accept", { params: { path: { documentId, amendmentId: a1.id } } }));
ok(await chair.PUT("/api/documents/{documentId}/on-the-table", { params: { path: { documentId } }, body: { amendmentId: a1.id } }));
const decisions = ok(await chair.GET("/api/documents/{documentId}/decision-list", { params: { path: { documentId } } }));
const item = decisions.items.find((i) => i.amendments.some((a) => a.id === a1.id));
expect(item?.handling?.handling === "accept" && item.handling.answer === "accepted", "the decision list shows the handling and Spain's answer");
const table = ok(await italy.GET("/api/documents/{documentId}/on-the-table", { params: { path: { documentId } } }));
expect(table.amendmentId === a1.id && table.blockId === p1.id, "A1 and its paragraph are on the table");
step(`decision list: item ${item.item}, ${item.change}: proposed ${item.handling.handling}, ${item.amendments[0]?.proposer ?? ""} ${item.handling.answer}`);

// 7. Positions: on the amendment, on a paragraph, on the annex's bracket.
ok(
  await mexico.PUT("/api/documents/{documentId}/amendments/{amendmentId}/positions/{delegationCode}", {
    params: { path: { documentId, amendmentId: a1.id, delegationCode: "MEX" } },
    body: { stance: "support", statement: "México apoya." },
  }),
);
ok(
  await italy.PUT("/api/documents/{documentId}/blocks/{blockId}/positions/{delegationCode}", {
    params: { path: { documentId, blockId: p2.id, delegationCode: "ITA" } },
    body: { stance: "noObjection" },
  }),
);
const onBracket = ok(
  await france.PUT("/api/documents/{documentId}/blocks/{blockId}/brackets/{bracketIndex}/positions/{delegationCode}", {
    params: { path: { documentId, blockId: annex.id, bracketIndex: 0, delegationCode: "FRA" } },
    body: { stance: "delete", statement: "El anexo debe completarse." },
  }),
);
step(`positions: MEX supports A${a1.number}, ITA does not object to paragraph 2, FRA on the annex bracket: ${onBracket.stance}`);

// 8. The chair's compilation: A1 at its place, attributed.
const compilation = ok(
  await chair.GET("/api/documents/{documentId}/text", {
    params: { path: { documentId }, query: { view: "compilation", format: "json" } },
  }),
);
expect("items" in compilation, "the compilation view answers the compilation");
const attributed = compilation.items
  .flatMap((item) => item.amendments)
  .find((a) => a.id === a1.id);
expect(attributed !== undefined, "A1 is in the compilation");
expect(attributed.cosponsors.includes("FRA") && attributed.supporters.includes("MEX"), "A1 shows its co-sponsor and supporter");
step(`compilation: ${attributed.attribution}`);

// 9. Decisions: accept A1; replace the annex placeholder through an amendment the chair accepts.
const accepted = ok(
  await chair.POST("/api/documents/{documentId}/amendments/{amendmentId}/accept", { params: { path: { documentId, amendmentId: a1.id } } }),
);
expect(accepted.status === "accepted", "A1 is accepted");
const a2 = ok(
  await spain.POST("/api/documents/{documentId}/amendments", {
    params: { path: { documentId } },
    body: { kind: "replaceParagraph", blockId: annex.id, baseVersion: annex.version, text: "Lista de medidas de fomento de la confianza." },
  }),
);
ok(await chair.POST("/api/documents/{documentId}/amendments/{amendmentId}/accept", { params: { path: { documentId, amendmentId: a2.id } } }));
step(`A${a1.number} and A${a2.number} accepted: the annex placeholder is replaced`);

// 9b. Running the meeting: a tabling deadline shown in New York time, and an amendment Mexico moves orally in the room,
// entered by the chair, attributed to Mexico and marked oral; the chair does not take it.
const deadline = ok(
  await chair.PUT("/api/documents/{documentId}/deadline", {
    params: { path: { documentId } },
    body: { due: new Date(Date.now() + 3_600_000).toISOString(), timeZone: "America/New_York" },
  }),
);
expect(deadline.timeZone === "America/New_York" && deadline.due !== null, "the deadline is kept with its time zone");
const oral = ok(
  await chair.POST("/api/documents/{documentId}/amendments/oral", {
    params: { path: { documentId } },
    body: { delegation: "MEX", kind: "replaceParagraph", blockId: p2.id, baseVersion: p2.version, text: "Texto propuesto en sala." },
  }),
);
expect(oral.oral && oral.proposer === "MEX" && oral.submittedBy === "CHAIR", "the oral amendment is Mexico's, entered by the chair");
// 9c. The chair hands section I to a cluster that Brazil facilitates: Brazil decides there, and cannot adopt.
const brazil = await delegation("BRA", "Brasil");
const introduction = opened.blocks.find((b) => b.kind === "heading" && b.text === "Introducción");
expect(introduction !== undefined, "the report has an introduction");
const cluster = ok(
  await chair.POST("/api/documents/{documentId}/clusters", {
    params: { path: { documentId } },
    body: { name: "I", sections: [introduction.id], facilitators: ["BRA"] },
  }),
);
const rejected = ok(
  await brazil.POST("/api/documents/{documentId}/amendments/{amendmentId}/reject", {
    params: { path: { documentId, amendmentId: oral.id } },
    body: { reason: "No hubo apoyo en sala." },
  }),
);
expect(rejected.decidedBy === "BRA", "the facilitator's decision is recorded as Brazil's");
const notAdopted = await brazil.POST("/api/documents/{documentId}/adopt", { params: { path: { documentId } } });
expect(notAdopted.response.status === 403, `a facilitator cannot adopt (got ${notAdopted.response.status})`);
step(`deadline ${deadline.due ?? ""} (${deadline.timeZone}); oral A${oral.number} moved by ${oral.proposer}, not taken by cluster ${cluster.name}'s facilitator ${cluster.facilitators.join(", ")}`);

// 9d. Spain's own systems are told by webhook (the server allows 127.0.0.1 in Webhooks:AllowedHosts): a receiver here
// verifies each delivery's signature.
const delivered: WebhookEvent[] = [];
let webhookSecret = "";
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    try {
      delivered.push(verifyWebhook<WebhookEvent>(webhookSecret, request.headers, Buffer.concat(chunks).toString("utf8")).event);
      response.writeHead(204).end();
    } catch (error) {
      response.writeHead(400).end(String(error));
    }
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const receiverPort = (receiver.address() as AddressInfo).port;
const subscription = ok(
  await spain.POST("/api/webhooks", {
    body: { url: `http://127.0.0.1:${receiverPort}/hook`, documentId, eventTypes: ["blockAgreed"], description: "Misión de España" },
  }),
);
webhookSecret = subscription.secret;

// 10. Agree every paragraph, then the consensus picture.
const current = ok(await chair.GET("/api/documents/{documentId}", { params: { path: { documentId } } }));
const toAgree = current.blocks.filter((b) => b.kind === "paragraph" && b.status === "open");
for (const block of toAgree) {
  ok(await chair.POST("/api/documents/{documentId}/blocks/{blockId}/agree", { params: { path: { documentId, blockId: block.id } } }));
}
for (let waited = 0; delivered.length < toAgree.length && waited < 100; waited++) {
  await new Promise((resolve) => setTimeout(resolve, 100));
}
receiver.close();
expect(delivered.length === toAgree.length && delivered.every((e) => e.type === "blockAgreed" && e.documentId === documentId),
  `every agreement reached Spain's receiver, signed (${delivered.length} of ${toAgree.length})`);
step(`webhooks: ${delivered.length} signed blockAgreed deliveries verified, in order from sequence ${delivered[0]?.sequence ?? "?"}`);
const consensus = ok(await chair.GET("/api/documents/{documentId}/consensus", { params: { path: { documentId } } }));
expect(consensus.canAdopt, `nothing blocks adoption (${consensus.totals.blockedBlocks} blocked blocks)`);
step(`consensus: ${consensus.totals.blocks} blocks, nothing blocks adoption`);

// 11. Adoption, and its record.
ok(await chair.POST("/api/documents/{documentId}/adopt", { params: { path: { documentId } } }));
const adoption = ok(await chair.GET("/api/documents/{documentId}/adoption", { params: { path: { documentId } } }));
expect(adoption.method === "consensus", "adopted by consensus");
step(`adopted by ${adoption.method} at revision ${adoption.finalRevision}, document version ${adoption.documentVersion}`);

// 12. The stream saw it all, in order, ending with the adoption.
const timeout = setTimeout(() => stop.abort(), 10_000);
await following;
clearTimeout(timeout);
stop.abort();
const last = streamed[streamed.length - 1];
expect(last !== undefined && last.type === "documentAdopted", "the stream delivered the adoption");
expect(streamed.every((e, i) => e.sequence === i + 1), "the stream delivered every event, in order, without gaps");
expect(last.sequence === adoption.documentVersion, "the last event's sequence is the adopted version");
const page = ok(await italy.GET("/api/documents/{documentId}/events", { params: { path: { documentId }, query: { after: 0, limit: 500 } } }));
expect(page.events.length === streamed.length, "the paged log and the stream agree");
step(`event stream: ${streamed.length} events, ${[...new Set(streamed.map((e) => e.type))].join(", ")}`);

// 13. Adopted, the text is precedent: its words are found by search, and a sentence of it is agreed language.
const adopted = ok(await chair.GET("/api/documents/{documentId}", { params: { path: { documentId } } }));
const firstParagraph = adopted.blocks.find((b) => b.kind === "paragraph");
expect(firstParagraph !== undefined, "the adopted text has paragraphs");
const found = ok(await spain.GET("/api/search", { params: { query: { q: "\"tecnologías de la información\"", document: documentId, status: "adopted" } } }));
expect(found.total > 0 && found.results.every((r) => r.status === "adopted"), "a phrase search finds the adopted paragraphs");
step(`search: ${found.total} adopted paragraph(s) with “tecnologías de la información”, first ¶${found.results[0]?.label}`);
const sentence = firstParagraph.text.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").split(" ").slice(0, 14).join(" ");
const precedent = ok(await spain.POST("/api/precedents", { body: { text: sentence } }));
expect(precedent.agreedLanguage !== null && precedent.agreedLanguage !== undefined, "a sentence of an adopted text is agreed language");
step(`precedent: “${sentence.slice(0, 40)}…” is ${precedent.agreedLanguage.note}`);

// A refused request is a typed problem, and changes nothing.
const refused = await spain.POST("/api/documents/{documentId}/adopt", { params: { path: { documentId } } });
expect(refused.response.status === 403 && refused.error !== undefined, "a delegation may not adopt");
done(await chair.GET("/api/documents/{documentId}/consensus", { params: { path: { documentId } } }));
console.log("negotiation complete");
