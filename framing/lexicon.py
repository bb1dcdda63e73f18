"""Loaded-term lexicon and its matcher.

A :class:`Lexicon` is a list of :class:`LexiconEntry` rows read from a TSV file
(the curated default ships in ``framing/data/loaded_terms.tsv``; see
``datasets/LEXICON_GUIDE.md`` for the categories and how the entries were
chosen). :meth:`Lexicon.match` finds every entry in a text and applies two
named context rules, ``so_called`` and ``scare_quote``. Every match carries
exact ``str`` offsets into the text that was passed in.

Matching
--------
Text is split into words with :func:`framing.text.word_spans` (the same tokens
as :func:`framing.text.tokenize`). For matching, each word is lower-cased,
curly apostrophes become straight ones, a word is split into parts at inner
hyphens, and a trailing possessive ``'s`` is set aside. A form matches a run of
such parts that starts at the start of a word and ends at the end of a word, so:

- ``regime`` does not match ``regimen`` and ``terror`` does not match
  ``terrorism``;
- ``terrorist`` does not match inside ``anti-terrorist`` (list compounds
  explicitly when they are loaded);
- ``so-called`` also matches ``so called`` and ``so‐called``, and
  ``ethnic cleansing`` also matches ``ethnic-cleansing``;
- ``regime`` matches ``regime's`` and ``regime’s`` (the span stops before the
  possessive);
- punctuation between words and line breaks stop multi-word forms.

A form may end in ``*`` to match any word that starts with the text before it
(``slaughter*`` matches ``slaughtered``; at least three characters before the
star). Where matches of entries overlap, the longest wins (then the leftmost).

Context rules
-------------
``so_called``
    "so-called X" / "so called X": the span runs from "so" to the end of X,
    where X is the quoted word(s) right after it, or else up to three words,
    stopping at a function word, a verb of saying, an adverb in -ly,
    punctuation, a change of capitalization ("so-called Islamic State group"
    gives "Islamic State") or, after the first word, a word in -ed.
    The neutral alternative is X without "so-called". Confidence is 0.5 when
    X is one ordinary lower-case word that ends the noun phrase (distancing:
    "so-called experts", "so-called 'justice'"), else 0.2: before a name, a
    term of several words, a coinage or the start of a longer phrase
    ("so-called fiscal cliff", "so-called Dreamers", "so-called melt-up"),
    "so-called" mostly only names something. A definition right after X (a
    comma and "a", "the", "which"..., a parenthesis or a dash: "so-called
    sequester, a series of cuts") also gives 0.2: X is a term being named.
``scare_quote``
    One or two words alone in quotation marks (straight or curly, double or
    single), e.g. ``"provocations"`` or ``“liberation”``. Quotes containing
    punctuation (a real quotation: ``"No," he said``), quotes whose words are
    all capitalized (titles, nicknames) and numbers are left alone. The span
    includes the quote marks; the alternative is the words without them.
    Confidence is 0.6, or 0.3 when the clause has a verb of saying (``said``,
    ``called``, ``according``...), where the fragment is usually the source's
    own words rather than the outlet's distancing; 0.15 when no quoted word
    judges (no reported lexicon match and no strongly subjective negative MPQA
    clue: ``"mobile"``, ``"minor injuries"``, ``"qualified immunity"``), where
    the marks mostly set off a term or a source's plain words.

Context rules of terms
----------------------
After the scan, :mod:`framing.contexts` lowers the confidence of a lexicon
match used in a plain sense, by rules that are data
(``framing/data/term_contexts.tsv``): literal ("fake news sites", a
"government takeover" of a bank, "liberated" with no place taken), descriptive
("mainstream media outlets", "how far left"), a title (a capitalised match
next to a word for a work: the film “Plandemic”) or historical ("liberated on
D-Day"). The lowered confidence is below what analyze reports.

``framing.analyze`` reports each category from the confidence given in
``framing/data/term_categories.tsv`` (``reported_from``), so the low-confidence
uses of both rules and the entries whose prior is below it are matched here but
not reported.

A rule match can enclose a lexicon match: ``so-called “liberation”`` gives a
``so_called`` match (which takes in the quote marks, so no separate
``scare_quote`` match) and the ``liberation`` entry, because the distancing
device and the loaded word are separate signals. Lexicon matches never overlap
one another, and rule matches never overlap one another (longest wins).

Negation does not change a match: "this was not a massacre" still puts the
frame *massacre* in front of the reader, so it is reported at the entry's
confidence. Whether a match sits inside a quotation (the source's voice rather
than the outlet's) is decided downstream with :func:`framing.text.quote_spans`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import islice
from os import PathLike
from typing import IO

from .contexts import context_confidence
from .errors import InputError
from .inflect import fit_alternative
from .names import Names
from .naming import load_naming_groups  # moved to framing.naming; re-exported for one release
from .resources import (
    data_path,
    is_reported,
    load_mpqa,
    load_word_vectors,
    read_tsv,
    split_list,
)
from .text import (
    WORD_RE,
    Document,
    Token,
    fold,
    fold_document,
    quote_spans,
    tokenize,
    word_spans,
)
from .wordclasses import word_class

__all__ = [
    "CATEGORIES",
    "RULES",
    "LexiconEntry",
    "LexiconMatch",
    "Lexicon",
    "load_naming_groups",
]

#: Categories an entry may have (defined in datasets/LEXICON_GUIDE.md).
CATEGORIES = frozenset(
    {
        "euphemism",
        "dysphemism",
        "label",
        "so_called",
        "scare_quote",
        "intensifier",
        "loaded_verb",
        "emotive",
        "partisan",
        "hedge_doubt",
        "other",
    }
)

#: Names of the context rules, in the order they run.
RULES = ("so_called", "scare_quote")

#: Confidence given to rule matches: "so-called X"; a scare quote; a quoted
#: fragment in a clause with a verb of saying (often the source's own words).
SO_CALLED_CONFIDENCE = 0.5
SCARE_QUOTE_CONFIDENCE = 0.6
SCARE_QUOTE_ATTRIBUTED_CONFIDENCE = 0.3
#: Confidence of the uses that mostly only name something: "so-called" before a
#: name or a term of art ("the so-called fiscal cliff", "so-called Dreamers"), and
#: quote marks around words that evaluate nothing ("mobile", "minor injuries").
#: ``framing/data/term_categories.tsv`` reports these categories from a higher
#: confidence, so analyze leaves them out; Lexicon.match still finds them.
SO_CALLED_NAMING_CONFIDENCE = 0.2
SCARE_QUOTE_PLAIN_CONFIDENCE = 0.15

_COLUMNS = (
    "term",
    "forms",
    "category",
    "direction",
    "neutral_alternatives",
    "confidence",
    "note",
    "source",
    "licence",
)
_REQUIRED_COLUMNS = ("term", "category")
LOADED_TERMS_FILE = "loaded_terms.tsv"
_DEFAULT_CONFIDENCE = 0.5

_PART_RE = re.compile(r"[^\-‐]+")  # the hyphens that text.py keeps inside words
_APOSTROPHES = str.maketrans({"’": "'"})
_POSSESSIVE = "'s"

# Words that end the noun phrase after "so-called": function words, pronouns,
# auxiliaries and verbs of saying.
_NP_STOP = word_class("so_called_stop_words")
_NP_GOES_ON = frozenset({"of", "for", "in", "on", "to", "'s"})  # "so-called deaths of despair"
#: After "so-called X": marks and words that open a definition of X (X is a term being named).
_DEFINITION_MARKS = word_class("so_called_definition_marks")
_DEFINITION_STARTS = word_class("so_called_definition_starts")
_MAX_NP_WORDS = 3
_MAX_QUOTED_WORDS = 5  # so-called "special military operation"
_MAX_SCARE_WORDS = 2
_QUOTE_CHARS = word_class("quote_marks")
# Bounds on how far a window or a quote's line reaches, so that one very long
# line (no line breaks) still costs linear time.
_WINDOW_CHARS = 500
_LINE_CHARS = 5000
_SO_CALLED_RE = re.compile(r"(?<![^\W_])so(?:[-‐]|[ \t]+)called(?![^\W_])", re.IGNORECASE)
_SO_CALLED_WINDOW = 3 + 3 * _MAX_QUOTED_WORDS  # tokens after "so": called, quote, words
_SHORT_QUOTE_RE = re.compile(r"[\"“‘«][^\"“”‘’«»\n]{1,58}[\"”’»]")
_CLAUSE_END_RE = re.compile(r"[.!?;:]\s")
_SAYING_RE = re.compile(
    r"\b(?:said|says|say|saying|told|tells|call(?:s|ed|ing)?|described|describes|dubbed|"
    r"term(?:s|ed)|label(?:s|ed|led)|brand(?:s|ed)|according|warn(?:s|ed)|add(?:s|ed)|"
    r"wr(?:ote|ites)|tweet(?:s|ed)|argu(?:es|ed)|claim(?:s|ed)|insist(?:s|ed)|stat(?:es|ed)|"
    r"declar(?:es|ed)|announc(?:es|ed)|accus(?:es|ed)|promis(?:es|ed)|vow(?:s|ed)|urg(?:es|ed)|"
    r"predict(?:s|ed)|suggest(?:s|ed)|believ(?:es|ed))\b",
    re.IGNORECASE,
)
_NOT_EVALUATIVE = word_class("scare_quote_plain_words")
_SINGLE_QUOTE_RE = re.compile(r"(?<![\w'’])'(?=\w)([^'\n]{1,60}?)(?<=\w)'(?![\w'’])")


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One loaded term.

    Parameters
    ----------
    term : str
        Headword (lemma or fixed phrase). It always matches.
    forms : tuple of str
        Every form that matches, the term first: inflections and multi-word
        forms, case-insensitive, optionally ending in ``*`` (prefix wildcard).
    category : str
        One of :data:`CATEGORIES`.
    direction : str
        Which side or effect the term serves (``delegitimizes``, ``sanitizes``,
        ``pro-life side``...), or empty.
    neutral_alternatives : tuple of str
        Plainer wording a neutral report would use.
    confidence : float
        Prior probability (0..1) that a match is loaded in news copy.
    note, source, licence : str
        Curation note, where the entry comes from, and its licence.
    """

    term: str
    forms: tuple[str, ...]
    category: str
    direction: str = ""
    neutral_alternatives: tuple[str, ...] = ()
    confidence: float = _DEFAULT_CONFIDENCE
    note: str = ""
    source: str = "user"
    licence: str = ""

    def __post_init__(self) -> None:
        if not self.term.strip():
            raise ValueError("empty term")
        if self.category not in CATEGORIES:
            raise ValueError(
                f"unknown category {self.category!r} (expected one of {', '.join(sorted(CATEGORIES))})"
            )
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} is outside 0..1")
        if not self.forms or any(not f.strip() for f in self.forms):
            raise ValueError(f"empty form in forms of {self.term!r}")
        for form in self.forms:
            _form_parts(form)  # raises on malformed forms


