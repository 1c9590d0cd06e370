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

  // The server trims text and normalises line breaks and Hangul (NFC): a stored copy that
  // differs only in that way is the same text, and no notice is shown.
  function normalised(value) {
    var text = String(value).replace(/\r\n?/g, "\n").trim();
    return typeof text.normalize === "function" ? text.normalize("NFC") : text;
  }

  function differs(stored, current) {
    return Object.keys(stored).some(function (name) {
      return Object.prototype.hasOwnProperty.call(current, name) && normalised(stored[name]) !== normalised(current[name]);
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

  // A form that failed comes back with its error summary first: move the focus there so
  // that a screen reader reads it and the keyboard starts from it.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }

  // A refused submission kept as a draft is shown at its new draft's address
  // (<form data-replace-url>), so that a reload or a bookmark opens the draft.
  function replaceUrl() {
    var form = document.querySelector("form[data-replace-url]");
    if (form && window.history && typeof window.history.replaceState === "function") {
      window.history.replaceState(null, "", form.getAttribute("data-replace-url"));
    }
  }

  function init() {
    focusErrorSummary();
    replaceUrl();
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

/* Confirmation step (core/confirm.py): a <form data-confirm> posts without confirm=1, which
 * writes nothing and answers with the confirmation page. With JavaScript that page's statement
 * and confirm form are shown in a KRDS modal over the current page instead; its cancel link
 * closes the modal. Anything unexpected falls back to the ordinary submit (the page itself).
 */
(function () {
  "use strict";

  function modalFrom(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var step = doc.querySelector("[data-confirm-step]");
    var title = doc.querySelector("main h1");
    if (!step || !title) { return null; }
    var section = document.createElement("section");
    section.className = "krds-modal";
    section.setAttribute("role", "dialog");
    section.setAttribute("aria-modal", "true");
    section.setAttribute("aria-labelledby", "portal-confirm-title");
    section.setAttribute("aria-describedby", "confirm-statement");
    var dialog = document.createElement("div");
    dialog.className = "modal-dialog modal-sm";
    var content = document.createElement("div");
    content.className = "modal-content";
    var header = document.createElement("div");
    header.className = "modal-header";
    var heading = document.createElement("h2");
    heading.className = "modal-title";
    heading.id = "portal-confirm-title";
    heading.textContent = title.textContent;
    header.appendChild(heading);
    var conts = document.createElement("div");
    conts.className = "modal-conts";
    var area = document.createElement("div");
    area.className = "conts-area";
    area.appendChild(document.importNode(step, true));
    conts.appendChild(area);
    content.appendChild(header);
    content.appendChild(conts);
    dialog.appendChild(content);
    var back = document.createElement("div");
    back.className = "modal-back";
    section.appendChild(dialog);
    section.appendChild(back);
    return section;
  }

  function open(section, opener) {
    var focusable = function () {
      return section.querySelectorAll("button, a[href]");
    };
    var close = function () {
      section.remove();
      document.removeEventListener("keydown", onKey);
      opener.focus();
    };
    var onKey = function (event) {
      if (event.key === "Escape") { close(); return; }
      if (event.key !== "Tab") { return; }
      var items = focusable();
      var first = items[0];
      var last = items[items.length - 1];
      if (event.shiftKey && document.activeElement === first) { last.focus(); event.preventDefault(); }
      else if (!event.shiftKey && document.activeElement === last) { first.focus(); event.preventDefault(); }
    };
    section.querySelectorAll("[data-confirm-cancel]").forEach(function (link) {
      link.addEventListener("click", function (event) { event.preventDefault(); close(); });
    });
    section.querySelector(".modal-back").addEventListener("click", close);
    document.addEventListener("keydown", onKey);
    document.body.appendChild(section);
    section.classList.add("shown");
    section.querySelector(".modal-back").classList.add("in");
    section.classList.add("in");
    focusable()[0].focus();
  }

  function onSubmit(event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-confirm")) { return; }
    event.preventDefault();
    var opener = event.submitter || form.querySelector("button");
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin", redirect: "manual" })
      .then(function (response) {
        if (response.type === "opaqueredirect") { window.location.reload(); return null; }
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        if (html === null) { return; }
        var section = modalFrom(html);
        if (section) { open(section, opener); } else { HTMLFormElement.prototype.submit.call(form); }
      })
      .catch(function () { HTMLFormElement.prototype.submit.call(form); });
  }

  document.addEventListener("submit", onSubmit);
})();

/* Tables that scroll sideways ({% table_scroll %}, core/templatetags.py): the line "옆으로 밀어
 * 더 보기" shows above a table only while it is wider than its box (.is-scrollable, re-checked
 * when the window changes size). A .krds-table-wrap written by hand gets the same: it becomes a
 * focusable region named after its caption, with the line above it.
 */
(function () {
  "use strict";

  var gettext = typeof window.gettext === "function" ? window.gettext : function (s) { return s; };

  function adopt(wrap) {
    if (wrap.parentNode.classList.contains("portal-table")) { return wrap.parentNode; }
    var box = document.createElement("div");
    box.className = "portal-table";
    var hint = document.createElement("p");
    hint.className = "portal-table-hint";
    hint.setAttribute("aria-hidden", "true");
    hint.textContent = gettext("Slide sideways to see more");
    wrap.parentNode.insertBefore(box, wrap);
    box.appendChild(hint);
    box.appendChild(wrap);
    if (!wrap.hasAttribute("tabindex")) { wrap.setAttribute("tabindex", "0"); }
    if (!wrap.hasAttribute("role")) { wrap.setAttribute("role", "region"); }
    var caption = wrap.querySelector("caption");
    if (!wrap.hasAttribute("aria-label") && !wrap.hasAttribute("aria-labelledby") && caption) {
      wrap.setAttribute("aria-label", caption.textContent.replace(/\s+/g, " ").trim());
    }
    return box;
  }

  function check() {
    document.querySelectorAll(".krds-table-wrap").forEach(function (wrap) {
      var box = adopt(wrap);
      box.classList.toggle("is-scrollable", wrap.scrollWidth > wrap.clientWidth + 1);
    });
  }

  var timer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 150);
  });
  document.body.addEventListener("htmx:afterSettle", check);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", check);
  } else {
    check();
  }
})();

