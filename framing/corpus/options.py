"""What a corpus run reads from each record and writes for it (:class:`ScoreOptions`)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from ..lexicon import Lexicon
from ..model import FramingModel, load_model, sha256_file
from ..scoring import resolve_lexicon

__all__ = ["ScoreOptions", "resolve"]


@dataclass(frozen=True)
class ScoreOptions:
    """What to read from each record and what to write for it.

    Parameters
    ----------
    text_col, id_col, outlet_col : str
        Column (or JSON key) names of the text, the id and the outlet.
    keep_cols : tuple of str
        Further input columns copied into the output as text (e.g. ``date``, ``topic``).
    details : bool
        Add an ``analysis`` column with the full :meth:`ArticleAnalysis.to_dict` JSON.
    model : str, FramingModel or None
        Model name/path or a loaded model; ``None`` is the default model.
    lexicon : str, Lexicon or None
        Extra lexicon TSV merged over the shipped one, or a Lexicon.
    naming_groups : str or None
        Naming-groups TSV for the ``naming_counts`` column; ``None`` is the shipped one.
    """

    text_col: str = "text"
    id_col: str = "id"
    outlet_col: str = "outlet"
    keep_cols: tuple[str, ...] = ()
    details: bool = False
    model: FramingModel | str | os.PathLike | None = None
    lexicon: Lexicon | str | os.PathLike | None = None
    naming_groups: str | None = None

    @property
    def columns(self) -> list[str]:
        """The input columns a run reads: text, id, outlet, then the kept ones (no repeats)."""
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
            "keep_cols": list(self.keep_cols),
            "details": self.details,
            "model": f"{model.name} sha256:{model.meta.get('model_sha256')}",
            "lexicon": content(self.lexicon),
            "naming_groups": content(self.naming_groups),
        }


def resolve(opts: ScoreOptions) -> tuple[FramingModel, Lexicon]:
    """The loaded model and lexicon the options name (both cached where they are loaded)."""
    model = opts.model if isinstance(opts.model, FramingModel) else load_model(opts.model)
    return model, resolve_lexicon(opts.lexicon)