@dataclass(frozen=True, slots=True)
class LexiconMatch:
    """A loaded term found in a text; ``text`` equals ``source_text[start:end]``.

    ``rule`` names what fired: ``"lexicon"`` (``entry`` is the matching
    :class:`LexiconEntry`), ``"so_called"`` or ``"scare_quote"`` (``entry`` is
    None).
    """

    start: int
    end: int
    text: str
    term: str
    category: str
    direction: str
    confidence: float
    neutral_alternatives: tuple[str, ...]
    rule: str
    entry: LexiconEntry | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready fields (the ``loaded_terms`` item of the analysis schema)."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "term": self.term,
            "category": self.category,
            "direction": self.direction,
            "confidence": self.confidence,
            "neutral_alternatives": list(self.neutral_alternatives),
            "rule": self.rule,
        }


# --------------------------------------------------------------------------
# Match units: the parts of words that forms are compared with.


@dataclass(slots=True)
class _Units:
    """Parallel lists describing the match units of a text."""

    keys: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    word_start: list[bool] = field(default_factory=list)
    word_end: list[bool] = field(default_factory=list)

    def add(self, key: str, start: int, end: int, first: bool, last: bool) -> None:
        self.keys.append(key)
        self.starts.append(start)
        self.ends.append(end)
        self.word_start.append(first)
        self.word_end.append(last)

    def barrier(self) -> None:
        """A unit that no form contains (a line break)."""
        self.add("\n", -1, -1, False, False)


