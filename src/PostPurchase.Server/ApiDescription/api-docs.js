// Renders /openapi/v1.json as a readable page. Every value from the document is inserted as text (textContent),
// never as markup, so the page needs no inline script or style and works under script-src 'self'.
"use strict";

(function () {
  const methods = ["get", "post", "put", "patch", "delete"];

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    for (const child of children) {
      if (child === null || child === undefined || child === "") continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function anchor(name) { return "schema-" + String(name).replace(/[^A-Za-z0-9_-]/g, "_"); }

  function refName(ref) { return typeof ref === "string" ? ref.split("/").pop() : null; }

  // A short type label for a schema; references become links to the schema section.
  function typeOf(schema) {
    if (!schema) return "";
    if (schema.$ref) {
      const name = refName(schema.$ref);
      return el("a", { href: "#" + anchor(name) }, name);
    }
    const type = Array.isArray(schema.type) ? schema.type.filter(t => t !== "null").join(" | ") : (schema.type || "");
    if (type === "array" && schema.items) return el("span", {}, "array of ", typeOf(schema.items));
    const parts = [type || (schema.oneOf || schema.anyOf ? "one of" : "any")];
    if (schema.format) parts.push("(" + schema.format + ")");
    if (Array.isArray(schema.enum)) parts.push("∈ " + schema.enum.map(v => JSON.stringify(v)).join(", "));
    return parts.join(" ");
  }

  function table(headings, rows) {
    return el("table", {}, el("thead", {}, el("tr", {}, ...headings.map(h => el("th", {}, h)))),
      el("tbody", {}, ...rows.map(cells => el("tr", {}, ...cells.map(c => el("td", {}, c))))));
  }

  function propertiesTable(schema) {
    const properties = schema && schema.properties ? Object.entries(schema.properties) : [];
    if (properties.length === 0) return null;
    const required = new Set(schema.required || []);
    return table(["field", "type", "description"], properties.map(([name, property]) => [
      el("span", {}, el("code", {}, name), required.has(name) ? el("span", { class: "req", title: "required" }, " *") : ""),
      typeOf(property),
      (property && property.description) || "",
    ]));
  }

  function securityLabel(operation, doc) {
    const requirements = operation.security !== undefined ? operation.security : (doc.security || []);
    const names = requirements.flatMap(r => Object.keys(r));
    return names.length === 0 ? null : el("span", { class: "lock", title: "needs credentials" }, "auth: " + names.join(" or "));
  }

  function operationBlock(method, path, operation, doc) {
    const body = el("div", { class: "body" });
    if (operation.description) body.append(el("p", {}, operation.description));
    const lock = securityLabel(operation, doc);
    if (lock) body.append(el("p", {}, "Credentials: ", lock));

    const parameters = operation.parameters || [];
    if (parameters.length > 0) {
      body.append(el("h4", {}, "Parameters"));
      body.append(table(["name", "in", "type", "description"], parameters.map(p => [
        el("span", {}, el("code", {}, p.name), p.required ? el("span", { class: "req", title: "required" }, " *") : ""),
        p.in || "", typeOf(p.schema), p.description || "",
      ])));
    }

    const requestBody = operation.requestBody;
    if (requestBody && requestBody.content) {
      body.append(el("h4", {}, "Request body"));
      if (requestBody.description) body.append(el("p", {}, requestBody.description));
      for (const [contentType, media] of Object.entries(requestBody.content))
        body.append(el("p", {}, el("code", {}, contentType), ": ", typeOf(media.schema)), propertiesTable(media.schema) || "");
    }

    const responses = Object.entries(operation.responses || {});
    if (responses.length > 0) {
      body.append(el("h4", {}, "Responses"));
      body.append(table(["status", "meaning", "body"], responses.map(([status, response]) => {
        const content = response && response.content ? Object.entries(response.content) : [];
        return [el("code", {}, status), (response && response.description) || "",
          content.length ? el("span", {}, ...content.map(([type, media]) => el("span", {}, el("code", {}, type), " ", typeOf(media.schema)))) : ""];
      })));
    }

    return el("details", { class: "op" },
      el("summary", {}, el("span", { class: "method " + method }, method.toUpperCase()), el("span", { class: "path" }, path),
        el("span", { class: "muted" }, operation.summary || ""), lock || ""),
      body);
  }

  function render(doc) {
    const info = doc.info || {};
    document.title = (info.title || "API") + " " + (info.version || "");
    document.getElementById("title").textContent = (info.title || "API") + " " + (info.version || "");
    document.getElementById("description").textContent = info.description || "";

    const groups = new Map();
    for (const [path, item] of Object.entries(doc.paths || {})) {
      for (const method of methods) {
        const operation = item && item[method];
        if (!operation) continue;
        const tag = (operation.tags && operation.tags[0]) || "Other";
        if (!groups.has(tag)) groups.set(tag, []);
        groups.get(tag).push([method, path, operation]);
      }
    }

    // Groups in the order the document declares its tags.
    const order = (doc.tags || []).map(t => t.name);
    const rank = tag => { const i = order.indexOf(tag); return i < 0 ? order.length : i; };
    const sorted = [...groups].sort(([a], [b]) => rank(a) - rank(b));

    const content = document.getElementById("content");
    content.replaceChildren();
    const toc = el("ul");
    for (const [tag, operations] of sorted) {
      const id = "tag-" + anchor(tag);
      toc.append(el("li", {}, el("a", { href: "#" + id }, tag + " (" + operations.length + ")")));
      content.append(el("h2", { id }, tag), ...operations.map(([m, p, o]) => operationBlock(m, p, o, doc)));
    }

    const components = doc.components || {};
    const schemes = Object.entries(components.securitySchemes || {});
    if (schemes.length > 0) {
      toc.append(el("li", {}, el("a", { href: "#auth" }, "Authentication")));
      content.append(el("h2", { id: "auth" }, "Authentication"), table(["scheme", "type", "description"], schemes.map(([name, s]) => [
        el("code", {}, name), [s.type, s.scheme, s.in ? "in " + s.in : "", s.name || ""].filter(Boolean).join(" "), s.description || "",
      ])));
    }

    const schemas = Object.entries(components.schemas || {}).sort(([a], [b]) => a.localeCompare(b));
    if (schemas.length > 0) {
      toc.append(el("li", {}, el("a", { href: "#schemas" }, "Schemas (" + schemas.length + ")")));
      content.append(el("h2", { id: "schemas" }, "Schemas"));
      for (const [name, schema] of schemas) {
        content.append(el("h3", { id: anchor(name) }, name), el("p", {}, typeOf(Object.assign({}, schema, { $ref: undefined })), " ",
          el("span", { class: "muted" }, schema.description || "")), propertiesTable(schema) || "");
      }
    }
    document.getElementById("toc").replaceChildren(toc);
  }

  function fail(message) {
    const content = document.getElementById("content");
    content.replaceChildren(el("p", { class: "req" }, "Could not load /openapi/v1.json: " + message));
  }

  document.addEventListener("DOMContentLoaded", function () {
    fetch("/openapi/v1.json", { headers: { Accept: "application/json" }, credentials: "omit" })
      .then(response => response.ok ? response.json() : Promise.reject(new Error("HTTP " + response.status)))
      .then(render)
      .catch(error => fail(error.message));
  });
})();
