"""Attribution: who is cited, with which cue, saying what, and what stands unattributed.

For every attribution in a text this module finds the **source** span, the
**cue** span (the reporting verb, "according to", or a speaker's colon), the
**content** span (what is reported), the **form** (``direct``, ``indirect``,
``according_to`` or ``mixed``), the **source type** and the **stance** of the
cue. All offsets are ``str`` offsets into the text given to
:func:`framing.text.tokenize`.

The extractor is a set of named, ordered rules over the word tokens and the
quotation spans of :mod:`framing.text`; no tagger or parser is needed, so the
cost is linear in the length of the text. Each rule is listed in :data:`RULES`
and every :class:`Attribution` records the rule that produced it, so that
``bench/attribution_eval.py`` can report precision per rule. The rules and the
annotation conventions they follow are described in
``datasets/ATTRIBUTION_GUIDE.md``.

Data shipped with the package and read once:

* ``framing/data/attribution_cues.tsv``: reporting cues with their stance
  (neutral, doubt, concession, assertive, loaded);
* ``framing/data/state_media.tsv``: state-controlled outlets, with country,
  owner and the source of the claim;
* ``framing/data/lexicons/subjclueslen1-HLTEMNLP05.tff`` (MPQA strong
  subjectivity clues) and ``bias-lexicon.txt`` (Recasens et al. 2013), used by
  the unattributed-claim rule.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from framing.text import Document, Sentence, Token, quote_spans

__all__ = [
    "Attribution",
    "AttributionResult",
    "extract_attributions",
    "SOURCE_TYPES",
    "STANCES",
    "FORMS",
    "RULES",
]

SOURCE_TYPES = (
    "official",
    "military",
    "state_media",
    "media",
    "anonymous",
    "witness",
    "expert",
    "person",
    "organization",
    "other",
)
STANCES = ("neutral", "doubt", "concession", "assertive", "loaded")
FORMS = ("direct", "indirect", "according_to", "mixed")

#: Rule names, in the order in which they are tried for one cue.
RULES = {
    "according_to": '"according to X", before or after the content',
    "colon_speaker": 'Name: "quote" at the start of a sentence',
    "impersonal_passive": '"it is/was (widely) reported that ..." (source "it", type other)',
    "quoted_as": '"X was quoted as saying ..."',
    "quote_cue": '"quote," X said / "quote," said X (split quotes included)',
    "cue_quote": 'X said: "quote"',
    "postposed": "content, X said / content, said X",
    "parenthetical": "content, X said, content",
    "subject_cue": "X said (that) content; also relative clauses (that X says ...)",
    "participle": "..., saying / adding / claiming that ... (source: the clause subject)",
    "continuation_quote": "a quotation opening the sentence after an attributed quote, same source",
}

_OPEN_QUOTE_CHARS = {'"', "“", "„", "«", "‘"}
_CLOSE_QUOTE_CHARS = {'"', "”", "»", "’"}
#: A quotation of at most this many words outside attributed content is a
#: scare quote (a flagged term), not a quotation of somebody's words.
SCARE_QUOTE_MAX_WORDS = 3

_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you"}
_FIRST_SECOND = {"i", "we", "you"}
_DETERMINERS = {
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "that",
    "these", "those", "some", "any", "no", "every", "each", "another", "whose",
}
# Tokens skipped between a source and its cue ("X has also said").
_BETWEEN = {
    "has", "have", "had", "is", "was", "were", "are", "been", "be", "will", "would", "did",
    "does", "do", "can", "could", "may", "might", "should", "also", "again", "later",
    "previously", "repeatedly", "reportedly", "quickly", "then", "once", "further", "recently",
    "actually", "first", "still", "just", "earlier", "initially", "separately", "originally",
    "briefly", "often", "publicly", "privately", "openly", "falsely", "wrongly", "flatly",
    "vehemently", "strongly", "emphatically", "loudly", "angrily", "bluntly", "simply",
    "always", "long", "consistently", "even", "now", "already", "finally", "immediately",
}
_NEGATIONS = {"not", "n't", "never", "no"}
_DAYS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
    "yesterday", "tonight", "morning", "afternoon", "evening", "night", "week", "month",
    "year", "last", "this", "earlier", "late", "on",
}
# Tokens that end a noun phrase when scanning left from a cue.
_BOUNDARY_WORDS = {
    "that", "which", "who", "whom", "but", "while", "because", "when", "as", "if", "to",
    "after", "before", "since", "although", "though", "so", "where", "whether", "than",
    "until", "unless", "or", "yet", "once",
}
_VERBS = {
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did",
    "will", "would", "can", "could", "should", "may", "might", "must", "made", "make", "makes",
    "took", "take", "takes", "gave", "give", "gives", "got", "get", "gets", "went", "go",
    "came", "come", "comes", "saw", "see", "sees", "knew", "know", "knows", "want", "wants",
    "hope", "hopes", "need", "needs", "seem", "seems", "use", "uses", "left", "leave",
    "met", "meet", "ran", "run", "won", "win", "lost", "lose", "became", "become", "kept",
    "keep", "held", "hold", "brought", "bring", "began", "begin", "put", "stood", "sent",
    "send", "spent", "spend", "built", "pay", "paid", "hear", "heard", "felt", "feel",
}
_MODALS = {"could", "might", "may", "should", "can", "must", "would"}
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "st", "lt", "col", "jr", "sr", "prof",
    "corp", "inc", "co", "no", "mt", "ft", "sgt", "capt", "adm", "maj", "rev", "hon", "pres",
}
# Cue forms that are usually nouns or adjectives: they count only before "that" or a quote.
_AMBIGUOUS = {
    "states", "reports", "claims", "comments", "estimates", "notes", "calls", "tweets",
    "remarks", "shows", "points", "finds", "report", "claim", "comment", "estimate", "note",
    "call", "tweet", "remark", "show", "state", "warning", "revealing", "reporting",
    "writing", "stating", "telling", "claiming", "alleging", "arguing", "noting", "confirming", "insisting", "admitting", "acknowledging", "suggesting", "stressing",
    "explaining", "announcing", "declaring", "describing", "predicting", "maintaining",
    "reminding", "denying", "complaining", "accusing",
}
# Lemmas whose content may be a noun phrase ("denied the allegations").
_NP_CONTENT = {
    "deny", "acknowledge", "admit", "confirm", "slam", "blast", "whine", "boast", "decry",
    "mock", "bash", "rip", "tout", "accuse", "call", "claim", "concede", "reveal", "rail",
    "lash out", "hit out", "brag", "announce", "find", "show", "report",
}
_PREPOSITIONS = {
    "to", "on", "about", "for", "in", "with", "at", "of", "from", "against", "by", "into",
    "during", "after", "before", "over", "outside", "inside", "themselves", "himself",
    "herself", "itself", "back", "up", "out", "off",
}
_BOUNDARY_PUNCT = {",", ";", ":", "—", "–", "(", ")", ".", "?", "!"}
_LEADING_SKIP = {
    "but", "and", "meanwhile", "now", "so", "yet", "still", "also", "however", "then",
    "instead", "separately", "later", "earlier", "indeed", "moreover", "despite", "maybe",
    "perhaps", "even", "only", "just", "not",
}
_TELL_LEMMAS = {"tell", "remind", "warn", "assure", "inform"}
_CONTENT_SKIP = {
    "that", "on", "in", "at", "during", "a", "an", "the", "statement", "interview", "twitter",
    "time", "also", ":", ",", "recently", "later", "again", "repeatedly", "friday", "monday",
    "tuesday", "wednesday", "thursday", "saturday", "sunday", "today", "yesterday",
    "morning", "evening", "night", "afternoon", "last", "week", "publicly", "privately",
}
_IMPERSONAL_CUES = {
    "reported", "said", "claimed", "alleged", "remarked", "believed", "thought", "argued",
    "suggested", "stated", "noted", "announced", "rumored", "rumoured", "understood",
    "estimated", "feared", "expected", "known", "widely",
}
_DOCUMENT_HEADS = {
    "study", "studies", "report", "reports", "poll", "polls", "survey", "surveys", "data",
    "findings", "filings", "filing", "research", "analysis", "analyses", "memo", "lawsuit",
    "lawsuits", "document", "documents", "statement", "letter", "editorial", "article",
    "blogpost", "post", "petition", "complaint", "indictment", "audit", "review", "records",
    "figures", "statistics", "investigation", "inquiry", "probe", "paper", "tests", "test",
    "officials", "investigators", "researchers", "scientists", "authorities", "experts",
    "argument", "story", "logic", "thinking", "theory", "saying", "law", "bill", "order",
    "ruling", "rules", "guidelines", "evidence", "results",
}
_PARENTHETICAL_HEADS = {"argument", "story", "logic", "thinking", "theory", "saying", "joke"}

# Source-type cues, tried in this order on the lower-cased source text.
_TYPE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "anonymous",
        re.compile(
            r"\b(sources?|familiar with|anonymity|not to be named|unnamed|anonymous|"
            r"not authori[sz]ed|insiders?|who asked not|who declined to be)(?!\w)"
        ),
    ),
    (
        "military",
        re.compile(
            r"\b(military|army|navy|naval|air force|pentagon|gen\.|general|admiral|commander|"
            r"colonel|col\.|lt\.|troops|soldiers?|marines|defen[cs]e ministry|ministry of "
            r"defen[cs]e|defen[cs]e department|department of defen[cs]e|central command|"
            r"centcom|armed forces|revolutionary guards?|irgc|idf|nato)(?!\w)"
        ),
    ),
    (
        "official",
        re.compile(
            r"\b(president|vice president|prime minister|minister|ministry|secretary|"
            r"senators?|sen\.|rep\.|representatives?|congress(?:man|woman|men|women)?|"
            r"governor|gov\.|mayor|lawmakers?|legislators?|officials?|spokes(?:man|woman|"
            r"person)|police|chief|sheriff|authorities|department|government|administration|"
            r"white house|kremlin|commission(?:er)?|prosecutors?|attorney general|judge|court|"
            r"agency|bureau|fbi|cia|doj|parliament(?:arian)?|democrats?|republicans?|speaker|"
            r"aides?|ambassador|diplomats?|council(?:man|woman| member)?|cabinet|"
            r"state department|justice department|treasury|senate|house|city hall|"
            r"regulators?|embassy|mp|mps|leader|superintendent|chancellor|king|queen|premier|"
            r"trump|obama|pompeo|pelosi|putin|xi jinping|erdogan|netanyahu|merkel|macron|"
            r"mnuchin|kudlow|mcconnell|schumer|fauci|cuomo|de blasio|newsom|johnson)(?!\w)"
        ),
    ),
    (
        "media",
        re.compile(
            r"\b(newspaper|reporters?|correspondents?|editors?|columnist|anchor|hosts?|"
            r"journalists?|magazine|editorial|op-ed|article|broadcast(?:ing|er)?|news|times|"
            r"post|journal|tribune|gazette|herald|guardian|telegraph|reuters|associated press|"
            r"ap|afp|bloomberg|bbc|cnn|nbc|abc|cbs|msnbc|npr|pbs|fox|politico|axios|"
            r"washpost|daily beast|buzzfeed|vox|hill|insider|axios|network|channel|"
            r"television|tv|radio|press|media|outlet|blog|blogpost|podcast)(?!\w)"
        ),
    ),
    (
        "expert",
        re.compile(
            r"\b(experts?|analysts?|economists?|professor|prof\.|researchers?|scientists?|"
            r"doctors?|dr\.|physicians?|scholars?|academics?|dean|epidemiologists?|"
            r"historians?|specialists?|authors of|strategists?|psychologists?|"
            r"virologists?|statisticians?|astronomers?|physicists?|biologists?|chemists?|"
            r"engineers?|climatologists?|pollsters?)(?!\w)"
        ),
    ),
    (
        "witness",
        re.compile(
            r"\b(witness(?:es)?|eyewitness(?:es)?|residents?|survivors?|bystanders?|"
            r"neighbou?rs?|passengers?|onlookers?|victims?|relatives|parents of|"
            r"mother of|father of)(?!\w)"
        ),
    ),
    (
        "organization",
        re.compile(
            r"\b(company|companies|corporation|corp\.|inc\.?|group|foundation|association|"
            r"union|party|campaign|organi[sz]ation|church|league|institute|university|fund|"
            r"committee|project|pac|ceo|chief executive|chairman|counsel for|attorney for|"
            r"lawyer for|spokes(?:man|woman|person) for|firm|bank|coalition|alliance|"
            r"federation|society|center|centre|council|charity|network|united nations|"
            r"patriarchy|board|club|partners|llc|ltd|agency)(?!\w)"
        ),
    ),
    (
        "other",
        re.compile(
            r"\b(stud(?:y|ies)|polls?|surveys?|reports?|data|findings|filings|lawsuits?|"
            r"memo|petition|law|argument|critics|documents?|records|figures|statistics|"
            r"evidence|analysis|research|paper|letter|statement|people|public|supporters|"
            r"opponents|progressives|conservatives|liberals|activists)(?!\w)"
        ),
    ),
]
_PERSON_WORDS = re.compile(
    r"\b(man|woman|men|women|voters?|actor|actress|student|teacher|mother|father|"
    r"wife|husband|son|daughter|friend|owner|worker|employee|customer|fan|resident|"
    r"singer|star|author|writer|lawyer|attorney|businessman|businesswoman|dad|mom)\b"
)


def _data_path(name: str):
    return resources.files("framing") / "data" / name


def _read_tsv(name: str) -> list[dict[str, str]]:
    lines = [
        ln
        for ln in _data_path(name).read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    header = lines[0].split("\t")
    return [dict(zip(header, ln.split("\t"), strict=False)) for ln in lines[1:]]


@dataclass(frozen=True, slots=True)
class _Cue:
    words: tuple[str, ...]
    lemma: str
    stance: str
    kind: str


@lru_cache(maxsize=1)
def _cues() -> dict[str, list[_Cue]]:
    """Cue entries keyed by their first word (lower case)."""
    table: dict[str, list[_Cue]] = {}
    for row in _read_tsv("attribution_cues.tsv"):
        words = tuple(row["cue"].lower().split())
        table.setdefault(words[0], []).append(
            _Cue(words, row["lemma"], row["stance"], row["kind"])
        )
    for entries in table.values():
        entries.sort(key=lambda c: -len(c.words))
    return table


@lru_cache(maxsize=1)
def _state_media_re() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Two patterns: all-caps acronyms (case-sensitive) and names (case-insensitive)."""
    names = [row["name"] for row in _read_tsv("state_media.tsv")]
    acronyms = sorted((n for n in names if n.isupper()), key=len, reverse=True)
    others = sorted((n for n in names if not n.isupper()), key=len, reverse=True)
    acr = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, acronyms)) + r")(?!\w)")
    oth = re.compile(
        r"(?<!\w)(" + "|".join(map(re.escape, others)) + r")(?!\w)"
        r"|\bstate[- ](?:run|owned|controlled|media|television|tv|news agency|broadcaster)\b",
        re.IGNORECASE,
    )
    return acr, oth


