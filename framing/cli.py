"""The ``framing`` command line: a thin layer over the public functions.

Exit status: 0 ok, 1 bad input or a failed run (one line on stderr, no
traceback), 2 bad usage, 130 ``framing score`` interrupted with Ctrl-C (stderr
shows the command that resumes it).

The library is reached through the lazy ``framing`` namespace (``framing.analyze``,
``framing.report.render_html``...), so that ``framing --help`` imports none of the heavy
libraries; only light modules are imported here.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shlex
import shutil
import sys
import tempfile
import threading
import warnings
from pathlib import Path
from typing import Any, NoReturn

import click

import framing

from .errors import FramingError, FramingWarning, command_line_options
from .inputs import expand_sources, html_text, looks_like_html, read_text, spool_stdin
from .outputs import atomic_write_text, check_writable, input_scope, register_input

#: Said by every option that loads a model (as framing.model.TRUST_NOTE; kept here so that
#: --help imports no heavy module).
TRUST = (
    "A model directory holds Python pickle, which runs code when it is loaded: "
    "load only models you made or trust."
)
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Command(click.Command):
    """A command whose summary in ``framing --help`` is its first sentence, whole (click
    cuts it at about 45 characters, often mid-sentence)."""

    def get_short_help_str(self, limit: int = 45) -> str:
        if self.short_help:
            return self.short_help
        text = " ".join((self.help or "").split("\n\n")[0].split())
        end = text.find(". ")
        return text if end < 0 else text[: end + 1]


class _Group(click.Group):
    """Turns every FramingError (and a few OS errors) into one line + exit 1."""

    command_class = _Command

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra
    ):
        argv = list(
            args
        )  # as typed, for the resume command `framing score` prints when interrupted
        ctx = super().make_context(info_name, args, parent=parent, **extra)
        ctx.meta["framing.argv"] = argv
        return ctx

    def invoke(self, ctx: click.Context):
        try:
            with warnings.catch_warnings(), command_line_options(), input_scope():
                warnings.showwarning = _show_warning
                warnings.simplefilter("always", FramingWarning)  # shown, never raised
                return super().invoke(ctx)
        except FramingError as exc:
            raise click.ClickException(_shown(str(exc))) from None
        except (FileExistsError, PermissionError, IsADirectoryError) as exc:
            raise click.ClickException(_shown(str(exc))) from None
        finally:
            _SHOWN_AS.clear()


#: Paths that messages show under another name: the temporary copy of standard input.
_SHOWN_AS: dict[str, str] = {}


def _shown(text: str) -> str:
    for path, name in _SHOWN_AS.items():
        text = text.replace(path, name)
    return text


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """A warning as one line on stderr: ``warning: ...``."""
    click.echo(f"warning: {_shown(str(message))}", err=True)


_quiet_option = click.option("-q", "--quiet", is_flag=True, help="No progress bars.")


def _progress(quiet: bool):
    """The block's progress bars: off with --quiet (and whenever stderr is not a terminal)."""
    return framing.progress.quiet() if quiet else contextlib.nullcontext()


def _check_jobs(ctx: click.Context, param: click.Parameter, value: int) -> int:
    if value == 0 or value < -1:
        raise click.BadParameter("use -1 (all cores) or a number of processes >= 1")
    return value


def _check_cv(ctx: click.Context, param: click.Parameter, value: int) -> int:
    if value < 0 or value == 1:
        raise click.BadParameter("use 0 (no cross-validation) or a number of folds >= 2")
    return value


#: Seeds: what numpy and scikit-learn accept.
SEED = click.IntRange(0, 2**32 - 1)


def count(low: int, high: int) -> click.IntRange:
    """The type of every whole-number option: a number from ``low`` to ``high``, else a usage
    error naming the range (exit 2), so that no huge value reaches the library as a traceback
    or an hour of work."""
    return click.IntRange(low, high)


#: Bootstrap resamples: as in framing.compare.MAX_BOOTSTRAP (not imported: --help stays light).
MAX_BOOTSTRAP = 100_000


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(package_name="framing-lens", prog_name="framing")
def main() -> None:
    """Measure how news is framed: loaded terms, attribution, framing scores."""


