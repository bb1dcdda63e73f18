"""Phrases and sources: noun-phrase bounds around a cue, the source to its left, after it, or
the subject of the clause a participle attaches to, and pronoun resolution.
"""

from __future__ import annotations

import re
from typing import Any

from ..text import Token
from .cues import _is_adverb, _is_boundary_dot, _is_verb_at, _is_verbish, _match_cue, _noun_context
from .result import _Ctx, _Draft
from .source_types import classify_source
from .words import (
    _ALL_PREPOSITIONS,
    _ASIDE_PREPOSITIONS,
    _ASIDES,
    _BETWEEN,
    _BOUNDARY_PUNCT,
    _BOUNDARY_WORDS,
    _CLAUSE_OPENERS,
    _CLOSE_QUOTE_CHARS,
    _DAYS,
    _DETERMINERS,
    _FIRST_SECOND,
    _LEADING_SKIP,
    _MODALS,
    _MONTHS,
    _NEGATIONS,
    _OPEN_QUOTE_CHARS,
    _PREPOSITIONS,
    _PRONOUNS,
    _QUANTIFIERS,
    _TIME_NOUNS,
    _TRUE_PREPOSITIONS,
)


def _skip_left(toks: tuple[Token, ...], j: int, lo: int) -> tuple[int, bool]:
    """Index of the last token of the source before ``j`` (skipping auxiliaries).

    Returns the index (``lo - 1`` if none) and whether the cue is negated or
    hedged by a modal ("did not say", "could declare").
    """
    blocked = False
    while j >= lo:
        low = toks[j].lower
        if low in _NEGATIONS or low.endswith(("n't", "n’t")) or low in _MODALS:
            blocked = True
        elif low in _BETWEEN or (low in _DAYS and low not in {"this", "last"}):
            pass
        elif _is_adverb(toks, j):
            pass
        elif low == "on" and j + 1 < len(toks) and toks[j + 1].lower in _DAYS:
            pass
        elif low in {"both", "all", "each"} and j > lo:
            pass  # a floating quantifier: "Theresa May and Justin Trudeau, both called it"
        elif (
            low == "," and j - 2 >= lo and toks[j - 1].lower in _ASIDES and toks[j - 2].text == ","
        ):
            j -= 2  # "Republicans, though, said"
        else:
            break
        j -= 1
    return j, blocked


def _np_start(
    ctx: _Ctx,
    toks: tuple[Token, ...],
    end: int,
    lo: int,
    verb_stop: bool = True,
    ing_stop: bool = False,
) -> tuple[int, bool]:
    """Start index of the noun phrase ending at token ``end`` (inclusive).

    The second value says whether the scan stopped at a verb (the phrase is
    then an object, not a subject). With ``ing_stop`` an -ing form that does
    not follow a determiner also ends the phrase (the antecedent of a
    relative clause: "favor allowing | men who say").
    """
    k = end
    depth = 0
    while k >= lo:
        t = toks[k]
        if t.text == ")":
            depth += 1
        elif t.text == "(":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0:
            prev = toks[k - 1] if k > 0 else None
            if t.text == "." and not _is_boundary_dot(toks, k, ctx.text):
                pass
            elif (
                t.text in _BOUNDARY_PUNCT
                or t.text in _OPEN_QUOTE_CHARS
                or t.text in _CLOSE_QUOTE_CHARS
                or (
                    t.lower in _BOUNDARY_WORDS
                    and k != end
                    and not (t.lower == "as" and prev is not None and prev.lower == "such")
                    and not (
                        t.lower == "than"
                        and prev is not None
                        and prev.lower in {"more", "less", "fewer", "rather"}
                    )
                )
            ):
                break
            elif (
                verb_stop
                and k != end
                and (
                    _is_verbish(t, prev)
                    or (_match_cue(toks, k) is not None and not _noun_context(toks, k))
                    or (
                        ing_stop
                        and t.text[:1].islower()
                        and t.lower.endswith("ing")
                        and len(t.lower) > 4
                        and prev is not None
                        and prev.lower not in _DETERMINERS
                    )
                )
            ):
                return k + 1, True
            elif (
                t.lower in {"a", "an", "the"}
                and prev is not None
                and prev.is_word
                and (
                    k + 1 < len(toks) and toks[k + 1].is_word and ctx.text[t.end : t.end + 1] == " "
                )
                and (
                    prev.lower
                    not in _PREPOSITIONS | _ALL_PREPOSITIONS | _BOUNDARY_WORDS | _DETERMINERS
                    and prev.lower not in _QUANTIFIERS
                    and prev.lower not in {"and", "or", "such", "half", "what", "quite", "rather"}
                    and not _is_verb_at(toks, k - 1)
                    and not prev.lower.endswith(("ly", "ing", "ed"))
                    and (
                        t.text[:1].isupper()
                        or not prev.text[:1].isupper()
                        or prev.lower in _DAYS | _MONTHS
                    )
                )
            ):
                # an article after a noun opens a new phrase: "[agency] on Tuesday | a CNN
                # report", "Image caption | A former associate"
                return k, False
        k -= 1
    return k + 1, False


