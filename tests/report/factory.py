"""Test data for the report tests: a small questionnaire built in memory, and answers.

The questionnaire is built from the model classes (not from the shipped file) so
the report tests do not move when the built-in questions are edited.
"""

from __future__ import annotations

import datetime as dt
import random
from types import MappingProxyType

from cxmaturity.core.answers import answer_set_from_records
from cxmaturity.core.model import (
    Answer,
    AnswerKind,
    AnswerSet,
    Aspect,
    Level,
    Question,
    Questionnaire,
    Scale,
    ScaleOption,
    Text,
)

CREATED = dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.UTC)

LEVELS = [
    ("communication", "Communication", "Коммуникация", "Комунікація"),
    ("responsiveness", "Responsiveness", "Отзывчивость", "Чуйність"),
    ("commitment", "Commitment", "Приверженность", "Прихильність"),
    ("proactivity", "Proactivity", "Проактивность", "Проактивність"),
    ("evolution", "Relationship evolution", "Эволюция отношений", "Еволюція відносин"),
]
ASPECTS = [
    ("cx", "Customer experience", "Клиентский опыт", "Клієнтський досвід"),
    ("ox", "Operational experience", "Операционный опыт", "Операційний досвід"),
    ("ex", "Employee experience", "Опыт сотрудников", "Досвід працівників"),
    ("it", "IT and data", "ИТ и данные", "ІТ і дані"),
    ("tx", "Transactional experience", "Транзакционный опыт", "Транзакційний досвід"),
]
OPTIONS = [
    ("Not in place", "Не внедрено", "Не впроваджено"),
    ("Ad hoc", "Эпизодически", "Епізодично"),
    ("Defined", "Регламентировано", "Регламентовано"),
    ("Managed", "Измеряется и управляется", "Вимірюється й керується"),
    ("Optimised", "Постоянно совершенствуется", "Постійно вдосконалюється"),
]


def text(en: str, ru: str, uk: str) -> Text:
    return Text(MappingProxyType({"en": en, "ru": ru, "uk": uk}), "en")


def make_questionnaire(per_cell: int = 2, levels: int = 5, aspects: int = 5) -> Questionnaire:
    """``levels`` x ``aspects`` (up to 5 each) x ``per_cell`` questions on a 0..4 scale; threshold 60, target 80."""
    scale = Scale(
        "maturity",
        tuple(ScaleOption(float(v), text(*labels)) for v, labels in enumerate(OPTIONS)),
    )
    questions = []
    for lid, len_, lru, luk in LEVELS[:levels]:
        for aid, aen, aru, auk in ASPECTS[:aspects]:
            for k in range(1, per_cell + 1):
                questions.append(
                    Question(
                        id=f"{lid}.{aid}.q{k}",
                        level=lid,
                        aspect=aid,
                        scale="maturity",
                        weight=2.0 if k == 1 else 1.0,
                        text=text(
                            f"How well does the company handle {len_.lower()} in {aen.lower()} (question {k})?",
                            f"Насколько хорошо компания обеспечивает «{lru}» в области «{aru}» (вопрос {k})?",
                            f"Наскільки добре компанія забезпечує «{luk}» у сфері «{auk}» (питання {k})? Її ґрунт є.",
                        ),
                    )
                )
    return Questionnaire(
        format=1,
        id="test-pyramid",
        version="1.2.3",
        languages=("en", "ru", "uk"),
        title=text("CX maturity test", "Тест зрелости CX", "Тест зрілості CX"),
        description=None,
        threshold=60.0,
        target=80.0,
        scales=MappingProxyType({"maturity": scale}),
        levels=tuple(
            Level(lid, text(en, ru, uk), text(f"About {en}.", f"Про {ru}.", f"Про {uk}: її ґрунт є."))
            for lid, en, ru, uk in LEVELS[:levels]
        ),
        aspects=tuple(Aspect(aid, text(en, ru, uk)) for aid, en, ru, uk in ASPECTS[:aspects]),
        questions=tuple(questions),
        source_hash="ab" * 32,
    )


def make_answers(
    questionnaire: Questionnaire,
    respondents: int,
    seed: int = 7,
    groups: tuple[str, ...] = (),
    notes: dict[str, str] | None = None,
) -> AnswerSet:
    """Answers falling from the base of the pyramid to the top, with some n/a and "don't know"."""
    rng = random.Random(seed)
    level_index = {level.id: i for i, level in enumerate(questionnaire.levels)}
    records = []
    for r in range(respondents):
        group = groups[r % len(groups)] if groups else None
        for question in questionnaire.questions:
            note = (notes or {}).get(question.id) if r == 0 else None
            x = rng.random()
            if x < 0.04:
                records.append(Answer(f"r{r + 1}", question.id, AnswerKind.NOT_APPLICABLE, group=group, note=note))
            elif x < 0.08:
                records.append(Answer(f"r{r + 1}", question.id, AnswerKind.DONT_KNOW, group=group, note=note))
            else:
                bias = 0.8 if groups and group == groups[0] else 0.0  # the first group sees it rosier
                mean = 3.6 - 0.75 * level_index[question.level] + bias
                value = float(max(0, min(4, round(rng.gauss(mean, 0.7)))))
                records.append(Answer(f"r{r + 1}", question.id, AnswerKind.VALUE, value, group=group, note=note))
    return answer_set_from_records(records)
