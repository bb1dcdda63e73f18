"""Attribution: who is cited, with which cue, saying what, and what stands unattributed.

For every attribution in a text this module finds the **source** span, the
**cue** span (the reporting verb, "according to", or a speaker's colon), the
**content** span (what is reported), the **form** (``direct``, ``indirect``,
``according_to`` or ``mixed``), the **source type** and the **stance** of the
cue. All offsets are ``str`` offsets into the text given to
:func:`framing.text.tokenize`.

The extractor is a set of named, ordered rules over the word tokens and the
quotation spans of :mod:`framing.text`; no tagger or parser is needed, so the
cost is linear in the length of the text. Each rule is listed in :data:`RULES`
and every :class:`Attribution` records the rule that produced it, so that
``bench/attribution_eval.py`` can report precision per rule. The rules and the
annotation conventions they follow are described in
``datasets/ATTRIBUTION_GUIDE.md``.

One pass over a document:

1. sentences wrongly split after an abbreviation ("Gov. | Paul LePage",
   "(R-Mo. | ), another member") are joined again (:func:`_repair_sentences`);
2. every cue of a sentence is tried against the rules; a verb cue finds its
   source to the left (a noun phrase with its apposition or relative clause,
   never a phrase that holds a finite verb), after it ("said X"), or, for a
   participle or a coordinated verb, in the subject of the clause it attaches
   to (:func:`_clause_subject`); its content is a quotation or the reported
   clause up to the end of that clause (:func:`_clause_end`);
3. content that runs into a later attribution at the same level (", adding",
   "..., the official said", "... and Y said") is cut there
   (:func:`_truncate`); quotations that open the next sentence continue the
   last attribution;
4. sources are typed in their article (:func:`type_source`: their words, the titles and
   appositions around them, the actor a pronoun or short name stands for);
5. sentences with an unattributed judgement are flagged (:func:`_unattributed`).

Data shipped with the package and read once:

* ``framing/data/attribution_cues.tsv``: reporting cues with their stance
  (neutral, doubt, concession, assertive, loaded);
* ``framing/data/state_media.tsv``: state-controlled outlets, with country,
  owner and the source of the claim;
* ``framing/data/lexicons/subjclueslen1-HLTEMNLP05.tff`` (MPQA strong
  subjectivity clues) and ``bias-lexicon.txt`` (Recasens et al. 2013), used by
  the unattributed-claim rule.
"""

from __future__ import annotations

import bisect
import math
import re
from functools import lru_cache
from typing import Any

from ..mentions import Mention, Resolver
from ..resources import load_mpqa, load_wordlist
from ..text import MAX_SENTENCE_CHARS, Document, Sentence, Token, tokenize
from ..wordclasses import word_class, word_pairs
from .content import (
    _content_after,
    _continuations,
    _form_of,
    _inner,
    _trim,
    _truncate,
)
from .cues import (
    _Cue,
    _cue_entry,
    _match_cue,
    _reported_frame,
)
from .result import SCARE_QUOTE_MAX_WORDS, Attribution, AttributionResult, _Ctx, _Draft
from .source_types import _head_part, type_source
from .sources import (
    _resolve,
)
from .verb_rules import PASSIVE, cue_vetoed, record_veto
from .verb_rules import verb_cue as _verb_cue
from .words import (
    _CLOSED_CLASS,
    _FIRST_SECOND,
    _IMPERSONAL_CUES,
    _LEADING_SKIP,
    _MONTH_ABBREVIATIONS,
    _OPEN_QUOTE_CHARS,
    _PRONOUNS,
    _TITLES,
)

__all__ = ["extract_attributions", "RULES", "PRECISE_RULES", "GAP_RULES"]

#: Rule names, in the order in which they are tried for one cue.
RULES = {
    "according_to": '"according to X", before or after the content',
    "survey": '"In a Fox poll, ...": a poll or survey opening the sentence is the source',
    "colon_speaker": 'Name: "quote" at the start of a sentence',
    "impersonal_passive": '"it is/was (widely) reported that ..." (source "it", type other)',
    "quoted_as": '"X was quoted as saying ...", "X can be heard saying ..." (passive frames)',
    "quote_cue": '"quote," X said / "quote," said X (split quotes included) / "quote." X said.',
    "cue_quote": 'X said: "quote"',
    "postposed": "content, X said / content, said X",
    "parenthetical": "content, X said, content",
    "subject_cue": "X said (that) content; also relative clauses (that X says ...)",
    "participle": "..., saying / adding ... and claims ... / gave ..., whined ..., and ... "
    "(source: the subject of the clause the participle or coordinated verb belongs to)",
    "continuation_quote": "a quotation opening the sentence after an attributed quote, same source",
    "learned": "the learned extractor (framing.attribution.learned), where no precise rule fired",
}

