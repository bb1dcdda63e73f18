"""The rules and vetoes of a verb cue, as named objects tried in the order of a list.

A verb cue ("said", "claims", "believes") is tried against :data:`VERB_RULES` in order. A
:class:`VerbRule` applies to a cue or not (its source lies after the cue, to its left, or in the
clause a participle attaches to); when it applies, its :class:`Veto` objects are tried in order
and the first that fires drops the cue (the cue is no attribution); else the rule drafts the
attribution, or hands the cue on to the next rule. Every rule and veto has a name and a line of
description, so ``bench/attribution_eval.py`` can report coverage, precision, overlaps and
conflicts per rule and per veto (:func:`trace_vetoes` records which vetoes fire where).

The cue properties the vetoes read are columns of ``framing/data/attribution_cues.tsv``
(:class:`framing.attribution.cues._Cue`: lemma, kind and the lemma sets of
:mod:`framing.attribution.words`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property

from ..text import Sentence, Token
from .content import (
    _clause_follows,
    _clause_start,
    _content_after,
    _content_before,
    _form_of,
    _inner,
    _is_headline,
    _postposed_rest,
    _predicate_list_follows,
    _same_inflection,
    _split_quote,
    _trim,
)
from .cues import (
    _claim_to,
    _clausal,
    _Cue,
    _is_verbish,
    _match_cue,
    _not_a_reporting_verb,
    _noun_context,
)
from .result import _Ctx, _Draft
from .source_types import _head_part
from .sources import _characterization, _clause_subject, _first_person, _left_source, _skip_left
from .words import (
    _AMBIGUOUS,
    _CHARACTERIZATION,
    _CLOSE_QUOTE_CHARS,
    _DAYS,
    _DETERMINERS,
    _DIRECTIVE,
    _DOCUMENT_HEADS,
    _INVERTED_LEMMAS,
    _MODALS,
    _NEEDS_CLAUSE,
    _NOMINAL_FORMS,
    _NP_CONTENT,
    _OPEN_QUOTE_CHARS,
    _PARENTHETICAL_HEADS,
    _TRUE_PREPOSITIONS,
)

__all__ = [
    "Veto",
    "VerbRule",
    "VERB_RULES",
    "CUE_VETOES",
    "VETOES",
    "trace_vetoes",
    "cue_vetoed",
    "verb_cue",
]


class _Site:
    """One verb cue being tried: its tokens, cue entry, and what the rules find around it."""

    def __init__(
        self,
        ctx: _Ctx,
        sent: Sentence,
        toks: tuple[Token, ...],
        ci: int,
        cj: int,
        entry: _Cue,
        earlier: list[_Draft],
        src_ci: int | None,
    ) -> None:
        self.ctx, self.sent, self.toks, self.ci, self.cj = ctx, sent, toks, ci, cj
        self.entry, self.earlier, self.src_ci = entry, earlier, src_ci
        self.text = ctx.text
        self.n = len(toks)
        self.cue_span = (toks[ci].start, toks[cj - 1].end)
        self.prev = toks[ci - 1] if ci > 0 else None
        self.cue_low = toks[ci].lower
        self.ing = self.cue_low.endswith("ing")

    @cached_property
    def prior(self) -> list[_Draft]:
        """Earlier drafts of the same sentence."""
        return [d for d in self.earlier if d.sentence == self.sent.index]

    @cached_property
    def quote_participle(self) -> bool:
        """ "... destroying emails saying, “...”": a participle introducing a quotation
        belongs to the clause subject, not to the noun before it (when the clause already
        reports this source's speech: "She denied ..., saying, “...”"; else a reduced
        relative: "a voice on the radio saying, “...”")."""
        t, cj = self.toks, self.cj
        return (
            self.ing
            and self.prev is not None
            and self.prev.is_word
            and cj + 1 < self.n
            and t[cj].text in {",", ":"}
            and t[cj + 1].text in _OPEN_QUOTE_CHARS
            and bool(self.prior)
        )

    @cached_property
    def left(self) -> tuple[int, int, bool] | None:
        """The source to the left of the cue (or of the passive frame), if any."""
        if self.quote_participle:
            return None
        ci = self.ci if self.src_ci is None else self.src_ci
        return _left_source(self.ctx, self.toks, ci, 0)

    @cached_property
    def skip(self) -> tuple[int, bool]:
        """The token before the cue past auxiliaries, and whether the cue is negated."""
        return _skip_left(self.toks, self.ci - 1, 0)

    @property
    def j(self) -> int:
        return self.skip[0]

    @property
    def link(self) -> str:
        """The lower-case token a participle or coordinated cue attaches by ("," "and")."""
        return self.toks[self.j].lower if self.j >= 0 else ""

    @cached_property
    def participle_content(self) -> tuple[int, int, str] | None:
        return _content_after(self.ctx, self.sent, self.toks, self.cj, self.entry.lemma, self.ing)

    @cached_property
    def content(self) -> tuple[int, int, str] | None:
        return _content_after(self.ctx, self.sent, self.toks, self.cj, self.entry.lemma)

    @cached_property
    def clause_subject(self) -> tuple[int, int] | None:
        """The subject a coordinated or participle cue shares (no earlier draft here)."""
        fallback = self.link not in {"and", "but"}
        return _clause_subject(self.ctx, self.toks, 0, self.j, fallback=fallback)

    @property
    def clause_follows(self) -> bool:
        """ "that" or a clause follows the cue."""
        t, cj = self.toks, self.cj
        return (cj < self.n and t[cj].lower == "that") or _clause_follows(t, cj)


@dataclass(frozen=True)
class Veto:
    """A named test that drops a cue: when ``fires`` is true, the cue is no attribution."""

    name: str
    description: str
    fires: Callable[[_Site], bool]


@dataclass(frozen=True)
class VerbRule:
    """A named rule for a verb cue: where it ``applies``, its ``vetoes`` are tried in order
    and then ``draft`` returns the attribution, None (no attribution), or :data:`NEXT`
    (the next rule is tried)."""

    name: str
    description: str
    applies: Callable[[_Site], bool]
    vetoes: tuple[Veto, ...]
    draft: Callable[[_Site], _Draft | None | object]


#: What a rule's draft returns to hand the cue on to the next rule.
NEXT = object()

_TRACE: ContextVar[list[tuple[str, tuple[int, int], bool]] | None] = ContextVar(
    "attribution_veto_trace", default=None
)


@contextmanager
def trace_vetoes() -> Iterator[list[tuple[str, tuple[int, int], bool]]]:
    """Record the vetoes that fire while extracting inside the ``with`` block.

    Yields a list that fills with ``(veto name, cue span, decisive)``: per vetoed cue every
    veto of the rule that fires (so overlaps can be counted); ``decisive`` for the first,
    the one that dropped the cue. Outside the block nothing is recorded, and a rule stops
    at its first veto.
    """
    record: list[tuple[str, tuple[int, int], bool]] = []
    token = _TRACE.set(record)
    try:
        yield record
    finally:
        _TRACE.reset(token)


def _vetoed(site: _Site, vetoes: tuple[Veto, ...]) -> bool:
    record = _TRACE.get()
    fired = False
    for veto in vetoes:
        if veto.fires(site):
            if record is None:
                return True
            record.append((veto.name, site.cue_span, not fired))
            fired = True
    return fired


# --------------------------------------------------------------------------
# vetoes
# --------------------------------------------------------------------------


def _directive(s: _Site) -> bool:
    return s.cj < s.n and s.toks[s.cj].lower in _DIRECTIVE.get(s.entry.lemma, ())


def _participle_kind(s: _Site) -> bool:
    return s.entry.kind in {"finding", "parenthetical"} or s.entry.lemma in _NEEDS_CLAUSE


def _unlinked(s: _Site) -> bool:
    if s.j < 0:
        return False
    t, low = s.toks[s.j], s.link
    return not (
        (t.text == "," and (s.ing or _predicate_list_follows(s.toks, s.cj)))
        or low in {"and", "but"}
        or s.quote_participle
        or (s.ing and low in {"by", "while", "after", "before", "in", "without"})
    )


def _hypothetical(s: _Site) -> bool:
    if s.j < 0:
        return False
    low = s.link
    base_form = s.cue_low == s.entry.lemma.split()[0]  # "and say", sharing an auxiliary
    return (
        (s.ing and low in _TRUE_PREPOSITIONS | {"while", "without"})
        or (low in {"and", "or"} and base_form)
    ) and any(s.toks[m].lower in _MODALS for m in range(_clause_start(s.toks, s.j), s.j))


def _ambiguous_coordinated(s: _Site) -> bool:
    prior = s.prior
    return (
        s.cue_low in _AMBIGUOUS
        and not _clausal(s.toks, s.cj)
        and not (
            s.link in {"and", "but"}
            and prior
            and _same_inflection(s.text[prior[-1].cue[0] : prior[-1].cue[1]], s.cue_low)
        )
    )


def _prior_first_person(s: _Site) -> bool:
    if not s.prior:
        return False
    span = s.prior[-1].source
    return _first_person(tuple(t for t in s.toks if span[0] <= t.start < span[1]))


def _no_subject(s: _Site) -> bool:
    if s.prior or s.j < 0:
        return False
    subj = s.clause_subject
    return subj is None or _first_person(s.toks[subj[0] : subj[1] + 1])


def _left_first_person(s: _Site) -> bool:
    a, b, _ = s.left
    return _first_person(s.toks[a : b + 1])


def _question(s: _Site) -> bool:
    a = s.left[0]
    return a > 0 and s.toks[a - 1].lower in {"whether", "if"}


def _inside_content(s: _Site) -> bool:
    a, t = s.left[0], s.toks
    k = a - 1 if a > 0 and t[a - 1].lower == "that" else a
    return (
        s.entry.lemma in _NP_CONTENT
        and k > 0
        and _match_cue(t, k - 1) is not None
        and not _noun_context(t, k - 1)
        and not s.clause_follows
    )


def _finding_subject(s: _Site) -> bool:
    if s.entry.kind != "finding":
        return False
    a, b, _ = s.left
    head = _head_part(s.text[s.toks[a].start : s.toks[b].end])[0].split()
    return not head or head[-1].lower() not in _DOCUMENT_HEADS


def _parenthetical_head(s: _Site) -> bool:
    return s.entry.kind == "parenthetical" and s.toks[s.left[1]].lower not in _PARENTHETICAL_HEADS


def _belief_without_clause(s: _Site) -> bool:
    return s.entry.lemma in _NEEDS_CLAUSE and not s.clause_follows


def _ambiguous_without_clause(s: _Site) -> bool:
    t, cj = s.toks, s.cj
    return s.cue_low in _AMBIGUOUS and not (
        s.entry.kind == "finding"  # its subject is a document: "The new poll shows Trump ahead"
        or _clausal(t, cj)
        or _claim_to(t, cj, s.entry.lemma)
        or (s.cue_low not in _NOMINAL_FORMS and _clause_follows(t, cj))
    )


def _call_without_characterization(s: _Site) -> bool:
    if s.entry.lemma not in _CHARACTERIZATION or not s.content:
        return False
    c, a, t = s.content, s.left[0], s.toks
    return _form_of(s.ctx, c[0], c[1], c[2]) == "indirect" and not (
        a > 0 and t[a - 1].lower in {"that", "which", "what"} and _characterization(t, s.cj)
    )


#: Every veto, by name (the order within a rule is the rule's ``vetoes``).
VETOES: dict[str, Veto] = {
    v.name: v
    for v in (
        Veto("directive", '"called for", "calling on X to ...": a directive', _directive),
        Veto(
            "no_frame_source",
            'a passive frame ("X was quoted as saying") with no source before it',
            lambda s: True,
        ),
        Veto(
            "participle_cue_kind",
            "a finding, parenthetical or belief cue never attaches as a participle",
            _participle_kind,
        ),
        Veto(
            "participle_blocked",
            "nothing before the cue, or a negation between it and its subject",
            lambda s: s.skip[1] or s.j < 0,
        ),
        Veto(
            "participle_unlinked",
            'not attached by a comma, "and"/"but" or "by/while/after ... -ing"',
            _unlinked,
        ),
        Veto(
            "hypothetical",
            '"a man can become a woman merely by asserting ...": a modal before the cue',
            _hypothetical,
        ),
        Veto(
            "participle_no_content", "no content after the cue", lambda s: not s.participle_content
        ),
        Veto(
            "ambiguous_coordinated",
            '"claims", "notes": a verb only before a clause or coordinated with a cue of its form',
            _ambiguous_coordinated,
        ),
        Veto(
            "prior_first_person",
            "the shared source of the sentence is the author or the reader (I, we, you)",
            _prior_first_person,
        ),
        Veto(
            "no_clause_subject",
            "a coordinated verb needs a subject + verb clause to share (not I, we, you)",
            _no_subject,
        ),
        Veto(
            "first_person_source",
            'the author\'s or the reader\'s voice ("I think", "in my name claiming")',
            _left_first_person,
        ),
        Veto("question", '"asked whether he believed ...": a question, not a report', _question),
        Veto(
            "inside_reported_content",
            '"saying he concedes “nothing”": inside reported content only a clause is a report',
            _inside_content,
        ),
        Veto(
            "finding_without_document",
            '"a study found", "Court filings show"; not "The fact that ... shows"',
            _finding_subject,
        ),
        Veto(
            "parenthetical_head",
            'a parenthetical cue needs its noun ("the argument goes")',
            _parenthetical_head,
        ),
        Veto(
            "parenthetical_without_frame",
            "a parenthetical cue with its content before it only",
            lambda s: s.entry.kind == "parenthetical",
        ),
        Veto(
            "belief_without_clause",
            '"believe", "think" report only a clause ("I think so" is no attribution)',
            _belief_without_clause,
        ),
        Veto(
            "ambiguous_without_clause",
            '"claims", "notes": a verb only before a clause, "to" or a quotation',
            _ambiguous_without_clause,
        ),
        Veto("no_content", "no content after the cue", lambda s: not s.content),
        Veto(
            "call_without_characterization",
            '"call" reports only a characterization ("what he called a hoax") or a quotation',
            _call_without_characterization,
        ),
    )
}


#: Vetoes tried on every cue but "according to", before the passive and the verb rules.
CUE_VETOES: tuple[Veto, ...] = (
    Veto(
        "capitalised_name",
        'a capitalised cue inside a sentence is a name ("United States"), unless a headline',
        lambda s: s.toks[s.ci].text[:1].isupper() and s.ci > 0 and not _is_headline(s.toks),
    ),
    Veto(
        "not_a_reporting_verb",
        'the cue word is used otherwise here (a noun, "said" as an adjective, ...)',
        lambda s: _not_a_reporting_verb(s.toks, s.ci, s.cj, s.entry),
    ),
)
VETOES.update({v.name: v for v in CUE_VETOES})
#: Told by framing.attribution.rules._passive, which drafts the impersonal passive.
PASSIVE = Veto(
    "passive",
    'a passive cue other than "it is (widely) reported that": "we’re reminded", "was told"',
    lambda s: True,
)
VETOES[PASSIVE.name] = PASSIVE


def record_veto(veto: Veto, cue_span: tuple[int, int]) -> None:
    """Record that ``veto`` dropped the cue (inside :func:`trace_vetoes`; else nothing)."""
    record = _TRACE.get()
    if record is not None:
        record.append((veto.name, cue_span, True))


def cue_vetoed(
    ctx: _Ctx,
    sent: Sentence,
    toks: tuple[Token, ...],
    ci: int,
    cj: int,
    entry: _Cue,
    earlier: list[_Draft],
) -> bool:
    """One of :data:`CUE_VETOES` drops the cue at tokens ``ci..cj - 1``."""
    return _vetoed(_Site(ctx, sent, toks, ci, cj, entry, earlier, None), CUE_VETOES)


def _vetoes(*names: str) -> tuple[Veto, ...]:
    return tuple(VETOES[n] for n in names)


# --------------------------------------------------------------------------
# rules
# --------------------------------------------------------------------------


def _inverted_applies(s: _Site) -> bool:
    """Inverted order right after the content: "“...,” said X" / "..., said X"."""
    prev, t, ci = s.prev, s.toks, s.ci
    if prev is None or s.entry.lemma not in _INVERTED_LEMMAS or s.cj >= s.n:
        return False
    if not (
        prev.text in _CLOSE_QUOTE_CHARS
        or (
            prev.text == ","
            and (
                (ci >= 2 and t[ci - 2].text in _CLOSE_QUOTE_CHARS)
                or _left_source(s.ctx, t, ci, 0) is None
            )
        )
    ):
        return False
    nxt = t[s.cj]
    return (
        nxt.is_word
        and nxt.lower not in _DAYS
        and nxt.lower != "that"
        and (nxt.text[:1].isupper() or nxt.lower in _DETERMINERS | {"one", "two", "three"})
    )


def _inverted(s: _Site) -> _Draft | None | object:
    t, n = s.toks, s.n
    k = s.cj
    while k < n and t[k].text not in _OPEN_QUOTE_CHARS and t[k].text not in {";", "?", "!"}:
        k += 1
    src = _trim(s.text, t[s.cj].start, t[k - 1].end)
    content = _content_before(s.ctx, s.sent, t, s.ci)
    if not content or src[1] <= src[0]:
        return NEXT
    cs, ce, form, rule, frame = content
    cs, ce, form = _split_quote(s.ctx, t, k, cs, ce, form)
    return _Draft(s.sent.index, src, s.cue_span, s.entry, (cs, ce), form, rule, frame, False)


def _participle(s: _Site) -> _Draft:
    t, j = s.toks, s.j
    if not t[j].is_word or s.link in {"and", "but"}:
        frame = t[j].start
    else:
        frame = t[s.ci].start if s.quote_participle else t[j].start
    if s.prior:
        s_span = s.prior[-1].source
    else:
        subj = s.clause_subject
        s_span = (t[subj[0]].start, t[subj[1]].end)
    c = s.participle_content
    form = _form_of(s.ctx, c[0], c[1], c[2])
    return _Draft(
        s.sent.index, s_span, s.cue_span, s.entry, (c[0], c[1]), form, "participle", frame, True
    )


def _whole_sentence(s: _Site, s_span: tuple[int, int], a: int) -> _Draft:
    """A parenthetical: the whole sentence is the content."""
    cs, ce = _trim(s.text, s.sent.start, s.sent.end)
    form = _form_of(s.ctx, cs, ce, "indirect")
    frame = s.toks[a - 1].start
    return _Draft(
        s.sent.index, s_span, s.cue_span, s.entry, (cs, ce), form, "parenthetical", frame, False
    )


def _before(s: _Site, a: int, split_at: int | None, direct_only: bool = False) -> _Draft | None:
    """The content before the source (postposed: "..., X said")."""
    content = _content_before(s.ctx, s.sent, s.toks, a)
    if not content or (direct_only and content[2] != "direct"):
        return None
    cs, ce, form, rule, frame = content
    if split_at is not None:
        cs, ce, form = _split_quote(s.ctx, s.toks, split_at, cs, ce, form)
    a_, b_, _ = s.left
    s_span = (s.toks[a_].start, s.toks[b_].end)
    return _Draft(s.sent.index, s_span, s.cue_span, s.entry, (cs, ce), form, rule, frame, False)


def _after_content(s: _Site) -> _Draft | None | object:
    """After the cue: the sentence end (postposed), a comma + clause (parenthetical), or
    content (then the next rule)."""
    a, b, _ = s.left
    t, cj, n, entry = s.toks, s.cj, s.n, s.entry
    s_span = (t[a].start, t[b].end)
    if entry.kind == "parenthetical" and any(x.is_word for x in t[cj:]):
        # "It’s only a matter of time, the argument goes, before ...": the whole sentence
        return _whole_sentence(s, s_span, a)
    if _postposed_rest(t, cj, entry.lemma):
        return _before(s, a, cj)
    if cj < n and t[cj].text == ",":
        if cj + 1 < n and t[cj + 1].text in _OPEN_QUOTE_CHARS:
            d = _before(s, a, cj, direct_only=True)
            if d is not None:
                return d
        elif cj + 1 < n and _match_cue(t, cj + 1) is not None:
            d = _before(s, a, None)  # "..., X said, adding that ..."
            if d is not None:
                return d
        elif entry.lemma not in _NP_CONTENT or entry.kind == "parenthetical":
            return _whole_sentence(s, s_span, a)  # "The difference, some lawmakers say, is ..."
    return NEXT


def _quotation_before(s: _Site) -> tuple[int, int] | None:
    """The quotation that closes the previous sentence of the paragraph right before this one
    ("“... for people like her!” | Smith said last week."), if any."""
    k = s.sent.index
    if k == 0:
        return None
    prev = s.ctx.doc.sentences[k - 1]
    if not prev.tokens or prev.tokens[-1].text not in _CLOSE_QUOTE_CHARS:
        return None
    q = s.ctx.quote_ending(prev.tokens[-1].end)
    gap = s.text[prev.tokens[-1].end : s.toks[0].start]
    return q if q is not None and not gap.strip() and "\n" not in gap else None


#: Words of the adverbials a bare cue may end with ("Trump said in a statement on Monday.").
BARE_CUE_REST_MAX_WORDS = 6


def _bare_after_quotation(s: _Site) -> bool:
    """ "X said." (a few adverbials after the cue, up to a participle clause: no "that", verb or
    quotation; not "It said in May that ...") opening the sentence after a quotation."""
    t = s.toks
    end = next(
        (m for m in range(s.cj, s.n - 1) if t[m].text == "," and t[m + 1].lower.endswith("ing")),
        s.n,
    )
    rest = [x for x in t[s.cj : end] if x.is_word]  # up to ", adding ..."
    return (
        s.left[0] == 0
        and s.entry.kind == "speech"
        and not s.ing
        and len(rest) <= BARE_CUE_REST_MAX_WORDS
        and not any(x.lower == "that" or _is_verbish(x, None) for x in rest)
        and not any(x.text in _OPEN_QUOTE_CHARS for x in t[s.cj :])
        and _postposed_rest(s.toks, s.cj, s.entry.lemma)
        and _quotation_before(s) is not None
    )


def _after_quotation(s: _Site) -> _Draft:
    a, b, _ = s.left
    s_span = (s.toks[a].start, s.toks[b].end)
    cs, ce = _inner(s.text, _quotation_before(s))
    return _Draft(
        s.sent.index, s_span, s.cue_span, s.entry, (cs, ce), "direct", "quote_cue", s_span[0], False
    )


def _subject_cue(s: _Site) -> _Draft:
    a, b, _ = s.left
    s_span = (s.toks[a].start, s.toks[b].end)
    c = s.content
    form = _form_of(s.ctx, c[0], c[1], c[2])
    rule = "cue_quote" if form == "direct" else "subject_cue"
    return _Draft(
        s.sent.index, s_span, s.cue_span, s.entry, (c[0], c[1]), form, rule, s_span[0], True
    )


_LEFT_VETOES = (
    "directive",
    "first_person_source",
    "question",
    "inside_reported_content",
    "finding_without_document",
    "parenthetical_head",
)

#: The rules of a verb cue, in the order they are tried.
VERB_RULES: tuple[VerbRule, ...] = (
    VerbRule(
        "inverted",
        '"“...,” said X" / "..., said X": the source after the cue, the content before it',
        _inverted_applies,
        (),
        _inverted,
    ),
    VerbRule(
        "frame_without_source",
        '"X was quoted as saying": the source before the passive frame',
        lambda s: s.left is None and s.src_ci is not None,
        _vetoes("directive", "no_frame_source"),
        lambda s: None,
    ),
    VerbRule(
        "participle",
        '"..., saying that ...", "... and said ...", "by saying": the clause subject, or the '
        "sentence's earlier source",
        lambda s: s.left is None,
        _vetoes(
            "directive",
            "participle_cue_kind",
            "participle_blocked",
            "participle_unlinked",
            "hypothetical",
            "participle_no_content",
            "ambiguous_coordinated",
            "prior_first_person",
            "no_clause_subject",
        ),
        _participle,
    ),
    VerbRule(
        "after_source",
        '"..., X said." / "..., X said, adding ..." / "The difference, some lawmakers say, is"',
        lambda s: s.left[2] and s.left[0] > 0,
        _vetoes(*_LEFT_VETOES),
        _after_content,
    ),
    VerbRule(
        "after_quotation",
        '"“...!” | Smith said last week.": a bare "X said" after the quotation that closes the '
        "sentence before it (the tokenizer split them): the quotation is the content",
        _bare_after_quotation,
        _vetoes(*_LEFT_VETOES),
        _after_quotation,
    ),
    VerbRule(
        "subject_cue",
        '"X said (that) content", "X said: “...”"',
        lambda s: True,
        _vetoes(
            *_LEFT_VETOES,
            "parenthetical_without_frame",
            "belief_without_clause",
            "ambiguous_without_clause",
            "no_content",
            "call_without_characterization",
        ),
        _subject_cue,
    ),
)


def verb_cue(
    ctx: _Ctx,
    sent: Sentence,
    toks: tuple[Token, ...],
    ci: int,
    cj: int,
    entry: _Cue,
    earlier: list[_Draft],
    src_ci: int | None = None,
) -> _Draft | None:
    """A draft for the verb cue at tokens ``ci..cj - 1`` (the source ends before ``src_ci``
    when given): the first of :data:`VERB_RULES` that applies, is not vetoed and drafts."""
    site = _Site(ctx, sent, toks, ci, cj, entry, earlier, src_ci)
    for rule in VERB_RULES:
        if not rule.applies(site):
            continue
        if _vetoed(site, rule.vetoes):
            return None
        d = rule.draft(site)
        if d is not NEXT:
            return d  # type: ignore[return-value]
    return None
