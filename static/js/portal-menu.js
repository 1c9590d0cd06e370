/* The main menu on a phone (base.html's header). Loaded in <head> without defer so the menu is
 * folded before the first paint: it marks <html> with "portal-js", and portal.css then shows the
 * "메뉴" button and hides #portal-menu on narrow screens until the button opens it. Without
 * JavaScript there is no mark, no button and the whole menu is shown. Clicks are handled by one
 * listener on the document, so nothing waits for the page to finish loading.
 */
(function () {
  "use strict";

  document.documentElement.classList.add("portal-js");

  function setOpen(button, open) {
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (menu) { menu.classList.toggle("is-open", open); }
  }

  /* The header's dropdowns (<details data-dropdown>: the account menu, the unit's menu) work
   * without script; with it, a click elsewhere closes them, and Escape closes the one open and
   * returns to its summary before it would fold the phone menu. */
  function closeDropdowns(except) {
    document.querySelectorAll("details[data-dropdown][open]").forEach(function (details) {
      if (details !== except) { details.open = false; }
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-menu-toggle]") : null;
    if (button) { setOpen(button, button.getAttribute("aria-expanded") !== "true"); }
    closeDropdowns(event.target.closest ? event.target.closest("details[data-dropdown]") : null);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest("details[data-dropdown][open]") : null;
    if (open) {
      open.open = false;
      open.querySelector("summary").focus();
      return;
    }
    var button = document.querySelector('[data-menu-toggle][aria-expanded="true"]');
    if (button && button.offsetParent !== null) {
      setOpen(button, false);
      button.focus();
    }
  });
})();
