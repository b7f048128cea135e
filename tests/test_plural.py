"""Plural forms of a number followed by a noun (cxmaturity/i18n/plural.py).

Every expected string is written by hand from the grammar: Russian and Ukrainian take "one" after
1, 21 (not 11), "few" after 2-4, 22-24 (not 12-14), "many" after 0, 5-20, 25-30, and a fraction
takes the genitive singular (1,5 балла; 1,5 бала; 1,5 часа; 1,5 години).
"""

from __future__ import annotations

import string

import pytest

from cxmaturity.i18n import catalogue, plural, translate
from cxmaturity.i18n.plural import plural_category

NUMBERS = (1, 2, 5, 11, 21, 22, 25, 1.5, 12.5)

POINTS = {
    "ru": ["1 балл", "2 балла", "5 баллов", "11 баллов", "21 балл", "22 балла", "25 баллов", "1,5 балла", "12,5 балла"],
    "uk": ["1 бал", "2 бали", "5 балів", "11 балів", "21 бал", "22 бали", "25 балів", "1,5 бала", "12,5 бала"],
    "en": ["1 point", "2 points", "5 points", "11 points", "21 points", "22 points", "25 points", "1.5 points",
           "12.5 points"],
}  # fmt: skip

HOURS = {
    "ru": (["# час", "# часа", "# часов"],
           ["1 час", "2 часа", "5 часов", "11 часов", "21 час", "22 часа", "25 часов", "1,5 часа", "12,5 часа"]),
    "uk": (["# година", "# години", "# годин", "# години"],
           ["1 година", "2 години", "5 годин", "11 годин", "21 година", "22 години", "25 годин", "1,5 години",
            "12,5 години"]),
}  # fmt: skip


@pytest.mark.parametrize("language", ["ru", "uk", "en"])
def test_points_in_every_language(language: str) -> None:
    assert [translate("readings.unit.points", language, n=value) for value in NUMBERS] == POINTS[language]


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_a_feminine_noun_and_the_fraction_form(language: str) -> None:
    forms, expected = HOURS[language]
    assert [plural(value, language, forms) for value in NUMBERS] == expected


def test_respondents() -> None:
    assert [translate("readings.unit.respondents", "ru", n=n) for n in (1, 3, 12, 101)] == [
        "1 респондент", "3 респондента", "12 респондентов", "101 респондент"]  # fmt: skip
    assert [translate("readings.unit.respondents", "uk", n=n) for n in (1, 3, 12, 104)] == [
        "1 респондент", "3 респонденти", "12 респондентів", "104 респонденти"]  # fmt: skip


def test_categories_at_the_edges() -> None:
    assert [plural_category(n, "ru") for n in (0, 11, 12, 14, 111, 112, 101, 102, 1000)] == [
        "many", "many", "many", "many", "many", "many", "one", "few", "many"]  # fmt: skip
    # A value is judged as shown: 1.04 shows as 1, 4.96 as 5.
    assert plural_category(1.04, "uk") == "one"
    assert plural_category(4.96, "uk") == "many"
    assert plural_category(1, "en") == "one"
    assert plural_category(1.5, "en") == "other"


def test_a_signed_change_keeps_the_noun_in_agreement() -> None:
    assert translate("waves.reading.rose", "ru", previous="Весна", up="«Коммуникация»", up_change=21.0).endswith(
        "(+21 балл)."
    )
    assert translate("waves.reading.fell", "uk", previous="Весна", down="«Комунікація»", down_change=-2.5).endswith(
        "(\u22122,5 бала)."
    )
    assert translate("waves.reading.rose", "en", previous="Spring", up="Communication", up_change=1.0).endswith(
        "(+1 point)."
    )


