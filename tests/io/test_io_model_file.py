"""load_model_dict: TOML and YAML model files, parsed and never executed."""

import time

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
    with pytest.raises(
        FileFormatError, match=r"unknown type.*Supported: \.toml, \.yaml, \.yml, \.json"
    ):
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


# --------------------------------------------------------------------------- duplicates, depth
@pytest.mark.parametrize(
    ("name", "text", "match"),
    [
        (
            "model.yaml",
            "method:\n  name: topsis\ncriteria:\n  - name: a\nmethod:\n  name: wsm\n",
            r"key 'method' twice in one mapping \(lines 1 and 5\)",
        ),
        (
            "model.yaml",
            "criteria:\n  - name: a\n    weight: 1\n    weight: 2\n",
            r"key 'weight' twice in one mapping \(lines 3 and 4\)",
        ),
        (
            "model.json",
            '{"criteria": [{"name": "a",\n "name": "b"}]}',
            r"key 'name' twice in one object \(line 2\)",
        ),
        (
            "model.toml",
            '[method]\nname = "wsm"\n[[criteria]]\nname = "a"\n[method]\nties = "min"\n',
            r"Cannot declare \('method',\) twice \(at line 5.*written twice",
        ),
        ("model.toml", '[[criteria]]\nname = "a"\nname = "b"\n', r"line 3.*written twice"),
    ],
)
def test_a_key_or_section_written_twice_is_an_error_with_its_line(tmp_path, name, text, match):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FileFormatError, match=match) as info:
        load_model_dict(path)
    assert info.value.row is not None


def test_yaml_aliases_are_refused_no_billion_laughs(tmp_path):
    lol = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lol.append(
            f"{chr(97 + i)}: &{chr(97 + i)} " + str([f"*{chr(96 + i)}"] * 9).replace("'", "")
        )
    path = tmp_path / "model.yaml"
    path.write_text("\n".join(lol) + "\n", encoding="utf-8")
    t0 = time.perf_counter()
    with pytest.raises(
        FileFormatError, match=r"YAML alias \(\*a\) at line 2.*write the values out"
    ):
        load_model_dict(path)
    assert time.perf_counter() - t0 < 0.5


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("model.yaml", "a: " + "[" * 5000 + "]" * 5000 + "\n"),
        ("model.yaml", "".join("  " * i + f"k{i}:\n" for i in range(60)) + "  " * 60 + "v: 1\n"),
        ("model.json", '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        ("model.toml", "a = " + "[" * 5000 + "]" * 5000 + "\n"),
        ("model.toml", "a = " + "{b = " * 3000 + "1" + "}" * 3000 + "\n"),
        ("model.toml", "[" + ".".join(f"k{i}" for i in range(200)) + "]\nv = 1\n"),
    ],
)
def test_deep_nesting_is_a_file_format_error_never_recursion(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    t0 = time.perf_counter()
    with pytest.raises(FileFormatError, match=r"nests tables or lists more than 32 levels"):
        load_model_dict(path)
    assert time.perf_counter() - t0 < 0.5


def test_json_model_files_are_read(tmp_path):
    path = tmp_path / "model.json"
    path.write_text('{"criteria": [{"name": "price", "objective": "min"}]}', encoding="utf-8")
    assert load_model_dict(path) == {"criteria": [{"name": "price", "objective": "min"}]}


def test_json_nan_is_refused(tmp_path):
    path = tmp_path / "model.json"
    path.write_text('{"weighting": {"method": "ahp", "matrix": [[1, NaN], [1, 1]]}}')
    with pytest.raises(FileFormatError, match="NaN, which is not a JSON number"):
        load_model_dict(path)


def test_yaml_no_as_a_criterion_name_is_reported_as_a_boolean(tmp_path):
    from partnerselect.errors import ModelError
    from partnerselect.model import read_model

    path = tmp_path / "model.yaml"
    path.write_text("criteria:\n  - name: NO\n  - name: quality\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"got the boolean false; YAML 1\.1 reads an unquoted NO"):
        read_model(path)
    path.write_text("criteria:\n  - name: 'NO'\n  - name: quality\n", encoding="utf-8")
    assert read_model(path).criterion_names == ["NO", "quality"]
