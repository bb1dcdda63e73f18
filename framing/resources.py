"""The files shipped in ``framing/data/``: where they are and how each is read.

This is the only module that builds a path into ``framing/data/`` (:func:`data_path`) and
the one reader of tab-separated data files (:func:`read_tsv`: header check, line-numbered
errors), used for the shipped files and for the user's files of the same formats (a
lexicon, naming groups). Every shipped file has one loader here, cached so that a process
reads it once; treat what they return as read-only. ``framing/data/SOURCES.tsv`` lists
every file with its source, licence and sha256.

The module imports no heavy library at import time: the two binary tables (word vectors,
word usage) import numpy or gzip only when they are loaded.

Loaders
-------
load_wordlist
    A word list of ``framing/data/lexicons`` (bias lexicons, hedges, factives, opinion
    words...) as a ``frozenset`` of lower-case entries.
load_mpqa, load_vader
    MPQA subjectivity clues and VADER valences.
load_word_usage, load_word_vectors
    Word usage counts outside BABE and the distilled static word vectors.
plain_reporting_words, load_model_term_alternatives
    The tagger's never-flagged words and the neutral alternatives of its frequent finds.
attribution_cues, state_media
    The reporting cues with their stance and the state-controlled outlets.
punkt_parameters
    NLTK Punkt's English parameters as plain tables.
word_classes
    The closed word classes (:mod:`framing.wordclasses` gives them names).
page_furniture
    The line patterns of page furniture (:mod:`framing.furniture`).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .errors import InputError
from .outputs import register_input

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "data_path",
    "read_tsv",
    "split_list",
    "WORDLISTS",
    "load_wordlist",
    "load_mpqa",
    "load_vader",
    "WordUsage",
    "load_word_usage",
    "load_word_vectors",
    "plain_reporting_words",
    "load_model_term_alternatives",
    "attribution_cues",
    "state_media",
    "name_phrases",
    "reported_categories",
    "reported_from",
    "is_reported",
    "tagger_reported_from",
    "punkt_parameters",
    "word_classes",
    "page_furniture",
]

#: Shipped word lists: public name -> file in ``framing/data/lexicons``.
WORDLISTS: dict[str, str] = {
    "babe_bias_words": "babe_bias_words.txt",
    "bias_lexicon": "bias-lexicon.txt",
    "hedges": "hedges_hyland2005.txt",
    "factives": "factives_hooper1975.txt",
    "assertives": "assertives_hooper1975.txt",
    "implicatives": "implicatives_karttunen1971.txt",
    "report_verbs": "report_verbs.txt",
    "positive_words": "positive-words.txt",
    "negative_words": "negative-words.txt",
}

MPQA_FILE = "lexicons/subjclueslen1-HLTEMNLP05.tff"
VADER_FILE = "lexicons/vader_lexicon.txt"
WORD_USAGE_FILE = "word_usage.tsv.gz"
WORD_VECTORS_FILE = "word_vectors.npz"
PLAIN_REPORTING_FILE = "plain_reporting_words.txt"
ALTERNATIVES_FILE = "model_term_alternatives.tsv"
CUES_FILE = "attribution_cues.tsv"
STATE_MEDIA_FILE = "state_media.tsv"
SOURCE_ROLES_FILE = "source_roles.tsv"
SOURCE_ROLE_LISTS_FILE = "source_role_lists.tsv"
WORD_CLASSES_FILE = "word_classes.tsv"
FURNITURE_FILE = "page_furniture.tsv"
NAMES_FILE = "names.tsv"
TERM_CATEGORIES_FILE = "term_categories.tsv"
PUNKT_DIR = "punkt_english"


def data_path(*parts: str) -> Path:
    """The path of a shipped file or folder, e.g. ``data_path("lexicons", "hedges_hyland2005.txt")``."""
    return Path(str(resources.files("framing").joinpath("data", *parts)))


def _read_text(name: str, errors: str = "strict") -> str:
    return data_path(name).read_text(encoding="utf-8", errors=errors)


# ---------------------------------------------------------------- tab-separated files


def split_list(value: str) -> tuple[str, ...]:
    """A ``|``-separated cell as a tuple of stripped items (empty cell: empty tuple)."""
    return tuple(v.strip() for v in value.split("|")) if value.strip() else ()


def read_tsv(
    source: str | os.PathLike[str] | IO[str],
    columns: tuple[str, ...],
    required: tuple[str, ...] = (),
    *,
    where: str | None = None,
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a tab-separated file with a header line, as ``(line number, row)``.

    Lines before the header that are blank or start with ``#`` are comments; after it,
    blank lines are skipped. The header names the columns (any order, case-insensitive):
    each must be one of ``columns``, every name in ``required`` must be there, none twice.
    Every row must have as many cells as the header; cells are stripped.

    Parameters
    ----------
    source : path or text file object
        A file (read as UTF-8) or an open text stream.
    columns : tuple of str
        The column names the format allows.
    required : tuple of str
        The columns the header must have.
    where : str, optional
        The name used in messages (default: the path, or the stream's ``name``).

    Yields
    ------
    (int, dict)
        The 1-based line number and the row, column name -> cell.

    Raises
    ------
    InputError (a ValueError)
        Naming ``where`` and the line: an unreadable or undecodable file, a missing,
        unknown or repeated column, a row with the wrong number of cells, no header.
    """
    if isinstance(source, str | os.PathLike):
        where = where or os.fspath(source)
        register_input(source)
        try:
            text = Path(source).read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{where}: not valid UTF-8 at byte offset {exc.start}") from None
        except OSError as exc:
            raise InputError(f"{where}: cannot be read ({exc.strerror or exc})") from None
        fh: IO[str] = io.StringIO(text, newline=None)
    else:
        fh = source
        where = where or str(getattr(source, "name", source))
    return _rows(fh, where, columns, required)


