/* The site's own scripts, in one file (one request): the Copy buttons, the tooltips, then the
   palette switch. */

/* "Copy" buttons of the Cite panels: copy the citation next to the button.
   The Clipboard API needs a secure context and the reader's permission; pages opened from disk
   or in an older browser may have neither, so the text is then selected and copied the old way.
   The outcome is announced in the panel's status line (role="status"). */
(function () {
  function announce(button, text) {
    var panel = button.closest(".kb-cite-panel");
    var status = panel && panel.querySelector(".kb-copy__status");
    if (status) status.textContent = text;
  }
  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    document.body.removeChild(area);
    return done;
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.kb-copy");
    if (!button) return;
    var format = document.getElementById(button.getAttribute("data-copy"));
    var source = format && format.querySelector("pre");
    if (!source) return;
    var text = source.textContent;
    var ok = function () { announce(button, button.getAttribute("data-copied")); };
    var failed = function () { announce(button, fallback(text) ? button.getAttribute("data-copied") : button.getAttribute("data-failed")); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(ok, failed);
    } else {
      failed();
    }
  });
})();

/* Tooltips of abbreviations (and of any other element with a title in the text), set up on first use.
   Material's "content.tooltips" feature gives every such element its own set of listeners and
   observers as the page loads, each reading the page's layout (whether the element is hovered,
   where it sits), and measures each tooltip of the header by adding it to the page and taking it
   out again. A page quoting the same abbreviation twenty times paid for that before it answered
   a tap. Here two listeners on the document serve every element: nothing is done until a reader
   hovers or focuses one, and then only for that one. The tooltip is Material's own markup and
   classes (md-tooltip2), so it looks and moves like the theme's; the header's buttons keep the
   browser's native tooltips, as in stock Material.
   While shown, the element's title moves to data-kb-title (no second, native tooltip) and the
   element is described by the tooltip (aria-describedby); Escape hides it. */
(function () {
  "use strict";
  var HOSTS = "abbr[title], .md-content [title]:not([data-preview]), [data-kb-title]";
  var ID = "kb-tooltip";
  var bubble = null, inner = null;
  var host = null; // the element whose tooltip is shown (or fading out)
  var hovered = null, focused = null, removal = 0;

  function hostOf(node) {
    return node instanceof Element ? node.closest(HOSTS) : null;
  }

  function build() {
    bubble = document.createElement("div");
    bubble.className = "md-tooltip2 md-tooltip2--bottom";
    bubble.setAttribute("role", "tooltip");
    bubble.id = ID;
    inner = document.createElement("div");
    inner.className = "md-tooltip2__inner md-typeset";
    bubble.appendChild(inner);
  }

  // Below the element, centred on it, in page coordinates: the variables Material's stylesheet reads.
  function place() {
    var rect = host.getBoundingClientRect();
    bubble.style.setProperty("--md-tooltip-host-x", rect.left + window.scrollX + "px");
    bubble.style.setProperty("--md-tooltip-host-y", rect.top + window.scrollY + "px");
    bubble.style.setProperty("--md-tooltip-x", rect.width / 2 + "px");
    bubble.style.setProperty("--md-tooltip-y", 8 + rect.height + "px");
    bubble.style.setProperty("--md-tooltip-tail", "0px");
    bubble.style.setProperty("--md-tooltip-width", inner.offsetWidth + "px");
  }

  function show(el) {
    clearTimeout(removal);
    if (host !== el) {
      if (host) detach();
      if (!bubble) build();
      host = el;
      var text = el.getAttribute("title") || "";
      el.setAttribute("data-kb-title", text);
      el.removeAttribute("title");
      inner.textContent = text;
      document.body.appendChild(bubble);
      el.setAttribute("aria-describedby", ID);
      place();
    }
    // One frame later, so that the fade-in transition starts from the hidden state.
    requestAnimationFrame(function () {
      if (host === el) bubble.classList.add("md-tooltip2--active");
    });
  }

  function hide() {
    if (!host) return;
    bubble.classList.remove("md-tooltip2--active");
    clearTimeout(removal);
    removal = setTimeout(detach, 250); // the fade-out's length in Material's stylesheet
  }

  function detach() {
    if (!host) return;
    host.setAttribute("title", host.getAttribute("data-kb-title"));
    host.removeAttribute("data-kb-title");
    host.removeAttribute("aria-describedby");
    bubble.classList.remove("md-tooltip2--active");
    bubble.remove();
    host = null;
  }

  function settle() {
    var keep = focused || hovered;
    if (keep) show(keep);
    else hide();
  }

  document.addEventListener("mouseover", function (event) {
    var el = hostOf(event.target);
    if (el === hovered) return;
    hovered = el;
    settle();
  });
  document.addEventListener("mouseout", function (event) {
    if (hovered && !hovered.contains(event.relatedTarget)) {
      hovered = hostOf(event.relatedTarget);
      settle();
    }
  });
  document.addEventListener("focusin", function (event) {
    focused = hostOf(event.target);
    settle();
  });
  document.addEventListener("focusout", function (event) {
    focused = hostOf(event.relatedTarget);
    settle();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && host) {
      hovered = focused = null;
      hide();
    }
  });
  window.addEventListener("resize", function () {
    if (host) place();
  });
})();

