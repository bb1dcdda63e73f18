"""Actors of an article: who is called what, what each does or suffers, and how each
is spoken of.

:func:`find_actors` builds on :mod:`framing.mentions` (mentions clustered into
actors) and adds, for each actor,

* **labels**: what the text calls it. The actor nouns and modifiers of its mentions
  (*militants*, *terrorist group*, *regime*, *Turkish-backed*), an apposition after a
  name (*HTS, the terrorist group,*), *so-called X* and a scare-quoted name; each
  with its voice (``quoted``: inside a quotation or attributed content, so the
  source's words, not the outlet's);
* **loaded terms**: indices into the article's ``loaded_terms`` that are part of its
  mentions or of its roles;
* **roles**: loaded verbs of which it is the agent or the patient (*liberated by the
  Syrian army*: the army is the agent; *the militants were cleansed*: the militants
  are the patient), found by position and voice in the sentence: a passive (*was /
  were ... VERB-ed*, or *VERB-ed by X*) makes the subject the patient and the
  *by*-phrase the agent; otherwise the nearest actor before the verb is its agent
  and the first actor after it (within :data:`PATIENT_WINDOW` words) its patient;
* **sentiment**: the mean of :func:`framing.sentiment.target_sentiment` over its
  mentions.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .mentions import Entity, Mention, cluster, find_mentions, is_generic, state_adjectives
from .sentiment import LABELS
from .text import Document
from .wordclasses import word_class

__all__ = ["Actor", "find_actors", "AGENT_WINDOW", "PATIENT_WINDOW", "MAX_SCORED_MENTIONS"]

#: The agent of an active loaded verb stands at most this many words before it.
AGENT_WINDOW = 12
#: The patient of an active loaded verb starts at most this many words after it.
PATIENT_WINDOW = 6
#: An actor's sentiment is the mean over at most this many of its mentions (its
#: first named or noun mentions; pronouns only when it has no other), which keeps
#: the cost per article bounded.
MAX_SCORED_MENTIONS = 2

_BE_FORMS = frozenset("is are was were be been being get gets got gotten getting".split())
_LABEL_CATEGORIES = frozenset({"so_called", "scare_quote"})


@dataclass
class Actor:
    """One actor of an article (the ``actors`` items of the JSON contract)."""

    name: str
    kind: str
    key: str
    mentions: list[dict] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)
    loaded_terms: list[int] = field(default_factory=list)
    roles: list[dict] = field(default_factory=list)
    sentiment: dict[str, float] = field(default_factory=dict)

    def summary(self, loaded_terms: Sequence[Any] = ()) -> dict[str, Any]:
        """A compact record for corpus tables: labels and loaded-term lemmas split by
        voice, roles as ``term:role`` counts, mention counts and sentiment."""
        labels = {"authorial": Counter(), "quoted": Counter()}
        for x in self.labels:
            if x["how"] != "title":
                labels["quoted" if x["quoted"] else "authorial"][x["label"]] += 1
        terms = {"authorial": Counter(), "quoted": Counter()}
        for k in self.loaded_terms:
            if 0 <= k < len(loaded_terms):
                t = loaded_terms[k]
                terms["quoted" if t.quoted else "authorial"][t.term.lower()] += 1
        roles = Counter(f"{r['term']}:{r['role']}" for r in self.roles)
        return {
            "key": self.key,
            "name": self.name,
            "kind": self.kind,
            "n_mentions": len(self.mentions),
            "labels": {v: dict(sorted(c.items())) for v, c in labels.items()},
            "loaded_terms": {v: dict(sorted(c.items())) for v, c in terms.items()},
            "roles": dict(sorted(roles.items())),
            "sentiment": dict(self.sentiment),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "key": self.key,
            "mentions": [dict(m) for m in self.mentions],
            "labels": [dict(x) for x in self.labels],
            "loaded_terms": list(self.loaded_terms),
            "roles": [dict(r) for r in self.roles],
            "sentiment": dict(self.sentiment),
        }


def find_actors(
    doc: Document,
    loaded_terms: Sequence[Any] = (),
    is_quoted: Any = None,
    sentiment: Any = None,
    mentions: list[Mention] | None = None,
) -> list[Actor]:
    """The actors of a tokenized article.

    Parameters
    ----------
    doc : Document
    loaded_terms : sequence of LoadedTerm
        The article's loaded terms (their positions index ``loaded_terms`` in the
        result's ``loaded_terms`` and ``roles``).
    is_quoted : callable (start, end) -> bool, optional
        Whether a span is in a source's voice (attribution's ``is_quoted``); None: never.
    sentiment : TargetSentimentModel, optional
        The target-sentiment model; None leaves ``sentiment`` empty.
    mentions : list of Mention, optional
        Mentions already found for ``doc``.

    Returns
    -------
    list of Actor
        In order of first mention.
    """
    quoted = is_quoted or (lambda s, e: False)
    mentions = find_mentions(doc) if mentions is None else mentions
    entities = [
        e
        for e in _merge_appositions(doc, mentions, cluster(doc, mentions))
        if not all(mentions[i].is_pronoun or is_generic(mentions[i]) for i in e.mentions)
    ]  # "people", "officials" and the pronouns that refer to them are no actor
    owner = {i: a for a, ent in enumerate(entities) for i in ent.mentions}
    actors = [
        Actor(
            name=ent.name,
            kind=ent.kind,
            key=ent.key,
            mentions=[
                {
                    "start": mentions[i].start,
                    "end": mentions[i].end,
                    "text": mentions[i].text,
                    "sentence": mentions[i].sentence,
                    "quoted": bool(quoted(mentions[i].start, mentions[i].end)),
                    "pronoun": mentions[i].is_pronoun,
                }
                for i in ent.mentions
            ],
        )
        for ent in entities
    ]
    _add_labels(doc, mentions, entities, actors, loaded_terms, quoted)
    _add_roles(doc, mentions, owner, actors, loaded_terms)
    if sentiment is not None:
        _add_sentiment(doc, actors, sentiment)
    return actors


def _merge_appositions(
    doc: Document, mentions: list[Mention], entities: list[Entity]
) -> list[Entity]:
    """A nameless noun mention right after a named one, set off by a comma ("HTS, the
    terrorist group, ..."), is the same actor."""
    owner = {i: e for e, ent in enumerate(entities) for i in ent.mentions}
    text = doc.text
    for i in range(len(mentions) - 1):
        a, b = mentions[i], mentions[i + 1]
        if not a.name or b.name or b.is_pronoun or a.sentence != b.sentence or a.kind != b.kind:
            continue
        gap = text[a.end : b.start].strip().lower()
        closes = text[b.end : b.end + 1] in (",", ";", ".", ")", "")
        if gap in (",", ", the", ", a", ", an") and closes and owner.get(i) != owner.get(i + 1):
            ea, eb = owner[i], owner[i + 1]
            others = [j for j in entities[eb].mentions if j != i + 1]
            if not others:  # the noun stood for nothing else: fold it in
                entities[eb].mentions = []
                entities[ea].mentions = sorted(entities[ea].mentions + [i + 1])
                owner[i + 1] = ea
    return [e for e in entities if e.mentions]


def _add_labels(doc, mentions, entities, actors, loaded_terms, quoted) -> None:
    adjectives = state_adjectives()
    text = doc.text
    term_spans = [(t.start, t.end) for t in loaded_terms]
    near_terms = _SpanIndex(term_spans)
    for ent, actor in zip(entities, actors, strict=True):
        seen_terms: set[int] = set()
        for i in ent.mentions:
            m = mentions[i]
            if m.is_pronoun:
                continue
            q = bool(quoted(m.start, m.end))
            head_span = m.nouns[-1][:2] if m.nouns else None
            for s, e, noun in m.nouns:
                if noun in adjectives:
                    continue  # "Syrian" in "Syrian army" names the state, it is no label
                how = "head" if (s, e) == head_span else "modifier"
                if m.name and not _inside_name(m, s, e):
                    how = "apposition" if s < _name_start(m) else how
                actor.labels.append(
                    {
                        "label": noun,
                        "text": text[s:e],
                        "start": s,
                        "end": e,
                        "how": how,
                        "quoted": q,
                    }
                )
            for k in near_terms.candidates(m.start - 2, m.end):
                s, e = term_spans[k]
                near = s < m.end and e > m.start
                before = 0 <= m.start - e <= 2 and loaded_terms[k].category in _LABEL_CATEGORIES
                if near or before:
                    seen_terms.add(k)
                    cat = loaded_terms[k].category
                    if cat in _LABEL_CATEGORIES:
                        actor.labels.append(
                            {
                                "label": loaded_terms[k].text.lower(),
                                "text": loaded_terms[k].text,
                                "start": s,
                                "end": e,
                                "how": cat,
                                "quoted": bool(loaded_terms[k].quoted),
                            }
                        )
        actor.loaded_terms = sorted(seen_terms)
        if actor.kind == "person":
            for i in ent.mentions:
                m = mentions[i]
                if m.title:
                    actor.labels.append(
                        {
                            "label": m.title.lower(),
                            "text": m.title,
                            "start": m.start - len(m.title) - 1,
                            "end": m.start - 1,
                            "how": "title",
                            "quoted": bool(quoted(m.start, m.end)),
                        }
                    )


class _SpanIndex:
    """The spans that may touch ``[lo, hi)`` (end >= lo and start < hi), in index order.

    The spans are sorted by start once; a span that ends at or after ``lo`` starts at or
    after ``lo`` minus the longest span, so only the spans starting in ``[lo - longest, hi)``
    are looked at (found by bisection): about linear time over a text, instead of every
    mention against every loaded term.
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.order = sorted(range(len(spans)), key=lambda k: spans[k][0])
        self.starts = [spans[k][0] for k in self.order]
        self.longest = max((e - s for s, e in spans), default=0)

    def candidates(self, lo: int, hi: int) -> list[int]:
        first = bisect_left(self.starts, lo - self.longest)
        last = bisect_left(self.starts, hi)
        return sorted(k for k in self.order[first:last] if self.spans[k][1] >= lo)

    def overlaps(self, lo: int, hi: int) -> bool:
        """Whether a span overlaps ``[lo, hi)`` (start < hi and end > lo)."""
        return any(self.spans[k][1] > lo for k in self.candidates(lo, hi))


def _name_start(m: Mention) -> int:
    j = m.text.find(m.name)
    return m.start + (j if j >= 0 else 0)


def _inside_name(m: Mention, s: int, e: int) -> bool:
    ns = _name_start(m)
    return ns <= s and e <= ns + len(m.name)


def _add_roles(doc, mentions, owner, actors, loaded_terms) -> None:
    by_sentence: dict[int, list[int]] = {}
    for i, m in enumerate(mentions):
        if i in owner:
            by_sentence.setdefault(m.sentence, []).append(i)
    spans = _SpanIndex([(m.start, m.end) for m in mentions])
    for k, t in enumerate(loaded_terms):
        if t.category in _LABEL_CATEGORIES or t.category == "label" or not _verbal(t.text):
            continue
        if spans.overlaps(t.start, t.end) or t.sentence not in by_sentence:
            continue
        roles = _agent_and_patient(
            doc.sentences[t.sentence].words, t, mentions, by_sentence[t.sentence]
        )
        for i, role in zip(roles, ("agent", "patient"), strict=True):
            if i is None:
                continue
            actor = actors[owner[i]]
            actor.roles.append(
                {"term": t.term, "text": t.text, "index": k, "role": role, "quoted": bool(t.quoted)}
            )
            if k not in actor.loaded_terms:
                actor.loaded_terms = sorted(actor.loaded_terms + [k])


def _agent_and_patient(words, t, mentions, cands) -> tuple[int | None, int | None]:
    """Indices of the mentions that are the agent and the patient of the loaded verb ``t``
    in its sentence (``words``), or None (see the module docstring)."""
    idx = [j for j, w in enumerate(words) if w.start < t.end and w.end > t.start]
    if not idx:
        return None, None
    first, last = idx[0], idx[-1]
    lows = [w.text.lower() for w in words]
    ends = [w.end for w in words]

    def word_index(offset: int) -> int:
        return next((j for j, e in enumerate(ends) if e > offset), len(ends))

    before = [i for i in cands if mentions[i].end <= t.start]
    after = [i for i in cands if mentions[i].start >= t.end]
    j = first - 1
    while j >= 0 and lows[j].endswith("ly"):
        j -= 1
    prev = lows[j] if j >= 0 else ""
    if prev in word_class("role_blockers") or prev.endswith(("'s", "’s")):
        # "the liberated areas", "a very revolting", "of undocumented", "Trump's lies":
        # an adjective or a noun, no one acts
        return None, None
    word = lows[last].split("-")[-1]
    if not word.endswith(("ed", "en", "ing")) and not (
        prev in word_class("verb_subjects")
        or any(word_index(mentions[i].end - 1) == j for i in before)
    ):
        return None, None  # "tirades", "Russian hacks": a verb in -s follows its subject
    # a be-form before a participle makes a passive ("were cleansed"); before -ing it is
    # a progressive ("are scoffing"), active
    passive = prev in _BE_FORMS and not word.endswith("ing")
    # a passive's subject ends right before its be-form
    subject = None
    if passive and before and j - word_index(mentions[before[-1]].end - 1) <= 2:
        subject = before[-1]
    by_at = next((b for b in range(last + 1, min(last + 6, len(lows))) if lows[b] == "by"), None)
    if by_at is not None:
        agent = next((i for i in after if word_index(mentions[i].start) <= by_at + 3), None)
        return agent, subject
    if passive:
        return None, subject
    agent = patient = None
    if before and first - word_index(mentions[before[-1]].end) <= AGENT_WINDOW:
        agent = before[-1]
    if after and word_index(mentions[after[0]].start) - last <= PATIENT_WINDOW:
        patient = after[0]
    return agent, patient


def _verbal(surface: str) -> bool:
    """Whether a loaded term's last word has the shape of a verb: -ed, -en, -ing, or -s
    without an adjective's or noun's ending (``non_verb_endings``: dangerous, reckless);
    a hyphenated word by its first or last part (fear-mongering, doubled-down)."""
    last = surface.lower().split()[-1] if surface.split() else ""
    parts = [p for p in last.split("-") if p]
    endings = tuple(word_class("non_verb_endings"))
    return any(
        p.endswith(("ed", "en", "ing")) or (p.endswith("s") and not p.endswith(endings))
        for p in (parts[:1] + parts[-1:])
    )


def _scored(actor: Actor) -> list[dict]:
    """The mentions an actor's sentiment is measured on (see MAX_SCORED_MENTIONS)."""
    named = [m for m in actor.mentions if not m["pronoun"]]
    return (named or actor.mentions)[:MAX_SCORED_MENTIONS]


def _add_sentiment(doc: Document, actors: list[Actor], model: Any) -> None:

    chosen = [_scored(a) for a in actors]
    spans = [(m["start"], m["end"]) for ms in chosen for m in ms]
    if not spans:
        return
    p = model.predict_proba(doc.text, spans, doc=doc)
    k = 0
    for a, ms in zip(actors, chosen, strict=True):
        n = len(ms)
        mean = p[k : k + n].mean(axis=0) if n else np.full(3, 1 / 3)
        a.sentiment = {lab: round(float(v), 4) for lab, v in zip(LABELS, mean, strict=True)}
        k += n
