/* Swagger UI for /docs, started from a file because the CSP forbids inline scripts. */
"use strict";
window.addEventListener("load", () => {
  const el = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: el.dataset.spec, dom_id: "#swagger-ui", syntaxHighlight: false });
});
