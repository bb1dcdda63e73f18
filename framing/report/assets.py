"""The style sheet and the script of the outlet report, inlined into the one HTML file
(the report loads nothing from the network)."""

from __future__ import annotations

__all__ = ["ARTICLE_JS", "REPORT_CSS", "REPORT_JS", "VIEW_CSS"]

REPORT_CSS = """
body { font-family: 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif; color: #1a1a1a; margin: 0;
  line-height: 1.45; background: #fff; }
.wrap { max-width: 1240px; margin: 0 auto; padding: 0 1.2em 3em; }
header.top { background: #f3f4f6; border-bottom: 1px solid #d0d4da; margin-bottom: 1em; }
header.top .wrap { padding-top: 1em; padding-bottom: .6em; }
header.top h1 { font-family: Georgia, 'DejaVu Serif', serif; font-size: 1.8em; margin: 0 0 .2em; }
nav.sections a { margin-right: 1em; white-space: nowrap; color: #1f4e9c; font-size: .92em; }
h2 { font-size: 1.3em; margin: 2em 0 .4em; border-bottom: 1px solid #d0d4da; padding-bottom: .15em; }
h3 { font-size: 1.05em; margin: 1.3em 0 .3em; }
p.note, .meta { color: #4d4d4d; font-size: .9em; max-width: 58em; }
a { color: #1f4e9c; }
.chart { display: block; max-width: 100%; height: auto; margin: .6em 0; }
.scroll { overflow-x: auto; max-width: 100%; }
.chart-box { margin: .6em 0; }
.chart-box .chart { margin: 0; }
.chart-grid { display: flex; flex-wrap: wrap; gap: .5em 1.5em; align-items: flex-start; }
table.data { border-collapse: collapse; font-size: .84em; margin: .5em 0 1em; }
table.data th, table.data td { border-bottom: 1px solid #dcdcdc; padding: .28em .55em; text-align: left;
  vertical-align: top; }
table.data th { background: #f2f2f2; position: sticky; top: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.few { color: #5c5c5c; font-style: italic; }
table.data td:first-child, table.data th:first-child, a.grp { white-space: nowrap; }
table.data td.title { min-width: 18em; }
table.data td.meta { white-space: nowrap; }
details > summary { cursor: pointer; color: #1f4e9c; margin: 1em 0 .5em; font-weight: bold; }
details.concept > summary { color: #1a1a1a; font-size: 1.02em; margin: .7em 0 .3em; }
details.concept > summary small { color: #4d4d4d; font-weight: normal; }
.filter { margin: .4em 0; }
.filter button { margin: 0 .35em .35em 0; font: inherit; font-size: .85em; padding: .15em .5em;
  border: 1px solid #7d8ea8; border-radius: 12px; background: #fff; color: #1a1a1a; cursor: pointer; }
.filter button[aria-pressed=true] { background: #1f4e9c; color: #fff; border-color: #1f4e9c; }
.open:focus-visible { outline: 2px solid #1f4e9c; }
ul.findings { max-width: 60em; padding-left: 1.2em; }
ul.findings li { margin-bottom: .45em; }
.cellbar { display: inline-block; height: .7em; background: #7d8ea8; vertical-align: middle;
  margin-right: .35em; border-radius: 1px; }
.terms span { white-space: nowrap; margin-right: .9em; }
a.open, button.linkish { font-weight: bold; }
button.linkish { all: unset; color: #1f4e9c; text-decoration: underline; cursor: pointer; }
#drill .crumbs { font-size: .95em; margin: .6em 0 1em; }
#drill .crumbs a { font-weight: bold; }
.explorer .picks button { margin: 0 .35em .35em 0; font: inherit; font-size: .85em; padding: .15em .5em;
  border: 1px solid #7d8ea8; border-radius: 12px; background: #fff; color: #1a1a1a; cursor: pointer; }
.explorer .picks button[aria-pressed=true] { background: #1f4e9c; color: #fff; border-color: #1f4e9c; }
.explorer label { font-weight: bold; }
.explorer input[type=search] { font: inherit; padding: .2em .4em; width: 16em; }
.explorer .voices { margin: .6em 0; }
.explorer .voices button { font: inherit; font-size: .88em; margin-right: .4em; padding: .15em .6em;
  border: 1px solid #5c5c5c; border-radius: 4px; background: #fff; color: #1a1a1a; cursor: pointer; }
.explorer .voices button[aria-pressed=true] { background: #1a1a1a; color: #fff; }
.kwic { font-family: Georgia, 'DejaVu Serif', serif; font-size: .92em; border-collapse: collapse; width: 100%; }
.kwic td { padding: .18em .4em; border-bottom: 1px solid #ececec; vertical-align: top; }
.kwic td.l { text-align: right; width: 38%; color: #333; }
.kwic td.r { width: 38%; }
.kwic td.k { font-weight: bold; white-space: nowrap; }
.kwic td.k.q { font-style: italic; }
.kwic td.src { font-family: Arial, 'DejaVu Sans', sans-serif; font-size: .8em; width: 15%; }
.kwic tr.more td { font-family: Arial, 'DejaVu Sans', sans-serif; font-size: .85em; padding-bottom: .6em; }
.kwic tr.outlet td { font-family: Arial, 'DejaVu Sans', sans-serif; font-weight: bold; background: #f2f2f2;
  padding-top: .5em; }
.voice-q { color: #6b1f94; } .voice-a { color: #1a1a1a; }
"""