def _add_token(units: _Units, tok: Token) -> None:
    text = tok.text
    if not text[0].isalnum() and len(text) == 1:  # punctuation: blocks multi-word forms
        units.add(text, tok.start, tok.end, False, False)
        return
    low = text.lower().translate(_APOSTROPHES)
    if "-" not in low and "‐" not in low:
        if low.endswith(_POSSESSIVE) and len(low) > 2:
            units.add(low[:-2], tok.start, tok.end - 2, True, True)
            units.add(_POSSESSIVE, tok.end - 2, tok.end, False, True)
        else:
            units.add(low, tok.start, tok.end, True, True)
        return
    parts = list(_PART_RE.finditer(low))
    for k, m in enumerate(parts):
        key, s, e = m.group(), tok.start + m.start(), tok.start + m.end()
        last = k == len(parts) - 1
        if last and key.endswith(_POSSESSIVE) and len(key) > 2:
            units.add(key[:-2], s, e - 2, k == 0, True)
            units.add(_POSSESSIVE, e - 2, e, False, True)
        else:
            units.add(key, s, e, k == 0, last)


def _first_key(word: str) -> str:
    """The match key of the first unit of a word token (see :func:`_add_token`)."""
    key = word.lower()
    if "’" in key:
        key = key.translate(_APOSTROPHES)
    if "-" in key or "‐" in key:
        m = _PART_RE.match(key)
        return m.group() if m else key
    return key[:-2] if key.endswith(_POSSESSIVE) and len(key) > 2 else key


def _units_of(tokens: Iterable[Token], text: str) -> _Units:
    units = _Units()
    prev_end = None
    for tok in tokens:
        if prev_end is not None and "\n" in text[prev_end : tok.start]:
            units.barrier()
        _add_token(units, tok)
        prev_end = tok.end
    return units


def _form_parts(form: str) -> tuple[tuple[str, ...], bool]:
    """Match keys of a form and whether its last key is a prefix wildcard."""
    form = fold(form.strip()).text  # compared with the folded text (framing.text.fold)
    wildcard = form.endswith("*")
    if wildcard:
        form = form[:-1]
    if "*" in form:
        raise ValueError(
            f"form {form + '*' if wildcard else form!r}: '*' is allowed only at the end"
        )
    keys = tuple(_units_of(word_spans(form), form).keys)
    if not any(ch.isalnum() for ch in "".join(keys)):
        raise ValueError(f"form {form!r} has no word in it")
    if wildcard and (len(keys[-1]) < 3 or not keys[-1].isalnum()):
        raise ValueError(f"wildcard form {form + '*'!r} needs at least 3 letters before '*'")
    return keys, wildcard


# --------------------------------------------------------------------------
# The lexicon.


