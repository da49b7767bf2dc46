"""The tutorial notebooks in ``notebooks/``: stored clean, up to date, and runnable.

The stored notebooks must carry no outputs (so they stay reviewable in git) and must be
exactly what ``notebooks/build_notebooks.py`` writes. The slow tests execute each notebook
with nbclient and check what an analyst would see in the outputs.

Kernel: a ``python3`` kernel spec for the interpreter running the tests
(``sys.executable``) is written into a temporary prefix with ipykernel's own installer and
put first on ``JUPYTER_PATH`` for the session. This works in a fresh virtual environment
(ipykernel is a dev dependency) and cannot pick up a ``python3`` kernel spec of another
Python that a user may have installed in their home directory.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.notebooknode import NotebookNode

from partnerselect import errors

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NAMES = ["monitoring", "quickstart", "sensitivity", "weights"]
CELL_TIMEOUT = 180  # seconds per cell; the longest cell (HTML report) takes ~15 s
EXPECT_WARNING = "expect-warning"
WARNING_NAMES = sorted(
    name
    for name, obj in vars(errors).items()
    if isinstance(obj, type) and issubclass(obj, errors.PartnerSelectWarning)
)


Runner = Callable[[str], NotebookNode]


def _load_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_notebooks", NOTEBOOK_DIR / "build_notebooks.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(name: str) -> NotebookNode:
    return nbformat.read(NOTEBOOK_DIR / f"{name}.ipynb", as_version=4)


def _code_cells(nb: NotebookNode) -> list[NotebookNode]:
    return [c for c in nb.cells if c.cell_type == "code"]


def _text(cell: NotebookNode, *, stream: str | None = None) -> str:
    """Everything a cell printed or displayed (plain text and HTML), or one stream only."""
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            if stream is None or out.name == stream:
                parts.append(out.text)
        elif stream is None and out.output_type in ("execute_result", "display_data"):
            parts.append(out.data.get("text/plain", ""))
            parts.append(out.data.get("text/html", ""))
    return "\n".join(parts)


def _all_text(nb: NotebookNode) -> str:
    return "\n".join(_text(c) for c in _code_cells(nb))


def _warnings_shown(cell: NotebookNode) -> list[str]:
    stderr = _text(cell, stream="stderr")
    return [w for w in WARNING_NAMES if re.search(rf"\b{w}: ", stderr)]


# ----------------------------------------------------------------------------- stored files
def test_every_notebook_comes_from_the_build_script() -> None:
    builder = _load_builder()
    stored = sorted(p.stem for p in NOTEBOOK_DIR.glob("*.ipynb"))
    assert stored == sorted(builder.NOTEBOOKS) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_stored_notebook_has_no_outputs(name: str) -> None:
    nb = _read(name)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = _code_cells(nb)
    assert len(code) >= 8, "a tutorial notebook needs more than a handful of code cells"
    for cell in code:
        assert cell.outputs == [], f"{name}: cell {cell.id} has stored outputs"
        assert cell.execution_count is None, f"{name}: cell {cell.id} has an execution count"
    assert any(c.cell_type == "markdown" for c in nb.cells)


def _content(nb: NotebookNode) -> tuple[object, ...]:
    cells = [(c.id, c.cell_type, c.source, dict(c.metadata)) for c in nb.cells]
    return (dict(nb.metadata), cells)


@pytest.mark.parametrize("name", NAMES)
def test_stored_notebook_matches_build_script(name: str) -> None:
    # Compared cell by cell (not byte by byte) so that a newer nbformat writing another
    # minor version does not fail the suite; ``build_notebooks.py --check`` is byte-exact.
    builder = _load_builder()
    assert _content(_read(name)) == _content(builder.build(name)), (
        f"{name}.ipynb differs from notebooks/build_notebooks.py; "
        "run python notebooks/build_notebooks.py"
    )


def test_build_script_writes_and_checks_notebooks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    builder = _load_builder()
    monkeypatch.setattr(builder, "HERE", tmp_path)
    assert builder.main(["--check"]) == 1  # nothing written yet
    assert builder.main([]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{n}.ipynb" for n in NAMES]
    assert builder.main(["--check"]) == 0
    first = tmp_path / f"{NAMES[0]}.ipynb"
    first.write_text(first.read_text(encoding="utf-8").replace("partner", "vendor"), "utf-8")
    assert builder.main(["--check"]) == 1


# ----------------------------------------------------------------------------- execution
@pytest.fixture(scope="session")
def kernel_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A python3 kernel spec for sys.executable first on JUPYTER_PATH; matplotlib on Agg."""
    from ipykernel.kernelspec import install

    prefix = tmp_path_factory.mktemp("jupyter-prefix")
    install(prefix=str(prefix), kernel_name="python3")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_PATH", str(prefix / "share" / "jupyter"))
        mp.setenv("MPLBACKEND", "Agg")
        yield