#: Rules whose attributions replace the learned extractor's where their cues overlap: on
#: PolNeAR tune their source precision is 0.93-0.98 and their contents (quotations) match
#: the annotated span more often (content exact F1 0.373 -> 0.443, the rest unchanged).
PRECISE_RULES = frozenset({"quote_cue", "cue_quote", "according_to", "parenthetical", "survey"})
#: Rules whose attributions are kept, when the learned extractor is used, only where
#: it found no attribution with an overlapping cue (the others are dropped).
GAP_RULES = frozenset(RULES) - {"learned"}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_CLOCK_RE = re.compile(r"\b\d{1,2}(?::\d\d)?\s?[ap]\.m\.")


@lru_cache(maxsize=1)
def _subjective_words() -> frozenset[str]:
    """Strong MPQA subjectivity clues and the Recasens bias lexicon (lower case)."""
    strong = {w for w, (strength, _) in load_mpqa().items() if strength == "strongsubj"}
    return frozenset(strong | load_wordlist("bias_lexicon"))


def _colon_speaker(ctx: _Ctx, sent: Sentence) -> _Draft | None:
    """colon_speaker: "Mayor Bill de Blasio: “...”"."""
    toks = sent.tokens
    n = len(toks)
    for ci in range(1, min(n - 1, 8)):
        if toks[ci].text == ":" and toks[ci + 1].text in _OPEN_QUOTE_CHARS:
            if not all(
                t.text[:1].isupper() or t.lower in {"de", "of", "the", "al", "."}
                for t in toks[:ci]
                if t.is_word
            ):
                return None
            q = ctx.quote_starting(toks[ci + 1].start)
            if not q:
                return None
            cs, ce = _inner(ctx.text, q)
            return _Draft(
                sent.index,
                (toks[0].start, toks[ci - 1].end),
                (toks[ci].start, toks[ci].end),
                _Cue((":",), ":", "neutral", "speech"),
                (cs, ce),
                "direct",
                "colon_speaker",
                toks[0].start,
                False,
            )
    return None


def _passive(
    ctx: _Ctx, sent: Sentence, toks: tuple[Token, ...], ci: int, cj: int, entry: _Cue
) -> tuple[bool, _Draft | None]:
    """Whether the cue is passive, and the impersonal_passive draft of "it is (widely)
    reported that", "it’s believed that" (other passives, "we’re reminded", are no
    attribution)."""
    j = ci - 1
    while j >= 0 and (
        toks[j].lower in {"widely", "also", "often", "been", "being", "long"}
        or (toks[j].lower.endswith("ly") and len(toks[j].lower) > 4)
    ):
        j -= 1
    # "we’re reminded", "I’m told", "it’s believed" (not "he’s said": has said)
    contracted = j >= 0 and (
        toks[j].lower in {"it’s", "it's"}
        or (toks[j].lower.endswith(("’re", "'re", "’m", "'m")) and toks[j].lower[:-3] in _PRONOUNS)
    )
    if not (
        j >= 0
        and (
            toks[j].lower in {"is", "was", "were", "are", "be", "being"}
            or (toks[j].lower == "been" and j == ci - 1)
            or toks[ci - 1].lower in {"being", "been"}
            or contracted
        )
    ):
        return False, None
    it = (
        j - 1
        if j >= 1 and toks[j - 1].lower == "it"
        else (j if contracted and toks[j].lower[:2] == "it" else None)
    )
    if toks[ci].lower not in _IMPERSONAL_CUES or it is None:
        return True, None
    c = _content_after(ctx, sent, toks, cj, entry.lemma)
    if not c:
        return True, None
    it_span = (toks[it].start, toks[it].start + 2)
    cue_span = (toks[ci].start, toks[cj - 1].end)
    form = _form_of(ctx, c[0], c[1], c[2])
    d = _Draft(
        sent.index,
        it_span,
        cue_span,
        entry,
        (c[0], c[1]),
        form,
        "impersonal_passive",
        it_span[0],
        True,
    )
    return True, d


