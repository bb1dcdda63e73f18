"""Punkt sentence boundaries of NLTK 3.10.4 (``nltk.tokenize.punkt``), the part that splits.

Copyright (C) 2001-2026 NLTK Project (Punkt: Kiss & Strunk 2006, "Unsupervised Multilingual
Sentence Boundary Detection", Computational Linguistics 32: 485-525); Apache License,
Version 2.0 (NOTICE). Copied rather than imported because ``import nltk`` loads the whole
toolkit (with scipy.stats and scikit-learn: about 0.2 s of CPU after scikit-learn, 0.9 s
alone) for the few classes :mod:`framing.text` uses. What is kept is NLTK's code for
:meth:`PunktSentenceTokenizer.span_tokenize` with given parameters (no training, no
debugging, no pickles), compiled with the ``regex`` engine as NLTK 3.10 compiles it (through
``nltk.redos``, without its time limit: :mod:`framing.text` hands Punkt blocks of bounded
length), so the spans are NLTK's (``tests/test_text.py``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

import regex

__all__ = ["PunktParameters", "PunktSentenceTokenizer"]

# Orthographic context: beginning, middle or unknown position, upper or lower case.
_ORTHO_BEG_UC = 1 << 1
_ORTHO_MID_UC = 1 << 2
_ORTHO_UNK_UC = 1 << 3
_ORTHO_BEG_LC = 1 << 4
_ORTHO_MID_LC = 1 << 5
_ORTHO_UNK_LC = 1 << 6
_ORTHO_UC = _ORTHO_BEG_UC + _ORTHO_MID_UC + _ORTHO_UNK_UC
_ORTHO_LC = _ORTHO_BEG_LC + _ORTHO_MID_LC + _ORTHO_UNK_LC


class PunktLanguageVars:
    """Regular expressions of the algorithm (English)."""

    sent_end_chars = (".", "?", "!")
    internal_punctuation = ",:;"
    re_boundary_realignment = regex.compile(
        r'["\')\]}\u2018\u2019\u201c\u201d\xab\xbb]+?(?:\s+|(?=--)|$)',
        re.MULTILINE,
    )
    _re_word_start = r"[^\(\"\`{\[:;&\#\*@\)}\]\-,]"
    _re_multi_char_punct = r"(?:\-{2,}|\.{2,}|(?:\.\s){2,}\.)"
    _word_tokenize_fmt = r"""(
        %(MultiChar)s
        |
        (?=%(WordStart)s)\S+?  # Accept word characters until end is found
        (?= # Sequences marking a word's end
            \s|                                 # White-space
            $|                                  # End-of-string
            %(NonWord)s|%(MultiChar)s|          # Punctuation
            ,(?=$|\s|%(NonWord)s|%(MultiChar)s) # Comma if at end of word
        )
        |
        \S
    )"""
    _period_context_fmt = r"""
        %(SentEndChars)s             # a potential sentence ending
        (?=(?P<after_tok>
            %(NonWord)s              # either other punctuation
            |
            \s+(?P<next_tok>\S+)     # or whitespace and some other token
        ))"""

    def __init__(self) -> None:
        sent_end = "[" + re.escape("".join(self.sent_end_chars)) + "]"
        others = re.escape("".join(set(self.sent_end_chars) - {"."}))
        non_word = r"(?:[)\";}\]\*:@\'\({\[\u2018\u2019\u201c\u201d\xab\xbb" + others + "])"
        self._re_word_tokenizer = regex.compile(
            self._word_tokenize_fmt
            % {
                "NonWord": non_word,
                "MultiChar": self._re_multi_char_punct,
                "WordStart": self._re_word_start,
            },
            re.UNICODE | re.VERBOSE,
        )
        self._re_period_context = regex.compile(
            self._period_context_fmt % {"NonWord": non_word, "SentEndChars": sent_end},
            re.UNICODE | re.VERBOSE,
        )

    def word_tokenize(self, s: str) -> list[str]:
        return self._re_word_tokenizer.findall(s)

    def period_context_re(self) -> regex.Pattern:
        return self._re_period_context


_re_non_punct = regex.compile(r"[^\W\d]", re.UNICODE)


def _pair_iter(iterator):
    """Pairs of consecutive items; the last one paired with None."""
    iterator = iter(iterator)
    try:
        prev = next(iterator)
    except StopIteration:
        return
    for el in iterator:
        yield (prev, el)
        prev = el
    yield (prev, None)


class PunktParameters:
    """The data of sentence boundary detection: abbreviations, collocations, sentence
    starters and each word type's orthographic contexts."""

    def __init__(self) -> None:
        self.abbrev_types: set[str] = set()
        self.collocations: set[tuple[str, str]] = set()
        self.sent_starters: set[str] = set()
        self.ortho_context: defaultdict[str, int] = defaultdict(int)


