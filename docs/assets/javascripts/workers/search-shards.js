/*
 * Search over the sharded index that scripts/nmikb/site/searchindex.py writes, in Material's worker protocol.
 *
 * Material's own worker receives the whole index on every page load and builds a lunr index
 * from it: with thousands of pages that is megabytes and seconds before the first result. This
 * worker receives a stub (Material's config, no documents), and for each query loads only the
 * term shards of its words and the document shards of the results it shows, keeping all it
 * loaded for the next query.
 *
 * Matching: the query is split like the index (the config's separator, lowercased), each word
 * stemmed with lunr's stemmer for the edition's language; a token matches a word whose stem is
 * its stem ("conseils" finds "conseil" and "conseiller"), or, for the word still being typed,
 * when the token or its stem starts with it or with its stem ("advising" finds "advises"; "Atl"
 * finds "Atlantic"). Accents are ignored in comparisons. A document must match every word:
 * nonsense finds nothing. Title matches and whole-word matches rank first.
 *
 * lunr comes from Material's own worker, loaded with its message handler silenced, and the
 * language's stemmer from Material's lunr-languages files. Loaded as a worker, or by
 * iframe-worker.js inside an iframe (pages opened from disk), where importScripts adds <script>
 * tags and returns a promise. The theme's worker file name comes in the `material` parameter.
 */
