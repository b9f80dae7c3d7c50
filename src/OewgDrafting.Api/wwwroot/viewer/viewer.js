// OewgDrafting reference viewer: no build step, no framework, no inline script (the page's CSP forbids it).
// Every text that comes from the API is inserted as text (textContent / text nodes), never as HTML.
// The key lives in sessionStorage (this tab only), is sent as X-Api-Key and never appears in a URL.

import { convergenceChart, historyToggle, searchResults } from "./library.js";
import { blockElement, documentHeader, el, segments, sourceText } from "./text.js";

const KEY = "oewg.viewer.key";
const $ = (id) => document.getElementById(id);

const state = {
  key: sessionStorage.getItem(KEY),
  documents: [],
  documentId: null,
  language: null,
  view: "clean",
  from: null,
  to: "current",
  stream: null,
  lastEventId: 0,
  refreshTimer: null,
  renderCount: 0,
  query: "",
  focusBlock: null,
  following: true,
  pointedAt: undefined, // undefined: not read yet for this document (marked, not scrolled to); null: scroll to it
};

// ---- HTTP ---------------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The server answered ${status}.`);
    this.status = status;
  }
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { Accept: "application/json", "X-Api-Key": state.key ?? "", ...(options.headers ?? {}) },
    cache: "no-store",
  });
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not JSON */ }
    throw new ApiError(response.status, problem);
  }
  return response.json();
}

const docPath = (suffix = "") => `/api/documents/${encodeURIComponent(state.documentId)}${suffix}`;

// ---- Views ----------------------------------------------------------------------------------------------------

const STATUS = { draft: "draft", open: "open", agreedAdRef: "agreed ad ref.", adopted: "adopted" };

async function renderClean() {
  const doc = await api(docPath("/text?format=json"));
  const documentId = state.documentId;
  return [
    ...documentHeader(doc),
    ...doc.blocks.flatMap((block) => [blockElement(block,
      ...segments(block.segments),
      block.kind === "paragraph" && block.status !== "draft" ? el("span", { class: "status" }, STATUS[block.status] ?? block.status) : null),
    block.kind === "paragraph" && block.label
      ? historyToggle(() => api(`/api/documents/${encodeURIComponent(documentId)}/blocks/${encodeURIComponent(block.id)}/history`))
      : null]).filter(Boolean),
  ];
}

async function renderSearch() {
  const answer = await api(`/api/search?q=${encodeURIComponent(state.query)}&limit=50`);
  return searchResults(answer, openResult);
}

async function openResult(documentId, blockId) {
  state.focusBlock = blockId;
  state.view = "clean";
  for (const button of document.querySelectorAll(".views [data-view]")) {
    button.setAttribute("aria-pressed", String(button.dataset.view === "clean"));
  }
  if (documentId !== state.documentId) {
    $("document").value = documentId;
    await selectDocument(documentId);
  } else {
    await render();
  }
}

function attributionLine(a) {
  const parts = [`A${a.number}`, `${a.kind}`, `proposed by ${a.proposer}`];
  if (a.cosponsors.length) parts.push(`co-sponsored by ${a.cosponsors.join(", ")}`);
  if (a.supporters.length) parts.push(`supported by ${a.supporters.join(", ")}`);
  if (a.opposers.length) parts.push(`opposed by ${a.opposers.join(", ")}`);
  if (a.reserving.length) parts.push(`reservations: ${a.reserving.join(", ")}`);
  if (a.collidesWith.length) parts.push(`collides with ${a.collidesWith.join(", ")}`);
  if (a.agreedLanguage) parts.push(a.agreedLanguage);
  return parts.join(" · ");
}

function amendmentList(amendments) {
  if (!amendments.length) return null;
  return el("ul", { class: "amendments", "aria-label": "Amendments" },
    amendments.map((a) => el("li", { "data-amendment": a.id, "data-number": a.number, class: a.agreedLanguage ? "agreed-language" : null }, attributionLine(a),
      a.text ? [": ", el("q", {}, a.text)] : null)));
}

function changePiece(piece, amendments) {
  const a = amendments.find((x) => x.id === piece.amendmentId);
  if (!a) return sourceText(piece.inline);
  const nodes = [];
  const original = sourceText(piece.original);
  if (a.kind === "insert" && a.placement === "after") nodes.push(...original);
  if (a.kind === "delete" || a.kind === "replace") nodes.push(el("del", { "data-amendment": a.id }, original));
  if ((a.kind === "insert" || a.kind === "replace") && a.text) nodes.push(el("ins", { "data-amendment": a.id }, a.text));
  nodes.push(" ", el("span", { class: "attribution" }, `(${a.attribution})`));
  if (a.kind === "insert" && a.placement !== "after") nodes.push(" ", ...original);
  return nodes;
}

