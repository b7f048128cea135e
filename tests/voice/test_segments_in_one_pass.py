"""metrics_by_segment counts every segment in one pass: each segment's figures must equal those of its
respondents alone (compute_metrics on the segment's rows, whose values the other voice tests pin by hand)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from cxmaturity.core.registry import find_questionnaire
from cxmaturity.voice.metrics import MetricItems, compute_metrics, metrics_by_segment
from cxmaturity.voice.responses import Responses

CUSTOMER = find_questionnaire("cx-pyramid-customer")


def _responses(seed: int, people: int) -> Responses:
    rng = np.random.default_rng(seed)

    def answers(low: int, high: int) -> np.ndarray:
        values = rng.integers(low, high + 1, size=people).astype(float)
        values[rng.random(people) < 0.1] = np.nan  # skipped answers
        return values

    numbers = {
        "loyalty.recommend": answers(0, 10),
        "interaction.effort": answers(1, 7),
        "satisfaction.overall": answers(1, 5),
        "loyalty.cli-recommend": answers(1, 6),
        "loyalty.cli-buy-again": answers(1, 6),
        "loyalty.cli-try-other": answers(1, 6),
    }
    # Branch "solo" has one customer (not enough answers), "same" three identical answers (no spread).
    branch = rng.choice(["north", "south", "east", ""], size=people).astype(object)
    branch[0] = "solo"
    branch[1:4] = "same"
    for item in numbers.values():
        item[1:4] = item[1]
    labels = pd.Index([f"c{i}" for i in range(people)], dtype=object)
    return Responses(labels, numbers, {}, {}, {"branch": pd.Categorical(branch)})


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_segment_equals_its_own_respondents_counted_alone(seed: int) -> None:
    responses = _responses(seed, 300)
    items = MetricItems(CUSTOMER, responses)
    found = metrics_by_segment(CUSTOMER, responses, "branch")
    assert list(found) == ["", "east", "north", "same", "solo", "south"]
    labels = np.asarray(responses.segments["branch"], dtype=object)
    for label, metrics in found.items():
        alone = compute_metrics(responses, items, labels == label)
        assert metrics.respondents == alone.respondents
        for name, estimate in dataclasses.asdict(metrics).items():
            expected = dataclasses.asdict(alone)[name]
            if isinstance(estimate, dict):
                assert estimate == pytest.approx(expected, nan_ok=True), (label, name)
            else:
                assert estimate == expected
    assert found["solo"].nps is not None and not found["solo"].nps.enough
    same = found["same"].ces
    assert same is not None and same.ci_low == same.value == same.ci_high  # identical answers: no spread
