"""Context rules of loaded terms: where a matched term is used in a plain sense.

A lexicon entry has one prior for all its uses, but some uses of a term are not
the loaded one: *fake news sites* (made-up stories, not the partisan slogan),
*mainstream media outlets* (a descriptor), a film called “Plandemic” (a title),
*liberated on D-Day* (a historical name). Each kind of plain use is one rule
kind, and the rules are data: ``framing/data/term_contexts.tsv``, one row per
rule, read by :func:`context_rules`.

A rule names the matched forms it applies to (``*``: any lexicon match), a test
(``has``: the rule fires when one of its words is in the scope; ``lacks``: when
none is), a scope (``before N`` / ``after N`` / ``around N`` words, the
``sentence``, the ``document``), the words (``|``-separated, lower case; a
phrase of several words matches consecutive words; ``*`` at either end of a word
matches any beginning or ending), an optional case condition (``capitalised``:
only a match that starts with a capital letter) and the confidence the match
gets when the rule fires. That confidence is below what ``analyze`` reports for
the category (``framing/data/term_categories.tsv``), so the use is still
matched by :meth:`framing.lexicon.Lexicon.match` (its confidence lowered) but
not reported. When several rules fire, the lowest confidence wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cache

from .errors import InputError
from .resources import data_path, read_tsv
from .text import WORDS_RE

__all__ = ["ContextRule", "context_rules", "context_confidence"]

CONTEXTS_FILE = "term_contexts.tsv"
_COLUMNS = ("forms", "kind", "test", "scope", "words", "case", "confidence", "note")
_KINDS = frozenset({"literal", "descriptive", "title", "historical", "idiom"})
_SCOPE_RE = re.compile(r"^(?:(before|after|around) ([1-9][0-9]?)|(sentence)|(document))$")
_SENTENCE_END_RE = re.compile(r"[.!?](?=[\s\"”’')\]]|$)|\n")
_SENTENCE_CHARS = 2000
_OPENING_QUOTES = frozenset("\"“‘«'`")
_SENTENCE_STARTS = frozenset(".!?:\n")


def _key(word: str) -> str:
    return " ".join(word.lower().replace("’", "'").split())


@dataclass(frozen=True, slots=True)
class ContextRule:
    """One row of ``term_contexts.tsv`` (see the module docstring)."""

    forms: frozenset[str]  # lower-case matched forms; empty = any match
    kind: str
    has: bool  # True: fires when a word is there; False: when none is
    scope: str  # before, after, around, sentence, document
    window: int
    words: tuple[tuple[str, ...], ...]
    capitalised: bool
    confidence: float

    def applies_to(self, text: str, start: int, end: int) -> bool:
        matched = text[start:end]
        if self.capitalised and not _capitalised_by_choice(text, start):
            return False
        return not self.forms or _key(matched) in self.forms

    def fires(self, text: str, start: int, end: int) -> bool:
        found = _found(self.words, _scope_words(text, start, end, self.scope, self.window))
        return found if self.has else not found


def _capitalised_by_choice(text: str, start: int) -> bool:
    """A capital letter that is not the start of a sentence (or of a clause after a
    colon), or a capitalised word right after an opening quote mark (“Plandemic”)."""
    if not text[start : start + 1].isupper():
        return False
    before = text[max(0, start - 20) : start].rstrip(" \t")
    if before[-1:] in _OPENING_QUOTES:
        return True
    return bool(before) and before[-1] not in _SENTENCE_STARTS


def _word_patterns(cell: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(_key(w) for w in p.split()) for p in cell.split("|") if p.strip())


def _matches(pattern: str, word: str) -> bool:
    return fnmatchcase(word, pattern) if "*" in pattern else word == pattern


def _found(patterns: tuple[tuple[str, ...], ...], words: list[str]) -> bool:
    for phrase in patterns:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if all(_matches(phrase[k], words[i + k]) for k in range(n)):
                return True
    return False


def _words(text: str, lo: int, hi: int) -> list[str]:
    return [_key(m.group()) for m in WORDS_RE.finditer(text, lo, hi)]


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(0, start - _SENTENCE_CHARS)
    ends = list(_SENTENCE_END_RE.finditer(text, lo, start))
    s = ends[-1].end() if ends else lo
    after = _SENTENCE_END_RE.search(text, end, min(len(text), end + _SENTENCE_CHARS))
    return s, after.end() if after else min(len(text), end + _SENTENCE_CHARS)


def _scope_words(text: str, start: int, end: int, scope: str, window: int) -> list[str]:
    """The words of a match's scope, the match's own words left out (a gap between
    the two sides stops a phrase running across the match)."""
    if scope == "before":
        return _words(text, max(0, start - 40 * window), start)[-window:]
    if scope == "after":
        return _words(text, end, min(len(text), end + 40 * window))[:window]
    if scope == "around":
        return [
            *_scope_words(text, start, end, "before", window),
            "",
            *_scope_words(text, start, end, "after", window),
        ]
    lo, hi = (0, len(text)) if scope == "document" else _sentence_bounds(text, start, end)
    return [*_words(text, lo, start), "", *_words(text, end, hi)]


@cache
def context_rules() -> tuple[ContextRule, ...]:
    """The context rules of ``framing/data/term_contexts.tsv``, in file order."""
    rules = []
    path = data_path(CONTEXTS_FILE)
    for lineno, row in read_tsv(path, _COLUMNS, _COLUMNS[:-1], where=CONTEXTS_FILE):
        where = f"{CONTEXTS_FILE}: line {lineno}"
        scope = _SCOPE_RE.match(row["scope"])
        if row["kind"] not in _KINDS:
            raise InputError(f"{where}: kind {row['kind']!r} is not one of {sorted(_KINDS)}")
        if row["test"] not in ("has", "lacks"):
            raise InputError(f"{where}: test {row['test']!r} is not 'has' or 'lacks'")
        if scope is None:
            raise InputError(f"{where}: scope {row['scope']!r} is not understood")
        if row["case"] not in ("", "capitalised"):
            raise InputError(f"{where}: case {row['case']!r} is not empty or 'capitalised'")
        words = _word_patterns(row["words"])
        if not words:
            raise InputError(f"{where}: no words")
        forms = frozenset(_key(f) for f in row["forms"].split("|") if f.strip() and f != "*")
        rules.append(
            ContextRule(
                forms=forms,
                kind=row["kind"],
                has=row["test"] == "has",
                scope=scope.group(1) or scope.group(3) or scope.group(4),
                window=int(scope.group(2) or 0),
                words=words,
                capitalised=row["case"] == "capitalised",
                confidence=float(row["confidence"]),
            )
        )
    return tuple(rules)


@cache
def _rule_forms() -> tuple[frozenset[str], bool, bool]:
    """(forms some rule names, whether a rule applies to any match, whether every such
    rule needs a capitalised match): lets :func:`context_confidence` skip most matches."""
    rules = context_rules()
    anywhere = [r for r in rules if not r.forms]
    forms = frozenset(f for r in rules for f in r.forms)
    return forms, bool(anywhere), all(r.capitalised for r in anywhere)


def context_confidence(text: str, start: int, end: int, confidence: float) -> float:
    """The confidence of the lexicon match ``text[start:end]`` after the context rules:
    the lowest confidence of the rules that fire, if below ``confidence``."""
    matched = text[start:end]
    forms, anywhere, caps_only = _rule_forms()
    if _key(matched) not in forms and not (anywhere and (matched[:1].isupper() or not caps_only)):
        return confidence
    for rule in context_rules():
        if rule.confidence < confidence and rule.applies_to(text, start, end):
            if rule.fires(text, start, end):
                confidence = rule.confidence
    return confidence
