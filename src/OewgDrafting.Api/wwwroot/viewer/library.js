// OewgDrafting reference viewer: the negotiator's memory. Search results, a paragraph's history and the convergence
// chart, built as DOM nodes (texts as text nodes; the chart as SVG elements), never from HTML strings.

import { el } from "./text.js";

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  for (const child of children.flat()) if (child) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

/** A snippet with its highlights (offsets into the text) as <mark> elements around text nodes. */
export function snippet(s) {
  const nodes = [];
  let at = 0;
  for (const h of [...s.highlights].sort((a, b) => a.start - b.start)) {
    if (h.start < at) continue;
    nodes.push(s.text.slice(at, h.start), el("mark", { class: "hit" }, s.text.slice(h.start, h.start + h.length)));
    at = h.start + h.length;
  }
  nodes.push(s.text.slice(at));
  return nodes.filter((n) => n !== "");
}

const TYPE = { paragraph: "Paragraph", version: "Earlier wording", amendment: "Amendment", translation: "Translation", comment: "Comment" };
const STANDING = { pending: "pending", agreedAdRef: "agreed ad ref.", adopted: "adopted" };

/** The results of a search, each linked to its paragraph (open: a callback given the document and block ids). */
export function searchResults(answer, open) {
  const nodes = [el("p", { class: "summary", role: "status" },
    answer.total === 0 ? `Nothing found for ${answer.query}.` : `${answer.total} found for ${answer.query}${answer.total > answer.results.length ? ` (first ${answer.results.length})` : ""}.`)];
  if (!answer.results.length) return nodes;
  nodes.push(el("ol", { class: "results" }, answer.results.map((r) => {
    const where = [r.symbol, r.label ? `¶${r.label}` : null, TYPE[r.type] ?? r.type,
      r.amendmentNumber ? `A${r.amendmentNumber} (${r.proposer})` : null, r.version ? `version ${r.version}` : null,
      STANDING[r.status] ?? r.status, r.language].filter(Boolean).join(" · ");
    const link = el("a", { href: r.blockId ? `#block-${r.blockId}` : "#", "data-document": r.documentId, "data-block": r.blockId ?? "" }, where);
    link.addEventListener("click", (event) => { event.preventDefault(); open(r.documentId, r.blockId); });
    return el("li", { class: "result", "data-type": r.type }, el("p", { class: "where" }, link), el("p", { class: "snippet" }, snippet(r.snippet)));
  })));
  return nodes;
}

const CAUSE = {
  drafted: "in the first text", added: "added by the chair", edited: "edited by the chair", amendmentAccepted: "amendment accepted",
  amendmentBracketed: "amendment placed in brackets", bracketResolved: "bracket resolved", renumbered: "renumbered",
};

/** A paragraph's versions in order, with what produced each. */
export function historyList(history) {
  return el("ol", { class: "history" }, history.versions.map((v) => {
    const cause = [CAUSE[v.cause] ?? v.cause];
    if (v.amendment) {
      cause.push(`A${v.amendment.number} by ${v.amendment.proposer}${v.amendment.cosponsors.length ? ` + ${v.amendment.cosponsors.join(", ")}` : ""}`);
    }
    if (v.revision) cause.push(v.revision.name);
    if (v.at) cause.push(new Date(v.at).toISOString().slice(0, 10));
    const frozen = v.revisions.length ? ` · in ${v.revisions.map((r) => r.name).join(", ")}` : "";
    const stances = v.positions.length ? ` · ${v.positions.map((p) => `${p.delegation} ${p.stance}`).join(", ")}` : "";
    return el("li", { "data-version": v.version },
      el("span", { class: "version" }, `v${v.version}${v.label ? ` (¶${v.label})` : ""}: ${cause.join(", ")}${frozen}${stances}`),
      el("q", {}, v.text));
  }));
}

/** A <details> that loads the paragraph's history the first time it is opened. */
export function historyToggle(load) {
  const details = el("details", { class: "history-toggle" }, el("summary", {}, "History"));
  details.addEventListener("toggle", async () => {
    if (!details.open || details.dataset.loaded) return;
    details.dataset.loaded = "yes";
    try {
      details.append(historyList(await load()));
    } catch (error) {
      details.append(el("p", { class: "message" }, error.message));
    }
  });
  return details;
}

const SERIES = [
  { key: "paragraphs", name: "Paragraphs", color: "#555" },
  { key: "agreedAdRef", name: "Agreed ad ref.", color: "#1a7f37" },
  { key: "openBrackets", name: "Open brackets", color: "#8a6d00" },
  { key: "pendingAmendments", name: "Pending amendments", color: "#0b5cad" },
];

/** The convergence over time as a small line chart (inline SVG), with its data as a table for screen readers. */
export function convergenceChart(history) {
  const points = history.timeline;
  if (!points.length) return null;
  const width = 560, height = 180, left = 36, bottom = 22, top = 8;
  const max = Math.max(1, ...points.flatMap((p) => SERIES.map((s) => p.totals[s.key])));
  const x = (i) => left + (points.length === 1 ? (width - left) / 2 : (i * (width - left - 8)) / (points.length - 1));
  const y = (v) => top + (height - top - bottom) * (1 - v / max);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img", "aria-labelledby": "chart-title" },
    svg("title", { id: "chart-title" }, "How the text is converging, day by day"),
    svg("line", { x1: left, y1: y(0), x2: width, y2: y(0), stroke: "#d0d4d9" }),
    svg("text", { x: 2, y: y(max) + 4, "font-size": 11 }, String(max)),
    svg("text", { x: 2, y: y(0), "font-size": 11 }, "0"),
    svg("text", { x: left, y: height - 4, "font-size": 11 }, points[0].day),
    points.length > 1 ? svg("text", { x: width - 70, y: height - 4, "font-size": 11 }, points[points.length - 1].day) : null,
    SERIES.map((s) => svg("polyline", {
      fill: "none", stroke: s.color, "stroke-width": 2, "data-series": s.key,
      points: points.map((p, i) => `${x(i).toFixed(1)},${y(p.totals[s.key]).toFixed(1)}`).join(" "),
    })));
  const legend = el("ul", { class: "legend" }, SERIES.map((s) => el("li", { style: null },
    el("span", { class: `swatch swatch-${s.key}`, "aria-hidden": "true" }), s.name)));
  const rows = (history.revisions.length ? history.revisions.map((r) => [r.name, r.totals]) : []).concat([["Now", history.current]]);
  const table = el("table", { class: "convergence" },
    el("caption", {}, "Per revision"),
    el("thead", {}, el("tr", {}, ["", ...SERIES.map((s) => s.name)].map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.map(([name, totals]) => el("tr", {}, el("th", { scope: "row" }, name), SERIES.map((s) => el("td", {}, String(totals[s.key])))))));
  return el("section", { class: "convergence-section", "aria-label": "Convergence" }, el("h3", {}, "How the text is converging"), chart, legend,
    el("div", { class: "table-wrap" }, table));
}
