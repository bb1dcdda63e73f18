"""Content: the reported clause or quotation of a cue, where it ends, its form (direct, indirect,
mixed), quotations split by their cue, truncation at a later attribution and continuation quotes.
"""

from __future__ import annotations

import bisect
import re

from ..text import Sentence, Token
from .cues import (
    _claim_to,
    _is_predicate_verb,
    _is_verb_at,
    _is_verbish,
    _match_cue,
    _relative_that,
)
from .result import _Ctx, _Draft
from .sources import _adverbs_end, _subject_at
from .words import (
    _ADJUNCT_OPENERS,
    _ANSWERS,
    _BETWEEN,
    _BOUNDARY_PUNCT,
    _BOUNDARY_WORDS,
    _CLAUSE_ONLY,
    _CLAUSE_OPENERS,
    _CLOSE_QUOTE_CHARS,
    _CONTENT_SKIP,
    _COORDINATORS,
    _DANGLING,
    _DAYS,
    _DETERMINERS,
    _ING_NOUNS,
    _LEADING_SKIP,
    _MODALS,
    _MONTHS,
    _NP_CONTENT,
    _OPEN_QUOTE_CHARS,
    _PREPOSITIONS,
    _PRONOUNS,
    _TELL_LEMMAS,
    _TIME_NOUNS,
    _TRUE_PREPOSITIONS,
    _VERBS,
    _WH_WORDS,
)


def _inner(text: str, q: tuple[int, int]) -> tuple[int, int]:
    """Content of a quotation: inside the marks, without trailing , . ; : or spaces."""
    s, e = q[0] + 1, q[1]
    if e > s and text[e - 1] in _CLOSE_QUOTE_CHARS:
        e -= 1
    return _trim(text, s, e)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",.;:—–-"):
        e -= 1
    return s, e


def _content_after(
    ctx: _Ctx, sent: Sentence, toks: tuple[Token, ...], k: int, lemma: str, ing: bool = False
) -> tuple[int, int, str] | None:
    """Content that follows the cue whose last token is ``k - 1``.

    Returns ``(start, end, form)`` or None. Direct if the cue is followed by a
    quotation that closes the clause; otherwise the reported clause up to its
    end (see :func:`_clause_end`). ``ing`` says the cue is a participle.
    """
    n = len(toks)
    that = False
    # told reporters / told Insider that ...: skip the addressee
    if lemma in _TELL_LEMMAS:
        for m in range(k, min(n, k + 9)):
            if toks[m].lower == "that":
                k, that = m + 1, True
                break
            if toks[m].text in _OPEN_QUOTE_CHARS or toks[m].text in {":", ","}:
                k = m
                break
        else:
            if k < n and toks[k].is_word:
                k += 1
                while k < n and toks[k].is_word and toks[k].text[:1].isupper():
                    k += 1
    elif k < n and toks[k].lower in _ANSWERS.get(lemma, ()):
        return None  # "responded to a report that ...": the report's clause, not the reply
    # skip adverbials; a "that" soon after (before any comma or quote) opens the content
    m = k
    while not that and m < n and m - k < 10 and toks[m].text != ",":
        if toks[m].text in _OPEN_QUOTE_CHARS:
            q = ctx.quote_starting(toks[m].start)
            if q is None or not _is_title(ctx.text[q[0] : q[1]]):
                break
            while (
                m + 1 < n and toks[m + 1].start < q[1]
            ):  # a quoted name: "on “Fox & Friends” that"
                m += 1
        elif toks[m].lower == "that":
            if not _relative_that(toks, m):  # "announced a curfew that was slated": a relative
                k, that = m + 1, True
            break
        m += 1
    while k < n and (
        toks[k].lower in _CONTENT_SKIP - {"a", "an", "the"}
        or (
            toks[k].lower in _DAYS
            and (
                toks[k].lower not in {"this", "last"}
                or (k + 1 < n and toks[k + 1].lower in _DAYS | {"week", "month", "year"})
            )
        )
    ):
        k += 1
    if not that and k < n and toks[k].lower in _ADJUNCT_OPENERS:
        # "added near the end of the press conference, “We can change ...”"
        for m in range(k + 1, min(n - 1, k + 12)):
            if toks[m].text in {",", ":"} and toks[m + 1].text in _OPEN_QUOTE_CHARS:
                k = m + 1
                break
            if toks[m].text in _BOUNDARY_PUNCT or _is_verb_at(toks, m):
                break
    if k < n and toks[k].text in _OPEN_QUOTE_CHARS:
        q = ctx.quote_starting(toks[k].start)
        if q is not None:
            inner = _inner(ctx.text, q)
            rest = _trim(ctx.text, q[1], sent.end)
            if inner[1] > inner[0]:
                if (
                    rest[0] >= rest[1]
                    or q[1] >= sent.end
                    or ctx.text[q[1] : rest[0] + 1].strip()[:1] in {",", "."}
                    or ctx.text[q[0] : q[1]].rstrip('”’"»').endswith(",")
                ):
                    return inner[0], inner[1], "direct"
                # a quotation that opens a longer clause: "believe “fake news” ... helped"
                return q[0], _clause_end(ctx, toks, k, sent, ing), "mixed"
    if k >= n:
        return None
    if not that:
        low = toks[k].lower
        if _claim_to(toks, k, lemma):
            pass  # "claim to have been harassed"
        elif low in _PREPOSITIONS:
            if lemma in _NP_CONTENT and low in {"about", "of"} and k + 1 < n:
                k += 1
            else:
                return None
        elif lemma in _CLAUSE_ONLY and not (
            low in _WH_WORDS
            or _clause_follows(toks, k)
            or _form_of(ctx, toks[k].start, _clause_end(ctx, toks, k, sent, ing), "indirect")
            == "mixed"
        ):
            # "mentioned Trump by name", "declared war": a noun phrase object, not reported
            # content (but "declared the talks “dead”" quotes the source's words)
            return None
    s = toks[k].start
    e = _clause_end(ctx, toks, k, sent, ing)
    if e <= s:
        return None
    return s, e, "indirect"