def _cue_draft(
    ctx: _Ctx, sent: Sentence, ci: int, cj: int, entry: _Cue, drafts: list[_Draft]
) -> _Draft | None:
    """The draft of the cue at tokens ``ci..cj - 1``: "according to", then the cue vetoes,
    the passive, the passive frames (quoted_as), and the verb rules."""
    toks = sent.tokens
    if entry.kind in {"according_to", "survey"}:
        return _according_to(ctx, sent, toks, ci, cj, entry)
    if cue_vetoed(ctx, sent, toks, ci, cj, entry, drafts):
        return None
    passive, d = _passive(ctx, sent, toks, ci, cj, entry)
    if passive:
        if d is None:
            record_veto(PASSIVE, (toks[ci].start, toks[cj - 1].end))
        return d
    fs = _reported_frame(toks, ci)  # quoted_as: "X was quoted as claiming ..."
    if fs is not None:
        d = _verb_cue(ctx, sent, toks, ci, cj, entry, drafts, src_ci=fs)
        if d:
            d.rule = "quoted_as"
        return d
    return _verb_cue(ctx, sent, toks, ci, cj, entry, drafts)


def _sentence_drafts(ctx: _Ctx, sent: Sentence) -> list[_Draft]:
    toks = sent.tokens
    n = len(toks)
    drafts: list[_Draft] = []
    if n == 0:
        return drafts
    d = _colon_speaker(ctx, sent)
    if d is not None:
        drafts.append(d)
    i = 0
    while i < n:
        entry = _match_cue(toks, i)
        if entry is None or ctx.quote_at(toks[i].start) is not None:
            i += 1
            continue
        ci, cj = i, i + len(entry.words)  # cue tokens [ci, cj)
        i = cj
        d = _cue_draft(ctx, sent, ci, cj, entry, drafts)
        if d:
            drafts.append(d)
    return drafts


def _according_to(
    ctx: _Ctx, sent: Sentence, toks: tuple[Token, ...], ci: int, cj: int, entry: _Cue
) -> _Draft | None:
    text = ctx.text
    n = len(toks)
    # source: up to the next comma at depth 0, the next "according to" (sources of two
    # cues never overlap, so their typing stays linear in the sentence) or the sentence end
    k, depth = cj, 0
    while k < n:
        t = toks[k].text
        if t == "(":
            depth += 1
        elif t == ")":
            depth -= 1
        elif depth <= 0 and (t in {",", ";", "—", "–"} or t in _OPEN_QUOTE_CHARS):
            if not (t == "," and k + 1 < n and toks[k + 1].start == toks[k].end):
                break  # (not the comma of a number: "a survey of 1,000 adults")
        if toks[k].lower == toks[ci].lower and _match_cue(toks, k) is entry:
            break
        k += 1
    if k == cj:
        return None
    s_end = toks[k - 1].end
    src = _trim(text, toks[cj].start, s_end)
    if src[1] <= src[0]:
        return None
    cue_span = (toks[ci].start, toks[cj - 1].end)
    starts_sentence = all(not t.is_word or t.lower in _LEADING_SKIP for t in toks[:ci])
    if starts_sentence and k < n:
        cs, ce = _trim(text, toks[k].end, sent.end)
        after = True
    else:
        cs, ce = _trim(text, sent.start, toks[ci].start)
        after = False
        while cs < ce and text[cs:ce].split(" ", 1)[0].lower().strip(",") in _LEADING_SKIP:
            nxt = text.find(" ", cs, ce)
            if nxt < 0:
                break
            cs = nxt + 1
    if ce <= cs:
        return None
    form = "mixed" if _form_of(ctx, cs, ce, "indirect") == "mixed" else "according_to"
    rule = "survey" if entry.kind == "survey" else "according_to"
    return _Draft(sent.index, src, cue_span, entry, (cs, ce), form, rule, toks[ci].start, after)


# --------------------------------------------------------------------------
# document level
# --------------------------------------------------------------------------


