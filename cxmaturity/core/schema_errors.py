"""Turn pydantic validation errors into located, human-readable errors."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from cxmaturity.files.errors import InputError, LocatedError
from cxmaturity.files.yamlsource import YamlDocument

ModelT = TypeVar("ModelT", bound=BaseModel)


def pydantic_errors_located(model: type[ModelT], document: YamlDocument) -> tuple[ModelT | None, list[LocatedError]]:
    """Validate ``document.data`` against ``model``; return the instance or every problem, located."""
    try:
        return model.model_validate(document.data), []
    except ValidationError as exc:
        return None, [_locate(error, model, document) for error in exc.errors(include_url=False)]


def validated_spec(
    model: type[ModelT], document: YamlDocument, check_meaning: Callable[[YamlDocument], list[LocatedError]]
) -> ModelT:
    """The spec of a YAML file format (questionnaire, recommendation library), or InputError with every
    problem at once: a top level that is no mapping, schema errors and ``check_meaning``'s, in line order."""
    if not isinstance(document.data, dict):
        raise InputError([LocatedError(document.file, 1, "", "the file must be a YAML mapping (key: value lines)")])
    spec, errors = pydantic_errors_located(model, document)
    errors += check_meaning(document)
    if errors or spec is None:
        errors.sort(key=lambda error: (error.line or 0, error.field))
        raise InputError(errors)
    return spec


def _locate(error: Any, model: type[BaseModel], document: YamlDocument) -> LocatedError:
    # pydantic marks dict-key problems with a trailing "[key]" segment; drop it for the path.
    path = tuple(part for part in error["loc"] if part != "[key]")
    field = ".".join(str(part) for part in path)
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(path[-1]) if path else ""
        known = _known_keys(model, path[:-1], document)
        guess = difflib.get_close_matches(key, known, n=1)
        hint = f" (did you mean {guess[0]!r}?)" if guess else f"; allowed keys: {', '.join(known)}" if known else ""
        message = f"unknown key {key!r}{hint}"
    elif kind == "missing":
        message = "this required key is missing"
        return LocatedError(document.file, document.line_of(path[:-1]), field, message)
    elif kind == "literal_error":
        message = f"must be {error['ctx']['expected']}"
    elif kind == "string_pattern_mismatch":
        message = f"{error['input']!r} has the wrong form (expected {error['ctx']['pattern']})"
    elif kind in ("float_type", "int_type", "float_parsing"):
        message = f"must be a number, not {error['input']!r}"
    elif kind == "string_type":
        message = f"must be text, not {error['input']!r} (put it in quotes)"
    elif kind == "bool_type":
        message = f"must be true or false, not {error['input']!r}"
    elif kind in ("list_type", "dict_type", "model_type"):
        expected = {"list_type": "a list", "dict_type": "a mapping", "model_type": "a mapping (key: value)"}[kind]
        message = f"must be {expected}"
    else:
        message = error["msg"][0].lower() + error["msg"][1:]
    return LocatedError(document.file, document.line_of(path), field, message)


def _known_keys(model: type[BaseModel], parent: tuple[Any, ...], document: YamlDocument) -> list[str]:
    """Field names of the (sub)model at ``parent``, to suggest the key the user meant."""
    current: Any = model
    for part in parent:
        if isinstance(part, int) or current is None:
            continue
        is_model = isinstance(current, type) and issubclass(current, BaseModel)
        field = current.model_fields.get(str(part)) if is_model else None
        if field is None:
            # a key of a dict of models (e.g. the scale id in scales.<id>): stay on that model
            continue
        current = _item_model_of_annotation(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _item_model_of_annotation(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _item_model_of_annotation(arg)
        if found is not None:
            return found
    return None