@main.command()
@click.argument("files", nargs=-1, type=click.Path(allow_dash=True, path_type=str))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "text", "html"]),
    default="json",
    show_default=True,
    help="Output format (several files: JSON Lines, one article per line).",
)
@click.option("--outlet", default=None, help="Outlet name to record in the result.")
@click.option(
    "--id", "doc_id", default=None, help="Article id to record (several files: their paths)."
)
@click.option(
    "--model",
    default=None,
    help="Model name (under ./models) or directory; default: your default model. " + TRUST,
)
@click.option(
    "--lexicon",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Extra loaded-term lexicon TSV, merged over the shipped one.",
)
@click.option("--encoding", default=None, help="Input encoding (default UTF-8).")
@click.option(
    "--as-text",
    is_flag=True,
    help="Analyze the input as it is, as one text: no HTML extraction, and no refusal of what "
    "looks like a corpus table or a binary file.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, allow_dash=True),
    default=None,
    help="Write to this file (atomically) instead of stdout.",
)
def analyze(
    files: tuple[str, ...],
    fmt: str,
    outlet: str | None,
    doc_id: str | None,
    model: str | None,
    lexicon: str | None,
    encoding: str | None,
    as_text: bool,
    output: str | None,
) -> None:
    """Analyze one article (FILE, or - for standard input); several files give JSON Lines.

    An HTML page (.html, or text starting with <!DOCTYPE html / <html) is reduced to its
    article text first (pip install 'framing-lens[html]'); offsets index into that text,
    which --format text shows. A corpus table (CSV, TSV, JSON Lines, Parquet) or a binary
    file (PDF, DOCX, ZIP, an image) is refused with a hint: corpora are scored with
    `framing score`.
    """
    paths = [str(p) for p in expand_sources(files or ["-"])]
    if len(paths) > 1 and (fmt != "json" or doc_id is not None or "-" in paths):
        raise click.UsageError(
            "several files are analyzed into JSON Lines: use --format json, no --id, and no -"
        )
    texts = [_article_text(p, encoding, as_text) for p in paths]  # all read first
    if len(paths) > 1:
        lines = []
        for path, text in zip(paths, texts, strict=True):
            result = framing.analyze(text, outlet=outlet, model=model, id=path, lexicon=lexicon)
            lines.append(result.to_json() + "\n")
        _emit("".join(lines), output)
        return
    result = framing.analyze(texts[0], outlet=outlet, model=model, id=doc_id, lexicon=lexicon)
    if fmt == "json":
        rendered = result.to_json(indent=2) + "\n"
    elif fmt == "text":
        rendered = framing.report.render_text(result)
    else:
        rendered = framing.report.render_html(result)
    _emit(rendered, output)


def _article_text(path: str, encoding: str | None, as_text: bool) -> str:
    """The text to analyze in ``path``: an HTML page's article text (offsets index into it),
    or the file's text, refused when it is not one article (unless ``as_text``)."""
    text = read_text(path, encoding, article=not as_text)
    if not as_text and looks_like_html(text, path):
        return html_text(text, "<stdin>" if path == "-" else path)
    return text


def _emit(rendered: str, output: str | None) -> None:
    if output is None or output == "-":
        click.echo(rendered, nl=False)
        return
    atomic_write_text(output, rendered)


