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
