/* G-Lab Portal form widgets (core/widgets.py): the KRDS calendar for date boxes and the KRDS
 * file upload's list of chosen files. Progressive enhancement: without this file dates are
 * typed as yyyy-mm-dd and files are chosen with the (visually hidden, labelled) file input.
 * Every word shown comes from the server (data-calendar, data-words), already translated.
 */
(function () {
  "use strict";

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  }

  function words(element, attribute) {
    try {
      return JSON.parse(element.getAttribute(attribute) || "{}");
    } catch (e) {
      return {};
    }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /* ---- Dates ---------------------------------------------------------------------------- */

  var DATE_TEXT = /^\s*(\d{4})\s*[\-.\/]\s*(\d{1,2})\s*[\-.\/]\s*(\d{1,2})\s*\.?\s*$/;

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function iso(d) { return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }
  function sameDay(a, b) { return a && b && iso(a) === iso(b); }
  function addDays(d, n) { return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n); }

  function addMonths(d, n) {
    var first = new Date(d.getFullYear(), d.getMonth() + n, 1);
    var last = new Date(first.getFullYear(), first.getMonth() + 1, 0).getDate();
    return new Date(first.getFullYear(), first.getMonth(), Math.min(d.getDate(), last));
  }

  function parseDate(text) {
    text = (text || "").replace(/(\d)\s*[\uB144\uC6D4\uC77C]/g, "$1."); // 2026년 12월 31일
    var compact = /^\s*(\d{4})(\d{2})(\d{2})\s*$/.exec(text || "");
    var m = compact || DATE_TEXT.exec(text || "");
    if (!m) { return null; }
    var d = new Date(+m[1], +m[2] - 1, +m[3]);
    return d.getMonth() === +m[2] - 1 && d.getDate() === +m[3] ? d : null;
  }

  function DatePicker(root) {
    this.root = root;
    this.input = root.querySelector("input");
    this.opener = root.querySelector("[data-portal-date-open]");
    this.area = root.querySelector("[data-portal-date-area]");
    this.t = words(root, "data-calendar");
    this.focused = null;
    this.onOutside = this.onOutside.bind(this);
    this.area.id = this.input.id + "_calendar";
    this.opener.setAttribute("aria-controls", this.area.id);
    this.opener.querySelector(".sr-only").textContent = this.fieldName() + " " + this.t.open;
    this.opener.hidden = false;
    this.opener.addEventListener("click", this.toggle.bind(this));
    this.input.addEventListener("change", this.tidy.bind(this));
  }

  /* 2026.12.31 or 20261231, typed, is shown as 2026-12-31 (the server reads all of them). */
  DatePicker.prototype.tidy = function () {
    var day = parseDate(this.input.value);
    if (day && this.input.value !== iso(day)) { this.input.value = iso(day); }
  };

  DatePicker.prototype.fieldName = function () {
    var fieldset = this.root.closest("fieldset");
    var label = fieldset ? fieldset.querySelector("legend") : (this.input.labels || [])[0];
    if (!label) { return ""; }
    var copy = label.cloneNode(true);
    copy.querySelectorAll("[aria-hidden=true]").forEach(function (n) { n.remove(); });
    return copy.textContent.trim();
  };

  DatePicker.prototype.toggle = function () {
    if (this.area.classList.contains("active")) { this.close(); } else { this.open(); }
  };

  DatePicker.prototype.open = function () {
    document.dispatchEvent(new CustomEvent("portal:date-open", { detail: this }));
    this.selected = parseDate(this.input.value);
    this.focused = this.selected || new Date();
    this.build();
    this.area.classList.add("active");
    this.opener.setAttribute("aria-expanded", "true");
    this.focusDay();
    document.addEventListener("mousedown", this.onOutside);
  };

  DatePicker.prototype.close = function (returnFocus) {
    if (!this.area.classList.contains("active")) { return; }
    this.area.classList.remove("active");
    this.area.textContent = "";
    this.opener.setAttribute("aria-expanded", "false");
    document.removeEventListener("mousedown", this.onOutside);
    if (returnFocus !== false) { this.opener.focus(); }
  };

  DatePicker.prototype.onOutside = function (event) {
    if (!this.root.contains(event.target)) { this.close(false); }
  };

  DatePicker.prototype.pick = function (day) {
    this.input.value = iso(day);
    this.input.dispatchEvent(new Event("input", { bubbles: true }));
    this.input.dispatchEvent(new Event("change", { bubbles: true }));
    this.close();
  };

  DatePicker.prototype.build = function () {
    var t = this.t;
    this.area.textContent = "";
    var wrap = el("div", "calendar-wrap single");
    wrap.setAttribute("role", "dialog");
    wrap.setAttribute("aria-modal", "true");
    wrap.setAttribute("aria-label", (this.fieldName() + " " + t.dialog).trim());
    wrap.addEventListener("keydown", this.onKey.bind(this));
    wrap.appendChild(this.buildHead());
    var body = el("div", "calendar-body");
    var tableWrap = el("div", "calendar-table-wrap");
    this.table = el("table", "calendar-tbl");
    tableWrap.appendChild(this.table);
    body.appendChild(tableWrap);
    var hint = el("p", "sr-only", t.hint);
    hint.id = this.area.id + "_hint";
    body.appendChild(hint);
    wrap.appendChild(body);
    wrap.appendChild(this.buildFooter());
    this.area.appendChild(wrap);
    this.wrap = wrap;
    this.fillMonth();
  };

  DatePicker.prototype.buildHead = function () {
    var self = this;
    var t = this.t;
    var head = el("div", "calendar-head");
    var prev = el("button", "btn-cal-move prev");
    prev.type = "button";
    prev.appendChild(el("span", "sr-only", t.prev));
    prev.addEventListener("click", function () { self.moveTo(addMonths(self.focused, -1), false); });
    var next = el("button", "btn-cal-move next");
    next.type = "button";
    next.appendChild(el("span", "sr-only", t.next));
    next.addEventListener("click", function () { self.moveTo(addMonths(self.focused, 1), false); });
    var switches = el("div", "calendar-switch-wrap");
    this.yearSelect = el("select", "krds-form-select completed small portal-calendar-select");
    this.yearSelect.setAttribute("aria-label", t.year);
    this.monthSelect = el("select", "krds-form-select completed small portal-calendar-select");
    this.monthSelect.setAttribute("aria-label", t.month);
    t.months.forEach(function (name, index) {
      var option = el("option", "", name);
      option.value = String(index);
      self.monthSelect.appendChild(option);
    });
    this.yearSelect.addEventListener("change", function () {
      self.moveTo(new Date(+self.yearSelect.value, self.focused.getMonth(), 1), false);
    });
    this.monthSelect.addEventListener("change", function () {
      self.moveTo(new Date(self.focused.getFullYear(), +self.monthSelect.value, 1), false);
    });
    switches.appendChild(this.yearSelect);
    switches.appendChild(this.monthSelect);
    head.appendChild(prev);
    head.appendChild(switches);
    head.appendChild(next);
    return head;
  };

  DatePicker.prototype.buildFooter = function () {
    var self = this;
    var footer = el("div", "calendar-footer");
    var buttons = el("div", "calendar-btn-wrap");
    var today = el("button", "krds-btn small text", this.t.today);
    today.type = "button";
    today.addEventListener("click", function () { self.moveTo(new Date(), true); });
    var close = el("button", "krds-btn small tertiary", this.t.close);
    close.type = "button";
    close.addEventListener("click", function () { self.close(); });
    buttons.appendChild(today);
    buttons.appendChild(close);
    footer.appendChild(buttons);
    return footer;
  };

  DatePicker.prototype.fillYears = function () {
    var year = this.focused.getFullYear();
    var current = new Date().getFullYear();
    var from = Math.min(year, current) - 5;
    var to = Math.max(year, current) + 5;
    this.yearSelect.textContent = "";
    for (var y = from; y <= to; y += 1) {
      var option = el("option", "", format(this.t.yearValue, { year: y }));
      option.value = String(y);
      this.yearSelect.appendChild(option);
    }
    this.yearSelect.value = String(year);
    this.monthSelect.value = String(this.focused.getMonth());
  };

  DatePicker.prototype.fillMonth = function () {
    var t = this.t;
    var year = this.focused.getFullYear();
    var month = this.focused.getMonth();
    var today = new Date();
    this.fillYears();
    this.table.textContent = "";
    var caption = el("caption", "", format(t.caption, { month: t.months[month], year: year }));
    caption.setAttribute("aria-live", "polite");
    this.table.appendChild(caption);
    var thead = el("thead");
    var headRow = el("tr");
    t.weekdays.forEach(function (name, index) {
      var th = el("th", "", name);
      th.scope = "col";
      th.abbr = t.weekdayNames[index];
      headRow.appendChild(th);
    });
    thead.appendChild(headRow);
    this.table.appendChild(thead);
    var tbody = el("tbody");
    var first = new Date(year, month, 1);
    var days = new Date(year, month + 1, 0).getDate();
    var row = el("tr");
    for (var blank = 0; blank < first.getDay(); blank += 1) { row.appendChild(el("td")); }
    for (var d = 1; d <= days; d += 1) {
      var day = new Date(year, month, d);
      row.appendChild(this.dayCell(day, today));
      if (day.getDay() === 6) { tbody.appendChild(row); row = el("tr"); }
    }
    if (row.children.length) {
      while (row.children.length < 7) { row.appendChild(el("td")); }
      tbody.appendChild(row);
    }
    this.table.appendChild(tbody);
  };

  DatePicker.prototype.dayCell = function (day, today) {
    var self = this;
    var t = this.t;
    var td = el("td");
    var button = el("button", "btn-set-date");
    button.type = "button";
    var visible = el("span", "", String(day.getDate()));
    visible.setAttribute("aria-hidden", "true");
    button.appendChild(visible);
    var label = format(t.day, {
      weekday: t.weekdayNames[day.getDay()], month: t.months[day.getMonth()],
      day: day.getDate(), year: day.getFullYear(),
    });
    if (sameDay(day, today)) {
      td.classList.add("today");
      button.setAttribute("aria-current", "date");
      label += " (" + t.isToday + ")";
    }
    if (day.getDay() === 0) { td.classList.add("day-off"); }
    if (sameDay(day, this.selected)) {
      td.classList.add("period", "start", "end");
      button.setAttribute("aria-pressed", "true");
    }
    // The full date is the button's name as hidden text, not aria-label: a name that does not
    // hold the visible digit as a word ("1" vs "1일") fails WCAG 2.5.3 (label in name).
    button.appendChild(el("span", "sr-only", label));
    button.setAttribute("aria-describedby", this.area.id + "_hint");
    button.setAttribute("data-date", iso(day));
    button.tabIndex = sameDay(day, this.focused) ? 0 : -1;
    button.addEventListener("click", function () { self.pick(day); });
    td.appendChild(button);
    return td;
  };

  DatePicker.prototype.moveTo = function (day, focusDay) {
    var rebuild = day.getFullYear() !== this.focused.getFullYear() || day.getMonth() !== this.focused.getMonth();
    var previous = this.table.querySelector("[data-date='" + iso(this.focused) + "']");
    this.focused = day;
    if (rebuild) {
      this.fillMonth();
    } else {
      if (previous) { previous.tabIndex = -1; }
      this.table.querySelector("[data-date='" + iso(day) + "']").tabIndex = 0;
    }
    if (focusDay) { this.focusDay(); }
  };

  DatePicker.prototype.focusDay = function () {
    var button = this.table.querySelector("[data-date='" + iso(this.focused) + "']");
    if (button) { button.focus(); }
  };

  var KEY_STEPS = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };

  DatePicker.prototype.onKey = function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      this.close();
      return;
    }
    if (event.key === "Tab") { this.trapTab(event); return; }
    if (!event.target.classList.contains("btn-set-date")) { return; }
    var day = null;
    if (Object.prototype.hasOwnProperty.call(KEY_STEPS, event.key)) {
      day = addDays(this.focused, KEY_STEPS[event.key]);
    } else if (event.key === "Home") {
      day = addDays(this.focused, -this.focused.getDay());
    } else if (event.key === "End") {
      day = addDays(this.focused, 6 - this.focused.getDay());
    } else if (event.key === "PageUp" || event.key === "PageDown") {
      var step = event.key === "PageUp" ? -1 : 1;
      day = addMonths(this.focused, event.shiftKey ? 12 * step : step);
    }
    if (day) {
      event.preventDefault();
      this.moveTo(day, true);
    }
  };

  DatePicker.prototype.trapTab = function (event) {
    var items = Array.prototype.filter.call(
      this.wrap.querySelectorAll("button, select"),
      function (node) { return node.tabIndex !== -1 && !node.disabled; }
    );
    var first = items[0];
    var last = items[items.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      last.focus();
      event.preventDefault();
    } else if (!event.shiftKey && document.activeElement === last) {
      first.focus();
      event.preventDefault();
    }
  };

  var pickers = [];

  document.addEventListener("portal:date-open", function (event) {
    pickers.forEach(function (picker) { if (picker !== event.detail) { picker.close(false); } });
  });

  /* Each widget once, also in content htmx brings in later. */
  function fresh(root) {
    if (root.hasAttribute("data-portal-ready")) { return false; }
    root.setAttribute("data-portal-ready", "");
    return true;
  }

  /* ---- Files ---------------------------------------------------------------------------- */

  function size(bytes, t) {
    if (bytes >= 1024 * 1024) {
      return format(t.mb, { size: (bytes / (1024 * 1024)).toFixed(1) });
    }
    return format(t.kb, { size: Math.max(1, Math.ceil(bytes / 1024)) });
  }

  function FileUpload(root) {
    this.root = root;
    this.input = root.querySelector("input[type=file]");
    this.list = root.querySelector("[data-file-items]");
    this.count = root.querySelector("[data-file-count]");
    this.drop = root.querySelector("[data-file-drop]");
    this.t = words(root, "data-words");
    this.multiple = this.input.multiple;
    this.canEdit = typeof DataTransfer === "function";
    this.held = Array.prototype.slice.call(this.input.files || []);
    root.querySelector("[data-file-list]").hidden = false;
    if (this.canEdit) { root.querySelector("[data-file-drop-hint]").hidden = false; }
    this.input.addEventListener("change", this.onChange.bind(this));
    if (this.canEdit) { this.listenForDrops(); }
    var form = this.input.form;
    if (form) {
      form.addEventListener("reset", function () { this.held = []; this.render(); }.bind(this));
    }
    this.render();
  }

  FileUpload.prototype.onChange = function () {
    var chosen = Array.prototype.slice.call(this.input.files || []);
    this.add(chosen, this.multiple && this.canEdit);
  };

  FileUpload.prototype.add = function (files, keep) {
    if (!this.multiple) { files = files.slice(0, 1); }
    var held = keep ? this.held.slice() : [];
    files.forEach(function (file) {
      var duplicate = held.some(function (h) {
        return h.name === file.name && h.size === file.size && h.lastModified === file.lastModified;
      });
      if (!duplicate) { held.push(file); }
    });
    this.held = held;
    this.sync();
    this.render();
  };

  FileUpload.prototype.sync = function () {
    if (!this.canEdit) { return; }
    var transfer = new DataTransfer();
    this.held.forEach(function (file) { transfer.items.add(file); });
    this.input.files = transfer.files;
  };

  FileUpload.prototype.listenForDrops = function () {
    var self = this;
    var drop = this.drop;
    drop.addEventListener("dragover", function (event) {
      event.preventDefault();
      drop.classList.add("active");
    });
    drop.addEventListener("dragleave", function () { drop.classList.remove("active"); });
    drop.addEventListener("drop", function (event) {
      event.preventDefault();
      drop.classList.remove("active");
      var files = Array.prototype.slice.call((event.dataTransfer && event.dataTransfer.files) || []);
      if (files.length) {
        self.add(files, self.multiple);
        self.input.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
  };

  FileUpload.prototype.remove = function (index) {
    this.held.splice(index, 1);
    this.sync();
    this.render();
    var buttons = this.list.querySelectorAll("button");
    if (buttons.length) {
      buttons[Math.min(index, buttons.length - 1)].focus();
    } else {
      this.input.focus();
    }
  };

  FileUpload.prototype.render = function () {
    var self = this;
    var t = this.t;
    this.list.textContent = "";
    this.count.textContent = this.held.length ? format(t.count, { count: this.held.length }) : t.none;
    this.held.forEach(function (file, index) {
      var item = el("li");
      var info = el("div", "file-info");
      var dot = file.name.lastIndexOf(".");
      var kind = dot > 0 ? file.name.slice(dot + 1).toLowerCase() : "";
      info.appendChild(el("span", "file-name", file.name + " [" + (kind ? kind + ", " : "") + size(file.size, t) + "]"));
      if (self.canEdit) {
        var wrap = el("div", "btn-wrap");
        var button = el("button", "krds-btn small tertiary", t.remove);
        button.type = "button";
        button.appendChild(el("span", "sr-only", " " + file.name));
        button.addEventListener("click", function () { self.remove(index); });
        wrap.appendChild(button);
        info.appendChild(wrap);
      }
      item.appendChild(info);
      self.list.appendChild(item);
    });
  };

  function init(container) {
    container.querySelectorAll("[data-portal-date]").forEach(function (root) {
      var input = root.querySelector("input");
      if (input && input.id && fresh(root)) { pickers.push(new DatePicker(root)); }
    });
    container.querySelectorAll("[data-portal-file-upload]").forEach(function (root) {
      if (root.querySelector("input[type=file]") && fresh(root)) { new FileUpload(root); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
  document.addEventListener("htmx:load", function (event) {
    if (event.target && event.target.querySelectorAll) { init(event.target); }
  });
})();
