"""Cited sources as a reader names them: ``source_name`` (the one display-name mechanism
for sources) and ``article_sources``, the named sources of one scored row."""

from __future__ import annotations

import json
import math
from collections import Counter
from typing import Any

from .mentions import is_actor_noun

__all__ = ["article_sources", "json_counts", "merged_names", "source_name"]


def json_counts(value: Any) -> dict:
    """A JSON object cell of a scores table (a dict, a JSON string, or empty/NaN: ``{}``)."""
    if isinstance(value, dict):
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return {}
    return json.loads(value)


#: A cited source's text starting with one of these is a clause caught as a source, no name.
_NOT_SOURCE_STARTS = frozenset(
    "which who whom whose that said says when where while if as an interview".split()
)
#: Words of a source at most (longer: a sentence fragment, not a name or a role).
_MAX_SOURCE_WORDS = 6


def source_name(text: str | None, kind: str = "") -> str | None:
    """A cited source as a reader names it: case kept, an apposition after a comma cut
    ("Sen. Jon Tester, a Montana Democrat," -> "Sen. Jon Tester"), a leading *the* dropped;
    ``None`` for what names no one (a pronoun, a clause or a fragment caught as a source,
    a phrase that does not end in a name or an actor noun; for a source typed ``expert``,
    ``witness`` or ``anonymous`` any noun naming its role: "one expert", "investigators")."""
    if not text:
        return None
    name = " ".join(text.split()).split(", ")[0].strip(" ,;:")
    words = name.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if not words or len(words) > _MAX_SOURCE_WORDS:
        return None
    if words[0].lower() in _NOT_SOURCE_STARTS or (len(words) == 1 and words[0].islower()):
        if not is_actor_noun(words[0]):
            return None
    last = words[-1].rstrip("'’s") if words[-1].endswith(("'s", "’s")) else words[-1]
    if not (last[:1].isupper() or is_actor_noun(last) or kind in _ROLE_TYPES):
        return None
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return None
    return " ".join(words)


#: Source types whose role noun names the source ("one expert", "a witness", "sources").
_ROLE_TYPES = frozenset({"expert", "witness", "anonymous"})
_PRONOUNS = frozenset("he she it they him her them we i you who this that these those".split())


def article_sources(row: Any) -> list[tuple[str | None, str]]:
    """(source name or None, source type) per attribution of a scored row: from its
    analysis (the resolved, fullest mention of the source when there is one), else from its
    lower-cased ``source_counts``."""
    raw = row.get("analysis") if hasattr(row, "get") else None
    if isinstance(raw, str) and raw:
        d = json.loads(raw)
        out = []
        for x in d.get("attributions", []):
            src = x.get("source", {})
            tried = [
                (src.get("resolved") or {}).get("text"),
                (x.get("resolved_from") or {}).get("text"),
                src.get("text"),
            ]
            kind = src.get("type", "")
            name = next((n for n in (source_name(t, kind) for t in tried) if n), None)
            out.append((name, kind))
        return out
    out = []
    for key, n in json_counts(row.get("source_counts")).items():
        kind, _, text = str(key).partition(": ")
        out += [(source_name(text, kind), kind)] * int(n)
    return out


#: Source types of a person: their short names (Trump) count under their full name.
_PERSON_TYPES = ("person", "official", "expert", "military")


def merged_names(total: Counter, kinds: dict[str, Counter]) -> dict[str, str]:
    """Each source name -> the name it is counted under: one person under several names
    (Donald Trump, President Trump, Trump) counts under the most cited name of two words or
    more that ends in the same word; ``kinds`` gives each name's source types."""
    full: dict[str, str] = {}  # last word -> the most cited name of two words or more ending in it
    for name, _n in sorted(total.items(), key=lambda kv: (-kv[1], kv[0])):
        words = name.split()
        if len(words) >= 2 and words[-1][:1].isupper():
            full.setdefault(words[-1], name)
    out = {}
    for name in total:
        words = name.split()
        person = kinds[name].most_common(1)[0][0] in _PERSON_TYPES
        out[name] = full.get(words[-1], name) if person and words[-1][:1].isupper() else name
    return out