/* The palette switch (light / dark), which the theme's palette component did on every page load
   (scripts/overrides/partials/palette.html says why it no longer does). The palette the page opens
   with is applied before the first paint by the script after the header's form (__kb_palette);
   here, the reader's switch: the palette is applied, with transitions off for that frame as the
   theme does (data-md-color-switching), and stored where and as the theme stores it, so that every
   page opens with it. Enter on the focused switch turns to the next palette, as in the theme. The
   browser's colour metadata (theme-color, color-scheme) follows the header, read when the browser
   is idle after loading the page, when reading its style costs nothing. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-kb-palette]");
  if (!form || !window.__kb_palette) return;
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input[name=__palette]"));

  function meta(name) {
    var el = document.head.querySelector("meta[name=" + name + "]");
    if (!el) {
      el = document.createElement("meta");
      el.name = name;
      document.head.appendChild(el);
    }
    return el;
  }
  // Both values are read before anything is written: a write to the page between two reads
  // would make the browser compute the whole page's style a second time.
  function describe() {
    var header = document.querySelector("header.md-header");
    if (!header) return;
    var style = getComputedStyle(header);
    var scheme = style.colorScheme, rgb = style.backgroundColor.match(/\d+/g) || [];
    var theme = "#" + rgb.slice(0, 3).map(function (c) {
      return (+c).toString(16).padStart(2, "0");
    }).join("");
    if (meta("color-scheme").content !== scheme) meta("color-scheme").content = scheme;
    if (meta("theme-color").content !== theme) meta("theme-color").content = theme;
  }

  form.addEventListener("change", function (event) {
    var input = event.target;
    if (inputs.indexOf(input) < 0) return;
    document.body.setAttribute("data-md-color-switching", "");
    __kb_palette(input);
    __md_set("__palette", {
      index: inputs.indexOf(input),
      color: {
        media: input.getAttribute("data-md-color-media"),
        scheme: input.getAttribute("data-md-color-scheme"),
        primary: input.getAttribute("data-md-color-primary"),
        accent: input.getAttribute("data-md-color-accent")
      }
    });
    describe();
    requestAnimationFrame(function () {
      document.body.removeAttribute("data-md-color-switching");
    });
  });
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var current = inputs.filter(function (input) { return input.checked; })[0] || inputs[0];
    var next = inputs[(inputs.indexOf(current) + 1) % inputs.length];
    event.preventDefault();
    next.click();
    next.focus();
  });
  // On load, once the browser is idle: by then the page's style has been computed for its first
  // frames and reading it costs nothing. Read any earlier (as the theme did), it forced the whole
  // page's style to be computed again while the theme's script was still changing the page: a
  // task of up to ~80 ms on a phone-speed CPU (the scope page), on every page.
  (window.requestIdleCallback || function (run) { setTimeout(run, 200); })(describe);
})();

/* Search: when there are more matching pages than the results show (the search worker shows the
   best 30, docs/assets/javascripts/workers/search-shards.js), the count says so: "30+ matching
   documents", "30+ documents trouvés". The theme writes the count of the results it got; the
   worker marks the first result when there are more (a hidden .kb-search-more). */
(function () {
  "use strict";
  var result = document.querySelector(".md-search-result");
  var meta = result && result.querySelector(".md-search-result__meta");
  if (!meta || typeof MutationObserver === "undefined") return;
  function mark() {
    if (!result.querySelector(".kb-search-more") || /\d\+/.test(meta.textContent)) return;
    meta.textContent = meta.textContent.replace(/\d+/, function (n) { return n + "+"; });
  }
  new MutationObserver(mark).observe(result, { childList: true, subtree: true, characterData: true });
})();
