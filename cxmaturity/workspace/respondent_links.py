"""Respondents' personal links, group names, pasted respondent lists and reminder texts.

Pure functions for the Respondents page: no Streamlit, no database. Texts a person reads
come from the catalogue (``respondents.*`` keys) in the language asked for.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from cxmaturity.auth.policy import BASE_URL_ENV
from cxmaturity.core.model import DEFAULT_GROUPS
from cxmaturity.files.errors import KeyedValueError
from cxmaturity.i18n import LANGUAGES, format_date, format_number, translate
from cxmaturity.storage.records import SELF_LABEL
from cxmaturity.workspace.group_readings import group_key, group_name

#: The query parameter of a respondent's personal link (app.py routes it to the respondent view).
RESPONDENT_PARAM = "r"
#: Longest label and group name the store accepts.
LABEL_LIMIT = 200
EMAIL_LIMIT = 320
# Deliberately loose: one @, a dot in the domain, no spaces or separators. The address is only
# shown to the consultant to copy; nothing is sent from here.
_EMAIL = re.compile(r"[^@\s;,<>\"']+@[^@\s;,<>\"']+\.[^@\s;,<>\"'.]+")
# Columns of a pasted line: "label; group; e-mail" (a tab works too: pasted from a spreadsheet).
_SEPARATOR = re.compile(r"[;\t]")


def app_root_url(page_url: str | None, page_path: str) -> str:
    """The app's own address from the address of one of its pages (``.../respondents`` -> ``...``).

    Query and fragment are dropped; a base path the server runs under is kept.
    An empty ``page_url`` (tests, or a browser that did not say) gives "".
    """
    if not page_url:
        return ""
    parts = urlsplit(page_url)
    path = parts.path.rstrip("/")
    suffix = "/" + page_path.strip("/")
    if path.endswith(suffix):
        path = path[: -len(suffix)]
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


#: Environment variable with the address respondents open (``https://cx.example.com``): links and
#: reminders are built from it. Without it, ``CXM_BASE_URL``; without either, the consultant's browser address.
PUBLIC_URL_ENV = "CXM_PUBLIC_URL"


def public_url(env: Mapping[str, str]) -> str | None:
    """The public address set for the app (``CXM_PUBLIC_URL``, else ``CXM_BASE_URL``), or None when unset.

    Kept without a trailing slash, query or fragment. A value that is not an ``http(s)://host``
    address raises :class:`KeyedValueError` naming the setting, so the page can say what to fix.
    """
    for name in (PUBLIC_URL_ENV, BASE_URL_ENV):
        value = (env.get(name) or "").strip()
        if not value:
            continue
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise KeyedValueError(
                f"{name}={value!r} is not an address respondents can open: write it as https://host/path",
                "consultant_day.links.bad_setting",
                name=name,
                value=value,
            )
        return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
    return None


def is_local_url(url: str | None) -> bool:
    """True when only this computer can open ``url``: localhost, a loopback address, 0.0.0.0, or no address."""
    host = (urlsplit(url).hostname or "") if url else ""
    if not host or host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def respondent_link(root_url: str, token: str) -> str:
    """The personal link of a respondent: the app's root address with ``/?r=<token>``."""
    return f"{root_url.rstrip('/')}/?{RESPONDENT_PARAM}={token}"


#: Former ru/uk names of the default groups ("front line" was «линейный персонал» / «лінійний персонал»
#: until the glossary fixed «первая линия» / «перша лінія»): files written then still map back.
FORMER_GROUP_NAMES: dict[str, tuple[str, ...]] = {"front line": ("линейный персонал", "лінійний персонал")}


def group_aliases(group_names: Iterable[str]) -> dict[str, str]:
    """Every way of writing a group that means it: ``{casefolded spelling: stored name}``.

    A default group is also known by its name in every interface language, so a Russian
    consultant may write "руководители" and the respondent is filed under "executives".
    """
    aliases: dict[str, str] = {}
    for name in group_names:
        aliases[name.casefold()] = name
        if group_key(name):
            for language in LANGUAGES:
                aliases.setdefault(group_name(name, language).casefold(), name)
            # Names the product used before the glossary fixed the term, still found in older files.
            for former in FORMER_GROUP_NAMES.get(name, ()):
                aliases.setdefault(former.casefold(), name)
    return aliases


@dataclass(frozen=True)
class LineProblem:
    """Why one line of pasted text was not taken.

    ``line`` counts from 1; ``code`` names the catalogue text ``respondents.problem.<code>``;
    ``value`` is the offending part of the line (shown to the consultant).
    """

    line: int
    code: str
    value: str