class Lexicon:
    """A set of loaded terms with a compiled matcher.

    Parameters
    ----------
    entries : iterable of LexiconEntry
        The terms. When two entries share a form, the later one wins.
    rules : iterable of str, default ("so_called", "scare_quote")
        Context rules to apply in :meth:`match` (a subset of :data:`RULES`).

    Examples
    --------
    >>> lex = Lexicon.default()
    >>> [m.text for m in lex.match("The regime's forces slaughtered civilians.")]
    ['regime', 'slaughtered']
    """

    def __init__(self, entries: Iterable[LexiconEntry], *, rules: Iterable[str] = RULES) -> None:
        self._entries = tuple(entries)
        self._rules = tuple(rules)
        unknown = set(self._rules) - set(RULES)
        if unknown:
            raise ValueError(f"unknown rule(s) {sorted(unknown)}; known: {list(RULES)}")
        by_form: dict[tuple[tuple[str, ...], bool], LexiconEntry] = {}
        for entry in self._entries:
            for form in entry.forms:
                by_form[_form_parts(form)] = entry
        exact: dict[str, list[tuple[tuple[str, ...], bool, LexiconEntry]]] = {}
        prefix: dict[str, LexiconEntry] = {}
        for (keys, wildcard), entry in by_form.items():
            if wildcard and len(keys) == 1:
                prefix[keys[0]] = entry
            else:
                exact.setdefault(keys[0], []).append((keys, wildcard, entry))
        for cands in exact.values():
            cands.sort(key=lambda c: -len(c[0]))
        self._exact = exact
        self._prefix = prefix
        self._prefix_lengths = sorted({len(p) for p in prefix}, reverse=True)
        # A form of n units spans at most n word tokens (and their punctuation).
        self._window = max((len(keys) for keys, _ in by_form), default=1)
        # Fast path of the text scan: one-word forms, and first keys of longer ones.
        self._single = {
            keys[0]: entry
            for (keys, wildcard), entry in by_form.items()
            if len(keys) == 1 and not wildcard
        }
        self._multi = frozenset(
            k for k, cands in exact.items() if any(len(c[0]) > 1 for c in cands)
        )
        self._candidates = _candidate_regex(exact, prefix, 0)
        self._windows = {k: max(len(c[0]) for c in cands) for k, cands in exact.items()}

    # -- construction -----------------------------------------------------

    @classmethod
    def from_tsv(
        cls,
        path_or_file: str | PathLike[str] | IO[str],
        *,
        rules: Iterable[str] = RULES,
        default_source: str = "user",
    ) -> Lexicon:
        """Read a lexicon TSV (the format of ``framing/data/loaded_terms.tsv``).

        The first line that does not start with ``#`` is the header. Columns:
        ``term forms category direction neutral_alternatives confidence note
        source licence``; only ``term`` and ``category`` are required. Missing
        columns take defaults: forms = the term, confidence = 0.5,
        source = ``default_source``, the rest empty. ``forms`` and
        ``neutral_alternatives`` are ``|``-separated.

        Parameters
        ----------
        path_or_file : path or text file object
            The TSV (UTF-8).
        rules : iterable of str
            Context rules for the new lexicon.
        default_source : str
            Source recorded for rows without a ``source`` value.

        Returns
        -------
        Lexicon

        Raises
        ------
        InputError (a ValueError)
            For an unreadable file, or a malformed one, naming the line: wrong column count, unknown
            or missing column, unknown category, confidence not a number in
            0..1, empty term or form.
        """
        where = str(getattr(path_or_file, "name", path_or_file))
        try:
            return cls(_read_entries(path_or_file, where, default_source), rules=rules)
        except UnicodeDecodeError as exc:
            raise InputError(f"{where}: not valid UTF-8 at byte offset {exc.start}") from None
        except InputError:
            raise
        except ValueError as exc:  # malformed rows, with their line numbers
            raise InputError(str(exc)) from None

    @classmethod
    def default(cls) -> Lexicon:
        """The shipped curated lexicon (read once, then cached)."""
        return _default_lexicon()

    def merge(self, other: Lexicon) -> Lexicon:
        """A new lexicon with the entries of both; ``other`` takes precedence.

        An entry of ``other`` replaces the entry of ``self`` with the same term
        (case-insensitive), and a form listed in both goes to ``other``'s entry.
        The rules of both lexicons apply.
        """
        replaced = {e.term.lower() for e in other._entries}
        kept = [e for e in self._entries if e.term.lower() not in replaced]
        rules = [r for r in RULES if r in self._rules or r in other._rules]
        return Lexicon([*kept, *other._entries], rules=rules)

    # -- access -----------------------------------------------------------

    @property
    def entries(self) -> tuple[LexiconEntry, ...]:
        """The entries, in file order."""
        return self._entries

    @property
    def rules(self) -> tuple[str, ...]:
        """The context rules this lexicon applies."""
        return self._rules

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[LexiconEntry]:
        return iter(self._entries)

    def __repr__(self) -> str:
        return f"Lexicon({len(self._entries)} entries, rules={list(self._rules)})"

    # -- matching ---------------------------------------------------------

    def match(self, text_or_document: str | Document) -> list[LexiconMatch]:
        """Find loaded terms in a text.

        Parameters
        ----------
        text_or_document : str or Document
            Raw text, or the :class:`framing.text.Document` of it (then
            multi-word forms do not run across sentence boundaries).

        Returns
        -------
        list of LexiconMatch
            Sorted by start offset (then longer first). Offsets index the
            given text, and ``text`` is the given text's span: a term is
            found through characters that hide it (zero-width spaces, soft
            hyphens, fullwidth letters, combining marks: the folded view of
            :func:`framing.text.fold`), and reported as it was written.
        """
        if isinstance(text_or_document, Document):
            folded, view = fold_document(text_or_document)
        elif isinstance(text_or_document, str):
            folded = fold(text_or_document)
            view = folded.text
        else:
            raise TypeError(f"expected str or Document, not {type(text_or_document).__name__}")
        found = self._match_folded(view)
        if not folded.changed:
            return found
        original = folded.original
        restored = []
        for m in found:
            start, end = folded.span(m.start, m.end)
            restored.append(replace(m, start=start, end=end, text=original[start:end]))
        return restored

    def _match_folded(self, text_or_document: str | Document) -> list[LexiconMatch]:
        if isinstance(text_or_document, Document):
            text = text_or_document.text
            found = self._scan_document(text_or_document)
        else:
            text = text_or_document
            found = self._scan_text(text)
        found = _in_context(_outside_names(_non_overlapping(found), text_or_document), text)
        rule_found: list[LexiconMatch] = []
        if "so_called" in self._rules:
            rule_found.extend(_so_called_matches(text))
        if "scare_quote" in self._rules:
            rule_found.extend(_scare_quote_matches(text))
        found.extend(_non_overlapping(rule_found))
        found.sort(key=lambda m: (m.start, -m.end))
        return found

    # The scan is one regular expression over the text (a trie of the first
    # keys of all forms, in C); Python only looks at the words it finds. A word
    # that is the whole of a one-word form matches at once; a word that starts
    # a longer (or wildcard) form gets match units for the next few tokens.

    def _scan_text(self, text: str) -> list[LexiconMatch]:
        return self._scan(text, ((0, len(text)),))

    def _scan_document(self, doc: Document) -> list[LexiconMatch]:
        return self._scan(doc.text, ((s.start, s.end) for s in doc.sentences))

    def _scan(self, text: str, segments: Iterable[tuple[int, int]]) -> list[LexiconMatch]:
        out: list[LexiconMatch] = []
        if self._candidates is None:
            return out
        single, multi, has_prefix = self._single, self._multi, bool(self._prefix)
        # Searching the lower-cased text is twice as fast as IGNORECASE; it is
        # possible whenever lower-casing keeps every offset (almost always).
        lowered = text.lower()
        if len(lowered) == len(text):
            candidates, haystack = self._candidates, lowered
        else:
            candidates, haystack = self._candidates_ignorecase(), text
        windows = self._windows
        for seg_start, seg_end in segments:
            for hit in candidates.finditer(haystack, seg_start, seg_end):
                m = WORD_RE.match(text, hit.start(), seg_end)
                if m is None:
                    continue
                key = m.group().lower()
                if "’" in key:
                    key = key.replace("’", "'")
                simple = "-" not in key and "‐" not in key
                end = m.end()
                if simple and key.endswith(_POSSESSIVE) and len(key) > 2:
                    key, end = key[:-2], end - 2
                if not simple or key in multi or (has_prefix and key not in single):
                    limit = min(seg_end, m.start() + _WINDOW_CHARS)
                    stop = text.find("\n", m.start(), limit)
                    window = WORD_RE.finditer(text, m.start(), limit if stop < 0 else stop)
                    size = windows.get(_first_key(key), self._window)
                    tokens = [Token(t.start(), t.end(), t.group()) for t in islice(window, size)]
                    self._match_at(text, _units_of(tokens, text), out)
                elif key in single:
                    out.append(_lexicon_match(text, m.start(), end, single[key]))
        return out

    def _candidates_ignorecase(self) -> re.Pattern[str] | None:
        """The scan's regular expression with IGNORECASE, for the rare text whose
        lower-casing moves offsets; compiled on first need (about 50 ms)."""
        found = self.__dict__.get("_candidates_ic")
        if found is None:
            found = self._candidates_ic = _candidate_regex(self._exact, self._prefix, re.IGNORECASE)
        return found

    def _prefix_entry(self, key: str) -> LexiconEntry | None:
        for length in self._prefix_lengths:
            if len(key) >= length:
                entry = self._prefix.get(key[:length])
                if entry is not None:
                    return entry
        return None

    def _match_at(self, text: str, units: _Units, out: list[LexiconMatch]) -> None:
        """Append the longest entry matching ``units`` from their first unit."""
        keys, word_end, n = units.keys, units.word_end, len(units.keys)
        key = keys[0]
        best: tuple[int, LexiconEntry] | None = None
        for form, wildcard, entry in self._exact.get(key, ()):
            stop = len(form)
            if stop > n or not word_end[stop - 1]:
                continue
            last = stop - 1
            if all(keys[k] == form[k] for k in range(1, last)) and (
                last == 0
                or (keys[last].startswith(form[last]) if wildcard else keys[last] == form[last])
            ):
                best = (stop, entry)
                break
        if best is None and word_end[0]:
            entry = self._prefix_entry(key)
            if entry is not None:
                best = (1, entry)
        if best is not None:
            stop, entry = best
            out.append(_lexicon_match(text, units.starts[0], units.ends[stop - 1], entry))