@main.command()
@click.argument("corpus", nargs=-1, required=True, type=click.Path(allow_dash=True, path_type=str))
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True, path_type=str),
    help="Output table: .parquet, .csv, .tsv or .jsonl (written atomically); - for JSON Lines "
    "on standard output.",
)
@click.option("--csv", "as_csv", is_flag=True, help="With -o -: write CSV instead of JSON Lines.")
@click.option(
    "--format",
    "in_fmt",
    type=click.Choice(["csv", "tsv", "jsonl", "json", "parquet"]),
    default=None,
    help="Format of a corpus on standard input (default: recognised from its first bytes).",
)
@click.option("--text-col", default="text", show_default=True, help="Column with the article text.")
@click.option(
    "--id-col",
    default="id",
    show_default=True,
    help="Column with the article id (missing: row-<record number>).",
)
@click.option(
    "--outlet-col", default="outlet", show_default=True, help="Column with the outlet name."
)
@click.option(
    "--drop-col",
    "drop_cols",
    multiple=True,
    help="Leave this input column out of the output (every other column is kept); repeatable.",
)
@click.option(
    "--keep-col",
    "keep_cols",
    multiple=True,
    help="Deprecated (every column is now kept): keep only these input columns; repeatable.",
)
@click.option(
    "--jobs",
    default=1,
    show_default=True,
    callback=_check_jobs,
    help="Worker processes (-1: all cores).",
)
@click.option(
    "--chunk-size",
    default=100,
    show_default=True,
    type=count(1, 100_000),
    help="Articles per chunk (unit of work, of resume, and of memory).",
)
@click.option("--resume", is_flag=True, help="Continue an interrupted run (OUT.parts/).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option(
    "--scheduler",
    default=None,
    help="Dask scheduler address (--engine dask); default: a local cluster.",
)
@click.option(
    "--html",
    is_flag=True,
    help="The text column holds HTML pages: score each page's article text "
    "(pip install 'framing-lens[html]').",
)
@click.option("--details", is_flag=True, help="Add the full JSON analysis of each article.")
@click.option("--strict", is_flag=True, help="Fail on the first bad row instead of skipping it.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@click.option("--encoding", default=None, help="Input encoding (default UTF-8).")
@click.option(
    "--quoting",
    type=click.Choice(["csv", "auto", "none"]),
    default=None,
    help="Quotes in CSV/TSV input: csv (RFC 4180; default for .csv), auto (a field is quoted "
    "only when it is entirely a well-formed quoted field; default for .tsv), none (quotes are text).",
)
@click.option(
    "--on-duplicate-id",
    type=click.Choice(["error", "warn", "keep"]),
    default="error",
    show_default=True,
    help="Two rows with one id: refuse the run, score them and warn, or score them silently.",
)
@click.option(
    "--model",
    default=None,
    help="Model name or directory; default: your default model. " + TRUST,
)
@click.option(
    "--lexicon",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Extra loaded-term lexicon TSV, merged over the shipped one.",
)
def score(
    corpus: tuple[str, ...],
    out: str,
    as_csv: bool,
    in_fmt: str | None,
    text_col: str,
    id_col: str,
    outlet_col: str,
    drop_cols: tuple[str, ...],
    keep_cols: tuple[str, ...],
    jobs: int,
    chunk_size: int,
    resume: bool,
    engine: str,
    scheduler: str | None,
    html: bool,
    details: bool,
    strict: bool,
    quiet: bool,
    encoding: str | None,
    quoting: str | None,
    on_duplicate_id: str,
    model: str | None,
    lexicon: str | None,
) -> None:
    """Score a corpus (CSV, TSV, JSONL[.gz], Parquet, a folder of .txt, or - for standard input)
    into one row per article.

    CORPUS may be several files or a quoted glob ('data/*.jsonl'), read as one corpus. Every
    input column but the text is kept in the output under its own name (--drop-col leaves
    one out); the id and outlet also go to the id and outlet columns.
    """
    if keep_cols:
        click.echo(
            "warning: --keep-col is deprecated and will go in the next release: every input "
            "column is now kept by default (leave one out with --drop-col)",
            err=True,
        )
    if "-" in corpus and len(corpus) > 1:
        raise click.UsageError("- (standard input) cannot be combined with other inputs")
    if in_fmt and corpus != ("-",):
        raise click.UsageError("--format is the format of standard input: use it with -")
    if as_csv and out != "-":
        raise click.UsageError("--csv is for -o - (a file's format is chosen by its suffix)")
    stdin = corpus == ("-",)
    if resume and (stdin or out == "-"):
        raise click.UsageError("--resume needs a corpus file and an output file, not -")
    if out == "-" and engine != "local":
        raise click.UsageError("-o - (standard output) runs on the local engine")
    options = dict(
        text_col=text_col,
        id_col=id_col,
        outlet_col=outlet_col,
        keep_cols=keep_cols or None,
        drop_cols=drop_cols,
        n_jobs=jobs,
        chunk_size=chunk_size,
        details=details,
        strict=strict,
        encoding=encoding,
        model=model,
        lexicon=lexicon,
        html=html,
        progress=False if quiet else None,
        quoting=quoting,
        on_duplicate_id=on_duplicate_id,
    )
    with tempfile.TemporaryDirectory(prefix="framing-stdin-") as spool:
        sources: list[str] = list(corpus)
        if stdin:
            sources = [str(spool_stdin(spool, in_fmt, encoding))]
            _SHOWN_AS[sources[0]] = "<stdin>"
        source: Any = sources[0] if len(sources) == 1 else sources
        try:
            if out == "-":
                summary = framing.corpus.score_stream(
                    source,
                    sys.stdout,
                    fmt="csv" if as_csv else "jsonl",
                    on_error=lambda e: _print_error(e, sources[0]),
                    **options,
                )
            else:
                summary = framing.score_file(
                    source, out, resume=resume, engine=engine, scheduler=scheduler, **options
                )
        except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM/SIGHUP (exit 128 + the signal)
            _interrupted(out, stdin, 128 + getattr(exc, "signum", 2))
    if summary.n_articles == 0:  # -o -: an empty corpus or every row failed (a file: raised)
        why = f"every row failed ({summary.n_errors:,})" if summary.n_errors else "no articles"
        raise click.ClickException(_shown(f"nothing was scored: {why}"))
    if not quiet:
        click.echo(str(summary), err=True)


def _print_error(e: dict, name: str) -> None:
    """A row that could not be scored, on stderr (with -o -, where no errors file is written)."""
    click.echo(_shown(f"error: {framing.corpus.run.error_line(e, name)}"), err=True)


def _interrupted(out: str, stdin: bool = False, status: int = 130) -> NoReturn:
    """After Ctrl-C: say what was kept and the exact command that resumes, then exit 130."""
    ctx = click.get_current_context()
    parts = Path(f"{out}.parts")
    if out == "-":
        click.echo(
            "interrupted: the rows above were written to standard output; a run onto "
            "standard output cannot be resumed",
            err=True,
        )
        ctx.exit(status)
    if stdin:  # standard input cannot be read again: nothing to resume
        shutil.rmtree(parts, ignore_errors=True)
        click.echo(
            f"interrupted: {out} was not written; a corpus read from standard input cannot be "
            "resumed",
            err=True,
        )
        ctx.exit(status)
    n = len(list(parts.glob("part-*.parquet"))) if parts.is_dir() else 0
    if n:
        argv = ctx.meta.get("framing.argv", [])
        command = shlex.join(
            [
                ctx.find_root().info_name or "framing",
                *argv,
                *([] if "--resume" in argv else ["--resume"]),
            ]
        )
        click.echo(
            f"interrupted: {n} finished chunk(s) are kept in {parts}; {out} was not written. "
            f"To continue, run (from the same folder):\n  {command}",
            err=True,
        )
    else:
        click.echo(
            f"interrupted before any chunk was finished; {out} was not written and there is "
            "nothing to resume",
            err=True,
        )
    ctx.exit(status)


@main.command()
@click.argument("scores", type=click.Path(allow_dash=True, path_type=str))
@click.option("--by", default="outlet", show_default=True, help="Column to group articles by.")
@click.option(
    "-o",
    "--output",
    default=None,
    type=click.Path(dir_okay=False, path_type=str),
    help="Write the HTML report (one self-contained file, works offline) to this file.",
)
@click.option(
    "--plot",
    default=None,
    type=click.Path(dir_okay=False, path_type=str),
    help="Save the scores-with-intervals plot (.png, .svg, .pdf).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="What to print on stdout.",
)
@click.option(
    "--terms",
    type=click.Choice(["loaded", "words"]),
    default="loaded",
    show_default=True,
    help="Distinguishing terms over loaded terms, or over all words (needs --corpus).",
)
@click.option(
    "--corpus",
    default=None,
    type=click.Path(path_type=str),
    help="The scored corpus (texts joined on id): for --terms words, and with scores from "
    "`framing score --details` for the report's single-article views and term explorer.",
)
@click.option("--text-col", default="text", show_default=True, help="Text column of --corpus.")
@click.option("--id-col", default="id", show_default=True, help="Id column of --corpus.")
@click.option(
    "--contrast", nargs=2, default=None, metavar="A B", help="Also compare group A with group B."
)
@click.option(
    "--min-articles",
    default=1,
    show_default=True,
    type=count(1, 10**9),
    help="Leave out smaller groups.",
)
@click.option(
    "--bootstrap",
    "n_boot",
    default=2000,
    show_default=True,
    type=count(1, MAX_BOOTSTRAP),
    help="Bootstrap resamples.",
)
@click.option("--seed", default=0, show_default=True, type=SEED, help="Bootstrap seed.")
@click.option(
    "--naming-groups",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Naming-groups TSV (default: the shipped one).",
)
@click.option(
    "--actors",
    "show_actors",
    is_flag=True,
    help="Print who calls the corpus's most frequent actors what, per group "
    "(labels, loaded terms, roles, mean sentiment with 95% intervals).",
)
@click.option(
    "--top-actors",
    default=15,
    show_default=True,
    type=count(1, 10_000),
    help="How many actors the actor table covers.",
)
@click.option(
    "--events",
    is_flag=True,
    help="Compare within events: by --event-col when present, else articles clustered by date "
    "window and text similarity (needs --corpus and a date); prints the events side by side.",
)
@click.option("--event-col", default="event", show_default=True, help="Event-id column.")
@click.option("--date-col", default="date", show_default=True, help="Date column.")
@click.option(
    "--window-days",
    default=3.0,
    show_default=True,
    type=click.FloatRange(0.0, 36_500.0),
    help="Event clustering: date window.",
)
@click.option(
    "--min-similarity",
    default=0.3,
    show_default=True,
    type=click.FloatRange(0.0, 1.0),
    help="Event clustering: least TF-IDF cosine similarity of linked articles.",
)
@click.option(
    "--over",
    type=click.Choice(["week", "month", "quarter", "year"]),
    default=None,
    help="Scores per group and period (dates read leniently); --plot saves the trends plot.",
)
def compare(
    scores: str,
    by: str,
    output: str | None,
    plot: str | None,
    fmt: str,
    terms: str,
    corpus: str | None,
    text_col: str,
    id_col: str,
    contrast: tuple[str, str] | None,
    min_articles: int,
    n_boot: int,
    seed: int,
    naming_groups: str | None,
    show_actors: bool,
    top_actors: int,
    events: bool,
    event_col: str,
    date_col: str,
    window_days: float,
    min_similarity: float,
    over: str | None,
) -> None:
    """Compare outlets (or any column) in a table written by `framing score` (- for stdin)."""
    for given in (scores, corpus):  # refused before the comparison runs, not after
        if given:
            register_input(given)  # - is standard input (the file it comes from)
    for target in (output, plot):
        if target and target != "-":
            check_writable(target)
    with tempfile.TemporaryDirectory(prefix="framing-stdin-") as spool:
        source = scores
        if scores == "-":  # e.g. framing score corpus.jsonl -o - | framing compare -
            source = str(spool_stdin(spool))
            _SHOWN_AS[source] = "<stdin>"
        result = framing.compare_outlets(
            source,
            by=by,
            terms=terms,
            texts=corpus,
            text_col=text_col,
            id_col=id_col,
            contrast=contrast or None,
            n_boot=n_boot,
            seed=seed,
            min_articles=min_articles,
            naming_groups=naming_groups,
            top_actors=top_actors,
            events=events,
            event_col=event_col,
            date_col=date_col,
            window_days=window_days,
            min_similarity=min_similarity,
            over=over,
        )
    if show_actors and result.actors is None:
        raise click.ClickException(
            f"{scores} has no actors column: score the corpus again with this version"
        )
    if fmt == "json":
        click.echo(result.to_json(indent=2))
    elif fmt == "csv":
        table = result.actors if show_actors else result.table
        click.echo(framing.tables.csv_text(table.round(4), index=not show_actors), nl=False)
    elif show_actors:
        click.echo(framing.report.render_actor_text(result), nl=False)
    else:
        click.echo(framing.report.render_comparison_text(result), nl=False)
        views = framing.compare_text
        for text in (
            views.render_events_text(result),
            views.render_trends_text(result),
            views.render_contrast_text(result),
        ):
            if text:
                click.echo("\n" + text, nl=False)
    if output:
        _emit(result.to_html(), output)
        click.echo(f"report written to {output}", err=True)
        if result.articles is None or result.articles["analysis"].isna().all():
            click.echo(
                "  (no single-article views: score with --details and pass the corpus with "
                "--corpus to drill down to articles)",
                err=True,
            )
    if plot:
        result.plot_trends(plot) if over else result.plot(plot)


@main.command()
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(path_type=str),
    help="Labelled sentences (text,label) to score the model on. "
    "Without --data: cross-validate the default configuration on BABE.",
)
@click.option("--model", default=None, help="Model name or directory (with --data). " + TRUST)
@click.option(
    "--cv",
    default=10,
    show_default=True,
    type=count(2, 100),
    help="K for stratified K-fold (without --data).",
)
@click.option(
    "--jobs",
    default=1,
    show_default=True,
    callback=_check_jobs,
    help="Parallel folds (without --data).",
)
@_quiet_option
def evaluate(data: tuple[str, ...], model: str | None, cv: int, jobs: int, quiet: bool) -> None:
    """Measure quality: a model on labelled data, or cross-validation on BABE."""
    if model is not None and not data:
        # Without --data the command cross-validates the default configuration on BABE,
        # which would ignore --model and run for minutes.
        raise click.UsageError(
            "--model needs --data (without --data, evaluate cross-validates the default "
            "configuration on BABE and uses no model)"
        )
    framing.training.unmap_large_blocks()  # folds' freed temporaries leave this process
    with _progress(quiet):
        if data:
            results = {d: framing.training.evaluate(d, model) for d in data}
        else:
            results = framing.training.cross_validate_default(k=cv, n_jobs=jobs)
    click.echo(json.dumps(results, indent=2))


