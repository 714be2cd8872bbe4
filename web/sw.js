// opmt's service worker: keeps the app's files so that the page opens offline once
// it has loaded. Cache first: the files of one build never change, and each build
// has a cache of its own (scripts/build-web.sh writes the build's hash below), so a
// new build is picked up when the browser next checks this file, and the old cache is
// deleted. Nothing but the app's own files passes through it; the app sends nothing.
const CACHE = "opmt-__OPMT_BUILD__";
const FILES = ["./", "index.html", "opmt.js", "opmt_bg.wasm", "manifest.webmanifest", "icon.png"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(FILES.map((f) => new Request(f, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("opmt-") && k !== CACHE)
        .map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(request, { ignoreSearch: true }).then((hit) => hit || fetch(request).then((response) => {
        if (response.ok) cache.put(request, response.clone());
        return response;
      }))),
  );
});