async function renderCompilation() {
  const doc = await api(docPath("/text?view=compilation&format=json"));
  const nodes = [...documentHeader(doc)];
  for (const item of doc.items) {
    if (item.type === "proposedParagraph") {
      nodes.push(el("p", { class: "paragraph block proposed" },
        item.label ? el("span", { class: "label" }, `${item.label}.`) : null,
        el("ins", {}, item.text), " ",
        el("span", { class: "attribution" }, item.amendments.map((a) => `(${a.attribution}; new paragraph)`).join(" "))));
      nodes.push(amendmentList(item.amendments));
      continue;
    }
    const pieces = item.pieces.flatMap((piece) => piece.type === "change" ? changePiece(piece, item.amendments) : sourceText(piece.text));
    nodes.push(blockElement(item, ...pieces));
    if (item.notes.length) {
      nodes.push(el("ul", { class: "notes", "aria-label": "Notes" }, item.notes.map((n) => el("li", {}, n.text))));
    }
    nodes.push(amendmentList(item.amendments));
  }
  return nodes.filter(Boolean);
}

async function renderConsensus() {
  const [doc, picture, history] = await Promise.all([api(docPath()), api(docPath("/consensus")), api(docPath("/status-history"))]);
  const t = picture.totals;
  const blocking = picture.blockers.filter((b) => b.blocksAdoption);
  const nodes = [
    el("h2", { class: "title" }, doc.title),
    el("p", { class: "summary" }, picture.canAdopt
      ? "Nothing blocks adoption: the chair may adopt by consensus."
      : `${t.blockedBlocks} of ${t.blocks} blocks still block adoption.`),
    el("ul", { class: "totals", "aria-label": "Totals" },
      el("li", {}, `Open brackets: ${t.openBrackets}`),
      el("li", {}, `Pending amendments: ${t.pendingAmendments}`),
      el("li", {}, `Objections: ${t.objections}`),
      el("li", {}, `Paragraphs not agreed: ${t.paragraphsNotAgreed}`),
      el("li", {}, `Silence procedures: ${t.silenceProcedures}`)),
  ];
  if (blocking.length) {
    const rows = blocking.map((b) => el("tr", { "data-block": b.blockId },
      el("th", { scope: "row" }, b.label ?? "—"),
      el("td", {}, STATUS[b.status] ?? b.status),
      el("td", {}, String(b.openBrackets)),
      el("td", {}, b.pendingAmendments.map((p) => `A${p.number} (${p.proposer})`).join(", ") || "—"),
      el("td", {}, b.objections.map((o) => o.statement ? `${o.delegation}: ${o.statement}` : o.delegation).join("; ") || "—"),
      el("td", {}, b.silenceProcedures.length ? "under way" : "—")));
    nodes.push(el("div", { class: "table-wrap" }, el("table", {},
      el("caption", {}, "What still blocks adoption, per paragraph"),
      el("thead", {}, el("tr", {}, ["Block", "Status", "Open brackets", "Pending amendments", "Objections", "Silence"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows))));
  }
  nodes.push(convergenceChart(history));
  return nodes.filter(Boolean);
}

const HANDLING = { accept: "accept", bracket: "bracket", reject: "reject", merge: "merge", discuss: "to be discussed" };

async function renderDecisions() {
  const list = await api(docPath("/decision-list"));
  if (!list.items.length) return [el("p", { class: "summary" }, "No amendment is pending: there is nothing to decide.")];
  const rows = list.items.map((item) => el("tr", { "data-block": item.blockId, "data-item": item.item,
      "data-amendments": item.amendments.map((a) => a.id).join(" ") },
    el("th", { scope: "row" }, item.subAmendmentOf ? `${item.item} (to ${item.subAmendmentOf})` : String(item.item)),
    el("td", {}, item.label ?? "—"),
    el("td", {}, `${item.amendments.map((a) => `A${a.number}`).join(", ")}: ${item.change}`,
      item.collidesWith.length ? el("span", { class: "collides" },
        ` (excludes ${item.collidesWith.join(", ")}; ${item.order === "chair" ? "in the chair's order" : "furthest from the text first"})`) : null),
    el("td", {}, item.amendments.map((a) => a.proposer + (a.oral ? " (oral)" : a.late ? " (late)" : "")).join("; ")),
    el("td", { class: "handling" }, item.handling
      ? `${HANDLING[item.handling.handling] ?? item.handling.handling}${item.handling.text ? `: “${item.handling.text}”` : ""}` : "—"),
    el("td", { class: "answer" }, item.amendments.filter((a) => a.handling?.answer)
      .map((a) => `${a.handling.answeredBy} ${a.handling.answer}${a.handling.statement ? `: ${a.handling.statement}` : ""}`).join("; ") || "—")));
  return [el("div", { class: "table-wrap" }, el("table", {},
    el("caption", {}, "What the chair takes, in order, with its proposed handling"),
    el("thead", {}, el("tr", {}, ["Item", "Paragraph", "Amendment", "Proposers", "Proposed handling", "Proposer's answer"].map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows)))];
}

async function loadRevisions() {
  const revisions = await api(docPath("/revisions"));
  const from = $("from"), to = $("to");
  from.replaceChildren(...revisions.map((r) => el("option", { value: r.number }, `Rev. ${r.number} — ${r.name}`)));
  to.replaceChildren(...revisions.map((r) => el("option", { value: r.number }, `Rev. ${r.number} — ${r.name}`)),
    el("option", { value: "current" }, "Current text"));
  if (revisions.length) {
    if (state.from === null || !revisions.some((r) => String(r.number) === String(state.from))) state.from = revisions[0].number;
    from.value = String(state.from);
    to.value = String(state.to);
    if (to.value === "") { state.to = "current"; to.value = "current"; }
  }
  return revisions;
}

async function renderRedline() {
  const revisions = await loadRevisions();
  if (!revisions.length) {
    return [el("p", {}, "No revision has been issued yet: the zero draft is frozen when the negotiation opens.")];
  }
  const diff = await api(docPath(`/diff?from=${encodeURIComponent(state.from)}&to=${encodeURIComponent(state.to)}&format=json`));
  const nodes = [el("p", { class: "summary" },
    `${diff.from} → ${diff.to}: ${diff.modified} modified, ${diff.added} added, ${diff.deleted} deleted, ${diff.moved} moved, ${diff.relabelled} relabelled.`)];
  for (const b of diff.blocks) {
    const label = b.toLabel ?? b.fromLabel;
    let body;
    switch (b.change) {
      case "added": body = [el("ins", {}, sourceText(b.toText ?? ""))]; break;
      case "deleted": body = [el("del", {}, sourceText(b.fromText ?? ""))]; break;
      case "modified":
        body = (b.words ?? []).map((w) => w.type === "inserted" ? el("ins", {}, sourceText(w.text))
          : w.type === "deleted" ? el("del", {}, sourceText(w.text)) : sourceText(w.text));
        break;
      default: body = sourceText(b.toText ?? b.fromText ?? "");
    }
    nodes.push(blockElement({ id: b.blockId, kind: b.kind, level: 1, label }, ...body,
      b.relabelled ? el("span", { class: "relabelled" }, ` (was ${b.fromLabel})`) : null,
      b.moved ? el("span", { class: "moved" }, " (moved)") : null));
  }
  return nodes;
}

const VIEWS = { clean: renderClean, compilation: renderCompilation, consensus: renderConsensus, redline: renderRedline, search: renderSearch,
  decisions: renderDecisions };

async function render() {
  if (!state.documentId) return;
  const content = $("content");
  try {
    const nodes = await VIEWS[state.view]();
    content.replaceChildren(...nodes);
    content.lang = state.language ?? "";
    content.dataset.shown = state.view;
    content.dataset.renders = String(++state.renderCount);
    showMessage("");
    if (state.following && state.view !== "search") await showTable();
    if (state.focusBlock) {
      const target = document.getElementById(`block-${state.focusBlock}`);
      state.focusBlock = null;
      if (target) {
        target.classList.add("found");
        target.setAttribute("tabindex", "-1");
        target.scrollIntoView({ block: "center" });
        target.focus();
      }
    }
  } catch (error) {
    handleError(error);
  }
}

// What is on the table now: marked wherever it shows (its paragraph, its decision-list items), and scrolled to when
// the chair moves it while the page is open (opening a document starts at its top, where keyboard navigation starts).
async function showTable() {
  const pointer = await api(docPath("/on-the-table"));
  for (const old of document.querySelectorAll(".on-the-table")) old.classList.remove("on-the-table");
  if (!pointer.blockId) {
    state.pointedAt = "";
    return;
  }
  const targets = state.view === "decisions"
    ? [...document.querySelectorAll("tr[data-item]")].filter((row) => pointer.amendmentId
      ? row.dataset.amendments.split(" ").includes(pointer.amendmentId) : row.dataset.block === pointer.blockId)
    : [document.getElementById(`block-${pointer.blockId}`)].filter(Boolean);
  for (const target of targets) target.classList.add("on-the-table");
  const moved = `${pointer.blockId}/${pointer.amendmentId ?? ""}/${pointer.setAt}`;
  if (targets.length && state.pointedAt !== undefined && moved !== state.pointedAt) targets[0].scrollIntoView({ block: "center" });
  state.pointedAt = moved;
}

function scheduleRender() {
  clearTimeout(state.refreshTimer);
  state.refreshTimer = setTimeout(render, 150);
}

// ---- Live updates: the event stream read with fetch (EventSource cannot send X-Api-Key) -----------------------

function stopStream() {
  state.stream?.abort();
  state.stream = null;
}

async function follow(documentId) {
  stopStream();
  const controller = new AbortController();
  state.stream = controller;
  let delay = 1000;
  while (!controller.signal.aborted && state.documentId === documentId) {
    try {
      const response = await fetch(`/api/documents/${encodeURIComponent(documentId)}/events`, {
        headers: { Accept: "text/event-stream", "X-Api-Key": state.key ?? "", "Last-Event-ID": String(state.lastEventId) },
        signal: controller.signal,
        cache: "no-store",
      });
      if (!response.ok || !response.body) throw new ApiError(response.status, null);
      setLive(true);
      delay = 1000;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const id = /^id: ?(\d+)$/m.exec(frame);
          if (id) {
            state.lastEventId = Number(id[1]);
            scheduleRender();
          }
        }
      }
    } catch (error) {
      if (controller.signal.aborted) return;
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        handleError(error);
        return;
      }
    }
    setLive(false);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 15000);
  }
}

