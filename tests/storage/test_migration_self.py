"""Migration 0011_self: a stored self-assessment flag, backfilled on old rows by the rule used before it."""

from __future__ import annotations

import datetime as dt

from alembic import command
from sqlalchemy import MetaData, insert, inspect, select

from cxmaturity.storage import Store, create_engine_for, upgrade_schema
from cxmaturity.storage.database import alembic_config

CREATED = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)

# title, respondents besides "self" as (label, revoked), a wave of the first assessment, expected flag
CASES = {
    "own": ("Self-assessment of 30 November 2026", [], False, True),
    "own, ru, the next day (time zone)": ("Самооценка от 1 декабря 2026", [], False, True),
    "own, uk, the day before": ("Самооцінка від 29 листопада 2026", [], False, True),
    "own, the only invitee revoked": ("Self-assessment of 30 November 2026", [("Olga", True)], False, True),
    "someone invited": ("Self-assessment of 30 November 2026", [("Olga", False)], False, False),
    "a wave": ("Self-assessment of 30 November 2026", [], True, False),
    "a title of its own": ("Spring review", [], False, False),
    "a default title of another date": ("Self-assessment of 3 March 2026", [], False, False),
}


def _fill_at_0010(engine) -> dict[str, int]:
    tables = MetaData()
    tables.reflect(engine)
    organisation, assessment = tables.tables["organisation"], tables.tables["assessment"]
    respondent, setting = tables.tables["respondent"], tables.tables["assessment_setting"]
    ids: dict[str, int] = {}
    with engine.begin() as connection:
        first = None
        for n, (name, (title, invited, wave, _flag)) in enumerate(CASES.items()):
            org = connection.execute(insert(organisation).values(name=name, created_at=CREATED)).inserted_primary_key[0]
            new = connection.execute(
                insert(assessment).values(
                    key=f"key-{n}",
                    organisation_id=org,
                    title=title,
                    language="en",
                    questionnaire_id="cx-pyramid",
                    questionnaire_version="2.0.0",
                    questionnaire_hash="h",
                    questionnaire_snapshot="id: x",
                    targets={},
                    status="collecting",
                    created_at=CREATED,
                    updated_at=CREATED,
                )
            ).inserted_primary_key[0]
            ids[name] = new
            first = first or new
            people = [("self", False), *invited]
            for label, revoked in people:
                connection.execute(
                    insert(respondent).values(
                        assessment_id=new, label=label, token=f"t-{n}-{label}", created_at=CREATED, revoked=revoked
                    )
                )
            if wave:
                connection.execute(
                    insert(setting).values(
                        assessment_id=new,
                        group_names=None,
                        anonymity_threshold=3,
                        results_source="respondents",
                        previous_assessment_id=first,
                    )
                )
    return ids


def test_upgrade_from_0010_backfills_by_the_old_rule_and_downgrade_keeps_the_rows(sqlite_url: str) -> None:
    engine = create_engine_for(sqlite_url)
    upgrade_schema(engine, "0010")
    ids = _fill_at_0010(engine)
    upgrade_schema(engine)
    tables = MetaData()
    tables.reflect(engine)
    assessment = tables.tables["assessment"]
    with engine.connect() as connection:
        flags = dict(connection.execute(select(assessment.c.id, assessment.c.self_assessment)).all())
    assert {name: bool(flags[ids[name]]) for name in CASES} == {name: case[3] for name, case in CASES.items()}

    store = Store.open(sqlite_url)
    try:
        assert store.get_assessment(ids["own"]).self_assessment is True
        assert store.get_assessment(ids["someone invited"]).self_assessment is False
        # A new assessment is a client's unless Start says it is the executive's own.
        assert store.create_assessment("Acme", _snapshot(), "Spring", "en").self_assessment is False
    finally:
        store.dispose()

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0010")
    assert "self_assessment" not in {column["name"] for column in inspect(engine).get_columns("assessment")}
    with engine.connect() as connection:
        respondent = MetaData()
        respondent.reflect(engine, only=["respondent"])
        count = len(connection.execute(select(respondent.tables["respondent"].c.id)).all())
    # Every "self", the two invitees and Acme's "self": nobody cascade-deleted by the downgrade.
    assert count == len(CASES) + 2 + 1
    engine.dispose()


def _snapshot():
    from cxmaturity.core.registry import find_questionnaire_path
    from cxmaturity.storage import QuestionnaireSnapshot

    return QuestionnaireSnapshot.from_file(find_questionnaire_path("cx-pyramid"))
