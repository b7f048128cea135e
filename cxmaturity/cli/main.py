"""Command line: ``python -m cxmaturity validate|list|show|score|metrics|roadmap|report|schema|users|backup``.

Exit codes: 0 ok, 1 invalid input (located errors on stderr, one per line), 2 usage.
Never imports streamlit or plotly: it runs in scripts and on servers.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from cxmaturity.cli import team
from cxmaturity.files.errors import InputError, LocatedError
from cxmaturity.i18n import LANGUAGES

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(prog="python -m cxmaturity", description="Customer-experience maturity tools.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="validate questionnaire files or folders")
    validate.add_argument("paths", nargs="+", metavar="PATH")

    commands.add_parser("list", help="list the available questionnaires")

    show = commands.add_parser("show", help="print a resolved questionnaire")
    show.add_argument("questionnaire", metavar="ID|PATH")
    show.add_argument("--format", choices=["json"], default="json")

    for name, help_text in (("score", "score an answer file"), ("roadmap", "recommend a five-step roadmap")):
        sub = commands.add_parser(name, help=help_text)
        _add_scoring_arguments(sub)
        if name == "roadmap":
            sub.add_argument("--today", help="date the roadmap starts (YYYY-MM-DD; default today)")

    metrics = commands.add_parser("metrics", help="customer metrics (NPS, CSAT, CSI, CES, CLI) with 95%% intervals")
    metrics.add_argument("--questionnaire", required=True, metavar="ID|PATH")
    metrics.add_argument("--answers", required=True, metavar="FILE")
    metrics.add_argument("--segment", metavar="COLUMN", help="also give every metric per value of this column")

    report = commands.add_parser("report", help="write the PDF report")
    _add_scoring_arguments(report)
    report.add_argument("--output", required=True, metavar="FILE.pdf")
    report.add_argument("--organisation", default="", metavar="NAME")
    report.add_argument("--logo", metavar="FILE", help="the consultancy's logo on the cover: PNG or JPEG, at most 2 MB")
    report.add_argument("--consultancy", default=None, metavar="NAME", help="the consultancy's name on the cover")

    schema = commands.add_parser("schema", help="write the JSON Schemas of the file formats")
    schema.add_argument("--check", action="store_true", help="exit 1 if a written schema is stale")
    team.add_commands(commands)
    return parser


def _add_scoring_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--questionnaire", required=True, metavar="ID|PATH")
    parser.add_argument("--answers", required=True, metavar="FILE")
    parser.add_argument("--target", type=_target, metavar="N", help="target 0..100 for every level and aspect")
    parser.add_argument("--lang", choices=LANGUAGES, default=None)


def _target(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError("the target must be between 0 and 100")
    return value


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit code."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        arguments = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse reports usage errors itself, with code 2
        return int(exc.code or 0)
    try:
        if arguments.command == "users":  # the only command that reads stdin (a password)
            return team.users(arguments, out, err, stdin or sys.stdin)
        return _HANDLERS[arguments.command](arguments, out, err)
    except InputError as exc:
        for error in exc.errors:
            print(error, file=err)
        return EXIT_INVALID


def _print_json(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2, allow_nan=False)
    out.write("\n")


def _validate(arguments: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from cxmaturity.core.questionnaire import load_questionnaire
    from cxmaturity.core.registry import QUESTIONNAIRE_FILE

    files: list[Path] = []
    errors: list[LocatedError] = []
    for raw in arguments.paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(path.rglob(QUESTIONNAIRE_FILE)) + sorted(path.rglob("*.questionnaire.yaml")))
        elif path.is_file():
            files.append(path)
        else:
            errors.append(LocatedError(raw, None, "", "no such file or folder"))
    for path in files:
        try:
            questionnaire = load_questionnaire(path)
            print(
                f"{path}: ok ({questionnaire.id} {questionnaire.version}, {len(questionnaire.questions)} questions)",
                file=out,
            )
        except InputError as exc:
            errors.extend(exc.errors)
    if errors:
        raise InputError(errors)
    return EXIT_OK


def _list(arguments: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from cxmaturity.core.registry import available_questionnaires

    entries, errors = available_questionnaires()
    for entry in entries:
        print(f"{entry.id}\t{entry.version}\t{entry.questionnaire.title.get()}", file=out)
    for error in errors:
        print(error, file=err)
    return EXIT_INVALID if errors else EXIT_OK


def _show(arguments: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from cxmaturity.core.registry import find_questionnaire
    from cxmaturity.core.serialise import questionnaire_to_json

    _print_json(questionnaire_to_json(find_questionnaire(arguments.questionnaire)), out)
    return EXIT_OK


def _load_and_score(arguments: argparse.Namespace) -> tuple[Any, Any, Any, str]:
    from cxmaturity.core.answers import read_answers
    from cxmaturity.core.model import Targets
    from cxmaturity.core.registry import find_questionnaire
    from cxmaturity.core.scoring import score_answers
    from cxmaturity.i18n import resolve_language

    questionnaire = find_questionnaire(arguments.questionnaire)
    answers = read_answers(arguments.answers, questionnaire)
    target = questionnaire.target if arguments.target is None else arguments.target
    card = score_answers(questionnaire, answers, Targets(default=target))
    language = resolve_language(arguments.lang, questionnaire.languages)
    return questionnaire, answers, card, language


def _score(arguments: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from cxmaturity.core.serialise import scorecard_to_json

    _, _, card, _ = _load_and_score(arguments)
    _print_json(scorecard_to_json(card), out)
    return EXIT_OK


def _metrics(arguments: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from cxmaturity.core.registry import find_questionnaire
    from cxmaturity.voice.metrics import metrics_by_segment, voice_metrics
    from cxmaturity.voice.responses import read_responses
    from cxmaturity.voice.serialise import report_to_json

    questionnaire = find_questionnaire(arguments.questionnaire)
    responses = read_responses(arguments.answers, questionnaire)
    segment = arguments.segment
    if segment is not None and segment not in responses.segments:
        available = ", ".join(responses.segments) or "none"
        message = f"no segment column {segment!r} in the file (segment columns: {available})"
        raise InputError([LocatedError(arguments.answers, 1, segment, message)])
    segments = metrics_by_segment(questionnaire, responses, segment) if segment is not None else None
    _print_json(report_to_json(voice_metrics(questionnaire, responses), segment, segments), out)
    return EXIT_OK


def _roadmap(arguments: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import datetime as dt

    from cxmaturity.i18n import resolve_language
    from cxmaturity.roadmap.engine import roadmap_to_json

    questionnaire, _, card, _ = _load_and_score(arguments)
    # The roadmap speaks any interface language; titles the questionnaire lacks fall back to its first.
    language = resolve_language(arguments.lang, tuple(dict.fromkeys((*questionnaire.languages, *LANGUAGES))))
    try:
        today = dt.date.fromisoformat(arguments.today) if arguments.today else dt.date.today()
    except ValueError:
        print(f"--today: {arguments.today!r} is not a date like 2026-11-23", file=err)
        return EXIT_USAGE
    roadmap, problems = _build_roadmap(arguments.questionnaire, card, questionnaire, language, today)
    _print_json(roadmap_to_json(roadmap), out)
    if roadmap.notice:
        print(roadmap.notice, file=err)
    # An own library that does not fit is reported (located) while the roadmap still comes out.
    for problem in problems:
        print(problem, file=err)
    return EXIT_INVALID if problems else EXIT_OK


def _report(arguments: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from cxmaturity.report import build_report

    consultancy, logo = _branding(arguments)
    questionnaire, answers, card, language = _load_and_score(arguments)
    roadmap, problems = _build_roadmap(arguments.questionnaire, card, questionnaire, language)
    for problem in problems:
        print(problem, file=err)
    pdf = build_report(
        card,
        questionnaire,
        language,
        organisation=arguments.organisation,
        answers=answers,
        logo=logo,
        roadmap=roadmap,
        consultancy=consultancy,
    )
    Path(arguments.output).write_bytes(pdf)
    print(f"{arguments.output}: {len(pdf)} bytes", file=out)
    return EXIT_OK


def _branding(arguments: argparse.Namespace) -> tuple[str | None, bytes | None]:
    """The consultancy's name and logo for the cover, checked as the Branding page checks them.

    The logo must be a real PNG or JPEG within the size and pixel limits (its signature and a full
    decode, never the file's name); the name at most as long as the page allows, without control
    characters. A problem names the option or the file and what to do.
    """
    from cxmaturity.files.errors import KeyedValueError
    from cxmaturity.files.images import logo_type
    from cxmaturity.storage._base import clean_text
    from cxmaturity.storage.branding import MAX_CONSULTANCY_CHARS

    problems: list[LocatedError] = []
    consultancy = None
    try:
        consultancy = clean_text(arguments.consultancy, "the name", MAX_CONSULTANCY_CHARS)
    except KeyedValueError as exc:
        problems.append(LocatedError("--consultancy", None, "", str(exc)))
    logo = None
    if arguments.logo:
        try:
            logo = Path(arguments.logo).read_bytes()
            logo_type(logo, arguments.logo)
        except OSError as exc:
            problems.append(LocatedError(arguments.logo, None, "", f"cannot read the logo: {exc.strerror}"))
        except KeyedValueError as exc:
            problems.append(LocatedError(arguments.logo, None, "", str(exc).removeprefix(f"{arguments.logo}: ")))
    if problems:
        raise InputError(problems)
    return consultancy, logo


def _build_roadmap(
    questionnaire_ref: str, card: Any, questionnaire: Any, language: str, today: Any = None
) -> tuple[Any, tuple[LocatedError, ...]]:
    """The roadmap (from the questionnaire's own library merged with the method library, or the
    method library alone) and the located problems of an own library that could not be used."""
    import datetime as dt

    from cxmaturity.roadmap.engine import build_roadmap
    from cxmaturity.roadmap.method import roadmap_library

    choice = roadmap_library(questionnaire_ref, questionnaire)
    roadmap = build_roadmap(card, questionnaire, choice.library, language, today=today or dt.date.today())
    return roadmap, choice.problems


def _schema(arguments: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from cxmaturity.cli.schemas import stale_schemas, write_schemas

    if arguments.check:
        stale = stale_schemas()
        for path in stale:
            print(f"{path}: stale; run `python -m cxmaturity schema`", file=err)
        return EXIT_INVALID if stale else EXIT_OK
    for path in write_schemas():
        print(f"wrote {path}", file=out)
    return EXIT_OK


_HANDLERS = {
    "validate": _validate,
    "list": _list,
    "show": _show,
    "score": _score,
    "metrics": _metrics,
    "roadmap": _roadmap,
    "report": _report,
    "schema": _schema,
    "backup": team.backup,
}
