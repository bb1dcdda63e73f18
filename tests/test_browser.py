"""The HTML report and the article page in a real browser (Playwright driving the system
chromium, offline): no console error, no network request, sorting, the drill-down from an
outlet to its articles and to one article's highlights and sentences, the term explorer.

Screenshots go to ``$FRAMING_SHOTS`` when it is set (to look at), else to a temporary
folder. The test needs the ``playwright`` package (the dev extra) and a chromium binary
(``apt-get install chromium``; ``.ci/run`` installs it); Playwright's own browsers are
never downloaded.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest

import framing
from framing.compare import compare_outlets
from framing.corpus import score_corpus
from framing.report import render_html
from tests.helpers import SAMPLE

pytestmark = pytest.mark.slow

CHROMIUM = os.environ.get("FRAMING_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def _sample(per_outlet: int = 3, outlets: int = 6) -> list[dict]:
    rows, seen = [], Counter()
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if seen[r["outlet"]] >= per_outlet or (
                r["outlet"] not in seen and len(seen) >= outlets
            ):
                continue
            seen[r["outlet"]] += 1
            rows.append({k: r[k] for k in ("id", "outlet", "title", "topic", "date", "text")})
    return rows


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    out = Path(os.environ.get("FRAMING_SHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    return out


class Page:
    """A page that blocks every request but the file's own and records console errors."""

    def __init__(self, browser, path: Path):
        self.context = browser.new_context(viewport={"width": 1300, "height": 950})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.url = path.resolve().as_uri()

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.url.split("#")[0]):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Path, object]:
    rows = _sample()
    cmp = compare_outlets(
        score_corpus(rows, details=True),  # keeps title, topic and date
        texts=[r["text"] for r in rows],
        n_boot=200,
    )
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(cmp.to_html(), encoding="utf-8")
    return path, cmp


def expect(target):
    """Playwright's waiting assertions (imported here: the module is skipped without it)."""
    from playwright.sync_api import expect as _expect

    return _expect(target)


def _column(page, table: str, col: int) -> list[float]:
    return page.eval_on_selector_all(
        f"{table} tbody tr",
        f"rows => rows.map(r => parseFloat(r.cells[{col}].getAttribute('data-v')))",
    )


