"""The attribution records: :class:`Attribution`, :class:`AttributionResult`, the per-document
context of the rules and their drafts.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..text import Document, quote_spans
from .cues import _Cue
from .source_types import SOURCE_TYPES
from .words import _DETERMINERS

STANCES = ("neutral", "doubt", "concession", "assertive", "loaded")
FORMS = ("direct", "indirect", "according_to", "mixed")
#: A quotation of at most this many words outside attributed content is a
#: scare quote (a flagged term), not a quotation of somebody's words.
SCARE_QUOTE_MAX_WORDS = 3


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution: source, cue and content spans with their labels.

    All ``*_start`` / ``*_end`` values are ``str`` offsets into the analysed
    text. ``resolved_from`` is set for pronoun sources ("he said") and holds
    the span and text of the named antecedent. ``resolved`` is the fullest mention
    of the same actor elsewhere in the article for a pronoun or a short name
    ("Blumenthal" -> "Richard Blumenthal"; :func:`framing.mentions.resolve`), else None.
    """

    sentence: int
    source_start: int
    source_end: int
    source_text: str
    source_type: str
    cue_start: int
    cue_end: int
    cue_text: str
    stance: str
    content_start: int
    content_end: int
    form: str
    rule: str
    resolved_from: dict[str, Any] | None = None
    resolved: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The ``attributions`` entry of the ArticleAnalysis JSON contract."""
        return {
            "sentence": self.sentence,
            "source": {
                "start": self.source_start,
                "end": self.source_end,
                "text": self.source_text,
                "type": self.source_type,
                "resolved": self.resolved,
            },
            "cue": {
                "start": self.cue_start,
                "end": self.cue_end,
                "text": self.cue_text,
                "stance": self.stance,
            },
            "content": {"start": self.content_start, "end": self.content_end},
            "form": self.form,
            "rule": self.rule,
            "resolved_from": self.resolved_from,
        }


@dataclass
class AttributionResult:
    """Attributions of one document and the article-level view of them.

    Attributes
    ----------
    attributions : list of Attribution
        In text order of their cues.
    unattributed_sentences : list of int
        Sentence indices flagged by the unattributed-claim rule.
    quoted_sentences : set of int
        Sentences whose words are mostly inside quotations or attributed content.
    scare_quotes : list of tuple of int
        ``(start, end)`` of short quotations (at most ``SCARE_QUOTE_MAX_WORDS``
        words, quote marks included): flagged terms for the loaded-term
        lexicon, never attributions by themselves. Use :meth:`is_quoted` to
        tell whether one sits inside attributed content.
    n_sentences : int
        Number of sentences in the document.
    """

    attributions: list[Attribution]
    unattributed_sentences: list[int]
    quoted_sentences: set[int]
    scare_quotes: list[tuple[int, int]]
    n_sentences: int
    _quoted: list[tuple[int, int]] = field(default_factory=list, repr=False)
    _contents: list[tuple[int, int]] = field(default_factory=list, repr=False)

    def in_content(self, start: int, end: int) -> bool:
        """True if ``text[start:end]`` lies inside the content of an attribution.

        Direct or indirect: what a source is reported to say. In indirect speech
        the words are the outlet's rendering of it, so such a span is in the
        source's voice (:meth:`is_quoted`) only inside a quotation.
        """
        i = bisect.bisect_right(self._contents, (start, math.inf)) - 1
        return i >= 0 and self._contents[i][0] <= start and end <= self._contents[i][1]

    def is_quoted(self, start: int, end: int) -> bool:
        """True if ``text[start:end]`` is in the source's voice, not the outlet's.

        That is: inside a direct quotation (the content of a ``direct``
        attribution), a quotation longer than a scare quote, or a short
        quotation inside reported content. Indirect content without quotation
        marks is the outlet's wording (see :meth:`in_content`); scare quotes
        (short quoted terms outside attributed content) do not count.

        Parameters
        ----------
        start, end : int
            Character offsets of the span.

        Returns
        -------
        bool

        """
        i = bisect.bisect_right(self._quoted, (start, math.inf)) - 1
        return i >= 0 and self._quoted[i][0] <= start and end <= self._quoted[i][1]

    def signals(self, n_words: int) -> dict[str, float]:
        """Article-level attribution signals for scoring and outlet comparison.

        Parameters
        ----------
        n_words : int
            Number of words in the article (``Document.n_words``).

        Returns
        -------
        dict of str to float
            ``n_attributions``, ``attributions_per_1k_words``,
            ``share_source_<type>`` for every source type,
            ``share_stance_<stance>`` for every stance, ``direct_share``
            (direct and mixed forms), ``indirect_share`` (indirect and
            according_to), ``n_sources`` (distinct sources, pronouns counted as
            their antecedent), ``source_entropy`` (Shannon entropy in bits of
            the distribution of attributions over distinct sources) and
            ``unattributed_share`` (of sentences). Shares are 0.0 when there is
            no attribution.
        """
        atts = self.attributions
        n = len(atts)
        out: dict[str, float] = {
            "n_attributions": float(n),
            "attributions_per_1k_words": 1000.0 * n / n_words if n_words > 0 else 0.0,
        }
        for t in SOURCE_TYPES:
            out[f"share_source_{t}"] = sum(a.source_type == t for a in atts) / n if n else 0.0
        for s in STANCES:
            out[f"share_stance_{s}"] = sum(a.stance == s for a in atts) / n if n else 0.0
        out["direct_share"] = sum(a.form in ("direct", "mixed") for a in atts) / n if n else 0.0
        out["indirect_share"] = (
            sum(a.form in ("indirect", "according_to") for a in atts) / n if n else 0.0
        )
        counts: dict[str, int] = {}
        for a in atts:
            name = a.resolved_from["text"] if a.resolved_from else a.source_text
            key = _source_key(name)
            counts[key] = counts.get(key, 0) + 1
        out["n_sources"] = float(len(counts))
        out["source_entropy"] = (
            -sum(c / n * math.log2(c / n) for c in counts.values()) if n else 0.0
        )
        out["unattributed_share"] = (
            len(self.unattributed_sentences) / self.n_sentences if self.n_sentences else 0.0
        )
        return out


def _source_key(text: str) -> str:
    """Key under which mentions of one source are counted once ("Mr. Trump" = "Trump")."""
    words = [w for w in re.findall(r"[\w'’.-]+", text.lower()) if w not in _DETERMINERS]
    caps = re.findall(r"\b[A-Z][\w'’-]+", text)
    return caps[-1].lower() if caps else " ".join(words)


# --------------------------------------------------------------------------
# extraction
# --------------------------------------------------------------------------


@dataclass(slots=True)
class _Draft:
    sentence: int
    source: tuple[int, int]
    cue: tuple[int, int]
    cue_entry: _Cue
    content: tuple[int, int]
    form: str
    rule: str
    frame_start: int  # leftmost offset of the source/cue frame (truncates earlier content)
    content_after: bool  # content follows the cue and may need truncation


class _Ctx:
    """Per-document state: text, quotation spans, and lookups over them."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.quotes = quote_spans(doc.text)
        self.q_starts = [q[0] for q in self.quotes]

    def quote_at(self, offset: int) -> tuple[int, int] | None:
        """Quotation span containing ``offset`` (marks included), if any."""
        i = bisect.bisect_right(self.q_starts, offset) - 1
        if i >= 0 and self.quotes[i][0] <= offset < self.quotes[i][1]:
            return self.quotes[i]
        return None

    def quote_starting(self, offset: int) -> tuple[int, int] | None:
        i = bisect.bisect_left(self.q_starts, offset)
        if i < len(self.quotes) and self.quotes[i][0] == offset:
            return self.quotes[i]
        return None

    def quote_ending(self, offset: int) -> tuple[int, int] | None:
        """Quotation span whose closing mark ends at ``offset``."""
        q = self.quote_at(offset - 1)
        return q if q is not None and q[1] == offset else None