def _is_apposition(toks: tuple[Token, ...], a: int, b: int) -> bool:
    """Tokens ``a..b`` look like an apposition or (reduced) relative clause after a name.

    ("Larry Kudlow, director of ...", "One senator, speaking on condition of
    anonymity,"); not a finite verb ("X, a Democrat, rejected ...").
    """
    first = toks[a]
    return first.lower in {
        "the",
        "a",
        "an",
        "another",
        "one",
        "who",
        "whom",
        "whose",
        "which",
        "including",
        "such",
        "like",
    } or (first.text[:1].islower() and first.is_word and not _is_verb_at(toks, a))


def _ends_with_name(toks: tuple[Token, ...], a: int, b: int) -> bool:
    words = [t for t in toks[a : b + 1] if t.is_word]
    return bool(words) and (words[-1].text[:1].isupper() or toks[b].text == ")")


def _is_name(toks: tuple[Token, ...], a: int, b: int) -> bool:
    """Capitalised words, possibly joined ("Theresa May and Justin Trudeau", "Charles de Gaulle")."""
    words = [t for t in toks[a : b + 1] if t.is_word and t.lower not in _NAME_JOINERS]
    return bool(words) and toks[a].text[:1].isupper() and all(w.text[:1].isupper() for w in words)


_NAME_JOINERS = {"and", "of", "de", "la", "le", "van", "von", "der", "bin", "al", "da", "du"}


def _strip_source(
    toks: tuple[Token, ...], a: int, b: int, tail: bool = True
) -> tuple[int, int] | None:
    """Drop leading connectors / prepositions / particles / time phrases and trailing commas.

    With ``tail`` also trailing auxiliaries and time words ("Trump on Friday
    said"); not for a phrase that ends in an apposition or relative clause
    closed by a comma ("Comey, whom Trump fired last year, said").
    """
    while a <= b and (
        toks[a].lower in _LEADING_SKIP
        or (toks[a].lower in {"out", "up", "off", "back", "down", "away"} and a < b)
        or toks[a].text in {",", "—", "–", ":"}
        or toks[a].text in _OPEN_QUOTE_CHARS
        or toks[a].text in _CLOSE_QUOTE_CHARS
        or (
            toks[a].lower in {"in", "on", "at", "by", "from", "with", "for"}
            and a < b
            and toks[a + 1].lower in _DETERMINERS
        )
    ):
        a += 1
    if (
        a + 1 <= b
        and toks[a].lower in {"on", "in", "last"}
        and toks[a + 1].lower in _DAYS | _MONTHS
    ):
        a += 2
    while a <= b and (
        toks[b].text in {",", "—", "–"}
        or (tail and (toks[b].lower in _BETWEEN or toks[b].lower in _DAYS))
    ):
        b -= 1
    if a > b or not any(t.is_word for t in toks[a : b + 1]) or toks[a].lower in _TRUE_PREPOSITIONS:
        return None
    return a, b


def _after_break(toks: tuple[Token, ...], start: int, lo: int) -> bool:
    """The source starting at token ``start`` follows a comma or a closing quotation mark
    (the content may come before it)."""
    prev = toks[start - 1] if start - 1 >= lo else None
    return prev is not None and (prev.text == "," or prev.text in _CLOSE_QUOTE_CHARS)


