"""Read maintainer YAML safely and remember where every value came from (file, line, column).

PyYAML keeps the last of two duplicated keys without a word and expands aliases without limit;
this reader refuses both and returns plain data plus a map from data path to source position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_FILE_BYTES = 1_000_000
"""Knowledge files are hand-edited text; anything larger is a mistake or an attack."""

MAX_NODES = 200_000
"""Upper bound on values in one file, so that a crafted file cannot exhaust memory."""

PathKey = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One maintainer-facing error: `file:line:col: where: what`."""

    file: str
    line: int
    col: int
    where: str
    message: str

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{self.file}:{self.line}:{self.col}: {where}{self.message}"


@dataclass
class Source:
    """A parsed YAML file: its data and the position of every path inside it."""

    file: str
    data: Any
    marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    text_keys: dict[PathKey, list[tuple[int, int, str]]] = field(default_factory=dict)
    """(line, column, key) of lines that look like `key: value` inside a `>-` or `|` text, by its path."""

    def pos(self, path: PathKey, *, key: bool = False) -> tuple[int, int]:
        """Line and column of `path`, or of its nearest ancestor that has one."""
        table = self.key_marks if key else self.marks
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if not key and p in self.key_marks:
                return self.key_marks[p]
            p = p[:-1]
        return self.marks.get((), (1, 1))

    def problem(self, path: PathKey, message: str, *, key: bool = False) -> Problem:
        line, col = self.pos(path, key=key)
        return Problem(self.file, line, col, format_path(path), message)


