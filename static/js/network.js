// Network tree: expand or collapse every branch. The tree reads fine without it (<details>).
(function () {
  const controls = document.querySelector("[data-tree-controls]");
  if (!controls) { return; }
  controls.classList.remove("d-none");
  controls.addEventListener("click", function (event) {
    const button = event.target.closest("[data-tree-toggle]");
    if (!button) { return; }
    const open = button.dataset.treeToggle === "open";
    document.querySelectorAll(".network-tree details").forEach(function (details) { details.open = open; });
  });
})();