def _apposition_source(
    ctx: _Ctx, toks: tuple[Token, ...], ci: int, j: int, lo: int
) -> tuple[int, int, bool] | None:
    """ "X, an apposition, said": the comma at ``j`` belongs to the source."""
    b = j - 1
    a, _ = _np_start(ctx, toks, b, lo, verb_stop=False)
    if a > lo and toks[a - 1].lower in {"who", "whom", "which"}:
        a -= 1
    relative = toks[a].lower in {"who", "whom", "whose", "which"}
    if not relative and (
        _is_verb_at(toks, a) or (_is_adverb(toks, a) and a < b and _is_verb_at(toks, a + 1))
    ):
        return (
            None  # "X, a Democrat, rejected the plan, telling ...": a predicate, not an apposition
        )
    if (
        a - 2 >= lo
        and toks[a - 1].text == ","
        and toks[a].lower in _ASIDE_PREPOSITIONS
        and not toks[ci].lower.endswith("ing")
    ):
        # "Trump, during his campaign, has argued": an adverbial, not an apposition
        return _left_source(ctx, toks, a - 1, lo)
    if not (a - 2 >= lo and toks[a - 1].text in {",", "—", "–"}):
        return None
    a2, verb = _np_start(ctx, toks, a - 2, lo)
    clause = relative or (toks[a].lower.endswith("ing") and toks[a].text[:1].islower())
    if (
        not verb
        and a2 <= a - 2
        and (
            (_is_apposition(toks, a, b) and (_ends_with_name(toks, a2, a - 2) or clause))
            or (_is_name(toks, a, b) and toks[a2].lower in _DETERMINERS)
        )
    ):
        span = _strip_source(toks, a2, b, tail=False)
        if span:
            return span[0], span[1], _after_break(toks, span[0], lo)
    return None


def _reduced_relative_source(
    ctx: _Ctx, toks: tuple[Token, ...], ci: int, j: int, lo: int
) -> tuple[int, int, bool] | None:
    """ "a CBS News poll released Sunday found", "officials involved said": a reduced
    relative at ``j`` ends the source."""
    if not (
        toks[j].lower.endswith("ed")
        and j - 1 >= lo
        and toks[j - 1].is_word
        and toks[j - 1].lower not in _DETERMINERS | _PRONOUNS | _BETWEEN | _ALL_PREPOSITIONS
        and toks[j - 1].lower not in _BOUNDARY_WORDS | {"and", "or"}
        and not _is_verb_at(toks, j - 1)
        and not toks[j - 1].lower.endswith("ly")
    ):
        return None
    a2, verb2 = _np_start(ctx, toks, j - 1, lo)
    e = ci - 1
    while e > j and (toks[e].lower in _BETWEEN or _is_adverb(toks, e)):
        e -= 1
    span = _strip_source(toks, a2, e, tail=False) if not verb2 else None
    if span:
        return span[0], span[1], _after_break(toks, span[0], lo)
    return None


def _relative_subject(
    ctx: _Ctx, toks: tuple[Token, ...], a: int, j: int, lo: int
) -> tuple[int, int, bool] | None:
    """ "Officials who asked not to be named said", "Officials in some districts that have
    signed up with Code.org said": a relative clause ends the subject."""
    for r in range(a - 2, max(lo, a - 14) - 1, -1):
        if toks[r].text in _BOUNDARY_PUNCT:
            break
        if toks[r].lower in {"who", "that"} and r > lo:
            a2, verb2 = _np_start(ctx, toks, r - 1, lo, ing_stop=True)
            span = _strip_source(toks, a2, j) if not verb2 and a2 < r else None
            if span:
                return span[0], span[1], _after_break(toks, span[0], lo)
            break
    return None


