# The app's image: one Streamlit server. compose.yaml runs two of them behind a reverse proxy, on
# PostgreSQL. Docker could not be run where this file was written: its steps run in CI as a script
# (deploy/image-install.sh, .ci/image-install-check), and tests/test_deploy.py reads this file.
# Build: docker build -t cxmaturity .
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PATH=/opt/venv/bin:$PATH

WORKDIR /app

# Dependencies first (this layer is rebuilt only when a lock changes): exact versions, every hash checked.
COPY requirements.lock requirements-postgres.lock ./
COPY deploy/image-install.sh deploy/image-install.sh
RUN deploy/image-install.sh deps /opt/venv

# The app. The PDF fonts (DejaVu, with Cyrillic) are inside cxmaturity/report/fonts/: nothing from the OS.
COPY app.py ./
COPY pages ./pages
COPY cxmaturity ./cxmaturity
COPY assessments ./assessments
COPY deploy/streamlit/config.toml .streamlit/config.toml
RUN deploy/image-install.sh check /opt/venv

# Not root: the server owns nothing but its data folder (for SQLite when no database URL is given).
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin cxm \
    && mkdir -p /data && chown cxm /data
USER cxm
ENV CXM_DATA_DIR=/data \
    CXM_MODE=team
VOLUME ["/data"]
EXPOSE 8501

# Streamlit's own health endpoint answers 200 once the server serves pages (python: no curl in slim).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request, sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status == 200 else 1)"]

# Secrets never enter the image: the database URL comes from CXM_DATABASE_URL or the file named by
# CXM_DATABASE_URL_FILE, Streamlit's [auth] settings from the secrets file the config points at.
CMD ["streamlit", "run", "app.py"]