def _trie_pattern(words: Iterable[str]) -> str:
    """A regular expression matching exactly ``words``, factored as a trie."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        alts = [
            ("['’]" if ch == "'" else re.escape(ch)) + pattern(sub)
            for ch, sub in sorted(node.items())
            if ch
        ]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


def _candidate_regex(exact: dict, prefix: dict, flags: int) -> re.Pattern[str] | None:
    """Where a word starts that may begin a form: a first key at a word start,
    followed by a non-word character (or anything, for wildcard prefixes)."""
    alts = []
    if exact:
        alts.append(f"(?:{_trie_pattern(exact)})(?![^\\W_])")
    if prefix:
        alts.append(f"(?:{_trie_pattern(prefix)})")
    if not alts:
        return None
    start = r"(?<![^\W_])(?<![^\W_]['’\-‐])"
    return re.compile(start + "(?:" + "|".join(alts) + ")", flags)


def _lexicon_match(text: str, start: int, end: int, entry: LexiconEntry) -> LexiconMatch:
    return LexiconMatch(
        start,
        end,
        text[start:end],
        entry.term,
        entry.category,
        entry.direction,
        entry.confidence,
        fitted_alternatives(entry, text[start:end]),
        "lexicon",
        entry,
    )


@lru_cache(maxsize=4096)
def fitted_alternatives(entry: LexiconEntry, matched: str) -> tuple[str, ...]:
    """The entry's neutral alternatives inflected like the matched form.

    The alternatives are written for the headword. When the match is another
    inflection of it ("cleansed", "cleanses" of "cleanse"; "terrorists" of
    "terrorist"), each alternative written in the headword's form is inflected
    the same way (:func:`framing.inflect.fit_alternative`: "expelled", "expels";
    "attackers"), and kept only if the result is a known English word (the
    vocabulary of the shipped word vectors); alternatives that cannot be fitted
    are left out, unless none can.
    """
    words = matched.lower().replace("’", "'").split()
    term = entry.term.lower()
    verbal = any(f.endswith(("ed", "ing")) for f in entry.forms)
    if (len(words) > 1 and not verbal) or len(term.split()) > 1:
        return entry.neutral_alternatives  # "collateral damage": the phrase is the unit
    word = words[0]
    if not word.isalpha() or not _same_family(word, term):
        return entry.neutral_alternatives  # another word of the entry ("tormented", "tormentor")
    known = _vocabulary()
    fitted = []
    for alt in entry.neutral_alternatives:
        new = fit_alternative(alt, word, verbal)
        words = [w for w in new.lower().replace("-", " ").split() if w.isalpha()]
        if new == alt or all(w in known and not _flagged_word(w) for w in words):
            fitted.append(new)
    return tuple(dict.fromkeys(fitted)) or entry.neutral_alternatives


def _same_family(word: str, term: str) -> bool:
    """Whether ``word`` is an inflection of the headword ``term`` (same stem)."""
    stem = term[:-1] if term.endswith(("e", "y", "s")) else term
    return word.startswith(stem[: max(3, len(stem) - 1)]) and abs(len(word) - len(term)) <= 4


def _flagged_word(word: str) -> bool:
    """Whether the default lexicon flags ``word`` alone ("frightening", "clearly")."""
    lex = _default_lexicon()
    return word in lex._single or lex._prefix_entry(word) is not None


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    return frozenset(load_word_vectors()[0])


def _outside_names(
    found: list[LexiconMatch], text_or_document: str | Document
) -> list[LexiconMatch]:
    """The matches that are not a word inside a longer proper name (:mod:`framing.names`).

    Names are capitalised, so the text is only tokenized (a ``str``) and its
    names looked for when a match starts with a capital letter."""
    if not any(_could_be_in_name(m.text) for m in found):
        return found
    doc = text_or_document
    if not isinstance(doc, Document):
        doc = tokenize(doc)
    names = Names(doc)
    return [m for m in found if not (_could_be_in_name(m.text) and names.inside(m.start, m.end))]


def _in_context(found: list[LexiconMatch], text: str) -> list[LexiconMatch]:
    """The matches with the confidence the context rules give them
    (:func:`framing.contexts.context_confidence`, data ``framing/data/term_contexts.tsv``):
    "fake news sites", "mainstream media outlets", a film's title, "liberated on D-Day"."""
    out = []
    for m in found:
        confidence = context_confidence(text, m.start, m.end, m.confidence)
        out.append(m if confidence == m.confidence else replace(m, confidence=confidence))
    return out


