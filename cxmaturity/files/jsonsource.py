"""Strict JSON reading: depth checked before parsing, duplicate keys refused, every failure located."""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np

from cxmaturity.files.errors import InputError, LocatedError
from cxmaturity.files.limits import MAX_NESTING

# A JSON string (with its escapes): removed before brackets are counted, so "[" in text does not count.
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_OPENERS = np.frombuffer(b"[{", dtype=np.uint8)
_CLOSERS = np.frombuffer(b"]}", dtype=np.uint8)


def nesting_depth(raw: bytes) -> int:
    """The deepest nesting of ``[``/``{`` in JSON bytes (strings skipped), found without parsing.

    A cumulative sum over the bracket bytes: linear, in C, and never recursive.
    """
    skeleton = np.frombuffer(_JSON_STRING.sub(b'""', raw), dtype=np.uint8)
    steps = np.isin(skeleton, _OPENERS).astype(np.int32) - np.isin(skeleton, _CLOSERS).astype(np.int32)
    return int(np.cumsum(steps).max()) if len(steps) else 0


class DuplicateKey(ValueError):
    """A JSON object names the same key twice."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKey(key)
        result[key] = value
    return result


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def read_json_bytes(raw: bytes, name: str, max_bytes: int, max_depth: int = MAX_NESTING) -> Any:
    """Parse JSON ``raw`` strictly into plain data.

    Refused, each as an :class:`InputError` naming ``name`` (and the line where known):
    more than ``max_bytes``, not UTF-8, nesting deeper than ``max_depth`` (checked before
    the parser recurses), a syntax error, a key twice in one object, NaN or Infinity.
    """
    if len(raw) > max_bytes:
        raise InputError([LocatedError(name, None, "", f"the file is larger than {max_bytes // (1024 * 1024)} MB")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError([LocatedError(name, line, "", "the file is not UTF-8 text")]) from None
    depth = nesting_depth(raw)
    if depth > max_depth:
        message = f"the JSON is nested {depth:,} levels deep; at most {max_depth} are allowed"
        raise InputError([LocatedError(name, None, "", message)])
    try:
        return json.loads(text, object_pairs_hook=_refuse_duplicates, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise InputError([LocatedError(name, error.lineno, "", f"not valid JSON: {error.msg}")]) from None
    except DuplicateKey as error:
        key_line = _line_of_key(text, error.key)
        message = f"the key {error.key!r} appears twice in one object; keep one"
        raise InputError([LocatedError(name, key_line, error.key, message)]) from None
    except (ValueError, RecursionError) as error:
        raise InputError([LocatedError(name, None, "", f"not valid JSON: {error}")]) from None


def _line_of_key(text: str, key: str) -> int | None:
    # The parser does not say where the second key was; its last appearance is the one refused.
    found = [match.start() for match in re.finditer(re.escape(json.dumps(key)) + r"\s*:", text)]
    return text.count("\n", 0, found[-1]) + 1 if len(found) > 1 else None