(function () {
  "use strict";
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var MAX_PAGES = 30; // pages per answer: the results a reader looks at, from few shards
  var BATCH = 30; // documents whose shards are loaded at once, to find those pages
  var MIN_PREFIX = 3; // a shorter word being typed matches whole words only: no huge shards

  var inFrame = typeof document !== "undefined";
  var here = inFrame && document.currentScript ? document.currentScript.src : self.location.href;
  var material = new URL(here).searchParams.get("material");
  var searchRoot = new URL("../../../search/", here);
  var lunrRoot = new URL("../lunr/min/", here);
  // A real worker fetches shards in parallel; in the iframe each importScripts adds a <script>.
  var useFetch = !inFrame && /^https?:$/.test(searchRoot.protocol) && typeof fetch === "function";

  var config = null, shards = null, keys = null, separator = null, stem = null;
  var ready = null; // resolves once lunr and the stemmer are loaded: at the first query
  var terms = {}, docs = {}, loading = {}, parts = {};
  var folded = new Map(), stems = new Map();
  var latest = 0;

  // Our handler runs first and stops the event: Material's worker, loaded below for lunr,
  // registers its own handler, which must never answer.
  self.addEventListener("message", function (ev) {
    ev.stopImmediatePropagation();
    handle(ev.data);
  });

  // Every shard is one call of this function.
  self.__kbSearch = store;

  function store(payload) {
    if (typeof payload.key !== "string") docs[payload.n] = payload.docs;
    else if (payload.parts === undefined) terms[payload.key] = payload;
    else {
      // A shard in parts: whole once every part is here, each word's documents running on
      // from one part into the next.
      var got = parts[payload.key] = parts[payload.key] || [];
      got[payload.part] = payload.terms;
      if (got.filter(Boolean).length < payload.parts) return;
      var whole = {};
      got.forEach(function (part) {
        Object.keys(part).forEach(function (token) { whole[token] = (whole[token] || []).concat(part[token]); });
      });
      terms[payload.key] = { key: payload.key, terms: whole };
    }
  }

  function handle(message) {
    if (message.type === SETUP) {
      config = message.data.config;
      shards = config.shards;
      if (!shards) {
        console.warn("search: this index was not split into shards (scripts/nmikb/site/searchindex.py); nothing will be found");
        shards = { docs: 0, keys: "", parts: {}, per: 1, split: {}, version: "" };
      }
      keys = new Set(shards.keys.split(" "));
      separator = new RegExp(config.separator || "[\\s\\-]+", "g");
      self.postMessage({ type: READY });
    } else if (message.type === QUERY) {
      var id = ++latest, query = message.data;
      // Material asks for the empty query as soon as the worker is ready: no need for lunr yet.
      if (query.trim() && config && !ready) ready = loadLunr().then(function () { stem = stemmer(); });
      var answer = query.trim() && config ? ready.then(function () { return search(query); }) : Promise.resolve({ items: [] });
      answer.catch(function (err) {
        console.warn("search failed:", err);
        return { items: [] };
      }).then(function (data) {
        if (id === latest) self.postMessage({ type: RESULT, data: data }); // an older answer is stale
      });
    }
  }

  function loadLunr() {
    var scripts = [new URL(material, here).href];
    var lang = config.lang && config.lang[0];
    if (lang && lang !== "en") scripts.push(new URL("lunr.stemmer.support.min.js", lunrRoot).href, new URL("lunr." + lang + ".min.js", lunrRoot).href);
    // One after the other: the stemmer files need lunr.
    return scripts.reduce(function (previous, url) {
      return previous.then(function () { return importScripts(url); });
    }, Promise.resolve());
  }

  function stemmer() {
    var lang = (config.lang || ["en"])[0];
    var fn = lang === "en" ? lunr.stemmer : lunr[lang] && lunr[lang].stemmer;
    if (!fn || (config.pipeline || []).indexOf("stemmer") < 0) return function (word) { return word; };
    return function (word) { return fn(new lunr.Token(word, {})).toString(); };
  }

  /* Words ---------------------------------------------------------------------------------- */

  function fold(word) {
    var out = folded.get(word);
    if (out === undefined) {
      out = word.normalize("NFD").replace(/\p{M}+/gu, "").replace(/œ/g, "oe").replace(/æ/g, "ae");
      folded.set(word, out);
    }
    return out;
  }

  function stemOf(token) {
    var out = stems.get(token);
    if (out === undefined) {
      out = fold(stem(token));
      stems.set(token, out);
    }
    return out;
  }

  // The text between separator matches, trimmed of non-word edges, lowercased: as the index.
  function tokens(text, withRanges) {
    var out = [], at = 0, m;
    separator.lastIndex = 0;
    for (;;) {
      m = separator.exec(text);
      var end = m ? m.index : text.length;
      if (end > at) {
        var raw = text.slice(at, end);
        var lead = raw.length - raw.replace(/^[^\p{L}\p{N}_]+/u, "").length;
        var token = raw.slice(lead).replace(/[^\p{L}\p{N}_]+$/u, "");
        if (token) out.push(withRanges ? { token: token.toLowerCase().normalize("NFC"), start: at + lead, end: at + lead + token.length } : token.toLowerCase().normalize("NFC"));
      }
      if (!m) break;
      at = m.index + m[0].length;
      if (m[0].length === 0) separator.lastIndex++;
    }
    return out;
  }

  function queryWords(query) {
    var list = tokens(query, true), seen = {}, words = [];
    // The last word is still being typed unless something follows it ("l’" is a whole word).
    var typing = list.length && list[list.length - 1].end === query.length ? list.length - 1 : -1;
    list.forEach(function (t, i) {
      var text = t.token;
      var f = fold(text), s = fold(stem(text));
      if (seen[f]) return;
      seen[f] = true;
      words.push({ text: text, folded: f, stem: s, prefix: i === typing && f.length >= MIN_PREFIX });
    });
    return words;
  }

  // 2: the token is the word (or has its stem); 1: it starts with the word being typed; 0: no.
  function matches(word, token) {
    var f = fold(token);
    if (f === word.folded) return 2;
    if (word.folded.length < 2) return 0;
    var s = word.stem;
    // Only tokens close to the stem are stemmed: stemming changes a word's end, not its start.
    var near = f.slice(0, Math.max(2, s.length - 3)) === s.slice(0, Math.max(2, s.length - 3));
    if (near && stemOf(token) === s) return 2;
    if (!word.prefix) return 0;
    if (f.lastIndexOf(word.folded, 0) === 0 || f.lastIndexOf(s, 0) === 0) return 1;
    return near && stemOf(token).lastIndexOf(s, 0) === 0 ? 1 : 0;
  }

  /* Shards --------------------------------------------------------------------------------- */

  function fileName(key) {
    return Array.from(key, function (c) {
      return /^[a-z0-9]$/.test(c) ? c : "_" + c.codePointAt(0).toString(16) + "_";
    }).join("");
  }

  function load(path, has) {
    if (has()) return Promise.resolve();
    if (!loading[path]) {
      var url = new URL(path + "?v=" + shards.version, searchRoot).href;
      loading[path] = useFetch
        ? fetch(url).then(function (r) {
            if (!r.ok) throw new Error(url + ": " + r.status);
            return r.text();
          }).then(function (text) {
            store(JSON.parse(text.slice(text.indexOf("(") + 1, text.lastIndexOf(")"))));
          })
        : Promise.resolve(importScripts(url));
      loading[path].catch(function () { delete loading[path]; });
    }
    return loading[path];
  }

  // The shard keys that can hold a word's tokens (see shard_key and SPLIT_BYTES in searchindex.py):
  // down the split shards along the word's letters, and along its stem's.
  function keysFor(word) {
    var two = word.folded.slice(0, 2), out = [];
    if (!keys.has(two)) return []; // no token starts like this word: no document matches
    [word.folded, word.stem].forEach(function (text) {
      var key = two, children;
      while ((children = shards.split[key]) !== undefined) {
        // A split shard keeps the tokens as long as its key: one of them is the word, or has
        // its stem, only if either is that short.
        if (Math.min(word.folded.length, word.stem.length) <= key.length) out.push(key);
        if (text.length <= key.length) {
          // Tokens longer than the word, with its stem or starting with it, are in the children
          // (for words of three letters or more, as for a word being typed).
          if (key.length >= MIN_PREFIX) below(key, out);
          return;
        }
        if (text.slice(0, key.length) !== key || children.indexOf(text.charAt(key.length)) < 0) return;
        key = text.slice(0, key.length + 1);
      }
      out.push(key);
    });
    return out.filter(function (key, i) { return out.indexOf(key) === i; });
  }

  function below(key, out) {
    (shards.split[key] || "").split("").forEach(function (c) {
      out.push(key + c);
      below(key + c, out);
    });
  }

  function loadTerms(keys) {
    return Promise.all(keys.map(function (key) {
      var count = (shards.parts || {})[key] || 1, files = [];
      for (var n = 0; n < count; n++) {
        files.push(load("t/" + fileName(key) + (n ? "-" + n : "") + ".js", function (n) {
          return function () { return key in terms || (parts[key] && parts[key][n] !== undefined); };
        }(n)));
      }
      return Promise.all(files);
    }));
  }

  function loadDocs(numbers) {
    var wanted = {};
    numbers.forEach(function (n) { wanted[Math.floor(n / shards.per)] = true; });
    return Promise.all(Object.keys(wanted).map(function (s) {
      return load("d/" + s + ".js", function () { return s in docs; });
    }));
  }

  function doc(n) {
    return docs[Math.floor(n / shards.per)][n % shards.per];
  }

  /* Search --------------------------------------------------------------------------------- */

  // doc number -> weight of the word in it: title 3, text 1; twice that for a whole word.
  function postings(word, wordKeys) {
    var found = new Map();
    wordKeys.forEach(function (key) {
      var shard = terms[key].terms;
      Object.keys(shard).forEach(function (token) {
        var kind = matches(word, token);
        if (!kind) return;
        var value = 0, gaps = shard[token];
        for (var i = 0; i < gaps.length; i++) {
          value += gaps[i];
          var n = value >> 1, weight = (value & 1 ? 3 : 1) * kind;
          if (!(found.get(n) >= weight)) found.set(n, weight);
        }
      });
    });
    return found;
  }

  function search(query) {
    var words = queryWords(query);
    if (!words.length) return { items: [] };
    var wordKeys = words.map(keysFor);
    return loadTerms([].concat.apply([], wordKeys)).then(function () {
      var lists = words.map(function (word, i) { return postings(word, wordKeys[i]); });
      lists.sort(function (a, b) { return a.size - b.size; });
      var scored = [];
      lists[0].forEach(function (weight, n) {
        for (var i = 1; i < lists.length; i++) {
          var w = lists[i].get(n);
          if (w === undefined) return;
          weight += w;
        }
        scored.push([n, weight]);
      });
      scored.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      // The best documents, by batches, until they make MAX_PAGES pages and one more (then the
      // reader is told there are more), or there are no more.
      var pages = [], taken = 0;
      function more() {
        if (pages.length > MAX_PAGES || taken >= scored.length) return Promise.resolve();
        var batch = scored.slice(taken, taken + BATCH).map(function (s) { return s[0]; });
        taken += batch.length;
        return loadDocs(batch).then(function () {
          batch.forEach(function (n) {
            var page = n - doc(n)[3];
            if (pages.indexOf(page) < 0) pages.push(page);
          });
          return more();
        });
      }
      return more().then(function () {
        var shown = pages.slice(0, MAX_PAGES);
        var best = scored.slice(0, taken).filter(function (s) { return shown.indexOf(s[0] - doc(s[0])[3]) >= 0; });
        // Each section's page, for the groups; usually in the same shard.
        return loadDocs(shown).then(function () { return answer(words, best, pages.length > MAX_PAGES); });
      });
    });
  }

  // Material's result: one list per page, the page's own entry included, best first. Material
  // says how many pages it got; when there are more, the first result carries a mark, by which
  // kb.js makes that "30+" (in the page's language).
  function answer(words, scored, more) {
    var groups = new Map(), queryTerms = {};
    words.forEach(function (word) {
      // The highlight on the page found: the stem when the word starts with it ("atlantiqu").
      queryTerms[word.text.lastIndexOf(word.stem, 0) === 0 && word.stem.length >= 2 ? word.stem : word.text] = true;
    });
    scored.forEach(function (s) {
      var n = s[0], page = n - doc(n)[3];
      if (!groups.has(page)) groups.set(page, []);
      // Pages outrank their sections, as in Material (which boosts entries with no parent).
      groups.get(page).push(item(words, n, (n === page ? 1.5 : 1) * s[1], queryTerms));
    });
    var items = [];
    groups.forEach(function (list, page) {
      list.sort(function (a, b) { return b.score - a.score; });
      if (!list.some(function (i) { return i.location === doc(page)[0]; })) list.push(item(words, page, 0, {}));
      items.push(list);
    });
    if (more && items.length) items[0][0].title += '<span class="kb-search-more" hidden></span>';
    return { items: items };
  }

  function item(words, n, score, queryTerms) {
    var d = doc(n);
    return { location: d[0], title: highlight(words, d[1]), text: d[2] ? "<p>" + highlight(words, d[2]) + "</p>" : "", score: score, terms: queryTerms };
  }

  function escape(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // Escaped text with each matching word in <mark>, as Material marks its results.
  function highlight(words, text) {
    var out = "", at = 0;
    tokens(text, true).forEach(function (t) {
      if (!words.some(function (w) { return matches(w, t.token) || (w.folded.length >= 2 && fold(t.token).lastIndexOf(w.folded, 0) === 0); })) return;
      out += escape(text.slice(at, t.start)) + "<mark>" + escape(text.slice(t.start, t.end)) + "</mark>";
      at = t.end;
    });
    return out + escape(text.slice(at));
  }
})();
