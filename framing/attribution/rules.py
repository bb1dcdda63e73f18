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

One pass over a document:

1. sentences wrongly split after an abbreviation ("Gov. | Paul LePage",
   "(R-Mo. | ), another member") are joined again (:func:`_repair_sentences`);
2. every cue of a sentence is tried against the rules; a verb cue finds its
   source to the left (a noun phrase with its apposition or relative clause,
   never a phrase that holds a finite verb), after it ("said X"), or, for a
   participle or a coordinated verb, in the subject of the clause it attaches
   to (:func:`_clause_subject`); its content is a quotation or the reported
   clause up to the end of that clause (:func:`_clause_end`);
3. content that runs into a later attribution at the same level (", adding",
   "..., the official said", "... and Y said") is cut there
   (:func:`_truncate`); quotations that open the next sentence continue the
   last attribution;
4. sources are typed from their words (:func:`classify_source`) and pronouns
   take the type of their antecedent;
5. sentences with an unattributed judgement are flagged (:func:`_unattributed`).

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
from typing import Any

from ..resources import attribution_cues, load_mpqa, load_wordlist, state_media
from ..text import MAX_SENTENCE_CHARS, Document, Sentence, Token, quote_spans
from ..wordclasses import word_class

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
    "quoted_as": '"X was quoted as saying ...", "X can be heard saying ..." (passive frames)',
    "quote_cue": '"quote," X said / "quote," said X (split quotes included)',
    "cue_quote": 'X said: "quote"',
    "postposed": "content, X said / content, said X",
    "parenthetical": "content, X said, content",
    "subject_cue": "X said (that) content; also relative clauses (that X says ...)",
    "participle": "..., saying / adding ... and claims ... / gave ..., whined ..., and ... "
    "(source: the subject of the clause the participle or coordinated verb belongs to)",
    "continuation_quote": "a quotation opening the sentence after an attributed quote, same source",
}

_OPEN_QUOTE_CHARS = word_class("opening_quotes")
_CLOSE_QUOTE_CHARS = word_class("closing_quotes")
#: A quotation of at most this many words outside attributed content is a
#: scare quote (a flagged term), not a quotation of somebody's words.
SCARE_QUOTE_MAX_WORDS = 3

_PRONOUNS = word_class("subject_pronouns")
_FIRST_SECOND = word_class("first_second_subject_pronouns")
_DETERMINERS = word_class("determiners")
# Tokens skipped between a source and its cue ("X has also said").
_BETWEEN = {
    "has",
    "have",
    "had",
    "is",
    "was",
    "were",
    "are",
    "been",
    "be",
    "will",
    "would",
    "did",
    "does",
    "do",
    "can",
    "could",
    "may",
    "might",
    "should",
    "also",
    "again",
    "later",
    "previously",
    "repeatedly",
    "reportedly",
    "quickly",
    "then",
    "once",
    "further",
    "recently",
    "actually",
    "first",
    "still",
    "just",
    "earlier",
    "initially",
    "separately",
    "originally",
    "briefly",
    "often",
    "publicly",
    "privately",
    "openly",
    "falsely",
    "wrongly",
    "flatly",
    "vehemently",
    "strongly",
    "emphatically",
    "loudly",
    "angrily",
    "bluntly",
    "simply",
    "always",
    "long",
    "consistently",
    "even",
    "now",
    "already",
    "finally",
    "immediately",
    "ever",
}
_NEGATIONS = word_class("cue_negations")
_DAYS = {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "tonight",
    "morning",
    "afternoon",
    "evening",
    "night",
    "week",
    "month",
    "year",
    "last",
    "this",
    "earlier",
    "late",
    "on",
}
# Tokens that end a noun phrase when scanning left from a cue.
_BOUNDARY_WORDS = {
    "that",
    "which",
    "who",
    "whom",
    "but",
    "while",
    "because",
    "when",
    "as",
    "if",
    "to",
    "after",
    "before",
    "since",
    "although",
    "though",
    "so",
    "where",
    "whether",
    "than",
    "until",
    "unless",
    "or",
    "yet",
    "once",
}
_VERBS = {
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "made",
    "make",
    "makes",
    "took",
    "take",
    "takes",
    "gave",
    "give",
    "gives",
    "got",
    "get",
    "gets",
    "went",
    "go",
    "came",
    "come",
    "comes",
    "saw",
    "see",
    "sees",
    "knew",
    "know",
    "knows",
    "want",
    "wants",
    "hope",
    "hopes",
    "need",
    "needs",
    "seem",
    "seems",
    "use",
    "uses",
    "left",
    "leave",
    "met",
    "meet",
    "ran",
    "run",
    "won",
    "win",
    "lost",
    "lose",
    "became",
    "become",
    "kept",
    "keep",
    "held",
    "hold",
    "brought",
    "bring",
    "began",
    "begin",
    "put",
    "stood",
    "sent",
    "send",
    "spent",
    "spend",
    "built",
    "pay",
    "paid",
    "hear",
    "heard",
    "felt",
    "feel",
}
_MODALS = {"could", "might", "may", "should", "can", "must", "would"}
_ABBREVIATIONS = word_class("non_final_abbreviations")
# Cue forms that are usually nouns or adjectives: they count only before "that" or a quote.
_AMBIGUOUS = {
    "states",
    "reports",
    "claims",
    "comments",
    "estimates",
    "notes",
    "calls",
    "tweets",
    "remarks",
    "shows",
    "points",
    "finds",
    "report",
    "claim",
    "comment",
    "estimate",
    "note",
    "call",
    "tweet",
    "remark",
    "show",
    "state",
    "warning",
    "revealing",
    "reporting",
    "writing",
    "stating",
    "telling",
    "claiming",
    "alleging",
    "arguing",
    "noting",
    "confirming",
    "insisting",
    "admitting",
    "acknowledging",
    "suggesting",
    "stressing",
    "explaining",
    "announcing",
    "declaring",
    "describing",
    "predicting",
    "maintaining",
    "reminding",
    "denying",
    "complaining",
    "accusing",
}
# Cue forms that are also nouns: after a possessive or a number they are nouns
# ("Trump’s claim", "his June 2 rant").
_NOUN_CUES = {
    "rant",
    "rants",
    "blast",
    "blasts",
    "slam",
    "slams",
    "rip",
    "bash",
    "boast",
    "boasts",
    "brag",
    "whine",
    "tout",
    "gush",
    "sneer",
    "sneers",
    "scoff",
    "rail",
    "snap",
    "crow",
    "reply",
    "replies",
    "recall",
    "recalls",
    "stress",
    "find",
    "finds",
    "testimony",
}
# Cue forms that are mostly nouns or adjectives ("a telling sign", "in writing the
# Declaration"): a following clause without "that" does not make them verbs.
_NOMINAL_FORMS = {
    "warning",
    "revealing",
    "reporting",
    "writing",
    "telling",
    "remarks",
    "points",
    "state",
    "states",
    "calls",
    "call",
    "comments",
    "comment",
    "estimates",
    "estimate",
    "tweets",
    "tweet",
    "remark",
}
# Lemmas whose content may be a noun phrase ("denied the allegations").
_NP_CONTENT = {
    "deny",
    "acknowledge",
    "admit",
    "confirm",
    "slam",
    "blast",
    "whine",
    "boast",
    "decry",
    "mock",
    "bash",
    "rip",
    "tout",
    "accuse",
    "call",
    "claim",
    "concede",
    "reveal",
    "rail",
    "lash out",
    "hit out",
    "brag",
    "announce",
    "find",
    "show",
    "report",
}
_MONTHS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
}
_TRUE_PREPOSITIONS = {
    "to",
    "on",
    "about",
    "for",
    "in",
    "with",
    "at",
    "of",
    "from",
    "against",
    "by",
    "into",
    "during",
    "after",
    "before",
    "over",
}
_ALL_PREPOSITIONS = _TRUE_PREPOSITIONS | {
    "down",
    "across",
    "through",
    "toward",
    "towards",
    "along",
    "around",
    "near",
    "under",
    "behind",
    "beyond",
    "between",
    "among",
    "amid",
    "amidst",
    "upon",
    "within",
    "without",
    "throughout",
    "via",
    "despite",
    "like",
    "unlike",
    "above",
    "below",
    "beneath",
    "onto",
    "past",
    "per",
    "than",
    "versus",
    "aboard",
    "atop",
    "inside",
    "outside",
    "off",
    "out",
}
_PREPOSITIONS = {
    "to",
    "on",
    "about",
    "for",
    "in",
    "with",
    "at",
    "of",
    "from",
    "against",
    "by",
    "into",
    "during",
    "after",
    "before",
    "over",
    "outside",
    "inside",
    "themselves",
    "himself",
    "herself",
    "itself",
    "back",
    "up",
    "out",
    "off",
}
_BOUNDARY_PUNCT = {",", ";", ":", "—", "–", "(", ")", ".", "?", "!"}
_LEADING_SKIP = {
    "but",
    "and",
    "meanwhile",
    "now",
    "so",
    "yet",
    "still",
    "also",
    "however",
    "then",
    "instead",
    "separately",
    "later",
    "earlier",
    "indeed",
    "moreover",
    "despite",
    "maybe",
    "perhaps",
    "even",
    "only",
    "just",
    "not",
}
_TELL_LEMMAS = {"tell", "remind", "warn", "assure", "inform"}
_CONTENT_SKIP = {
    "that",
    "on",
    "in",
    "at",
    "during",
    "a",
    "an",
    "the",
    "statement",
    "interview",
    "twitter",
    "time",
    "also",
    ":",
    ",",
    "recently",
    "later",
    "again",
    "repeatedly",
    "friday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "morning",
    "evening",
    "night",
    "afternoon",
    "last",
    "week",
    "publicly",
    "privately",
}
_IMPERSONAL_CUES = {
    "reported",
    "said",
    "claimed",
    "alleged",
    "remarked",
    "believed",
    "thought",
    "argued",
    "suggested",
    "stated",
    "noted",
    "announced",
    "rumored",
    "rumoured",
    "understood",
    "estimated",
    "feared",
    "expected",
    "known",
    "widely",
}
_DOCUMENT_HEADS = {
    "study",
    "studies",
    "report",
    "reports",
    "poll",
    "polls",
    "survey",
    "surveys",
    "data",
    "findings",
    "filings",
    "filing",
    "research",
    "analysis",
    "analyses",
    "memo",
    "lawsuit",
    "lawsuits",
    "document",
    "documents",
    "statement",
    "letter",
    "editorial",
    "article",
    "blogpost",
    "post",
    "petition",
    "complaint",
    "indictment",
    "audit",
    "review",
    "records",
    "figures",
    "statistics",
    "investigation",
    "inquiry",
    "probe",
    "paper",
    "tests",
    "test",
    "officials",
    "investigators",
    "researchers",
    "scientists",
    "authorities",
    "experts",
    "argument",
    "story",
    "logic",
    "thinking",
    "theory",
    "saying",
    "law",
    "bill",
    "order",
    "ruling",
    "rules",
    "guidelines",
    "evidence",
    "results",
}
_PARENTHETICAL_HEADS = {"argument", "story", "logic", "thinking", "theory", "saying", "joke"}
# Head nouns of documents, data and texts: such a source is "other" whoever
# produced it ("a new report from the X Association", "Court filings").
_DOCUMENT_NOUNS = {
    "study",
    "studies",
    "report",
    "reports",
    "poll",
    "polls",
    "survey",
    "surveys",
    "data",
    "findings",
    "filing",
    "filings",
    "research",
    "analysis",
    "analyses",
    "memo",
    "memos",
    "lawsuit",
    "lawsuits",
    "document",
    "documents",
    "statement",
    "statements",
    "letter",
    "letters",
    "blogpost",
    "petition",
    "complaint",
    "indictment",
    "audit",
    "records",
    "figures",
    "statistics",
    "paper",
    "law",
    "laws",
    "bill",
    "ruling",
    "guidelines",
    "evidence",
    "results",
    "estimates",
    "projections",
    "transcript",
    "transcripts",
    "emails",
    "email",
    "minutes",
    "testimony",
    "model",
    "index",
    "tally",
    "census",
}
# Prepositions that attach a post-modifier to a source's head noun.
_POSTMODIFIER_PREPS = {"of", "for", "from", "by", "in", "at", "with", "on", "about", "to", "under"}
# Lower-case -ly words that are nouns, not adverbs.
_LY_NOUNS = {
    "family",
    "ally",
    "assembly",
    "supply",
    "rally",
    "monopoly",
    "anomaly",
    "bully",
    "italy",
}
# -ing words that are nouns ("nothing", "the meeting"), not participles.
_ING_NOUNS = {
    "nothing",
    "something",
    "anything",
    "everything",
    "morning",
    "evening",
    "building",
    "meeting",
    "funding",
    "spending",
    "housing",
    "training",
    "ruling",
    "during",
    "hearing",
    "briefing",
    "shooting",
    "killing",
    "bombing",
    "wedding",
    "warning",
    "reporting",
}
_TIME_NOUNS = {"hours", "days", "minutes", "weeks", "months", "moments", "shortly", "soon", "years"}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_CLOCK_RE = re.compile(r"\b\d{1,2}(?::\d\d)?\s?[ap]\.m\.")
_NUMBERS = {
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "fifty",
    "hundred",
    "hundreds",
    "thousands",
    "dozens",
}
_QUANTIFIERS = _NUMBERS | {
    "many",
    "several",
    "few",
    "both",
    "all",
    "other",
    "more",
    "most",
    "numerous",
    "multiple",
    "various",
}
# Words of a quantity before "of" ("dozens of", "nearly a dozen of", "one of").
_QUANTITY_WORDS = _QUANTIFIERS | {
    "dozen",
    "some",
    "one",
    "none",
    "each",
    "any",
    "a",
    "an",
    "nearly",
    "about",
    "almost",
    "than",
    "half",
    "majority",
    "minority",
    "number",
    "plurality",
    "most",
    "all",
    "the",
}
# A comma-delimited adverbial between a source and its cue ("Trump, during his
# campaign, has argued") and one-word asides ("Republicans, though, said").
_ASIDE_PREPOSITIONS = {
    "during",
    "despite",
    "amid",
    "after",
    "before",
    "in",
    "on",
    "since",
    "throughout",
    "unlike",
    "following",
    "upon",
    "when",
    "while",
    "as",
    "if",
    "although",
    "though",
}
_ASIDES = {
    "though",
    "however",
    "too",
    "meanwhile",
    "moreover",
    "also",
    "instead",
    "nonetheless",
    "nevertheless",
    "furthermore",
    "likewise",
    "separately",
    "again",
    "still",
    "then",
    "now",
    "indeed",
    "meantime",
    "similarly",
}
# Words after which a new clause (with its own subject) may begin.
_CLAUSE_OPENERS = {
    "after",
    "before",
    "when",
    "as",
    "because",
    "while",
    "since",
    "although",
    "though",
    "until",
    "once",
    "if",
    "whereas",
    "but",
    "unless",
}
_COORDINATORS = {"and", "but", "or", "while", "whereas", "yet", "so"}
# Words a cut content may not end with ("... in", "... but then").
_DANGLING = {"then"} | _COORDINATORS | _TRUE_PREPOSITIONS | _BOUNDARY_WORDS
# Speech verbs that often take a plain object ("added 200 jobs", "wrote a book",
# "declared war"): without "that", a clause or a quotation there is no report.
_CLAUSE_ONLY = {
    "mention",
    "recall",
    "explain",
    "write",
    "tweet",
    "add",
    "estimate",
    "predict",
    "suggest",
    "observe",
    "remark",
    "comment",
    "testify",
    "declare",
}
_WH_WORDS = {"how", "why", "what", "whether", "if", "when", "where", "who", "which"}
# Auxiliaries of a passive frame ("X can be heard saying").
_FRAME_AUX = {
    "is",
    "was",
    "were",
    "are",
    "be",
    "been",
    "being",
    "can",
    "could",
    "may",
    "might",
    "will",
    "would",
    "also",
    "later",
    "clearly",
    "then",
}
# Cues that may follow their content and precede their source ("..., said X").
_INVERTED_LEMMAS = {
    "say",
    "tell",
    "add",
    "write",
    "report",
    "explain",
    "state",
    "note",
    "claim",
    "argue",
    "insist",
    "ask",
    "reply",
    "respond",
    "recall",
    "remark",
    "warn",
    "admit",
    "acknowledge",
    "concede",
    "declare",
    "announce",
    "tweet",
    "comment",
    "observe",
    "suggest",
    "predict",
    "allege",
    "contend",
    "maintain",
    "confirm",
    "boast",
    "complain",
    "stress",
    "emphasize",
    "point out",
    "testify",
}
# Words that open an adverbial after a postposed cue ("..., X said in a statement").
_ADJUNCT_OPENERS = _TRUE_PREPOSITIONS | {
    "outside",
    "while",
    "via",
    "when",
    "as",
    "through",
    "last",
    "earlier",
    "later",
    "this",
    "today",
    "yesterday",
    "recently",
    "upon",
    "aboard",
    "amid",
    "following",
    "ahead",
    "under",
    "near",
    "inside",
    "across",
    "without",
    "despite",
    "shortly",
    "just",
    "late",
    "early",
    "around",
}
# Titles that never end a sentence: a sentence break right after one is a
# tokenizer error ("former Gov. | Paul LePage").
_TITLES = word_class("name_titles")
_MONTH_ABBREVIATIONS = {"jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec"}
# Words that cannot continue a name across a false sentence break.
_CLOSED_CLASS = (
    _DETERMINERS
    | _PRONOUNS
    | _BOUNDARY_WORDS
    | _LEADING_SKIP
    | {
        "and",
        "or",
        "in",
        "on",
        "at",
        "for",
        "with",
        "from",
        "by",
        "of",
        "there",
        "here",
        "it’s",
        "it's",
    }
)

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
            r"\b(presidents?|vice president|prime ministers?|ministers?|ministry|secretary|"
            r"secretaries|senators?|sen\.|rep\.|representatives?|congress(?:man|woman|men|women)?|"
            r"governors?|gov\.|mayors?|lawmakers?|legislators?|officials?|spokes(?:man|woman|"
            r"person)|police|chiefs?|sheriffs?|authorities|department|government|administration|"
            r"white house|kremlin|commission(?:ers?)?|prosecutors?|attorney general|judges?|court|"
            r"agency|bureau of|census bureau|federal bureau|fbi|cia|doj|parliament(?:arian)?|"
            r"democrats?|republicans?|speaker|"
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
            r"patriarchy|board|club|partners|llc|ltd|agency|bureau)(?!\w)"
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
    r"singer|star|author|writer|lawyer|attorney|businessman|businesswoman|dad|mom|"
    r"staffers?|volunteers?|nurses?|farmers?|citizens?)\b"
)


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
    for row in attribution_cues():
        words = tuple(row["cue"].lower().split())
        table.setdefault(words[0], []).append(_Cue(words, row["lemma"], row["stance"], row["kind"]))
    for entries in table.values():
        entries.sort(key=lambda c: -len(c.words))
    return table


