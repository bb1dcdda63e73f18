"""Naming groups: concepts that outlets name differently, and how often a text uses each name.

A naming group lists the names one thing goes by (*rebels*, *insurgents*, *militants*,
*terrorists*...), each with its forms. The shipped groups are ``framing/data/naming_groups.tsv``;
users can pass their own file of the same format (columns ``group name forms note``).
:func:`naming_counts` counts the names in an article (``framing score`` writes them in the
``naming_counts`` column) and :mod:`framing.compare` turns the counts into each outlet's
naming choices.
"""

from __future__ import annotations

import re
from functools import lru_cache
from os import PathLike

from .errors import InputError
from .resources import data_path, read_tsv, split_list
from .text import fold

__all__ = ["NAMING_GROUPS_FILE", "load_naming_groups", "naming_counts"]

NAMING_GROUPS_FILE = "naming_groups.tsv"


def load_naming_groups(
    path: str | PathLike[str] | None = None,
) -> dict[str, dict[str, list[str]]]:
    """Concept groups that name the same thing differently.

    Parameters
    ----------
    path : path, optional
        A TSV with columns ``group name forms note`` (``forms`` ``|``-separated;
        the name itself always counts as a form). Default: the shipped
        ``framing/data/naming_groups.tsv``.

    Returns
    -------
    dict
        ``{group: {name: [forms...]}}`` in file order.

    Raises
    ------
    InputError (a ValueError)
        For an unreadable or malformed file, naming the line.
    """
    columns, required = ("group", "name", "forms", "note"), ("group", "name")
    source, where = (
        (data_path(NAMING_GROUPS_FILE), NAMING_GROUPS_FILE) if path is None else (path, str(path))
    )
    rows = read_tsv(source, columns, required, where=where)
    groups: dict[str, dict[str, list[str]]] = {}
    for lineno, row in rows:
        group, name = row["group"], row["name"]
        if not group or not name:
            raise InputError(f"{where}: line {lineno}: empty group or name")
        forms = list(dict.fromkeys((name, *split_list(row.get("forms", "")))))
        if any(not f for f in forms):
            raise InputError(f"{where}: line {lineno}: empty form")
        names = groups.setdefault(group, {})
        if name in names:
            raise InputError(f"{where}: line {lineno}: duplicate name {name!r} in {group!r}")
        names[name] = forms
    return groups


@lru_cache(maxsize=4)
def _naming_matcher(path: str | None) -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    groups = load_naming_groups(path)
    lookup: dict[str, tuple[str, str]] = {}
    for group, names in groups.items():
        for name, forms in names.items():
            for form in forms:
                lookup.setdefault(_norm_form(form), (group, name))
    alternatives = sorted(lookup, key=len, reverse=True)
    return re.compile(
        rf"(?<![\w-])(?:{_alternation(alternatives)})(?![\w-])", re.IGNORECASE
    ), lookup


def _form_pattern(form: str) -> str:
    return r"\s+".join(re.escape(w) for w in form.split())


def _alternation(forms: list[str]) -> str:
    """The forms (longest first) as one alternation, grouped by their first character:
    ``a(?:...)|b(?:...)``, so that the search tries at each position only the forms that
    start with the character there instead of all of them (a quarter of the time on news
    text). The same matches as the plain ``form|form|...``: forms of different first
    characters never match at the same position (the forms are lower-cased, and two
    distinct lower-case ASCII characters never match one character case-insensitively),
    and within a group the forms keep their order. A form
    that starts with a non-ASCII character (whose case-insensitive matches are harder to
    tell apart) keeps the plain alternation."""
    if not all(f[:1].isascii() for f in forms):
        return "|".join(_form_pattern(f) for f in forms)
    groups: dict[str, list[str]] = {}
    for form in forms:
        groups.setdefault(form[0], []).append(form)
    return "|".join(
        re.escape(first)
        + "(?:"
        + "|".join(_form_pattern(f)[len(re.escape(first)) :] for f in group)
        + ")"
        for first, group in groups.items()
    )


def _norm_form(form: str) -> str:
    return " ".join(form.lower().replace("’", "'").split())


def naming_counts(text: str, naming_groups: str | None = None) -> dict[str, dict[str, int]]:
    """How often each name of each naming group occurs in ``text``.

    Forms are matched as whole words, case-insensitively, longest first and
    without overlaps (``"terror group"`` counts once, for *terrorists*), in the
    folded view of the text (:func:`framing.text.fold`: a zero-width space or
    fullwidth letters do not hide a name).

    Returns
    -------
    dict
        ``{group: {name: count}}`` with only non-zero counts.
    """
    pattern, lookup = _naming_matcher(naming_groups)
    out: dict[str, dict[str, int]] = {}
    for m in pattern.finditer(fold(text).text):
        group, name = lookup[_norm_form(m.group(0))]
        names = out.setdefault(group, {})
        names[name] = names.get(name, 0) + 1
    return out
