"""Writing report files safely: atomic replacement and one run id per evaluation.

Every report file is first written to a temporary file in the folder of the target and then
moved into place with :func:`os.replace` (atomic on the same file system): a run killed at
any moment leaves the previous file whole, never a half-written one.

Every file written from one evaluation carries the same :func:`run_id` (HTML and Markdown
in their header, CSV in a ``run_id`` column, Excel on the Summary sheet, JSON as
``run_id``), so a folder holding files of runs with different results is detectable.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from partnerselect.errors import ParameterError

if TYPE_CHECKING:
    from partnerselect.pipeline import Evaluation

__all__ = ["atomic_path", "atomic_write_bytes", "check_folder", "run_id"]

_RUN_IDS: dict[int, str] = {}


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: Permissions of a written report: what ``open()`` would give (0o666 less the umask).
_MODE = 0o666 & ~_umask()


def run_id(ev: Evaluation) -> str:
    """A short id shared by every report file written from ``ev``.

    Derived from the evaluation's model, partners and results (not from the clock): files
    from evaluations with different results carry different ids, so a mixed report set is
    detectable, while the same inputs and seed give the same id (the audit record stays
    byte-identical apart from ``created``).
    """
    key = id(ev)
    found = _RUN_IDS.get(key)
    if found is not None:
        return found
    ranking = ev.ranking.to_frame()
    body = {
        "tender": str(ev.model.name),
        "seed": repr(ev.model.seed),
        "scores": [
            [str(p), float(s).hex()] for p, s in zip(ranking.index, ranking["score"], strict=True)
        ],
        "excluded": sorted(map(str, ev.excluded["partner_id"])),
        "partners": [
            [str(p), str(n)]
            for p, n in zip(ev.partners["partner_id"], ev.partners["name"], strict=True)
        ],
        "model": repr(getattr(ev.model, "raw", None)),
    }
    text = json.dumps(body, sort_keys=True, ensure_ascii=True)
    found = hashlib.sha256(text.encode("ascii")).hexdigest()[:16]
    _RUN_IDS[key] = found
    weakref.finalize(ev, _RUN_IDS.pop, key, None)
    return found


def check_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        msg = f"Cannot write reports into {folder}: it is a file, not a folder. Choose another output folder."
        raise ParameterError(msg, value=str(folder))


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target`` (same suffix) moved onto ``target`` on success.

    On any error the temporary file is removed and ``target`` is left as it was.
    """
    target = Path(target)
    check_folder(target.parent)
    if target.is_dir():
        msg = f"Cannot write the report {target}: a folder of that name exists."
        raise ParameterError(msg, value=str(target))
    fd, name = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}", dir=target.parent
    )
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, _MODE)  # mkstemp creates 0o600; a report is as readable as any file
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
