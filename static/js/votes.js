// Votes: the live "n of 10 chosen" counter on the phone ballot, and the print button on slips.
// The server checks the number of picks regardless; this only helps the voter.
(function () {
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });

  document.querySelectorAll("form[data-ballot]").forEach((form) => {
    const max = parseInt(form.dataset.max, 10);
    const counter = form.querySelector("[data-counter]");
    const fullNote = form.querySelector("[data-full]");
    const boxes = Array.from(form.querySelectorAll("input[type=checkbox]"));
    const update = () => {
      const n = boxes.filter((box) => box.checked).length;
      const full = n >= max;
      counter.textContent = counter.dataset.template.replace("__N__", n).replace("__MAX__", max);
      counter.classList.toggle("is-full", full);
      fullNote.hidden = !full;
      boxes.forEach((box) => { box.disabled = full && !box.checked; });
    };
    boxes.forEach((box) => box.addEventListener("change", update));
    // Disabled boxes are not submitted, and only unchecked ones are disabled: nothing chosen is lost.
    update();
  });
})();
