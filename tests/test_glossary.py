"""The glossary (cxmaturity/i18n/glossary.yaml) holds across every text a user reads.

Every questionnaire and recommendation library under assessments/, the UI and report catalogue,
the method library and the starter journey maps are scanned, per language, for the variants the
glossary rejects, for the Ukrainian apostrophe and for the quotation marks of each language. A
failure names the file, the line and the term to use.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cxmaturity.files.yamlsource import read_yaml_file
from cxmaturity.i18n.glossary import (
    GLOSSARY_LANGUAGES,
    Finding,
    find_rejected,
    find_style_problems,
    find_typography_problems,
    glossary_markdown,
    iter_texts,
    load_glossary,
    rejected_variants,
    style_rules,
)

ROOT = Path(__file__).resolve().parents[1]

#: Files users read, relative to the repository root.
USER_TEXT_FILES: tuple[str, ...] = tuple(
    sorted(
        str(path.relative_to(ROOT))
        for pattern in (
            "assessments/*/*.yaml",
            "assessments/*/versions/*/*.yaml",  # earlier questionnaire versions: still read by their assessments
            "cxmaturity/i18n/catalogue/*.yaml",
            "cxmaturity/roadmap/method_library.yaml",
            "cxmaturity/journey/starter_maps/*.yaml",
        )
        for path in ROOT.glob(pattern)
    )
)


def _problems(name: str, check: Callable[[str, str], list[Finding]]) -> list[str]:
    document = read_yaml_file(ROOT / name)
    problems = []
    for path, language, text in iter_texts(document.data):
        for finding in check(text, language):
            line = document.line_of(path)
            problems.append(f"{name}:{line} [{language}] «{finding.found}»: {finding.advice}")
    return problems


def test_the_scan_covers_every_kind_of_user_text() -> None:
    expected = {
        "assessments/cx-pyramid/questionnaire.yaml",
        "assessments/cx-pyramid/recommendations.yaml",
        "assessments/cx-pyramid/versions/1.0.0/questionnaire.yaml",
        "assessments/cx-pyramid-customer/questionnaire.yaml",
        "cxmaturity/i18n/catalogue/report.yaml",
        "cxmaturity/i18n/catalogue/report_workspace.yaml",
        "cxmaturity/roadmap/method_library.yaml",
        "cxmaturity/journey/starter_maps/b2b.yaml",
        "cxmaturity/journey/starter_maps/b2c.yaml",
    }
    assert expected <= set(USER_TEXT_FILES)
    assert sum(name.startswith("cxmaturity/i18n/catalogue/") for name in USER_TEXT_FILES) >= 20


@pytest.mark.parametrize("name", USER_TEXT_FILES)
def test_no_rejected_variant(name: str) -> None:
    problems = _problems(name, find_rejected)
    assert not problems, "glossary terms not followed:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", USER_TEXT_FILES)
def test_one_apostrophe_and_one_quotation_style(name: str) -> None:
    problems = _problems(name, find_typography_problems)
    assert not problems, "typography:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", [name for name in USER_TEXT_FILES if "/versions/" not in name])
def test_no_text_breaks_a_checked_style_rule(name: str) -> None:
    # Earlier questionnaire versions keep the wording their assessments were answered with.
    problems = _problems(name, find_style_problems)
    assert not problems, "style rules:\n" + "\n".join(problems)


def test_each_style_rule_is_complete_and_its_pattern_tells_its_examples_apart() -> None:
    rules = style_rules()
    assert {rule.language for rule in rules} >= {"ru", "uk"}
    assert len({(rule.language, rule.id) for rule in rules}) == len(rules), "style rule ids repeat"
    for rule in rules:
        assert rule.rule and rule.wrong and rule.right and rule.wrong != rule.right, (rule.language, rule.id)
        if rule.pattern is not None:
            assert rule.pattern.search(rule.wrong), f"{rule.language}/{rule.id}: the pattern misses its own example"
            assert not rule.pattern.search(rule.right), f"{rule.language}/{rule.id}: the pattern flags the right text"


@pytest.mark.parametrize("name", [name for name in USER_TEXT_FILES if "questionnaire" in name])
def test_questionnaires_use_the_glossarys_level_titles(name: str) -> None:
    levels = load_glossary()["levels"]
    document = read_yaml_file(ROOT / name)
    wrong = []
    for index, level in enumerate(document.data.get("levels") or []):
        if level["id"] not in levels:
            continue
        for language, title in level["title"].items():
            expected = levels[level["id"]][language]["title"]
            if title != expected:
                line = document.line_of(("levels", index, "title"))
                wrong.append(
                    f"{name}:{line} [{language}] level {level['id']}: «{title}», the glossary says «{expected}»"
                )
    assert not wrong, "\n".join(wrong)


def test_every_concept_has_a_term_in_every_language() -> None:
    glossary = load_glossary()
    for concept, entry in glossary["concepts"].items():
        assert entry["meaning"], concept
        for language in GLOSSARY_LANGUAGES:
            assert entry[language]["term"], (concept, language)
    for level, entry in glossary["levels"].items():
        for language in GLOSSARY_LANGUAGES:
            assert entry[language]["title"], (level, language)


def test_the_reviews_concepts_are_all_there() -> None:
    # Review §5.4 (shared/reviews/content-2026-11.md) and the brief of issue #14.
    concepts = set(load_glossary()["concepts"])
    assert {
        "loop", "first_contact_resolution", "resolve", "revenue", "time_limit", "questionnaire",
        "stage", "score", "note", "front_line", "coverage", "finance_function", "transactional_experience",
        "sponsor", "agreement", "points", "question", "assessment", "default", "change_since_previous",
    } <= concepts  # fmt: skip


def test_no_term_is_rejected_by_its_own_patterns() -> None:
    glossary = load_glossary()
    for rejected in rejected_variants():
        assert not rejected.pattern.search(rejected.term), (rejected.concept, rejected.language)
    assert glossary["levels"]["responsiveness"]["uk"]["title"] == "Оперативність"


# Exact quotes from the review (§5.4-§5.6) and the wording that replaces them.
@pytest.mark.parametrize(
    ("language", "rejected_text", "accepted_text"),
    [
        ("ru", "Внутренний цикл ежедневных исправлений", "Внутренний контур ежедневных исправлений"),
        ("ru", "Решение с первого обращения", "Решение с первого контакта"),
        ("uk", "Вирішення з першого звернення", "Розв’язання з першого контакту"),
        ("uk", "поруч із виручкою та маржею", "поруч із виторгом і маржею"),
        ("ru", "Динамика по опроснику", "Динамика по анкете"),
        ("ru", "Стадия, последняя волна", "Этап, последняя волна"),
        ("uk", "свій щабель на піраміді", "свій етап на піраміді"),
        ("ru", "Общая оценка", "Общий балл"),
        ("ru", "Заметка: {note}", "Комментарий: {note}"),
        ("uk", "Нотатка: {note}", "Коментар: {note}"),
        ("ru", "линейный персонал", "первая линия"),
        ("uk", "Охоплення невелике", "Повнота відповідей невелика"),
        ("ru", "Привлеките финансы", "Подключите финансовую службу"),
        ("ru", "Согласие", "Согласованность"),
        ("ru", "на {gap} п. ниже", "на 5 баллов ниже"),
        ("uk", "(відповіли на {answered} з {total} питань)", "(відповіді на 3 з 5 запитань)"),
        ("uk", "ціль за замовчуванням", "типова ціль"),
        ("uk", "Зміна від попередньої", "Зміна з попередньої хвилі"),
        ("uk", "Повторне оцінювання", "Повторна оцінка"),
        ("uk", "Не застосовно", "Не стосується"),
        ("ru", "Все вопросы отвечены", "На все вопросы даны ответы"),
        ("uk", "оцінки консультанта рахуються ще одним респондентом", "зараховуються як ще один респондент"),
        ("uk", "зі співставною групою", "із зіставною групою"),
        ("uk", "Чуйність", "Оперативність"),
        ("ru", "Бюджет доброй воли есть", "Бюджет на компенсации и знаки внимания есть"),
    ],
)
def test_patterns_catch_the_reviews_quotes(language: str, rejected_text: str, accepted_text: str) -> None:
    assert find_rejected(rejected_text, language), rejected_text
    assert not find_rejected(accepted_text, language), accepted_text


def test_legitimate_uses_of_the_same_words_are_not_flagged() -> None:
    assert not find_rejected("Весь жизненный цикл сотрудника", "ru")
    assert not find_rejected("кожен відділ сам вирішує, що й коли повідомляти", "uk")
    assert not find_rejected("Клиентам, поставившим низкую оценку", "ru")
    assert not find_rejected("Запитання 3 з 5", "uk")


def test_typography_rules() -> None:
    assert find_typography_problems("з'явиться", "uk")
    assert find_typography_problems("зʼявиться", "uk")
    assert not find_typography_problems("з’явиться «тут»", "uk")
    assert find_typography_problems('Оберіть "Не стосується"', "uk")
    assert find_typography_problems("Выберите “Не применимо”", "ru")
    assert not find_typography_problems("Выберите «Не применимо»", "ru")
    assert find_typography_problems('Choose "Not applicable"', "en")
    assert not find_typography_problems("Choose “Not applicable”; it’s fine", "en")
    # Quotation marks inside markup and placeholders are syntax, not typography.
    assert not find_typography_problems('<span class="x">{name}</span>', "ru")


def test_the_glossary_page_is_generated_from_the_yaml() -> None:
    page = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert page == glossary_markdown(), "run: python tests/make_glossary_doc.py"