def _false_break(text: str, prev: Sentence, nxt: Sentence) -> bool:
    """The break between two sentences is an abbreviation misread as a full stop.

    True when the next "sentence" starts with a lower-case word or closing
    punctuation ("(R-Mo.), another member"), when the previous one ends with a
    title ("Gov.", "No." before a number), or when it ends with an initialism
    inside a name ("George H.W. | Bush", "the U.S. | Postal Service").
    """
    if "\n" in text[prev.end : nxt.start] or not prev.tokens or not nxt.tokens:
        return False
    first, last = nxt.tokens[0], prev.tokens[-1]
    if first.text[:1].islower() or first.text in {")", ",", ";"}:
        return True
    if last.text == "." and len(prev.tokens) >= 2:
        word = prev.tokens[-2].lower
        if word in _TITLES:
            return True
        if word in _MONTH_ABBREVIATIONS | {"no"} and first.text[:1].isdigit():
            return True  # "The No. | 1 hotspot", "on Oct. | 12"
        initial = len(word) == 1 and prev.tokens[-2].text.isupper()
    else:
        initial = bool(re.fullmatch(r"(?:[A-Z]\.){2,}", last.text))
    if not initial or not first.text[:1].isupper() or first.lower in _CLOSED_CLASS:
        return False
    k = len(prev.tokens) - (3 if last.text == "." else 2)
    before_initial = prev.tokens[k] if k >= 0 else None
    if before_initial is not None and before_initial.text[:1].isupper() and before_initial.is_word:
        return True  # a middle initial: "George H.W. Bush", "Michael J. Fox"
    second = nxt.tokens[1] if len(nxt.tokens) > 1 else None
    return second is not None and second.is_word and second.text[:1].isupper()


def _repair_sentences(doc: Document) -> Document:
    """The document with sentences wrongly split at abbreviations joined again.

    Sentence indices of the returned document differ from ``doc``'s where
    sentences were joined; offsets are unchanged.
    """
    out: list[Sentence] = []
    for s in doc.sentences:
        # never past the tokenizer's length cap: it keeps the run time linear on
        # pathological text (a long line cut into lower-case-initial pieces)
        if (
            out
            and s.end - out[-1].start <= MAX_SENTENCE_CHARS
            and _false_break(doc.text, out[-1], s)
        ):
            p = out[-1]
            out[-1] = Sentence(
                p.index, p.start, s.end, doc.text[p.start : s.end], p.tokens + s.tokens
            )
        else:
            out.append(s)
    if len(out) == len(doc.sentences):
        return doc
    return Document(
        doc.text, tuple(Sentence(i, s.start, s.end, s.text, s.tokens) for i, s in enumerate(out))
    )


#: Two-character quotation marks of some archives' plain text ("''Get a sense of that,'' he
#: said"; ``...'') -> the mark the rules read them as (framing/data/word_classes.tsv).
_QUOTE_DIGRAPHS = word_pairs("quote_digraphs")


def _rules_view(doc: Document) -> Document:
    """The document the rules read: each quote digraph (``''``, two apostrophes) as its straight
    double quote and a space, tokenized again. Offsets are those of ``doc``; sentence indices
    may differ (as after :func:`_repair_sentences`). The learned extractor reads ``doc``."""
    text = doc.text
    if not any(d in text for d in _QUOTE_DIGRAPHS):
        return doc
    for d, q in _QUOTE_DIGRAPHS.items():
        text = text.replace(d, q.rjust(len(d)))
    return tokenize(text)


def _paragraph_ids(doc: Document) -> list[int]:
    ids, p = [], 0
    for k, s in enumerate(doc.sentences):
        if k and "\n" in doc.text[doc.sentences[k - 1].end : s.start]:
            p += 1
        ids.append(p)
    return ids


def _unattributed(
    doc: Document, drafts: list[_Draft], para: list[int], quoted: set[int]
) -> list[int]:
    """Sentences asserting a judgement or contested fact with no attribution near them.

    A sentence of at least six words is flagged when it scores at least three
    subjectivity points: one per word from the strong subjectivity clues
    (MPQA) or the bias lexicon (Recasens et al. 2013), three for a deontic
    modal ("should", "ought": the author prescribing). It is not flagged when
    it is a question, is mostly quoted, is first-person speech ("I", "we": a
    transcript or a speaker, not the outlet's voice), is anchored to a day or
    clock time ("on Thursday", "at 10 a.m.": event reporting), or when it or
    an adjacent sentence of the same paragraph carries an attribution.
    """
    lex = _subjective_words()
    attributed = {d.sentence for d in drafts}
    out = []
    for k, s in enumerate(doc.sentences):
        if k in quoted or s.text.rstrip().endswith("?"):
            continue
        words = [t.text for t in s.tokens if t.text[0].isalnum()]
        if len(words) < 6:
            continue
        if any(j in attributed and para[j] == para[k] for j in (k - 1, k, k + 1)):
            continue
        lows = [w.lower() for w in words]
        if (
            "I" in words
            or "we" in lows
            or not _WEEKDAYS.isdisjoint(lows)
            or _CLOCK_RE.search(s.text)
        ):
            continue
        score = sum(
            3 if w in {"should", "ought"} else 1
            for w in lows
            if w in lex or w in {"should", "ought"}
        )
        if score >= 3:
            out.append(k)
    return out