def format_path(path: PathKey) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class YamlError(Exception):
    """Raised with a Problem when a file cannot be read at all."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_FLOAT = "tag:yaml.org,2002:float"


def _scalar(node: ScalarNode) -> Any:
    # Dates and everything else stay strings: the models parse them and can say which value
    # was wrong, where PyYAML would raise from deep inside its constructor.
    value = node.value
    if not node.style:  # plain: PyYAML says None, libyaml ""
        if node.tag == _NULL:
            return None
        if node.tag == _BOOL:
            # Only true/false are booleans: "no", "on" and "yes" are words here (the Norway problem).
            lowered = value.lower()
            return lowered == "true" if lowered in ("true", "false") else value
        if node.tag == _INT:
            try:
                return int(value.replace("_", ""), 0)
            except ValueError:
                return value
        if node.tag == _FLOAT:
            try:
                return float(value)
            except ValueError:
                return value
    return value


def read_yaml(path: Path, display: str | None = None) -> Source:
    """Parse one file; raise YamlError with a one-line, positioned message on any problem."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlError(Problem(name, 1, 1, "", f"cannot read file: {exc.strerror}")) from None
    if len(raw) > MAX_FILE_BYTES:
        raise YamlError(Problem(name, 1, 1, "", f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlError(
            Problem(name, line, col, "", f"file is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8")
        ) from None
    return parse_yaml(text, name)


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
"""libyaml's loader, when PyYAML was built with it: the same nodes and positions, several times faster."""


def _compose(text: str) -> yaml.Node | None:
    """The YAML node tree, composed by libyaml when there is one. A file it rejects is read again by
    PyYAML's own parser, whose messages the errors below are written for."""
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def parse_yaml(text: str, name: str) -> Source:
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise YamlError(Problem(name, 1, 1, "", "file is empty"))
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as exc:
        raise YamlError(_syntax_problem(exc, text.splitlines(), name)) from None
    except yaml.YAMLError as exc:
        raise YamlError(Problem(name, 1, 1, "", f"YAML error: {exc}")) from None
    if root is None:
        raise YamlError(Problem(name, 1, 1, "", "file is empty"))
    src = Source(name, None)
    src.data = _build(root, (), src, set(), [0])
    src.text_keys = _keys_inside_texts(root, text.splitlines())
    return src


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _syntax_problem(exc: yaml.MarkedYAMLError, lines: list[str], name: str) -> Problem:
    """Name the problem as a maintainer sees it: a tab, an indentation that does not line up, a
    colon inside a value; PyYAML's own words only for the rest."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return Problem(name, 1, 1, "", f"YAML syntax error: {exc.problem or exc.context}")
    line, col = mark.line + 1, mark.column + 1
    bad = lines[mark.line] if mark.line < len(lines) else ""
    problem = str(exc.problem)
    if "\\t" in problem or "\t" in bad[: len(bad) - len(bad.lstrip())]:
        return Problem(name, line, col, "", "YAML syntax error: a tab is used for indentation; indent with spaces")
    above = [(n + 1, ln) for n, ln in enumerate(lines[: mark.line]) if _is_content(ln)]
    if problem.startswith("expected <block end>") and bad.strip():
        return Problem(name, line, _indent(bad) + 1, "", _misaligned(line, bad, above))
    if problem.startswith("mapping values are not allowed"):
        prev_line, prev = above[-1] if above else (0, "")
        if above and _indent(bad) > _indent(prev) and ":" in prev and not prev.rstrip().endswith(":"):
            return Problem(
                name,
                line,
                _indent(bad) + 1,
                "",
                f"line {line} is indented more than line {prev_line} above it, so it reads as more of line "
                f"{prev_line}'s value; the indentation of line {line} should line up with line {prev_line} "
                f"({_indent(prev)} spaces): check the spaces at the start of line {line}",
            )
        return Problem(
            name,
            line,
            col,
            "",
            "a value contains ': ' (a colon and a space), which YAML reads as a new field; "
            'put the value in quotes ("…")',
        )
    return Problem(name, line, col, "", f"YAML syntax error: {exc.problem or exc.context}")


def _misaligned(line: int, bad: str, above: list[tuple[int, str]]) -> str:
    """Which line above the misaligned one it should line up with, and by how many spaces."""
    ours = _indent(bad)
    advice = f"check the spaces at the start of line {line}"
    item = bad.lstrip().startswith("- ")
    peers = [(n, ln) for n, ln in above if ln.lstrip().startswith("- ")] if item else above
    if not peers:
        return f"the indentation of line {line} does not line up with the lines above it; {advice}"
    if item:
        n, other = peers[-1]
        what = "list item (-)"
    else:
        # The nearest line above whose indentation is closest to this one's: the sibling it misses.
        n, other = min(reversed(peers), key=lambda p: abs(_indent(p[1]) - ours))
        what = "field"
    theirs = _indent(other)
    if theirs == ours:
        return f"the indentation of line {line} does not line up with the lines above it; {advice}"
    return (
        f"the indentation of line {line} does not line up with line {n}: it has {ours} space(s) before "
        f"the {what}, line {n} has {theirs}; {advice}"
    )


_KEY_LINE = re.compile(r"^\s*([A-Za-z_][\w-]*):(?:\s|$)")


def _keys_inside_texts(root: Node, lines: list[str]) -> dict[PathKey, list[tuple[int, int, str]]]:
    """Lines that look like `key: value` inside a `>-` or `|` text, by the path of that text.

    A field indented as far as the text above it becomes part of the text; the loader reports it
    when the key is a field of the record that the record lacks.
    """
    found: dict[PathKey, list[tuple[int, int, str]]] = {}

    def walk(node: Node, path: PathKey) -> None:
        if isinstance(node, ScalarNode):
            if node.style in ("|", ">"):
                body = range(node.start_mark.line + 1, min(node.end_mark.line + 1, len(lines)))
                content = [n for n in body if lines[n].strip()]
                if not content:
                    return
                text_indent = _indent(lines[content[0]])
                for n in content:
                    m = _KEY_LINE.match(lines[n])
                    if _indent(lines[n]) < text_indent:
                        break
                    if m:
                        found.setdefault(path, []).append((n + 1, _indent(lines[n]) + 1, m.group(1)))
        elif isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))
        elif isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                walk(value_node, (*path, str(key_node.value)))

    walk(root, ())
    return found


def _build(node: Node, path: PathKey, src: Source, seen: set[int], count: list[int]) -> Any:
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    count[0] += 1
    if count[0] > MAX_NODES:
        raise YamlError(Problem(src.file, line, col, format_path(path), "file has too many values"))
    if isinstance(node, ScalarNode):
        src.marks[path] = (line, col)
        return _scalar(node)
    # A collection seen twice is an alias (*name): refuse them all, since alias bombs hide here
    # and maintainers never need them.
    if id(node) in seen:
        raise YamlError(
            Problem(
                src.file,
                line,
                col,
                format_path(path),
                "anchors and aliases (&name / *name) are not allowed; write the value out",
            )
        )
    seen.add(id(node))
    src.marks[path] = (line, col)
    if isinstance(node, SequenceNode):
        return [_build(item, (*path, i), src, seen, count) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            kline, kcol = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, ScalarNode):
                raise YamlError(Problem(src.file, kline, kcol, format_path(path), "a key must be plain text"))
            key = str(key_node.value)
            if key == "<<":
                raise YamlError(Problem(src.file, kline, kcol, format_path(path), "merge keys (<<) are not allowed"))
            if key in out:
                first = src.key_marks[(*path, key)][0]
                raise YamlError(
                    Problem(
                        src.file,
                        kline,
                        kcol,
                        format_path((*path, key)),
                        f"duplicated key '{key}' (first written on line {first})",
                    )
                )
            src.key_marks[(*path, key)] = (kline, kcol)
            out[key] = _build(value_node, (*path, key), src, seen, count)
        return out
    raise YamlError(Problem(src.file, line, col, format_path(path), "unsupported YAML node"))
