"""Safe YAML reading that remembers the source line of every value.

PyYAML's ``compose`` step builds a node tree (no Python object is constructed,
so no tag can execute code). We turn that tree into plain data ourselves,
accepting only the standard scalar tags, and record the line of every key and
item so that validation errors can point at ``FILE:LINE``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cxmaturity.files.limits import MAX_NESTING, MAX_YAML_BYTES, MAX_YAML_NODES

#: Files larger than this are refused before parsing.
MAX_FILE_BYTES = MAX_YAML_BYTES

Path_ = tuple[str | int, ...]

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_MAP_TAG = "tag:yaml.org,2002:map"
# libyaml's parser is ~10x faster. Its composer recurses in C with no depth limit (a file nested
# 30,000 deep overflows the C stack and kills the process), so the event stream is checked first
# by :func:`check_shape`: the parser itself keeps an explicit stack and never recurses.
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# One SafeLoader serves only to construct plain scalars (str, int, float, bool, null) from nodes.
_SCALAR_BUILDER = yaml.SafeLoader("")
_SEQ_TAG = "tag:yaml.org,2002:seq"


@dataclass(frozen=True)
class YamlDocument:
    """Plain data read from a YAML file, with the line (1-based) of every path."""

    file: str
    data: Any
    lines: dict[Path_, int]

    def line_of(self, path: Path_) -> int | None:
        """Line of ``path``, or of its nearest ancestor that has one."""
        probe = tuple(path)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), None)


class YamlProblem(Exception):
    """A YAML file cannot be read; carries the line when known."""

    def __init__(self, line: int | None, field: str, message: str):
        super().__init__(message)
        self.line = line
        self.field = field
        self.message = message


def read_yaml_text(text: str, file: str) -> YamlDocument:
    """Parse YAML ``text`` safely into a :class:`YamlDocument`.

    Raises :class:`YamlProblem` for syntax errors, several documents, disallowed
    tags (such as ``!!python/object``), anchors used as merge keys or duplicate keys,
    nesting deeper than :data:`MAX_NESTING` and more than :data:`MAX_YAML_NODES` nodes.
    """
    if len(text) > MAX_YAML_BYTES:
        limit = MAX_YAML_BYTES // (1024 * 1024)
        raise YamlProblem(None, "", f"the YAML text is longer than {limit} MB")
    try:
        check_shape(text)
        nodes = list(yaml.compose_all(text, Loader=_SAFE_LOADER))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise YamlProblem(line, "", f"YAML syntax error: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:  # pragma: no cover - other reader errors (encoding)
        raise YamlProblem(None, "", f"cannot read YAML: {exc}") from None
    except RecursionError:
        raise YamlProblem(None, "", "the YAML is nested too deeply") from None
    except (ValueError, MemoryError) as exc:  # the reader's own checks (e.g. characters YAML forbids)
        raise YamlProblem(None, "", f"cannot read YAML: {exc}") from None
    if not nodes:
        return YamlDocument(file, None, {(): 1})
    if len(nodes) > 1:
        raise YamlProblem(nodes[1].start_mark.line + 1, "", "the file holds several YAML documents; keep one")
    lines: dict[Path_, int] = {}
    try:
        data = _to_data(nodes[0], (), lines, set())
    except RecursionError:
        raise YamlProblem(None, "", "the YAML is nested too deeply") from None
    return YamlDocument(file, data, lines)


def check_shape(text: str) -> None:
    """Refuse YAML nested deeper than :data:`MAX_NESTING` or with more than :data:`MAX_YAML_NODES`
    nodes, by reading parse events only (no node tree is built, nothing recurses)."""
    depth = 0
    nodes = 0
    for event in yaml.parse(text, Loader=_SAFE_LOADER):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            nodes += 1
            if depth > MAX_NESTING:
                line = event.start_mark.line + 1 if event.start_mark is not None else None
                raise YamlProblem(line, "", f"the YAML is nested more than {MAX_NESTING} levels deep")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
            nodes += 1
        if nodes > MAX_YAML_NODES:
            line = event.start_mark.line + 1 if event.start_mark is not None else None
            raise YamlProblem(line, "", f"the YAML has more than {MAX_YAML_NODES:,} values; split or shorten it")


def read_yaml_file(path: Path) -> YamlDocument:
    """Read a YAML file (UTF-8, at most :data:`MAX_FILE_BYTES`) into a :class:`YamlDocument`."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise YamlProblem(
            None, "", f"the file is {size / 1e6:.1f} MB; the limit is {MAX_FILE_BYTES // (1024 * 1024)} MB"
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(line, "", "the file is not UTF-8 text; save it as UTF-8") from None
    return read_yaml_text(text, str(path))


def _to_data(node: yaml.Node, path: Path_, lines: dict[Path_, int], seen: set[int]) -> Any:
    # An alias (*name) reuses a node; expanding reused nodes lets a tiny file
    # blow up into gigabytes ("billion laughs"), so aliases are refused.
    if id(node) in seen:
        raise YamlProblem(
            node.start_mark.line + 1,
            _dotted(path),
            "anchors and aliases (& and *) are not supported; write the value out",
        )
    seen.add(id(node))
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _SCALAR_TAGS:
            raise YamlProblem(node.start_mark.line + 1, _dotted(path), f"the tag {node.tag!r} is not allowed")
        constructor = yaml.SafeLoader.yaml_constructors[node.tag]
        return constructor(_SCALAR_BUILDER, node)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ_TAG:
            raise YamlProblem(node.start_mark.line + 1, _dotted(path), f"the tag {node.tag!r} is not allowed")
        return [_to_data(item, (*path, index), lines, seen) for index, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        if node.tag != _MAP_TAG:
            raise YamlProblem(node.start_mark.line + 1, _dotted(path), f"the tag {node.tag!r} is not allowed")
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(key_node.start_mark.line + 1, _dotted(path), "keys must be plain words or numbers")
            key = _to_data(key_node, (*path, "<key>"), {}, seen)
            if isinstance(key, (list, dict)) or key is None:
                raise YamlProblem(key_node.start_mark.line + 1, _dotted(path), "keys must be plain words or numbers")
            if key in result:
                raise YamlProblem(key_node.start_mark.line + 1, _dotted((*path, key)), "this key appears twice")
            lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = _to_data(value_node, (*path, key), lines, seen)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    raise YamlProblem(node.start_mark.line + 1, _dotted(path), "unsupported YAML node")  # pragma: no cover


def _dotted(path: Path_) -> str:
    return ".".join(str(part) for part in path)


dotted_path = _dotted