_FREE_RELATIVE_OBJECTS = word_class("free_relative_objects")
_ASKING_VERBS = word_class("asking_verbs")


def _asked_whom(ctx: _Ctx, cue: tuple[int, int]) -> bool:
    """Veto of a learned cue: a verb of asking whose object is the question word before its
    subject ("depending on who you ask"): nobody is reported to ask anything."""
    si = ctx.doc.sentence_at(cue[0])
    if si is None:
        return False
    toks = ctx.doc.sentences[si].tokens
    k = next((i for i, t in enumerate(toks) if t.start == cue[0]), None)
    if k is None or k < 2 or toks[k].text.lower() not in _ASKING_VERBS:
        return False
    return toks[k - 1].text.lower() in _PRONOUNS and toks[k - 2].text.lower() in (
        _FREE_RELATIVE_OBJECTS
    )


def _author_or_reader(text: str, source: tuple[int, int]) -> bool:
    """Veto of a learned attribution whose source is "I", "we" or "you": the author's or the
    reader's voice, as the rules' ``first_person_source`` veto (on PolNeAR tune 34 of the 42
    such attributions of the fit model combined with the rules were not annotated)."""
    return text[source[0] : source[1]].strip().lower() in _FIRST_SECOND


def _learned_drafts(ctx: _Ctx, preds: list[dict]) -> list[_Draft]:
    """Drafts of the learned extractor's attributions that have a source and a content
    (less those that :func:`_asked_whom` or :func:`_author_or_reader` veto)."""
    out = []
    text = ctx.text
    for p in preds:
        if (
            p["source"] is None
            or p["content"] is None
            or _asked_whom(ctx, p["cue"])
            or _author_or_reader(text, p["source"])
        ):
            continue
        s, e = _trim(text, *p["content"])
        if s >= e:
            continue
        entry = _cue_entry(text[p["cue"][0] : p["cue"][1]])
        q = ctx.quote_at(s)
        if entry.kind == "according_to":
            form = "according_to"
        elif q is not None and q[1] >= e and q[0] <= s:
            form = "direct"
        else:
            form = _form_of(ctx, s, e, "indirect")
        sent = ctx.doc.sentence_at(p["cue"][0])
        out.append(
            _Draft(
                sentence=p["sentence"] if sent is None else sent,
                source=p["source"],
                cue=p["cue"],
                cue_entry=entry,
                content=(s, e),
                form=form,
                rule="learned",
                frame_start=min(p["source"][0], p["cue"][0]),
                content_after=s > p["cue"][0],
            )
        )
    return out


def _combine(rules: list[_Draft], learned: list[_Draft]) -> list[_Draft]:
    """Rule and learned drafts together (see :func:`extract_attributions`)."""

    precise = [d for d in rules if d.rule in PRECISE_RULES]
    overlaps_precise = _cue_overlap(precise)
    kept = [d for d in learned if not overlaps_precise(d)]
    overlaps_kept = _cue_overlap(kept)
    gaps = [
        d
        for d in rules
        if d.rule in GAP_RULES and d.rule not in PRECISE_RULES and not overlaps_kept(d)
    ]
    return precise + kept + gaps


def _cue_overlap(drafts: list[_Draft]) -> Any:
    """A test of whether a draft's cue overlaps the cue of one of ``drafts``, by bisection
    over their cues sorted by start with the running maximum of their ends (linear in a
    long article's drafts, not quadratic)."""
    cues = sorted(d.cue for d in drafts)
    starts = [c[0] for c in cues]
    max_end = []
    for c in cues:
        max_end.append(max(c[1], max_end[-1]) if max_end else c[1])

    def overlaps(d: _Draft) -> bool:
        k = bisect.bisect_left(starts, d.cue[1])  # the cues that start before d's ends
        return k > 0 and max_end[k - 1] > d.cue[0]

    return overlaps