def _left_source(
    ctx: _Ctx, toks: tuple[Token, ...], ci: int, lo: int
) -> tuple[int, int, bool] | None:
    """Source tokens ``(a, b)`` ending just before cue token ``ci``.

    The third value says whether the source is preceded by a comma or a
    closing quotation mark (the content may come before it). None when the
    words before the cue are not a subject (a verb, a boundary, a negation).
    """
    j, blocked = _skip_left(toks, ci - 1, lo)
    if blocked or j < lo:
        return None
    if toks[j].text in {",", "—", "–"} and j > lo:
        return _apposition_source(ctx, toks, ci, j, lo)
    abbreviation = toks[j].text == "." and not _is_boundary_dot(toks, j, ctx.text)  # "Corp."
    if (toks[j].text in _BOUNDARY_PUNCT - {")"} and not abbreviation) or toks[
        j
    ].text in _CLOSE_QUOTE_CHARS:
        return None
    if toks[j].lower in _BOUNDARY_WORDS or toks[j].lower in {"and", "or"}:
        if toks[j].lower in {"who", "that", "which"}:  # "men who say ..."
            a, _ = _np_start(ctx, toks, j - 1, lo, ing_stop=True)
            span = _strip_source(toks, a, j - 1) if j - 1 >= a else None
            return (span[0], span[1], False) if span else None
        return None
    if toks[j].lower in _TRUE_PREPOSITIONS:
        return None  # "merely by asserting": a gerund, not a subject + verb
    if toks[j].lower in {"he", "she", "they", "it"}:
        return (
            j,
            j,
            j > lo and toks[j - 1].text in {","} | _CLOSE_QUOTE_CHARS,
        )  # "to convey he thinks"
    found = _reduced_relative_source(ctx, toks, ci, j, lo)
    if found:
        return found
    if _is_verbish(toks[j], toks[j - 1] if j > 0 else None) or toks[j].lower in _PREPOSITIONS:
        a, verb = j + 1, True
    else:
        a, verb = _np_start(ctx, toks, j, lo)
    if verb:
        found = _relative_subject(ctx, toks, a, j, lo)
        if found:
            return found
        if a > j or not toks[ci].lower.endswith("ing"):
            return None
    span = _strip_source(toks, a, j)
    if not span:
        return None
    span = _with_antecedent(ctx, toks, span, j, lo)
    return span[0], span[1], _after_break(toks, span[0], lo)


def _with_antecedent(
    ctx: _Ctx, toks: tuple[Token, ...], span: tuple[int, int], j: int, lo: int
) -> tuple[int, int]:
    """ "An aide to a senator who favors diplomacy with Iran said": the antecedent and its
    relative clause (whose subject is the gap) are the source."""
    r = span[0] - 1
    if r - 1 >= lo and (
        toks[r].lower == "who"
        or (toks[r].lower in {"that", "which"} and _is_verb_at(toks, span[0]))
    ):
        a2, verb2 = _np_start(ctx, toks, r - 1, lo, ing_stop=True)
        if not verb2 and a2 < r and not _is_verb_at(toks, r - 1):
            return _strip_source(toks, a2, j) or span
    return span


def _np_end(ctx: _Ctx, toks: tuple[Token, ...], a: int, hi: int) -> int:
    """Last index of the noun phrase that starts at token ``a`` (``a - 1`` if none).

    The phrase runs to the first comma, dash, colon, quotation mark, clause
    opener or verb; a parenthesis ("Sen. Amy Klobuchar (D-MN)") is kept whole.
    """
    b, depth = a - 1, 0
    while b + 1 < hi:
        t = toks[b + 1]
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and (
            t.text in {",", ";", ":", "—", "–", "?", "!"}
            or t.text in _OPEN_QUOTE_CHARS
            or t.text in _CLOSE_QUOTE_CHARS
            or (t.text == "." and _is_boundary_dot(toks, b + 1, ctx.text))
            or (t.lower in _BOUNDARY_WORDS and not (t.lower == "as" and toks[b].lower == "such"))
            or _is_verb_at(toks, b + 1)
            or (_is_adverb(toks, b + 1) and b + 2 < hi and _is_verb_at(toks, b + 2))
        ):
            break
        b += 1
    return b if depth == 0 else a - 1


def _adverbs_end(toks: tuple[Token, ...], k: int, hi: int) -> int:
    """First index from ``k`` that is not an adverb, auxiliary or time phrase."""
    while k < hi:
        low = toks[k].lower
        if (
            low in _BETWEEN
            or low in _DAYS
            or low in _LEADING_SKIP
            or (low.endswith("ly") and len(low) > 4 and not toks[k].text[:1].isupper())
        ):
            k += 1
        elif low in {"week", "month", "year"} or (
            toks[k].text[:1].isupper() and k > 0 and toks[k - 1].lower in {"on", "in"}
        ):
            k += 1
        else:
            break
    return k


