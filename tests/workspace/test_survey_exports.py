"""Survey-tool exports (hand-built in each tool's shape) through the column-mapping import."""

from __future__ import annotations

import pytest

from cxmaturity.core.registry import find_questionnaire
from cxmaturity.files.errors import InputError
from cxmaturity.workspace.column_mapping import answers_from_mapped_frame, read_table, suggest_mapping
from cxmaturity.workspace.survey_exports import ExportKind, detect_export

from ..conftest import FIXTURES

EXPORTS = FIXTURES / "exports"


@pytest.fixture(scope="module")
def customer():
    return find_questionnaire("cx-pyramid-customer")


def read(name: str, text: str | None = None):
    data = text.encode() if text is not None else (EXPORTS / name).read_bytes()
    return read_table(data, name)


def answers_by(answers) -> dict[tuple[str, str], tuple[object, object]]:
    table = answers.table
    return {
        (str(r), str(q)): (v if v == v else None, n)
        for r, q, v, n in zip(table["respondent"], table["question"], table["value"], table["note"], strict=True)
    }


def test_each_tool_is_recognised_from_its_shape():
    from cxmaturity.core.answers import read_table_bytes

    kinds = {name: detect_export(read_table_bytes((EXPORTS / name).read_bytes(), name)) for name in (
        "qualtrics.csv", "surveymonkey.csv", "google-forms.csv", "limesurvey-codes.csv", "limesurvey-texts.csv")}  # fmt: skip
    assert kinds == {
        "qualtrics.csv": ExportKind.QUALTRICS,
        "surveymonkey.csv": ExportKind.SURVEYMONKEY,
        "google-forms.csv": ExportKind.GOOGLE_FORMS,
        "limesurvey-codes.csv": ExportKind.LIMESURVEY,
        "limesurvey-texts.csv": ExportKind.LIMESURVEY,
    }


def test_qualtrics_three_header_rows_question_texts_and_answer_labels(customer):
    frame = read("qualtrics.csv")
    assert list(frame["row"]) == [4, 5, 6]  # rows 2 and 3 were the extra header rows
    mapping = suggest_mapping(list(frame.columns), customer)
    assert mapping["ResponseId"] == "respondent"
    assert mapping["How likely are you to recommend the company to a friend or colleague?"] == "loyalty.recommend"
    assert mapping["Overall, how satisfied are you with the company?"] == "satisfaction.overall"
    assert mapping["StartDate"] is None and mapping["IPAddress"] is None
    found = answers_by(answers_from_mapped_frame(frame, "qualtrics.csv", customer, mapping))
    assert found[("R_2xQm7hTfKd01", "loyalty.recommend")][0] == 9.0
    assert found[("R_2xQm7hTfKd01", "satisfaction.overall")][0] == 5.0  # "Very satisfied"
    assert found[("R_2xQm7hTfKd01", "reason.main")][1] == "price"  # "Price and value for money"
    assert found[("R_9pLw3nVcZe02", "reason.comment")][1] == "Waited two weeks, then had to call twice"
    assert found[("R_4kTr8sYbNa03", "communication.cx.information-i-need")][0] == 5.0  # "Strongly agree"


def test_a_bad_cell_in_an_export_names_the_files_own_row_and_column(customer):
    text = (
        (EXPORTS / "qualtrics.csv").read_text(encoding="utf-8").replace(",EN,3,Dissatisfied,", ",EN,13,Dissatisfied,")
    )
    frame = read("qualtrics.csv", text)
    mapping = suggest_mapping(list(frame.columns), customer)
    with pytest.raises(InputError) as caught:
        answers_from_mapped_frame(frame, "qualtrics.csv", customer, mapping)
    (error,) = caught.value.errors
    assert error.line == 5 and error.field == "How likely are you to recommend the company to a friend or colleague?"