@main.command()
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(path_type=str),
    help="Label file (CSV, TSV, JSONL, Parquet) with text,label columns; repeatable.",
)
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(path_type=str),
    help="New model directory, e.g. models/my-model (never overwritten).",
)
@click.option(
    "--base-data",
    type=click.Choice(["babe", "none"]),
    default="babe",
    show_default=True,
    help="Also train on the shipped BABE sentences.",
)
@click.option(
    "--cv",
    default=10,
    show_default=True,
    callback=_check_cv,
    help="K for stratified K-fold; 0 skips CV.",
)
@click.option("--seed", default=42, show_default=True, type=SEED)
@click.option(
    "--jobs", default=1, show_default=True, callback=_check_jobs, help="Parallel CV folds."
)
@click.option(
    "--tagger/--no-tagger",
    default=True,
    show_default=True,
    help="Also fit the word-level term tagger (needs word-level labels).",
)
@click.option(
    "--cache/--no-cache",
    default=True,
    show_default=True,
    help="Keep the folds fitted on BABE alone (for 'did your labels help') in the cache "
    "folder ($FRAMING_CACHE_DIR, else ~/.cache/framing) and reuse them next time.",
)
@_quiet_option
def train(
    data: tuple[str, ...],
    out: str,
    base_data: str,
    cv: int,
    seed: int,
    jobs: int,
    tagger: bool,
    cache: bool,
    quiet: bool,
) -> None:
    """Train a sentence model and write a versioned model directory."""
    framing.training.unmap_large_blocks()  # folds' freed temporaries leave this process
    with _progress(quiet):
        path = framing.training.train(
            out,
            data=data,
            base_data=base_data,
            cv=cv,
            seed=seed,
            n_jobs=jobs,
            tagger=tagger,
            cache=cache,
        )
    click.echo(str(path))


