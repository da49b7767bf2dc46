"""The bundled sample tender: partner profiles, track records, evaluator scores, model.

The sample is synthetic but plausible (25 candidates for an AI platform engineering
contract, about 500 past projects, three evaluators) and contains the oddities real tenders
have: gate failures, a dominated partner, thin and missing evidence, missing values,
non-ASCII names, records of an unknown partner. ``data/README.md`` in the source
repository describes every column and oddity; ``data/make_sample.py`` regenerates it.

Where the files are looked for, in order:

1. ``partnerselect/data/`` inside the installed package (wheels ship the files there);
2. ``data/`` at the top of a source checkout (``Path(__file__).parents[2] / "data"``), the
   canonical copy, used by editable installs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pandas as pd

__all__ = ["SAMPLE_FILES", "SampleData", "data_dir", "load_sample"]

#: Kind -> file name of the bundled sample.
SAMPLE_FILES: Mapping[str, str] = MappingProxyType(
    {
        "partners": "partners.csv",
        "track_records": "track_records.csv",
        "scores": "evaluator_scores.csv",
        "model": "model.toml",
        "kpis": "kpis.csv",
        "monitoring_model": "monitoring.toml",
    }
)
_TABLES = ("partners", "track_records", "scores")


@dataclass(frozen=True, repr=False)
class SampleData:
    """The sample tender, read and checked.

    Attributes
    ----------
    partners, track_records, scores : pandas.DataFrame
        As returned by :func:`partnerselect.read_partners`,
        :func:`partnerselect.read_track_records` and :func:`partnerselect.read_scores`.
    model_path : Path
        The evaluation model (``model.toml``); read it with
        :func:`partnerselect.read_model`.
    paths : Mapping[str, Path]
        Kind (``partners``, ``track_records``, ``scores``, ``model``, and for monitoring the
        awarded partners ``kpis`` and ``monitoring_model``) -> file.
    data_dir : Path
        The folder the files came from.
    """

    partners: pd.DataFrame
    track_records: pd.DataFrame
    scores: pd.DataFrame
    model_path: Path
    paths: Mapping[str, Path] = field(default_factory=dict)
    data_dir: Path = Path()

    def __repr__(self) -> str:
        return (
            f"<SampleData from {str(self.data_dir)!r}: {len(self.partners)} partners, "
            f"{len(self.track_records)} track records, {len(self.scores)} evaluator scores>"
        )


def _candidates() -> list[Path]:
    here = Path(__file__).resolve()
    return [here.parent / "data", here.parents[2] / "data"]


def data_dir() -> Path:
    """The folder holding the bundled sample files.

    Returns
    -------
    Path

    Raises
    ------
    FileNotFoundError
        Neither the package's ``data/`` folder nor a source checkout's ``data/`` holds
        the sample tables (a broken installation).

    Examples
    --------
    >>> (data_dir() / "partners.csv").is_file()
    True
    """
    tried = _candidates()
    for folder in tried:
        if all((folder / SAMPLE_FILES[k]).is_file() for k in _TABLES):
            return folder.resolve()  # through the package symlink to the real folder
    msg = (
        "The bundled sample data were not found (looked in "
        f"{', '.join(str(t) for t in tried)}). Reinstall partnerselect, or run "
        "data/make_sample.py in a source checkout."
    )
    raise FileNotFoundError(msg)


def load_sample() -> SampleData:
    """Load the bundled sample tender.

    Returns
    -------
    SampleData
        Partners, track records and evaluator scores read with the package's readers
        (their ``attrs`` carry the file path and SHA-256), plus the model path.

    Raises
    ------
    FileNotFoundError
        The sample files are missing (see :func:`data_dir`).

    Examples
    --------
    >>> from partnerselect.datasets import load_sample
    >>> sample = load_sample()
    >>> len(sample.partners), sample.model_path.name
    (25, 'model.toml')
    >>> len(sample.partners.attrs["sha256"])  # SHA-256 of partners.csv, for the audit trail
    64
    """
    from partnerselect.io import read_partners, read_scores, read_track_records

    folder = data_dir()
    paths = MappingProxyType({k: folder / name for k, name in SAMPLE_FILES.items()})
    return SampleData(
        partners=read_partners(paths["partners"]),
        track_records=read_track_records(paths["track_records"]),
        scores=read_scores(paths["scores"]),
        model_path=paths["model"],
        paths=paths,
        data_dir=folder,
    )
