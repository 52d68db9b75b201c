"""The YAML reader refuses what PyYAML would silently accept, and says where."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.kb.yamlsrc import MAX_FILE_BYTES, YamlError, parse_yaml, read_yaml


def problem_of(text: str) -> str:
    with pytest.raises(YamlError) as info:
        parse_yaml(text, "f.yaml")
    return str(info.value.problem)


def test_positions_are_recorded_for_values_and_keys() -> None:
    src = parse_yaml("a:\n  b: [1, 2]\n  c: x\n", "f.yaml")
    assert src.data == {"a": {"b": [1, 2], "c": "x"}}
    assert src.pos(("a", "c")) == (3, 6)
    assert src.pos(("a", "b", 1)) == (2, 10)
    assert src.pos(("a", "c"), key=True) == (3, 3)


def test_duplicated_key_names_both_lines() -> None:
    msg = problem_of("x: 1\ny: 2\nx: 3\n")
    assert msg.startswith("f.yaml:3:1: x: duplicated key 'x'")
    assert "first written on line 1" in msg


def test_tab_indentation_is_explained() -> None:
    msg = problem_of("a:\n\tb: 1\n")
    assert msg.startswith("f.yaml:2:")
    assert "tab" in msg


def test_syntax_error_has_line() -> None:
    msg = problem_of("a: [1, 2\nb: 3\n")
    assert msg.startswith("f.yaml:")
    assert "YAML syntax error" in msg


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_empty_file_is_refused(text: str) -> None:
    assert problem_of(text) == "f.yaml:1:1: file is empty"


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 12):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    msg = problem_of("\n".join(lines) + "\n")
    assert "aliases" in msg
    assert msg.startswith("f.yaml:")


def test_any_alias_is_refused() -> None:
    assert "aliases" in problem_of("base: &b {x: 1}\nother: *b\n")


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(YamlError) as info:
        read_yaml(path, "bad.yaml")
    assert str(info.value).startswith("bad.yaml:2:")
    assert "UTF-8" in str(info.value)


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * (MAX_FILE_BYTES + 1))
    with pytest.raises(YamlError) as info:
        read_yaml(path, "big.yaml")
    assert "limit" in str(info.value)


def test_dates_stay_text_so_bad_dates_are_reported_not_raised() -> None:
    src = parse_yaml("d: 2022-02-30\n", "f.yaml")
    assert src.data == {"d": "2022-02-30"}


def test_yes_and_no_stay_words() -> None:
    assert parse_yaml("w: [no, yes, on]\nb: true\n", "f.yaml").data == {"w": ["no", "yes", "on"], "b": True}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a field one space short of its siblings
            "sessions:\n  - id: a\n    kind: x\n   venue: vienna\n",
            "f.yaml:4:4: the indentation of line 4 does not line up with line 3: it has 3 space(s) before the "
            "field, line 3 has 4; check the spaces at the start of line 4",
        ),
        (  # a new list item that does not line up with the item above
            "sessions:\n  - id: a\n    kind: x\n - id: b\n",
            "f.yaml:4:2: the indentation of line 4 does not line up with line 2: it has 1 space(s) before the "
            "list item (-), line 2 has 2; check the spaces at the start of line 4",
        ),
        (  # a field indented further than the one above reads as the rest of its value
            "sessions:\n  - id: a\n    kind: x\n      venue: vienna\n",
            "f.yaml:4:7: line 4 is indented more than line 3 above it, so it reads as more of line 3's value; "
            "the indentation of line 4 should line up with line 3 (4 spaces): check the spaces at the start of line 4",
        ),
    ],
)
def test_indentation_problems_are_named_as_such(text: str, expected: str) -> None:
    assert problem_of(text) == expected


def test_colon_inside_a_value_asks_for_quotes() -> None:
    msg = problem_of("title: Report: part one\n")
    assert msg.startswith("f.yaml:1:")
    assert "put the value in quotes" in msg


def test_field_like_lines_inside_a_folded_text_are_remembered() -> None:
    src = parse_yaml("a:\n  text: >-\n    Some words\n    venue: vienna\n  end: 1\n", "f.yaml")
    assert src.data["a"]["text"] == "Some words venue: vienna"
    assert src.text_keys == {("a", "text"): [(4, 5, "venue")]}
