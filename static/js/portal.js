/* G-Lab Portal progressive enhancement. Everything works without this file.
 *
 * Autosave: a <form data-autosave-key="proposal-42"> keeps a copy of its text fields in
 * localStorage while the user types. When the page is loaded again with stored text that
 * differs from what the server rendered, a notice offers to restore it. A form rendered
 * with data-saved="true" (the server has the text) removes the stored copy.
 */
(function () {
  "use strict";

  var gettext = typeof window.gettext === "function" ? window.gettext : function (s) { return s; };
  var STORAGE_PREFIX = "glab-autosave:";
  var DEBOUNCE_MS = 600;
  var TEXT_TYPES = ["text", "email", "url", "search", "tel", "number"];

  function storage() {
    try {
      var probe = "__glab__";
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      return null; // private mode or storage disabled: no autosave, the form still works
    }
  }

  function textFields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.readOnly) { return false; }
      if (el.tagName === "TEXTAREA") { return true; }
      return el.tagName === "INPUT" && TEXT_TYPES.indexOf(el.type) !== -1;
    });
  }

  function snapshot(form) {
    var data = {};
    textFields(form).forEach(function (el) { data[el.name] = el.value; });
    return data;
  }

  function differs(stored, current) {
    return Object.keys(stored).some(function (name) {
      return Object.prototype.hasOwnProperty.call(current, name) && stored[name] !== current[name];
    });
  }

  function showRestoreNotice(form, stored, key, store) {
    var notice = document.createElement("div");
    notice.className = "portal-notice portal-notice-warning";
    notice.setAttribute("role", "status");
    var text = document.createElement("p");
    text.textContent = gettext("This form has text you typed earlier that was not saved.");
    var restore = document.createElement("button");
    restore.type = "button";
    restore.className = "krds-btn small secondary";
    restore.textContent = gettext("Restore unsaved text");
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "krds-btn small text";
    discard.textContent = gettext("Discard it");
    discard.style.marginLeft = "0.8rem";

    restore.addEventListener("click", function () {
      textFields(form).forEach(function (el) {
        if (Object.prototype.hasOwnProperty.call(stored, el.name)) {
          el.value = stored[el.name];
          el.dispatchEvent(new Event("input", { bubbles: true }));
        }
      });
      notice.remove();
      var first = textFields(form)[0];
      if (first) { first.focus(); }
    });
    discard.addEventListener("click", function () {
      store.removeItem(key);
      notice.remove();
    });

    notice.appendChild(text);
    notice.appendChild(restore);
    notice.appendChild(discard);
    form.parentNode.insertBefore(notice, form);
  }

  function setUpAutosave(form, store) {
    var key = STORAGE_PREFIX + form.getAttribute("data-autosave-key");
    if (form.getAttribute("data-saved") === "true") {
      store.removeItem(key);
    } else {
      var raw = store.getItem(key);
      if (raw) {
        try {
          var stored = JSON.parse(raw);
          if (differs(stored, snapshot(form))) {
            showRestoreNotice(form, stored, key, store);
          } else {
            store.removeItem(key);
          }
        } catch (e) {
          store.removeItem(key);
        }
      }
    }

    var timer = null;
    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        try {
          store.setItem(key, JSON.stringify(snapshot(form)));
        } catch (e) {
          // quota exceeded: keep working without the safety copy
        }
      }, DEBOUNCE_MS);
    });
  }

  function init() {
    var store = storage();
    if (!store) { return; }
    document.querySelectorAll("form[data-autosave-key]").forEach(function (form) {
      setUpAutosave(form, store);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