function setLive(on) {
  const live = $("live");
  live.classList.toggle("on", on);
  live.textContent = on ? "Live: updates as the negotiation moves" : "Reconnecting…";
}

// ---- Wiring ---------------------------------------------------------------------------------------------------

function showMessage(text) {
  $("message").textContent = text;
}

function handleError(error) {
  if (error instanceof ApiError && error.status === 401) {
    forget();
    showMessage("The key was not accepted. Enter a valid API key.");
    return;
  }
  showMessage(error instanceof Error ? error.message : String(error));
}

function forget() {
  stopStream();
  sessionStorage.removeItem(KEY);
  state.key = null;
  state.documentId = null;
  $("controls").hidden = true;
  $("session").hidden = true;
  $("key-form").hidden = false;
  $("content").replaceChildren();
  $("key").focus();
}

async function selectDocument(id) {
  state.documentId = id;
  const summary = state.documents.find((d) => d.id === id);
  state.language = summary?.language ?? null;
  state.lastEventId = summary?.version ?? 0;
  state.from = null;
  state.to = "current";
  state.pointedAt = undefined;
  await render();
  follow(id);
}

async function start() {
  try {
    state.documents = await api("/api/documents");
  } catch (error) {
    handleError(error);
    return;
  }
  $("key-form").hidden = true;
  $("session").hidden = false;
  $("controls").hidden = false;
  const select = $("document");
  select.replaceChildren(...state.documents.map((d) => el("option", { value: d.id, lang: d.language }, `${d.symbol} — ${d.title}`)));
  if (!state.documents.length) {
    showMessage("There is no document yet.");
    return;
  }
  await selectDocument(state.documents[0].id);
}