def _clause_end(ctx: _Ctx, toks: tuple[Token, ...], k: int, sent: Sentence, ing: bool) -> int:
    """End offset of the reported clause that starts at token ``k``.

    The clause ends with the sentence, or before an adjunct or coordinate that
    belongs to the reporting clause: ", amid ...", a comma + participle
    (", pointing to ..."), ", and" + verb (a further predicate of the
    source), ", but" + a clause with its own subject, an unpaired dash +
    "and"/"but", and after a participle cue "and" + participle ("saying ...
    and vowing to ..."). Quotations are not looked into.
    """
    n = len(toks)
    dashes = 0
    for m in range(k + 1, n - 1):
        t, nxt = toks[m], toks[m + 1]
        if ctx.quote_at(t.start) is not None:
            continue
        cut = False
        if t.text in {"—", "–"}:
            dashes += 1
        if t.text == ",":
            low = nxt.lower
            if low == "amid":
                cut = True
            elif (
                nxt.text[:1].islower()
                and low.endswith("ing")
                and len(low) > 5
                and low not in {"including", "according", "regarding", "following", "during"}
            ):
                cut = True
            elif low in {"and", "but", "or"}:
                after = _adverbs_end(toks, m + 2, n)
                cut = after < n and _is_predicate_verb(toks, after)
                if low == "but" and not cut:  # ", but the media obscured ...": a new main clause
                    cut = _subject_at(ctx, toks, m + 2, n) is not None
        elif (
            t.text in {"—", "–"}
            and nxt.lower in {"and", "but"}
            and dashes % 2 == 1
            and not any(x.text in {"—", "–"} for x in toks[m + 1 :])
        ):
            cut = True  # an opening dash that no second dash closes
        elif (
            ing
            and t.lower in {"and", "or"}
            and nxt.text[:1].islower()
            and nxt.lower.endswith("ing")
            and len(nxt.lower) > 4
            and m + 2 < n
            and toks[m + 2].is_word
            and toks[m + 2].lower not in {"and", "or"}
            and not any(
                x.lower.endswith("ing")
                and x.text[:1].islower()
                and len(x.lower) > 5
                and x.lower not in _ING_NOUNS
                for x in toks[k:m]
            )
        ):
            cut = True  # "saying he concedes “nothing” and vowing to keep up ..."
        if cut:
            return _trim(ctx.text, toks[k].start, t.start)[1]
    return _trim(ctx.text, toks[k].start, sent.end)[1]