def test_report_sorts_and_drills_down_offline(browser, report, shots):
    path, cmp = report
    p = Page(browser, path)
    page = p.page
    page.goto(p.url)
    page.screenshot(path=str(shots / "report-overview.png"))
    table = "#overview table.data"
    header = page.locator(f"{table} thead th", has_text="framing score")
    col = int(header.evaluate("th => th.cellIndex"))
    header.locator("button").click()
    values = _column(page, table, col)
    assert (
        values == sorted(values, reverse=True) and header.get_attribute("aria-sort") == "descending"
    )
    header.locator("button").click()
    values = _column(page, table, col)
    assert values == sorted(values) and header.get_attribute("aria-sort") == "ascending"
    words = page.locator(f"{table} thead th", has_text="words").first
    words.locator("button").click()
    counts = _column(page, table, int(words.evaluate("th => th.cellIndex")))
    assert counts == sorted(counts, reverse=True)

    # outlet -> its articles, sorted by score
    outlet = str(cmp.table.index[0])
    page.locator(f"{table} a.open", has_text=outlet).first.click()
    # a link changes the hash and the page routes on "hashchange", which fires after click()
    # returns: every check after a navigation waits for the page (expect) instead of reading
    # it at once
    expect(page.locator("#drill")).to_be_visible()
    expect(page.locator("#report")).to_be_hidden()
    expect(page.locator("#drill h2")).to_have_text(outlet)
    scores = _column(page, "#drill table.data", 2)
    assert len(scores) == int(cmp.table.loc[outlet, "n_articles"])
    assert scores == sorted(scores, reverse=True)
    page.screenshot(path=str(shots / "report-outlet.png"))

    # -> the first article: its headline, inline labels and the list of flags
    first = page.locator("#drill table.data tbody tr").first.locator("a.open")
    title = first.inner_text()
    first.click()
    expect(page.locator("#drill .fr-article h1")).to_have_text(title)
    expect(page).to_have_title(title)
    marks = page.locator("#drill .fr-text mark.fr-t")
    assert marks.count() > 0 and marks.first.is_visible()
    assert page.locator("#drill .fr-text .fr-chip").first.is_visible()
    assert page.locator("#drill .fr-side li").count() >= marks.count() // 2
    page.screenshot(path=str(shots / "report-article.png"))

    # a flag in the list shows its words in the text
    item = page.locator("#drill .fr-side li[id]").nth(3)
    item.click()
    n = item.get_attribute("id").rsplit("f", 1)[1]
    mark = page.locator(f'#drill .fr-text mark.fr-flash[data-term="{n}"]')
    expect(mark.first).to_be_visible()

    # -> a sentence: clicking its row shows it in the text
    row = page.locator("#drill table.fr-sentences tbody tr").nth(2)
    row.click()
    flashed = page.locator("#drill .fr-text .fr-s.fr-flash")
    expect(flashed).to_have_count(1)
    assert flashed.get_attribute("data-s") == row.get_attribute("data-s")
    assert flashed.is_visible() and flashed.evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"
    )
    page.screenshot(path=str(shots / "report-sentence.png"))

    # the browser's back button returns to the outlet, then to the report
    page.go_back()
    expect(page.locator("#drill h2")).to_have_text(outlet)
    page.locator("#drill-crumbs a", has_text="Report").click()
    expect(page.locator("#report")).to_be_visible()

    # the actor table shows one actor at a time, picked by its button
    pick = page.locator("#actors .filter button").nth(2)
    key = pick.get_attribute("data-key")
    pick.click()
    keys = page.eval_on_selector_all(
        "#actors-table tbody tr", "rows => rows.filter(r => !r.hidden).map(r => r.dataset.key)"
    )
    assert keys and set(keys) == {key}
    assert len(keys) == sum(cmp.actors["key"] == key)
    page.locator("#actors .filter button", has_text="all actors").click()
    assert page.locator("#actors-table tbody tr:visible").count() == len(cmp.actors)
    page.screenshot(path=str(shots / "report-actors.png"))
    assert not p.errors, p.errors
    assert not p.requests, p.requests
    p.close()


def test_term_explorer_shows_each_use_in_context(browser, report, shots):
    path, cmp = report
    p = Page(browser, path)
    page = p.page
    page.goto(p.url + "#explorer")
    pick = page.locator("#explorer-ui .picks button").nth(1)
    term = pick.get_attribute("data-term")
    pick.click()
    expect(pick).to_have_attribute("aria-pressed", "true")
    uses = Counter()
    forms = set()  # the texts the term was found as (an entry's forms: "absurd" for "ridiculous")
    for i, g in cmp.articles["outlet"].items():
        found = [t for t in cmp.analysis(i).loaded_terms if t.term.lower() == term]
        uses[str(g)] += len(found)
        forms.update(t.text.lower().strip("\"'\u201c\u201d\u2018\u2019") for t in found)
    uses = {str(g): uses[str(g)] for g in cmp.table.index}
    rows = page.locator("#tx-table tbody tr")
    assert rows.count() == len(cmp.table)
    shown = {
        rows.nth(i).locator("td").nth(0).inner_text(): int(
            rows.nth(i).locator("td").nth(1).inner_text()
        )
        for i in range(rows.count())
    }
    assert shown == uses
    lines = page.locator("#tx-kwic td.k")
    assert lines.count() == sum(uses.values())
    visible = page.locator("#tx-kwic td.k:visible").count()
    assert visible == sum(min(3, n) for n in uses.values())
    for _ in range(page.locator("#tx-kwic tr.more button").count()):
        page.locator("#tx-kwic tr.more button").first.click()  # show all
    assert page.locator("#tx-kwic td.k:visible").count() == sum(uses.values())
    texts = {lines.nth(i).inner_text().lower() for i in range(lines.count())}
    assert forms and all(any(f in t for f in forms) for t in texts), (texts, forms)
    page.screenshot(path=str(shots / "report-explorer.png"), full_page=False)

    page.locator("#tx-out .voices button", has_text="quoted").click()
    quoted = page.locator("#tx-kwic td.src")
    assert all("quoted" in quoted.nth(i).inner_text() for i in range(quoted.count()))

    # typing another term, then opening an article from its concordance
    other = page.locator("#explorer-ui .picks button").nth(0).get_attribute("data-term")
    page.fill("#tx-input", other)
    page.locator("#tx-input").dispatch_event("input")
    expect(page.locator("#tx-out h3")).to_have_text(
        re.compile("^" + re.escape(f"\u201c{other}\u201d"))
    )
    page.locator("#tx-out .voices button", has_text="all").click()
    link = page.locator("#tx-kwic td.src a").first
    title = link.inner_text().rstrip("…")
    link.click()
    expect(page.locator("#drill .fr-article h1")).to_have_text(re.compile("^" + re.escape(title)))
    assert not p.errors, p.errors
    assert not p.requests, p.requests
    p.close()