def test_surveymonkey_two_header_rows_metadata_and_an_other_column(customer):
    frame = read("surveymonkey.csv")
    assert list(frame["row"]) == [3, 4, 5]
    mapping = suggest_mapping(list(frame.columns), customer)
    assert mapping["Respondent ID"] == "respondent" and mapping["Collector ID"] is None
    assert mapping["What is the main reason for your scores?"] == "reason.main"
    assert mapping["What is the main reason for your scores? - Other (please specify)"] is None
    found = answers_by(answers_from_mapped_frame(frame, "surveymonkey.csv", customer, mapping))
    assert found[("11458800001", "reason.main")][1] == "staff"
    assert found[("11458800002", "reason.main")][1] == "other"  # "Something else"
    assert found[("11458800003", "loyalty.recommend")][0] == 8.0


def test_google_forms_in_russian_named_by_row(customer):
    frame = read("google-forms.csv")
    mapping = suggest_mapping(list(frame.columns), customer)
    assert mapping["respondent"] == "respondent" and mapping["Отметка времени"] is None
    found = answers_by(answers_from_mapped_frame(frame, "google-forms.csv", customer, mapping))
    assert found[("row 2", "satisfaction.overall")][0] == 4.0  # "Доволен"
    assert found[("row 3", "reason.main")][1] == "staff"  # "Сотрудники, которые меня обслуживали"
    assert found[("row 4", "communication.cx.information-i-need")][0] == 1.0  # "Совершенно не согласен"


def test_limesurvey_codes_with_the_consultants_mapping(customer):
    frame = read("limesurvey-codes.csv")
    mapping = suggest_mapping(list(frame.columns), customer)
    assert mapping["id"] == "respondent" and mapping["submitdate"] is None and mapping["recommend"] is None
    mapping.update({"recommend": "loyalty.recommend", "satisf": "satisfaction.overall", "reason": "reason.main",
                    "comment": "reason.comment"})  # fmt: skip
    found = answers_by(answers_from_mapped_frame(frame, "limesurvey-codes.csv", customer, mapping))
    assert found[("2", "loyalty.recommend")][0] == 2.0 and found[("2", "reason.main")][1] == "speed"


def test_limesurvey_full_texts_in_ukrainian(customer):
    frame = read("limesurvey-texts.csv")
    mapping = suggest_mapping(list(frame.columns), customer)
    assert mapping["Response ID"] == "respondent" and mapping["Date submitted"] is None
    found = answers_by(answers_from_mapped_frame(frame, "limesurvey-texts.csv", customer, mapping))
    assert found[("1", "satisfaction.overall")][0] == 5.0  # "Дуже задоволений"
    assert found[("3", "reason.main")][1] == "quality"


def test_a_plain_file_passes_unchanged(customer):
    frame = read("plain.csv", "respondent,loyalty.recommend\na,9\n")
    assert list(frame.columns) == ["respondent", "loyalty.recommend", "row"] and list(frame["row"]) == [2]


def test_an_export_imports_into_an_assessment_all_or_nothing(store, customer):
    from cxmaturity.core.registry import find_questionnaire_path
    from cxmaturity.storage import QuestionnaireSnapshot
    from cxmaturity.workspace.column_mapping import import_answers

    record = store.create_assessment(
        "Acme", QuestionnaireSnapshot.from_file(find_questionnaire_path("cx-pyramid-customer")), "Autumn", "en"
    )
    data = (EXPORTS / "surveymonkey.csv").read_bytes()
    mapping = suggest_mapping(list(read_table(data, "surveymonkey.csv").columns), customer)
    assert import_answers(store, record.id, data, "surveymonkey.csv", mapping) == 9  # 3 responses x 3 columns
    stored = {(a.respondent, a.question): a for a in store.load_answers(record.id)}
    assert stored[("11458800001", "reason.main")].note == "staff"
    assert stored[("11458800001", "reason.comment")].note == "Kind and quick"
    bad = data.replace(b",,,,,10,The staff", b",,,,,11,The staff")
    with pytest.raises(InputError):
        import_answers(store, record.id, bad, "surveymonkey.csv", mapping)
    assert len(store.load_answers(record.id)) == 9  # nothing of the bad file was stored
