/* The outbox: records entered with no signal wait on the phone (IndexedDB) and are sent when back online.
 * Used by the page and by the service worker (sw.js imports it for background sync).
 * - A form marked data-offline gets a fresh key (a UUID) in its client_key field each time it opens or is
 *   sent; the server stores a record once per key, so a record sent twice is stored once.
 * - Submitted while offline, the form's fields are kept instead of sent, and the page says so.
 * - Back online (the "online" event, the next page opened, background sync, or the "Send now" button) each
 *   kept record is posted again with its own key; the server's answer (JSON) removes it or explains why not. */
(function (root) {
  "use strict";
  var DB = "tomoni-outbox", STORE = "records", SYNC_TAG = "tomoni-outbox";

  function open() {
    return new Promise(function (resolve, reject) {
      var req = root.indexedDB.open(DB, 1);
      req.onupgradeneeded = function () { req.result.createObjectStore(STORE, { keyPath: "key" }); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode), result;
        var store = tx.objectStore(STORE);
        var req = work(store);
        if (req) req.onsuccess = function () { result = req.result; };
        tx.oncomplete = function () { db.close(); resolve(result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function all() { return run("readonly", function (s) { return s.getAll(); }).then(function (r) { return r || []; }); }
  function put(record) { return run("readwrite", function (s) { return s.put(record); }); }
  function remove(key) { return run("readwrite", function (s) { return s.delete(key); }); }

  var flushing = null;

  /* Send every kept record once; resolves to {sent, refused, left}. A network failure stops the round. */
  function flush() {
    if (flushing) return flushing;
    var counts = { sent: 0, refused: 0, left: 0 };
    flushing = all().then(function (records) {
      return records.reduce(function (chain, record) {
        return chain.then(function (stop) {
          if (stop) { counts.left += 1; return true; }
          if (record.error && record.error !== "login") return false;  // refused: the member reads why, discards
          return fetch(record.url, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Tomoni-Outbox": "1", "X-CSRFToken": record.csrf },
            body: record.body
          }).then(function (response) {
            var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
            if (!json) {  // logged out, or the form's token is stale: keep it, ask to log in and send again
              record.error = "login"; counts.left += 1;
              return put(record).then(function () { return false; });
            }
            return response.json().then(function (answer) {
              if (response.ok) { counts.sent += 1; return remove(record.key).then(function () { return false; }); }
              record.error = answer.message || String(response.status); counts.refused += 1;
              return put(record).then(function () { return false; });
            });
          }, function () { counts.left += 1; return true; });
        });
      }, Promise.resolve(false));
    }).then(function () { flushing = null; return counts; }, function (error) { flushing = null; throw error; });
    return flushing;
  }

  root.TomoniOutbox = { SYNC_TAG: SYNC_TAG, all: all, put: put, remove: remove, flush: flush };

  if (typeof document === "undefined") return;  // in the service worker: no page to set up

  function newKey() {
    if (root.crypto && root.crypto.randomUUID) return root.crypto.randomUUID();
    var b = root.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function keyField(form) {
    var field = form.querySelector("input[name=client_key]");
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden"; field.name = "client_key";
      form.appendChild(field);
    }
    return field;
  }

  function summary(form) {
    var parts = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit" || el.type === "button") return;
      if (el.tagName === "SELECT") parts.push(el.options[el.selectedIndex] ? el.options[el.selectedIndex].text : "");
      else if ((el.type === "checkbox" || el.type === "radio") && !el.checked) return;
      else if (el.value) parts.push((el.labels && el.labels[0] ? el.labels[0].textContent.trim() + " " : "") + el.value);
    });
    var title = form.getAttribute("data-offline") || (document.querySelector("h1") || {}).textContent || "";
    return (title.trim() + ": " + parts.join(", ")).slice(0, 300);
  }

  var panel, list, status, text;

  function say(message) { if (status) status.textContent = message; }

  function render() {
    if (!panel) return Promise.resolve();
    return all().then(function (records) {
      list.textContent = "";
      records.forEach(function (record) {
        var item = document.createElement("li");
        item.textContent = record.label;
        if (record.error) {
          var why = document.createElement("p");
          why.className = "outbox-error";
          why.textContent = record.error === "login" ? text.login : record.error;
          item.appendChild(why);
          var drop = document.createElement("button");
          drop.type = "button"; drop.className = "link-button"; drop.textContent = text.discard;
          drop.addEventListener("click", function () { remove(record.key).then(render); });
          item.appendChild(drop);
        }
        list.appendChild(item);
      });
      panel.querySelector(".outbox-count").textContent = String(records.length);
      panel.hidden = records.length === 0;
    });
  }

  function send() {
    if (!navigator.onLine) { say(text.offline); return Promise.resolve(); }
    return flush().then(function (counts) {
      if (counts.sent) say(text.sent);
      else if (counts.left) say(text.offline);
      return render();
    });
  }

  function queue(form) {
    var data = new FormData(form);
    var record = {
      key: keyField(form).value,
      url: form.action || root.location.href,
      body: new URLSearchParams(data).toString(),
      csrf: data.get("csrfmiddlewaretoken") || "",
      label: summary(form),
      queuedAt: new Date().toISOString()
    };
    return put(record).then(function () {
      form.reset();
      keyField(form).value = newKey();
      say(text.kept);
      if (navigator.serviceWorker && root.ServiceWorkerRegistration && "sync" in root.ServiceWorkerRegistration.prototype) {
        navigator.serviceWorker.ready.then(function (reg) { return reg.sync.register(SYNC_TAG); }).catch(function () {});
      }
      return render();
    });
  }

  function setUp() {
    panel = document.getElementById("outbox");
    if (panel) {
      list = panel.querySelector("ul");
      status = panel.querySelector("[role=status]");
      text = panel.dataset;
      panel.querySelector(".outbox-send").addEventListener("click", function () { send(); });
    }
    Array.prototype.forEach.call(document.querySelectorAll("form[data-offline]"), function (form) {
      keyField(form).value = newKey();
      form.addEventListener("submit", function (event) {
        if (navigator.onLine || !root.indexedDB) return;
        event.preventDefault();
        queue(form);
      });
    });
    root.addEventListener("online", function () { send(); });
    if (navigator.serviceWorker) {
      if (document.body.hasAttribute("data-signed-in")) {
        navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
      } else if (navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage("forget-pages");  // signed out: keep no one's pages
      }
    }
    render().then(function () { if (navigator.onLine && panel && !panel.hidden) send(); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})(self);