def _subject_at(ctx: _Ctx, toks: tuple[Token, ...], s: int, hi: int) -> tuple[int, int] | None:
    """Subject ``(a, b)`` of a clause that starts at token ``s``, or None.

    The clause must read noun phrase (with a list of names, a comma-delimited
    apposition or relative clause) + finite verb. A dash-delimited aside
    between the two is skipped but not part of the subject.
    """
    a = s
    while a < hi and toks[a].lower in _LEADING_SKIP:
        a += 1
    if a >= hi or not toks[a].is_word or toks[a].lower in _PREPOSITIONS | _BOUNDARY_WORDS:
        return None
    b = _np_end(ctx, toks, a, hi)
    if b < a:
        return None
    span = _strip_source(toks, a, b)
    if span is None:
        return None
    m = b + 1
    # a list of names: "Republican governors in Ohio, Texas and Maryland moved ..."
    e = m
    while e < hi and (
        toks[e].text == ","
        or (toks[e].is_word and (toks[e].text[:1].isupper() or toks[e].lower in _NAME_JOINERS))
    ):
        e += 1
    if (
        e > m + 1
        and toks[m].text == ","
        and any(t.lower in {"and", "or"} for t in toks[m:e])
        and e < hi
        and _is_verb_at(toks, e)
        and toks[e - 1].is_word
    ):
        span, m = (span[0], e - 1), e
    # ", an apposition," / ", who ...," / ", however," / "— an aside —"
    if m < hi and toks[m].text in {",", "—", "–"}:
        mark = toks[m].text if toks[m].text == "," else "—–"
        close = next((k for k in range(m + 1, min(hi, m + 24)) if toks[k].text in mark), None)
        if close is None:
            return None
        inner = [t for t in toks[m + 1 : close] if t.is_word]
        if not inner:
            return None
        relative = inner[0].lower in {"who", "whom", "whose", "which"}
        adverbial = all(
            t.lower in _LEADING_SKIP or t.lower in _BETWEEN or t.lower.endswith("ly") for t in inner
        )
        if (
            not relative
            and not adverbial
            and any(_is_verb_at(toks, k) for k in range(m + 1, close))
        ):
            return None
        if mark == "," and not adverbial:
            if not relative and not _is_apposition(toks, m + 1, close - 1):
                return None
            span = (span[0], close - 1)
        m = close + 1
    if m < hi and not _is_verb_at(toks, m):
        m = _adverbs_end(toks, m, hi)
    if m < hi and _is_verb_at(toks, m):
        return span
    return None


def _adverbial_start(toks: tuple[Token, ...], k: int) -> bool:
    """Token ``k`` opens an adverbial (a preposition, a time word, an adverb, a participle)."""
    if k >= len(toks):
        return False
    t = toks[k]
    low = t.lower
    return (
        low in _ALL_PREPOSITIONS | _CLAUSE_OPENERS | _LEADING_SKIP | _DAYS | _TIME_NOUNS | _MONTHS
        or _is_adverb(toks, k)
        or (t.text[:1].islower() and low.endswith(("ing", "ed")))
    )


