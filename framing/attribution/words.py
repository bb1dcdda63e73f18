"""Word classes of the attribution rules: closed-class words, prepositions, cue verbs and nouns
(the sets the phrase, content and cue tests read). Shared by every rule module.
"""

from __future__ import annotations

from ..resources import attribution_cues
from ..wordclasses import word_class


def _cue_lemmas_with(column: str) -> frozenset[str]:
    """Lemmas of ``framing/data/attribution_cues.tsv`` whose behaviour ``column`` is yes."""
    return frozenset(row["lemma"] for row in attribution_cues() if row[column] == "yes")


def _cue_forms_with(column: str) -> frozenset[str]:
    """First words (lower case) of the cue forms of ``attribution_cues.tsv`` whose form
    column ``column`` is yes (the rules test a cue by its first token)."""
    return frozenset(
        row["cue"].lower().split()[0] for row in attribution_cues() if row[column] == "yes"
    )


def _cue_lemma_words(column: str) -> dict[str, frozenset[str]]:
    """Lemma -> the words of its column ``column`` of ``attribution_cues.tsv`` (non-empty)."""
    return {
        row["lemma"]: frozenset(row[column].lower().split())
        for row in attribution_cues()
        if row[column]
    }


_OPEN_QUOTE_CHARS = word_class("opening_quotes")
_CLOSE_QUOTE_CHARS = word_class("closing_quotes")

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
_AMBIGUOUS = _cue_forms_with("also_noun")
# Cue forms that are also nouns: after a possessive or a number they are nouns
# ("Trump’s claim", "his June 2 rant").
_NOUN_CUES = _cue_forms_with("possessed_noun")
# Cue forms that are mostly nouns or adjectives ("a telling sign", "in writing the
# Declaration"): a following clause without "that" does not make them verbs.
_NOMINAL_FORMS = _cue_forms_with("nominal")
# Lemmas whose content may be a noun phrase ("denied the allegations").
_NP_CONTENT = _cue_lemmas_with("np_content")
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
_PREPOSITIONS = _TRUE_PREPOSITIONS | {
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
_TELL_LEMMAS = _cue_lemmas_with("addressee")
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
_IMPERSONAL_CUES = _cue_forms_with("impersonal")
# Nouns of documents and data: the subject of a finding verb ("a study found") and the
# head of a source typed by the body that wrote it (framing.attribution.source_types).
_DOCUMENTS = {
    "analyses",
    "analysis",
    "audit",
    "bill",
    "blogpost",
    "complaint",
    "data",
    "document",
    "documents",
    "evidence",
    "figures",
    "filing",
    "filings",
    "findings",
    "guidelines",
    "indictment",
    "law",
    "lawsuit",
    "lawsuits",
    "letter",
    "memo",
    "paper",
    "petition",
    "poll",
    "polls",
    "records",
    "report",
    "reports",
    "research",
    "results",
    "ruling",
    "statement",
    "statistics",
    "studies",
    "study",
    "survey",
    "surveys",
}
# Subjects of finding verbs: documents, and the people and ideas that find or argue.
_DOCUMENT_HEADS = _DOCUMENTS | {
    "argument",
    "article",
    "authorities",
    "editorial",
    "experts",
    "inquiry",
    "investigation",
    "investigators",
    "logic",
    "officials",
    "order",
    "post",
    "probe",
    "researchers",
    "review",
    "rules",
    "saying",
    "scientists",
    "story",
    "test",
    "tests",
    "theory",
    "thinking",
}
#: Heads of a poll or survey: the source of a survey cue ("In a Fox poll, ...").
_SURVEY_NOUNS = word_class("survey_nouns")
_PARENTHETICAL_HEADS = {"argument", "story", "logic", "thinking", "theory", "saying", "joke"}
# Head nouns of documents, data and texts: such a source takes the type of the body named with
# it ("a new report from the X Association"), else "other" ("the filings").
_DOCUMENT_NOUNS = _DOCUMENTS | {
    "census",
    "email",
    "emails",
    "estimates",
    "index",
    "laws",
    "letters",
    "memos",
    "minutes",
    "model",
    "page",
    "projections",
    "remarks",
    "speech",
    "speeches",
    "statements",
    "tally",
    "testimony",
    "transcript",
    "transcripts",
    "tweet",
    "tweets",
    "website",
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
_CLAUSE_ONLY = _cue_lemmas_with("clause_only")
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
_INVERTED_LEMMAS = _cue_lemmas_with("inverted")
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

# Lemma behaviour of the cue table (see its header): reports only a clause ("believe"),
# only a characterization ("call"), an infinitive ("claim to have"); directive particles
# ("call for"), words after which the cue is no report ("accused of"), a preposition whose
# object the cue answers ("respond to").
_NEEDS_CLAUSE = _cue_lemmas_with("needs_clause")
_CHARACTERIZATION = _cue_lemmas_with("characterization")
_INFINITIVE = _cue_lemmas_with("infinitive")
_DIRECTIVE = _cue_lemma_words("directive")
_NOT_BEFORE = _cue_lemma_words("not_before")
_ANSWERS = _cue_lemma_words("answers")
