"""Issue #14's "done when" for the roadmap: a one-weak-cell profile gets advice written for that cell and band.

For each of the 25 cells of the built-in questionnaire (2.0.0), at a low (25) and at a developing (50)
score with every other cell at 87.5, the roadmap's step 3 offers at least two actions written for that
cell and that band, none for another band, no idea twice, and a pilot that varies with the aspect.
The expected actions and pilots below are written out by hand from what the library is meant to
say for each cell (its authoring plan), not copied from a roadmap.
"""

from __future__ import annotations

import pytest

from cxmaturity.core.answers import answer_set_from_records
from cxmaturity.core.model import Answer, AnswerKind
from cxmaturity.core.questionnaire import load_questionnaire
from cxmaturity.core.scoring import score_answers
from cxmaturity.roadmap.engine import build_roadmap

from .make_golden_roadmaps import QUESTIONNAIRE, TODAY, card_from, load_builtin

LEVELS = ("communication", "responsiveness", "commitment", "proactivity", "evolution")
ASPECTS = ("cx", "ox", "ex", "it", "tx")
WEAK = {"low": 25.0, "developing": 50.0, "established": 68.75}
STRONG = 87.5

#: (level, aspect) -> band -> the step-3 actions written for the cell in that band (ids without "choose.").
#: Low-band actions are each brought up by one of the cell's questions too; three of them name only a
#: question that moved between versions (touchpoint review, leaders' walk, connected indicators).
EXPECTED: dict[tuple[str, str], dict[str, set[str]]] = {
    ("communication", "cx"): {
        "low": {
            "communication-cx-open-asked-channels",
            "communication-cx-same-answer",
            "communication-cx-delay-notice",
            "communication-cx-findable-facts",
            "communication-cx-accessible-service",
        },
        "developing": {"communication-cx-next-step", "communication-cx-no-repeating"},
        "established": {"communication-cx-customer-preferences"},
    },
    ("communication", "ox"): {
        "low": {
            "communication-ox-map-touchpoints",
            "communication-ox-message-standard",
            "communication-ox-name-cx-owner",
            "touchpoint-review-four-questions",
        },
        "developing": {"communication-ox-one-voice", "communication-ox-late-messages"},
        "established": {"communication-ox-test-before-release"},
    },
    ("communication", "ex"): {
        "low": {"communication-ex-one-source-for-staff", "communication-ex-service-promise", "leaders-on-the-path"},
        "developing": {"communication-ex-monthly-check", "communication-ex-unanswered-questions"},
        "established": {"communication-ex-promise-in-goals"},
    },
    ("communication", "it"): {
        "low": {"communication-it-log-every-contact", "communication-it-system-messages"},
        "developing": {"communication-it-single-source", "communication-it-chosen-channel"},
        "established": {"communication-it-messages-in-history"},
    },
    ("communication", "tx"): {
        "low": {"communication-tx-cost-per-channel", "communication-tx-message-effect"},
        "developing": {"communication-tx-avoidable-contacts", "communication-tx-report-contact-cost"},
        "established": {"communication-tx-control-groups"},
    },
    ("responsiveness", "cx"): {
        "low": {
            "responsiveness-cx-first-contact",
            "responsiveness-cx-moments-plan",
            "responsiveness-cx-cut-the-steps",
            "responsiveness-cx-answer-public-reviews",
        },
        "developing": {"responsiveness-cx-no-transfers", "responsiveness-cx-effort-after-contact"},
        "established": {"responsiveness-cx-guarantee"},
    },
    ("responsiveness", "ox"): {
        "low": {
            "responsiveness-ox-target-times",
            "responsiveness-ox-callback-causes",
            "responsiveness-ox-daily-huddle",
            "responsiveness-ox-outer-loop",
        },
        "developing": {"responsiveness-ox-time-report", "responsiveness-ox-close-the-circle"},
        "established": {"responsiveness-ox-fix-the-slowest-step"},
    },
    ("responsiveness", "ex"): {
        "low": {"responsiveness-ex-authority", "responsiveness-ex-observe-complaints"},
        "developing": {"responsiveness-ex-raise-the-limits", "responsiveness-ex-peer-coaching"},
        "established": {"responsiveness-ex-learn-from-escalations"},
    },
    ("responsiveness", "it"): {
        "low": {"responsiveness-it-every-request-a-case", "responsiveness-it-knowledge-base"},
        "developing": {"responsiveness-it-overdue-alerts", "responsiveness-it-knowledge-feedback"},
        "established": {"responsiveness-it-case-status-for-customers"},
    },
    ("responsiveness", "tx"): {
        "low": {"responsiveness-tx-price-failures", "responsiveness-tx-compensation-from-figures"},
        "developing": {"responsiveness-tx-failure-causes", "responsiveness-tx-speed-versus-cost"},
        "established": {"responsiveness-tx-recovery-value"},
    },
    ("commitment", "cx"): {
        "low": {"commitment-cx-learn-needs", "commitment-cx-measure-the-gap", "commitment-cx-refused-requests"},
        "developing": {"commitment-cx-segment-needs", "commitment-cx-fast-exceptions"},
        "established": {"commitment-cx-personal-moments"},
    },
    ("commitment", "ox"): {
        "low": {"commitment-ox-link-kpis", "commitment-ox-journey-owners", "commitment-ox-drivers-and-barriers"},
        "developing": {"commitment-ox-internal-clients", "commitment-ox-owner-review"},
        "established": {"commitment-ox-kpi-conflicts"},
    },
    ("commitment", "ex"): {
        "low": {
            "commitment-ex-principles-not-scripts",
            "commitment-ex-engagement-by-team",
            "commitment-ex-empathy-in-reviews",
        },
        "developing": {"commitment-ex-remove-obstacles", "commitment-ex-share-service-stories"},
        "established": {"commitment-ex-hire-for-care"},
    },
    ("commitment", "it"): {
        "low": {"commitment-it-one-screen", "commitment-it-remember-preferences", "indicators-from-systems"},
        "developing": {"commitment-it-customer-value-on-screen", "commitment-it-data-quality"},
        "established": {"commitment-it-prompt-personal-moments"},
    },
    ("commitment", "tx"): {
        "low": {
            "commitment-tx-value-by-segment",
            "commitment-tx-goodwill-budget",
            "commitment-tx-loyalty-programme-return",
        },
        "developing": {"commitment-tx-budget-review", "commitment-tx-serve-by-value"},
        "established": {"commitment-tx-share-of-wallet"},
    },
    ("proactivity", "cx"): {
        "low": {"proactivity-cx-moments-to-reach-out", "proactivity-cx-predictable-list"},
        "developing": {"proactivity-cx-remedy-ready", "proactivity-cx-ask-ahead"},
        "established": {"proactivity-cx-personal-next-step"},
    },
    ("proactivity", "ox"): {
        "low": {"proactivity-ox-pain-map", "proactivity-ox-warning-owners", "proactivity-ox-enough-answers"},
        "developing": {"proactivity-ox-weekly-pain-review", "proactivity-ox-check-the-signals"},
        "established": {"proactivity-ox-prevent-at-source"},
    },
    ("proactivity", "ex"): {
        "low": {"proactivity-ex-idea-channel", "proactivity-ex-outreach-time", "proactivity-ex-tension-signals"},
        "developing": {"proactivity-ex-ideas-in-goals", "proactivity-ex-outreach-scripts-free"},
        "established": {"proactivity-ex-recognise-prevention"},
    },
    ("proactivity", "it"): {
        "low": {"proactivity-it-one-prediction-rule", "proactivity-it-next-best-action"},
        "developing": {"proactivity-it-weekly-risk-list", "proactivity-it-prompt-feedback"},
        "established": {"proactivity-it-automate-warnings"},
    },
    ("proactivity", "tx"): {
        "low": {"proactivity-tx-customer-leading-indicators", "proactivity-tx-control-every-campaign"},
        "developing": {"proactivity-tx-cost-of-waiting", "proactivity-tx-fund-what-pays"},
        "established": {"proactivity-tx-risk-in-plans"},
    },
    ("evolution", "cx"): {
        "low": {"evolution-cx-define-success", "evolution-cx-ask-about-feelings", "evolution-cx-relationship-nps"},
        "developing": {"evolution-cx-help-succeed", "evolution-cx-community"},
        "established": {"evolution-cx-close-the-emotion-gap"},
    },
    ("evolution", "ox"): {
        "low": {"evolution-ox-customer-panel", "evolution-ox-retrospectives"},
        "developing": {"evolution-ox-panel-on-schedule", "evolution-ox-read-lessons-first"},
        "established": {"evolution-ox-co-create-with-decision"},
    },
    ("evolution", "ex"): {
        "low": {"evolution-ex-lifecycle-map", "evolution-ex-tell-improvement-stories"},
        "developing": {"evolution-ex-exit-interviews", "evolution-ex-development-through-customers"},
        "established": {"evolution-ex-employees-in-co-design"},
    },
    ("evolution", "it"): {
        "low": {"evolution-it-unfinished-tasks", "evolution-it-test-on-a-share"},
        "developing": {"evolution-it-self-service-integration", "evolution-it-test-calendar"},
        "established": {"evolution-it-customer-data-back"},
    },
    ("evolution", "tx"): {
        "low": {"evolution-tx-business-case", "evolution-tx-one-meeting"},
        "developing": {"evolution-tx-lifetime-value", "evolution-tx-portfolio"},
        "established": {"evolution-tx-long-term-weight"},
    },
}

