// Renders the platform's OpenAPI document with nothing but this file: no framework, no CDN, nothing
// that the content security policy (default-src 'self') would refuse.
"use strict";

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
};

let components = {};

// A schema as a short TypeScript-like sketch; references are followed once per path, so cycles end.
function sketch(schema, indent = "", seen = new Set()) {
  if (!schema) return "any";
  if (schema.$ref) {
    const name = schema.$ref.split("/").pop();
    if (seen.has(name)) return name;
    return sketch(components[name], indent, new Set([...seen, name]));
  }
  for (const key of ["oneOf", "anyOf"]) {
    if (schema[key]) return schema[key].map(s => sketch(s, indent, seen)).join(" | ");
  }
  if (schema.allOf) return schema.allOf.map(s => sketch(s, indent, seen)).join(" & ");
  const types = [].concat(schema.type ?? []);
  if (types.length === 1 && types[0] === "null") return "null";
  const nullable = types.includes("null") ? " | null" : "";
  const type = types.find(t => t !== "null");
  if (schema.enum) return schema.enum.map(v => JSON.stringify(v)).join(" | ") + nullable;
  if (type === "array") return sketch(schema.items, indent, seen) + "[]" + nullable;
  if (type === "object" || schema.properties) {
    const required = new Set(schema.required ?? []);
    const lines = Object.entries(schema.properties ?? {}).map(([name, property]) =>
      `${indent}  ${name}${required.has(name) ? "" : "?"}: ${sketch(property, indent + "  ", seen)}`);
    if (schema.additionalProperties) lines.push(`${indent}  [key: string]: ${sketch(schema.additionalProperties, indent + "  ", seen)}`);
    return lines.length ? `{\n${lines.join("\n")}\n${indent}}${nullable}` : "object" + nullable;
  }
  return (type ?? "any") + (schema.format ? ` (${schema.format})` : "") + nullable;
}

function contentBlocks(content) {
  return Object.entries(content ?? {}).map(([mediaType, media]) =>
    el("div", {}, el("div", {}, mediaType), el("pre", {}, sketch(media.schema))));
}

function operationView(path, method, operation) {
  const body = el("div", { class: "body" });
  if (operation.description) body.append(el("p", {}, operation.description));
  const schemes = (operation.security ?? []).flatMap(requirement => Object.keys(requirement));
  body.append(el("p", { class: "auth" }, schemes.length ? `Sign-in: ${schemes.join(" or ")}` : "Sign-in: none needed"));
  const parameters = operation.parameters ?? [];
  if (parameters.length) {
    const table = el("table", {}, el("tr", {}, el("th", {}, "Parameter"), el("th", {}, "In"), el("th", {}, "Type")));
    for (const p of parameters) table.append(el("tr", {}, el("td", {}, p.name + (p.required ? "" : "?")), el("td", {}, p.in), el("td", {}, sketch(p.schema))));
    body.append(el("h4", {}, "Parameters"), table);
  }
  if (operation.requestBody) body.append(el("h4", {}, "Request body"), ...contentBlocks(operation.requestBody.content));
  body.append(el("h4", {}, "Responses"));
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    body.append(el("div", {}, el("strong", {}, status), " ", response.description ?? ""), ...contentBlocks(response.content));
  }
  const summary = el("summary", {}, el("span", { class: `method ${method}` }, method.toUpperCase()), el("code", {}, path));
  if (operation.summary) summary.append(el("span", { class: "summary" }, operation.summary));
  return el("details", {}, summary, body);
}

async function show() {
  const main = document.getElementById("operations");
  try {
    const response = await fetch("/openapi/v1.json", { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`the document answered ${response.status}`);
    const doc = await response.json();
    components = doc.components?.schemas ?? {};
    document.getElementById("title").textContent = `${doc.info?.title ?? "API"} ${doc.info?.version ?? ""}`.trim();
    document.getElementById("description").textContent = doc.info?.description ?? "";
    const byTag = new Map();
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const method of ["get", "post", "put", "patch", "delete"]) {
        if (!item[method]) continue;
        const tag = item[method].tags?.[0] ?? "Other";
        if (!byTag.has(tag)) byTag.set(tag, []);
        byTag.get(tag).push(operationView(path, method, item[method]));
      }
    }
    main.replaceChildren(...[...byTag].flatMap(([tag, views]) => [el("h2", {}, tag), ...views]));
  } catch (error) {
    main.replaceChildren(el("p", { class: "error" }, `Could not load the API description: ${error.message}`));
  }
}

show();