#: Pronoun sources: typed by what they refer to.
_SOURCE_PRONOUNS = frozenset({"he", "she", "they", "it", "we"})


def _resolved(doc: Document, span: tuple[int, int], resolver: Resolver) -> dict | None:
    """``source.resolved``: the fullest mention of the actor that the source's head refers to.

    The head is the last word of the source before any apposition, relative clause or
    prepositional phrase ("Blumenthal" in "Blumenthal, Democrat of Connecticut"; "aide"
    in "Hadi's aide", which resolves to no actor). None when it does not resolve, or
    resolves to a mention inside the source itself.
    """
    text = doc.text[span[0] : span[1]]
    first = text.split(",")[0]
    head, _cut = _head_part(first)
    at = first.find(head) if head else -1
    if at < 0 or not head.split():
        return None
    last = head.split()[-1]
    he = span[0] + at + len(head)
    m = resolver.resolve(he - len(last), he)
    if m is None or (span[0] <= m.start and m.end <= span[1]):
        return None
    return {"start": m.start, "end": m.end, "text": m.text}


def _attribution(
    ctx: _Ctx,
    d: _Draft,
    sentence: int | None,
    history: list[tuple[int, tuple[int, int], str]],
    resolver: Resolver,
    text: str,
) -> Attribution:
    """The attribution of a draft: its source typed, pronouns and short names resolved
    (``text``: the document's own text, which the rules' view may spell otherwise)."""
    s_text = text[d.source[0] : d.source[1]]
    low = s_text.lower()
    resolved = _resolved(ctx.doc, d.source, resolver)
    stype = type_source(ctx.doc, d.source[0], d.source[1], resolver)[0]
    resolved_from = None
    if low in {"he", "she"}:  # the previous source of the article first, then the mentions
        resolved_from = _resolve(ctx, d, history)[0]
    if resolved_from is None and low in _SOURCE_PRONOUNS and resolved is not None:
        resolved_from = resolved
    if low == "they" and resolved_from is None:
        resolved_from = _resolve(ctx, d, history)[0]
    if resolved_from is not None and "start" in resolved_from:
        resolved_from = {
            **resolved_from,
            "text": text[resolved_from["start"] : resolved_from["end"]],
        }
    if low in _SOURCE_PRONOUNS:
        resolved = resolved_from
    else:
        history.append((d.sentence, d.source, stype))
    return Attribution(
        sentence=d.sentence if sentence is None else sentence,
        source_start=d.source[0],
        source_end=d.source[1],
        source_text=s_text,
        source_type=stype,
        cue_start=d.cue[0],
        cue_end=d.cue[1],
        cue_text=text[d.cue[0] : d.cue[1]],
        stance=d.cue_entry.stance,
        content_start=d.content[0],
        content_end=d.content[1],
        form=d.form,
        rule=d.rule,
        resolved_from=resolved_from,
        resolved=resolved,
    )


