// OewgDrafting reference viewer: the text as DOM nodes. Every text from the API becomes a text node, never HTML;
// links are made only to http(s) and in-page targets.

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Only links that cannot run anything: http(s) and in-page anchors. */
function safeHref(target) {
  if (typeof target !== "string") return null;
  if (/^https?:\/\//i.test(target)) return target;
  if (/^#[\w-]*$/.test(target)) return target;
  return null;
}

/**
 * Where a reference leads. The seed writes document symbols with an empty target ([75/240](#)): a resolution
 * number such as 75/240 is A/RES/75/240, and a full symbol (A/AC.292/2025/L.1) is itself; both open in the UN's
 * Official Document System.
 */
function referenceHref(label, target) {
  const explicit = safeHref(target);
  if (explicit !== null && explicit !== "#") return explicit;
  if (/^\d{1,3}\/\d{1,4}$/.test(label)) return `https://undocs.org/A/RES/${label}`;
  if (/^[A-Z]{1,4}(\/[A-Za-z0-9.()-]+)+$/.test(label)) return `https://undocs.org/${label}`;
  return null;
}

function reference(label, target) {
  const href = referenceHref(label, target);
  return href === null
    ? el("span", { class: "reference" }, label)
    : el("a", { class: "reference", href, rel: "noopener noreferrer" }, label);
}

function unescapeSource(text) {
  return text.replace(/\\([[\]\/\\])/g, "$1");
}

/**
 * Source-convention text (as the compilation and the redline carry it) with its references [label](target) as
 * links and everything else as text.
 */
export function sourceText(text) {
  const nodes = [];
  const pattern = /\[([^\[\]\n]+)\]\(([^()\s\[\]]+)\)/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > 0 && text[match.index - 1] === "\\") continue;
    if (match[1].includes(" / ")) continue; // alternatives, not a reference
    nodes.push(unescapeSource(text.slice(last, match.index)));
    nodes.push(reference(unescapeSource(match[1]), match[2]));
    last = match.index + match[0].length;
  }
  nodes.push(unescapeSource(text.slice(last)));
  return nodes.filter((n) => n !== "");
}

export function documentHeader(doc) {
  return [
    ...(doc.frontMatter ?? []).map((line) => el("p", { class: "front-matter" }, line.text)),
    el("h2", { class: "title" }, doc.title),
  ];
}

export function blockElement(block, ...children) {
  const heading = block.kind === "heading";
  const tag = heading ? `h${Math.min(Math.max((block.level ?? 1) + 2, 3), 6)}` : "p";
  return el(tag, { class: heading ? "heading block" : "paragraph block", id: `block-${block.id}`, "data-block": block.id },
    block.label ? el("span", { class: "label" }, block.label) : null, ...children);
}

export function segments(list) {
  return list.map((segment) => {
    switch (segment.type) {
      case "text":
        return segment.text;
      case "reference":
        return reference(segment.label, segment.target);
      case "bracket": {
        const many = segment.alternatives.length > 1;
        const only = !many ? segment.alternatives[0] ?? [] : [];
        const placeholder = !many && only.every((s) => s.type === "text");
        const node = el("mark", {
          class: `bracket${many ? " alternatives" : ""}${placeholder ? " placeholder" : ""}`,
          "data-bracket": segment.index,
          title: many ? `Bracket ${segment.index + 1}: ${segment.alternatives.length} alternatives` : `Bracket ${segment.index + 1}: not agreed`,
        }, "[");
        segment.alternatives.forEach((alternative, i) => {
          if (i > 0) node.append(el("span", { class: "separator" }, " / "));
          node.append(many ? el("span", { class: "alternative", "data-alternative": i }, segments(alternative)) : append(document.createDocumentFragment(), segments(alternative)));
        });
        node.append("]");
        return node;
      }
      default:
        return "";
    }
  });
}