@lru_cache(maxsize=1)
def _state_media_re() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Two patterns: all-caps acronyms (case-sensitive) and names (case-insensitive)."""
    names = [row["name"] for row in state_media()]
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
    strong = {w for w, (strength, _) in load_mpqa().items() if strength == "strongsubj"}
    return frozenset(strong | load_wordlist("bias_lexicon"))


def _name_like(text: str) -> bool:
    """Every word (after a leading "the") is capitalised: a name, not a description."""
    words = [w for w in re.findall(r"[\w.'’-]+", text) if w[:1].isalnum()]
    if words and words[0].lower() == "the":
        words = words[1:]
    return bool(words) and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def _head_part(text: str) -> tuple[str, str]:
    """The noun phrase up to its head, and what cut it ("clause", "place", "of" or "").

    "A super PAC supporting the president" -> ("A super PAC", "clause");
    "staffers on his campaign" -> ("staffers", "place"); "a new law by the
    government" -> ("a new law", "of"). A preposition inside a name ("Bank of
    England data") does not cut.
    """
    words = text.split()
    first = 0  # "dozens of staffers ...": the head follows a quantity
    for k in range(1, len(words)):
        w, nxt = words[k], words[k + 1] if k + 1 < len(words) else ""
        low = w.lower()
        if low == "of" and all(
            x.lower() in _QUANTITY_WORDS or x[:1].isdigit() for x in words[first:k]
        ):
            first = k + 1
            continue
        if low in {"who", "whom", "whose", "which", "that"}:
            return " ".join(words[first:k]), "clause"
        if (
            w.islower()
            and len(low) > 5
            and low.endswith(("ing", "ed"))
            and words[k - 1].lower() not in _DETERMINERS
        ):
            return " ".join(words[first:k]), "clause"
        if low in _POSTMODIFIER_PREPS and not nxt[:1].isupper():
            return " ".join(words[first:k]), "place" if low in {"on", "in", "at", "with"} else "of"
    return " ".join(words[first:]), ""


def _pattern_type(low: str) -> str | None:
    for name, pattern in _TYPE_PATTERNS:
        if pattern.search(low):
            return name
    return None


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
        described as state-run; ``anonymous`` when the phrase marks anonymity;
        otherwise the type of the description in an apposition ("Anthony
        Fauci, the top U.S. infectious diseases expert" -> expert), ``other``
        when the head noun is a document or data ("a new report from ..."),
        the type of the head before a clause ("A super PAC supporting the
        president" -> organization), else the first matching class of
        military, official, media, expert, witness, organization, other;
        ``person`` for a name or a person noun; ``other`` by default.
    """
    kind = _typed(text)
    if kind is not None:
        return kind
    low = text.lower()
    if low in {"he", "she"} or _PERSON_WORDS.search(low):
        return "person"
    if any(w[:1].isupper() for w in text.split()[1:]) or text[:1].isupper():
        return "person" if low not in {"they", "it", "we"} else "other"
    return "other"


