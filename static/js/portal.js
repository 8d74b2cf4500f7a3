// Small behaviours shared by every page. No inline scripts: the Content-Security-Policy forbids them.
document.addEventListener("htmx:configRequest", function (event) {
  const token = document.querySelector("[name=csrfmiddlewaretoken]");
  if (token) { event.detail.headers["X-CSRFToken"] = token.value; }
});
