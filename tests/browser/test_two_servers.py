"""Two app servers on one PostgreSQL database, and one of them killed while a respondent answers (issue 18).

A respondent answers in a browser through server A while the consultant watches Results and Groups
through server B. Server A is killed with SIGKILL right after a click; the respondent opens their
link again, now served by B (as a load balancer would send them), and goes on. Every answer the
respondent gave is in the database at the end: answers written = answers found.
"""

from __future__ import annotations

import re
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from cxmaturity.core.registry import builtin_dir
from cxmaturity.i18n import translate
from cxmaturity.storage import QuestionnaireSnapshot, Store
from tests.storage.test_storage_postgres import Cluster, cluster  # noqa: F401 - fixture

from .server import start_app_process, stop_app_process
from .test_journeys import QUESTIONNAIRE, main, progress_text, settle

pytestmark = pytest.mark.postgres
QUESTION_GROUPS = 'div[class*="st-key-q-"][class*="-value"] [role="radiogroup"]'
FIRST_LEVEL = [q.id for q in QUESTIONNAIRE.questions_of(level=QUESTIONNAIRE.levels[0].id)]
INTENDED = {question: str(position % 5) for position, question in enumerate(FIRST_LEVEL)}


@pytest.fixture(scope="module")
def setup(cluster: Cluster) -> Iterator[dict[str, object]]:  # noqa: F811
    """A PostgreSQL database with an assessment (3 executives and 3 front-line staff submitted,
    Li in the front line invited) and two app servers on it."""
    url = cluster.create_database()
    folder = Path(tempfile.mkdtemp(prefix="cxm-two-servers-"))
    url_file = folder / "database_url"
    url_file.write_text(url, encoding="utf-8")
    store = Store.open(url)
    snapshot = QuestionnaireSnapshot.from_file(builtin_dir() / "cx-pyramid" / "questionnaire.yaml")
    record = store.create_assessment("Northwind", snapshot, "Two servers", "en")
    for group, value in (("executives", 4), ("front line", 1)):
        for n in range(3):
            respondent = store.add_respondent(record.id, f"{group} {n}", group=group)
            for question in QUESTIONNAIRE.questions:
                store.save_answer(respondent.id, question.id, "value", value)
            store.set_submitted(respondent.id)
    li = store.add_respondent(record.id, "Li Wei", group="front line")
    processes = []
    try:
        server_a, url_a = start_app_process(folder, {"CXM_DATABASE_URL_FILE": str(url_file)})
        processes.append(server_a)
        server_b, url_b = start_app_process(folder, {"CXM_DATABASE_URL_FILE": str(url_file)})
        processes.append(server_b)
        yield {"store": store, "key": record.key, "li": li, "a": server_a, "url_a": url_a, "url_b": url_b}
    finally:
        for process in processes:
            stop_app_process(process)
        store.dispose()
        shutil.rmtree(folder, ignore_errors=True)


def saved(store: Store, respondent_id: int) -> dict[str, str]:
    return {q: a.code() for q, a in store.load_respondent_answers(respondent_id).items()}


def answer(page, position: int, done: int) -> None:
    """Click the intended option of the level's ``position``-th question; wait until ``done`` are saved."""
    main(page).locator(QUESTION_GROUPS).nth(position).get_by_text(INTENDED[FIRST_LEVEL[position]], exact=True).click()
    main(page).get_by_text(progress_text("en", done)).wait_for()
    settle(page)


def test_a_respondent_goes_on_through_server_b_after_server_a_is_killed_and_nothing_is_lost(setup, new_page) -> None:
    store, li = setup["store"], setup["li"]
    consultant = new_page()  # the consultant works on server B throughout
    consultant.goto(f"{setup['url_b']}/results?a={setup['key']}")
    main(consultant).get_by_text(re.compile(r"submitted: 6 \(counted\)")).wait_for()

    respondent = new_page()
    respondent.goto(f"{setup['url_a']}/?r={li.token}")
    main(respondent).get_by_text(progress_text("en", 0)).wait_for()
    settle(respondent)
    for position in range(5):
        answer(respondent, position, position + 1)
    confirmed = {q: INTENDED[q] for q in FIRST_LEVEL[:5]}
    assert saved(store, li.id) == confirmed

    # Server B sees what server A wrote, at its next rerun.
    consultant.reload()
    main(consultant).get_by_text(re.compile(r"in progress: 1 \(not counted until they submit\)")).wait_for()

    # A click, and server A dies at once (no shutdown, no chance to finish anything).
    main(respondent).locator(QUESTION_GROUPS).nth(5).get_by_text(INTENDED[FIRST_LEVEL[5]], exact=True).click()
    setup["a"].send_signal(signal.SIGKILL)
    setup["a"].wait(timeout=30)
    after_kill = saved(store, li.id)
    assert after_kill.items() >= confirmed.items()  # every answer the screen had confirmed is there
    # The click in flight was saved or not at all, never half: the screen on B shows which.
    assert after_kill in (confirmed, {**confirmed, FIRST_LEVEL[5]: INTENDED[FIRST_LEVEL[5]]})

    # The respondent's link again, now through server B: the answers so far are shown, and they go on.
    respondent.goto(f"{setup['url_b']}/?r={li.token}")
    main(respondent).get_by_text(progress_text("en", len(after_kill))).wait_for()
    settle(respondent)
    done = len(after_kill)
    for position, question in enumerate(FIRST_LEVEL):
        if question not in after_kill:
            done += 1
            answer(respondent, position, done)
    main(respondent).get_by_role("button", name=translate("respond.submit", "en")).click()
    main(respondent).get_by_role("button", name=translate("respond.confirm_yes", "en")).click()
    thanks = re.escape(translate("respond.thanks", "en", date="X")).split("X")[0]
    main(respondent).get_by_text(re.compile(thanks)).first.wait_for()

    # Answers written = answers found: every one the respondent gave, with the value they chose.
    assert saved(store, li.id) == INTENDED
    assert len(INTENDED) == len(FIRST_LEVEL) == 16  # Communication has 16 questions in cx-pyramid 2.0.0

    # The consultant on B sees the submission in Results and in Groups (front line: 3 -> 4).
    consultant.reload()
    main(consultant).get_by_text(re.compile(r"submitted: 7 \(counted\)")).wait_for()
    consultant.goto(f"{setup['url_b']}/groups?a={setup['key']}")
    main(consultant).get_by_text(re.compile(r"Respondents: All respondents: 7, .*: 3, .*: 4\.")).wait_for()