def test_term_explorer_shares_its_term_in_the_address_and_says_when_a_term_is_not_found(
    browser, report, shots
):
    path, _cmp = report
    p = Page(browser, path)
    page = p.page
    page.goto(p.url + "#explorer")
    picks = page.locator("#explorer-ui .picks button")
    first, second = (picks.nth(i).get_attribute("data-term") for i in (1, 2))
    picks.nth(1).click()
    expect(page).to_have_url(re.compile(re.escape("#term/" + quote(first)) + "$"))
    picks.nth(2).click()
    expect(page).to_have_url(re.compile(re.escape("#term/" + quote(second)) + "$"))
    expect(page.locator("#tx-out h3")).to_have_text(re.compile("^\u201c" + re.escape(second)))
    page.go_back()  # the back button returns to the term before
    expect(page.locator("#tx-out h3")).to_have_text(re.compile("^\u201c" + re.escape(first)))
    expect(picks.nth(1)).to_have_attribute("aria-pressed", "true")
    # an unknown term: said so, nothing left of the term before
    page.fill("#tx-input", "zzquux")
    page.locator("#tx-input").dispatch_event("input")
    expect(page.locator("#tx-none")).to_have_text(re.compile("not found in this corpus"))
    expect(page.locator("#tx-out h3")).to_have_count(0)
    expect(page.locator("#tx-kwic")).to_have_count(0)
    page.screenshot(path=str(shots / "report-explorer-unknown.png"))
    # a shared link opens the report on that term
    other = p.context.new_page()
    other.goto(p.url.split("#")[0] + "#term/" + quote(second))
    expect(other.locator("#tx-out h3")).to_have_text(re.compile("^\u201c" + re.escape(second)))
    assert not p.errors, p.errors
    assert not p.requests, p.requests
    p.close()


def _overflowing(page) -> list[str]:
    """Tables and charts wider than the window that are not inside a box of their own that
    scrolls sideways."""
    return page.evaluate(
        """() => { const W = document.documentElement.clientWidth, bad = [];
        for (const e of document.querySelectorAll('table, svg.chart')) {
          const r = e.getBoundingClientRect();
          if (!r.width || r.right <= W + 1) continue;
          let q = e.parentElement, boxed = false;
          while (q && !boxed) { const o = getComputedStyle(q).overflowX;
            boxed = (o === 'auto' || o === 'scroll') && q.getBoundingClientRect().right <= W + 1;
            q = q.parentElement; }
          if (!boxed) bad.push(e.tagName + '#' + e.id + ' ' + Math.round(r.right)); }
        return bad; }"""
    )


