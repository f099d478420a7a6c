/*
 * Offline search for pages opened from disk.
 *
 * Browsers refuse `new Worker()` for file:// URLs, so Material's search worker cannot start and
 * the search box stays dead. On file:// only, this replaces `Worker` with a stand-in that runs the
 * worker script inside a hidden same-origin iframe and relays messages both ways. Material's
 * worker looks for `IFrameWorker` on its parent to find its language files, and awaits
 * `importScripts`, so loading them as <script> tags works. Nothing is fetched from other hosts.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:" || window.IFrameWorker) return;

  function IFrameWorker(url) {
    var self = this;
    var target = new EventTarget();
    var queue = [];
    var ready = false;
    var loading = []; // scripts the worker loads as it starts, before it can take messages
    var scope = null;

    self.onmessage = null;
    self.onerror = null;
    self.addEventListener = target.addEventListener.bind(target);
    self.removeEventListener = target.removeEventListener.bind(target);
    self.dispatchEvent = target.dispatchEvent.bind(target);

    function emit(type, init) {
      var event = type === "message" ? new MessageEvent("message", init) : new ErrorEvent("error", init);
      var handler = self["on" + type];
      if (typeof handler === "function") handler.call(self, event);
      target.dispatchEvent(event);
    }

    function deliver(data) {
      // Worker messages arrive asynchronously, as they would from a real worker.
      setTimeout(function () {
        scope.dispatchEvent(new MessageEvent("message", { data: data }));
      }, 0);
    }

    self.postMessage = function (data) {
      if (ready) deliver(data);
      else queue.push(data);
    };

    self.terminate = function () {
      if (frame.parentNode) frame.parentNode.removeChild(frame);
      ready = false;
      queue = [];
    };

    var frame = document.createElement("iframe");
    frame.hidden = true;
    frame.tabIndex = -1;
    frame.setAttribute("aria-hidden", "true");
    frame.title = "search worker";
    // srcdoc documents share this page's origin, so the worker code may reach `parent`.
    frame.srcdoc = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>worker</title></head><body></body></html>";
    frame.addEventListener("load", function () {
      scope = frame.contentWindow;
      var doc = frame.contentDocument;
      scope.postMessage = function (data) {
        setTimeout(function () { emit("message", { data: data }); }, 0);
      };
      scope.importScripts = function () {
        var urls = Array.prototype.slice.call(arguments);
        var done = urls.reduce(function (previous, src) {
          return previous.then(function () {
            return new Promise(function (resolve, reject) {
              var script = doc.createElement("script");
              script.src = new URL(src, url).href;
              script.onload = resolve;
              script.onerror = function () { reject(new Error("cannot load " + src)); };
              doc.body.appendChild(script);
            });
          });
        }, Promise.resolve());
        if (!ready) loading.push(done);
        return done;
      };
      var main = doc.createElement("script");
      main.src = url;
      main.onload = function () {
        Promise.all(loading).then(function () {
          ready = true;
          queue.splice(0).forEach(deliver);
        });
      };
      main.onerror = function () {
        emit("error", { message: "cannot load worker script " + url });
      };
      doc.body.appendChild(main);
    }, { once: true });
    (document.body || document.documentElement).appendChild(frame);
  }

  window.IFrameWorker = IFrameWorker;
  window.Worker = function (url) {
    return new IFrameWorker(new URL(url, document.baseURI).href);
  };
})();
