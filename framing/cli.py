"""The ``framing`` command line: a thin layer over the public functions.

Exit status: 0 ok, 1 bad input or a failed run (one line on stderr, no
traceback), 2 bad usage, 130 ``framing score`` interrupted with Ctrl-C (stderr
shows the command that resumes it).

The library is reached through the lazy ``framing`` namespace (``framing.analyze``,
``framing.report.render_html``...), so that ``framing --help`` imports none of the heavy
libraries; only light modules are imported here.
"""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import NoReturn

import click

import framing

from .errors import FramingError
from .inputs import read_text
from .outputs import atomic_write_text, input_scope

#: Said by every option that loads a model (as framing.model.TRUST_NOTE; kept here so that
#: --help imports no heavy module).
TRUST = (
    "A model directory holds Python pickle, which runs code when it is loaded: "
    "load only models you made or trust."
)
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Group(click.Group):
    """Turns every FramingError (and a few OS errors) into one line + exit 1."""

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
            with input_scope():  # no output of a command may replace one of its inputs
                return super().invoke(ctx)
        except FramingError as exc:
            raise click.ClickException(str(exc)) from None
        except (FileExistsError, PermissionError, IsADirectoryError) as exc:
            raise click.ClickException(str(exc)) from None


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


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(package_name="framing-lens", prog_name="framing")
def main() -> None:
    """Measure how news is framed: loaded terms, attribution, framing scores."""


@main.command()
@click.argument("file", default="-", type=click.Path(allow_dash=True, path_type=str))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "text", "html"]),
    default="json",
    show_default=True,
    help="Output format.",
)
@click.option("--outlet", default=None, help="Outlet name to record in the result.")
@click.option("--id", "doc_id", default=None, help="Article id to record in the result.")
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
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write to this file (atomically) instead of stdout.",
)
def analyze(
    file: str,
    fmt: str,
    outlet: str | None,
    doc_id: str | None,
    model: str | None,
    lexicon: str | None,
    encoding: str | None,
    output: str | None,
) -> None:
    """Analyze one article (FILE, or - for standard input)."""
    text = read_text(file, encoding)
    result = framing.analyze(text, outlet=outlet, model=model, id=doc_id, lexicon=lexicon)
    if fmt == "json":
        rendered = result.to_json(indent=2) + "\n"
    elif fmt == "text":
        rendered = framing.report.render_text(result)
    else:
        rendered = framing.report.render_html(result)
    _emit(rendered, output)


def _emit(rendered: str, output: str | None) -> None:
    if output is None:
        click.echo(rendered, nl=False)
        return
    atomic_write_text(output, rendered)


@main.command()
@click.argument("corpus", type=click.Path(path_type=str))
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=str),
    help="Output table: .parquet, .csv or .jsonl (written atomically).",
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
    "--keep-col",
    "keep_cols",
    multiple=True,
    help="Copy this input column into the output; repeatable.",
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
    type=click.IntRange(min=1),
    help="Articles per chunk (unit of work, of resume, and of memory).",
)
@click.option("--resume", is_flag=True, help="Continue an interrupted run (OUT.parts/).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option(
    "--scheduler",
    default=None,
    help="Dask scheduler address (--engine dask); default: a local cluster.",
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
    corpus: str,
    out: str,
    text_col: str,
    id_col: str,
    outlet_col: str,
    keep_cols: tuple[str, ...],
    jobs: int,
    chunk_size: int,
    resume: bool,
    engine: str,
    scheduler: str | None,
    details: bool,
    strict: bool,
    quiet: bool,
    encoding: str | None,
    quoting: str | None,
    on_duplicate_id: str,
    model: str | None,
    lexicon: str | None,
) -> None:
    """Score a corpus (CSV, TSV, JSONL[.gz], Parquet, or a folder of .txt) into one row per article."""
    try:
        summary = framing.score_file(
            corpus,
            out,
            text_col=text_col,
            id_col=id_col,
            outlet_col=outlet_col,
            keep_cols=keep_cols,
            n_jobs=jobs,
            chunk_size=chunk_size,
            resume=resume,
            engine=engine,
            scheduler=scheduler,
            details=details,
            strict=strict,
            encoding=encoding,
            model=model,
            lexicon=lexicon,
            progress=False if quiet else None,
            quoting=quoting,
            on_duplicate_id=on_duplicate_id,
        )
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM/SIGHUP (exit 128 + the signal)
        _interrupted(out, 128 + getattr(exc, "signum", 2))
    if not quiet:
        click.echo(str(summary), err=True)