#: level -> aspect -> the pilot: one for customer and processes, one for employees, one for systems and money.
PILOTS = {
    "communication": (
        "communication-one-message",
        "communication-ex-first-to-know",
        "communication-it-automatic-status",
    ),
    "responsiveness": (
        "responsiveness-close-the-loop",
        "responsiveness-ex-swap-a-day",
        "responsiveness-it-failure-demand",
    ),
    "commitment": ("commitment-exception-budget", "commitment-ex-follow-a-customer", "commitment-it-named-contact"),
    "proactivity": ("proactivity-warn-first", "proactivity-ex-idea-sprint", "proactivity-it-churn-call"),
    "evolution": (
        "evolution-success-check-ins",
        "evolution-ex-newcomers-as-customers",
        "evolution-it-co-design-self-service",
    ),
}
PILOT_GROUP = {"cx": 0, "ox": 0, "ex": 1, "it": 2, "tx": 2}

#: Step 3's actions that are not about the cell: the framing every roadmap gets.
FRAMING = {"choose.state-the-problem"}


@pytest.fixture(scope="module")
def builtin():
    return load_builtin()


def one_weak_cell(questionnaire, library, level, aspect, band):
    score = WEAK[band]
    card = card_from({"": lambda lv, asp: score if (lv, asp) == (level, aspect) else STRONG}, questionnaire)
    return build_roadmap(card, questionnaire, library, "en", TODAY)


