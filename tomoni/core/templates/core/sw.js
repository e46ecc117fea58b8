{% load static %}/* Tomoni's service worker (written for Tomoni, not Workbox: see the README, "Entry in the field").
 * - Pages marked offline-ready (header X-Tomoni-Offline-Ready) are kept when opened, and shown from the
 *   copy when there is no signal; every other page always comes from the network.
 * - Static files are kept after their first load (their names change with their content).
 * - Background sync (where the browser has it) sends the outbox kept by outbox.js; iPhones use "Send now". */
"use strict";
importScripts("{% static 'tomoni/outbox.js' %}");

var PAGES = "tomoni-pages-v1";
var STATIC = "tomoni-static-v1";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("{% get_static_prefix %}") === 0) {
    event.respondWith(caches.open(STATIC).then(function (cache) {
      return cache.match(request).then(function (hit) {
        return hit || fetch(request).then(function (response) {
          if (response.ok) cache.put(request, response.clone());
          return response;
        });
      });
    }));
    return;
  }
  if (request.mode !== "navigate") return;
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && response.headers.get("X-Tomoni-Offline-Ready") === "1") {
      var copy = response.clone();
      caches.open(PAGES).then(function (cache) { cache.put(url.pathname, copy); });
    }
    return response;
  }).catch(function () {
    return caches.open(PAGES).then(function (cache) { return cache.match(url.pathname); }).then(function (hit) {
      return hit || Response.error();
    });
  }));
});

self.addEventListener("sync", function (event) {
  if (event.tag === self.TomoniOutbox.SYNC_TAG) event.waitUntil(self.TomoniOutbox.flush());
});

self.addEventListener("message", function (event) {
  if (event.data === "forget-pages") event.waitUntil(caches.delete(PAGES));
});