def _form_of(ctx: _Ctx, s: int, e: int, base: str) -> str:
    """``mixed`` if indirect content holds a quotation, else ``base``.

    A quoted title or name (every word capitalised: “Captain Marvel”) is not
    a quotation of somebody's words.
    """
    if base not in {"indirect", "mixed"}:
        return base
    i = bisect.bisect_left(ctx.q_starts, s)
    while i < len(ctx.quotes) and ctx.quotes[i][0] < e:
        if not _is_title(ctx.text[ctx.quotes[i][0] : ctx.quotes[i][1]]):
            return "mixed"
        i += 1
    return "indirect"


def _is_title(quoted: str) -> bool:
    """Every word capitalised (not all in capitals): a quoted name or title (“Captain Marvel”)."""
    words = re.findall(r"[^\W\d_][\w'’-]*", quoted)
    return (
        bool(words) and all(w[:1].isupper() for w in words) and not all(w.isupper() for w in words)
    )


def _is_headline(toks: tuple[Token, ...]) -> bool:
    """Most words are capitalised: a headline ("Democrats Claim ... Would Threaten ...")."""
    words = [t for t in toks if t.text[0].isalnum()]
    return sum(t.text[0].isupper() for t in words) >= 0.8 * max(1, len(words))


def _clause_follows(toks: tuple[Token, ...], k: int) -> bool:
    """A finite clause without "that" starts at token ``k`` ("believe the NRA is ...").

    It opens with a noun phrase (or a quotation) and has a verb before the
    next comma or dash; used to read "claims", "show" or "believe" as a verb
    taking a clause rather than as a noun or a verb with a noun object.
    """
    n = len(toks)
    if k >= n or toks[k].lower in _PREPOSITIONS or toks[k].lower in _BOUNDARY_WORDS:
        return False
    if not (toks[k].is_word or toks[k].text in _OPEN_QUOTE_CHARS) or _is_verb_at(toks, k):
        return False
    if toks[k].lower in _BETWEEN or toks[k].lower in _LEADING_SKIP or toks[k].lower.endswith("ly"):
        return False
    if toks[k].lower[:-2].rstrip("’'") in _PRONOUNS and toks[k].lower.endswith(
        ("’s", "'s", "’re", "'re", "’ll", "'ll", "’ve", "'ve", "’d", "'d")
    ):
        return True  # "it’s", "they’re": pronoun + verb
    headline = _is_headline(toks)
    for m in range(k + 1, min(n, k + 16)):
        t = toks[m]
        if t.text in {",", ";", ":", ".", "?", "!", "—", "–", "("} or t.lower in _BOUNDARY_WORDS:
            return False
        low = t.lower
        if (headline or not t.text[:1].isupper()) and (low in _MODALS or low in _VERBS):
            return True
        if _is_verbish(t, toks[m - 1]):
            return True
    return False


def _postposed_rest(toks: tuple[Token, ...], k: int, lemma: str) -> bool:
    """Nothing but adverbials follows the cue (from token ``k``) to the sentence end."""
    n = len(toks)
    if lemma in _TELL_LEMMAS and k < n and toks[k].is_word and toks[k].lower != "that":
        k += 1
        while k < n and toks[k].is_word and toks[k].text[:1].isupper():
            k += 1
    # a participle clause of the source ends the adverbials: "..., X wrote on Twitter, arguing ..."
    end = next(
        (
            m
            for m in range(k, n - 1)
            if toks[m].text == ","
            and toks[m + 1].lower.endswith("ing")
            and _match_cue(toks, m + 1) is not None
        ),
        n,
    )
    rest = [t for t in toks[k:end] if t.is_word]
    if not rest:
        return True
    first = rest[0].lower
    if first == "that":
        return False
    if (
        first == "to"
        and len(rest) > 1
        and not (
            rest[1].lower
            in _DETERMINERS | _PRONOUNS | {"him", "her", "them", "us", "me", "reporters"}
            or rest[1].text[:1].isupper()
        )
    ):
        return False  # "tweeted to encourage colleagues ...": an infinitive, not an adjunct
    if first in _ADJUNCT_OPENERS or first in _DAYS:
        return not any(t.text in _OPEN_QUOTE_CHARS for t in toks[k:end])
    return False


