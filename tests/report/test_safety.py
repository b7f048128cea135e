"""Any user text is safe: missing glyphs show as boxes, markup stays literal, long texts wrap."""

from __future__ import annotations

import io

from fpdf import FPDF

from cxmaturity.core.answers import answer_set_from_records
from cxmaturity.report.fonts import FONT_FILES, REPLACEMENT, covered_codepoints, safe_text

from .factory import make_answers
from .helpers import full_text, outline_titles, page_texts, reader, report


def test_safe_text_replaces_what_the_font_lacks_visibly() -> None:
    assert safe_text("Київ, ґанок, їжак, є") == "Київ, ґанок, їжак, є"
    assert safe_text("ok 🚀 done") == f"ok {REPLACEMENT} done"
    # one box per emoji, also with a skin tone, a variation selector or a joiner sequence
    assert safe_text("👍🏽") == REPLACEMENT
    assert safe_text("❤️") in ("❤️", REPLACEMENT)  # U+2764 is in DejaVu; the selector may be absorbed
    assert safe_text("👩‍💻") == REPLACEMENT
    assert safe_text("a\tb\r\nc") == "a    b\nc"
    assert safe_text("bell\x07") == f"bell{REPLACEMENT}"
    assert ord("Ї") in covered_codepoints() and ord("ґ") in covered_codepoints()


def test_the_glyph_trap_catches_fpdf2_dropping_a_character(no_missing_glyphs) -> None:  # type: ignore[no-untyped-def]
    """Without safe_text, fpdf2 drops an emoji with only a log warning: the fixture must see it."""
    pdf = FPDF()
    pdf.add_font("dejavu", "", str(FONT_FILES[""]))
    pdf.add_page()
    pdf.set_font("dejavu", size=12)
    pdf.cell(text="rocket 🚀")
    pdf.output()
    assert any("missing" in message for message in no_missing_glyphs.messages)
    no_missing_glyphs.messages.clear()


def test_emoji_and_markup_in_user_text(questionnaire) -> None:  # type: ignore[no-untyped-def]
    note = "<b>Great</b> <script>alert(1)</script> & co 🚀👍🏽 — ok"
    answers = make_answers(questionnaire, 1, notes={"communication.cx.q1": note})
    pdf, _ = report(
        questionnaire,
        answers,
        organisation="<i>Acme</i> 🏬 & Sons",
        prepared_by="Anna <Koval>",
        notes="**not markdown** <u>not html</u> 🚀 😀",
    )
    text = full_text(pdf)
    assert "<b>Great</b> <script>alert(1)</script> & co □□ — ok" in text
    assert "<i>Acme</i> □ & Sons" in text
    assert "Anna <Koval>" in text
    assert "**not markdown** <u>not html</u> □ 😀" in text  # DejaVu has the emoticons block


def test_a_5000_character_note_wraps_across_pages_without_loss(questionnaire) -> None:  # type: ignore[no-untyped-def]
    words = [f"w{i:04d}" for i in range(850)]  # 850 x 6 characters = 5,100
    note = " ".join(words)
    assert len(note) >= 5000
    answers = make_answers(questionnaire, 1, notes={"evolution.tx.q2": note})
    pdf, _ = report(questionnaire, answers)
    pages = page_texts(pdf)
    holding = [i for i, text in enumerate(pages) if "w0" in text]
    assert len(holding) >= 2, "the note should flow onto a second page"
    text = full_text(pdf)
    for word in words:
        assert word in text
    # a single unbroken 3,000-character "word" is cut between characters, not lost
    blob = "x" * 3000
    answers = make_answers(questionnaire, 1, notes={"evolution.tx.q2": blob})
    pdf, _ = report(questionnaire, answers)
    assert "".join(full_text(pdf).split()).count("x" * 100) >= 29


def test_a_300_character_organisation_name_keeps_the_cover_on_one_page(questionnaire) -> None:  # type: ignore[no-untyped-def]
    name = ("Публічне акціонерне товариство «Їжак і Ґанок» — є " * 6)[:300]
    answers = make_answers(questionnaire, 1)
    pdf, _ = report(questionnaire, answers, "uk", organisation=name)
    pages = page_texts(pdf)
    cover = " ".join(pages[0].split())
    assert " ".join(name.split()) in cover  # all 300 characters, wrapped on the cover
    assert "Стислі висновки" in pages[1]  # the summary still starts on page 2
    assert "Стислі висновки" not in pages[0]
    # the running header shortens the name with an ellipsis instead of overflowing
    assert "…" in pages[1].splitlines()[0] or "…" in pages[1]


def test_no_answers_renders_and_says_so(questionnaire) -> None:  # type: ignore[no-untyped-def]
    empty = answer_set_from_records([])
    for lang, message in (
        ("en", "No answers have been given yet."),
        ("ru", "Ответов пока нет."),
        ("uk", "Відповідей поки що немає."),
    ):
        pdf, card = report(questionnaire, empty, lang)
        assert not card.has_answers
        text = full_text(pdf)
        assert message in text
        assert len(reader(pdf).pages) >= 8
        assert "Appendix" in outline_titles(pdf) or lang != "en"


def test_a_broken_logo_is_noted_not_fatal_and_a_png_logo_is_embedded(questionnaire) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image

    answers = make_answers(questionnaire, 1)
    pdf, _ = report(questionnaire, answers, logo=b"not an image at all")
    assert "(the logo could not be read)" in page_texts(pdf)[0]
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), (200, 30, 30)).save(buffer, format="PNG")
    pdf, _ = report(questionnaire, answers, logo=buffer.getvalue())
    cover = reader(pdf).pages[0]
    assert cover["/Resources"]["/XObject"], "the logo is an image on the cover"
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20"><rect width="60" height="20" fill="#336"/></svg>'
    pdf, _ = report(questionnaire, answers, logo=svg)
    # only PNG and JPEG are drawn (checked to be real images): an SVG is noted, not drawn
    assert "(the logo could not be read)" in page_texts(pdf)[0]
