/* The people picker (accounts/widgets.py PersonPickerWidget). Everything works without this
 * file: the server renders a plain employee-number input inside
 * <div data-people-picker data-lookup-url data-chosen data-words [data-multiple]>, with a
 * hint (data-picker-hint) on how to type the numbers, which this script rewrites.
 *
 * With it, that input becomes a hidden field holding the employee numbers (comma-separated
 * where several people may be chosen) and a new text input, with the original id (so the
 * label, hint and error still point at it), is an ARIA 1.2 combobox: typing asks the lookup
 * URL for ?q=, the list shows name · department · grade, ArrowDown/ArrowUp/Home/End move,
 * Enter or a click chooses, Escape closes (or clears). Chosen people are chips with a remove
 * button. Text left in the box when the form is sent is sent as typed, so the server's own
 * validation answers it. All words come from data-words, translated by the server.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 250;
  var counter = 0;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : all;
    });
  }

  function describe(person) {
    return [person.name, person.department, person.grade].filter(Boolean).join(" · ");
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function Picker(root) {
    var original = root.querySelector("input");
    if (!original || root.hasAttribute("data-picker-ready")) { return; }
    root.setAttribute("data-picker-ready", "");
    this.root = root;
    this.url = root.getAttribute("data-lookup-url");
    this.multiple = root.hasAttribute("data-multiple");
    this.words = JSON.parse(root.getAttribute("data-words") || "{}");
    this.chosen = JSON.parse(root.getAttribute("data-chosen") || "[]");
    this.results = [];
    this.active = -1;
    this.timer = null;
    this.request = null;
    this.build(original);
    this.renderChips();
  }

  Picker.prototype.build = function (original) {
    var self = this;
    var id = original.id || "people-picker-" + (++counter);
    var hint = this.root.querySelector("[data-picker-hint]");
    if (hint && this.words.hint) { hint.textContent = this.words.hint; }

    var described = original.getAttribute("aria-describedby") || "";
    var invalid = original.getAttribute("aria-invalid");
    var required = original.hasAttribute("required") || original.getAttribute("aria-required") === "true";
    this.value = original;
    original.type = "hidden";
    original.id = id + "_value";
    ["aria-describedby", "aria-invalid", "aria-required", "required", "autocomplete", "spellcheck"].forEach(function (name) {
      original.removeAttribute(name);
    });

    var input = this.input = el("input", original.className);
    input.type = "text";
    input.id = id;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id + "_listbox");
    input.setAttribute("autocomplete", "off");
    input.setAttribute("spellcheck", "false");
    if (described) { input.setAttribute("aria-describedby", described); }
    if (invalid) { input.setAttribute("aria-invalid", invalid); }
    if (required) { input.setAttribute("aria-required", "true"); }

    this.chips = el("ul", "krds-tag-wrap portal-picker-chips");
    this.chips.setAttribute("aria-label", this.words.chosen || "");
    this.listbox = el("ul", "portal-picker-listbox");
    this.listbox.id = id + "_listbox";
    this.listbox.setAttribute("role", "listbox");
    this.listbox.setAttribute("aria-label", this.words.listbox || "");
    this.listbox.hidden = true;
    this.empty = el("p", "portal-picker-empty", this.words.none);
    this.empty.hidden = true;
    this.status = el("p", "sr-only");
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");

    var box = el("div", "portal-picker-box");
    box.appendChild(input);
    box.appendChild(this.listbox);
    box.appendChild(this.empty);
    this.root.insertBefore(this.chips, original);
    this.root.insertBefore(box, original);
    this.root.appendChild(this.status);

    input.addEventListener("input", function () { self.schedule(); });
    input.addEventListener("keydown", function (event) { self.onKey(event); });
    input.addEventListener("blur", function () { window.setTimeout(function () { self.close(); }, 150); });
    this.listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.listbox.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) { self.choose(Number(option.getAttribute("data-index"))); }
    });
    var form = original.form;
    if (form) { form.addEventListener("submit", function () { self.flushTyped(); }); }
  };

  Picker.prototype.schedule = function () {
    var self = this;
    window.clearTimeout(this.timer);
    var term = this.input.value.trim();
    if (!term) { this.close(); return; }
    this.timer = window.setTimeout(function () { self.lookup(term); }, DEBOUNCE_MS);
  };

  Picker.prototype.lookup = function (term) {
    var self = this;
    if (this.request && this.request.abort) { this.request.abort(); }
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    this.request = controller;
    var url = this.url + "?q=" + encodeURIComponent(term);
    fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      redirect: "error",
      signal: controller ? controller.signal : undefined
    })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) {
        if (self.input.value.trim() !== term) { return; }
        self.show(data.people || []);
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") { return; }
        self.close();
        self.empty.textContent = self.words.failed;
        self.empty.hidden = false;
        self.announce(self.words.failed);
      });
  };

  Picker.prototype.isChosen = function (number) {
    return this.chosen.some(function (person) { return person.number === number; });
  };

  Picker.prototype.show = function (people) {
    var self = this;
    this.results = people;
    this.active = -1;
    this.empty.textContent = this.words.none;
    this.input.removeAttribute("aria-activedescendant");
    this.listbox.textContent = "";
    people.forEach(function (person, index) {
      var option = el("li", "portal-picker-option");
      option.id = self.listbox.id + "_" + index;
      option.setAttribute("role", "option");
      option.setAttribute("data-index", String(index));
      option.setAttribute("aria-selected", "false");
      if (self.isChosen(person.number)) { option.setAttribute("aria-disabled", "true"); }
      option.appendChild(el("span", "portal-picker-name", person.name));
      var meta = [person.department, person.grade].filter(Boolean).join(" · ");
      if (meta) { option.appendChild(el("span", "portal-picker-meta", " · " + meta)); }
      option.appendChild(el("span", "portal-picker-number", " (" + person.number + ")"));
      self.listbox.appendChild(option);
    });
    if (!people.length) {
      this.close();
      this.empty.hidden = false;
      this.announce(this.words.none);
      return;
    }
    this.empty.hidden = true;
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.announce(fill(this.words.found || "", { count: people.length }));
  };

  Picker.prototype.close = function () {
    window.clearTimeout(this.timer);
    this.listbox.hidden = true;
    this.empty.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  };

  Picker.prototype.isOpen = function () { return !this.listbox.hidden; };

  Picker.prototype.move = function (index) {
    if (!this.results.length) { return; }
    var count = this.results.length;
    this.active = (index + count) % count;
    var self = this;
    Array.prototype.forEach.call(this.listbox.querySelectorAll("[role=option]"), function (option, i) {
      var on = i === self.active;
      option.setAttribute("aria-selected", on ? "true" : "false");
      option.classList.toggle("is-active", on);
      if (on) {
        self.input.setAttribute("aria-activedescendant", option.id);
        if (option.scrollIntoView) { option.scrollIntoView({ block: "nearest" }); }
      }
    });
  };

  Picker.prototype.onKey = function (event) {
    var open = this.isOpen();
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!open) { this.schedule(); return; }
        this.move(event.altKey ? this.active : this.active + 1);
        break;
      case "ArrowUp":
        if (!open) { return; }
        event.preventDefault();
        this.move(this.active < 0 ? -1 : this.active - 1);
        break;
      case "Home":
      case "End":
        if (!open || this.active < 0) { return; }
        event.preventDefault();
        this.move(event.key === "Home" ? 0 : this.results.length - 1);
        break;
      case "Enter":
        if (open && this.active >= 0) { event.preventDefault(); this.choose(this.active); }
        break;
      case "Escape":
        if (open) { event.preventDefault(); this.close(); } else if (this.input.value) { event.preventDefault(); this.input.value = ""; }
        break;
      case "Tab":
        this.close();
        break;
      default:
        break;
    }
  };

  Picker.prototype.choose = function (index) {
    var person = this.results[index];
    if (!person) { return; }
    if (!this.isChosen(person.number)) {
      if (this.multiple) { this.chosen.push(person); } else { this.chosen = [person]; }
      this.sync();
      this.renderChips();
    }
    this.input.value = "";
    this.close();
    this.announce(fill(this.words.added || "", { name: describe(person) }));
    this.input.focus();
  };

  Picker.prototype.remove = function (number) {
    var removed = this.chosen.filter(function (person) { return person.number === number; })[0];
    this.chosen = this.chosen.filter(function (person) { return person.number !== number; });
    this.sync();
    this.renderChips();
    this.input.focus();
    if (removed) { this.announce(fill(this.words.removed || "", { name: removed.name || removed.number })); }
  };

  Picker.prototype.sync = function () {
    this.value.value = this.chosen.map(function (person) { return person.number; }).join(", ");
  };

  Picker.prototype.renderChips = function () {
    var self = this;
    this.chips.textContent = "";
    this.chips.hidden = !this.chosen.length;
    this.chosen.forEach(function (person) {
      var item = el("li", "krds-btn-tag portal-picker-chip");
      var label = person.name ? describe(person) + " (" + person.number + ")" : person.number;
      item.appendChild(el("span", "", label));
      var button = el("button", "btn-delete");
      button.type = "button";
      var name = person.name || person.number;
      button.appendChild(el("span", "sr-only", fill(self.words.remove || "", { name: name })));
      button.addEventListener("click", function () { self.remove(person.number); });
      item.appendChild(button);
      self.chips.appendChild(item);
    });
  };

  /* Text typed but not chosen (a pasted employee number, or JavaScript's list never opened):
   * sent as typed, after the chosen people, for the form's own validation. */
  Picker.prototype.flushTyped = function () {
    var typed = this.input.value.trim();
    if (!typed) { return; }
    var numbers = this.multiple ? this.chosen.map(function (person) { return person.number; }) : [];
    numbers.push(typed);
    this.value.value = numbers.join(", ");
  };

  Picker.prototype.announce = function (text) {
    var status = this.status;
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text || ""; }, 50);
  };

  function init() {
    document.querySelectorAll("[data-people-picker]").forEach(function (root) { new Picker(root); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