def _clause_start(toks: tuple[Token, ...], k: int) -> int:
    """Index after the last comma, semicolon, colon or dash before token ``k``."""
    while k > 0 and toks[k - 1].text not in {",", ";", ":", "—", "–"}:
        k -= 1
    return k


def _same_inflection(a: str, b: str) -> bool:
    """Two verb forms with the same ending (-s, -ed, -ing): coordinated verbs."""
    a, b = a.lower().split()[0], b.lower().split()[0]
    for suffix in ("ing", "ed", "s"):
        if a.endswith(suffix) or b.endswith(suffix):
            return a.endswith(suffix) and b.endswith(suffix)
    return False


def _predicate_list_follows(toks: tuple[Token, ...], k: int) -> bool:
    """A coordinated predicate (", and lied ...") follows token ``k`` in the sentence.

    A finite cue right after a comma with no subject of its own is then one
    predicate in a list ("X gave a speech, whined about ..., and lied ...").
    """
    for m in range(k, len(toks) - 1):
        if toks[m].lower in {"and", "or"} and toks[m - 1].text == ",":
            nxt = _adverbs_end(toks, m + 1, len(toks))
            if nxt < len(toks) and _is_predicate_verb(toks, nxt):
                return True
    return False


def _content_before(
    ctx: _Ctx, sent: Sentence, toks: tuple[Token, ...], a: int
) -> tuple[int, int, str, str, int] | None:
    """Content that precedes the source/cue frame starting at token ``a``.

    Returns ``(start, end, form, rule, frame_start)``.
    """
    text = ctx.text
    j = a - 1
    while j >= 0 and toks[j].text in {",", "—", "–"}:
        j -= 1
    if j < 0:
        return None
    q = ctx.quote_ending(toks[j].end) if toks[j].text in _CLOSE_QUOTE_CHARS else None
    if q is None and j >= 1 and toks[j].text == "," and toks[j - 1].text in _CLOSE_QUOTE_CHARS:
        q = ctx.quote_ending(toks[j - 1].end)
    if q is not None:
        sentence_start = _trim(text, sent.start, q[0])
        words_before = [t for t in toks if t.end <= q[0] and t.is_word]
        if sentence_start[1] <= sentence_start[0] or q[0] < sent.start or not words_before:
            cs, ce = _inner(text, q)
            return cs, ce, "direct", "quote_cue", toks[a].start
        cs, ce = _trim(text, sent.start, q[1])
        cs = _skip_connector(text, cs, ce)
        return cs, ce, _form_of(ctx, cs, ce, "mixed"), "postposed", toks[a].start
    cs, ce = _trim(text, sent.start, toks[j].end)
    cs = _skip_connector(text, cs, ce)
    words = re.findall(r"\w+", text[cs:ce])
    if ce <= cs or all(
        w.lower() in _DAYS | _MONTHS | _TRUE_PREPOSITIONS | _LEADING_SKIP for w in words
    ):
        return None  # only a time phrase ("On Friday, X tweeted to ...")
    if (
        words[0].lower() in _TRUE_PREPOSITIONS | _CLAUSE_OPENERS | _TIME_NOUNS
        and "," not in text[cs:ce]
    ):
        return None  # a fronted adverbial: "Hours after her arrest, she tweeted ..., saying"
    return cs, ce, _form_of(ctx, cs, ce, "indirect"), "postposed", toks[a].start


_CONNECTOR_RE = re.compile(
    r"(?:(?:But|And|However|Still|Yet|So|Meanwhile|Moreover|Indeed)\b,?\s+|[^\s:]{1,20}(?:\s[^\s:]{1,20}){0,3}:\s+)"
)


def _skip_connector(text: str, s: int, e: int) -> int:
    m = _CONNECTOR_RE.match(text, s, e)
    return m.end() if m and m.end() < e else s


def _split_quote(
    ctx: _Ctx, toks: tuple[Token, ...], k: int, cs: int, ce: int, form: str
) -> tuple[int, int, str]:
    """Extend direct content over the second half of a split quote (``, “...”``).

    ``k`` is the first token after the source/cue frame; only a comma and
    adverbials may stand between it and the second quotation.
    """
    if form != "direct":
        return cs, ce, form
    n = len(toks)
    while k < n and (toks[k].lower in _DAYS or toks[k].text == ","):
        k += 1
    if k < n and toks[k].text in _OPEN_QUOTE_CHARS and k > 0 and toks[k - 1].text == ",":
        q = ctx.quote_starting(toks[k].start)
        if q is not None:
            return cs, _inner(ctx.text, q)[1], "direct"
    return cs, ce, form