@pytest.fixture(scope="session")
def executed(kernel_env: None, tmp_path_factory: pytest.TempPathFactory) -> Runner:
    """Execute a notebook once per session (in its own temporary working directory)."""
    cache: dict[str, NotebookNode] = {}

    def run(name: str) -> NotebookNode:
        if name not in cache:
            nb = _read(name)
            workdir = tmp_path_factory.mktemp(f"run-{name}")
            client = NotebookClient(
                nb,
                kernel_name="python3",
                timeout=CELL_TIMEOUT,
                resources={"metadata": {"path": str(workdir)}},
            )
            client.execute()  # raises CellExecutionError on the first failing cell
            assert list(workdir.iterdir()) == [], f"{name} wrote into its working directory"
            cache[name] = nb
        return cache[name]

    return run


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_and_warns_only_where_it_means_to(name: str, executed: Runner) -> None:
    nb = executed(name)
    code = _code_cells(nb)
    assert all(c.execution_count is not None for c in code)
    for cell in code:
        shown = _warnings_shown(cell)
        if EXPECT_WARNING in cell.metadata.get("tags", []):
            assert shown, f"{name}: cell {cell.id} should demonstrate a warning"
        else:
            assert not shown, f"{name}: cell {cell.id} shows unexpected {shown}"


def test_quickstart_shows_exclusions_with_reasons_and_writes_reports(executed: Runner) -> None:
    nb = executed("quickstart")
    text = _all_text(nb)
    # The sample's gates and the bidders that fail them (data/README.md, data/model.toml).
    model = tomllib.loads((ROOT / "data" / "model.toml").read_text(encoding="utf-8"))
    reasons = [gate["reason"] for gate in model["gates"]]
    accounting = next(c for c in _code_cells(nb) if "ev.accounting()" in c.source)
    shown = _text(accounting)
    for partner, reason in zip(["P15", "P20", "P25"], reasons, strict=True):
        assert partner in shown
        assert reason in shown
    assert re.search(r"ranked\s+22\b", shown)
    assert re.search(r"excluded\s+3\b", shown)
    assert "P26" in text  # track records of an unknown partner are reported
    for suffix in (".html", ".xlsx", ".md", ".json", ".csv"):
        assert f"tender-report{suffix}" in text
    assert re.search(r"^(Robust|Fragile): wsm ranks ", text, flags=re.MULTILINE)


def test_sensitivity_notebook_reports_every_analysis(executed: Runner) -> None:
    nb = executed("sensitivity")
    text = _all_text(nb)
    for column in ("p_best", "expected_rank", "q95", "delta_rel", "best_below", "confidence"):
        assert column in text
    assert "Most critical criterion: " in text
    assert re.search(r"\d+ order reversals; the winner changed in \d+ variant", text)
    assert re.search(r"largest standard error of p_best: 0\.0[0-2]\d\d", text)
    assert re.search(r"^(Robust|Fragile): wsm ranks ", text, flags=re.MULTILINE)


def test_weights_notebook_prints_consistency_and_flags_circular_judgments(executed: Runner) -> None:
    nb = executed("weights")
    text = _all_text(nb)
    ratios = [float(x) for x in re.findall(r"^Consistency ratio CR = ([0-9.]+)", text, re.M)]
    # The sample's judgments are nearly consistent; the circular ones (a > b > c > a) cannot be.
    assert len(ratios) == 2
    assert ratios[0] <= 0.1 < ratios[1]
    circular = next(c for c in _code_cells(nb) if "circular = weights.ahp" in c.source)
    assert "InconsistencyWarning" in _text(circular, stream="stderr")
    assert "criterion_i" in text  # the judgments to revisit
    assert "Group consistency ratio CR = " in text
    assert "DataError: Criterion 'budget_overrun' has negative values" in text
    assert "sum of global weights: 1.000000" in text


def test_monitoring_notebook_shows_alerts_charts_and_reevaluation(executed: Runner) -> None:
    nb = executed("monitoring")
    text = _all_text(nb)
    assert "breach" in text
    assert "drift" in text
    assert "Would we still choose them today?" in text
    assert "P05: on_time_rate (higher is better)" in text  # the control charts were drawn
    assert "P08: quality_score (higher is better)" in text
    assert "Latest KPI status" in text
    for suffix in (".html", ".xlsx", ".md"):
        assert f"monitoring{suffix}" in text
