"""The shipped customer questionnaire: what a customer can answer, on the company's pyramid."""

from __future__ import annotations

from cxmaturity.core.model import ItemKind
from cxmaturity.core.registry import find_questionnaire


def test_it_loads_beside_the_company_questionnaire_with_the_same_levels():
    customer = find_questionnaire("cx-pyramid-customer")
    company = find_questionnaire("cx-pyramid")
    assert customer.format == 2 and customer.languages == ("en", "ru", "uk")
    assert [level.id for level in customer.levels] == [level.id for level in company.levels]
    assert {aspect.id for aspect in customer.aspects} <= {aspect.id for aspect in company.aspects}


def test_fifteen_to_twenty_five_statements_each_on_one_level_and_every_level_asked():
    customer = find_questionnaire("cx-pyramid-customer")
    assert 15 <= len(customer.questions) <= 25
    per_level = {level.id: len(customer.questions_of(level=level.id)) for level in customer.levels}
    assert min(per_level.values()) >= 3, per_level


def test_gartners_four_questions_about_the_last_contact():
    customer = find_questionnaire("cx-pyramid-customer")
    trigger = customer.item("interaction.trigger")
    assert trigger.kind is ItemKind.CHOICE and "company-first" in trigger.choice_ids()
    assert customer.item("interaction.effort").kind is ItemKind.CES
    assert customer.question("interaction.completeness").level == "responsiveness"
    assert customer.question("interaction.emotion").level == "evolution"


def test_the_metric_items_the_reason_and_the_comment():
    customer = find_questionnaire("cx-pyramid-customer")
    kinds = [item.kind for item in customer.items]
    assert kinds.count(ItemKind.NPS) == 1 and kinds.count(ItemKind.CSAT) == 1 and kinds.count(ItemKind.CLI) == 3
    assert customer.scales[customer.item("interaction.effort").scale or ""].values == (1, 2, 3, 4, 5, 6, 7)
    assert customer.scales[customer.item("loyalty.recommend").scale or ""].values == tuple(range(11))
    assert "other" in customer.item("reason.main").choice_ids()
    assert customer.item("reason.comment").kind is ItemKind.TEXT


def test_one_term_per_concept_in_every_language():
    customer = find_questionnaire("cx-pyramid-customer")
    texts = [q.text for q in customer.in_file_order()]
    english = " ".join(text.get("en") for text in texts)
    assert "the company" in english and "the firm" not in english and "we " not in english.lower()
    russian = " ".join(text.get("ru") for text in texts)
    assert "компани" in russian and "фирм" not in russian and "организаци" not in russian
    ukrainian = " ".join(text.get("uk") for text in texts)
    assert "компані" in ukrainian and "фірм" not in ukrainian and "організаці" not in ukrainian


def test_metrics_and_score_read_the_same_customer_file(tmp_path):
    import io
    import json

    from cxmaturity.cli.main import main

    path = tmp_path / "customers.csv"
    path.write_text(
        "respondent,branch,loyalty.recommend,interaction.effort,satisfaction.overall,"
        "communication.cx.information-i-need,reason.main,reason.comment\n"
        "c1,kyiv,10,7,5,5,staff,Helpful people\n"
        "c2,kyiv,3,2,2,1,speed,Too slow\n"
        "c3,lviv,9,6,4,4,price,\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    code = main(
        ["metrics", "--questionnaire", "cx-pyramid-customer", "--answers", str(path), "--segment", "branch"],
        out,
        io.StringIO(),
    )
    document = json.loads(out.getvalue())
    # 2 promoters (10, 9) and 1 detractor (3) of 3: NPS = (2 - 1) / 3 = 33.3 points.
    assert code == 0 and document["nps"]["value"] == 100 / 3 and document["segments"]["lviv"]["nps"]["n"] == 1
    # `score` reads the same file without the segment column (it takes no columns of its own).
    plain = tmp_path / "plain.csv"
    plain.write_text(
        "\n".join(
            line.split(",", 2)[0] + "," + line.split(",", 2)[2]
            for line in path.read_text(encoding="utf-8").splitlines()
        )
        + "\n",
        encoding="utf-8",
    )
    score = io.StringIO()
    assert main(["score", "--questionnaire", "cx-pyramid-customer", "--answers", str(plain)], score, io.StringIO()) == 0
    # The statement: 5, 1, 4 on 1..5 -> 100, 0, 75 -> mean 58.33 for its cell.
    cell = json.loads(score.getvalue())["cells"]["communication/cx"]
    assert cell["score"] == 175 / 3 and cell["n"] == 3
