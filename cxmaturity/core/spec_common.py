"""Building blocks shared by the YAML file formats (questionnaires, recommendation libraries).

Both formats write texts the same way (a plain string in single-language files, otherwise a map
language -> text), use the same strict pydantic base and id patterns, and check texts with the
same located messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, WithJsonSchema

from cxmaturity.core.model import Text
from cxmaturity.files.errors import LocatedError
from cxmaturity.files.yamlsource import Path_, YamlDocument

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DOTTED_ID_PATTERN = r"^[a-z0-9]+([.\-_][a-z0-9]+)*$"
SEMVER_PATTERN = r"^\d+\.\d+\.\d+$"

# A text is either a plain string (single-language files) or {language: string}.
# Its shape is checked by `TextChecker.text` so that the message can name the languages.
TextField = Annotated[
    Any,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string"},
                {"type": "object", "additionalProperties": {"type": "string"}, "minProperties": 1},
            ],
            "description": "A plain string (only when the file declares one language) or a map language -> text.",
        }
    ),
]


def json_schema_of(model: type[BaseModel], title: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a file-format model, for editors."""
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema


class StrictSpec(BaseModel):
    """Base of the file-format models: "yes" is not a boolean, "5" is not a number, typos are errors."""

    model_config = ConfigDict(extra="forbid", strict=True)


class TextChecker:
    """Collects located problems of a YAML document; knows how a text must look."""

    def __init__(self, document: YamlDocument, languages: Sequence[str]):
        self.document = document
        self.languages = list(languages)
        self.errors: list[LocatedError] = []

    def add(self, path: Path_, message: str) -> None:
        """Record a problem at ``path`` (its line comes from the document)."""
        field = ".".join(str(part) for part in path)
        self.errors.append(LocatedError(self.document.file, self.document.line_of(path), field, message))

    def text(self, value: Any, path: Path_, required: bool = True) -> None:
        """Check a text: every declared language present and non-empty, no undeclared language."""
        languages = self.languages
        if value is None:
            if required:
                self.add(path, "a text is required here")
            return
        if isinstance(value, str):
            if len(languages) > 1:
                self.add(path, f"give this text in every declared language ({', '.join(languages)}) as a map")
            elif not value.strip():
                self.add(path, "the text is empty")
            return
        if not isinstance(value, dict) or not value:
            self.add(path, "a text must be a string or a map language -> string")
            return
        for language, translation in value.items():
            if languages and language not in languages:
                self.add((*path, language), f"language {language!r} is not declared in `languages`")
            elif not isinstance(translation, str) or not translation.strip():
                self.add((*path, language), "the text must be a non-empty string")
        missing = [language for language in languages if language not in value]
        if missing:
            self.add(path, f"missing the {', '.join(missing)} text")


def build_text(value: Any, languages: Sequence[str]) -> Text:
    """A validated text value as :class:`Text` (a plain string stands for every language)."""
    if isinstance(value, str):
        return Text(MappingProxyType(dict.fromkeys(languages, value)), languages[0])
    return Text(MappingProxyType({language: value[language] for language in languages}), languages[0])
