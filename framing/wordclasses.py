"""Closed word classes by name: grammar words and marks that rules and features test for.

The classes live in ``framing/data/word_classes.tsv`` (one row per member, with a note on
each class and the modules that use it). A class several modules use is defined there
once; where modules need different sets (three lists of negations, two of title
abbreviations, four of quote marks), each has its own named class, so that no caller's
behaviour changes silently when another's list is edited.

>>> from framing.wordclasses import word_class, word_pairs
>>> "not" in word_class("negation_words")
True
>>> word_pairs("quote_pairs")["“"]
'”'
"""

from __future__ import annotations

from functools import cache

from .resources import WORD_CLASSES_FILE, word_classes

__all__ = ["names", "word_class", "word_pairs"]


def names() -> tuple[str, ...]:
    """The classes of ``framing/data/word_classes.tsv``, in file order."""
    return tuple(word_classes())


def _rows(name: str) -> tuple[tuple[str, str], ...]:
    table = word_classes()
    if name not in table:
        raise KeyError(
            f"no word class {name!r} in {WORD_CLASSES_FILE}; known: {', '.join(sorted(table))}"
        )
    return table[name]


@cache
def word_class(name: str) -> frozenset[str]:
    """The members of class ``name`` (as written in the file; most are lower-case words)."""
    return frozenset(word for word, _ in _rows(name))


@cache
def word_pairs(name: str) -> dict[str, str]:
    """Class ``name`` as a mapping of each member to its value (``word -> value``), in file
    order. Treat it as read-only: it is cached."""
    return {word: value for word, value in _rows(name)}