@pytest.mark.parametrize("width", [1300, 420])
def test_report_fits_the_window_tables_and_charts_scroll_in_their_own_box(
    browser, report, shots, width
):
    path, _cmp = report
    p = Page(browser, path)
    page = p.page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(p.url + "#explorer")
    page.locator("#explorer-ui .picks button").first.click()
    expect(page.locator("#tx-kwic")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert not _overflowing(page), _overflowing(page)
    # a chart scales to the page (never a box to scroll) and keeps readable labels: shrunk
    # at most to 70% of its size (a chart of several panels wraps its panels instead)
    for svg in page.locator("svg.chart").all():
        box = svg.bounding_box()
        if not box or not box["width"]:
            continue
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, box
        assert box["width"] >= 0.69 * float(svg.get_attribute("width")), box
        height = (
            box["width"] * float(svg.get_attribute("height")) / float(svg.get_attribute("width"))
        )
        assert abs(box["height"] - height) <= 2, box  # height follows the width
    boxes = page.evaluate(
        "[...document.querySelectorAll('.chart-box')].filter(b => b.scrollWidth > b.clientWidth + 1).length"
    )
    assert boxes == 0
    page.screenshot(path=str(shots / f"report-{width}.png"), full_page=False)
    page.goto(p.url + "#article/0")
    expect(page.locator("#drill .fr-article")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert not _overflowing(page), _overflowing(page)
    p.close()


def test_article_page_offline(browser, tmp_path, shots):
    # a headline over the state-media paragraph of the actors test: labels and euphemisms to show
    body = (Path(__file__).parent / "data" / "idlib_state_media.txt").read_text(encoding="utf-8")
    text = "Army liberates highway south of Idlib\n\n" + body
    a = framing.analyze(text, outlet="Example Wire")
    assert len(a.loaded_terms) >= 5
    path = tmp_path / "article.html"
    path.write_text(render_html(a), encoding="utf-8")
    p = Page(browser, path)
    page = p.page
    page.goto(p.url)
    assert page.title() == text.splitlines()[0]
    chips = page.locator(".fr-text .fr-chip")
    assert chips.count() == len(a.loaded_terms) and chips.first.is_visible()
    assert page.locator(".fr-side").is_visible() and page.locator(".fr-legend").is_visible()
    # the chip's label, white on its colour, is what the test of the colours measured
    colour = chips.first.evaluate("e => getComputedStyle(e).color")
    assert colour == "rgb(255, 255, 255)"
    page.screenshot(path=str(shots / "article.png"))
    page.set_viewport_size({"width": 420, "height": 900})  # a phone: one column
    page.screenshot(path=str(shots / "article-narrow.png"))
    side = page.locator(".fr-side").bounding_box()
    body = page.locator(".fr-text").bounding_box()
    assert side["y"] > body["y"] + body["height"] - 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 420
    # the page's script, the report's: a flag in the list jumps to its words in the text
    item = page.locator(".fr-side li[id]").nth(2)
    item.click()
    n = item.get_attribute("id").rsplit("f", 1)[1]
    mark = page.locator(f'.fr-text mark.fr-flash[data-term="{n}"]')
    expect(mark.first).to_be_visible()
    assert mark.first.evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"
    )
    # a sentence row jumps to its sentence; the sentence table sorts
    row = page.locator("table.fr-sentences tbody tr").nth(1)
    row.click()
    expect(page.locator(".fr-text .fr-s.fr-flash")).to_have_attribute(
        "data-s", row.get_attribute("data-s")
    )
    header = page.locator("table.fr-sentences thead th", has_text="P(biased)")
    header.locator("button").click()
    values = _column(page, "table.fr-sentences", 1)
    assert values == sorted(values, reverse=True)
    expect(header).to_have_attribute("aria-sort", "descending")
    assert not p.errors, p.errors
    assert not p.requests, p.requests
    p.close()
