// The case page's action panel: an action form loaded into it by htmx gets the keyboard focus.
// No inline scripts (CSP).
document.addEventListener("htmx:afterSwap", function (event) {
  const panel = event.detail.target;
  if (!panel || panel.id !== "case-action-panel") { return; }
  const field = panel.querySelector("textarea, select, input:not([type=hidden])");
  if (field) { field.focus(); }
  panel.scrollIntoView({ block: "nearest" });
});