def group_names_from_lines(text: str) -> tuple[tuple[str, ...], list[LineProblem]]:
    """Group names typed one per line; a translated default name becomes the stored default.

    Empty lines are skipped. Problems: ``duplicate`` (same group twice, ignoring case and
    language), ``too_long``. The names are only usable when the problem list is empty.
    """
    aliases = group_aliases(DEFAULT_GROUPS)
    names: list[str] = []
    seen: set[str] = set()
    problems: list[LineProblem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        written = raw.strip()
        if not written:
            continue
        if len(written) > LABEL_LIMIT:
            problems.append(LineProblem(number, "too_long", written[:40]))
            continue
        name = aliases.get(written.casefold(), written)
        if name.casefold() in seen:
            problems.append(LineProblem(number, "duplicate", written))
            continue
        seen.add(name.casefold())
        names.append(name)
    return tuple(names), problems


def check_email(text: str | None) -> str | None:
    """A stripped e-mail address, None when empty; ``ValueError`` when it does not look like one."""
    address = (text or "").strip()
    if not address:
        return None
    if len(address) > EMAIL_LIMIT or not _EMAIL.fullmatch(address):
        raise KeyedValueError(f"{address!r} is not an e-mail address", "core_error.email", address=address)
    return address


@dataclass(frozen=True)
class NewRespondent:
    """A respondent to add: label, stored group name (or None) and e-mail (or None)."""

    label: str
    group: str | None
    email: str | None


def check_new_respondent(
    label: str, group: str | None, email: str | None, group_names: Sequence[str], taken: Iterable[str]
) -> NewRespondent | str:
    """The respondent to add, or the code of the first problem (``respondents.problem.<code>``).

    ``group`` may be any spelling :func:`group_aliases` knows or empty; ``taken`` are the
    labels already used in the assessment (compared ignoring case). Codes: ``no_label``,
    ``reserved`` (the built-in "self"), ``too_long``, ``taken``, ``unknown_group``, ``bad_email``.
    """
    label = label.strip()
    if not label:
        return "no_label"
    if label.casefold() == SELF_LABEL:
        return "reserved"
    if len(label) > LABEL_LIMIT:
        return "too_long"
    if label.casefold() in {name.casefold() for name in taken}:
        return "taken"
    written = (group or "").strip()
    stored = group_aliases(group_names).get(written.casefold()) if written else None
    if written and stored is None:
        return "unknown_group"
    try:
        address = check_email(email)
    except ValueError:
        return "bad_email"
    return NewRespondent(label, stored, address)


def parse_respondent_lines(
    text: str, group_names: Sequence[str], taken: Iterable[str]
) -> tuple[list[NewRespondent], list[LineProblem]]:
    """Respondents pasted one per line as ``label; group; e-mail`` (group and e-mail optional).

    Columns are separated by ``;`` or a tab. Empty lines are skipped. Every other line gives
    either a respondent or a :class:`LineProblem` naming the line (``too_many_fields`` for a
    line with more than three columns, otherwise the codes of :func:`check_new_respondent`,
    ``taken`` also for a label repeated within the text).
    """
    used = [*taken]
    good: list[NewRespondent] = []
    problems: list[LineProblem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        fields = [part.strip() for part in _SEPARATOR.split(raw)]
        if len(fields) > 3:
            problems.append(LineProblem(number, "too_many_fields", raw.strip()))
            continue
        label, group, email = [*fields, "", ""][:3]
        checked = check_new_respondent(label, group, email, group_names, used)
        if isinstance(checked, str):
            value = {"unknown_group": group, "bad_email": email}.get(checked, label)
            problems.append(LineProblem(number, checked, value[:80]))
            continue
        used.append(checked.label)
        good.append(checked)
    return good, problems


def next_anonymous_label(stem: str, taken: Iterable[str]) -> str:
    """The first free ``"<stem> <n>"`` (n from 1), e.g. "Respondent 4" when 1-3 are taken."""
    used = {name.casefold() for name in taken}
    number = 1
    while f"{stem} {number}".casefold() in used:
        number += 1
    return f"{stem} {number}"


def answer_minutes(question_count: int) -> tuple[int, int]:
    """A rough time to answer, in minutes, rounded to 5: 55 questions -> (20, 30)."""
    low = max(5, 5 * round(question_count * 0.4 / 5))
    high = max(low + 5, 5 * round(question_count * 0.55 / 5))
    return low, high


def reminder_text(
    language: str,
    *,
    organisation: str,
    link: str,
    question_count: int,
    name: str | None = None,
    deadline: dt.date | None = None,
    started: bool = False,
) -> str:
    """An invitation or reminder to paste into an e-mail or a chat, in ``language``.

    Greeting (with ``name`` when given), what the questionnaire is and who asks, how long it
    takes, the personal link, the deadline when given, and a thank-you. ``started`` says the
    respondent has begun: the text then tells them the link takes them back to their answers.
    """
    low, high = answer_minutes(question_count)

    def text(key: str, **values: object) -> str:
        return translate(f"respondents.reminder.{key}", language, **values)

    greeting = text("greeting_name", name=name) if name else text("greeting")
    parts = [
        greeting,
        text("what", organisation=organisation),
        text(
            "how_long",
            count=format_number(question_count, language, 0),
            low=format_number(low, language, 0),
            high=format_number(high, language, 0),
        ),
        text("resume") if started else text("saved"),
        text("link", link=link),
    ]
    if deadline is not None:
        parts.append(text("deadline_text", date=format_date(deadline, language)))
    parts.append(text("thanks"))
    return "\n\n".join(parts)
