"""PDF output: the HTML report (or a debrief) printed by headless Chromium or WeasyPrint.

The committee report's print style sheet (``@media print`` in ``report.css.j2``) starts each
section on a new page and keeps table rows, figures and short tables whole. Printing engines,
tried in order:

1. Chromium or Google Chrome in headless mode, found as ``$PARTNERSELECT_CHROMIUM`` or on the
   ``PATH`` (``chromium``, ``chromium-browser``, ``google-chrome``...). No network access is
   needed: the report is one self-contained file.
2. WeasyPrint (``pip install partnerselect[pdf]``).

If neither is present, :class:`~partnerselect.errors.ParameterError` says how to get one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from partnerselect.errors import ParameterError

if TYPE_CHECKING:
    from partnerselect.pipeline import Evaluation

__all__ = ["find_chromium", "html_to_pdf", "write_pdf"]

#: Executable names tried on the PATH, in order.
CHROMIUM_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
)
#: Flags for a sandbox-free, offline, one-shot print (containers run as root have no sandbox).
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
    "--print-to-pdf-no-header",  # the same, for Chromium before 120
)
TIMEOUT_S = 120


def find_chromium() -> str | None:
    """The Chromium/Chrome executable to print with, or None.

    ``$PARTNERSELECT_CHROMIUM`` wins (an empty value disables Chromium).
    """
    env = os.environ.get("PARTNERSELECT_CHROMIUM")
    if env is not None:
        return env or None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _chromium_pdf(exe: str, html_text: str, target: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="partnerselect-pdf-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html_text, encoding="utf-8")
        out = Path(tmp) / "report.pdf"
        cmd = [
            exe,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            proc = subprocess.run(  # noqa: S603 - fixed argument list, no shell
                cmd, capture_output=True, timeout=TIMEOUT_S, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            msg = f"Chromium ({exe}) could not print the PDF: {exc}."
            raise ParameterError(msg, value=exe) from exc
        if not out.exists() or out.stat().st_size == 0:
            tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            msg = (
                f"Chromium ({exe}) did not write a PDF (exit status {proc.returncode}): "
                f"{' / '.join(tail) or 'no message'}."
            )
            raise ParameterError(msg, value=exe)
        shutil.move(str(out), target)


def html_to_pdf(html_text: str, path: str | Path, *, engine: str = "auto") -> Path:
    """Print an HTML document to ``path`` as PDF.

    Parameters
    ----------
    html_text : str
        A self-contained HTML document (images inline).
    path : str or Path
    engine : {"auto", "chromium", "weasyprint"}
        ``auto`` uses Chromium when found, else WeasyPrint.

    Raises
    ------
    ParameterError
        No engine is available, or the engine failed.
    """
    target = Path(path)
    if engine not in {"auto", "chromium", "weasyprint"}:
        msg = f"The 'engine' parameter must be 'auto', 'chromium' or 'weasyprint'. Got {engine!r} instead."
        raise ParameterError(msg, value=engine)
    exe = find_chromium() if engine in {"auto", "chromium"} else None
    if exe is not None:
        _chromium_pdf(exe, html_text, target)
        return target
    if engine == "chromium":
        msg = "No Chromium or Chrome found; install one or set PARTNERSELECT_CHROMIUM to its path."
        raise ParameterError(msg, value=engine)
    try:
        import weasyprint  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        msg = (
            "Writing a PDF needs headless Chromium (install the `chromium` package, or set "
            "PARTNERSELECT_CHROMIUM to a Chrome executable) or WeasyPrint (pip install "
            "'partnerselect[pdf]'). Neither was found."
        )
        raise ParameterError(msg, value=str(target)) from None
    weasyprint.HTML(string=html_text).write_pdf(str(target))
    return target


def write_pdf(evaluation: Evaluation, path: Path, **options: Any) -> Path:
    """Write the committee report as PDF (the HTML report, printed); options as
    :func:`partnerselect.report.html.render_html`, plus ``engine``.

    Examples
    --------
    >>> ev.report("tender.pdf")  # doctest: +SKIP
    PosixPath('tender.pdf')
    """
    from partnerselect.report.html import render_html

    text = render_html(
        evaluation,
        plots=bool(options.get("plots", True)),
        strict_plots=bool(options.get("strict_plots", False)),
        signatories=options.get("signatories"),
    )
    return html_to_pdf(text, path, engine=str(options.get("engine", "auto")))
