"""`python -m cxmaturity report --consultancy NAME --logo FILE`: the cover's branding, checked as the Branding page checks it."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.deliverable.samples import logo_png
from tests.test_cli import ANSWERS, FIXTURES, run


def _report(tmp_path, *extra: str) -> tuple[int, str, str, bytes]:
    answers = tmp_path / "a.csv"
    answers.write_text(ANSWERS, encoding="utf-8")
    pdf = tmp_path / "r.pdf"
    code, out, err = run(
        "report", "--questionnaire", str(FIXTURES / "mini.yaml"), "--answers", str(answers), "--lang", "en",
        "--output", str(pdf), "--organisation", "Northwind Retail", *extra,
    )  # fmt: skip
    return code, out, err, pdf.read_bytes() if pdf.exists() else b""


def test_the_consultancys_name_and_logo_are_on_the_cover(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(logo_png())
    code, _out, err, pdf = _report(tmp_path, "--consultancy", "Harbour CX Advisory", "--logo", str(logo))
    assert code == 0 and err == ""
    cover = PdfReader(io.BytesIO(pdf)).pages[0]
    assert "Harbour CX Advisory" in cover.extract_text()
    assert len(cover.images) == 1  # the logo


def test_a_logo_that_is_not_an_image_is_refused_with_the_file_named(tmp_path):
    fake = tmp_path / "logo.png"
    fake.write_text("<svg/>", encoding="utf-8")
    code, _out, err, pdf = _report(tmp_path, "--logo", str(fake))
    assert code == 1 and pdf == b""
    assert (
        err.strip() == f"{fake}: this is not a PNG or JPEG image. Export the logo as PNG or JPEG and upload it again."
    )
    code, _out, err, _pdf = _report(tmp_path, "--logo", str(tmp_path / "missing.png"))
    assert code == 1 and err.startswith(f"{tmp_path / 'missing.png'}: cannot read the logo")


def test_a_name_too_long_is_refused(tmp_path):
    code, _out, err, pdf = _report(tmp_path, "--consultancy", "x" * 201)
    assert code == 1 and pdf == b""
    assert err.strip() == "--consultancy: the name is longer than 200 characters"
