/*
 * Material's search worker, with each query term stemmed like the index.
 *
 * Material adds a trailing wildcard to every query term ("Atlantique" -> "atlantique*") and lunr
 * never stems wildcard terms, while the index holds stems ("l'Atlantique" -> "atlant"). So a word
 * typed in full whose stem is shorter than the word found nothing. Here, before lunr runs a query,
 * each "word*" clause becomes "stem*" through the index's own pipeline: "atlant*" matches.
 *
 * Loaded as a worker, or by iframe-worker.js (pages opened from disk) inside an iframe, where
 * importScripts returns a promise. The theme's worker file name comes in the `material` parameter.
 */
(function () {
  "use strict";
  var here = self.document && document.currentScript ? document.currentScript.src : self.location.href;
  var material = new URL(here).searchParams.get("material");

  function stemQueries() {
    var query = lunr.Index.prototype.query;
    lunr.Index.prototype.query = function (build) {
      var pipeline = this.pipeline;
      return query.call(this, function (q) {
        build.call(this, q);
        q.clauses.forEach(function (clause) {
          var m = /^([^*]+)\*$/.exec(clause.term);
          if (!clause.usePipeline && m) {
            var stems = pipeline.runString(m[1], { fields: clause.fields });
            if (stems.length === 1 && stems[0]) clause.term = stems[0] + "*";
          }
        });
      });
    };
  }

  // Zensical's worker (`make site ENGINE=zensical`) searches without lunr: nothing to stem there.
  Promise.resolve(importScripts(new URL(material, here).href)).then(function () {
    if (typeof lunr !== "undefined") stemQueries();
  });
})();
