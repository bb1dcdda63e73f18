"""The span protocol that every found loaded term satisfies.

A lexicon match (:class:`framing.lexicon.LexiconMatch`), a tagger find
(:class:`framing.tagger.TermFind`) and a reported term
(:class:`framing.scoring.LoadedTerm`) are different records of one thing: a span of the
text that a term covers, with what the term is. :class:`TermSpan` names the fields they
share, so code that only needs those (:func:`framing.scoring.analyze` turning finds
into reported terms) accepts any of them.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

__all__ = ["TermSpan"]


@runtime_checkable
class TermSpan(Protocol):
    """A found term: ``text[start:end]`` is the span.

    Attributes
    ----------
    start, end : int
        Character offsets into the analysed text.
    term : str
        The headword (lexicon) or normalised word (tagger).
    category : str
        A lexicon category, or ``"model"``.
    confidence : float
        0..1.
    neutral_alternatives : tuple of str
        Plainer wording, possibly empty.
    """

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def term(self) -> str: ...

    @property
    def category(self) -> str: ...

    @property
    def confidence(self) -> float: ...

    @property
    def neutral_alternatives(self) -> tuple[str, ...]: ...