def test_the_hand_table_covers_every_cell_with_enough_advice():
    assert set(EXPECTED) == {(level, aspect) for level in LEVELS for aspect in ASPECTS}
    for cell, bands in EXPECTED.items():
        assert len(bands["low"]) >= 2 and len(bands["developing"]) >= 2 and len(bands["established"]) >= 1, cell


@pytest.mark.parametrize("band", ["low", "developing", "established"])
@pytest.mark.parametrize("level", LEVELS)
def test_a_weak_cell_gets_the_advice_written_for_it_and_its_band(level, band, builtin):
    questionnaire, library = builtin
    pilots = set()
    for aspect in ASPECTS:
        roadmap = one_weak_cell(questionnaire, library, level, aspect, band)
        assert (roadmap.focus.level, roadmap.focus.aspect, roadmap.focus.band) == (level, aspect, band)
        candidates = [a for a in roadmap.steps[2].actions if a.id not in FRAMING]
        # exactly the actions written for this cell and band: nothing for another band or another cell
        assert {a.id.removeprefix("choose.") for a in candidates} == EXPECTED[level, aspect][band], (level, aspect)
        assert all((a.level, a.aspect, a.band) == (level, aspect, band) for a in candidates)
        (pilot,) = roadmap.steps[3].actions
        assert pilot.id == "pilot." + PILOTS[level][PILOT_GROUP[aspect]], (level, aspect)
        pilots.add(pilot.id)
        # no idea twice: no two actions of the roadmap share an id or the name after the step
        names = [a.id.split(".", 1)[1] for a in roadmap.all_actions()]
        assert len(names) == len(set(names)), (level, aspect)
    # the pilot depends on the aspect: three different pilots across the level's five aspects
    assert len(pilots) == 3


def test_a_weak_cell_of_a_stored_1_0_0_assessment_still_gets_cell_advice(builtin):
    _, library = builtin
    old = load_questionnaire(QUESTIONNAIRE.parent / "versions" / "1.0.0" / "questionnaire.yaml")
    assert old.version == "1.0.0"
    for level in LEVELS:
        for aspect in ASPECTS:
            for band in ("low", "developing"):
                roadmap = one_weak_cell(old, library, level, aspect, band)
                candidates = [a for a in roadmap.steps[2].actions if a.id not in FRAMING]
                written = EXPECTED[level, aspect][band]
                assert len({a.id.removeprefix("choose.") for a in candidates} & written) >= 2, (level, aspect, band)
                assert all(a.band == band for a in candidates)
    # a question that moved brings up its advice in the cell where 1.0.0 asks it: the leaders' walk
    roadmap = one_weak_cell(old, library, "evolution", "ex", "low")
    assert "choose.leaders-on-the-path" in {a.id for a in roadmap.steps[2].actions}


def test_the_weakest_single_question_brings_up_its_own_advice_inside_a_strong_cell(builtin):
    questionnaire, library = builtin
    # Responsiveness x IT: the knowledge-base question alone drops to 0, the case-tracking one stays at 87.5,
    # so the cell scores 43.75 (developing) but the knowledge-base advice (written for low) comes up as well
    records = [
        Answer(
            f"r-{index}", question.id, AnswerKind.VALUE, 0.0 if question.id.endswith("knowledge-base") else value, None
        )
        for question in questionnaire.questions
        for index, value in enumerate((4.0, 4.0, 3.0, 3.0))
    ]
    card = score_answers(questionnaire, answer_set_from_records(records))
    cell = card.cells["responsiveness", "it"]
    assert cell.score == pytest.approx((87.5 + 0) / 2)
    roadmap = build_roadmap(card, questionnaire, library, "en", TODAY)
    assert (roadmap.focus.level, roadmap.focus.aspect) == ("responsiveness", "it")
    ids = {a.id for a in roadmap.steps[2].actions}
    assert "choose.responsiveness-it-knowledge-base" in ids
    (advice,) = [a for a in roadmap.steps[2].actions if a.id == "choose.responsiveness-it-knowledge-base"]
    stem = questionnaire.question("responsiveness.it.knowledge-base").text.get("en")
    assert f"One question of this area scores only 0 of 100: “{stem}”" in advice.why
    assert "choose.responsiveness-it-every-request-a-case" not in ids  # its question is strong
    assert {"choose.responsiveness-it-overdue-alerts", "choose.responsiveness-it-knowledge-feedback"} <= ids
