// The print pages' button: shown only when scripts run (printing works without it too).
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-insight-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
});
