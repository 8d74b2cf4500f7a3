// The referral letter's Print button (no inline script under the CSP).
document.querySelectorAll("[data-print-letter]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