function setView(view) {
  state.view = view;
  for (const button of document.querySelectorAll(".views [data-view]")) {
    button.setAttribute("aria-pressed", String(button.dataset.view === view));
  }
  $("redline-controls").hidden = view !== "redline";
  render();
}

document.addEventListener("DOMContentLoaded", () => {
  $("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const key = $("key").value.trim();
    if (!key) return;
    sessionStorage.setItem(KEY, key);
    state.key = key;
    $("key").value = "";
    start();
  });
  $("forget").addEventListener("click", forget);
  $("document").addEventListener("change", (event) => selectDocument(event.target.value));
  for (const button of document.querySelectorAll(".views [data-view]")) {
    button.addEventListener("click", () => setView(button.dataset.view));
  }
  $("follow").addEventListener("change", (event) => {
    state.following = event.target.checked;
    state.pointedAt = null;
    if (!state.following) for (const old of document.querySelectorAll(".on-the-table")) old.classList.remove("on-the-table");
    else render();
  });
  $("from").addEventListener("change", (event) => { state.from = event.target.value; render(); });
  $("to").addEventListener("change", (event) => { state.to = event.target.value; render(); });
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const query = $("search").value.trim();
    if (!query) return;
    state.query = query;
    setView("search");
  });
  if (state.key) start();
});