class PunktToken:
    """A token with the annotations of sentence boundary detection."""

    _properties = ["parastart", "linestart", "sentbreak", "abbr", "ellipsis"]
    __slots__ = ["tok", "type", "period_final", *_properties]

    _RE_ELLIPSIS = regex.compile(r"\.\.+$")
    _RE_NUMERIC = regex.compile(r"^-?[\.,]?\d[\d,\.-]*\.?$")
    _RE_INITIAL = regex.compile(r"[^\W\d]\.$", re.UNICODE)
    _RE_ALPHA = regex.compile(r"[^\W\d]+$", re.UNICODE)

    def __init__(self, tok: str, **params) -> None:
        self.tok = tok
        self.type = self._RE_NUMERIC.sub("##number##", tok.lower())
        self.period_final = tok.endswith(".")
        for prop in self._properties:
            setattr(self, prop, None)
        for k in params:
            setattr(self, k, params[k])

    @property
    def type_no_period(self) -> str:
        if len(self.type) > 1 and self.type[-1] == ".":
            return self.type[:-1]
        return self.type

    @property
    def type_no_sentperiod(self) -> str:
        if self.sentbreak:
            return self.type_no_period
        return self.type

    @property
    def first_upper(self) -> bool:
        return self.tok[0].isupper()

    @property
    def first_lower(self) -> bool:
        return self.tok[0].islower()

    @property
    def is_ellipsis(self):
        return self._RE_ELLIPSIS.match(self.tok)

    @property
    def is_initial(self):
        return self._RE_INITIAL.match(self.tok)

    @property
    def is_non_punct(self):
        return _re_non_punct.search(self.type)


