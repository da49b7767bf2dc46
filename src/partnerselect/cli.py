"""The ``partnerselect`` command.

``partnerselect demo`` ranks the bundled sample tender; ``rank`` runs your own files;
``validate`` lists every problem in a set of inputs; ``init`` writes a model template (and,
with ``--xlsx``, a workbook template for the data); ``report`` writes reports; ``debrief``
writes one note per bidder; ``rerun`` reproduces an audit record; ``monitor`` scores awarded
partners' KPIs.

Exit status: 0 success; 1 ``rerun`` did not reproduce; 2 a user problem (bad input,
problems found by ``validate``, a file where a folder is expected, a folder that cannot be
written...), printed as ONE line ``partnerselect: error: ...`` with no traceback; 3 an
internal error (a bug): one line saying so and naming the file the traceback was written to.

Everything printed goes through :func:`partnerselect.report.sanitize.clean_lines`: a
control character in a partner name (an ANSI escape sequence, a carriage return) cannot move
the cursor or rewrite a line. Steps that take a while show a progress bar on a terminal
(stderr) and nothing when the output is redirected.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import traceback
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

from partnerselect.errors import PartnerSelectError, PartnerSelectWarning

if TYPE_CHECKING:
    from partnerselect.pipeline import Evaluation

__all__ = ["main"]

REPORT_FORMATS = ("html", "xlsx", "md", "json", "csv")
#: Formats written only on request (``--format pdf`` needs headless Chromium or WeasyPrint).
EXTRA_FORMATS = ("pdf",)
DEBRIEF_FORMATS = ("html", "md", "pdf")


def _print_evaluation(ev: Evaluation, out: Any = None) -> None:
    out = out or sys.stdout
    import pandas as pd

    pd.set_option("display.width", 120)
    print(f"{ev.model.name}: method {ev.ranking.method}, {len(ev.partners)} partners", file=out)
    print("\nRanked partners (1 = best):", file=out)
    frame = ev.to_frame()
    frame["score"] = frame["score"].round(4)
    print(frame.to_string(), file=out)
    acc = ev.accounting()
    excluded = acc[acc["status"] == "excluded"]
    print(f"\nExcluded partners ({len(excluded)}):", file=out)
    if excluded.empty:
        print("  none", file=out)
    for row in excluded.itertuples():
        print(f"  {row.partner_id} {row.name}: {row.reasons}", file=out)
    _print_weights(ev, out)
    _print_evidence(ev, out)
    scenarios = getattr(ev, "scenarios", None)
    if scenarios is not None and len(scenarios):
        print("\nRank under each scenario (<NA>: not ranked there):", file=out)
        print(scenarios.to_frame().to_string(), file=out)
    if ev.verdict is not None:
        from partnerselect.report.tables import recommendation

        headline = recommendation(ev).get("headline")
        if headline:
            print(f"\n{headline}", file=out)
        print(f"\nRobustness verdict: {ev.verdict}", file=out)
    if ev.notes:
        print(f"\nNotes ({len(ev.notes)} automatic decisions and warnings):", file=out)
        for note in ev.notes:
            print(f"  - {note}", file=out)


def _describe_weighting(prov: Any) -> str:
    """One line: how a set of weights was obtained (method, AHP consistency)."""
    if not isinstance(prov, dict):
        return ""
    text = str(prov.get("method", "?"))
    if "consistency_ratio" in prov:
        verdict = "consistent" if prov.get("consistent", True) else "INCONSISTENT"
        text += (
            f" ({prov.get('priority', 'eigen')}; CR = {prov['consistency_ratio']:.3f}, "
            f"{verdict} at {prov.get('cr_threshold', 0.1)}; lambda_max = {prov.get('lambda_max', 0):.3f})"
        )
    if prov.get("evaluators"):
        text += f"; evaluators: {', '.join(map(str, prov['evaluators']))}"
    return text


def _print_weights(ev: Evaluation, out: Any) -> None:
    prov = ev.weight_provenance
    print("\nCriteria and weights (global = group x local):", file=out)
    if "groups" in prov:
        print(f"  groups weighted by {_describe_weighting(prov['groups'])}", file=out)
        for group, local in prov.get("local", {}).items():
            print(f"  within {group!r}: {_describe_weighting(local)}", file=out)
    elif "criteria" in prov:
        print(f"  criteria weighted by {_describe_weighting(prov['criteria'])}", file=out)
    tree = ev.weights.copy()
    for col in ("group_weight", "local_weight", "global_weight"):
        tree[col] = tree[col].map(lambda v: f"{v:.3f}")
    print(tree.to_string(index=False), file=out)
    _print_effective(ev, out)


def _print_effective(ev: Evaluation, out: Any) -> None:
    """Stated vs effective weights (the influence the method really gives each criterion)."""
    try:
        table = ev.effective_weights
    except (PartnerSelectError, ArithmeticError, ValueError):
        return
    view = table[["stated", "effective", "ratio", "flag"]].copy()
    for col in ("stated", "effective"):
        view[col] = view[col].map(lambda v: f"{v:.3f}")
    view["ratio"] = view["ratio"].map(lambda v: f"{v:.2f}")
    print(
        f"\nStated vs effective weights under {ev.ranking.method} (effective = mean score change "
        "from the worst to the best observed value, as a share):",
        file=out,
    )
    print(view.to_string(), file=out)


def _print_evidence(ev: Evaluation, out: Any) -> None:
    import pandas as pd

    cells = ev.criteria.cells.reset_index()
    cells = cells[cells["partner_id"].isin(ev.problem.partners)]
    tr = cells[cells["source"] == "track_record"]
    if not tr.empty:
        top = list(ev.ranking.to_frame().index[:5])
        show = tr[tr["partner_id"].isin(top)].copy()
        show["interval"] = [
            f"[{lo:.3g}, {hi:.3g}]" if pd.notna(lo) else ""
            for lo, hi in zip(show["lower"], show["upper"], strict=True)
        ]
        show["flags"] = [
            ", ".join(f for f, on in (("few projects", a), ("imputed", b)) if on)
            for a, b in zip(show["insufficient"], show["imputed"], strict=True)
        ]
        print("\nTrack-record evidence of the top 5 (value, n projects, interval):", file=out)
        view = show[["partner_id", "criterion", "value", "n", "interval", "flags"]]
        print(view.to_string(index=False, float_format=lambda v: f"{v:.3g}"), file=out)
    evr = ev.criteria.evaluators
    if evr is not None and len(evr.disagreements):
        print("\nEvaluator disagreements (spread above tolerance):", file=out)
        cols = [
            c
            for c in ("partner_id", "criterion", "min", "max", "spread", "value")
            if c in evr.disagreements
        ]
        print(evr.disagreements[cols].to_string(index=False), file=out)


class _Progress:
    """Steps of a command as a tqdm bar on stderr when it is a terminal; silent otherwise."""

    def __init__(self, total: int, *, enabled: bool = True) -> None:
        # the terminal itself: the bar's own carriage returns must not be cleaned away
        stream = sys.stderr
        self.stream = stream._stream if isinstance(stream, _CleanStream) else stream
        self.bar: Any = None
        if enabled and _isatty(self.stream):
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=self.stream, unit="step", leave=False)

    @contextlib.contextmanager
    def step(self, text: str) -> Iterator[None]:
        if self.bar is not None:
            self.bar.set_description_str(text)
        yield
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _prepare_out_dir(out_dir: Path) -> None:
    """Refuse, before any work, an output folder that is a file or cannot be written."""
    for parent in (out_dir, *out_dir.parents):
        if parent.exists():
            if not parent.is_dir():
                msg = (
                    f"the output folder {out_dir} cannot be created: {parent} is a file. "
                    "Pass another --out folder."
                )
                raise _UserError(msg)
            if not os.access(parent, os.W_OK | os.X_OK):
                msg = f"the output folder {parent} is not writable. Pass another --out folder."
                raise _UserError(msg)
            break


class _UserError(Exception):
    """A problem with the command line itself (printed as one line, exit status 2)."""


def _write_reports(
    ev: Evaluation, out_dir: Path, formats: Sequence[str], progress: _Progress | None = None
) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    progress = progress or _Progress(0, enabled=False)
    plotted = {"html", "md"} & set(formats)
    if plotted:
        _draw_plots(ev, progress)
    # the formats without plots first: they are written while worker processes draw
    written: dict[str, Path] = {}
    for fmt in sorted(formats, key=lambda f: f in plotted):
        with progress.step(f"writing {fmt} report"):
            written[fmt] = ev.report(out_dir / f"partnerselect-report.{fmt}")
    return [written[fmt] for fmt in formats]


def _available_formats() -> list[str]:
    from partnerselect.report import _writers

    have = {s.lstrip(".") for s in _writers()}
    return [f for f in REPORT_FORMATS if f in have]


def _sheet_option(values: Sequence[str] | None) -> str | dict[str, str] | None:
    """``--sheet NAME`` (every table) or ``--sheet TABLE=NAME`` (repeatable)."""
    if not values:
        return None
    tables = ("partners", "track_records", "records", "scores", "evaluator_scores")
    per_table: dict[str, str] = {}
    every: str | None = None
    for value in values:
        table, sep, name = value.partition("=")
        if sep and table.strip() in tables:
            per_table[table.strip()] = name.strip()
        else:
            every = value
    if every is not None and not per_table:
        return every
    if every is not None:
        for table in ("partners", "track_records", "scores"):
            per_table.setdefault(table, every)
    return per_table


def _run(
    partners: Any,
    records: Any,
    model: Any,
    scores: Any,
    out_dir: Path,
    formats: Sequence[str] | None,
    *,
    sheet: Any = None,
    workbook: Any = None,
) -> int:
    from partnerselect.pipeline import evaluate

    _prepare_out_dir(out_dir)
    formats = list(formats or _available_formats())
    progress = _Progress(1 + len(formats))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PartnerSelectWarning)  # shown as notes instead
            with progress.step("evaluating"):
                ev = evaluate(
                    partners, records, model, scores=scores, sheet=sheet, workbook=workbook
                )
            with _paused(progress):
                _print_evaluation(ev)
            paths = _write_reports(ev, out_dir, formats, progress)
    finally:
        progress.close()
    print("\nReports written:")
    for p in paths:
        print(f"  {p}")
    return 0


def _draw_plots(ev: Evaluation, progress: _Progress) -> None:
    """Start drawing the report plots (the reports collect them), one tick per plot."""
    from partnerselect.report.plots import plot_specs, start_plots

    bar = progress.bar
    if bar is None:
        start_plots(ev)
        return
    n = len(plot_specs(ev))
    bar.total += n
    bar.set_description_str(f"drawing {n} plots")
    start_plots(ev, progress=lambda: bar.update(1))


@contextlib.contextmanager
def _paused(progress: _Progress) -> Iterator[None]:
    """Print to stdout without the progress bar tearing through the text."""
    if progress.bar is None:
        yield
        return
    progress.bar.clear()
    yield
    sys.stdout.flush()
    progress.bar.refresh()


def cmd_demo(args: argparse.Namespace) -> int:
    from partnerselect.datasets import load_sample

    sample = load_sample()
    return _run(
        sample.paths["partners"],
        sample.paths["track_records"],
        sample.model_path,
        sample.paths["scores"],
        Path(args.out),
        args.format,
    )


def _need_partners(args: argparse.Namespace) -> None:
    if args.partners is None and getattr(args, "workbook", None) is None:
        msg = "give the partner table with --partners FILE, or a workbook with --workbook FILE"
        raise _UsageError(msg)


class _UsageError(PartnerSelectError, ValueError):
    """A command-line option is missing or contradicts another."""


def cmd_rank(args: argparse.Namespace) -> int:
    _need_partners(args)
    return _run(
        args.partners,
        args.records,
        args.model,
        args.scores,
        Path(args.out),
        args.format,
        sheet=_sheet_option(getattr(args, "sheet", None)),
        workbook=getattr(args, "workbook", None),
    )


def cmd_validate(args: argparse.Namespace) -> int:
    from partnerselect.validate import validate

    notes: list[str] = []
    _need_partners(args)
    partners, records, scores = args.partners, args.records, args.scores
    sheet = _sheet_option(getattr(args, "sheet", None))
    progress = _Progress(1)
    try:
        with progress.step("validating"):
            if getattr(args, "workbook", None) is not None or sheet is not None:
                partners, records, scores = _tables_for_validate(args, sheet)
            problems = validate(partners, records, args.model, scores=scores, notes=notes)
    finally:
        progress.close()
    for note in notes:
        print(f"note: {note}")
    if not problems:
        print("No problems found.")
        return 0
    print(f"{len(problems)} problem(s) found:")
    for p in problems:
        print(f"  - {p}")
    return 2  # a user problem, like every other refusal (never 1)


def _tables_for_validate(args: argparse.Namespace, sheet: Any) -> tuple[Any, Any, Any]:
    """Tables read from a workbook or named sheets for ``validate`` (problems in them are
    raised as the first error; the other checks run on the tables read)."""
    from partnerselect.io import read_workbook, table_options
    from partnerselect.model import read_model
    from partnerselect.pipeline import _model_columns, _model_layout

    try:
        mdl = read_model(args.model)
        columns, layout = _model_columns(mdl), _model_layout(mdl)
    except PartnerSelectError:
        columns, layout = {}, "auto"
    sheets = table_options(columns)[1]
    if isinstance(sheet, dict):
        sheets.update(table_options({"sheets": sheet})[1])
    elif sheet is not None:
        sheets = dict.fromkeys(("partners", "track_records", "scores"), sheet)
    partners, records, scores = args.partners, args.records, args.scores
    if args.workbook is not None:
        wb = read_workbook(args.workbook, sheets=sheets, columns=columns, layout=layout)
        partners = partners or wb.partners
        records = records or wb.track_records
        scores = scores or wb.scores
    return partners, records, scores


def cmd_init(args: argparse.Namespace) -> int:
    from partnerselect.template import write_template

    if args.path is not None or args.xlsx is None:
        path = write_template(args.path or "model.toml", overwrite=args.force)
        print(
            f"Model template written to {path}. Edit it, then run: "
            f"partnerselect rank --model {path} ..."
        )
    if args.xlsx is not None:
        from partnerselect.io.template_workbook import write_workbook_template

        book = write_workbook_template(args.xlsx, overwrite=args.force)
        print(
            f"Workbook template written to {book}: fill in the partners, track_records and "
            "scores sheets (the instructions sheet explains every column)."
        )
    return 0


def _safe_stem(partner_id: str) -> str:
    """A partner id as a file-name part (letters, digits, ``-`` and ``_`` only)."""
    import re

    return re.sub(r"[^A-Za-z0-9_-]+", "_", partner_id).strip("_")[:60] or "partner"


def cmd_debrief(args: argparse.Namespace) -> int:
    from partnerselect.pipeline import evaluate

    _need_partners(args)
    progress = _Progress(1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PartnerSelectWarning)  # the committee report has them
            with progress.step("evaluating"):
                ev = evaluate(
                    args.partners,
                    args.records,
                    args.model,
                    scores=args.scores,
                    analyses=False,
                    sheet=_sheet_option(getattr(args, "sheet", None)),
                    workbook=getattr(args, "workbook", None),
                )
            ids = args.partner or [str(p) for p in ev.partners["partner_id"]]
            out = Path(args.out)
            written = []
            if progress.bar is not None:
                progress.bar.total += len(ids)
            for k, pid in enumerate(ids, start=1):
                with progress.step(f"writing debrief {k}/{len(ids)}"):
                    note = ev.debrief(pid)
                    written.append(note.write(out / f"debrief-{_safe_stem(pid)}.{args.format}"))
    finally:
        progress.close()
    print(f"{len(written)} debrief(s) written:")
    for path in written:
        print(f"  {path}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    return cmd_rank(args)


def cmd_rerun(args: argparse.Namespace) -> int:
    from partnerselect.report.rerun import rerun

    progress = _Progress(1)
    try:
        with progress.step("re-running the audit record"):
            ok, message = rerun(args.audit)
    finally:
        progress.close()
    print(message)
    return 0 if ok else 1


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (no usage block), as every other user error prints."""

    def error(self, message: str) -> NoReturn:
        text = _one_line(f"{message} (see '{self.prog} --help')")
        self.exit(2, f"{self.prog}: error: {text}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="partnerselect",
        description="Rank outsourcing and technology partners with multi-criteria decision methods.",
    )
    from partnerselect import __version__

    parser.add_argument(
        "--version",
        action="version",
        version=f"partnerselect {__version__}",
        help="print the version and exit",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add_input_args(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--partners",
            help="partner profiles, one row per bidder (CSV, XLSX, JSON or Parquet); "
            "or give --workbook",
        )
        p.add_argument(
            "--records", help="track records, one row per past project (CSV, XLSX, JSON)"
        )
        p.add_argument(
            "--scores", help="evaluator scores, one row per evaluator, bidder and criterion"
        )
        p.add_argument("--model", required=True, help="evaluation model (TOML or YAML)")

    def add_run_args(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--out",
            default="partnerselect-report",
            help="output folder for reports (default: %(default)s)",
        )
        p.add_argument(
            "--format",
            action="append",
            choices=REPORT_FORMATS + EXTRA_FORMATS,
            help=(
                "report format; repeat for several (default: "
                f"{', '.join(REPORT_FORMATS)}; pdf needs headless Chromium or WeasyPrint)"
            ),
        )

    def add_table_args(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--workbook",
            help="one workbook holding the tables (sheets partners, track_records, scores, "
            "or as named in the model's [columns.sheets])",
        )
        p.add_argument(
            "--sheet",
            action="append",
            metavar="[TABLE=]NAME",
            help="workbook sheet to read: NAME for every table, or TABLE=NAME (partners, "
            "track_records, scores); repeat for several",
        )

    p = sub.add_parser("demo", help="rank the bundled sample tender and write its reports")
    add_run_args(p)
    p.set_defaults(func=cmd_demo)

    for name, helptext, func in (
        ("rank", "rank your partners and write reports", cmd_rank),
        ("report", "same as rank: evaluate and write reports", cmd_report),
    ):
        p = sub.add_parser(name, help=helptext)
        add_input_args(p)
        add_table_args(p)
        add_run_args(p)
        p.set_defaults(func=func)

    p = sub.add_parser(
        "validate", help="check partners, records, scores and model together; list every problem"
    )
    add_input_args(p)
    add_table_args(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "init", help="write a commented model.toml template (and, with --xlsx, a data workbook)"
    )
    p.add_argument(
        "path",
        nargs="?",
        default=None,
        help="where to write the model template (default: model.toml; with --xlsx alone, none)",
    )
    p.add_argument(
        "--xlsx",
        metavar="WORKBOOK",
        help=(
            "also write an Excel workbook template (partners, track_records, scores, weights, "
            "pairwise and instructions sheets) to this path"
        ),
    )
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser(
        "debrief",
        help="write a one-page debrief per bidder (rank, gaps to the winner, comments, gates)",
    )
    add_input_args(p)
    add_table_args(p)
    p.add_argument(
        "--partner",
        action="append",
        metavar="ID",
        help="partner id to debrief; repeat for several (default: every partner)",
    )
    p.add_argument(
        "--out",
        default="partnerselect-debriefs",
        help="output folder; files are named debrief-<partner id>.<format> (default: %(default)s)",
    )
    p.add_argument(
        "--format",
        default="html",
        choices=DEBRIEF_FORMATS,
        help="note format (default: %(default)s; pdf needs headless Chromium or WeasyPrint)",
    )
    p.set_defaults(func=cmd_debrief)

    p = sub.add_parser("rerun", help="re-run an audit record (JSON) and check the numbers match")
    p.add_argument("audit", help="the .json audit record a report run wrote")
    p.set_defaults(func=cmd_rerun)

    from partnerselect.monitoring.cli import add_monitor_parser

    add_monitor_parser(sub)
    return parser


class _CleanStream:
    """A text stream that writes through :func:`~partnerselect.report.sanitize.clean_lines`."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        from partnerselect.report.sanitize import clean_lines

        self._stream.write(clean_lines(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _one_line(text: str) -> str:
    from partnerselect.report.sanitize import clean_text

    return clean_text(" ".join(str(text).split()))


def _os_error(exc: OSError) -> str:
    """A one-line message for a file-system problem, naming the path and what to do."""
    name = exc.filename if exc.filename is not None else ""
    what = {
        FileNotFoundError: "file not found",
        IsADirectoryError: "a folder was given where a file is expected",
        NotADirectoryError: "a file was given where a folder is expected",
        PermissionError: "permission denied (cannot read or write it)",
        FileExistsError: "a file of that name exists where a folder is expected",
    }.get(type(exc), exc.strerror or type(exc).__name__)
    return f"{what}: {name}" if name else f"{what} ({exc})"


def _internal_error(exc: BaseException) -> str:
    """Write the traceback to a file; return the one line that points to it."""
    text = "".join(traceback.format_exception(exc))
    try:
        fd, name = tempfile.mkstemp(prefix="partnerselect-crash-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        where = f"the traceback was written to {name}"
    except OSError:  # pragma: no cover - no writable temporary folder
        where = "the traceback could not be saved"
    return (
        f"partnerselect: internal error (this is a bug in partnerselect, please report it): "
        f"{type(exc).__name__}: {_one_line(str(exc))[:200]}; {where}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``partnerselect`` console script."""
    parser = _parser()
    args = parser.parse_args(argv)
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout = _CleanStream(stdout)
    sys.stderr = _CleanStream(stderr)  # warnings and log lines may quote vendor text
    try:
        return int(args.func(args))
    except (PartnerSelectError, _UserError) as exc:
        print(f"partnerselect: error: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"partnerselect: error: {_one_line(_os_error(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("partnerselect: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        print(_internal_error(exc), file=sys.stderr)
        return 3
    finally:
        sys.stdout, sys.stderr = stdout, stderr


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
