"""Local accounts: passwords, the same refusal for unknown e-mail and wrong password, lockout, sessions, resets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from cxmaturity.auth import (
    ACCOUNT_FAILURE_LIMIT,
    ADDRESS_FAILURE_LIMIT,
    PasswordError,
    hash_password,
    safe_return_page,
    verify_password,
)
from cxmaturity.auth import passwords as password_module
from cxmaturity.storage import AccessDenied, Store
from cxmaturity.storage.tables import AuditEvent, SignInFailure, SignInLock, UserSession, utc_now
from tests.auth.conftest import PASSWORD, Team


def _audit(store: Store) -> list[tuple[str, str | None, str]]:
    with store.engine.connect() as connection:
        return [
            tuple(row) for row in connection.execute(select(AuditEvent.action, AuditEvent.target, AuditEvent.outcome))
        ]


def test_passwords_of_any_script_and_length_are_hashed_with_argon2id() -> None:
    cyrillic = "пароль-їжак-ґанок-ёж"
    long_one = "я" * 200  # 400 UTF-8 bytes: far past bcrypt's 72
    for password in (cyrillic, long_one, "twelve chars"):
        hashed = hash_password(password)
        assert hashed.startswith("$argon2id$")
        assert verify_password(hashed, password)
    # A password that shares the first 72 bytes but differs after them is a different password.
    assert not verify_password(hash_password(long_one), "я" * 199 + "ю")
    with pytest.raises(PasswordError, match="at least 12"):
        hash_password("elevenchars")


def test_the_production_hasher_uses_argon2id_defaults() -> None:
    from argon2 import PasswordHasher, Type

    hasher = PasswordHasher()
    assert hasher.type is Type.ID and hasher.memory_cost == 65536 and hasher.time_cost == 3


def test_unknown_email_and_wrong_password_get_the_same_refusal_after_the_same_work(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks: list[str] = []
    real = password_module._hasher()

    class Counting:
        def hash(self, password: str) -> str:
            return real.hash(password)

        def verify(self, hash_: str, password: str) -> bool:
            checks.append(hash_)
            return real.verify(hash_, password)

    monkeypatch.setattr(password_module, "_hasher", Counting)
    unknown = team.store.sign_in("nobody@example.com", PASSWORD, "198.51.100.1")
    wrong = team.store.sign_in("a@example.com", "wrong password!", "198.51.100.2")
    assert unknown.refusal == wrong.refusal == "invalid"
    assert unknown.secret is None and wrong.secret is None
    # One argon2id verification each: the unknown e-mail is checked against a decoy hash.
    assert len(checks) == 2


def test_email_case_and_whitespace_name_one_account(team: Team) -> None:
    with pytest.raises(ValueError, match="already exists"):
        team.store.create_user("  A@Example.COM ", "consultant")
    assert [u.email for u in team.store.list_users()].count("a@example.com") == 1
    assert ("user.add", "a@example.com", "refused") in _audit(team.store)
    assert team.store.sign_in(" A@EXAMPLE.com", PASSWORD).actor.user_id == team.a.user_id  # type: ignore[union-attr]


def test_a_session_lives_until_sign_out_and_a_replay_is_refused(team: Team) -> None:
    result = team.store.sign_in("a@example.com", PASSWORD, "198.51.100.9")
    assert result.actor is not None and result.secret
    resumed = team.store.resume_session(result.secret, "198.51.100.9")
    assert resumed is not None and resumed.email == "a@example.com"
    team.store.acting_as(resumed).sign_out(result.secret)
    assert team.store.resume_session(result.secret) is None  # replayed after sign-out
    assert ("session.refused", "ended session", "refused") in _audit(team.store)
    # Only the hash of the secret is in the database.
    with team.store.engine.connect() as connection:
        hashes = list(connection.scalars(select(UserSession.secret_hash)))
    assert result.secret not in hashes and len(hashes) == 1


def test_forged_and_expired_sessions_are_refused(team: Team) -> None:
    assert team.store.resume_session("x" * 43) is None
    assert ("session.refused", "unknown session", "refused") in _audit(team.store)
    result = team.store.sign_in("a@example.com", PASSWORD)
    with team.store.engine.begin() as connection:
        connection.execute(update(UserSession).values(expires_at=utc_now() - timedelta(seconds=1)))
    assert team.store.resume_session(result.secret) is None
    assert ("session.refused", "expired session", "refused") in _audit(team.store)


def test_password_change_and_disabling_end_every_session(team: Team) -> None:
    first = team.store.sign_in("a@example.com", PASSWORD)
    second = team.store.sign_in("a@example.com", PASSWORD)
    as_a = team.store.acting_as(first.actor)  # type: ignore[arg-type]
    assert not as_a.change_password("not the password", "a brand new password")
    assert as_a.change_password(PASSWORD, "a brand new password")
    assert team.store.resume_session(first.secret) is None and team.store.resume_session(second.secret) is None
    third = team.store.sign_in("a@example.com", "a brand new password")
    team.as_(team.admin).disable_user("a@example.com")
    assert team.store.resume_session(third.secret) is None
    assert team.store.sign_in("a@example.com", "a brand new password").refusal == "invalid"
    with pytest.raises(AccessDenied):
        team.as_(team.b).disable_user("admin@example.com")


def test_a_reset_link_works_once_and_expires(team: Team) -> None:
    admin = team.as_(team.admin)
    token = admin.create_reset_link("b@example.com")
    assert token not in str(_audit(team.store))
    with pytest.raises(PasswordError):
        team.store.redeem_reset_link(token, "short")
    assert team.store.redeem_reset_link(token, "b's new password here")
    assert not team.store.redeem_reset_link(token, "another new password")  # used
    assert team.store.sign_in("b@example.com", "b's new password here").actor is not None
    late = admin.create_reset_link("b@example.com")
    from cxmaturity.storage.tables import PasswordReset

    with team.store.engine.begin() as connection:
        connection.execute(update(PasswordReset).values(expires_at=utc_now() - timedelta(seconds=1)))
    assert not team.store.redeem_reset_link(late, "too late a password")
    assert ("user.reset_redeem", None, "refused") in _audit(team.store)


def test_five_failures_lock_the_account_even_for_the_right_password(team: Team) -> None:
    for _ in range(ACCOUNT_FAILURE_LIMIT - 1):
        assert team.store.sign_in("a@example.com", "wrong password!").refusal == "invalid"
    assert team.store.sign_in("a@example.com", "wrong password!").refusal == "locked"
    assert team.store.sign_in("a@example.com", PASSWORD).refusal == "locked"
    assert ("sign_in.locked", "account:a@example.com", "refused") in _audit(team.store)
    # The lock is in the database: a new store on the same file (another server, a restart) sees it.
    again = Store.open(str(team.store.engine.url))
    assert again.sign_in("a@example.com", PASSWORD).refusal == "locked"
    again.dispose()
    # Other accounts still sign in from another address.
    assert team.store.sign_in("b@example.com", PASSWORD, "203.0.113.5").actor is not None


def test_one_address_is_locked_after_twenty_failures_across_accounts(team: Team) -> None:
    for n in range(ADDRESS_FAILURE_LIMIT):
        team.store.sign_in(f"guess{n}@example.com", "wrong password!", "203.0.113.66")
    assert team.store.sign_in("b@example.com", PASSWORD, "203.0.113.66").refusal == "locked"
    assert team.store.sign_in("b@example.com", PASSWORD, "203.0.113.67").actor is not None


def test_ten_thousand_attempts_in_a_loop_keep_the_lock_and_the_tables_small(team: Team) -> None:
    # The loop runs against the store, as a script hammering the sign-in form would. While locked,
    # no password is hashed and nothing is written, so each attempt costs two small reads.
    outcomes = {"invalid": 0, "locked": 0, "ok": 0}
    for n in range(10_000):
        password = PASSWORD if n % 1000 == 999 else f"guess {n:05d} password"
        result = team.store.sign_in("a@example.com", password, "198.51.100.200")
        outcomes[result.refusal or "ok"] += 1
    assert outcomes == {"invalid": ACCOUNT_FAILURE_LIMIT - 1, "locked": 10_000 - ACCOUNT_FAILURE_LIMIT + 1, "ok": 0}
    with team.store.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(SignInFailure)) <= ACCOUNT_FAILURE_LIMIT
        assert connection.scalar(select(func.count()).select_from(SignInLock)) == 1
    # The audit log has the failures and the lock, not 10,000 lines.
    lines = [line for line in _audit(team.store) if line[0].startswith("sign_in")]
    assert lines.count(("sign_in.locked", "account:a@example.com", "refused")) == 1
    assert len(lines) == ACCOUNT_FAILURE_LIMIT + 1
    # Someone else still gets in from elsewhere: the store stayed responsive.
    assert team.store.sign_in("b@example.com", PASSWORD, "203.0.113.9").actor is not None


def test_the_audit_log_never_holds_passwords_notes_or_answer_values(team: Team) -> None:
    team.store.sign_in("a@example.com", "a wrong password 123")
    team.store.sign_in("a@example.com", PASSWORD)
    team.as_(team.a).export_assessment_data(team.acme.id)
    text = repr(_audit(team.store))
    for secret in (PASSWORD, "a wrong password 123", "secret note of Ann"):
        assert secret not in text
    assert ("backup.export", f"assessment {team.acme.id}", "ok") in _audit(team.store)


def test_the_first_admin_owns_the_clients_from_before_team_mode(store: Store, snapshot) -> None:
    old = store.create_assessment("Made in personal mode", snapshot, "Old", "en")
    store.create_user("consultant@example.com", "consultant")
    first = store.create_user("first@example.com", "admin")
    store.create_user("second@example.com", "admin")
    grants = store.list_grants(old.organisation_id)
    assert [(g.email, g.grant) for g in grants] == [(first.email, "owner")]


@pytest.mark.parametrize(
    "requested",
    [
        "https://evil.example/login",
        "//evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
        "results?x=1",
        "../admin",
    ],
)
def test_the_return_address_after_sign_in_is_only_a_known_page(requested: str) -> None:
    assert safe_return_page(requested, ["results", "roadmap"]) is None
    assert safe_return_page("results", ["results", "roadmap"]) == "results"