@lru_cache(maxsize=1)
def _subjective_words() -> frozenset[str]:
    """Strong MPQA subjectivity clues and the Recasens bias lexicon (lower case)."""
    words: set[str] = set()
    tff = _data_path("lexicons/subjclueslen1-HLTEMNLP05.tff").read_text(encoding="utf-8")
    for ln in tff.splitlines():
        if "type=strongsubj" in ln:
            m = re.search(r"word1=(\S+)", ln)
            if m:
                words.add(m.group(1).lower())
    bias = _data_path("lexicons/bias-lexicon.txt").read_text(encoding="utf-8")
    words.update(w.strip().lower() for w in bias.splitlines() if w.strip())
    return frozenset(words)


def classify_source(text: str) -> str:
    """Source type of a source phrase (one of :data:`SOURCE_TYPES`).

    Parameters
    ----------
    text : str
        The source span, e.g. ``"the Russian defense ministry"``.

    Returns
    -------
    str
        ``state_media`` for outlets in ``framing/data/state_media.tsv`` or
        described as state-run; otherwise the first matching class of
        anonymous, military, media, official, expert, witness, organization,
        other; ``person`` for a name or a person noun; ``other`` by default.
    """
    acr, oth = _state_media_re()
    if acr.search(text) or oth.search(text):
        return "state_media"
    # "Trump's former lawyer Michael Cohen": the part after the possessive decides,
    # unless it is a bare name ("Breitbart News's John Binder": the possessor decides)
    parts = re.split(r"['’]s\s+", text)
    if len(parts) > 1:
        head = classify_source(parts[-1])
        if head != "person" or _PERSON_WORDS.search(parts[-1].lower()):
            return head
        return classify_source(" ".join(parts[:-1]))
    m = re.search(r",\s+(?:who|whom|which)\b", text)
    if m:
        return classify_source(text[: m.start()])
    low = text.lower()
    for name, pattern in _TYPE_PATTERNS:
        if pattern.search(low):
            return name
    if low in {"he", "she"} or _PERSON_WORDS.search(low):
        return "person"
    if any(w[:1].isupper() for w in text.split()[1:]) or text[:1].isupper():
        return "person" if low not in {"they", "it", "we"} else "other"
    return "other"


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution: source, cue and content spans with their labels.

    All ``*_start`` / ``*_end`` values are ``str`` offsets into the analysed
    text. ``resolved_from`` is set for pronoun sources ("he said") and holds
    the span and text of the named antecedent.
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

    def to_dict(self) -> dict[str, Any]:
        """The ``attributions`` entry of the ArticleAnalysis JSON contract."""
        return {
            "sentence": self.sentence,
            "source": {
                "start": self.source_start,
                "end": self.source_end,
                "text": self.source_text,
                "type": self.source_type,
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

    def is_quoted(self, start: int, end: int) -> bool:
        """True if ``text[start:end]`` lies inside a quotation or attributed content.

        Such a span is in the source's voice, not the outlet's. Scare quotes
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


def _inner(text: str, q: tuple[int, int]) -> tuple[int, int]:
    """Content of a quotation: inside the marks, without trailing , . ; : or spaces."""
    s, e = q[0] + 1, q[1]
    if e > s and text[e - 1] in _CLOSE_QUOTE_CHARS:
        e -= 1
    return _trim(text, s, e)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",.;:—–-"):
        e -= 1
    return s, e


def _is_verbish(t: Token, prev: Token | None) -> bool:
    """A lower-case token that is probably a verb (closed list, -ed form, or a cue)."""
    low = t.lower
    if not t.is_word or t.text[:1].isupper():
        return False
    if low in _VERBS:
        return True
    if low.endswith("ed") and len(low) > 4 and not (prev is not None and prev.lower in _DETERMINERS):
        return True
    return False


def _is_boundary_dot(toks: tuple[Token, ...], k: int, text: str) -> bool:
    """A full stop ends a phrase unless it closes an abbreviation or sits inside a word."""
    t = toks[k]
    if t.text != ".":
        return False
    if k > 0 and toks[k - 1].lower in _ABBREVIATIONS:
        return False
    return t.end >= len(text) or text[t.end].isspace()


def _match_cue(toks: tuple[Token, ...], i: int) -> _Cue | None:
    entries = _cues().get(toks[i].lower)
    if not entries:
        return None
    for entry in entries:
        n = len(entry.words)
        if i + n <= len(toks) and all(toks[i + k].lower == entry.words[k] for k in range(n)):
            return entry
    return None


def _skip_left(toks: tuple[Token, ...], j: int, lo: int) -> tuple[int, bool]:
    """Index of the last token of the source before ``j`` (skipping auxiliaries).

    Returns the index (``lo - 1`` if none) and whether the cue is negated or
    hedged by a modal ("did not say", "could declare").
    """
    blocked = False
    while j >= lo:
        low = toks[j].lower
        if low in _NEGATIONS or low.endswith(("n't", "n’t")) or low in _MODALS:
            blocked = True
        elif low in _BETWEEN or (low in _DAYS and low not in {"this", "last"}):
            pass
        elif low.endswith("ly") and len(low) > 4 and not toks[j].text[:1].isupper():
            pass
        elif low == "on" and j + 1 < len(toks) and toks[j + 1].lower in _DAYS:
            pass
        else:
            break
        j -= 1
    return j, blocked


def _np_start(ctx: _Ctx, toks: tuple[Token, ...], end: int, lo: int, verb_stop: bool = True
              ) -> tuple[int, bool]:
    """Start index of the noun phrase ending at token ``end`` (inclusive).

    The second value says whether the scan stopped at a verb (the phrase is
    then an object, not a subject).
    """
    k = end
    depth = 0
    while k >= lo:
        t = toks[k]
        if t.text == ")":
            depth += 1
        elif t.text == "(":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0:
            if t.text == "." and not _is_boundary_dot(toks, k, ctx.text):
                pass
            elif (
                t.text in _BOUNDARY_PUNCT
                or t.text in _OPEN_QUOTE_CHARS
                or t.text in _CLOSE_QUOTE_CHARS
                or (t.lower in _BOUNDARY_WORDS and k != end)
            ):
                break
            elif verb_stop and k != end and (
                _is_verbish(t, toks[k - 1] if k > 0 else None)
                or (_match_cue(toks, k) is not None and not _noun_context(toks, k))
            ):
                return k + 1, True
        k -= 1
    return k + 1, False


def _is_apposition(toks: tuple[Token, ...], a: int, b: int) -> bool:
    """Tokens ``a..b`` look like an apposition or relative clause after a name."""
    first = toks[a]
    return (
        first.lower in {"the", "a", "an", "another", "one", "who", "whom", "whose", "which"}
        or (first.text[:1].islower() and first.is_word)
    )


def _ends_with_name(toks: tuple[Token, ...], a: int, b: int) -> bool:
    words = [t for t in toks[a : b + 1] if t.is_word]
    return bool(words) and (words[-1].text[:1].isupper() or toks[b].text == ")")


def _is_name(toks: tuple[Token, ...], a: int, b: int) -> bool:
    words = [t for t in toks[a : b + 1] if t.is_word]
    return bool(words) and all(w.text[:1].isupper() for w in words)


def _strip_source(toks: tuple[Token, ...], a: int, b: int) -> tuple[int, int] | None:
    """Drop leading connectors / prepositions / time phrases and trailing commas."""
    while a <= b and (
        toks[a].lower in _LEADING_SKIP
        or toks[a].text in {",", "—", "–", ":"}
        or toks[a].text in _OPEN_QUOTE_CHARS
        or toks[a].text in _CLOSE_QUOTE_CHARS
        or (toks[a].lower in {"in", "on", "at", "by", "from", "with", "for"} and a < b
            and toks[a + 1].lower in _DETERMINERS)
    ):
        a += 1
    if a + 1 <= b and toks[a].lower in {"on", "in", "last"} and toks[a + 1].lower in _DAYS | {
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december",
    }:
        a += 2
    while a <= b and (toks[b].text in {",", "—", "–"} or toks[b].lower in _BETWEEN
                      or toks[b].lower in _DAYS):
        b -= 1
    if a > b or not any(t.is_word for t in toks[a : b + 1]):
        return None
    return a, b


def _left_source(
    ctx: _Ctx, toks: tuple[Token, ...], ci: int, lo: int
) -> tuple[int, int, bool] | None:
    """Source tokens ``(a, b)`` ending just before cue token ``ci``.

    The third value says whether the source is preceded by a comma or a
    closing quotation mark (the content may come before it). None when the
    words before the cue are not a subject (a verb, a boundary, a negation).
    """
    j, blocked = _skip_left(toks, ci - 1, lo)
    if blocked or j < lo:
        return None
    if toks[j].text in {",", "—", "–"} and j > lo:
        # "X, an apposition, said": the comma belongs to the source
        b = j - 1
        a, _ = _np_start(ctx, toks, b, lo, verb_stop=False)
        if a > lo and toks[a - 1].lower in {"who", "whom", "which"}:
            a -= 1
        if a - 2 >= lo and toks[a - 1].text in {",", "—", "–"}:
            a2, verb = _np_start(ctx, toks, a - 2, lo)
            if not verb and a2 <= a - 2 and (
                (_is_apposition(toks, a, b) and _ends_with_name(toks, a2, a - 2))
                or (_is_name(toks, a, b) and toks[a2].lower in _DETERMINERS)
            ):
                span = _strip_source(toks, a2, b)
                if span:
                    prev = toks[span[0] - 1] if span[0] > lo else None
                    after = prev is not None and (prev.text == "," or prev.text in _CLOSE_QUOTE_CHARS)
                    return span[0], span[1], after
        return None
    if toks[j].text in _BOUNDARY_PUNCT - {")"} or toks[j].text in _CLOSE_QUOTE_CHARS:
        return None
    if toks[j].lower in _BOUNDARY_WORDS or toks[j].lower in {"and", "or"}:
        if toks[j].lower in {"who", "that", "which"}:  # "men who say ..."
            a, _ = _np_start(ctx, toks, j - 1, lo)
            span = _strip_source(toks, a, j - 1) if j - 1 >= a else None
            return (span[0], span[1], False) if span else None
        return None
    if _is_verbish(toks[j], toks[j - 1] if j > 0 else None) or toks[j].lower in _PREPOSITIONS:
        # "Officials who asked not to be named said": a relative clause ends the subject
        for r in range(j - 1, max(lo, j - 12) - 1, -1):
            if toks[r].text in _BOUNDARY_PUNCT:
                break
            if toks[r].lower in {"who", "that"} and r > lo:
                a, verb = _np_start(ctx, toks, r - 1, lo)
                span = _strip_source(toks, a, j) if not verb else None
                if span:
                    prev = toks[span[0] - 1] if span[0] > lo else None
                    after = prev is not None and (prev.text == "," or prev.text in _CLOSE_QUOTE_CHARS)
                    return span[0], span[1], after
                break
        return None
    a, verb = _np_start(ctx, toks, j, lo)
    if verb and not toks[ci].lower.endswith("ing"):
        return None
    span = _strip_source(toks, a, j)
    if not span:
        return None
    prev = toks[span[0] - 1] if span[0] - 1 >= lo else None
    after_content = prev is not None and (prev.text == "," or prev.text in _CLOSE_QUOTE_CHARS)
    return span[0], span[1], after_content


def _clause_subject(ctx: _Ctx, toks: tuple[Token, ...], lo: int, hi: int
                    ) -> tuple[int, int] | None:
    """The subject noun phrase of the clause before token ``hi`` (for participle cues)."""
    for k in range(hi - 1, lo - 1, -1):
        if toks[k].text in {";", ":"}:
            lo = k + 1
            break
    a = lo
    # skip a leading adverbial ending in a comma ("In a statement, X ...")
    for k in range(lo, min(hi, lo + 8)):
        if toks[k].text == ",":
            if toks[lo].lower in {"in", "on", "at", "after", "before", "during", "meanwhile",
                                  "but", "however", "last", "earlier", "later", "yesterday",
                                  "today", "now", "despite", "amid", "since", "while"}:
                a = k + 1
            break
    while a < hi and toks[a].lower in _LEADING_SKIP:
        a += 1
    if a >= hi:
        return None
    b = a
    while b + 1 < hi:
        t = toks[b + 1]
        if t.text in {",", ";", ":"} or _is_verbish(t, toks[b]) or _match_cue(toks, b + 1):
            break
        if t.text == "." and _is_boundary_dot(toks, b + 1, ctx.text):
            break
        b += 1
        if b - a > 12:
            return None
    # "X, an apposition, verb ...": keep the apposition
    if b + 2 < hi and toks[b + 1].text == "," and _is_apposition(toks, b + 2, b + 2):
        for k in range(b + 2, min(hi, b + 16)):
            if toks[k].text == ",":
                if k + 1 < hi and _is_verbish(toks[k + 1], toks[k]):
                    b = k - 1
                break
    span = _strip_source(toks, a, b)
    return span


def _content_after(
    ctx: _Ctx, sent: Sentence, toks: tuple[Token, ...], k: int, lemma: str
) -> tuple[int, int, str] | None:
    """Content that follows the cue whose last token is ``k - 1``.

    Returns ``(start, end, form)`` or None. Direct if the cue is followed by a
    quotation.
    """
    n = len(toks)
    # told reporters / told Insider that ...: skip the addressee
    if lemma in _TELL_LEMMAS:
        for m in range(k, min(n, k + 9)):
            if toks[m].lower == "that":
                k = m + 1
                break
            if toks[m].text in _OPEN_QUOTE_CHARS or toks[m].text in {":", ","}:
                k = m
                break
        else:
            if k < n and toks[k].is_word:
                k += 1
                while k < n and toks[k].is_word and toks[k].text[:1].isupper():
                    k += 1
    # skip adverbials; a "that" soon after (before any comma or quote) opens the content
    m = k
    while m < n and m - k < 10 and toks[m].text not in _OPEN_QUOTE_CHARS and toks[m].text != ",":
        if toks[m].lower == "that":
            k = m + 1
            break
        m += 1
    while k < n and (toks[k].lower in _CONTENT_SKIP - {"a", "an", "the"} or toks[k].lower in _DAYS):
        k += 1
    if k < n and toks[k].text in _OPEN_QUOTE_CHARS:
        q = ctx.quote_starting(toks[k].start)
        if q is not None:
            inner = _inner(ctx.text, q)
            rest = _trim(ctx.text, q[1], sent.end)
            if inner[1] > inner[0]:
                return inner[0], inner[1], ("direct" if rest[0] >= rest[1] or
                                            ctx.text[q[1]:rest[0] + 1].strip()[:1] in {",", "."}
                                            or q[1] >= sent.end else "mixed")
    if k >= n:
        return None
    if toks[k].lower in _PREPOSITIONS:
        if lemma in _NP_CONTENT and toks[k].lower in {"about", "of"} and k + 1 < n:
            k += 1
        else:
            return None
    s, e = _trim(ctx.text, toks[k].start, sent.end)
    if e <= s:
        return None
    return s, e, "indirect"


def _form_of(ctx: _Ctx, s: int, e: int, base: str) -> str:
    """``mixed`` if indirect content holds a quotation, else ``base``."""
    if base != "indirect":
        return base
    i = bisect.bisect_left(ctx.q_starts, s)
    if i < len(ctx.quotes) and ctx.quotes[i][0] < e:
        return "mixed"
    return base


def _sentence_drafts(ctx: _Ctx, sent: Sentence) -> list[_Draft]:
    text = ctx.text
    toks = sent.tokens
    n = len(toks)
    drafts: list[_Draft] = []
    if n == 0:
        return drafts

    def headline() -> bool:
        words = [t for t in toks if t.text[0].isalnum()]
        return sum(t.text[0].isupper() for t in words) >= 0.8 * max(1, len(words))

    # colon_speaker: "Mayor Bill de Blasio: “...”"
    for ci in range(1, min(n - 1, 8)):
        if toks[ci].text == ":" and toks[ci + 1].text in _OPEN_QUOTE_CHARS:
            if all(t.text[:1].isupper() or t.lower in {"de", "of", "the", "al", "."}
                   for t in toks[:ci] if t.is_word):
                q = ctx.quote_starting(toks[ci + 1].start)
                if q:
                    cs, ce = _inner(text, q)
                    drafts.append(_Draft(sent.index, (toks[0].start, toks[ci - 1].end),
                                         (toks[ci].start, toks[ci].end),
                                         _Cue((":",), ":", "neutral", "speech"),
                                         (cs, ce), "direct", "colon_speaker", toks[0].start, False))
            break

    i = 0
    while i < n:
        entry = _match_cue(toks, i)
        if entry is None or ctx.quote_at(toks[i].start) is not None:
            i += 1
            continue
        ci, cj = i, i + len(entry.words)  # cue tokens [ci, cj)
        i = cj
        cue_tok = toks[ci]
        cue_span = (cue_tok.start, toks[cj - 1].end)
        prev = toks[ci - 1] if ci > 0 else None
        if entry.kind == "according_to":
            d = _according_to(ctx, sent, toks, ci, cj, entry)
            if d:
                drafts.append(d)
            continue
        # a capitalised cue inside a sentence is a name ("United States"), unless a headline
        if cue_tok.text[:1].isupper() and ci > 0 and not headline():
            continue
        if prev is not None and (prev.lower in _DETERMINERS or prev.lower == "to"):
            continue  # noun ("the report") or infinitive ("to say")
        if cue_tok.lower in _AMBIGUOUS and (
            _noun_context(toks, ci)
            or (cj < n and toks[cj].lower in {"from", "of", "by", "on", "for"})
        ):
            continue  # "a new report from", "Trump's enthusiastic tweet"
        # passive: "it was (widely) reported that" is impersonal; other passives are skipped
        j = ci - 1
        while j >= 0 and (toks[j].lower in {"widely", "also", "often", "been", "being", "long"}
                          or (toks[j].lower.endswith("ly") and len(toks[j].lower) > 4)):
            j -= 1
        if j >= 0 and (toks[j].lower in {"is", "was", "were", "are", "be", "being"}
                       or (toks[j].lower == "been" and j == ci - 1)
                       or toks[ci - 1].lower in {"being", "been"}):
            if cue_tok.lower in _IMPERSONAL_CUES and j >= 1 and toks[j - 1].lower == "it":
                c = _content_after(ctx, sent, toks, cj, entry.lemma)
                if c:
                    drafts.append(_Draft(sent.index, (toks[j - 1].start, toks[j - 1].end), cue_span,
                                         entry, (c[0], c[1]), _form_of(ctx, c[0], c[1], c[2]),
                                         "impersonal_passive", toks[j - 1].start, True))
            continue
        # quoted_as: "X was quoted as claiming that ..."
        if prev is not None and prev.lower == "as" and ci >= 3 and toks[ci - 2].lower == "quoted":
            src = _left_source(ctx, toks, ci - 2, 0)
            c = _content_after(ctx, sent, toks, cj, entry.lemma)
            if src and c:
                drafts.append(_Draft(sent.index, (toks[src[0]].start, toks[src[1]].end), cue_span,
                                     entry, (c[0], c[1]), _form_of(ctx, c[0], c[1], c[2]),
                                     "quoted_as", toks[src[0]].start, True))
            continue
        d = _verb_cue(ctx, sent, toks, ci, cj, entry, drafts)
        if d:
            drafts.append(d)
    return drafts


def _noun_context(toks: tuple[Token, ...], ci: int) -> bool:
    """The cue token follows a determiner or possessive ("the report", "Trump's new tweet")."""
    def det(t: Token) -> bool:
        return t.lower in _DETERMINERS or t.lower.endswith(("'s", "’s"))

    if ci >= 1 and det(toks[ci - 1]):
        return True
    return (
        ci >= 2 and det(toks[ci - 2]) and toks[ci - 1].is_word
        and not toks[ci].lower.endswith("ing")
    )


def _according_to(
    ctx: _Ctx, sent: Sentence, toks: tuple[Token, ...], ci: int, cj: int, entry: _Cue
) -> _Draft | None:
    text = ctx.text
    n = len(toks)
    # source: up to the next comma at depth 0 (or the sentence end)
    k, depth = cj, 0
    while k < n:
        t = toks[k].text
        if t == "(":
            depth += 1
        elif t == ")":
            depth -= 1
        elif depth <= 0 and (t in {",", ";", "—", "–"} or t in _OPEN_QUOTE_CHARS):
            break
        k += 1
    if k == cj:
        return None
    s_end = toks[k - 1].end
    src = _trim(text, toks[cj].start, s_end)
    if src[1] <= src[0]:
        return None
    cue_span = (toks[ci].start, toks[cj - 1].end)
    starts_sentence = all(not t.is_word or t.lower in _LEADING_SKIP for t in toks[:ci])
    if starts_sentence and k < n:
        cs, ce = _trim(text, toks[k].end, sent.end)
        after = True
    else:
        cs, ce = _trim(text, sent.start, toks[ci].start)
        after = False
        while cs < ce and text[cs:ce].split(" ", 1)[0].lower().strip(",") in _LEADING_SKIP:
            nxt = text.find(" ", cs, ce)
            if nxt < 0:
                break
            cs = nxt + 1
    if ce <= cs:
        return None
    form = "mixed" if _form_of(ctx, cs, ce, "indirect") == "mixed" else "according_to"
    return _Draft(sent.index, src, cue_span, entry, (cs, ce), form, "according_to",
                  toks[ci].start, after)


_INVERTED_LEMMAS = {
    "say", "tell", "add", "write", "report", "explain", "state", "note", "claim", "argue",
    "insist", "ask", "reply", "respond", "recall", "remark", "warn", "admit", "acknowledge",
    "concede", "declare", "announce", "tweet", "comment", "observe", "suggest", "predict",
    "allege", "contend", "maintain", "confirm", "boast", "complain", "stress", "emphasize",
    "point out", "testify",
}


def _postposed_rest(toks: tuple[Token, ...], k: int, lemma: str) -> bool:
    """Nothing but adverbials follows the cue (from token ``k``) to the sentence end."""
    n = len(toks)
    if lemma in _TELL_LEMMAS and k < n and toks[k].is_word and toks[k].lower != "that":
        k += 1
        while k < n and toks[k].is_word and toks[k].text[:1].isupper():
            k += 1
    rest = [t for t in toks[k:] if t.is_word]
    if not rest:
        return True
    first = rest[0].lower
    if first == "that":
        return False
    if first in {"during", "in", "on", "at", "after", "before", "outside", "while", "via",
                 "when", "as", "about", "of", "with", "from", "to", "through", "last",
                 "earlier", "later", "this", "today", "yesterday", "recently"} or first in _DAYS:
        return not any(t.text in _OPEN_QUOTE_CHARS for t in toks[k:])
    return False


def _verb_cue(
    ctx: _Ctx,
    sent: Sentence,
    toks: tuple[Token, ...],
    ci: int,
    cj: int,
    entry: _Cue,
    earlier: list[_Draft],
) -> _Draft | None:
    text = ctx.text
    n = len(toks)
    cue_span = (toks[ci].start, toks[cj - 1].end)
    prev = toks[ci - 1] if ci > 0 else None
    cue_low = toks[ci].lower

    # Inverted order right after the content: "“...,” said X" / "..., said X"
    if (
        prev is not None
        and entry.lemma in _INVERTED_LEMMAS
        and cj < n
        and (prev.text in _CLOSE_QUOTE_CHARS or (prev.text == "," and (
            (ci >= 2 and toks[ci - 2].text in _CLOSE_QUOTE_CHARS)
            or _left_source(ctx, toks, ci, 0) is None)))
    ):
        nxt = toks[cj]
        if nxt.is_word and nxt.lower not in _DAYS and nxt.lower != "that" and (
            nxt.text[:1].isupper() or nxt.lower in _DETERMINERS | {"one", "two", "three"}
        ):
            k = cj
            while k < n and toks[k].text not in _OPEN_QUOTE_CHARS and toks[k].text not in {";", "?", "!"}:
                k += 1
            src = _trim(text, nxt.start, toks[k - 1].end)
            content = _content_before(ctx, sent, toks, ci)
            if content and src[1] > src[0]:
                cs, ce, form, rule, frame = content
                cs, ce, form = _split_quote(ctx, toks, k, cs, ce, form)
                return _Draft(sent.index, src, cue_span, entry, (cs, ce), form, rule, frame, False)

    if entry.kind in {"finding", "parenthetical"} or entry.lemma in {"believe", "think"}:
        participle_ok = False
    else:
        participle_ok = True
    src = _left_source(ctx, toks, ci, 0)
    if src is None:
        # participle / coordinated cue: "..., saying that ..." / "... and said ..." / "by saying"
        j, blocked = _skip_left(toks, ci - 1, 0)
        if not participle_ok or blocked or j < 0:
            return None
        low = toks[j].lower
        ing = cue_low.endswith("ing")
        if not ((toks[j].text == "," and ing) or low in {"and", "but"}
                or (ing and low in {"by", "while", "after", "before", "in", "without"})):
            return None
        c = _content_after(ctx, sent, toks, cj, entry.lemma)
        if not c or (cue_low in _AMBIGUOUS and not _clausal(toks, cj)):
            return None
        prior = [d for d in earlier if d.sentence == sent.index]
        if prior:
            s_span = prior[-1].source
        else:
            subj = _clause_subject(ctx, toks, 0, j)
            if subj is None:
                return None
            s_span = (toks[subj[0]].start, toks[subj[1]].end)
        return _Draft(sent.index, s_span, cue_span, entry, (c[0], c[1]),
                      _form_of(ctx, c[0], c[1], c[2]), "participle", toks[j].start, True)

    a, b, after_content = src
    s_span = (toks[a].start, toks[b].end)
    if toks[b].lower in _FIRST_SECOND:
        return None
    if entry.kind == "finding" and not any(t.lower in _DOCUMENT_HEADS for t in toks[a:b + 1]):
        return None
    if entry.kind == "parenthetical" and toks[b].lower not in _PARENTHETICAL_HEADS:
        return None
    if entry.lemma == "call" and cj < n and toks[cj].lower in {"for", "on", "off", "in", "up", "out", "it"}:
        return None

    # after the cue: the sentence end (postposed), a comma + clause (parenthetical), or content
    if after_content and a > 0:
        if _postposed_rest(toks, cj, entry.lemma):
            content = _content_before(ctx, sent, toks, a)
            if content:
                cs, ce, form, rule, frame = content
                cs, ce, form = _split_quote(ctx, toks, cj, cs, ce, form)
                return _Draft(sent.index, s_span, cue_span, entry, (cs, ce), form, rule, frame, False)
            return None
        k = cj
        if k < n and toks[k].text == ",":
            if k + 1 < n and toks[k + 1].text in _OPEN_QUOTE_CHARS:
                content = _content_before(ctx, sent, toks, a)
                if content and content[2] == "direct":
                    cs, ce, form, rule, frame = content
                    cs, ce, form = _split_quote(ctx, toks, k, cs, ce, form)
                    return _Draft(sent.index, s_span, cue_span, entry, (cs, ce), form, rule, frame, False)
            elif k + 1 < n and _match_cue(toks, k + 1) is not None:
                content = _content_before(ctx, sent, toks, a)  # "..., X said, adding that ..."
                if content:
                    cs, ce, form, rule, frame = content
                    return _Draft(sent.index, s_span, cue_span, entry, (cs, ce), form, rule, frame, False)
            elif entry.lemma not in _NP_CONTENT or entry.kind == "parenthetical":
                # parenthetical: "The difference, some lawmakers say, is ..."
                cs, ce = _trim(text, sent.start, sent.end)
                return _Draft(sent.index, s_span, cue_span, entry, (cs, ce),
                              _form_of(ctx, cs, ce, "indirect"), "parenthetical",
                              toks[a - 1].start, False)
    if entry.kind == "parenthetical":
        return None
    if entry.lemma in {"believe", "think"} and not (cj < n and toks[cj].lower == "that"):
        return None
    if cue_low in _AMBIGUOUS and not _clausal(toks, cj):
        return None
    c = _content_after(ctx, sent, toks, cj, entry.lemma)
    if not c:
        return None
    form = _form_of(ctx, c[0], c[1], c[2])
    if entry.lemma == "call" and form == "indirect":
        return None
    rule = "cue_quote" if form == "direct" else "subject_cue"
    return _Draft(sent.index, s_span, cue_span, entry, (c[0], c[1]), form, rule, s_span[0], True)


def _clausal(toks: tuple[Token, ...], k: int) -> bool:
    """The cue at ``k - 1`` is followed by "that" or a quotation (soon)."""
    for m in range(k, min(len(toks), k + 6)):
        t = toks[m]
        if t.lower == "that" or t.text in _OPEN_QUOTE_CHARS:
            return True
        if t.text in {".", ";"}:
            return False
    return False


def _content_before(
    ctx: _Ctx, sent: Sentence, toks: tuple[Token, ...], a: int
) -> tuple[int, int, str, str, int] | None:
    """Content that precedes the source/cue frame starting at token ``a``.

    Returns ``(start, end, form, rule, frame_start)``.
    """
    text = ctx.text
    j = a - 1
    while j >= 0 and toks[j].text in {",", "—", "–"}:
        j -= 1
    if j < 0:
        return None
    q = ctx.quote_ending(toks[j].end) if toks[j].text in _CLOSE_QUOTE_CHARS else None
    if q is None and j >= 1 and toks[j].text == "," and toks[j - 1].text in _CLOSE_QUOTE_CHARS:
        q = ctx.quote_ending(toks[j - 1].end)
    if q is not None:
        sentence_start = _trim(text, sent.start, q[0])
        words_before = [t for t in toks if t.end <= q[0] and t.is_word]
        if sentence_start[1] <= sentence_start[0] or q[0] < sent.start or not words_before:
            cs, ce = _inner(text, q)
            return cs, ce, "direct", "quote_cue", toks[a].start
        cs, ce = _trim(text, sent.start, q[1])
        cs = _skip_connector(text, cs, ce)
        return cs, ce, "mixed", "postposed", toks[a].start
    cs, ce = _trim(text, sent.start, toks[j].end)
    cs = _skip_connector(text, cs, ce)
    if ce <= cs:
        return None
    return cs, ce, _form_of(ctx, cs, ce, "indirect"), "postposed", toks[a].start


_CONNECTOR_RE = re.compile(
    r"(?:(?:But|And|However|Still|Yet|So|Meanwhile|Moreover|Indeed)\b,?\s+|[^\s:]{1,20}(?:\s[^\s:]{1,20}){0,3}:\s+)"
)


def _skip_connector(text: str, s: int, e: int) -> int:
    m = _CONNECTOR_RE.match(text, s, e)
    return m.end() if m and m.end() < e else s


def _split_quote(
    ctx: _Ctx, toks: tuple[Token, ...], k: int, cs: int, ce: int, form: str
) -> tuple[int, int, str]:
    """Extend direct content over the second half of a split quote (``, “...”``).

    ``k`` is the first token after the source/cue frame; only a comma and
    adverbials may stand between it and the second quotation.
    """
    if form != "direct":
        return cs, ce, form
    n = len(toks)
    while k < n and (toks[k].lower in _DAYS or toks[k].text == ","):
        k += 1
    if k < n and toks[k].text in _OPEN_QUOTE_CHARS and k > 0 and toks[k - 1].text == ",":
        q = ctx.quote_starting(toks[k].start)
        if q is not None:
            return cs, _inner(ctx.text, q)[1], "direct"
    return cs, ce, form


# --------------------------------------------------------------------------
# document level
# --------------------------------------------------------------------------


def _paragraph_ids(doc: Document) -> list[int]:
    ids, p = [], 0
    for k, s in enumerate(doc.sentences):
        if k and "\n" in doc.text[doc.sentences[k - 1].end : s.start]:
            p += 1
        ids.append(p)
    return ids


def _truncate(drafts: list[_Draft], text: str) -> None:
    """Cut indirect content that runs into a later attribution frame of its sentence."""
    by_sentence: dict[int, list[_Draft]] = {}
    for d in drafts:
        by_sentence.setdefault(d.sentence, []).append(d)
    for d in drafts:
        if not d.content_after:
            continue
        cut = min(
            (o.frame_start for o in by_sentence[d.sentence]
             if o is not d and d.content[0] < o.frame_start < d.content[1]),
            default=None,
        )
        if cut is not None:
            s, e = _trim(text, d.content[0], cut)
            while e > s and text[s:e].rsplit(" ", 1)[-1] in {"and", "but", "while"}:
                e = s + text[s:e].rstrip().rfind(" ")
                s, e = _trim(text, s, e)
            if e > s:
                d.content = (s, e)


def _continuations(ctx: _Ctx, drafts: list[_Draft], para: list[int]) -> list[_Draft]:
    """Quotations that open the sentence after an attributed quote inherit its source."""
    doc = ctx.doc
    out: list[_Draft] = []
    by_sentence: dict[int, list[_Draft]] = {}
    for d in drafts:
        by_sentence.setdefault(d.sentence, []).append(d)
    for k, s in enumerate(doc.sentences[1:], start=1):
        if k in by_sentence:
            continue
        q = ctx.quote_starting(s.start)
        if q is None:
            continue
        prev = None
        for j in (k - 1, k - 2):
            if j >= 0 and para[j] == para[k] and j in by_sentence:
                prev = by_sentence[j][-1]
                break
            if j >= 0 and ctx.quote_at(doc.sentences[j].start) is None:
                break
        if prev is None or q[0] < prev.content[1]:
            continue
        cs, ce = _inner(ctx.text, q)
        if ce > cs:
            out.append(_Draft(k, prev.source, prev.cue, prev.cue_entry, (cs, ce), "direct",
                              "continuation_quote", s.start, False))
            by_sentence[k] = [out[-1]]
    return out


def _resolve(ctx: _Ctx, d: _Draft, history: list[tuple[int, tuple[int, int], str]]
             ) -> tuple[dict[str, Any] | None, str | None]:
    """Antecedent of a pronoun source: the nearest earlier named source (<= 5 sentences)."""
    for sent_idx, span, stype in reversed(history):
        if d.sentence - sent_idx > 5:
            break
        return {"start": span[0], "end": span[1], "text": ctx.text[span[0]:span[1]]}, stype
    # fall back on the last capitalised name in this or the previous sentence
    doc = ctx.doc
    lo = doc.sentences[max(0, d.sentence - 1)].start
    names = list(re.finditer(
        r"(?<![\w.])(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.\s)?[A-Z][a-z]+(?:\s[A-Z][a-z]+)*",
        ctx.text[lo:d.source[0]]))
    names = [m for m in names if " " in m.group()
             and m.group().split()[0].lower() not in _PRONOUNS | _LEADING_SKIP | _DETERMINERS]
    if names:
        m = names[-1]
        span = (lo + m.start(), lo + m.end())
        return {"start": span[0], "end": span[1], "text": m.group()}, classify_source(m.group())
    return None, None


def _unattributed(
    doc: Document, drafts: list[_Draft], para: list[int], quoted: set[int]
) -> list[int]:
    """Sentences asserting a judgement or contested fact with no attribution near them.

    A sentence is flagged when it has at least three words from the strong
    subjectivity clues (MPQA) or the bias lexicon (Recasens et al. 2013), is
    not a question, is not mostly quoted, has at least six words, and
    neither it nor an adjacent sentence of the same paragraph carries an
    attribution.
    """
    lex = _subjective_words()
    attributed = {d.sentence for d in drafts}
    out = []
    for k, s in enumerate(doc.sentences):
        if k in quoted or s.text.rstrip().endswith("?"):
            continue
        words = [t for t in s.tokens if t.text[0].isalnum()]
        if len(words) < 6:
            continue
        if any(j in attributed and para[j] == para[k] for j in (k - 1, k, k + 1)):
            continue
        hits = sum(1 for w in words if w.lower in lex)
        if hits >= 3:
            out.append(k)
    return out


def extract_attributions(doc: Document) -> AttributionResult:
    """Find the attributions of a tokenized document.

    Parameters
    ----------
    doc : Document
        Output of :func:`framing.text.tokenize`.

    Returns
    -------
    AttributionResult
        The attributions (with source, cue and content offsets, form, source
        type, cue stance and the rule that fired), the sentences flagged as
        unattributed claims, the mostly quoted sentences and the scare quotes.

    Examples
    --------
    >>> from framing.text import tokenize
    >>> res = extract_attributions(tokenize('"We will win," the minister said.'))
    >>> a = res.attributions[0].to_dict()
    >>> a["source"]["text"], a["cue"]["stance"], a["form"]
    ('the minister', 'neutral', 'direct')
    """
    if not isinstance(doc, Document):
        raise TypeError(f"doc must be a framing.text.Document, not {type(doc).__name__}")
    ctx = _Ctx(doc)
    text = doc.text
    para = _paragraph_ids(doc)
    drafts: list[_Draft] = []
    for sent in doc.sentences:
        drafts.extend(_sentence_drafts(ctx, sent))
    _truncate(drafts, text)
    drafts.extend(_continuations(ctx, drafts, para))
    drafts = [d for d in drafts if any(ch.isalnum() for ch in text[d.content[0]:d.content[1]])]
    drafts.sort(key=lambda d: (d.cue[0], d.content[0]))

    attributions: list[Attribution] = []
    history: list[tuple[int, tuple[int, int], str]] = []
    for d in drafts:
        s_text = text[d.source[0]:d.source[1]]
        resolved = None
        if s_text.lower() in {"he", "she", "they"}:
            resolved, stype = _resolve(ctx, d, history)
            if stype is None:
                stype = "person" if s_text.lower() != "they" else "other"
        elif s_text.lower() == "it":
            stype = "other"
        else:
            stype = classify_source(s_text)
            history.append((d.sentence, d.source, stype))
        attributions.append(Attribution(
            sentence=d.sentence,
            source_start=d.source[0], source_end=d.source[1], source_text=s_text,
            source_type=stype,
            cue_start=d.cue[0], cue_end=d.cue[1], cue_text=text[d.cue[0]:d.cue[1]],
            stance=d.cue_entry.stance,
            content_start=d.content[0], content_end=d.content[1],
            form=d.form, rule=d.rule, resolved_from=resolved,
        ))

    # quoted regions: attributed content and quotations longer than a scare quote
    regions = [(a.content_start, a.content_end) for a in attributions]
    scare: list[tuple[int, int]] = []
    long_quotes: list[tuple[int, int]] = []
    for q in ctx.quotes:
        n_words = len(re.findall(r"\w+", text[q[0]:q[1]]))
        if n_words > SCARE_QUOTE_MAX_WORDS:
            long_quotes.append(q)
        elif n_words:
            scare.append(q)
    regions = sorted(regions + long_quotes)
    regions.sort()
    merged: list[tuple[int, int]] = []
    for s, e in regions:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    result = AttributionResult(attributions, [], set(), scare, len(doc.sentences), merged)
    for k, s in enumerate(doc.sentences):
        words = [t for t in s.tokens if t.text[0].isalnum()]
        if words and sum(result.is_quoted(w.start, w.end) for w in words) * 2 > len(words):
            result.quoted_sentences.add(k)
    result.unattributed_sentences = _unattributed(doc, drafts, para, result.quoted_sentences)
    return result