def _typed(text: str) -> str | None:
    """The source type that the words of ``text`` mark, or None (see :func:`classify_source`)."""
    acr, oth = _state_media_re()
    if acr.search(text) or oth.search(text):
        return "state_media"
    low = text.lower()
    if _TYPE_PATTERNS[0][1].search(low):
        return "anonymous"
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
    # apposition: the description decides over the name
    first, sep, rest = text.partition(", ")
    if sep and "(" not in first.replace(")", "") and rest:
        name_first, name_rest = _name_like(first), _name_like(rest)
        desc = rest if name_first else first
        dw = desc.split()
        if (
            name_first != name_rest
            and dw[0].lower().endswith("ing")
            and len(dw) > 1
            and (
                dw[1].lower() in _DETERMINERS | _ALL_PREPOSITIONS | _DAYS | _NUMBERS | _PRONOUNS
                or dw[1][:1].isupper()
            )
        ):
            return _typed(first if name_first else rest)  # "Silver, speaking at a news conference"
        if name_first != name_rest:
            kind = _typed(desc)
            if kind is not None:
                return kind
    head, cut = _head_part(text)
    head_words = head.split()
    if head_words and head_words[-1].islower() and head_words[-1] in _DOCUMENT_NOUNS:
        return "other"  # a common noun: "Court filings", not "the Bureau of Labor Statistics"
    if cut in {"clause", "place"}:  # the head decides, not the phrase that locates it
        kind = _pattern_type(head.lower())
        if kind is None and cut == "place" and _PERSON_WORDS.search(head.lower()):
            kind = "person"
        if kind is not None:
            return kind
    return _pattern_type(low)


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
    if (
        low.endswith("ed")
        and len(low) > 4
        and not (prev is not None and prev.lower in _DETERMINERS)
    ):
        return True
    return False


def _is_boundary_dot(toks: tuple[Token, ...], k: int, text: str) -> bool:
    """A full stop ends a phrase unless it closes an abbreviation or sits inside a word."""
    t = toks[k]
    if t.text != ".":
        return False
    if k > 0 and (
        toks[k - 1].lower in _ABBREVIATIONS
        or toks[k - 1].lower in _TITLES
        or (len(toks[k - 1].text) == 1 and toks[k - 1].text.isupper())
    ):
        return False  # "Corp.", "Cmdr.", "Loretta E. Lynch"
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
        elif _is_adverb(toks, j):
            pass
        elif low == "on" and j + 1 < len(toks) and toks[j + 1].lower in _DAYS:
            pass
        elif low in {"both", "all", "each"} and j > lo:
            pass  # a floating quantifier: "Theresa May and Justin Trudeau, both called it"
        elif (
            low == "," and j - 2 >= lo and toks[j - 1].lower in _ASIDES and toks[j - 2].text == ","
        ):
            j -= 2  # "Republicans, though, said"
        else:
            break
        j -= 1
    return j, blocked


def _is_adverb(toks: tuple[Token, ...], j: int) -> bool:
    """A lower-case -ly word that is not a noun ("the family", "an ally")."""
    low = toks[j].lower
    return (
        low.endswith("ly")
        and len(low) > 4
        and not toks[j].text[:1].isupper()
        and low not in _LY_NOUNS
        and not (
            j > 0 and (toks[j - 1].lower in _DETERMINERS - {"that"} or _is_possessive(toks[j - 1]))
        )
    )