class PunktSentenceTokenizer:
    """Sentence boundaries from given :class:`PunktParameters`."""

    PUNCTUATION = tuple(";:,.!?")

    def __init__(self, params: PunktParameters) -> None:
        self._params = params
        self._lang_vars = PunktLanguageVars()
        self._Token = PunktToken

    def span_tokenize(
        self, text: str, realign_boundaries: bool = True
    ) -> Iterator[tuple[int, int]]:
        """``(start, end)`` spans of the sentences of ``text``."""
        slices = self._slices_from_text(text)
        if realign_boundaries:
            slices = self._realign_boundaries(text, slices)
        for sentence in slices:
            yield (sentence.start, sentence.stop)

    def _tokenize_words(self, plaintext: str) -> Iterator[PunktToken]:
        parastart = False
        for line in plaintext.split("\n"):
            if line.strip():
                line_toks = iter(self._lang_vars.word_tokenize(line))
                try:
                    tok = next(line_toks)
                except StopIteration:
                    continue
                yield self._Token(tok, parastart=parastart, linestart=True)
                parastart = False
                for tok in line_toks:
                    yield self._Token(tok)
            else:
                parastart = True

    def _first_pass_annotation(self, aug_tok: PunktToken) -> None:
        tok = aug_tok.tok
        if tok in self._lang_vars.sent_end_chars:
            aug_tok.sentbreak = True
        elif aug_tok.is_ellipsis:
            aug_tok.ellipsis = True
        elif aug_tok.period_final and not tok.endswith(".."):
            if (
                tok[:-1].lower() in self._params.abbrev_types
                or tok[:-1].lower().split("-")[-1] in self._params.abbrev_types
            ):
                aug_tok.abbr = True
            else:
                aug_tok.sentbreak = True

    def _get_last_whitespace_index(self, text: str) -> int:
        for i in range(len(text) - 1, -1, -1):
            if text[i] in " \t\n\r\x0b\x0c":  # string.whitespace
                return i
        return 0

    def _match_potential_end_contexts(self, text: str) -> Iterator[tuple[regex.Match, str]]:
        previous_slice = slice(0, 0)
        previous_match = None
        for match in self._lang_vars.period_context_re().finditer(text):
            before_text = text[previous_slice.stop : match.start()]
            index_after_last_space = self._get_last_whitespace_index(before_text)
            if index_after_last_space:
                index_after_last_space += previous_slice.stop + 1
            else:
                index_after_last_space = previous_slice.start
            prev_word_slice = slice(index_after_last_space, match.start())
            if previous_match and previous_slice.stop <= prev_word_slice.start:
                yield (
                    previous_match,
                    text[previous_slice]
                    + previous_match.group()
                    + previous_match.group("after_tok"),
                )
            previous_match = match
            previous_slice = prev_word_slice
        if previous_match:
            yield (
                previous_match,
                text[previous_slice] + previous_match.group() + previous_match.group("after_tok"),
            )

    def _slices_from_text(self, text: str) -> Iterator[slice]:
        last_break = 0
        for match, context in self._match_potential_end_contexts(text):
            if self.text_contains_sentbreak(context):
                yield slice(last_break, match.end())
                if match.group("next_tok"):
                    last_break = match.start("next_tok")
                else:
                    last_break = match.end()
        yield slice(last_break, len(text.rstrip()))

    def _realign_boundaries(self, text: str, slices: Iterator[slice]) -> Iterator[slice]:
        realign = 0
        for sentence1, sentence2 in _pair_iter(slices):
            sentence1 = slice(sentence1.start + realign, sentence1.stop)
            if not sentence2:
                if text[sentence1]:
                    yield sentence1
                continue
            m = self._lang_vars.re_boundary_realignment.match(text[sentence2])
            if m:
                yield slice(sentence1.start, sentence2.start + len(m.group(0).rstrip()))
                realign = m.end()
            else:
                realign = 0
                if text[sentence1]:
                    yield sentence1

    def text_contains_sentbreak(self, text: str) -> bool:
        found = False  # used to ignore last token
        for tok in self._annotate_tokens(self._tokenize_words(text)):
            if found:
                return True
            if tok.sentbreak:
                found = True
        return False

    def _annotate_tokens(self, tokens: Iterator[PunktToken]) -> Iterator[PunktToken]:
        return self._annotate_second_pass(self._annotate_first_pass(tokens))

    def _annotate_first_pass(self, tokens: Iterator[PunktToken]) -> Iterator[PunktToken]:
        for aug_tok in tokens:
            self._first_pass_annotation(aug_tok)
            yield aug_tok

    def _annotate_second_pass(self, tokens: Iterator[PunktToken]) -> Iterator[PunktToken]:
        for token1, token2 in _pair_iter(tokens):
            self._second_pass_annotation(token1, token2)
            yield token1

    def _second_pass_annotation(self, aug_tok1: PunktToken, aug_tok2: PunktToken | None) -> None:
        if not aug_tok2:
            return
        if not aug_tok1.period_final:
            return
        typ = aug_tok1.type_no_period
        next_typ = aug_tok2.type_no_sentperiod
        tok_is_initial = aug_tok1.is_initial
        # collocation heuristic (4.1.2)
        if (typ, next_typ) in self._params.collocations:
            aug_tok1.sentbreak = False
            aug_tok1.abbr = True
            return
        # token-based reclassification of abbreviations (4.2)
        if (aug_tok1.abbr or aug_tok1.ellipsis) and (not tok_is_initial):
            is_sent_starter = self._ortho_heuristic(aug_tok2)
            if is_sent_starter is True:
                aug_tok1.sentbreak = True
                return
            if aug_tok2.first_upper and next_typ in self._params.sent_starters:
                aug_tok1.sentbreak = True
                return
        # initials and ordinals (4.3)
        if tok_is_initial or typ == "##number##":
            is_sent_starter = self._ortho_heuristic(aug_tok2)
            if is_sent_starter is False:
                aug_tok1.sentbreak = False
                aug_tok1.abbr = True
                return
            if (
                is_sent_starter == "unknown"
                and tok_is_initial
                and aug_tok2.first_upper
                and not (self._params.ortho_context.get(next_typ, 0) & _ORTHO_LC)
            ):
                aug_tok1.sentbreak = False
                aug_tok1.abbr = True

    def _ortho_heuristic(self, aug_tok: PunktToken) -> bool | str:
        """Whether the token starts a sentence: True, False or "unknown"."""
        if aug_tok.tok in self.PUNCTUATION:
            return False
        # .get: reading a defaultdict by [] would add every unseen word type to it, for good
        ortho_context = self._params.ortho_context.get(aug_tok.type_no_sentperiod, 0)
        if (
            aug_tok.first_upper
            and (ortho_context & _ORTHO_LC)
            and not (ortho_context & _ORTHO_MID_UC)
        ):
            return True
        if aug_tok.first_lower and (
            (ortho_context & _ORTHO_UC) or not (ortho_context & _ORTHO_BEG_LC)
        ):
            return False
        return "unknown"