def test_the_roadmap_says_points_in_full_with_the_right_form() -> None:
    text = translate("roadmap.why.established", "ru", area="X", score="61", threshold="60", target="80", gap=21.0)
    assert text.endswith("не хватает 21 балла.")
    text = translate("roadmap.why.established", "ru", area="X", score="75", threshold="60", target="80", gap=5.0)
    assert text.endswith("не хватает 5 баллов.")
    text = translate("roadmap.why.developing", "uk", area="X", score="57,5", threshold="60", target="80", short=2.5)
    assert "на 2,5 бала нижче порогу" in text
    text = translate(
        "report.ws.gap.headline", "ru", name="X", high="A", high_score="80", low="B", low_score="58", gap=22.0
    )
    assert text.endswith("разрыв — 22 балла.")
    text = translate("report.summary.perception_gap", "uk", name="X", gap=15.0, high="A", high_score="1", low="B",
                     low_score="2")  # fmt: skip
    assert text.startswith("X: 15 балів між групами")
    assert translate("roadmap_page.chart.reading", "en", n=1, days=1, date="1 May") == (
        "1 action over 1 day; the re-assessment is on 1 May."
    )
    assert translate("report.roadmap.horizon", "uk", days=22) == "Горизонт: 22 дні"


def test_every_plural_placeholder_has_the_forms_its_language_needs() -> None:
    wrong = []
    for key, texts in catalogue().items():
        for language, text in texts.items():
            for _, name, spec, _ in string.Formatter().parse(text):
                if name is None or not spec or "plural:" not in spec:
                    continue
                forms = spec.split(":", 1)[1].split("|")
                if len(forms) not in ((2,) if language == "en" else (3, 4)):
                    wrong.append(f"{key} [{language}]: {len(forms)} forms")
                if not all("#" in form for form in forms) and "#" in "".join(forms):
                    wrong.append(f"{key} [{language}]: '#' in some forms only")
    assert not wrong, wrong


#: Placeholders that hold a percentage ("80 % вопросов" is right for any number) or a size range
#: such as "50-249" or "5000+" (every range ends so that "сотрудников" is right).
PERCENT_PLACEHOLDERS = {"coverage", "uncertainty", "share", "high_share", "size"}
UNITS = ("балл", "бал", "дн", "дней", "днів", "вопрос", "запитан", "питан", "респондент", "минут", "хвилин",
         "символ", "сотрудник", "працівник", "волн", "хвил", "точ", "этап", "етап", "оценённ", "оцінен", "п.", "б.",
         # a verb or a noun that agrees with the number ("1 ответил", "21 уровня")
         "ответил", "відповіл", "уровн", "рівн", "аспект", "групп", "груп", "действи", "дій", "дії", "час", "годин",
         "раз", "клиент", "клієнт", "пилот", "пілот")  # fmt: skip


def test_no_catalogue_text_hard_codes_a_noun_after_a_number() -> None:
    # "{n} баллов" would print "21 баллов": a number placeholder followed by a unit must be a plural.
    bad = []
    for key, texts in catalogue().items():
        for language in ("ru", "uk"):
            parts = list(string.Formatter().parse(texts[language]))
            for (_, name, spec, _), (following, _, _, _) in zip(
                parts, [*parts[1:], ("", None, None, None)], strict=True
            ):
                if name is None or spec or name in PERCENT_PLACEHOLDERS:
                    continue
                if following.lstrip().startswith(UNITS):
                    bad.append(f"{key} [{language}]: {{{name}}}{following[:20]}")
    assert not bad, "\n".join(bad)


def test_the_older_readings_agree_with_their_numbers() -> None:
    # "из 21" takes the genitive singular (из 21 уровня), "из 10" the genitive plural.
    gaps = {"largest": "X.", "far": "3", "points": "15 баллов"}
    assert translate("groups.reading.gaps", "ru", total="10", **gaps).endswith("по 3 из 10 уровней и аспектов.")
    assert translate("groups.reading.gaps", "ru", total="21", **gaps).endswith("по 3 из 21 уровня и аспекта.")
    assert translate("groups.reading.gaps", "uk", total="22", **gaps).endswith("щодо 3 з 22 рівнів та аспектів.")
    line = {"mean": "50", "median": "50", "distribution": "—"}
    assert translate("evidence.summary.line", "ru", n=21, **line).startswith("Ответили по шкале: 21 респондент;")
    assert translate("evidence.summary.line", "uk", n=3, **line).startswith("Відповіли за шкалою: 3 респонденти;")
