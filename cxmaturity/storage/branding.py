"""The consultancy's branding (name and logo): one row for the whole installation.

Everyone may read it (the shell and every report show it); only an actor allowed by
:func:`cxmaturity.auth.may_change_branding` may change it, decided here and not by hiding a page.
"""

from __future__ import annotations

from sqlalchemy import select

from cxmaturity.auth import may_change_branding
from cxmaturity.files.images import logo_type
from cxmaturity.storage._base import StoreBase, clean_text
from cxmaturity.storage.records import Branding as BrandingRecord
from cxmaturity.storage.tables import Branding, utc_now

#: Characters of the consultancy's name.
MAX_CONSULTANCY_CHARS = 200
#: Keep the current logo (the default of ``save_branding``).
KEEP = object()


class BrandingStore(StoreBase):
    """Read and change the installation's branding."""

    def load_branding(self) -> BrandingRecord:
        """The saved name and logo; an empty record when none was saved."""
        with self._sessions() as session:
            row = session.scalar(select(Branding).order_by(Branding.id).limit(1))
            if row is None:
                return BrandingRecord()
            return BrandingRecord(row.consultancy, row.logo, row.logo_type)

    def branding_stamp(self) -> str:
        """When the branding last changed ("" when never): a cheap key for caching the logo between page runs."""
        with self._sessions() as session:
            stamp = session.scalar(select(Branding.updated_at).order_by(Branding.id).limit(1))
            return stamp.isoformat() if stamp is not None else ""

    def save_branding(
        self, consultancy: str | None, logo: bytes | object | None = KEEP, name: str = "logo"
    ) -> BrandingRecord:
        """Set the consultancy's name and, unless ``logo`` is :data:`KEEP`, the logo (None removes it).

        The logo is checked to be a real PNG or JPEG within the limits before anything is written;
        ``name`` (the uploaded file's name) is used in the message. Refused (audited) unless the
        actor may change the branding.
        """
        if not may_change_branding(self.actor):
            self.refuse("branding.save")
        text = clean_text(consultancy, "consultancy", MAX_CONSULTANCY_CHARS)
        kind: str | None = None
        if isinstance(logo, bytes):
            kind = logo_type(logo, name)
        with self._sessions.begin() as session:
            row = session.scalar(select(Branding).order_by(Branding.id).limit(1))
            if row is None:
                row = Branding()
                session.add(row)
            row.consultancy = text
            if logo is not KEEP:
                row.logo = logo if isinstance(logo, bytes) else None
                row.logo_type = kind
            row.updated_at = utc_now()
            session.flush()
            saved = BrandingRecord(row.consultancy, row.logo, row.logo_type)
        self.audit("branding.save")
        return saved
