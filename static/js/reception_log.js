// The reception logging page: the draft is autosaved by htmx on every change (attributes on the
// form); this adds a last save when the page is hidden or left, so that nothing typed is lost.
// Files chosen in an issue row go only with the final submit: a draft holds text, so autosaves,
// "add/remove a row" and the last-chance save never carry them (the inputs keep their files:
// hx-preserve on each, named after its row's key).
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

  function withoutFiles(data) {
    const names = new Set();
    data.forEach(function (value, name) {
      if (value instanceof File) { names.add(name); }
    });
    names.forEach(function (name) { data.delete(name); });
    return data;
  }

  document.body.addEventListener("htmx:configRequest", function (event) {
    if (!form.contains(event.detail.elt)) { return; }
    withoutFiles(event.detail.formData);
    if (event.detail.elt === form) {
      // An autosave. htmx sends a form's request to the formaction of the button last focused in
      // it, with its value: tabbing onto "remove issue 1" would remove that row. A draft is a draft.
      event.detail.path = form.dataset.draftUrl;
      event.detail.formData.delete("remove");
      event.detail.formData.delete("op");
    }
  });

  // Choosing files is no change to save: stop the event before htmx's autosave trigger on the form.
  form.addEventListener("change", function (event) {
    if (event.target.type === "file") { event.stopPropagation(); }
  }, true);

  let dirty = false;
  let submitting = false;
  form.addEventListener("input", function (event) {
    if (event.target.type !== "file") { dirty = true; }
  });

  // Django refuses a request with too many files outright (a bare error page): say so before.
  const tooMany = document.getElementById("too-many-files");
  form.addEventListener("submit", function (event) {
    let count = 0;
    form.querySelectorAll("input[type=file]").forEach(function (input) { count += input.files.length; });
    if (count > Number(form.dataset.maxFiles || count)) {
      event.preventDefault();
      tooMany.hidden = false;
      tooMany.scrollIntoView({ block: "center" });
      return;
    }
    tooMany.hidden = true;
    submitting = true;
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful && event.detail.requestConfig && event.detail.requestConfig.elt === form) {
      dirty = false;
    }
  });
  function saveNow() {
    if (!dirty || submitting || !navigator.sendBeacon) { return; }
    // A multipart body carrying the CSRF token field of the form, as a normal POST would.
    if (navigator.sendBeacon(form.dataset.draftUrl, withoutFiles(new FormData(form)))) { dirty = false; }
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { saveNow(); }
  });
  window.addEventListener("pagehide", saveNow);
})();