def _clause_subject(
    ctx: _Ctx, toks: tuple[Token, ...], lo: int, hi: int, fallback: bool = True
) -> tuple[int, int] | None:
    """The subject of the clause that a participle cue at token ``hi`` attaches to.

    That is the nearest clause to the left that reads subject + finite verb:
    "Governor Roy Cooper, a Democrat, rejected ..., telling" (not the subject
    of an earlier main clause, never a phrase with the verb in it). Without
    such a clause and with ``fallback``, the noun phrase that opens the
    sentence (after a leading adverbial) is taken.
    """
    for k in range(hi - 1, lo - 1, -1):
        if toks[k].text in {";", ":"}:
            lo = k + 1
            break
    # a clause starts at the sentence start, after a clause opener ("after X rejected"),
    # or after the comma that closes a fronted adverbial ("At a dinner in Maine, on
    # Saturday, Sen. X gave ..."), not after a comma inside a list or an apposition
    starts, adverbial = [lo], _adverbial_start(toks, lo)
    for k in range(lo, hi - 1):
        if toks[k].lower in _CLAUSE_OPENERS:
            starts.append(k + 1)
            adverbial = True
        elif toks[k].text in {",", "—", "–"} and adverbial:
            starts.append(k + 1)
    starts = [st for st in starts if ctx.quote_at(toks[st].start) is None]  # not inside a quotation
    spans = [sp for sp in (_subject_at(ctx, toks, st, hi) for st in starts) if sp is not None]
    # the rightmost subject that is not part of another one's apposition
    # ("Omar, one of the first women elected to Congress, has said")
    spans = [
        sp for sp in spans if not any(o != sp and o[0] <= sp[0] and sp[1] <= o[1] for o in spans)
    ]
    if spans:
        return spans[-1]
    if not fallback:
        return None
    a = lo
    # skip a leading adverbial ending in a comma ("In a statement, X ...")
    for k in range(lo, min(hi, lo + 8)):
        if toks[k].text == ",":
            if toks[lo].lower in {
                "in",
                "on",
                "at",
                "after",
                "before",
                "during",
                "meanwhile",
                "but",
                "however",
                "last",
                "earlier",
                "later",
                "yesterday",
                "today",
                "now",
                "despite",
                "amid",
                "since",
                "while",
            }:
                a = k + 1
            break
    while a < hi and toks[a].lower in _LEADING_SKIP:
        a += 1
    if a >= hi:
        return None
    b = _np_end(ctx, toks, a, hi)
    if b < a or b - a > 12:
        return None
    return _strip_source(toks, a, b)


def _characterization(toks: tuple[Token, ...], k: int) -> bool:
    """A bare predicate closes the clause after "call" ("a statement that Democrats called shocking").

    Used in a relative clause, where the object of "call" is the gap and the
    predicate is what the source called it; "called the police", "called
    for" or "called Smith" are not reports.
    """
    n = len(toks)
    if k >= n:
        return False
    t = toks[k]
    low = t.lower
    if (
        not t.is_word
        or not t.text[:1].islower()
        or low in _DETERMINERS | _PRONOUNS | _PREPOSITIONS
        or low in _QUANTIFIERS
        or low in _BETWEEN
        or low.endswith("ly")
        or _is_verb_at(toks, k)
    ):
        return False
    m = k + 1
    if (
        m < n
        and toks[m].is_word
        and toks[m].text[:1].islower()
        and toks[m].lower not in {"and", "but"}
    ):
        m += 1  # "called deeply troubling"
    return m >= n or not toks[m].is_word or toks[m].lower in {"and", "but"}


def _first_person(toks: tuple[Token, ...]) -> bool:
    """A first- or second-person pronoun among the tokens ("I", "we", "my", not "US")."""
    return any(
        t.lower in _FIRST_SECOND | {"my", "our", "your", "me", "us"}
        and not (len(t.text) > 1 and t.text.isupper())
        for t in toks
    )


def _resolve(
    ctx: _Ctx, d: _Draft, history: list[tuple[int, tuple[int, int], str]]
) -> tuple[dict[str, Any] | None, str | None]:
    """Antecedent of a pronoun source: the nearest earlier named source (<= 5 sentences)."""
    for sent_idx, span, stype in reversed(history):
        if d.sentence - sent_idx > 5:
            break
        return {"start": span[0], "end": span[1], "text": ctx.text[span[0] : span[1]]}, stype
    # fall back on the last capitalised name in this or the previous sentence
    doc = ctx.doc
    lo = doc.sentences[max(0, d.sentence - 1)].start
    names = list(
        re.finditer(
            r"(?<![\w.])(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.\s)?[A-Z][a-z]+(?:\s[A-Z][a-z]+)*",
            ctx.text[lo : d.source[0]],
        )
    )
    names = [
        m
        for m in names
        if " " in m.group()
        and m.group().split()[0].lower() not in _PRONOUNS | _LEADING_SKIP | _DETERMINERS
        and ctx.quote_at(lo + m.start()) is None
    ]  # not a name inside a quotation
    if names:
        m = names[-1]
        span = (lo + m.start(), lo + m.end())
        return {"start": span[0], "end": span[1], "text": m.group()}, classify_source(m.group())
    return None, None
