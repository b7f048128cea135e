"""``python -m cxmaturity users ...`` and ``backup ...``: team-mode accounts and whole-assessment backups.

Run on the server by whoever runs the app (the command line acts in personal mode: it reaches
every client). Secrets are printed once to stdout, never logged; passwords come from stdin only.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import zipfile
from pathlib import Path
from typing import TextIO

from cxmaturity.auth import BASE_URL_ENV, Actor, EmailError, PasswordError, current_mode, reset_link
from cxmaturity.files.errors import InputError, LocatedError
from cxmaturity.storage import AssessmentRecord, StorageError, Store
from cxmaturity.workspace.backup import MAX_BACKUP_BYTES, backup_json, restore_backup

EXIT_OK, EXIT_INVALID = 0, 1
DEFAULT_BASE_URL = "http://localhost:8501"
#: A ZIP of backups holds at most this many files.
MAX_ZIP_MEMBERS = 1000


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``users`` and ``backup`` to the command line."""
    users = commands.add_parser("users", help="team mode: add, list, disable and reset users")
    actions = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add a user")
    add.add_argument("email", metavar="EMAIL")
    add.add_argument("--role", required=True, choices=["admin", "consultant", "viewer"])
    add.add_argument("--client", metavar="NAME", help="the client organisation of a client viewer")
    add.add_argument("--password-stdin", action="store_true", help="read the password (12+ characters) from stdin")
    actions.add_parser("list", help="list the users")
    for name, text in (("disable", "disable an account and end its sessions"), ("reset", "print a one-time link")):
        sub = actions.add_parser(name, help=text)
        sub.add_argument("email", metavar="EMAIL")
        if name == "reset":
            sub.add_argument("--base-url", help=f"the app's address (default ${BASE_URL_ENV} or {DEFAULT_BASE_URL})")

    backup = commands.add_parser("backup", help="export or restore whole assessments (JSON, several in a ZIP)")
    steps = backup.add_subparsers(dest="backup_command", required=True, metavar="ACTION")
    export = steps.add_parser("export", help="write backups")
    export.add_argument("--output", required=True, metavar="FILE")
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--assessment",
        metavar="KEY",
        help="one assessment by its key; write --assessment=KEY (a key may start with '-')",
    )
    which.add_argument("--client", metavar="NAME", help="every assessment of a client")
    which.add_argument("--all", action="store_true", help="every assessment")
    restore = steps.add_parser("restore", help="restore a backup (JSON or ZIP) as new assessments")
    restore.add_argument("file", metavar="FILE")
    restore.add_argument("--owner", metavar="EMAIL", help="the user who will own them (required in team mode)")


def _organisation_id(store: Store, name: str) -> int:
    wanted = name.strip().casefold()
    found = [o for o in store.list_organisations() if o.name.casefold() == wanted]
    if not found:
        raise LookupError(f"no client is named {name.strip()!r}")
    if len(found) > 1:
        raise LookupError(f"{len(found)} clients are named {name.strip()!r}; rename one first")
    return found[0].id


def users(arguments: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    """Handle ``users add|list|disable|reset``."""
    store = Store.open()
    try:
        command = arguments.users_command
        if command == "list":
            for user in store.list_users():
                state = "disabled" if user.disabled else "active"
                kind = "password" if user.has_password else "identity provider"
                print(f"{user.email}\t{user.role}\t{state}\t{kind}", file=out)
        elif command == "add":
            client_id = _organisation_id(store, arguments.client) if arguments.client else None
            if arguments.role == "viewer" and client_id is None:
                raise LookupError("a client viewer needs --client NAME (the organisation they may see)")
            password = stdin.readline().rstrip("\r\n") if arguments.password_stdin else None
            user = store.create_user(arguments.email, arguments.role, password=password, client_id=client_id)
            print(f"added {user.email} ({user.role})", file=out)
        elif command == "disable":
            print(f"disabled {store.disable_user(arguments.email).email}; their sessions are ended", file=out)
        else:
            token = store.create_reset_link(arguments.email)
            base = arguments.base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
            print(reset_link(base, token), file=out)
            print("The link works once, for 24 hours.", file=err)
        return EXIT_OK
    except (EmailError, PasswordError, LookupError, ValueError, StorageError, PermissionError) as error:
        print(f"users {arguments.users_command}: {error}", file=err)
        return EXIT_INVALID
    finally:
        store.dispose()


def _entry_name(position: int, record: AssessmentRecord) -> str:
    safe = re.sub(r"[^\w.-]+", "-", f"{record.organisation_name}-{record.title}", flags=re.UNICODE).strip("-")
    return f"{position:03d}-{safe[:80] or 'assessment'}.json"


def _chosen(store: Store, arguments: argparse.Namespace) -> list[AssessmentRecord]:
    if arguments.assessment:
        record = store.find_assessment_by_key(arguments.assessment)
        if record is None:
            raise LookupError("no assessment has this key")
        return [record]
    if arguments.client:
        return store.list_assessments(_organisation_id(store, arguments.client))
    return store.list_assessments()


def backup(arguments: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Handle ``backup export|restore``."""
    store = Store.open()
    try:
        if arguments.backup_command == "export":
            return _export(store, arguments, out)
        return _restore(store, arguments, out, err)
    except (LookupError, StorageError, PermissionError, OSError) as error:
        print(f"backup {arguments.backup_command}: {error}", file=err)
        return EXIT_INVALID
    finally:
        store.dispose()


def _export(store: Store, arguments: argparse.Namespace, out: TextIO) -> int:
    records = _chosen(store, arguments)
    if not records:
        raise LookupError("there is no assessment to export")
    output = Path(arguments.output)
    if len(records) == 1 and not output.name.lower().endswith(".zip"):
        output.write_text(backup_json(store, records[0].id), encoding="utf-8")
    else:
        with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for position, record in enumerate(records, start=1):
                archive.writestr(_entry_name(position, record), backup_json(store, record.id))
    print(f"wrote {len(records)} assessment(s) to {output}", file=out)
    return EXIT_OK


def _backup_files(path: Path) -> list[tuple[str, bytes]]:
    """The JSON backups in ``path``: the file itself, or each ``.json`` member of a ZIP (sizes checked first)."""
    raw = path.read_bytes()
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        return [(path.name, raw)]
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        members = [info for info in archive.infolist() if info.filename.lower().endswith(".json")]
        if not members or len(members) > MAX_ZIP_MEMBERS:
            raise InputError(
                [LocatedError(path.name, None, "", f"a ZIP of backups holds 1..{MAX_ZIP_MEMBERS} .json files")]
            )
        for info in members:
            if info.file_size > MAX_BACKUP_BYTES:
                raise InputError([LocatedError(f"{path.name}:{info.filename}", None, "", "the file is too large")])
        return [(f"{path.name}:{info.filename}", archive.read(info)[: MAX_BACKUP_BYTES + 1]) for info in members]


def _restore(store: Store, arguments: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if arguments.owner:
        owner = store.find_user(arguments.owner)
        if owner is None or owner.disabled:
            raise LookupError(f"no active user has the e-mail {arguments.owner.strip()}")
        store = store.acting_as(Actor.user(owner.id, owner.email, owner.role))
    elif current_mode(os.environ) == "team":
        raise LookupError("in team mode say who will own the restored assessments: --owner EMAIL")
    files = _backup_files(Path(arguments.file))
    restored = [restore_backup(store, data, name) for name, data in files]  # each one all or nothing
    for record in restored:
        print(f"restored {record.organisation_name} / {record.title} (key {record.key})", file=out)
    return EXIT_OK
