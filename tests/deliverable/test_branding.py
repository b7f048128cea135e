"""The consultancy's branding: who may change it (decided in the core), a checked logo, the PDF's cover."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from cxmaturity.auth import PERSONAL, Actor, Role, may_change_branding
from cxmaturity.files.errors import KeyedValueError
from cxmaturity.files.images import logo_type
from cxmaturity.files.limits import MAX_LOGO_BYTES
from cxmaturity.storage import AccessDenied, Store


def image(kind: str = "PNG", size: tuple[int, int] = (120, 40)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (31, 78, 121)).save(out, kind)
    return out.getvalue()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(f"sqlite:///{tmp_path / 'brand.sqlite3'}")
    yield opened
    opened.dispose()


def test_only_personal_mode_and_admins_may_change_the_branding() -> None:
    assert may_change_branding(PERSONAL)
    assert may_change_branding(Actor.user(1, "admin@example.org", Role.ADMIN))
    assert not may_change_branding(Actor.user(2, "consultant@example.org", Role.CONSULTANT))
    assert not may_change_branding(Actor.user(3, "viewer@example.org", Role.VIEWER))
    assert not may_change_branding(Actor.respondent(4, "token"))


def test_the_store_applies_the_rule_and_everyone_reads_it(store: Store) -> None:
    saved = store.save_branding("  Harbour CX Advisory ", image())
    assert saved.consultancy == "Harbour CX Advisory" and saved.logo_type == "image/png"
    consultant = store.acting_as(Actor.user(2, "consultant@example.org", Role.CONSULTANT))
    with pytest.raises(AccessDenied):
        consultant.save_branding("Someone else", None)
    # the refusal changed nothing, and is in the audit log
    assert consultant.load_branding().consultancy == "Harbour CX Advisory"
    assert any(event.action == "access.refused:branding.save" for event in store.list_audit())
    admin = store.acting_as(Actor.user(1, "admin@example.org", Role.ADMIN))
    admin.save_branding("Harbour CX", image("JPEG"))
    assert store.load_branding().logo_type == "image/jpeg"
    # the name alone changes; the logo stays until removed
    store.save_branding("Harbour")
    assert store.load_branding().logo is not None
    store.save_branding("Harbour", None)
    assert store.load_branding().logo is None and store.load_branding().is_set


def test_a_logo_must_be_a_real_png_or_jpeg_within_the_limits(store: Store) -> None:
    assert logo_type(image("PNG")) == "image/png" and logo_type(image("JPEG")) == "image/jpeg"
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    truncated = image()[:60]  # the PNG signature and header, then nothing
    for data, key in (
        (b"", "deliverable.logo.empty"),
        (svg, "deliverable.logo.not_image"),
        (image("GIF"), "deliverable.logo.not_image"),
        (b"\x89PNG\r\n\x1a\n" + b"not really", "deliverable.logo.not_image"),
        (truncated, "deliverable.logo.not_image"),
        (b"\xff\xd8\xff" + b"\0" * (MAX_LOGO_BYTES + 1), "deliverable.logo.too_big"),
    ):
        with pytest.raises(KeyedValueError) as raised:
            store.save_branding("Harbour", data, name="brand.png")
        assert raised.value.key == key, data[:20]
        assert str(raised.value).startswith("brand.png: ")
    assert store.load_branding().logo is None  # nothing was stored


def test_a_decompression_bomb_is_refused_before_it_is_decoded() -> None:
    # 6000 x 6000 = 36,000,000 pixels: a PNG of a few kB that would unpack into 108 MB of RGB
    bomb = image("PNG", (6000, 6000))
    assert len(bomb) < MAX_LOGO_BYTES
    with pytest.raises(KeyedValueError) as raised:
        logo_type(bomb, "bomb.png")
    assert raised.value.key == "deliverable.logo.too_many_pixels"


def test_the_cover_carries_the_consultancy_and_its_logo() -> None:
    from tests.report.factory import make_answers, make_questionnaire
    from tests.report.helpers import page_texts, reader, report

    q = make_questionnaire()
    pdf, _ = report(q, make_answers(q, 1), consultancy="Harbour CX Advisory", logo=image())
    cover = page_texts(pdf)[0]
    assert "Harbour CX Advisory" in cover  # top right, and as "prepared by"
    assert "Prepared by Harbour CX Advisory" in " ".join(cover.split())
    assert "Confidential. Prepared for Acme Retail" in " ".join(cover.split())
    assert reader(pdf).pages[0]["/Resources"]["/XObject"], "the logo is an image on the cover"
