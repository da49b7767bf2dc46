"""Reports of an :class:`~partnerselect.Evaluation`: the format follows the file suffix.

Reports consume the evaluation's tables (``to_frame()``, ``explain()``) and never compute.
Text from input files is untrusted: one policy (:mod:`partnerselect.report.sanitize`)
removes control characters from every format, HTML output is autoescaped, spreadsheet and
CSV cells that start like a formula are neutralised. Every file is written to a temporary
file beside the target and moved into place, and carries the evaluation's run id
(:mod:`partnerselect.report.files`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from partnerselect.errors import ParameterError

if TYPE_CHECKING:
    from partnerselect.pipeline import Evaluation

__all__ = ["FORMATS", "write_report"]


def _writers() -> dict[str, Callable[..., Path]]:
    from partnerselect.report import markdown, tables

    writers: dict[str, Callable[..., Path]] = {
        ".md": markdown.write_markdown,
        ".csv": tables.write_csv,
    }
    try:
        from partnerselect.report import html as html_report

        writers[".html"] = html_report.write_html
    except ImportError:  # pragma: no cover - optional module during development
        pass
    try:
        from partnerselect.report import excel

        writers[".xlsx"] = excel.write_excel
    except ImportError:  # pragma: no cover
        pass
    try:
        from partnerselect.report import audit

        writers[".json"] = audit.write_audit
    except ImportError:  # pragma: no cover
        pass
    from partnerselect.report import pdf

    writers[".pdf"] = pdf.write_pdf  # needs headless Chromium or WeasyPrint when called
    return writers


FORMATS = (".md", ".csv", ".html", ".xlsx", ".json", ".pdf")


def write_report(evaluation: Evaluation, path: str | Path, **options: Any) -> Path:
    """Write ``evaluation`` to ``path`` in the format its suffix names."""
    target = Path(path)
    writers = _writers()
    suffix = target.suffix.lower()
    if suffix not in writers:
        msg = (
            f"Cannot write a report to {target.name!r}: unknown suffix {suffix or '(none)'!r}. "
            f"Use one of {', '.join(sorted(writers))}."
        )
        raise ParameterError(msg, value=str(path))
    from partnerselect.report.files import atomic_path, check_folder

    check_folder(target.parent)
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(target) as tmp:
        writers[suffix](evaluation, tmp, final_path=target, **options)
    return target
