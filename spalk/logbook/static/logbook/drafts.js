// Logbook drafts: what is typed in a form marked data-draft-key is kept in this browser (localStorage) until
// the server confirms the save (an element data-draft-clear="<key>" in the answer). After a lost connection
// or an expired session the draft is offered back. Static file, no inline script (CSP).
(function () {
  "use strict";
  var PREFIX = "spalk-draft:";
  var MAX_AGE = 7 * 24 * 3600 * 1000;
  function storage() {
    try { var s = window.localStorage; s.setItem(PREFIX + "t", "1"); s.removeItem(PREFIX + "t"); return s; } catch (e) { return null; }
  }
  var store = storage();
  if (!store) { return; }
  // the Dutch texts come from the page (templates/logbook/_drafts.html), translated on the server
  function t(name) {
    var el = document.getElementById("draft-texts");
    return (el && el.getAttribute("data-" + name)) || "";
  }
  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "hidden" && el.type !== "file" && el.type !== "submit";
    });
  }
  function read(form) {
    var data = {}, typed = false;
    fields(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) { (data[el.name] = data[el.name] || []).push(el.value); }
      } else if (el.tagName === "SELECT" && el.multiple) {
        data[el.name] = Array.prototype.filter.call(el.options, function (o) { return o.selected; }).map(function (o) { return o.value; });
      } else {
        data[el.name] = el.value;
        if (el.tagName === "TEXTAREA" && el.value.trim()) { typed = true; }
        if (el.type === "text" && el.value.trim()) { typed = true; }
      }
    });
    return typed ? data : null;
  }
  function write(form, data) {
    fields(form).forEach(function (el) {
      if (!(el.name in data)) { return; }
      var value = data[el.name];
      if (el.type === "checkbox" || el.type === "radio") { el.checked = value.indexOf(el.value) !== -1; }
      else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = value.indexOf(o.value) !== -1; });
      } else { el.value = value; }
    });
  }
  function save(form) {
    var data = read(form), key = PREFIX + form.getAttribute("data-draft-key");
    if (data) { store.setItem(key, JSON.stringify({ at: Date.now(), data: data })); }
    else { store.removeItem(key); }
  }
  function load(key) {
    try {
      var entry = JSON.parse(store.getItem(PREFIX + key) || "null");
      if (entry && Date.now() - entry.at < MAX_AGE) { return entry; }
    } catch (e) { /* an unreadable draft is dropped below */ }
    store.removeItem(PREFIX + key);
    return null;
  }
  function offer(form) {
    var key = form.getAttribute("data-draft-key");
    var entry = load(key);
    if (!entry || form.querySelector(".draft-offer") || read(form)) { return; }
    var box = document.createElement("div");
    box.className = "draft-offer";
    box.setAttribute("role", "status");
    var when = new Date(entry.at);
    var text = document.createElement("p");
    text.textContent = t("offer").replace("{when}",
      when.toLocaleString("nl-BE", { weekday: "short", hour: "2-digit", minute: "2-digit" }));
    var actions = document.createElement("div");
    actions.className = "actions";
    var restore = document.createElement("button");
    restore.type = "button"; restore.className = "button"; restore.textContent = t("restore");
    var drop = document.createElement("button");
    drop.type = "button"; drop.className = "button button--secondary"; drop.textContent = t("drop");
    restore.addEventListener("click", function () { write(form, entry.data); box.remove(); var t = form.querySelector("textarea"); if (t) { t.focus(); } });
    drop.addEventListener("click", function () { store.removeItem(PREFIX + key); box.remove(); });
    actions.appendChild(restore); actions.appendChild(drop);
    box.appendChild(text); box.appendChild(actions);
    form.insertBefore(box, form.firstChild);
  }
  function within(root, selector) {
    root = root || document;
    var found = Array.prototype.slice.call(root.querySelectorAll(selector));
    if (root.matches && root.matches(selector)) { found.unshift(root); }
    return found;
  }
  function clearConfirmed(root) {
    within(root, "[data-draft-clear]").forEach(function (el) {
      store.removeItem(PREFIX + el.getAttribute("data-draft-clear"));
    });
  }
  function init(root) {
    clearConfirmed(root);
    within(root, "form[data-draft-key]").forEach(function (form) {
      if (form.hasAttribute("data-draft-ready")) { return; }
      form.setAttribute("data-draft-ready", "");
      form.addEventListener("input", function () { save(form); });
      form.addEventListener("change", function () { save(form); });
      offer(form);
    });
  }
  // a save that did not go through (network down, session expired, server error) keeps the draft
  document.addEventListener("htmx:sendError", function () {
    var box = document.getElementById("htmx-error");
    if (box) { box.hidden = false; box.textContent = t("offline"); }
  });
  document.addEventListener("htmx:load", function (event) { init(event.target); });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", function () { init(); }); }
  else { init(); }
}());