def _could_be_in_name(word: str) -> bool:
    return word[:1].isupper()


def _non_overlapping(matches: list[LexiconMatch]) -> list[LexiconMatch]:
    """Of overlapping matches keep the longest (ties: the leftmost), in one sweep."""
    kept: list[LexiconMatch] = []
    for m in sorted(matches, key=lambda m: (m.start, m.start - m.end)):
        if kept and m.start < kept[-1].end:
            if m.end - m.start > kept[-1].end - kept[-1].start:
                kept[-1] = m  # the earlier kept matches end before kept[-1] starts
            continue
        kept.append(m)
    return kept


# --------------------------------------------------------------------------
# Context rules.


def _so_called_matches(text: str) -> Iterator[LexiconMatch]:
    for hit in _SO_CALLED_RE.finditer(text):
        limit = min(len(text), hit.start() + _WINDOW_CHARS)
        stop = text.find("\n", hit.start(), limit)
        window = WORD_RE.finditer(text, hit.start(), limit if stop < 0 else stop)
        tokens = [Token(t.start(), t.end(), t.group()) for t in islice(window, _SO_CALLED_WINDOW)]
        units = _units_of(tokens, text)
        keys, n = units.keys, len(units.keys)
        j = 2  # after the units "so", "called"
        quoted = j < n and keys[j] in _QUOTE_CHARS
        if quoted:
            j += 1
        words: list[int] = []
        n_words = 0
        capitalized = False
        while j < n:
            key = keys[j]
            if words and (not units.word_end[words[-1]] or key == _POSSESSIVE):
                words.append(j)  # rest of a hyphenated word, or a possessive
                j += 1
                continue
            if not key[:1].isalnum() or n_words == (_MAX_QUOTED_WORDS if quoted else _MAX_NP_WORDS):
                break
            upper = text[units.starts[j]].isupper()
            if not quoted:
                if key in _NP_STOP or key.endswith("ly"):
                    break
                if n_words and (upper != capitalized or key.endswith("ed")):
                    break
            capitalized = capitalized or (upper and not n_words)
            words.append(j)
            n_words += 1
            j += 1
        if not words:
            continue
        end = units.ends[words[-1]]
        if quoted and j < n and keys[j] in _QUOTE_CHARS:
            end = units.ends[j]
        start = hit.start()
        target = text[units.starts[words[0]] : units.ends[words[-1]]]
        # Distancing puts "so-called" before one ordinary word the writer disputes
        # ("so-called experts", "so-called 'justice'"); before a name, a multi-word term, a
        # coinage (hyphenated or not a common word: "melt-up", "superspreaders") or the
        # first word of a longer noun phrase it mostly introduces a name.
        # A definition right after the word (after a closing quote mark: "so-called
        # sequester, a series of cuts", "so-called antifa (anti-fascist)") shows a term
        # being named, not disputed.
        k = j + 1 if quoted and j < n and keys[j] in _QUOTE_CHARS else j
        after = keys[k] if k < n else ""
        following = keys[k + 1] if k + 1 < n else ""
        defined = after in _DEFINITION_MARKS or (after == "," and following in _DEFINITION_STARTS)
        after = keys[j] if j < n else ""
        distancing = (
            len(words) == 1
            and not capitalized
            and keys[words[0]] in _vocabulary()
            and (quoted or not after[:1].isalnum() or after in _NP_STOP)
            and after not in _NP_GOES_ON
            and not defined
        )
        yield LexiconMatch(
            start,
            end,
            text[start:end],
            "so-called",
            "so_called",
            "delegitimizes",
            SO_CALLED_CONFIDENCE if distancing else SO_CALLED_NAMING_CONFIDENCE,
            (target,),
            "so_called",
            None,
        )


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The line around ``text[start:end]``, at most ``_LINE_CHARS`` each side."""
    lo, hi = max(0, start - _LINE_CHARS), min(len(text), end + _LINE_CHARS)
    line_start = text.rfind("\n", lo, start) + 1 or lo
    line_end = text.find("\n", end, hi)
    return line_start, hi if line_end < 0 else line_end


def _scare_quote_spans(text: str) -> Iterator[tuple[int, int]]:
    """Quote spans with a short inside, as :func:`framing.text.quote_spans` pairs them.

    Quote pairing never crosses a line break, so only the lines that contain a
    short quoted fragment are paired.
    """
    done = -1
    for hit in _SHORT_QUOTE_RE.finditer(text):
        if hit.start() < done:
            continue
        line_start, line_end = _line_bounds(text, hit.start(), hit.start())
        yield from quote_spans(text, line_start, line_end)
        done = line_end
    for m in _SINGLE_QUOTE_RE.finditer(text):
        yield m.start(), m.end()


class _Saying:
    """Whether a quoted fragment's clause has a verb of saying, in O(log n) per fragment.

    The clause ends (``_CLAUSE_END_RE``) and the verbs of saying (``_SAYING_RE``) of the
    whole text are found once; the clause before the fragment (from the last clause end
    on its line) and the clause after it (up to the next) are then found by bisection.
    Both patterns match the same places in a slice as in the whole text (a clause end is
    two characters that cannot overlap; a verb is a whole word), except where a slice
    starts or ends inside a word (a line cut at ``_LINE_CHARS``): there the slice itself
    is searched, as before.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.clause_ends = [m.start() for m in _CLAUSE_END_RE.finditer(text)]
        verbs = [m.span() for m in _SAYING_RE.finditer(text)]
        self.verb_starts = [s for s, _ in verbs]
        self.verb_ends = [e for _, e in verbs]

    def _verb_in(self, lo: int, hi: int) -> bool:
        text = self.text
        cut = (lo > 0 and text[lo - 1].isalnum() or text[lo - 1 : lo] == "_") or (
            hi < len(text) and (text[hi].isalnum() or text[hi] == "_")
        )
        if cut:
            return _SAYING_RE.search(text[lo:hi]) is not None
        i = bisect_left(self.verb_starts, lo)
        return i < len(self.verb_starts) and self.verb_ends[i] <= hi

    def attributed(self, start: int, end: int, line_start: int, line_end: int) -> bool:
        ends = self.clause_ends
        i = bisect_right(ends, start - 2) - 1
        before = ends[i] + 2 if i >= 0 and ends[i] >= line_start else line_start
        j = bisect_left(ends, end)
        after = ends[j] if j < len(ends) and ends[j] + 2 <= line_end else line_end
        return self._verb_in(before, start) or self._verb_in(end, after)