/* Filters (<details class="portal-filters" data-filters open>): rendered open, so without
 * JavaScript they are always there; on a phone they fold to their "검색 조건" line when the page
 * loads, and a wide screen (where the line is hidden) always shows them.
 */
(function () {
  "use strict";

  var phone = window.matchMedia("(max-width: 767px)");

  function fold() {
    document.querySelectorAll("details[data-filters]").forEach(function (details) {
      details.open = !phone.matches;
    });
  }

  if (phone.addEventListener) { phone.addEventListener("change", fold); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fold);
  } else {
    fold();
  }
})();

/* Fields that matter for one answer only: <form data-depends-on="status"
 * data-depends='{"target_date": ["adopted"]}'> shows the target date's form group only while
 * "adopted" is the chosen status. Without JavaScript every field is shown; a field with an error
 * is never hidden. The server validates the same whatever is shown.
 */
(function () {
  "use strict";

  function chosen(form, name) {
    var checked = form.querySelector('[name="' + name + '"]:checked');
    if (checked) { return checked.value; }
    var select = form.querySelector('select[name="' + name + '"]');
    return select ? select.value : "";
  }

  function update(form, rules) {
    var value = chosen(form, form.getAttribute("data-depends-on"));
    Object.keys(rules).forEach(function (field) {
      var input = form.querySelector('[name="' + field + '"]');
      var group = input ? input.closest(".form-group") : null;
      if (!group) { return; }
      var needed = rules[field].indexOf(value) !== -1;
      group.hidden = !needed && !group.querySelector(".is-error");
    });
  }

  function init() {
    document.querySelectorAll("form[data-depends-on][data-depends]").forEach(function (form) {
      var rules;
      try { rules = JSON.parse(form.getAttribute("data-depends")); } catch (e) { return; }
      form.addEventListener("change", function () { update(form, rules); });
      update(form, rules);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