@main.command("models")
@click.option(
    "--dir",
    "directory",
    default=None,
    type=click.Path(file_okay=False),
    help="Folder of model directories (default: ./models, then your models folder; "
    "$FRAMING_MODELS_DIR replaces both).",
)
@click.option(
    "--set-default",
    default=None,
    metavar="NAME",
    help="Make this model your default (stored in $FRAMING_HOME/default_model, else "
    "~/.config/framing/default_model). " + TRUST,
)
def models_cmd(directory: str | None, set_default: str | None) -> None:
    """List model directories with their cross-validated metrics; * marks your default.

    A model name (--model NAME) is looked up in ./models, then in your models folder:
    $FRAMING_HOME/models when FRAMING_HOME is set, else ~/.local/share/framing/models
    ($XDG_DATA_HOME/framing/models). Train into that folder to use a model from anywhere.
    """
    if set_default:
        framing.load_model(set_default)  # refuse to adopt a model that does not load
        path = framing.model.set_user_default(set_default)
        click.echo(f"default model: {path}")
        return
    rows = framing.model.list_models(directory)
    for r in rows:
        mark = "*" if r.get("active") else " "
        if "error" in r:
            click.echo(f"{mark} {r['name']:<24} ERROR {r['error']}")
            continue
        f1 = "—" if r["cv_macro_f1"] is None else f"{r['cv_macro_f1']:.3f}"
        lo = "—" if r["outlet_macro_f1"] is None else f"{r['outlet_macro_f1']:.3f}"
        click.echo(
            f"{mark} {r['name']:<24} v{r['version']:<8} cv-macro-F1 {f1}  outlet-out {lo}  "
            f"{r['path']}"
        )
    value, where = framing.model.default_model_setting()
    active = next((r for r in rows if r.get("active")), None)
    name = active["name"] if active else value
    click.echo(f"\n* your default model: {name} ({where})")
    folders = (
        [directory]
        if directory
        else [str(d) if d.is_absolute() else f"./{d}" for d in framing.model.models_dirs()]
    )
    click.echo(f"model names are looked up in: {', '.join(folders)}")