def _evaluative(phrase: str) -> bool:
    """Whether a quoted fragment has a word that judges: a match of the default lexicon
    that analyze reports (:func:`framing.resources.is_reported`), or a strongly subjective
    negative clue of MPQA (:func:`framing.resources.load_mpqa`; a plural also by its
    singular) other than the stance-free words of ``scare_quote_plain_words``. Quote marks
    around words that judge nothing mostly mark a term or a source's plain words."""
    if any(is_reported(m.category, m.confidence) for m in _default_lexicon()._scan_text(phrase)):
        return True
    clues = load_mpqa()
    for word in _PART_RE.findall(phrase.lower().translate(_APOSTROPHES).replace(" ", "-")):
        if word in _NOT_EVALUATIVE:
            continue
        strength, polarity = clues.get(word) or clues.get(
            word[:-1] if word.endswith("s") else "", ("", "")
        )
        if strength == "strongsubj" and polarity in ("negative", "both"):
            return True
    return False


def _scare_quote_matches(text: str) -> Iterator[LexiconMatch]:
    saying: _Saying | None = None
    for start, end in _scare_quote_spans(text):
        if end - start > 60 or text[end - 1] not in _QUOTE_CHARS:
            continue
        inner = word_spans(text, start + 1, end - 1)
        if not inner or len(inner) > _MAX_SCARE_WORDS:
            continue
        if not all(t.is_word for t in inner):  # punctuation inside: a real quotation
            continue
        if all(t.text[0].isupper() or t.text[0].isdigit() for t in inner):
            continue  # titles, nicknames, names, numbers
        # A fragment in a sentence with a verb of saying is usually the
        # source's exact words ('Trump said the tariffs were "unacceptable"').
        line_start, line_end = _line_bounds(text, start, end)
        saying = saying or _Saying(text)
        attributed = saying.attributed(start, end, line_start, line_end)
        phrase = text[inner[0].start : inner[-1].end]
        if not _evaluative(phrase):
            confidence = SCARE_QUOTE_PLAIN_CONFIDENCE
        elif attributed:
            confidence = SCARE_QUOTE_ATTRIBUTED_CONFIDENCE
        else:
            confidence = SCARE_QUOTE_CONFIDENCE
        yield LexiconMatch(
            start,
            end,
            text[start:end],
            phrase.lower(),
            "scare_quote",
            "delegitimizes",
            confidence,
            (phrase,),
            "scare_quote",
            None,
        )


