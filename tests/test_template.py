"""`partnerselect init` template."""

import tomllib

import pytest

from partnerselect.errors import ParameterError
from partnerselect.model import parse_model
from partnerselect.template import TEMPLATE, write_template

AREAS = [
    "Domain expertise",
    "Track record",
    "Communication",
    "Collaboration",
    "Risk management",
    "Quality assurance and testing",
    "Scalability and flexibility",
    "Continuous improvement",
    "Cost",
]


def test_template_is_a_valid_model(tmp_path):
    path = write_template(tmp_path / "model.toml")
    model = parse_model(tomllib.loads(path.read_text(encoding="utf-8")), source=str(path))
    labels = {g["label"] for g in model.groups.values()}
    assert set(AREAS) <= labels
    # compliance and ethics are gates
    rules = {g.rule for g in model.gates}
    assert {"iso27001 == true", "gdpr_dpa == true", "ethical_ai_policy == true"} <= rules
    # every criterion has a direction, a source and a one-line why
    for c in model.criteria:
        assert c.objective in {"max", "min"}, c.name
        assert c.source, c.name
        assert c.why, c.name
        assert "\n" not in c.why


def test_template_refuses_to_overwrite(tmp_path):
    path = tmp_path / "model.toml"
    path.write_text("keep me", encoding="utf-8")
    with pytest.raises(ParameterError, match="already exists"):
        write_template(path)
    assert path.read_text(encoding="utf-8") == "keep me"
    write_template(path, overwrite=True)
    assert path.read_text(encoding="utf-8") == TEMPLATE