#: Styles of what :data:`ARTICLE_JS` adds (sort buttons, jumps to the text), shared by the
#: article page and the outlet report.
VIEW_CSS = """
th button.sort { all: unset; cursor: pointer; font-weight: bold; }
th button.sort::after { content: " \\2195"; color: #666666; font-weight: normal; }
th[aria-sort=ascending] button.sort::after { content: " \\2191"; color: #1a1a1a; }
th[aria-sort=descending] button.sort::after { content: " \\2193"; color: #1a1a1a; }
.fr-article .fr-s.fr-flash, .fr-article mark.fr-flash { outline: 3px solid #a84b00; }
.fr-article .fr-side li.fr-go { cursor: pointer; }
.fr-article .fr-side li.fr-go:hover { background: #eef2f8; }
.fr-article table.fr-sentences tbody tr { cursor: pointer; }
.fr-article table.fr-sentences tbody tr:hover { background: #eef2f8; }
th button.sort:focus-visible, .fr-article .fr-side li.fr-go:focus-visible,
  .fr-article table.fr-sentences tbody tr:focus-visible { outline: 2px solid #1f4e9c; }
"""

#: Sorting, the drill-down (``#outlet/N``, ``#article/N``, ``#term/WORD`` in the address, so
#: the browser's back button works) and the term explorer. No library, no network.
REPORT_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("fr-data").textContent);
  var report = document.getElementById("report");
  var drill = document.getElementById("drill");
  var body = document.getElementById("drill-body");
  var crumbs = document.getElementById("drill-crumbs");
  var view = window.framingView;  // ARTICLE_JS, inlined before this script
  var el = view.el, makeSortable = view.makeSortable;

  /* ---------------------------------------------------------------- drill-down */
  function crumb(parts) {
    crumbs.textContent = "";
    parts.forEach(function (p, i) {
      if (i) { crumbs.appendChild(document.createTextNode(" \u203a ")); }
      crumbs.appendChild(p[1] ? el("a", {href: p[1]}, p[0]) : el("span", {}, p[0]));
    });
  }
  function showReport(target) {
    drill.hidden = true;
    report.hidden = false;
    document.title = data.title;
    var t = target && document.getElementById(target);
    if (t) { t.scrollIntoView(); }
  }
  function route() {
    var h = decodeURIComponent(location.hash || "");
    var m = /^#(outlet|article)\/(\d+)$/.exec(h);
    var t = /^#term\/(.+)$/.exec(h);
    if (t) {  // from an article or a link: go to the explorer; within it: stay in place
      if (!drill.hidden || !current) { showReport("explorer"); }
      pickTerm(t[1].toLowerCase());
      return;
    }
    if (!m) { showReport(h.slice(1)); return; }
    var tpl = document.getElementById((m[1] === "outlet" ? "fr-o-" : "fr-a-") + m[2]);
    if (!tpl) { showReport(""); return; }
    body.textContent = "";
    body.appendChild(tpl.content.cloneNode(true));
    if (m[1] === "outlet") {
      var g = data.groups[+m[2]];
      crumb([["Report", "#overview"], [g, null]]);
      document.title = g + " \u2014 " + data.title;
    } else {
      var a = data.articles[+m[2]];
      crumb([["Report", "#overview"], [data.groups[a[0]], "#outlet/" + a[0]], [a[1], null]]);
      document.title = a[1];
      view.wireArticle(body);
    }
    makeSortable(body);
    report.hidden = true;
    drill.hidden = false;
    window.scrollTo(0, 0);
  }

  /* ---------------------------------------------------------------- term explorer */
  var explorer = document.getElementById("explorer-ui");
  var KWIC_SHOWN = 3;  // lines shown per group before "show all"
  var voice = "all";
  var current = null;
  function pressPicks(term) {
    Array.prototype.forEach.call(explorer.querySelectorAll(".picks button"), function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-term") === term ? "true" : "false");
    });
  }
  function notFound(term) {  // a term no article of the corpus has: say so, show nothing stale
    current = null;
    pressPicks(null);
    var out = document.getElementById("tx-out");
    out.textContent = "";
    out.appendChild(el("p", {"class": "note", id: "tx-none"}, "\u201c" + term + "\u201d: not found in " +
      "this corpus as a loaded term. The list under the box has every term found."));
  }
  /* show ``term``; with ``share`` the address becomes #term/TERM (a link to send, and the
     back button returns to the term before) */
  function pickTerm(term, share) {
    if (!explorer) { return; }
    if (!data.terms[term]) { if (term) { notFound(term); } else { current = null; } return; }
    if (share && location.hash !== "#term/" + encodeURIComponent(term)) {
      history.pushState(null, "", "#term/" + encodeURIComponent(term));
    }
    if (term === current) { return; }
    current = term;
    var input = document.getElementById("tx-input");
    if (input.value.trim().toLowerCase() !== term) { input.value = term; }
    pressPicks(term);
    renderTerm();
  }
  function renderTerm() {
    var out = document.getElementById("tx-out");
    out.textContent = "";
    var occ = data.terms[current];
    var per = data.groups.map(function () { return {n: 0, q: 0, arts: {}}; });
    occ.forEach(function (o) {
      var p = per[o[0]]; p.n += 1; p.q += o[6]; p.arts[o[1]] = 1;
    });
    out.appendChild(el("h3", {}, "\u201c" + current + "\u201d: " + occ.length + " uses in " +
      per.filter(function (p) { return p.n; }).length + " of " + data.groups.length + " " + data.by + "s"));
    var table = el("table", {"class": "data sortable", id: "tx-table"});
    var head = table.createTHead().insertRow();
    [data.by, "uses", "per 1,000 words", "authorial", "quoted", "articles using it",
     "articles"].forEach(function (h, i) { head.appendChild(el("th", i ? {"class": "num"} : {}, h)); });
    var tb = table.createTBody();
    var rows = per.map(function (p, g) { return [g, p]; });
    rows.sort(function (x, y) { return y[1].n / data.words[y[0]] - x[1].n / data.words[x[0]]; });
    rows.forEach(function (r) {
      var g = r[0], p = r[1], tr = tb.insertRow();
      var a = Object.keys(p.arts).length;
      var rate = 1000 * p.n / data.words[g];
      tr.appendChild(el("td", {}, data.groups[g]));
      tr.appendChild(el("td", {"class": "num"}, p.n));
      tr.appendChild(el("td", {"class": "num", "data-v": rate}, rate.toFixed(2)));
      tr.appendChild(el("td", {"class": "num", "data-v": p.n - p.q}, p.n ? Math.round(100 * (p.n - p.q) / p.n) + "% (" + (p.n - p.q) + ")" : "\u2014"));
      tr.appendChild(el("td", {"class": "num", "data-v": p.q}, p.n ? Math.round(100 * p.q / p.n) + "% (" + p.q + ")" : "\u2014"));
      tr.appendChild(el("td", {"class": "num", "data-v": a}, Math.round(100 * a / data.sizes[g]) + "% (" + a + ")"));
      tr.appendChild(el("td", {"class": "num"}, data.sizes[g]));
    });
    out.appendChild(el("div", {"class": "scroll"})).appendChild(table);
    makeSortable(out);
    var nq = occ.filter(function (o) { return o[6]; }).length;
    var voices = el("div", {"class": "voices", role: "group", "aria-label": "voice"});
    [["all", "all " + occ.length], ["authorial", "authorial " + (occ.length - nq)], ["quoted", "quoted " + nq]].forEach(function (v) {
      var b = el("button", {type: "button", "data-voice": v[0], "aria-pressed": voice === v[0] ? "true" : "false"}, v[1]);
      b.addEventListener("click", function () { voice = v[0]; renderTerm(); });
      voices.appendChild(b);
    });
    out.appendChild(voices);
    var kwic = el("table", {"class": "kwic", id: "tx-kwic"});
    var kb = kwic.createTBody();
    var shown = 0;
    rows.forEach(function (r) {  // the groups in the table's order: most frequent user first
      var g = r[0], name = data.groups[g];
      var lines = occ.filter(function (o) {
        return o[0] === g && (voice === "all" || (voice === "quoted") === (o[6] === 1));
      });
      if (!lines.length) { return; }
      var hr = kb.insertRow(); hr.className = "outlet";
      hr.appendChild(el("td", {colspan: "4"}, name + " (" + lines.length + ")"));
      var extra = [];
      lines.forEach(function (o, k) {
        var tr = kb.insertRow();
        if (k >= KWIC_SHOWN) { tr.hidden = true; extra.push(tr); }
        tr.appendChild(el("td", {"class": "l"}, o[3]));
        tr.appendChild(el("td", {"class": "k" + (o[6] ? " q" : "")}, o[4]));
        tr.appendChild(el("td", {"class": "r"}, o[5]));
        var src = el("td", {"class": "src"});
        src.appendChild(el("span", {"class": o[6] ? "voice-q" : "voice-a"}, o[6] ? "quoted \u00b7 " : "authorial \u00b7 "));
        var art = data.articles[o[1]];
        src.appendChild(art[2] ? el("a", {href: "#article/" + o[1]}, art[1].length > 60 ? art[1].slice(0, 59) + "\u2026" : art[1]) : el("span", {}, art[1]));
        tr.appendChild(src);
        shown += 1;
      });
      if (extra.length) {
        var more = kb.insertRow(); more.className = "more";
        var cell = el("td", {colspan: "4"});
        var b = el("button", {type: "button", "class": "linkish"}, "show all " + lines.length + " from " + name);
        b.addEventListener("click", function () {
          extra.forEach(function (r) { r.hidden = false; });
          more.parentNode.removeChild(more);
        });
        cell.appendChild(b);
        more.appendChild(cell);
      }
    });
    if (!shown) { out.appendChild(el("p", {"class": "note"}, "No " + voice + " uses.")); }
    out.appendChild(el("div", {"class": "scroll"})).appendChild(kwic);
  }
  if (explorer) {
    var input = document.getElementById("tx-input");
    var typed = function () { pickTerm(input.value.trim().toLowerCase(), true); };
    input.addEventListener("change", typed);
    input.addEventListener("input", typed);
    Array.prototype.forEach.call(explorer.querySelectorAll(".picks button"), function (b) {
      b.addEventListener("click", function () { pickTerm(b.getAttribute("data-term"), true); });
    });
    if (data.first_term && !/^#term\//.test(location.hash)) { pickTerm(data.first_term); }
  }

  /* ---------------------------------------------------------------- row filters */
  Array.prototype.forEach.call(document.querySelectorAll(".filter"), function (f) {
    var table = document.getElementById(f.getAttribute("data-table"));
    var buttons = f.querySelectorAll("button");
    function apply(key) {
      Array.prototype.forEach.call(buttons, function (b) {
        b.setAttribute("aria-pressed", b.getAttribute("data-key") === key ? "true" : "false");
      });
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        r.hidden = key !== "" && r.getAttribute("data-key") !== key;
      });
    }
    Array.prototype.forEach.call(buttons, function (b) {
      b.addEventListener("click", function () { apply(b.getAttribute("data-key")); });
    });
    if (buttons.length > 1) { apply(buttons[1].getAttribute("data-key")); }
  });

  makeSortable(report);
  window.addEventListener("hashchange", route);
  window.addEventListener("popstate", route);
  route();
})();
"""

#: The script of the single-article view, shared by the article page (``framing analyze
#: --format html``) and the outlet report's article drill-down: sortable tables, and jumps
#: from the list of flags and from the sentence table to the text. It defines
#: ``window.framingView`` (``makeSortable(root)``, ``wireArticle(root)``) and wires every
#: article view already in the page.
ARTICLE_JS = r"""
(function () {
  "use strict";
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  /* ---------------------------------------------------------------- sortable tables */
  function cellValue(td) {
    var v = td.getAttribute("data-v");
    if (v !== null && v !== "") { return parseFloat(v); }
    var t = td.textContent.trim();
    var n = parseFloat(t.replace(/,/g, ""));
    return (/^[-+\u2212]?\d/.test(t) && !isNaN(n)) ? n : t.toLowerCase();
  }
  function sortTable(table, col, th) {
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var first = cellValue(rows.length ? rows[0].cells[col] : th);
    var current = th.getAttribute("aria-sort");
    var dir = current ? (current === "descending" ? "ascending" : "descending")
                      : (typeof first === "number" ? "descending" : "ascending");
    var sign = dir === "ascending" ? 1 : -1;
    rows.sort(function (a, b) {
      var x = cellValue(a.cells[col]), y = cellValue(b.cells[col]);
      if (typeof x !== typeof y) { return typeof x === "number" ? -1 : 1; }
      return (x < y ? -1 : x > y ? 1 : 0) * sign;
    });
    rows.forEach(function (r) { table.tBodies[0].appendChild(r); });
    Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
  }
  function makeSortable(root) {
    Array.prototype.forEach.call(root.querySelectorAll("table.sortable"), function (table) {
      if (table.getAttribute("data-sortable") || !table.tHead || !table.tBodies.length) { return; }
      table.setAttribute("data-sortable", "1");
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
        var b = el("button", {type: "button", "class": "sort", title: "sort by this column"});
        while (th.firstChild) { b.appendChild(th.firstChild); }
        th.appendChild(b);
        b.addEventListener("click", function () { sortTable(table, i, th); });
      });
    });
  }

  /* ---------------------------------------------------------------- jumps to the text */
  function flash(root, target) {
    Array.prototype.forEach.call(root.querySelectorAll(".fr-flash"), function (x) { x.classList.remove("fr-flash"); });
    target.classList.add("fr-flash");
    target.scrollIntoView({block: "center"});
  }
  function wireSentences(root) {
    Array.prototype.forEach.call(root.querySelectorAll("table.fr-sentences tbody tr"), function (tr) {
      tr.setAttribute("tabindex", "0");
      tr.setAttribute("title", "show this sentence in the text");
      function go() {
        var s = root.querySelector('.fr-text .fr-s[data-s="' + tr.getAttribute("data-s") + '"]');
        if (s) { flash(root, s); }
      }
      tr.addEventListener("click", go);
      tr.addEventListener("keydown", function (e) { if (e.key === "Enter") { go(); } });
    });
  }
  function wireFlags(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".fr-side li[id]"), function (li) {
      var n = li.id.replace(/^.*f/, "");
      li.setAttribute("tabindex", "0");
      li.classList.add("fr-go");
      function go() {
        var m = root.querySelector('.fr-text mark[data-term="' + n + '"]');
        if (m) { flash(root, m); }
      }
      li.addEventListener("click", go);
      li.addEventListener("keydown", function (e) { if (e.key === "Enter") { go(); } });
    });
  }
  function wireArticle(root) {  // every article view in root (or root itself), once
    var views = root.classList && root.classList.contains("fr-article") ? [root]
      : root.querySelectorAll(".fr-article");
    Array.prototype.forEach.call(views, function (v) {
      if (v.getAttribute("data-wired")) { return; }
      v.setAttribute("data-wired", "1");
      wireSentences(v);
      wireFlags(v);
      makeSortable(v);
    });
  }
  window.framingView = {el: el, makeSortable: makeSortable, wireArticle: wireArticle};
  wireArticle(document);
})();
"""
