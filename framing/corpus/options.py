"""What a corpus run reads from each record and writes for it (:class:`ScoreOptions`)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from ..lexicon import Lexicon
from ..model import SentenceModel, load_model, sha256_file
from ..scoring import resolve_lexicon

__all__ = ["ScoreOptions", "resolve"]


@dataclass(frozen=True)
class ScoreOptions:
    """What to read from each record and what to write for it.

    Parameters
    ----------
    text_col, id_col, outlet_col : str
        Column (or JSON key) names of the text, the id and the outlet.
    keep_cols : tuple of str or None
        Input columns copied into the output as text (e.g. ``date``, ``topic``). ``None``
        (the default) is every input column but the text column and ``drop_cols``, each
        under its own name; :func:`framing.corpus.records.open_corpus` resolves it to the
        columns of the input.
    details : bool
        Add an ``analysis`` column with the full :meth:`ArticleAnalysis.to_dict` JSON.
    model : str, SentenceModel or None
        Model name/path or a loaded model; ``None`` is the default model.
    lexicon : str, Lexicon or None
        Extra lexicon TSV merged over the shipped one, or a Lexicon.
    naming_groups : str or None
        Naming-groups TSV for the ``naming_counts`` column; ``None`` is the shipped one.
    drop_cols : tuple of str
        Input columns not to copy (with ``keep_cols=None``).
    html : bool
        The texts are HTML pages: each is reduced to its article text first
        (:func:`framing.inputs.html_text`, the ``html`` extra); offsets index into that text.
    keep_as : tuple of str or None
        The output name of each kept column (default: its input name); an input column
        whose name the output already has (``id`` when the id comes from another column,
        ``framing_score``...) is written as ``input_<name>``.
    """

    text_col: str = "text"
    id_col: str = "id"
    outlet_col: str = "outlet"
    keep_cols: tuple[str, ...] | None = None
    details: bool = False
    model: SentenceModel | str | os.PathLike | None = None
    lexicon: Lexicon | str | os.PathLike | None = None
    naming_groups: str | None = None
    drop_cols: tuple[str, ...] = ()
    keep_as: tuple[str, ...] | None = None
    html: bool = False

    @property
    def kept(self) -> list[tuple[str, str]]:
        """``(input column, output column)`` of each kept column (none while unresolved)."""
        cols = self.keep_cols or ()
        return list(zip(cols, self.keep_as or cols, strict=True))

    @property
    def columns(self) -> list[str] | None:
        """The input columns a run reads: text, id, outlet, then the kept ones (no repeats);
        None (all of them) while ``keep_cols`` is unresolved."""
        if self.keep_cols is None:
            return None
        return list(dict.fromkeys((self.text_col, self.id_col, self.outlet_col, *self.keep_cols)))

    def signature(self) -> dict[str, Any]:
        """The options that decide the output, as JSON (for the resume manifest).

        The model is identified by the sha256 of its file and the lexicon and
        naming-group files by their content, so a run resumed after the default
        model or a lexicon changed is refused rather than silently mixed.
        """
        model, _ = resolve(self)

        def content(path: Any) -> str | None:
            if path is None or not isinstance(path, str | os.PathLike):
                return None if path is None else type(path).__name__
            return f"{os.fspath(path)} sha256:{sha256_file(path)}"

        return {
            "text_col": self.text_col,
            "id_col": self.id_col,
            "outlet_col": self.outlet_col,
            "keep_cols": None if self.keep_cols is None else list(self.keep_cols),
            "keep_as": None if self.keep_as is None else list(self.keep_as),
            "drop_cols": list(self.drop_cols),
            "html": self.html,
            "details": self.details,
            "model": f"{model.name} sha256:{model.meta.get('model_sha256')}",
            "lexicon": content(self.lexicon),
            "naming_groups": content(self.naming_groups),
        }


def resolve(opts: ScoreOptions) -> tuple[SentenceModel, Lexicon]:
    """The loaded model and lexicon the options name (both cached where they are loaded)."""
    model = opts.model if isinstance(opts.model, SentenceModel) else load_model(opts.model)
    return model, resolve_lexicon(opts.lexicon)