def _np_start(
    ctx: _Ctx,
    toks: tuple[Token, ...],
    end: int,
    lo: int,
    verb_stop: bool = True,
    ing_stop: bool = False,
) -> tuple[int, bool]:
    """Start index of the noun phrase ending at token ``end`` (inclusive).

    The second value says whether the scan stopped at a verb (the phrase is
    then an object, not a subject). With ``ing_stop`` an -ing form that does
    not follow a determiner also ends the phrase (the antecedent of a
    relative clause: "favor allowing | men who say").
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
            prev = toks[k - 1] if k > 0 else None
            if t.text == "." and not _is_boundary_dot(toks, k, ctx.text):
                pass
            elif (
                t.text in _BOUNDARY_PUNCT
                or t.text in _OPEN_QUOTE_CHARS
                or t.text in _CLOSE_QUOTE_CHARS
                or (
                    t.lower in _BOUNDARY_WORDS
                    and k != end
                    and not (t.lower == "as" and prev is not None and prev.lower == "such")
                    and not (
                        t.lower == "than"
                        and prev is not None
                        and prev.lower in {"more", "less", "fewer", "rather"}
                    )
                )
            ):
                break
            elif (
                verb_stop
                and k != end
                and (
                    _is_verbish(t, prev)
                    or (_match_cue(toks, k) is not None and not _noun_context(toks, k))
                    or (
                        ing_stop
                        and t.text[:1].islower()
                        and t.lower.endswith("ing")
                        and len(t.lower) > 4
                        and prev is not None
                        and prev.lower not in _DETERMINERS
                    )
                )
            ):
                return k + 1, True
            elif (
                t.lower in {"a", "an", "the"}
                and prev is not None
                and prev.is_word
                and (
                    k + 1 < len(toks) and toks[k + 1].is_word and ctx.text[t.end : t.end + 1] == " "
                )
                and (
                    prev.lower
                    not in _PREPOSITIONS | _ALL_PREPOSITIONS | _BOUNDARY_WORDS | _DETERMINERS
                    and prev.lower not in _QUANTIFIERS
                    and prev.lower not in {"and", "or", "such", "half", "what", "quite", "rather"}
                    and not _is_verb_at(toks, k - 1)
                    and not prev.lower.endswith(("ly", "ing", "ed"))
                    and (
                        t.text[:1].isupper()
                        or not prev.text[:1].isupper()
                        or prev.lower in _DAYS | _MONTHS
                    )
                )
            ):
                # an article after a noun opens a new phrase: "[agency] on Tuesday | a CNN
                # report", "Image caption | A former associate"
                return k, False
        k -= 1
    return k + 1, False


def _is_apposition(toks: tuple[Token, ...], a: int, b: int) -> bool:
    """Tokens ``a..b`` look like an apposition or (reduced) relative clause after a name.

    ("Larry Kudlow, director of ...", "One senator, speaking on condition of
    anonymity,"); not a finite verb ("X, a Democrat, rejected ...").
    """
    first = toks[a]
    return first.lower in {
        "the",
        "a",
        "an",
        "another",
        "one",
        "who",
        "whom",
        "whose",
        "which",
        "including",
        "such",
        "like",
    } or (first.text[:1].islower() and first.is_word and not _is_verb_at(toks, a))


def _ends_with_name(toks: tuple[Token, ...], a: int, b: int) -> bool:
    words = [t for t in toks[a : b + 1] if t.is_word]
    return bool(words) and (words[-1].text[:1].isupper() or toks[b].text == ")")


def _is_name(toks: tuple[Token, ...], a: int, b: int) -> bool:
    """Capitalised words, possibly joined ("Theresa May and Justin Trudeau", "Charles de Gaulle")."""
    words = [t for t in toks[a : b + 1] if t.is_word and t.lower not in _NAME_JOINERS]
    return bool(words) and toks[a].text[:1].isupper() and all(w.text[:1].isupper() for w in words)


_NAME_JOINERS = {"and", "of", "de", "la", "le", "van", "von", "der", "bin", "al", "da", "du"}


def _strip_source(
    toks: tuple[Token, ...], a: int, b: int, tail: bool = True
) -> tuple[int, int] | None:
    """Drop leading connectors / prepositions / particles / time phrases and trailing commas.

    With ``tail`` also trailing auxiliaries and time words ("Trump on Friday
    said"); not for a phrase that ends in an apposition or relative clause
    closed by a comma ("Comey, whom Trump fired last year, said").
    """
    while a <= b and (
        toks[a].lower in _LEADING_SKIP
        or (toks[a].lower in {"out", "up", "off", "back", "down", "away"} and a < b)
        or toks[a].text in {",", "—", "–", ":"}
        or toks[a].text in _OPEN_QUOTE_CHARS
        or toks[a].text in _CLOSE_QUOTE_CHARS
        or (
            toks[a].lower in {"in", "on", "at", "by", "from", "with", "for"}
            and a < b
            and toks[a + 1].lower in _DETERMINERS
        )
    ):
        a += 1
    if (
        a + 1 <= b
        and toks[a].lower in {"on", "in", "last"}
        and toks[a + 1].lower
        in _DAYS
        | {
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        }
    ):
        a += 2
    while a <= b and (
        toks[b].text in {",", "—", "–"}
        or (tail and (toks[b].lower in _BETWEEN or toks[b].lower in _DAYS))
    ):
        b -= 1
    if a > b or not any(t.is_word for t in toks[a : b + 1]) or toks[a].lower in _TRUE_PREPOSITIONS:
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
        relative = toks[a].lower in {"who", "whom", "whose", "which"}
        if not relative and (
            _is_verb_at(toks, a) or (_is_adverb(toks, a) and a < b and _is_verb_at(toks, a + 1))
        ):
            return None  # "X, a Democrat, rejected the plan, telling ...": a predicate, not an apposition
        if (
            a - 2 >= lo
            and toks[a - 1].text == ","
            and toks[a].lower in _ASIDE_PREPOSITIONS
            and not toks[ci].lower.endswith("ing")
        ):
            # "Trump, during his campaign, has argued": an adverbial, not an apposition
            return _left_source(ctx, toks, a - 1, lo)
        if a - 2 >= lo and toks[a - 1].text in {",", "—", "–"}:
            a2, verb = _np_start(ctx, toks, a - 2, lo)
            clause = relative or (toks[a].lower.endswith("ing") and toks[a].text[:1].islower())
            if (
                not verb
                and a2 <= a - 2
                and (
                    (_is_apposition(toks, a, b) and (_ends_with_name(toks, a2, a - 2) or clause))
                    or (_is_name(toks, a, b) and toks[a2].lower in _DETERMINERS)
                )
            ):
                span = _strip_source(toks, a2, b, tail=False)
                if span:
                    prev = toks[span[0] - 1] if span[0] > lo else None
                    after = prev is not None and (
                        prev.text == "," or prev.text in _CLOSE_QUOTE_CHARS
                    )
                    return span[0], span[1], after
        return None
    abbreviation = toks[j].text == "." and not _is_boundary_dot(toks, j, ctx.text)  # "Corp."
    if (toks[j].text in _BOUNDARY_PUNCT - {")"} and not abbreviation) or toks[
        j
    ].text in _CLOSE_QUOTE_CHARS:
        return None
    if toks[j].lower in _BOUNDARY_WORDS or toks[j].lower in {"and", "or"}:
        if toks[j].lower in {"who", "that", "which"}:  # "men who say ..."
            a, _ = _np_start(ctx, toks, j - 1, lo, ing_stop=True)
            span = _strip_source(toks, a, j - 1) if j - 1 >= a else None
            return (span[0], span[1], False) if span else None
        return None
    if toks[j].lower in _TRUE_PREPOSITIONS:
        return None  # "merely by asserting": a gerund, not a subject + verb
    if toks[j].lower in {"he", "she", "they", "it"}:
        return (
            j,
            j,
            j > lo and toks[j - 1].text in {","} | _CLOSE_QUOTE_CHARS,
        )  # "to convey he thinks"
    if (
        toks[j].lower.endswith("ed")
        and j - 1 >= lo
        and toks[j - 1].is_word
        and toks[j - 1].lower not in _DETERMINERS | _PRONOUNS | _BETWEEN | _ALL_PREPOSITIONS
        and toks[j - 1].lower not in _BOUNDARY_WORDS | {"and", "or"}
        and not _is_verb_at(toks, j - 1)
        and not toks[j - 1].lower.endswith("ly")
    ):
        # "a CBS News poll released Sunday found", "officials involved said": a reduced relative
        a2, verb2 = _np_start(ctx, toks, j - 1, lo)
        e = ci - 1
        while e > j and (toks[e].lower in _BETWEEN or _is_adverb(toks, e)):
            e -= 1
        span = _strip_source(toks, a2, e, tail=False) if not verb2 else None
        if span:
            prev = toks[span[0] - 1] if span[0] > lo else None
            return (
                span[0],
                span[1],
                prev is not None and (prev.text == "," or prev.text in _CLOSE_QUOTE_CHARS),
            )
    if _is_verbish(toks[j], toks[j - 1] if j > 0 else None) or toks[j].lower in _PREPOSITIONS:
        a, verb = j + 1, True
    else:
        a, verb = _np_start(ctx, toks, j, lo)
    if verb:
        # "Officials who asked not to be named said", "Officials in some districts that
        # have signed up with Code.org said": a relative clause ends the subject
        for r in range(a - 2, max(lo, a - 14) - 1, -1):
            if toks[r].text in _BOUNDARY_PUNCT:
                break
            if toks[r].lower in {"who", "that"} and r > lo:
                a2, verb2 = _np_start(ctx, toks, r - 1, lo, ing_stop=True)
                span = _strip_source(toks, a2, j) if not verb2 and a2 < r else None
                if span:
                    prev = toks[span[0] - 1] if span[0] > lo else None
                    after = prev is not None and (
                        prev.text == "," or prev.text in _CLOSE_QUOTE_CHARS
                    )
                    return span[0], span[1], after
                break
        if a > j or not toks[ci].lower.endswith("ing"):
            return None
    span = _strip_source(toks, a, j)
    if not span:
        return None
    r = span[0] - 1
    if r - 1 >= lo and (
        toks[r].lower == "who"
        or (toks[r].lower in {"that", "which"} and _is_verb_at(toks, span[0]))
    ):
        # "An aide to a senator who favors diplomacy with Iran said": the antecedent
        # and its relative clause (whose subject is the gap) are the source
        a2, verb2 = _np_start(ctx, toks, r - 1, lo, ing_stop=True)
        if not verb2 and a2 < r and not _is_verb_at(toks, r - 1):
            span = _strip_source(toks, a2, j) or span
    prev = toks[span[0] - 1] if span[0] - 1 >= lo else None
    after_content = prev is not None and (prev.text == "," or prev.text in _CLOSE_QUOTE_CHARS)
    return span[0], span[1], after_content


def _is_verb_at(toks: tuple[Token, ...], k: int) -> bool:
    """Token ``k`` is probably a finite verb or auxiliary (closed list, -ed form, cue, modal)."""
    t = toks[k]
    return (
        t.lower in _MODALS
        or _is_verbish(t, toks[k - 1] if k > 0 else None)
        or (
            _match_cue(toks, k) is not None
            and not _noun_context(toks, k)
            and (t.lower not in _AMBIGUOUS or _clausal(toks, k + 1))
        )
    )


def _np_end(ctx: _Ctx, toks: tuple[Token, ...], a: int, hi: int) -> int:
    """Last index of the noun phrase that starts at token ``a`` (``a - 1`` if none).

    The phrase runs to the first comma, dash, colon, quotation mark, clause
    opener or verb; a parenthesis ("Sen. Amy Klobuchar (D-MN)") is kept whole.
    """
    b, depth = a - 1, 0
    while b + 1 < hi:
        t = toks[b + 1]
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and (
            t.text in {",", ";", ":", "—", "–", "?", "!"}
            or t.text in _OPEN_QUOTE_CHARS
            or t.text in _CLOSE_QUOTE_CHARS
            or (t.text == "." and _is_boundary_dot(toks, b + 1, ctx.text))
            or (t.lower in _BOUNDARY_WORDS and not (t.lower == "as" and toks[b].lower == "such"))
            or _is_verb_at(toks, b + 1)
            or (_is_adverb(toks, b + 1) and b + 2 < hi and _is_verb_at(toks, b + 2))
        ):
            break
        b += 1
    return b if depth == 0 else a - 1


def _adverbs_end(toks: tuple[Token, ...], k: int, hi: int) -> int:
    """First index from ``k`` that is not an adverb, auxiliary or time phrase."""
    while k < hi:
        low = toks[k].lower
        if (
            low in _BETWEEN
            or low in _DAYS
            or low in _LEADING_SKIP
            or (low.endswith("ly") and len(low) > 4 and not toks[k].text[:1].isupper())
        ):
            k += 1
        elif low in {"week", "month", "year"} or (
            toks[k].text[:1].isupper() and k > 0 and toks[k - 1].lower in {"on", "in"}
        ):
            k += 1
        else:
            break
    return k


def _subject_at(ctx: _Ctx, toks: tuple[Token, ...], s: int, hi: int) -> tuple[int, int] | None:
    """Subject ``(a, b)`` of a clause that starts at token ``s``, or None.

    The clause must read noun phrase (with a list of names, a comma-delimited
    apposition or relative clause) + finite verb. A dash-delimited aside
    between the two is skipped but not part of the subject.
    """
    a = s
    while a < hi and toks[a].lower in _LEADING_SKIP:
        a += 1
    if a >= hi or not toks[a].is_word or toks[a].lower in _PREPOSITIONS | _BOUNDARY_WORDS:
        return None
    b = _np_end(ctx, toks, a, hi)
    if b < a:
        return None
    span = _strip_source(toks, a, b)
    if span is None:
        return None
    m = b + 1
    # a list of names: "Republican governors in Ohio, Texas and Maryland moved ..."
    e = m
    while e < hi and (
        toks[e].text == ","
        or (toks[e].is_word and (toks[e].text[:1].isupper() or toks[e].lower in _NAME_JOINERS))
    ):
        e += 1
    if (
        e > m + 1
        and toks[m].text == ","
        and any(t.lower in {"and", "or"} for t in toks[m:e])
        and e < hi
        and _is_verb_at(toks, e)
        and toks[e - 1].is_word
    ):
        span, m = (span[0], e - 1), e
    # ", an apposition," / ", who ...," / ", however," / "— an aside —"
    if m < hi and toks[m].text in {",", "—", "–"}:
        mark = toks[m].text if toks[m].text == "," else "—–"
        close = next((k for k in range(m + 1, min(hi, m + 24)) if toks[k].text in mark), None)
        if close is None:
            return None
        inner = [t for t in toks[m + 1 : close] if t.is_word]
        if not inner:
            return None
        relative = inner[0].lower in {"who", "whom", "whose", "which"}
        adverbial = all(
            t.lower in _LEADING_SKIP or t.lower in _BETWEEN or t.lower.endswith("ly") for t in inner
        )
        if (
            not relative
            and not adverbial
            and any(_is_verb_at(toks, k) for k in range(m + 1, close))
        ):
            return None
        if mark == "," and not adverbial:
            if not relative and not _is_apposition(toks, m + 1, close - 1):
                return None
            span = (span[0], close - 1)
        m = close + 1
    if m < hi and not _is_verb_at(toks, m):
        m = _adverbs_end(toks, m, hi)
    if m < hi and _is_verb_at(toks, m):
        return span
    return None


def _adverbial_start(toks: tuple[Token, ...], k: int) -> bool:
    """Token ``k`` opens an adverbial (a preposition, a time word, an adverb, a participle)."""
    if k >= len(toks):
        return False
    t = toks[k]
    low = t.lower
    return (
        low in _ALL_PREPOSITIONS | _CLAUSE_OPENERS | _LEADING_SKIP | _DAYS | _TIME_NOUNS | _MONTHS
        or _is_adverb(toks, k)
        or (t.text[:1].islower() and low.endswith(("ing", "ed")))
    )


def _clause_subject(
    ctx: _Ctx, toks: tuple[Token, ...], lo: int, hi: int, fallback: bool = True
) -> tuple[int, int] | None:
    """The subject of the clause that a participle cue at token ``hi`` attaches to.

    That is the nearest clause to the left that reads subject + finite verb:
    "Governor Roy Cooper, a Democrat, rejected ..., telling" (not the subject
    of an earlier main clause, never a phrase with the verb in it). Without
    such a clause and with ``fallback``, the noun phrase that opens the
    sentence (after a leading adverbial) is taken.
    """
    for k in range(hi - 1, lo - 1, -1):
        if toks[k].text in {";", ":"}:
            lo = k + 1
            break
    # a clause starts at the sentence start, after a clause opener ("after X rejected"),
    # or after the comma that closes a fronted adverbial ("At a dinner in Maine, on
    # Saturday, Sen. X gave ..."), not after a comma inside a list or an apposition
    starts, adverbial = [lo], _adverbial_start(toks, lo)
    for k in range(lo, hi - 1):
        if toks[k].lower in _CLAUSE_OPENERS:
            starts.append(k + 1)
            adverbial = True
        elif toks[k].text in {",", "—", "–"} and adverbial:
            starts.append(k + 1)
    starts = [st for st in starts if ctx.quote_at(toks[st].start) is None]  # not inside a quotation
    spans = [sp for sp in (_subject_at(ctx, toks, st, hi) for st in starts) if sp is not None]
    # the rightmost subject that is not part of another one's apposition
    # ("Omar, one of the first women elected to Congress, has said")
    spans = [
        sp for sp in spans if not any(o != sp and o[0] <= sp[0] and sp[1] <= o[1] for o in spans)
    ]
    if spans:
        return spans[-1]
    if not fallback:
        return None
    a = lo
    # skip a leading adverbial ending in a comma ("In a statement, X ...")
    for k in range(lo, min(hi, lo + 8)):
        if toks[k].text == ",":
            if toks[lo].lower in {
                "in",
                "on",
                "at",
                "after",
                "before",
                "during",
                "meanwhile",
                "but",
                "however",
                "last",
                "earlier",
                "later",
                "yesterday",
                "today",
                "now",
                "despite",
                "amid",
                "since",
                "while",
            }:
                a = k + 1
            break
    while a < hi and toks[a].lower in _LEADING_SKIP:
        a += 1
    if a >= hi:
        return None
    b = _np_end(ctx, toks, a, hi)
    if b < a or b - a > 12:
        return None
    return _strip_source(toks, a, b)


def _content_after(
    ctx: _Ctx, sent: Sentence, toks: tuple[Token, ...], k: int, lemma: str, ing: bool = False
) -> tuple[int, int, str] | None:
    """Content that follows the cue whose last token is ``k - 1``.

    Returns ``(start, end, form)`` or None. Direct if the cue is followed by a
    quotation that closes the clause; otherwise the reported clause up to its
    end (see :func:`_clause_end`). ``ing`` says the cue is a participle.
    """
    n = len(toks)
    that = False
    # told reporters / told Insider that ...: skip the addressee
    if lemma in _TELL_LEMMAS:
        for m in range(k, min(n, k + 9)):
            if toks[m].lower == "that":
                k, that = m + 1, True
                break
            if toks[m].text in _OPEN_QUOTE_CHARS or toks[m].text in {":", ","}:
                k = m
                break
        else:
            if k < n and toks[k].is_word:
                k += 1
                while k < n and toks[k].is_word and toks[k].text[:1].isupper():
                    k += 1
    elif lemma in {"respond", "reply"} and k < n and toks[k].lower == "to":
        return None  # "responded to a report that ...": the report's clause, not the reply
    # skip adverbials; a "that" soon after (before any comma or quote) opens the content
    m = k
    while not that and m < n and m - k < 10 and toks[m].text != ",":
        if toks[m].text in _OPEN_QUOTE_CHARS:
            q = ctx.quote_starting(toks[m].start)
            if q is None or not _is_title(ctx.text[q[0] : q[1]]):
                break
            while (
                m + 1 < n and toks[m + 1].start < q[1]
            ):  # a quoted name: "on “Fox & Friends” that"
                m += 1
        elif toks[m].lower == "that":
            if not _relative_that(toks, m):  # "announced a curfew that was slated": a relative
                k, that = m + 1, True
            break
        m += 1
    while k < n and (
        toks[k].lower in _CONTENT_SKIP - {"a", "an", "the"}
        or (
            toks[k].lower in _DAYS
            and (
                toks[k].lower not in {"this", "last"}
                or (k + 1 < n and toks[k + 1].lower in _DAYS | {"week", "month", "year"})
            )
        )
    ):
        k += 1
    if not that and k < n and toks[k].lower in _ADJUNCT_OPENERS:
        # "added near the end of the press conference, “We can change ...”"
        for m in range(k + 1, min(n - 1, k + 12)):
            if toks[m].text in {",", ":"} and toks[m + 1].text in _OPEN_QUOTE_CHARS:
                k = m + 1
                break
            if toks[m].text in _BOUNDARY_PUNCT or _is_verb_at(toks, m):
                break
    if k < n and toks[k].text in _OPEN_QUOTE_CHARS:
        q = ctx.quote_starting(toks[k].start)
        if q is not None:
            inner = _inner(ctx.text, q)
            rest = _trim(ctx.text, q[1], sent.end)
            if inner[1] > inner[0]:
                if (
                    rest[0] >= rest[1]
                    or q[1] >= sent.end
                    or ctx.text[q[1] : rest[0] + 1].strip()[:1] in {",", "."}
                    or ctx.text[q[0] : q[1]].rstrip('”’"»').endswith(",")
                ):
                    return inner[0], inner[1], "direct"
                # a quotation that opens a longer clause: "believe “fake news” ... helped"
                return q[0], _clause_end(ctx, toks, k, sent, ing), "mixed"
    if k >= n:
        return None
    if not that:
        low = toks[k].lower
        if _claim_to(toks, k, lemma):
            pass  # "claim to have been harassed"
        elif low in _PREPOSITIONS:
            if lemma in _NP_CONTENT and low in {"about", "of"} and k + 1 < n:
                k += 1
            else:
                return None
        elif lemma in _CLAUSE_ONLY and not (
            low in _WH_WORDS
            or _clause_follows(toks, k)
            or _form_of(ctx, toks[k].start, _clause_end(ctx, toks, k, sent, ing), "indirect")
            == "mixed"
        ):
            # "mentioned Trump by name", "declared war": a noun phrase object, not reported
            # content (but "declared the talks “dead”" quotes the source's words)
            return None
    s = toks[k].start
    e = _clause_end(ctx, toks, k, sent, ing)
    if e <= s:
        return None
    return s, e, "indirect"


def _claim_to(toks: tuple[Token, ...], k: int, lemma: str) -> bool:
    """ "claim(s) to have ...", "purports to be ...": an infinitival reported clause at ``k``."""
    return (
        lemma in {"claim", "purport"}
        and k + 1 < len(toks)
        and toks[k].lower == "to"
        and toks[k + 1].lower in {"have", "be", "know", "own", "represent", "speak", "hold"}
    )


def _clause_end(ctx: _Ctx, toks: tuple[Token, ...], k: int, sent: Sentence, ing: bool) -> int:
    """End offset of the reported clause that starts at token ``k``.

    The clause ends with the sentence, or before an adjunct or coordinate that
    belongs to the reporting clause: ", amid ...", a comma + participle
    (", pointing to ..."), ", and" + verb (a further predicate of the
    source), ", but" + a clause with its own subject, an unpaired dash +
    "and"/"but", and after a participle cue "and" + participle ("saying ...
    and vowing to ..."). Quotations are not looked into.
    """
    n = len(toks)
    dashes = 0
    for m in range(k + 1, n - 1):
        t, nxt = toks[m], toks[m + 1]
        if ctx.quote_at(t.start) is not None:
            continue
        cut = False
        if t.text in {"—", "–"}:
            dashes += 1
        if t.text == ",":
            low = nxt.lower
            if low == "amid":
                cut = True
            elif (
                nxt.text[:1].islower()
                and low.endswith("ing")
                and len(low) > 5
                and low not in {"including", "according", "regarding", "following", "during"}
            ):
                cut = True
            elif low in {"and", "but", "or"}:
                after = _adverbs_end(toks, m + 2, n)
                cut = after < n and _is_predicate_verb(toks, after)
                if low == "but" and not cut:  # ", but the media obscured ...": a new main clause
                    cut = _subject_at(ctx, toks, m + 2, n) is not None
        elif (
            t.text in {"—", "–"}
            and nxt.lower in {"and", "but"}
            and dashes % 2 == 1
            and not any(x.text in {"—", "–"} for x in toks[m + 1 :])
        ):
            cut = True  # an opening dash that no second dash closes
        elif (
            ing
            and t.lower in {"and", "or"}
            and nxt.text[:1].islower()
            and nxt.lower.endswith("ing")
            and len(nxt.lower) > 4
            and m + 2 < n
            and toks[m + 2].is_word
            and toks[m + 2].lower not in {"and", "or"}
            and not any(
                x.lower.endswith("ing")
                and x.text[:1].islower()
                and len(x.lower) > 5
                and x.lower not in _ING_NOUNS
                for x in toks[k:m]
            )
        ):
            cut = True  # "saying he concedes “nothing” and vowing to keep up ..."
        if cut:
            return _trim(ctx.text, toks[k].start, t.start)[1]
    return _trim(ctx.text, toks[k].start, sent.end)[1]


def _form_of(ctx: _Ctx, s: int, e: int, base: str) -> str:
    """``mixed`` if indirect content holds a quotation, else ``base``.

    A quoted title or name (every word capitalised: “Captain Marvel”) is not
    a quotation of somebody's words.
    """
    if base not in {"indirect", "mixed"}:
        return base
    i = bisect.bisect_left(ctx.q_starts, s)
    while i < len(ctx.quotes) and ctx.quotes[i][0] < e:
        if not _is_title(ctx.text[ctx.quotes[i][0] : ctx.quotes[i][1]]):
            return "mixed"
        i += 1
    return "indirect"


def _is_title(quoted: str) -> bool:
    """Every word capitalised (not all in capitals): a quoted name or title (“Captain Marvel”)."""
    words = re.findall(r"[^\W\d_][\w'’-]*", quoted)
    return (
        bool(words) and all(w[:1].isupper() for w in words) and not all(w.isupper() for w in words)
    )


def _is_headline(toks: tuple[Token, ...]) -> bool:
    """Most words are capitalised: a headline ("Democrats Claim ... Would Threaten ...")."""
    words = [t for t in toks if t.text[0].isalnum()]
    return sum(t.text[0].isupper() for t in words) >= 0.8 * max(1, len(words))


def _clause_follows(toks: tuple[Token, ...], k: int) -> bool:
    """A finite clause without "that" starts at token ``k`` ("believe the NRA is ...").

    It opens with a noun phrase (or a quotation) and has a verb before the
    next comma or dash; used to read "claims", "show" or "believe" as a verb
    taking a clause rather than as a noun or a verb with a noun object.
    """
    n = len(toks)
    if k >= n or toks[k].lower in _PREPOSITIONS or toks[k].lower in _BOUNDARY_WORDS:
        return False
    if not (toks[k].is_word or toks[k].text in _OPEN_QUOTE_CHARS) or _is_verb_at(toks, k):
        return False
    if toks[k].lower in _BETWEEN or toks[k].lower in _LEADING_SKIP or toks[k].lower.endswith("ly"):
        return False
    if toks[k].lower[:-2].rstrip("’'") in _PRONOUNS and toks[k].lower.endswith(
        ("’s", "'s", "’re", "'re", "’ll", "'ll", "’ve", "'ve", "’d", "'d")
    ):
        return True  # "it’s", "they’re": pronoun + verb
    headline = _is_headline(toks)
    for m in range(k + 1, min(n, k + 16)):
        t = toks[m]
        if t.text in {",", ";", ":", ".", "?", "!", "—", "–", "("} or t.lower in _BOUNDARY_WORDS:
            return False
        low = t.lower
        if (headline or not t.text[:1].isupper()) and (low in _MODALS or low in _VERBS):
            return True
        if _is_verbish(t, toks[m - 1]):
            return True
    return False


def _sentence_drafts(ctx: _Ctx, sent: Sentence) -> list[_Draft]:
    text = ctx.text
    toks = sent.tokens
    n = len(toks)
    drafts: list[_Draft] = []
    if n == 0:
        return drafts

    # colon_speaker: "Mayor Bill de Blasio: “...”"
    for ci in range(1, min(n - 1, 8)):
        if toks[ci].text == ":" and toks[ci + 1].text in _OPEN_QUOTE_CHARS:
            if all(
                t.text[:1].isupper() or t.lower in {"de", "of", "the", "al", "."}
                for t in toks[:ci]
                if t.is_word
            ):
                q = ctx.quote_starting(toks[ci + 1].start)
                if q:
                    cs, ce = _inner(text, q)
                    drafts.append(
                        _Draft(
                            sent.index,
                            (toks[0].start, toks[ci - 1].end),
                            (toks[ci].start, toks[ci].end),
                            _Cue((":",), ":", "neutral", "speech"),
                            (cs, ce),
                            "direct",
                            "colon_speaker",
                            toks[0].start,
                            False,
                        )
                    )
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
        if entry.kind == "according_to":
            d = _according_to(ctx, sent, toks, ci, cj, entry)
            if d:
                drafts.append(d)
            continue
        # a capitalised cue inside a sentence is a name ("United States"), unless a headline
        if cue_tok.text[:1].isupper() and ci > 0 and not _is_headline(toks):
            continue
        if _not_a_reporting_verb(toks, ci, cj, entry):
            continue
        # passive: "it was (widely) reported that" is impersonal; other passives are skipped
        j = ci - 1
        while j >= 0 and (
            toks[j].lower in {"widely", "also", "often", "been", "being", "long"}
            or (toks[j].lower.endswith("ly") and len(toks[j].lower) > 4)
        ):
            j -= 1
        # "we’re reminded", "I’m told", "it’s believed" (not "he’s said": has said)
        contracted = j >= 0 and (
            toks[j].lower in {"it’s", "it's"}
            or (
                toks[j].lower.endswith(("’re", "'re", "’m", "'m"))
                and toks[j].lower[:-3] in _PRONOUNS
            )
        )
        if j >= 0 and (
            toks[j].lower in {"is", "was", "were", "are", "be", "being"}
            or (toks[j].lower == "been" and j == ci - 1)
            or toks[ci - 1].lower in {"being", "been"}
            or contracted
        ):
            # "it is (widely) reported that", "it’s believed that"; "we’re reminded" is skipped
            it = (
                j - 1
                if j >= 1 and toks[j - 1].lower == "it"
                else (j if contracted and toks[j].lower[:2] == "it" else None)
            )
            if cue_tok.lower in _IMPERSONAL_CUES and it is not None:
                c = _content_after(ctx, sent, toks, cj, entry.lemma)
                if c:
                    it_span = (toks[it].start, toks[it].start + 2)
                    drafts.append(
                        _Draft(
                            sent.index,
                            it_span,
                            cue_span,
                            entry,
                            (c[0], c[1]),
                            _form_of(ctx, c[0], c[1], c[2]),
                            "impersonal_passive",
                            it_span[0],
                            True,
                        )
                    )
            continue
        # quoted_as: "X was quoted as claiming ...", "X can be heard saying ..."
        fs = _reported_frame(toks, ci)
        if fs is not None:
            d = _verb_cue(ctx, sent, toks, ci, cj, entry, drafts, src_ci=fs)
            if d:
                d.rule = "quoted_as"
                drafts.append(d)
            continue
        d = _verb_cue(ctx, sent, toks, ci, cj, entry, drafts)
        if d:
            drafts.append(d)
    return drafts


def _not_a_reporting_verb(toks: tuple[Token, ...], ci: int, cj: int, entry: _Cue) -> bool:
    """The cue word is used here as a noun, an infinitive or a passive participle.

    "the report", "to say", "Trump’s claim", "his June 2 rant", "a new report
    from", "an immigrant accused of ..." (the accused, not the accuser).
    """
    n = len(toks)
    low = toks[ci].lower
    prev = toks[ci - 1] if ci > 0 else None
    nxt = toks[cj].lower if cj < n else ""
    if prev is not None and (prev.lower in _DETERMINERS or prev.lower == "to"):
        return True
    if (
        low in _AMBIGUOUS | _NOUN_CUES
        and prev is not None
        and (_is_possessive(prev) or prev.text.replace(",", "").isdigit() or prev.lower in _NUMBERS)
    ):
        return True
    if entry.lemma == "accuse" and nxt == "of":
        return True
    return (
        low in _AMBIGUOUS
        and not _claim_to(toks, cj, entry.lemma)
        and (_noun_context(toks, ci) or nxt in {"from", "of", "by", "on", "for"})
    )


def _reported_frame(toks: tuple[Token, ...], ci: int) -> int | None:
    """Start of a passive frame before a participle cue, or None.

    "X was quoted as saying", "X can be heard saying", "X was seen telling":
    the source is the subject before the frame; the modal of "can be heard"
    does not hedge the speech act.
    """
    k = ci - 1
    if k >= 1 and toks[k].lower == "as" and toks[k - 1].lower == "quoted":
        k -= 2
    elif (
        k >= 0
        and toks[k].lower in {"heard", "seen", "filmed", "recorded", "overheard"}
        and toks[ci].lower.endswith("ing")
    ):
        k -= 1
    else:
        return None
    if k < 0 or toks[k].lower not in _FRAME_AUX:
        return None
    while k >= 0 and toks[k].lower in _FRAME_AUX:
        k -= 1
    return k + 1


def _is_possessive(t: Token) -> bool:
    """ "Trump’s", "the agency's" (not "it’s", "that’s", "there’s")."""
    low = t.lower
    return low.endswith(("'s", "’s")) and low[:-2] not in _PRONOUNS | {
        "that",
        "there",
        "what",
        "who",
        "here",
        "where",
        "let",
    }


def _noun_context(toks: tuple[Token, ...], ci: int) -> bool:
    """The cue token follows a determiner or possessive ("the report", "Trump's new tweet")."""

    def det(t: Token) -> bool:
        return (
            t.lower in _DETERMINERS
            or t.lower in _NUMBERS
            or t.text[:1].isdigit()
            or t.lower in {"other", "various", "numerous", "multiple", "such"}
            or _is_possessive(t)
        )

    if ci >= 1 and det(toks[ci - 1]):
        return True
    if (
        ci >= 2
        and det(toks[ci - 2])
        and toks[ci - 1].is_word
        and not toks[ci].lower.endswith("ing")
    ):
        return True
    # "a New York Times report": an indefinite article before a name makes a singular
    # noun phrase, which the base form or the -s form cannot be the verb of
    k = ci - 1
    while k >= 0 and toks[k].is_word and toks[k].text[:1].isupper():
        k -= 1
    return k >= 0 and k < ci - 1 and toks[k].lower in {"a", "an"}


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
    return _Draft(
        sent.index, src, cue_span, entry, (cs, ce), form, "according_to", toks[ci].start, after
    )


def _postposed_rest(toks: tuple[Token, ...], k: int, lemma: str) -> bool:
    """Nothing but adverbials follows the cue (from token ``k``) to the sentence end."""
    n = len(toks)
    if lemma in _TELL_LEMMAS and k < n and toks[k].is_word and toks[k].lower != "that":
        k += 1
        while k < n and toks[k].is_word and toks[k].text[:1].isupper():
            k += 1
    # a participle clause of the source ends the adverbials: "..., X wrote on Twitter, arguing ..."
    end = next(
        (
            m
            for m in range(k, n - 1)
            if toks[m].text == ","
            and toks[m + 1].lower.endswith("ing")
            and _match_cue(toks, m + 1) is not None
        ),
        n,
    )
    rest = [t for t in toks[k:end] if t.is_word]
    if not rest:
        return True
    first = rest[0].lower
    if first == "that":
        return False
    if (
        first == "to"
        and len(rest) > 1
        and not (
            rest[1].lower
            in _DETERMINERS | _PRONOUNS | {"him", "her", "them", "us", "me", "reporters"}
            or rest[1].text[:1].isupper()
        )
    ):
        return False  # "tweeted to encourage colleagues ...": an infinitive, not an adjunct
    if first in _ADJUNCT_OPENERS or first in _DAYS:
        return not any(t.text in _OPEN_QUOTE_CHARS for t in toks[k:end])
    return False


def _clause_start(toks: tuple[Token, ...], k: int) -> int:
    """Index after the last comma, semicolon, colon or dash before token ``k``."""
    while k > 0 and toks[k - 1].text not in {",", ";", ":", "—", "–"}:
        k -= 1
    return k


def _characterization(toks: tuple[Token, ...], k: int) -> bool:
    """A bare predicate closes the clause after "call" ("a statement that Democrats called shocking").

    Used in a relative clause, where the object of "call" is the gap and the
    predicate is what the source called it; "called the police", "called
    for" or "called Smith" are not reports.
    """
    n = len(toks)
    if k >= n:
        return False
    t = toks[k]
    low = t.lower
    if (
        not t.is_word
        or not t.text[:1].islower()
        or low in _DETERMINERS | _PRONOUNS | _PREPOSITIONS
        or low in _QUANTIFIERS
        or low in _BETWEEN
        or low.endswith("ly")
        or _is_verb_at(toks, k)
    ):
        return False
    m = k + 1
    if (
        m < n
        and toks[m].is_word
        and toks[m].text[:1].islower()
        and toks[m].lower not in {"and", "but"}
    ):
        m += 1  # "called deeply troubling"
    return m >= n or not toks[m].is_word or toks[m].lower in {"and", "but"}


def _first_person(toks: tuple[Token, ...]) -> bool:
    """A first- or second-person pronoun among the tokens ("I", "we", "my", not "US")."""
    return any(
        t.lower in _FIRST_SECOND | {"my", "our", "your", "me", "us"}
        and not (len(t.text) > 1 and t.text.isupper())
        for t in toks
    )


def _same_inflection(a: str, b: str) -> bool:
    """Two verb forms with the same ending (-s, -ed, -ing): coordinated verbs."""
    a, b = a.lower().split()[0], b.lower().split()[0]
    for suffix in ("ing", "ed", "s"):
        if a.endswith(suffix) or b.endswith(suffix):
            return a.endswith(suffix) and b.endswith(suffix)
    return False


def _predicate_list_follows(toks: tuple[Token, ...], k: int) -> bool:
    """A coordinated predicate (", and lied ...") follows token ``k`` in the sentence.

    A finite cue right after a comma with no subject of its own is then one
    predicate in a list ("X gave a speech, whined about ..., and lied ...").
    """
    for m in range(k, len(toks) - 1):
        if toks[m].lower in {"and", "or"} and toks[m - 1].text == ",":
            nxt = _adverbs_end(toks, m + 1, len(toks))
            if nxt < len(toks) and _is_predicate_verb(toks, nxt):
                return True
    return False


def _is_predicate_verb(toks: tuple[Token, ...], k: int) -> bool:
    """Token ``k`` after a coordinator reads as a verb: -ed form, closed list or cue."""
    t = toks[k]
    if not t.is_word or t.text[:1].isupper():
        return False
    return (
        t.lower in _VERBS
        or (t.lower.endswith("ed") and len(t.lower) >= 4)
        or (_match_cue(toks, k) is not None and t.lower not in _AMBIGUOUS)
    )


def _verb_cue(
    ctx: _Ctx,
    sent: Sentence,
    toks: tuple[Token, ...],
    ci: int,
    cj: int,
    entry: _Cue,
    earlier: list[_Draft],
    src_ci: int | None = None,
) -> _Draft | None:
    """A draft for the verb cue at tokens ``ci..cj - 1``; the source ends before ``src_ci``."""
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
        and (
            prev.text in _CLOSE_QUOTE_CHARS
            or (
                prev.text == ","
                and (
                    (ci >= 2 and toks[ci - 2].text in _CLOSE_QUOTE_CHARS)
                    or _left_source(ctx, toks, ci, 0) is None
                )
            )
        )
    ):
        nxt = toks[cj]
        if (
            nxt.is_word
            and nxt.lower not in _DAYS
            and nxt.lower != "that"
            and (nxt.text[:1].isupper() or nxt.lower in _DETERMINERS | {"one", "two", "three"})
        ):
            k = cj
            while (
                k < n
                and toks[k].text not in _OPEN_QUOTE_CHARS
                and toks[k].text not in {";", "?", "!"}
            ):
                k += 1
            src = _trim(text, nxt.start, toks[k - 1].end)
            content = _content_before(ctx, sent, toks, ci)
            if content and src[1] > src[0]:
                cs, ce, form, rule, frame = content
                cs, ce, form = _split_quote(ctx, toks, k, cs, ce, form)
                return _Draft(sent.index, src, cue_span, entry, (cs, ce), form, rule, frame, False)

    if (
        entry.lemma == "call"
        and cj < n
        and toks[cj].lower in {"for", "on", "off", "in", "up", "out"}
    ):
        return None  # "called for", "calling on X to ...": a directive
    participle_ok = entry.kind not in {"finding", "parenthetical"} and entry.lemma not in {
        "believe",
        "think",
    }
    ing = cue_low.endswith("ing")
    # "... destroying emails saying, “...”": a participle introducing a quotation
    # belongs to the clause subject, not to the noun before it
    # (when the clause already reports this source's speech: "She denied ..., saying, “...”";
    # else a reduced relative: "a voice on the radio saying, “...”")
    quote_participle = (
        ing
        and prev is not None
        and prev.is_word
        and cj + 1 < n
        and toks[cj].text in {",", ":"}
        and toks[cj + 1].text in _OPEN_QUOTE_CHARS
        and any(d.sentence == sent.index for d in earlier)
    )
    src = None if quote_participle else _left_source(ctx, toks, ci if src_ci is None else src_ci, 0)
    if src is None and src_ci is not None:
        return None
    if src is None:
        # participle / coordinated cue: "..., saying that ..." / "... and said ..." / "by saying"
        # / "X gave a speech, whined about ..., and lied ..." (a list of predicates)
        j, blocked = _skip_left(toks, ci - 1, 0)
        if not participle_ok or blocked or j < 0:
            return None
        low = toks[j].lower
        prior = [d for d in earlier if d.sentence == sent.index]
        if not (
            (toks[j].text == "," and (ing or _predicate_list_follows(toks, cj)))
            or low in {"and", "but"}
            or quote_participle
            or (ing and low in {"by", "while", "after", "before", "in", "without"})
        ):
            return None
        base_form = cue_low == entry.lemma.split()[0]  # "and say", sharing an auxiliary
        if (
            (ing and low in _TRUE_PREPOSITIONS | {"while", "without"})
            or (low in {"and", "or"} and base_form)
        ) and any(toks[m].lower in _MODALS for m in range(_clause_start(toks, j), j)):
            # "a man can become a woman merely by asserting ...", "they can affirm ... and say":
            # a hypothetical act, not a report
            return None
        if not toks[j].is_word or low in {"and", "but"}:
            frame = toks[j].start
        else:
            frame = toks[ci].start if quote_participle else toks[j].start
        c = _content_after(ctx, sent, toks, cj, entry.lemma, ing)
        if not c:
            return None
        # an ambiguous form ("claims", "notes") is a verb before a that-clause or a
        # quotation, or when coordinated with a cue of the same form ("says ..., and claims")
        if (
            cue_low in _AMBIGUOUS
            and not _clausal(toks, cj)
            and not (
                low in {"and", "but"}
                and prior
                and _same_inflection(text[prior[-1].cue[0] : prior[-1].cue[1]], cue_low)
            )
        ):
            return None
        if prior:
            s_span = prior[-1].source
            if _first_person(tuple(t for t in toks if s_span[0] <= t.start < s_span[1])):
                return None
        else:
            # a coordinated verb ("... and claimed ...") needs a subject + verb clause to share
            subj = _clause_subject(ctx, toks, 0, j, fallback=low not in {"and", "but"})
            if subj is None or _first_person(toks[subj[0] : subj[1] + 1]):
                return None
            s_span = (toks[subj[0]].start, toks[subj[1]].end)
        return _Draft(
            sent.index,
            s_span,
            cue_span,
            entry,
            (c[0], c[1]),
            _form_of(ctx, c[0], c[1], c[2]),
            "participle",
            frame,
            True,
        )

    a, b, after_content = src
    s_span = (toks[a].start, toks[b].end)
    if _first_person(toks[a : b + 1]):
        return None  # the author's or the reader's voice ("I think", "in my name claiming")
    if a > 0 and toks[a - 1].lower in {"whether", "if"}:
        return None  # "asked whether he believed ...": a question, not a report
    k = a - 1 if a > 0 and toks[a - 1].lower == "that" else a
    if (
        entry.lemma in _NP_CONTENT
        and k > 0
        and _match_cue(toks, k - 1) is not None
        and not _noun_context(toks, k - 1)
        and not ((cj < n and toks[cj].lower == "that") or _clause_follows(toks, cj))
    ):
        return None  # inside reported content ("saying he concedes “nothing”"): only a clause is a report
    if (
        entry.kind == "finding"
        and _head_part(text[s_span[0] : s_span[1]])[0].split()[-1].lower() not in _DOCUMENT_HEADS
    ):
        return None  # "a study found", "Court filings show"; not "The fact that ... shows"
    if entry.kind == "parenthetical" and toks[b].lower not in _PARENTHETICAL_HEADS:
        return None

    # after the cue: the sentence end (postposed), a comma + clause (parenthetical), or content
    if after_content and a > 0:
        if entry.kind == "parenthetical" and any(t.is_word for t in toks[cj:]):
            # "It’s only a matter of time, the argument goes, before ...": the whole sentence
            cs, ce = _trim(text, sent.start, sent.end)
            return _Draft(
                sent.index,
                s_span,
                cue_span,
                entry,
                (cs, ce),
                _form_of(ctx, cs, ce, "indirect"),
                "parenthetical",
                toks[a - 1].start,
                False,
            )
        if _postposed_rest(toks, cj, entry.lemma):
            content = _content_before(ctx, sent, toks, a)
            if content:
                cs, ce, form, rule, frame = content
                cs, ce, form = _split_quote(ctx, toks, cj, cs, ce, form)
                return _Draft(
                    sent.index, s_span, cue_span, entry, (cs, ce), form, rule, frame, False
                )
            return None
        k = cj
        if k < n and toks[k].text == ",":
            if k + 1 < n and toks[k + 1].text in _OPEN_QUOTE_CHARS:
                content = _content_before(ctx, sent, toks, a)
                if content and content[2] == "direct":
                    cs, ce, form, rule, frame = content
                    cs, ce, form = _split_quote(ctx, toks, k, cs, ce, form)
                    return _Draft(
                        sent.index, s_span, cue_span, entry, (cs, ce), form, rule, frame, False
                    )
            elif k + 1 < n and _match_cue(toks, k + 1) is not None:
                content = _content_before(ctx, sent, toks, a)  # "..., X said, adding that ..."
                if content:
                    cs, ce, form, rule, frame = content
                    return _Draft(
                        sent.index, s_span, cue_span, entry, (cs, ce), form, rule, frame, False
                    )
            elif entry.lemma not in _NP_CONTENT or entry.kind == "parenthetical":
                # parenthetical: "The difference, some lawmakers say, is ..."
                cs, ce = _trim(text, sent.start, sent.end)
                return _Draft(
                    sent.index,
                    s_span,
                    cue_span,
                    entry,
                    (cs, ce),
                    _form_of(ctx, cs, ce, "indirect"),
                    "parenthetical",
                    toks[a - 1].start,
                    False,
                )
    if entry.kind == "parenthetical":
        return None
    if entry.lemma in {"believe", "think"} and not (
        cj < n and toks[cj].lower == "that" or _clause_follows(toks, cj)
    ):
        return None
    if cue_low in _AMBIGUOUS and not (
        _clausal(toks, cj)
        or _claim_to(toks, cj, entry.lemma)
        or (cue_low not in _NOMINAL_FORMS and _clause_follows(toks, cj))
    ):
        return None
    c = _content_after(ctx, sent, toks, cj, entry.lemma)
    if not c:
        return None
    form = _form_of(ctx, c[0], c[1], c[2])
    if (
        entry.lemma == "call"
        and form == "indirect"
        and not (
            a > 0 and toks[a - 1].lower in {"that", "which", "what"} and _characterization(toks, cj)
        )
    ):
        return None
    rule = "cue_quote" if form == "direct" else "subject_cue"
    return _Draft(sent.index, s_span, cue_span, entry, (c[0], c[1]), form, rule, s_span[0], True)


def _relative_that(toks: tuple[Token, ...], m: int) -> bool:
    """ "that" at ``m`` is directly followed by a verb: a relative pronoun, not "that" + clause."""
    if m + 1 >= len(toks) or m == 0 or not toks[m - 1].is_word:
        return False
    nxt = toks[m + 1].lower
    return nxt in _VERBS | _MODALS or (nxt.endswith("ed") and len(nxt) > 4)


def _clausal(toks: tuple[Token, ...], k: int) -> bool:
    """The cue at ``k - 1`` is followed by "that" or a quotation (soon).

    Only a comma or colon right after the cue may come before it ("said, “...”").
    """
    for m in range(k, min(len(toks), k + 6)):
        t = toks[m]
        if t.lower == "that" and _relative_that(toks, m):
            return False  # "comments that followed": a relative clause after a noun
        if t.lower == "that" or t.text in _OPEN_QUOTE_CHARS:
            return True
        if t.text in {".", ";"} or (t.text in {",", ":", "—", "–"} and m > k):
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
        return cs, ce, _form_of(ctx, cs, ce, "mixed"), "postposed", toks[a].start
    cs, ce = _trim(text, sent.start, toks[j].end)
    cs = _skip_connector(text, cs, ce)
    words = re.findall(r"\w+", text[cs:ce])
    if ce <= cs or all(
        w.lower() in _DAYS | _MONTHS | _TRUE_PREPOSITIONS | _LEADING_SKIP for w in words
    ):
        return None  # only a time phrase ("On Friday, X tweeted to ...")
    if (
        words[0].lower() in _TRUE_PREPOSITIONS | _CLAUSE_OPENERS | _TIME_NOUNS
        and "," not in text[cs:ce]
    ):
        return None  # a fronted adverbial: "Hours after her arrest, she tweeted ..., saying"
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


def _false_break(text: str, prev: Sentence, nxt: Sentence) -> bool:
    """The break between two sentences is an abbreviation misread as a full stop.

    True when the next "sentence" starts with a lower-case word or closing
    punctuation ("(R-Mo.), another member"), when the previous one ends with a
    title ("Gov.", "No." before a number), or when it ends with an initialism
    inside a name ("George H.W. | Bush", "the U.S. | Postal Service").
    """
    if "\n" in text[prev.end : nxt.start] or not prev.tokens or not nxt.tokens:
        return False
    first, last = nxt.tokens[0], prev.tokens[-1]
    if first.text[:1].islower() or first.text in {")", ",", ";"}:
        return True
    if last.text == "." and len(prev.tokens) >= 2:
        word = prev.tokens[-2].lower
        if word in _TITLES:
            return True
        if word in _MONTH_ABBREVIATIONS | {"no"} and first.text[:1].isdigit():
            return True  # "The No. | 1 hotspot", "on Oct. | 12"
        initial = len(word) == 1 and prev.tokens[-2].text.isupper()
    else:
        initial = bool(re.fullmatch(r"(?:[A-Z]\.){2,}", last.text))
    if not initial or not first.text[:1].isupper() or first.lower in _CLOSED_CLASS:
        return False
    k = len(prev.tokens) - (3 if last.text == "." else 2)
    before_initial = prev.tokens[k] if k >= 0 else None
    if before_initial is not None and before_initial.text[:1].isupper() and before_initial.is_word:
        return True  # a middle initial: "George H.W. Bush", "Michael J. Fox"
    second = nxt.tokens[1] if len(nxt.tokens) > 1 else None
    return second is not None and second.is_word and second.text[:1].isupper()


def _repair_sentences(doc: Document) -> Document:
    """The document with sentences wrongly split at abbreviations joined again.

    Sentence indices of the returned document differ from ``doc``'s where
    sentences were joined; offsets are unchanged.
    """
    out: list[Sentence] = []
    for s in doc.sentences:
        # never past the tokenizer's length cap: it keeps the run time linear on
        # pathological text (a long line cut into lower-case-initial pieces)
        if (
            out
            and s.end - out[-1].start <= MAX_SENTENCE_CHARS
            and _false_break(doc.text, out[-1], s)
        ):
            p = out[-1]
            out[-1] = Sentence(
                p.index, p.start, s.end, doc.text[p.start : s.end], p.tokens + s.tokens
            )
        else:
            out.append(s)
    if len(out) == len(doc.sentences):
        return doc
    return Document(
        doc.text, tuple(Sentence(i, s.start, s.end, s.text, s.tokens) for i, s in enumerate(out))
    )


def _paragraph_ids(doc: Document) -> list[int]:
    ids, p = [], 0
    for k, s in enumerate(doc.sentences):
        if k and "\n" in doc.text[doc.sentences[k - 1].end : s.start]:
            p += 1
        ids.append(p)
    return ids


def _truncate(ctx: _Ctx, drafts: list[_Draft]) -> None:
    """Cut indirect content that runs into a later attribution frame of its sentence.

    A cut content ends without a dangling connector or preposition ("... in",
    "... but then"), and its form is decided again on what remains.
    """
    text = ctx.text
    sent_tokens = {s.index: s.tokens for s in ctx.doc.sentences}
    # frames that may cut another attribution's content, by sentence; computed once
    # per draft (not per pair) so that a sentence with many cues stays linear-ish
    cutters: dict[int, list[int]] = {}
    starts: dict[int, list[int]] = {}
    for d in drafts:
        toks = sent_tokens[d.sentence]
        if d.sentence not in starts:
            starts[d.sentence] = [t.start for t in toks]
        if _coordinate(ctx, toks, d, starts[d.sentence]):
            cutters.setdefault(d.sentence, []).append(d.frame_start)
    for d in drafts:
        if not d.content_after:
            continue
        cut = min(
            (f for f in cutters.get(d.sentence, ()) if d.content[0] < f < d.content[1]),
            default=None,
        )
        if cut is not None:
            s, e = _trim(text, d.content[0], cut)
            while e > s and text[s:e].rsplit(None, 1)[-1].lower() in _DANGLING:
                e = s + text[s:e].rstrip().rfind(" ")
                s, e = _trim(text, s, e)
            if e > s:
                d.content = (s, e)
                d.form = _form_of(ctx, s, e, d.form)


def _coordinate(ctx: _Ctx, toks: tuple[Token, ...], d: _Draft, starts: list[int]) -> bool:
    """The frame of ``d`` follows another attribution's content rather than sitting inside it.

    It does when it opens with, or comes right after, punctuation or a
    coordinating conjunction (", adding", "... and Y said", ", the official
    said"); not after "that", "because", "what" or a noun ("bishops who
    said", "because he believed", "a program it said could ...").
    """
    if d.rule == "participle" or ctx.text[d.cue[0] : d.cue[1]].lower().endswith("ing"):
        return (
            True  # a participle: ", saying ...", "emails saying, “...”", "in a blogpost alleging"
        )
    k = bisect.bisect_left(starts, d.frame_start)  # starts: the tokens' start offsets
    if k >= len(toks):
        return False
    if not toks[k].is_word or toks[k].lower in _COORDINATORS:
        return True
    prev = toks[k - 1] if k > 0 else None
    if prev is None or not prev.is_word or prev.lower in _COORDINATORS:
        return True
    # ", as critics noted", ", even though he acknowledged", ", where he claimed"
    j = k - 2
    while j >= 0 and (toks[j].lower == "even" or toks[j].text in _CLOSE_QUOTE_CHARS):
        j -= 1
    return prev.lower in {"as", "though", "although", "where"} and j >= 0 and toks[j].text == ","


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
            out.append(
                _Draft(
                    k,
                    prev.source,
                    prev.cue,
                    prev.cue_entry,
                    (cs, ce),
                    "direct",
                    "continuation_quote",
                    s.start,
                    False,
                )
            )
            by_sentence[k] = [out[-1]]
    return out


def _resolve(
    ctx: _Ctx, d: _Draft, history: list[tuple[int, tuple[int, int], str]]
) -> tuple[dict[str, Any] | None, str | None]:
    """Antecedent of a pronoun source: the nearest earlier named source (<= 5 sentences)."""
    for sent_idx, span, stype in reversed(history):
        if d.sentence - sent_idx > 5:
            break
        return {"start": span[0], "end": span[1], "text": ctx.text[span[0] : span[1]]}, stype
    # fall back on the last capitalised name in this or the previous sentence
    doc = ctx.doc
    lo = doc.sentences[max(0, d.sentence - 1)].start
    names = list(
        re.finditer(
            r"(?<![\w.])(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.\s)?[A-Z][a-z]+(?:\s[A-Z][a-z]+)*",
            ctx.text[lo : d.source[0]],
        )
    )
    names = [
        m
        for m in names
        if " " in m.group()
        and m.group().split()[0].lower() not in _PRONOUNS | _LEADING_SKIP | _DETERMINERS
        and ctx.quote_at(lo + m.start()) is None
    ]  # not a name inside a quotation
    if names:
        m = names[-1]
        span = (lo + m.start(), lo + m.end())
        return {"start": span[0], "end": span[1], "text": m.group()}, classify_source(m.group())
    return None, None


def _unattributed(
    doc: Document, drafts: list[_Draft], para: list[int], quoted: set[int]
) -> list[int]:
    """Sentences asserting a judgement or contested fact with no attribution near them.

    A sentence of at least six words is flagged when it scores at least three
    subjectivity points: one per word from the strong subjectivity clues
    (MPQA) or the bias lexicon (Recasens et al. 2013), three for a deontic
    modal ("should", "ought": the author prescribing). It is not flagged when
    it is a question, is mostly quoted, is first-person speech ("I", "we": a
    transcript or a speaker, not the outlet's voice), is anchored to a day or
    clock time ("on Thursday", "at 10 a.m.": event reporting), or when it or
    an adjacent sentence of the same paragraph carries an attribution.
    """
    lex = _subjective_words()
    attributed = {d.sentence for d in drafts}
    out = []
    for k, s in enumerate(doc.sentences):
        if k in quoted or s.text.rstrip().endswith("?"):
            continue
        words = [t.text for t in s.tokens if t.text[0].isalnum()]
        if len(words) < 6:
            continue
        if any(j in attributed and para[j] == para[k] for j in (k - 1, k, k + 1)):
            continue
        lows = [w.lower() for w in words]
        if (
            "I" in words
            or "we" in lows
            or not _WEEKDAYS.isdisjoint(lows)
            or _CLOCK_RE.search(s.text)
        ):
            continue
        score = sum(
            3 if w in {"should", "ought"} else 1
            for w in lows
            if w in lex or w in {"should", "ought"}
        )
        if score >= 3:
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
    work = _repair_sentences(doc)
    ctx = _Ctx(work)
    text = doc.text
    para = _paragraph_ids(work)
    drafts: list[_Draft] = []
    for sent in work.sentences:
        drafts.extend(_sentence_drafts(ctx, sent))
    _truncate(ctx, drafts)
    drafts.extend(_continuations(ctx, drafts, para))
    drafts = [d for d in drafts if any(ch.isalnum() for ch in text[d.content[0] : d.content[1]])]
    drafts.sort(key=lambda d: (d.cue[0], d.content[0]))

    attributions: list[Attribution] = []
    history: list[tuple[int, tuple[int, int], str]] = []
    for d in drafts:
        s_text = text[d.source[0] : d.source[1]]
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
        attributions.append(
            Attribution(
                sentence=d.sentence
                if work is doc
                else doc.sentence_at(d.content[0] if d.rule == "continuation_quote" else d.cue[0]),
                source_start=d.source[0],
                source_end=d.source[1],
                source_text=s_text,
                source_type=stype,
                cue_start=d.cue[0],
                cue_end=d.cue[1],
                cue_text=text[d.cue[0] : d.cue[1]],
                stance=d.cue_entry.stance,
                content_start=d.content[0],
                content_end=d.content[1],
                form=d.form,
                rule=d.rule,
                resolved_from=resolved,
            )
        )

    # quoted regions: attributed content and quotations longer than a scare quote
    regions = [(a.content_start, a.content_end) for a in attributions]
    scare: list[tuple[int, int]] = []
    long_quotes: list[tuple[int, int]] = []
    for q in ctx.quotes:
        n_words = len(re.findall(r"\w+", text[q[0] : q[1]]))
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
    counts = _quoted_counts(doc, merged)
    result.quoted_sentences = {k for k, (q, n) in enumerate(counts) if n and q * 2 > n}
    if work is doc:
        quoted = result.quoted_sentences
    else:  # a joined sentence is mostly quoted if its parts together are
        quoted, k = set(), 0
        for w, ws in enumerate(work.sentences):
            q = n = 0
            while k < len(doc.sentences) and doc.sentences[k].start < ws.end:
                q, n, k = q + counts[k][0], n + counts[k][1], k + 1
            if n and q * 2 > n:
                quoted.add(w)
    flagged = _unattributed(work, drafts, para, quoted)
    if work is not doc:  # back to the sentence indices of ``doc`` (one pass: joins are consecutive)
        flagged_set, w = set(flagged), 0
        back = []
        for k, s in enumerate(doc.sentences):
            while w + 1 < len(work.sentences) and work.sentences[w].end <= s.start:
                w += 1
            if w in flagged_set and work.sentences[w].start <= s.start < work.sentences[w].end:
                back.append(k)
        flagged = back
    result.unattributed_sentences = flagged
    return result


def _quoted_counts(doc: Document, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Per sentence: (words inside quoted regions, words), in one pass over sorted regions."""
    out = []
    r = 0
    for s in doc.sentences:
        q = n = 0
        for t in s.tokens:
            if not t.text[0].isalnum():
                continue
            n += 1
            while r < len(regions) and regions[r][1] < t.end:
                r += 1
            if r < len(regions) and regions[r][0] <= t.start:
                q += 1
        out.append((q, n))
    return out