def _interrupted(out: str, status: int = 130) -> NoReturn:
    """After Ctrl-C: say what was kept and the exact command that resumes, then exit 130."""
    ctx = click.get_current_context()
    parts = Path(f"{out}.parts")
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
@click.argument("scores", type=click.Path(path_type=str))
@click.option("--by", default="outlet", show_default=True, help="Column to group articles by.")
@click.option(
    "-o",
    "--output",
    default=None,
    type=click.Path(dir_okay=False, path_type=str),
    help="Write an HTML report (with plots) to this file.",
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
    help="The scored corpus, for --terms words (texts joined on id).",
)
@click.option("--text-col", default="text", show_default=True, help="Text column of --corpus.")
@click.option("--id-col", default="id", show_default=True, help="Id column of --corpus.")
@click.option(
    "--contrast", nargs=2, default=None, metavar="A B", help="Also compare group A with group B."
)
@click.option("--min-articles", default=1, show_default=True, help="Leave out smaller groups.")
@click.option("--bootstrap", "n_boot", default=2000, show_default=True, help="Bootstrap resamples.")
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
    "(labels, loaded terms, roles, mean sentiment with 95%% intervals).",
)
@click.option(
    "--top-actors", default=15, show_default=True, help="How many actors the actor table covers."
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
) -> None:
    """Compare outlets (or any column) in a table written by `framing score`."""
    result = framing.compare_outlets(
        scores,
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
    )
    if show_actors and result.actors is None:
        raise click.ClickException(
            f"{scores} has no actors column: score the corpus again with this version"
        )
    if fmt == "json":
        click.echo(result.to_json(indent=2))
    elif fmt == "csv":
        table = result.actors if show_actors else result.table
        click.echo(framing.tables.csv_text(table, index=not show_actors), nl=False)
    elif show_actors:
        click.echo(framing.report.render_actor_text(result), nl=False)
    else:
        click.echo(framing.report.render_comparison_text(result), nl=False)
    if output:
        _emit(result.to_html(), output)
    if plot:
        result.plot(plot)


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
    type=click.IntRange(2, 100),
    help="K for stratified K-fold (without --data).",
)
@click.option(
    "--jobs",
    default=1,
    show_default=True,
    callback=_check_jobs,
    help="Parallel folds (without --data).",
)
def evaluate(data: tuple[str, ...], model: str | None, cv: int, jobs: int) -> None:
    """Measure quality: a model on labelled data, or cross-validation on BABE."""
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
def train(
    data: tuple[str, ...], out: str, base_data: str, cv: int, seed: int, jobs: int, tagger: bool
) -> None:
    """Train a sentence model and write a versioned model directory."""
    path = framing.training.train(
        out, data=data, base_data=base_data, cv=cv, seed=seed, n_jobs=jobs, tagger=tagger
    )
    click.echo(str(path))


@main.command("models")
@click.option(
    "--dir",
    "directory",
    default=None,
    type=click.Path(file_okay=False),
    help="Folder of model directories (default ./models or $FRAMING_MODELS_DIR).",
)
@click.option(
    "--set-default",
    default=None,
    metavar="NAME",
    help="Make this model your default (stored in ~/.config/framing/default_model). " + TRUST,
)
def models_cmd(directory: str | None, set_default: str | None) -> None:
    """List model directories with their cross-validated metrics."""
    if set_default:
        framing.load_model(set_default)  # refuse to adopt a model that does not load
        path = framing.model.set_user_default(set_default)
        click.echo(f"default model: {path}")
        return
    rows = framing.model.list_models(directory)
    for r in rows:
        if "error" in r:
            click.echo(f"{r['name']:<24} ERROR {r['error']}")
            continue
        f1 = "—" if r["cv_macro_f1"] is None else f"{r['cv_macro_f1']:.3f}"
        lo = "—" if r["outlet_macro_f1"] is None else f"{r['outlet_macro_f1']:.3f}"
        click.echo(
            f"{r['name']:<24} v{r['version']:<8} cv-macro-F1 {f1}  outlet-out {lo}  {r['path']}"
        )


@main.command()
@click.argument("corpus", type=click.Path(path_type=str))
@click.option(
    "-n",
    "n",
    default=200,
    show_default=True,
    type=click.IntRange(min=1),
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
) -> None:
    """Pick sentences worth labelling (the model's least sure, spread out) from CORPUS.

    CORPUS: CSV, TSV, JSONL[.gz], Parquet or a folder of .txt articles (split into
    sentences), or a sentence file. Fill in the label column (1/0 or biased/non-biased),
    then train on it: framing train --data OUT -o models/NAME
    """
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
