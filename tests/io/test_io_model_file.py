"""load_model_dict: TOML and YAML model files, parsed and never executed."""

import pytest

from partnerselect.errors import FileFormatError
from partnerselect.io import load_model_dict

TOML = '[method]\nname = "topsis"\n\n[[gates]]\nrule = "iso27001 == true"\n'
YAML = "method:\n  name: topsis\ngates:\n  - rule: iso27001 == true\n"
EXPECTED = {"method": {"name": "topsis"}, "gates": [{"rule": "iso27001 == true"}]}


@pytest.mark.parametrize(("name", "text"), [("m.toml", TOML), ("m.yaml", YAML), ("m.YML", YAML)])
def test_reads_toml_and_yaml(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert load_model_dict(path) == EXPECTED
    assert load_model_dict(str(path)) == EXPECTED


def test_utf8_bom(tmp_path):
    path = tmp_path / "m.toml"
    path.write_bytes(b"\xef\xbb\xbf" + TOML.encode())
    assert load_model_dict(path) == EXPECTED


@pytest.mark.parametrize("suffix", [".py", ".ini", ""])
def test_unknown_suffix_lists_supported(tmp_path, suffix):
    path = tmp_path / f"model{suffix}"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(FileFormatError, match=r"unknown type.*Supported: \.toml, \.yaml, \.yml, \.json"):
        load_model_dict(path)


def test_missing_and_empty(tmp_path):
    with pytest.raises(FileFormatError, match="no such file"):
        load_model_dict(tmp_path / "absent.toml")
    path = tmp_path / "m.yaml"
    path.write_text("  \n", encoding="utf-8")
    with pytest.raises(FileFormatError, match="is empty"):
        load_model_dict(path)


def test_toml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text('[method]\nname = "topsis\n', encoding="utf-8")
    with pytest.raises(FileFormatError, match=r"not valid TOML.*line 2") as e:
        load_model_dict(path)
    assert e.value.source == str(path)


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("method:\n  name: [topsis\n", encoding="utf-8")
    with pytest.raises(FileFormatError, match=r"not valid YAML \(line \d+\)"):
        load_model_dict(path)


def test_yaml_must_be_a_mapping(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(FileFormatError, match=r"must hold a mapping.*list"):
        load_model_dict(path)


def test_yaml_python_tags_are_refused_not_executed(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "m.yaml"
    path.write_text(f"x: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    with pytest.raises(FileFormatError, match="YAML tag that is not plain data"):
        load_model_dict(path)
    assert not marker.exists()


def test_not_utf8(tmp_path):
    path = tmp_path / "m.toml"
    path.write_bytes(b'name = "\xff"\n')
    with pytest.raises(FileFormatError, match="not UTF-8"):
        load_model_dict(path)