def _truncate(ctx: _Ctx, drafts: list[_Draft]) -> None:
    """Cut indirect content that runs into a later attribution frame of its sentence.

    A cut content ends without a dangling connector or preposition ("... in",
    "... but then"), and its form is decided again on what remains.
    """
    text = ctx.text
    sent_tokens = {s.index: s.tokens for s in ctx.doc.sentences}
    # frames that may cut another attribution's content, by sentence; computed once
    # per draft (not per pair) so that a sentence with many cues stays linear-ish
    cutters: dict[int, list[int]] = {}
    starts: dict[int, list[int]] = {}
    for d in drafts:
        toks = sent_tokens[d.sentence]
        if d.sentence not in starts:
            starts[d.sentence] = [t.start for t in toks]
        if _coordinate(ctx, toks, d, starts[d.sentence]):
            cutters.setdefault(d.sentence, []).append(d.frame_start)
    for d in drafts:
        if not d.content_after:
            continue
        cut = min(
            (f for f in cutters.get(d.sentence, ()) if d.content[0] < f < d.content[1]),
            default=None,
        )
        if cut is not None:
            s, e = _trim(text, d.content[0], cut)
            while e > s and text[s:e].rsplit(None, 1)[-1].lower() in _DANGLING:
                e = s + text[s:e].rstrip().rfind(" ")
                s, e = _trim(text, s, e)
            if e > s:
                d.content = (s, e)
                d.form = _form_of(ctx, s, e, d.form)


def _coordinate(ctx: _Ctx, toks: tuple[Token, ...], d: _Draft, starts: list[int]) -> bool:
    """The frame of ``d`` follows another attribution's content rather than sitting inside it.

    It does when it opens with, or comes right after, punctuation or a
    coordinating conjunction (", adding", "... and Y said", ", the official
    said"); not after "that", "because", "what" or a noun ("bishops who
    said", "because he believed", "a program it said could ...").
    """
    if d.rule == "participle" or ctx.text[d.cue[0] : d.cue[1]].lower().endswith("ing"):
        return (
            True  # a participle: ", saying ...", "emails saying, “...”", "in a blogpost alleging"
        )
    k = bisect.bisect_left(starts, d.frame_start)  # starts: the tokens' start offsets
    if k >= len(toks):
        return False
    if not toks[k].is_word or toks[k].lower in _COORDINATORS:
        return True
    prev = toks[k - 1] if k > 0 else None
    if prev is None or not prev.is_word or prev.lower in _COORDINATORS:
        return True
    # ", as critics noted", ", even though he acknowledged", ", where he claimed"
    j = k - 2
    while j >= 0 and (toks[j].lower == "even" or toks[j].text in _CLOSE_QUOTE_CHARS):
        j -= 1
    return prev.lower in {"as", "though", "although", "where"} and j >= 0 and toks[j].text == ","


def _continuations(ctx: _Ctx, drafts: list[_Draft], para: list[int]) -> list[_Draft]:
    """Quotations that open the sentence after an attributed quote inherit its source."""
    doc = ctx.doc
    out: list[_Draft] = []
    by_sentence: dict[int, list[_Draft]] = {}
    for d in drafts:
        by_sentence.setdefault(d.sentence, []).append(d)
    for k, s in enumerate(doc.sentences[1:], start=1):
        if k in by_sentence:
            continue
        q = ctx.quote_starting(s.start)
        if q is None:
            continue
        prev = None
        for j in (k - 1, k - 2):
            if j >= 0 and para[j] == para[k] and j in by_sentence:
                prev = by_sentence[j][-1]
                break
            if j >= 0 and ctx.quote_at(doc.sentences[j].start) is None:
                break
        if prev is None or q[0] < prev.content[1]:
            continue
        cs, ce = _inner(ctx.text, q)
        if ce > cs:
            out.append(
                _Draft(
                    k,
                    prev.source,
                    prev.cue,
                    prev.cue_entry,
                    (cs, ce),
                    "direct",
                    "continuation_quote",
                    s.start,
                    False,
                )
            )
            by_sentence[k] = [out[-1]]
    return out