# --------------------------------------------------------------------------
# TSV reading.


def _read_entries(
    source: str | PathLike[str] | IO[str], where: str, default_source: str
) -> list[LexiconEntry]:
    entries: list[LexiconEntry] = []
    for lineno, row in read_tsv(source, _COLUMNS, _REQUIRED_COLUMNS, where=where):
        try:
            term = row["term"]
            if not term:
                raise ValueError("empty term")
            if "forms" in row and not row["forms"]:
                raise ValueError("empty forms (list at least the term itself)")
            forms = split_list(row.get("forms", ""))
            conf_text = row.get("confidence", "")
            try:
                confidence = float(conf_text) if conf_text else _DEFAULT_CONFIDENCE
            except ValueError:
                raise ValueError(f"confidence {conf_text!r} is not a number") from None
            entry = LexiconEntry(
                term=term,
                forms=tuple(dict.fromkeys((term, *forms))),
                category=row["category"],
                direction=row.get("direction", ""),
                neutral_alternatives=split_list(row.get("neutral_alternatives", "")),
                confidence=confidence,
                note=row.get("note", ""),
                source=row.get("source", "") or default_source,
                licence=row.get("licence", ""),
            )
        except ValueError as exc:
            raise ValueError(f"{where}: line {lineno}: {exc}") from None
        entries.append(entry)
    return entries


@lru_cache(maxsize=1)
def _default_lexicon() -> Lexicon:
    return Lexicon(_read_entries(data_path(LOADED_TERMS_FILE), LOADED_TERMS_FILE, "curated"))
