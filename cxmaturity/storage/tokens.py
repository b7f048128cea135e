"""Unguessable URL tokens (assessment keys, respondent links); light enough for the first page."""

from __future__ import annotations

import re
import secrets

_TOKEN_BYTES = 24  # 192 random bits
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{32}")


def new_token() -> str:
    """A fresh unguessable URL-safe token (192 random bits)."""
    return secrets.token_urlsafe(_TOKEN_BYTES)


def is_token_shaped(text: object) -> bool:
    """True when ``text`` looks like a token from :func:`new_token` (checked before any query)."""
    return isinstance(text, str) and _TOKEN_SHAPE.fullmatch(text) is not None