def _rows(
    fh: IO[str], where: str, columns: tuple[str, ...], required: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    header: list[str] | None = None
    for lineno, raw in enumerate(fh, start=1):
        line = raw.rstrip("\r\n")
        if header is None:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            header = [h.strip().lower() for h in line.lstrip("\ufeff").split("\t")]
            unknown = [h for h in header if h not in columns]
            if unknown:
                raise InputError(
                    f"{where}: line {lineno}: unknown column(s) {unknown}; expected {list(columns)}"
                )
            missing = [c for c in required if c not in header]
            if missing:
                raise InputError(f"{where}: line {lineno}: missing required column(s) {missing}")
            if len(set(header)) != len(header):
                raise InputError(f"{where}: line {lineno}: duplicate column names")
            continue
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(header):
            raise InputError(
                f"{where}: line {lineno}: expected {len(header)} tab-separated columns, "
                f"found {len(cells)}"
            )
        yield lineno, {h: c.strip() for h, c in zip(header, cells, strict=True)}
    if header is None:
        raise InputError(f"{where}: no header line")


def _shipped_tsv(name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Every row of a shipped TSV whose header has exactly ``columns``."""
    return [row for _, row in read_tsv(data_path(name), columns, columns, where=name)]


# ---------------------------------------------------------------- word lists and lexicons


@cache
def load_wordlist(name: str) -> frozenset[str]:
    """Load a shipped word list as lower-case entries.

    Parameters
    ----------
    name : str
        One of the keys of :data:`WORDLISTS`: ``"babe_bias_words"`` (BABE bias
        word dictionary), ``"bias_lexicon"`` (Recasens et al. 2013),
        ``"hedges"``, ``"factives"``, ``"assertives"``, ``"implicatives"``,
        ``"report_verbs"``, ``"positive_words"`` / ``"negative_words"`` (Hu &
        Liu opinion lexicon).

    Returns
    -------
    frozenset of str
        Entries, lower-cased and stripped; comment lines (``#`` or ``;``) and
        blank lines are skipped. Multi-word entries (some hedges) keep their
        single inner spaces.

    Raises
    ------
    KeyError
        If ``name`` is not a known word list.
    """
    if name not in WORDLISTS:
        raise KeyError(f"unknown word list {name!r}; known: {', '.join(sorted(WORDLISTS))}")
    entries = set()
    for line in _read_text(f"lexicons/{WORDLISTS[name]}", errors="replace").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        entries.add(" ".join(line.lower().split()))
    return frozenset(entries)


@cache
def load_mpqa() -> dict[str, tuple[str, str]]:
    """Load the MPQA subjectivity clues (Wilson, Wiebe & Hoffmann 2005).

    Returns
    -------
    dict
        Lower-case word -> ``(strength, polarity)`` with strength
        ``"strongsubj"`` or ``"weaksubj"`` and polarity ``"positive"``,
        ``"negative"``, ``"neutral"`` or ``"both"``. A word listed under
        several parts of speech keeps its strongest entry (strong before weak,
        then the first listed). Treat the result as read-only: it is cached.
    """
    clues: dict[str, tuple[str, str]] = {}
    for line in _read_text(MPQA_FILE, errors="replace").splitlines():
        fields = dict(part.split("=", 1) for part in line.split() if "=" in part)
        word = fields.get("word1", "").lower()
        if not word:
            continue
        entry = (fields.get("type", "weaksubj"), fields.get("priorpolarity", "neutral"))
        old = clues.get(word)
        if old is None or (old[0] == "weaksubj" and entry[0] == "strongsubj"):
            clues[word] = entry
    return clues


@cache
def load_vader() -> dict[str, float]:
    """Load the VADER sentiment lexicon (Hutto & Gilbert 2014).

    Returns
    -------
    dict
        Token (lower-case word, or emoticon as written) -> mean valence in
        about [-4, 4]. Treat the result as read-only: it is cached.
    """
    valences: dict[str, float] = {}
    for line in _read_text(VADER_FILE, errors="replace").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            try:
                valences[parts[0].lower()] = float(parts[1])
            except ValueError:
                continue
    return valences


@dataclass(frozen=True)
class WordUsage:
    """Usage counts of words in corpora disjoint from BABE (see :func:`load_word_usage`).

    Attributes
    ----------
    columns : tuple of str
        ``("left", "center", "right", "subjective", "objective")``.
    totals : tuple of int
        Column totals over the whole corpus (including the dropped rare words).
    counts : dict
        Word -> counts in ``columns`` order. A word that is missing was seen
        fewer than twice in all: treat it as all zeros.
    """

    columns: tuple[str, ...]
    totals: tuple[int, ...]
    counts: dict[str, tuple[int, ...]]

    def get(self, word: str) -> tuple[int, ...]:
        """Counts of ``word`` (lower-case, possessive removed); zeros when unseen."""
        return self.counts.get(word) or (0,) * len(self.columns)


@cache
def load_word_usage() -> WordUsage:
    """Load the shipped word usage table (``framing/data/word_usage.tsv.gz``).

    Built by ``datasets/scripts/build_word_usage.py``: word tokens in 6,000
    Article-Bias-Prediction articles (Baly et al. 2020, Apache-2.0) by their
    outlet's AllSides rating (left / center / right), and the number of
    sentences containing the word among 5,000 subjective and 5,000 objective
    sentences of the Pang & Lee (2004) subjectivity dataset (CC BY 4.0).

    Returns
    -------
    WordUsage
        Cached; treat as read-only.
    """
    import gzip

    with gzip.open(data_path(WORD_USAGE_FILE), "rt", encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    columns: tuple[str, ...] = ()
    totals: tuple[int, ...] = ()
    counts: dict[str, tuple[int, ...]] = {}
    for line in lines:
        fields = line.split("\t")
        if fields[0] == "#word":
            columns = tuple(fields[1:])
        elif fields[0] == "#total":
            totals = tuple(int(x) for x in fields[1:])
        elif not line.startswith("#"):
            counts[fields[0]] = tuple(int(x) for x in fields[1:])
    if not columns or len(totals) != len(columns):
        raise ValueError(f"corrupt {WORD_USAGE_FILE}: missing header or #total row")
    return WordUsage(columns, totals, counts)


@cache
def load_word_vectors() -> tuple[dict[str, int], np.ndarray, np.ndarray]:
    """Load the shipped static word vectors (distilled from all-MiniLM-L6-v2).

    The table was built by ``datasets/scripts/distill_embeddings.py``: each
    word of a BABE + news + lexicon vocabulary embedded alone by
    sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), mean-pooled, reduced
    by PCA, with a SIF weight ``a / (a + p(word))`` from corpus frequencies.

    Returns
    -------
    index : dict
        Lower-case word (``’`` folded to ``'``) -> row of ``vectors``.
    vectors : ndarray of shape (n_words, n_dims), float32
    weights : ndarray of shape (n_words,), float32
        SIF weights: near 1 for rare words, small for function words.
        Treat all three as read-only: they are cached.
    """
    import numpy as np  # the one loader that needs numpy; the module stays light

    with data_path(WORD_VECTORS_FILE).open("rb") as fh, np.load(fh, allow_pickle=False) as npz:
        vectors = npz["vectors"].astype(np.float32)
        weights = npz["weights"].astype(np.float32)
        words = npz["vocab"].tobytes().decode("utf-8").split("\n")
    if len(words) != len(vectors) or len(weights) != len(vectors):
        raise ValueError(
            f"corrupt {WORD_VECTORS_FILE}: {len(words)} words, "
            f"{len(vectors)} vectors, {len(weights)} weights"
        )
    vectors.setflags(write=False)
    weights.setflags(write=False)
    return {w: i for i, w in enumerate(words)}, vectors, weights


# ---------------------------------------------------------------- the tagger's tables


@cache
def plain_reporting_words() -> frozenset[str]:
    """Words the tagger never flags: plain reporting of speech, events and actors.

    From ``framing/data/plain_reporting_words.txt`` (framing curation; its
    header gives the reasons and what was left out on purpose). The curated
    lexicon may still flag a listed loaded use.

    Returns
    -------
    frozenset of str
        Lower-case words.
    """
    lines = _read_text(PLAIN_REPORTING_FILE).splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


@cache
def load_model_term_alternatives() -> dict[str, tuple[str, ...]]:
    """The neutral-alternatives table for frequent model finds.

    Read from ``framing/data/model_term_alternatives.tsv`` (columns ``term``,
    ``alternatives`` (``|``-separated), ``note``, ``source``, ``licence``;
    ``#`` comment lines explain how the entries were chosen).

    Returns
    -------
    dict
        Lower-case term -> alternatives. Treat as read-only: it is cached.
    """
    columns = ("term", "alternatives", "note", "source", "licence")
    return {
        row["term"].lower(): tuple(a for a in split_list(row["alternatives"]) if a)
        for row in _shipped_tsv(ALTERNATIVES_FILE, columns)
    }


@cache
def page_furniture() -> tuple[dict[str, str], ...]:
    """Rows of ``framing/data/page_furniture.tsv``: ``pattern kind note scope``
    (a regular expression a whole line of page furniture matches)."""
    return tuple(_shipped_tsv(FURNITURE_FILE, ("pattern", "kind", "note", "scope")))


# ---------------------------------------------------------------- attribution's tables


@cache
def attribution_cues() -> tuple[dict[str, str], ...]:
    """Rows of ``framing/data/attribution_cues.tsv``: ``cue lemma stance kind``, the
    behaviour columns of the lemma (``addressee inverted np_content clause_only needs_clause
    characterization infinitive``: yes|no; ``directive not_before answers``: words) and of the
    form (``also_noun possessed_noun nominal impersonal``: yes|no), ``source licence``; the
    file's header comment says what each column means."""
    columns = (
        "cue",
        "lemma",
        "stance",
        "kind",
        "addressee",
        "inverted",
        "np_content",
        "clause_only",
        "also_noun",
        "possessed_noun",
        "nominal",
        "impersonal",
        "needs_clause",
        "characterization",
        "infinitive",
        "directive",
        "not_before",
        "answers",
        "source",
        "licence",
    )
    return tuple(_shipped_tsv(CUES_FILE, columns))


@cache
def source_roles() -> tuple[dict[str, str], ...]:
    """Rows of ``framing/data/source_roles.tsv`` and then of ``source_role_lists.tsv`` (the
    classes taken from public lists): ``type kind pattern`` (source typing)."""
    columns = ("type", "kind", "pattern")
    return tuple(
        _shipped_tsv(SOURCE_ROLES_FILE, columns) + _shipped_tsv(SOURCE_ROLE_LISTS_FILE, columns)
    )


@cache
def state_media() -> tuple[dict[str, str], ...]:
    """Rows of ``framing/data/state_media.tsv``: ``name country owner claim_source source licence``."""
    columns = ("name", "country", "owner", "claim_source", "source", "licence")
    return tuple(_shipped_tsv(STATE_MEDIA_FILE, columns))


@cache
def name_phrases() -> dict[str, frozenset[str]]:
    """Phrases of ``framing/data/names.tsv`` by kind (``head``, ``opener``, ``name``,
    ``modifier``, ``not_name``), as written in the file; :mod:`framing.names` reads them."""
    kinds = ("head", "opener", "name", "modifier", "not_name")
    out: dict[str, set[str]] = {kind: set() for kind in kinds}
    for lineno, row in read_tsv(
        data_path(NAMES_FILE), ("phrase", "kind", "note"), ("phrase", "kind"), where=NAMES_FILE
    ):
        if row["kind"] not in out or not row["phrase"]:
            raise InputError(
                f"{NAMES_FILE}: line {lineno}: kind {row['kind']!r} is not one of {sorted(out)}"
            )
        out[row["kind"]].add(row["phrase"])
    return {kind: frozenset(v) for kind, v in out.items()}


@cache
def reported_categories() -> frozenset[str]:
    """The loaded-term categories that :func:`framing.analyze` reports
    (``framing/data/term_categories.tsv``, with the judgements behind each choice)."""
    return frozenset(reported_from())


@cache
def _category_floors() -> tuple[dict[str, float], dict[str, float]]:
    """(lexicon floors, tagger floors) of the reported categories, read once from
    ``framing/data/term_categories.tsv``."""
    lexicon: dict[str, float] = {}
    tagger: dict[str, float] = {}
    for lineno, row in read_tsv(
        data_path(TERM_CATEGORIES_FILE),
        ("category", "reported", "reported_from", "tagger_from", "note"),
        ("category", "reported"),
        where=TERM_CATEGORIES_FILE,
    ):
        if row["reported"] not in ("yes", "no"):
            raise InputError(f"{TERM_CATEGORIES_FILE}: line {lineno}: reported must be yes or no")
        floors = []
        for column in ("reported_from", "tagger_from"):
            value = row.get(column) or ""
            try:
                floors.append(float(value) if value else None)
            except ValueError:
                raise InputError(
                    f"{TERM_CATEGORIES_FILE}: line {lineno}: {column} must be a number"
                ) from None
        if row["reported"] == "yes":
            lexicon[row["category"]] = floors[0] or 0.0
            if floors[1] is not None:
                tagger[row["category"]] = floors[1]
    return lexicon, tagger


def reported_from() -> dict[str, float]:
    """Each reported loaded-term category and the confidence from which
    :func:`framing.analyze` reports its lexicon terms (``framing/data/term_categories.tsv``,
    column ``reported_from``, 0 when empty). Lexicon entries have their prior as
    confidence and the context rules theirs (:mod:`framing.lexicon`), so a category
    can keep its clearly loaded entries and leave out the mostly plain ones.
    Treat the result as read-only: it is cached."""
    return _category_floors()[0]


def tagger_reported_from() -> dict[str, float]:
    """The reported categories whose tagger-only words :func:`framing.analyze` reports,
    and the tagger probability from which it does (column ``tagger_from``; a category
    with it empty reports lexicon terms only). Treat the result as read-only: it is cached."""
    return _category_floors()[1]


def is_reported(category: str, confidence: float, source: str = "lexicon") -> bool:
    """Whether :func:`framing.analyze` reports a loaded term of ``category`` found with
    ``confidence`` by ``source`` (``"lexicon"``: an entry or a context rule, from
    :func:`reported_from`; ``"model"``: a word only the tagger found, from
    :func:`tagger_reported_from`)."""
    floors = tagger_reported_from() if source == "model" else reported_from()
    floor = floors.get(category)
    return floor is not None and confidence >= floor


# ---------------------------------------------------------------- tokenizer and word classes


@cache
def punkt_parameters() -> tuple[
    frozenset[str], frozenset[str], frozenset[tuple[str, ...]], dict[str, int]
]:
    """NLTK Punkt's English parameters (punkt_tab format) from ``framing/data/punkt_english``.

    Returns
    -------
    abbrev_types, sent_starters, collocations, ortho_context
        The abbreviations, sentence starters and collocations (word pairs) as sets, and
        each word's orthographic context flags. Read here rather than with
        ``nltk.tokenize.punkt.load_punkt_params``, whose argument type differs between
        NLTK releases.
    """

    def lines(name: str) -> list[str]:
        text = _read_text(f"{PUNKT_DIR}/{name}")
        return [ln for ln in text.split("\n") if ln.strip()]

    ortho: dict[str, int] = {}
    for ln in lines("ortho_context.tab"):
        word, value = ln.rsplit("\t", 1)
        ortho[word] = int(value)
    return (
        frozenset(lines("abbrev_types.txt")),
        frozenset(lines("sent_starters.txt")),
        frozenset(tuple(ln.split("\t")[:2]) for ln in lines("collocations.tab")),
        ortho,
    )


@cache
def word_classes() -> dict[str, tuple[tuple[str, str], ...]]:
    """Rows of ``framing/data/word_classes.tsv`` by class: ``{class: ((word, value), ...)}``.

    :mod:`framing.wordclasses` is the interface: it names the classes and gives them as
    sets or mappings.
    """
    out: dict[str, list[tuple[str, str]]] = {}
    for lineno, row in read_tsv(
        data_path(WORD_CLASSES_FILE),
        ("class", "word", "value"),
        ("class", "word"),
        where=WORD_CLASSES_FILE,
    ):
        if not row["class"] or not row["word"]:
            raise InputError(f"{WORD_CLASSES_FILE}: line {lineno}: empty class or word")
        out.setdefault(row["class"], []).append((row["word"], row.get("value", "")))
    return {name: tuple(rows) for name, rows in out.items()}
