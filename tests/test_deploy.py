"""The deployment files, checked as far as a machine without Docker allows.

compose.yaml is read as data (services, health checks, the order they start in, where secrets come
from), the Dockerfile and the Caddyfile as text, the production Streamlit settings as TOML; the
schema-upgrade step compose runs is run for real, with its URL in a secret file.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from cxmaturity.storage import Store, current_revision
from cxmaturity.storage.database import SHIPPED_HEAD, database_url

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]
APPS = ("app-a", "app-b")
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
CADDYFILE = (ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
PRODUCTION = tomllib.loads((ROOT / "deploy" / "streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_compose_has_postgres_a_one_off_upgrade_two_app_servers_and_a_proxy() -> None:
    assert set(SERVICES) == {"db", "migrate", *APPS, "proxy"}
    db = SERVICES["db"]
    assert db["image"].startswith("postgres:15")
    assert db["healthcheck"]["test"][:2] == ["CMD", "pg_isready"]
    assert db["volumes"] == ["pgdata:/var/lib/postgresql/data"]  # the data outlives the container


def test_the_schema_is_upgraded_once_before_any_app_server_starts() -> None:
    migrate = SERVICES["migrate"]
    assert migrate["command"] == ["python", "-m", "cxmaturity.storage", "upgrade"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"] == {"db": {"condition": "service_healthy"}}
    for name in APPS:
        assert SERVICES[name]["depends_on"] == {
            "db": {"condition": "service_healthy"},
            "migrate": {"condition": "service_completed_successfully"},
        }
    assert SERVICES["proxy"]["depends_on"] == {name: {"condition": "service_healthy"} for name in APPS}


def test_the_two_app_servers_are_identical_and_reached_only_through_the_proxy() -> None:
    a, b = (SERVICES[name] for name in APPS)
    assert a == b and a["build"] == "." and a["environment"]["CXM_MODE"] == "team"
    assert "ports" not in a and "ports" not in SERVICES["migrate"]
    assert SERVICES["proxy"]["ports"] == ["80:80", "443:443"]
    # Sticky sessions: a tab stays on the server holding its Streamlit session; both servers are upstreams.
    assert re.search(r"reverse_proxy app-a:8501 app-b:8501 \{", CADDYFILE)
    assert re.search(r"^\s*lb_policy cookie \w+$", CADDYFILE, flags=re.MULTILINE)
    assert re.search(r"^\s*health_uri /_stcore/health$", CADDYFILE, flags=re.MULTILINE)


def test_secrets_come_from_files_never_from_compose_or_the_image() -> None:
    secrets = COMPOSE["secrets"]
    assert {name: entry["file"] for name, entry in secrets.items()} == {
        "postgres_password": "./secrets/postgres_password",
        "database_url": "./secrets/database_url",
        "streamlit_secrets.toml": "./secrets/streamlit_secrets.toml",
    }
    assert "secrets/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    app = SERVICES["app-a"]
    assert app["environment"]["CXM_DATABASE_URL_FILE"] == "/run/secrets/database_url"
    assert "CXM_DATABASE_URL" not in app["environment"]
    assert SERVICES["db"]["environment"]["POSTGRES_PASSWORD_FILE"] == "/run/secrets/postgres_password"
    for service in SERVICES.values():
        for key, value in (service.get("environment") or {}).items():
            if re.search(r"PASSWORD|SECRET|TOKEN", key) and not key.endswith("_FILE"):
                pytest.fail(f"{key}={value!r}: a secret written into compose.yaml")
    # Streamlit reads [auth] (the cookie secret every server shares) from the mounted secret.
    assert "/run/secrets/streamlit_secrets.toml" in PRODUCTION["secrets"]["files"]
    for line in DOCKERFILE.splitlines():
        if line.startswith(("ENV", "ARG")):
            assert not re.search(r"PASSWORD|SECRET|postgresql://", line), line


def test_the_image_is_small_runs_as_a_user_checks_its_health_and_carries_its_fonts() -> None:
    assert re.search(r"^FROM python:3\.\d+-slim", DOCKERFILE, flags=re.MULTILINE)
    users = re.findall(r"^USER (\S+)$", DOCKERFILE, flags=re.MULTILINE)
    assert users and users[-1] not in ("root", "0")
    assert DOCKERFILE.index(f"USER {users[-1]}") < DOCKERFILE.index("CMD [")
    healthcheck = re.search(r"^HEALTHCHECK .*\\\n\s+CMD (.*)$", DOCKERFILE, flags=re.MULTILINE)
    assert healthcheck and "/_stcore/health" in healthcheck.group(1)
    # The install steps CI runs (.ci/image-install-check) are the ones the image runs.
    assert "RUN deploy/image-install.sh deps /opt/venv" in DOCKERFILE
    assert "RUN deploy/image-install.sh check /opt/venv" in DOCKERFILE
    assert "COPY cxmaturity ./cxmaturity" in DOCKERFILE
    assert "COPY deploy/streamlit/config.toml .streamlit/config.toml" in DOCKERFILE
    fonts = ROOT / "cxmaturity" / "report" / "fonts"
    assert {p.name for p in fonts.glob("*.ttf")} >= {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"}
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ".ci/image-install-check" in ci


def test_production_settings() -> None:
    server, client = PRODUCTION["server"], PRODUCTION["client"]
    assert server["enableXsrfProtection"] is True
    # Streamlit's name is inverted: true REFUSES cross-origin requests (what "CORS off" means here).
    assert server["enableCORS"] is True and server["corsAllowedOrigins"] == []
    shipped = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert server["maxUploadSize"] == shipped["server"]["maxUploadSize"] == 5
    assert client["showErrorDetails"] == "none"
    assert server["address"] == "0.0.0.0" and shipped["server"]["address"] == "localhost"
    assert server["headless"] is True and server["fileWatcherType"] == "none"
    # A full gc.collect(2) after every rerun was two thirds of a click's cost under load (issue 18).
    assert PRODUCTION["runner"]["postScriptGC"] is False and shipped["runner"]["postScriptGC"] is False
    app_env = SERVICES["app-a"]["environment"]
    assert app_env["STREAMLIT_SERVER_CORS_ALLOWED_ORIGINS"] == "https://${CXM_DOMAIN:-localhost}"


def test_the_database_url_may_come_from_a_secret_file(tmp_path: Path) -> None:
    secret = tmp_path / "database_url"
    secret.write_text("postgresql+psycopg://cxm:s3cret@db/cxm\n", encoding="utf-8")
    assert database_url({"CXM_DATABASE_URL_FILE": str(secret)}) == "postgresql+psycopg://cxm:s3cret@db/cxm"
    # The variable itself still wins (a one-off command on the host).
    assert database_url({"CXM_DATABASE_URL": "sqlite:///x", "CXM_DATABASE_URL_FILE": str(secret)}) == "sqlite:///x"
    with pytest.raises(ValueError, match=r"CXM_DATABASE_URL_FILE names .*missing, which cannot be read"):
        database_url({"CXM_DATABASE_URL_FILE": str(tmp_path / "missing")})
    secret.write_text("\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"database_url \(named by CXM_DATABASE_URL_FILE\) is empty"):
        database_url({"CXM_DATABASE_URL_FILE": str(secret)})


def test_the_compose_upgrade_step_runs_with_its_url_in_a_secret_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cx.sqlite3'}"
    (tmp_path / "database_url").write_text(url + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CXM_")}
    env["CXM_DATABASE_URL_FILE"] = str(tmp_path / "database_url")
    done = subprocess.run(
        [sys.executable, *SERVICES["migrate"]["command"][1:]], cwd=ROOT, env=env, capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    store = Store.open(url)
    assert current_revision(store.engine) == SHIPPED_HEAD
    store.dispose()
