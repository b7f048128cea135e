"""``python -m cxmaturity users ...`` and ``backup export|restore`` (JSON, ZIP, format_version 1)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from cxmaturity.cli.main import main
from cxmaturity.storage import QuestionnaireSnapshot, Store

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CXM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CXM_DATABASE_URL", raising=False)
    monkeypatch.delenv("CXM_MODE", raising=False)
    return tmp_path / "data"


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err, io.StringIO(stdin))
    return code, out.getvalue(), err.getvalue()


def _seed(snapshot: QuestionnaireSnapshot) -> tuple[str, str]:
    store = Store.open()
    acme = store.create_assessment("Acme", snapshot, "Spring", "en")
    store.add_respondent(acme.id, "Ann", group="managers")
    second = store.start_wave(acme.id, "Autumn")
    store.create_assessment("Globex", snapshot, "Only", "en")
    store.dispose()
    return acme.key, second.key


def test_users_add_list_disable_and_reset(data_dir: Path, snapshot: QuestionnaireSnapshot) -> None:
    _seed(snapshot)
    assert (
        run("users", "add", "Boss@Example.com ", "--role", "admin", "--password-stdin", stdin="пароль для адміна\n")[0]
        == 0
    )
    code, _out, err = run("users", "add", "boss@example.com", "--role", "consultant")
    assert code == 1 and "already exists" in err
    code, _out, err = run("users", "add", "ceo@acme.example", "--role", "viewer")
    assert code == 1 and "--client NAME" in err
    assert run("users", "add", "ceo@acme.example", "--role", "viewer", "--client", "acme")[0] == 0
    code, _out, err = run("users", "add", "x@example.com", "--role", "consultant", "--password-stdin", stdin="short\n")
    assert code == 1 and "at least 12" in err
    code, out, _err = run("users", "list")
    assert out.splitlines() == [
        "boss@example.com\tadmin\tactive\tpassword",
        "ceo@acme.example\tviewer\tactive\tidentity provider",
    ]
    assert run("users", "disable", "CEO@acme.example")[0] == 0
    assert "ceo@acme.example\tviewer\tdisabled" in run("users", "list")[1]
    code, out, _err = run("users", "reset", "boss@example.com", "--base-url", "https://cx.example.com/")
    assert code == 0 and out.startswith("https://cx.example.com/?reset=")
    token = out.strip().split("reset=")[1]
    store = Store.open()
    assert store.sign_in("boss@example.com", "пароль для адміна").actor is not None  # Cyrillic password via stdin
    assert store.redeem_reset_link(token, "a new password for boss")
    assert token not in repr(store.list_audit())
    store.dispose()


def test_backup_export_one_client_all_and_restore(
    data_dir: Path, snapshot: QuestionnaireSnapshot, tmp_path: Path
) -> None:
    spring, _autumn = _seed(snapshot)
    one = tmp_path / "one.json"
    assert run("backup", "export", "--output", str(one), f"--assessment={spring}")[0] == 0
    document = json.loads(one.read_text(encoding="utf-8"))
    assert document["format_version"] == 1 and document["organisation"]["name"] == "Acme"
    client = tmp_path / "acme.zip"
    assert run("backup", "export", "--output", str(client), "--client", "ACME")[0] == 0
    with zipfile.ZipFile(client) as archive:
        titles = sorted(json.loads(archive.read(n))["assessment"]["title"] for n in archive.namelist())
    assert titles == ["Autumn", "Spring"]
    everything = tmp_path / "all.zip"
    assert run("backup", "export", "--output", str(everything), "--all")[0] == 0
    assert len(zipfile.ZipFile(everything).namelist()) == 3
    code, _out, err = run("backup", "export", "--output", str(one), "--client", "Nobody")
    assert code == 1 and "no client is named 'Nobody'" in err
    # Restore in personal mode needs no owner; every assessment comes back once more.
    code, out, _err = run("backup", "restore", str(client))
    assert code == 0 and out.count("restored Acme") == 2
    store = Store.open()
    assert len(store.list_assessments()) == 5
    assert sum(1 for line in store.list_audit() if line.action == "backup.restore") == 2
    store.dispose()


def test_restore_in_team_mode_needs_an_owner_who_then_owns_it(
    data_dir: Path, snapshot: QuestionnaireSnapshot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spring, _ = _seed(snapshot)
    file = tmp_path / "spring.json"
    run("backup", "export", "--output", str(file), f"--assessment={spring}")
    monkeypatch.setenv("CXM_MODE", "team")
    code, _out, err = run("backup", "restore", str(file))
    assert code == 1 and "--owner EMAIL" in err
    run("users", "add", "admin@example.com", "--role", "admin")
    run("users", "add", "c@example.com", "--role", "consultant")
    assert run("backup", "restore", str(file), "--owner", "C@example.com")[0] == 0
    store = Store.open()
    consultant = store.find_user("c@example.com")
    from cxmaturity.auth import Actor

    mine = store.acting_as(Actor.user(consultant.id, consultant.email, consultant.role)).list_assessments()  # type: ignore[union-attr]
    assert [(r.organisation_name, r.title) for r in mine] == [("Acme", "Spring")]
    store.dispose()


def test_a_backup_written_before_team_mode_still_restores(data_dir: Path) -> None:
    # tests/fixtures holds a format_version 1 backup written by the version before this change.
    old = FIXTURES / "backup-v1-before-team-mode.json"
    code, out, err = run("backup", "restore", str(old))
    assert code == 0, err
    assert "restored" in out


def test_a_key_that_starts_with_a_dash_is_a_key_not_an_option(data_dir: Path, tmp_path: Path) -> None:
    # One key in 64 starts with "-" (URL-safe base64): written as --assessment=KEY it is read as a key.
    code, _out, err = run("backup", "export", "--output", str(tmp_path / "x.json"), "--assessment=-" + "a" * 31)
    assert code == 1 and "expected one argument" not in err