@main.command()
@click.argument("corpus", type=click.Path(path_type=str))
@click.option(
    "-n",
    "n",
    default=200,
    show_default=True,
    type=count(1, 1_000_000),
    help="How many sentences to suggest.",
)
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=str),
    help="Table to label: .csv (for a spreadsheet), .tsv, .jsonl or .parquet (written atomically).",
)
@click.option(
    "--model",
    default=None,
    help="Model name or directory; default: your default model. " + TRUST,
)
@click.option(
    "--diversity",
    default=0.5,
    show_default=True,
    type=click.FloatRange(0.0, 1.0),
    help="0: least sure first; higher: also spread the picks out over the corpus.",
)
@click.option("--seed", default=42, show_default=True, type=SEED, help="Seed of the tie-breaking.")
@click.option(
    "--exclude",
    "exclude",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Label file whose sentences are already labelled; repeatable.",
)
@click.option("--text-col", default="text", show_default=True, help="Column with the text.")
@click.option("--id-col", default="id", show_default=True, help="Column with the article id.")
@click.option("--encoding", default=None, help="Input encoding (default UTF-8).")
@_quiet_option
def suggest(
    corpus: str,
    n: int,
    out: str,
    model: str | None,
    diversity: float,
    seed: int,
    exclude: tuple[str, ...],
    text_col: str,
    id_col: str,
    encoding: str | None,
    quiet: bool,
) -> None:
    """Pick sentences worth labelling (the model's least sure, spread out) from CORPUS.

    CORPUS: CSV, TSV, JSONL[.gz], Parquet or a folder of .txt articles (split into
    sentences), or a sentence file. Fill in the label column (1/0 or biased/non-biased),
    then train on it: framing train --data OUT -o models/NAME
    """
    with _progress(quiet):
        table = framing.active.suggest(
            corpus,
            n,
            model=model,
            diversity=diversity,
            seed=seed,
            exclude=exclude,
            text_col=text_col,
            id_col=id_col,
            encoding=encoding,
        )
    framing.active.write_suggestions(table, out)
    click.echo(
        f"{len(table)} sentences to label -> {out}; fill in the label column (1 = biased, 0 = not), "
        f"then: framing train --data {out} -o models/NAME",
        err=True,
    )


def run() -> NoReturn:
    """The ``framing`` program (the console script and ``python -m framing``): :func:`main`,
    then an exit that skips the interpreter's teardown.

    A command that loaded a model leaves a few hundred megabytes of Python objects behind;
    freeing them one by one at exit costs about 0.3 s of CPU, as much as the analysis of
    a short text (``python bench/startup.py``). The exit handlers still run (temporary
    files, worker pools) and the output is flushed first; the usual exit is kept whenever
    another thread is alive or the output cannot be flushed, and an uncaught exception
    exits as it always did.
    """
    try:
        main(prog_name="framing")
        code: Any = 0  # (main in standalone mode ends with SystemExit)
    except SystemExit as exc:
        code = exc.code
    _exit(code)


def _exit(code: Any) -> NoReturn:
    """``sys.exit(code)``, without the teardown when nothing else needs it (see :func:`run`)."""
    if code is not None and not isinstance(code, int):  # sys.exit("message") prints it
        sys.exit(code)
    code = code or 0
    if threading.active_count() > 1:
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe or stream: the usual exit reports it
        sys.exit(code)
    atexit._run_exitfuncs()
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
