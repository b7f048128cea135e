"""Plural forms: a number followed by a noun, in the form the language's grammar needs.

English has two forms (1 point, 2 points). Russian and Ukrainian have three for whole numbers,
chosen by the last one or two digits (CLDR: one, few, many):

- one: 1, 21, 31 … but not 11 (1 балл, 21 балл; 1 бал, 21 бал);
- few: 2–4, 22–24 … but not 12–14 (2 балла, 22 балла; 2 бали, 22 бали);
- many: 0, 5–20, 25–30 … (5 баллов, 11 баллов; 5 балів, 11 балів).

A fraction (1.5, 12.5) takes the genitive singular (1,5 балла, 12,5 балла; 1,5 бала, 12,5 бала;
1,5 часа / 1,5 години). In Russian that form is always the same as "few"; in Ukrainian it often
differs ("2 бали" but "1,5 бала"), so Ukrainian texts may give it as a fourth form.

In catalogue texts a plural is written as a format spec on the placeholder:
``{count:plural:# ответ|# ответа|# ответов}`` (ru), ``{gap:plural:# бал|# бали|# балів|# бала}``
(uk), ``{count:plural:# answer|# answers}`` (en). ``#`` stands for the number, formatted for the
language (decimal comma in ru/uk). The forms are ``one|other`` in English and
``one|few|many[|fraction]`` in Russian and Ukrainian; a form may leave ``#`` out, so that a verb
or adjective can agree with the number too. ``{change:signed_plural:...}`` writes the sign of a
change in front of the number (``+12,5 балла``, ``−3 балла``).
"""

from __future__ import annotations

import math
import string
from collections.abc import Sequence
from typing import Any

PLURAL_SPEC = "plural:"
#: The same with the sign of a change written in front (``+12,5 балла``, ``−3 балла``, ``0 баллов``).
SIGNED_PLURAL_SPEC = "signed_plural:"


def plural_category(value: float, language: str) -> str:
    """The CLDR plural category of ``value``: ``one``/``few``/``many``/``fraction`` (ru, uk) or ``one``/``other`` (en).

    ``value`` is taken as shown to the reader (rounded to one decimal), so 1.04 counts as 1.
    """
    shown = round(abs(float(value)), 1)
    if language not in ("ru", "uk"):
        return "one" if shown == 1 else "other"
    if not shown.is_integer():
        return "fraction"
    n = int(shown)
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "few"
    return "many"


def choose_form(value: float, language: str, forms: Sequence[str]) -> str:
    """The one of ``forms`` (``one|other`` in en, ``one|few|many[|fraction]`` in ru/uk) that ``value`` needs."""
    category = plural_category(value, language)
    if language not in ("ru", "uk"):
        if len(forms) != 2:
            raise ValueError(f"English plural needs 2 forms (one|other), got {len(forms)}: {'|'.join(forms)}")
        return forms[0] if category == "one" else forms[1]
    if len(forms) not in (3, 4):
        raise ValueError(f"{language} plural needs 3 or 4 forms (one|few|many|fraction), got {len(forms)}")
    if category == "fraction":
        # Genitive singular: the fourth form when given, else "few" (the same word in Russian).
        return forms[3] if len(forms) == 4 else forms[1]
    return forms[("one", "few", "many").index(category)]


def format_count(value: float, language: str) -> str:
    """A number as it stands before a noun: whole numbers without decimals, else one decimal (``12,5`` in ru/uk)."""
    from cxmaturity.i18n import format_number  # the package imports this module

    shown = round(float(value), 1)
    return format_number(shown, language, 0 if shown.is_integer() else 1)


def plural(value: float, language: str, forms: Sequence[str]) -> str:
    """``value`` with the noun in the right form: ``plural(22, "ru", ["# балл", "# балла", "# баллов"])`` -> ``22 балла``."""
    if isinstance(value, float) and math.isnan(value):
        raise ValueError("a plural needs a number, not NaN")
    return choose_form(value, language, forms).replace("#", format_count(value, language))


def as_number(value: object, language: str) -> float:
    """The number a plural placeholder was given, also when a caller formatted it already (``1\u202f234,5``)."""
    if isinstance(value, bool):
        raise TypeError(f"a plural placeholder needs a number, got {value!r}")
    if isinstance(value, int | float):
        return float(value)
    # en groups thousands with a comma; ru and uk write the decimal comma.
    text = str(value).strip().replace("\u2212", "-").replace(",", "" if language == "en" else ".")
    for space in (" ", "\u00a0", "\u202f"):
        text = text.replace(space, "")
    try:
        return float(text)
    except ValueError:
        raise TypeError(f"a plural placeholder needs a number, got {value!r}") from None


def signed_plural(value: float, language: str, forms: Sequence[str]) -> str:
    """A change with its sign and noun: ``+12,5 балла``, ``−3 балла``, ``0 баллов`` (the minus is U+2212)."""
    shown = round(float(value), 1)
    sign = "+" if shown > 0 else "\u2212" if shown < 0 else ""
    return sign + plural(abs(shown), language, forms)


class PluralFormatter(string.Formatter):
    """``str.format`` plus the ``{name:plural:forms}`` spec, for one language."""

    def __init__(self, language: str):
        super().__init__()
        self.language = language

    def format_field(self, value: Any, format_spec: str) -> Any:
        """Render ``plural:`` specs with :func:`plural`; any other spec as ``format`` would."""
        for spec, render in ((PLURAL_SPEC, plural), (SIGNED_PLURAL_SPEC, signed_plural)):
            if format_spec.startswith(spec):
                return render(as_number(value, self.language), self.language, format_spec[len(spec) :].split("|"))
        return super().format_field(value, format_spec)
