// The reception logging page: the draft is autosaved by htmx on every change (attributes on the
// form); this adds a last save when the page is hidden or left, so that nothing typed is lost.
(function () {
  // A refused mark, photo or draft answers 400/409 with a fragment that says why: show it.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    const status = event.detail.xhr.status;
    if (status === 400 || status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  const form = document.getElementById("log-form");
  if (!form) { return; }
  let dirty = false;
  let submitting = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("submit", function () { submitting = true; });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful && event.detail.requestConfig && event.detail.requestConfig.elt === form) {
      dirty = false;
    }
  });
  function saveNow() {
    if (!dirty || submitting || !navigator.sendBeacon) { return; }
    // A multipart body carrying the CSRF token field of the form, as a normal POST would.
    if (navigator.sendBeacon(form.dataset.draftUrl, new FormData(form))) { dirty = false; }
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { saveNow(); }
  });
  window.addEventListener("pagehide", saveNow);
})();