def extract_attributions(
    doc: Document, learned: Any = None, mentions: list[Mention] | None = None
) -> AttributionResult:
    """Find the attributions of a tokenized document.

    Parameters
    ----------
    doc : Document
        Output of :func:`framing.text.tokenize`.
    learned : LearnedExtractor, optional
        The learned extractor (the ``attribution`` component of a model,
        :mod:`framing.attribution.learned`). With it, its attributions are
        combined with the rules': a rule of :data:`PRECISE_RULES` wins where
        their cues overlap, the other rules of :data:`GAP_RULES` fill in where
        it found nothing. Without it, the rules alone.
    mentions : list of Mention, optional
        The actor mentions of ``doc`` (:func:`framing.mentions.find_mentions`) if
        already found; sources are resolved against them (``resolved``).

    Returns
    -------
    AttributionResult
        The attributions (with source, cue and content offsets, form, source
        type, cue stance and the rule that fired), the sentences flagged as
        unattributed claims, the mostly quoted sentences and the scare quotes.

    Examples
    --------
    >>> from framing.text import tokenize
    >>> res = extract_attributions(tokenize('"We will win," the minister said.'))
    >>> a = res.attributions[0].to_dict()
    >>> a["source"]["text"], a["cue"]["stance"], a["form"]
    ('the minister', 'neutral', 'direct')
    """
    if not isinstance(doc, Document):
        raise TypeError(f"doc must be a framing.text.Document, not {type(doc).__name__}")
    work = _repair_sentences(_rules_view(doc))
    ctx = _Ctx(work)
    text = doc.text
    para = _paragraph_ids(work)
    drafts: list[_Draft] = []
    for sent in work.sentences:
        drafts.extend(_sentence_drafts(ctx, sent))
    _truncate(ctx, drafts)
    drafts.extend(_continuations(ctx, drafts, para))
    if learned is not None:
        drafts = _combine(drafts, _learned_drafts(ctx, learned.extract(doc)))
    drafts = [d for d in drafts if any(ch.isalnum() for ch in text[d.content[0] : d.content[1]])]
    drafts.sort(key=lambda d: (d.cue[0], d.content[0]))

    resolver = Resolver(doc, mentions)
    attributions: list[Attribution] = []
    history: list[tuple[int, tuple[int, int], str]] = []
    for d in drafts:
        sentence = (
            d.sentence
            if work is doc
            else doc.sentence_at(d.content[0] if d.rule == "continuation_quote" else d.cue[0])
        )
        attributions.append(_attribution(ctx, d, sentence, history, resolver, text))

    result = _voice(ctx, attributions, len(doc.sentences))
    counts = _quoted_counts(doc, result._quoted)
    result.quoted_sentences = {k for k, (q, n) in enumerate(counts) if n and q * 2 > n}
    quoted = result.quoted_sentences if work is doc else _joined_quoted(work, doc, counts)
    flagged = _unattributed(work, drafts, para, quoted)
    if work is not doc:
        flagged = _back_to_doc(work, doc, flagged)
    result.unattributed_sentences = flagged
    return result


def _voice(ctx: _Ctx, attributions: list[Attribution], n_sentences: int) -> AttributionResult:
    """The result with the source's voice: direct contents, quotations longer than a scare
    quote and short quotations inside reported content ("he called them 'thugs'");
    indirect content is the outlet's wording of what the source said (``in_content``)."""
    text = ctx.text
    contents = _merge_spans([(a.content_start, a.content_end) for a in attributions])
    regions = [(a.content_start, a.content_end) for a in attributions if a.form == "direct"]
    scare: list[tuple[int, int]] = []
    for q in ctx.quotes:
        n_words = len(re.findall(r"\w+", text[q[0] : q[1]]))
        if n_words > SCARE_QUOTE_MAX_WORDS:
            regions.append(q)
        elif n_words:
            scare.append(q)
            if _within(contents, q[0], q[1]):
                regions.append(q)
    merged = _merge_spans(regions)
    return AttributionResult(
        attributions, [], set(), scare, n_sentences, merged, _contents=contents
    )


def _joined_quoted(work: Document, doc: Document, counts: list[tuple[int, int]]) -> set[int]:
    """Mostly quoted sentences of ``work`` (whose sentences join consecutive ones of
    ``doc``): a joined sentence is mostly quoted if its parts together are."""
    quoted, k = set(), 0
    for w, ws in enumerate(work.sentences):
        q = n = 0
        while k < len(doc.sentences) and doc.sentences[k].start < ws.end:
            q, n, k = q + counts[k][0], n + counts[k][1], k + 1
        if n and q * 2 > n:
            quoted.add(w)
    return quoted


def _back_to_doc(work: Document, doc: Document, flagged: list[int]) -> list[int]:
    """Sentence indices of ``work`` back to those of ``doc`` (one pass: joins are consecutive)."""
    flagged_set, w = set(flagged), 0
    back = []
    for k, s in enumerate(doc.sentences):
        while w + 1 < len(work.sentences) and work.sentences[w].end <= s.start:
            w += 1
        if w in flagged_set and work.sentences[w].start <= s.start < work.sentences[w].end:
            back.append(k)
    return back


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, overlapping spans merged."""
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _within(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """``[start, end)`` lies inside one of the sorted, merged ``spans``."""
    i = bisect.bisect_right(spans, (start, math.inf)) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


def _quoted_counts(doc: Document, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Per sentence: (words inside quoted regions, words), in one pass over sorted regions."""
    out = []
    r = 0
    for s in doc.sentences:
        q = n = 0
        for t in s.tokens:
            if not t.text[0].isalnum():
                continue
            n += 1
            while r < len(regions) and regions[r][1] < t.end:
                r += 1
            if r < len(regions) and regions[r][0] <= t.start:
                q += 1
        out.append((q, n))
    return out
