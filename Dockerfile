# syntax=docker/dockerfile:1
# wijkbudget in a container: gunicorn on port 8000, settings from the environment
# (deploy/env.example), PostgreSQL outside the container. See README, "Running it for a gemeente".
#
#   docker build -t wijkbudget .
#   docker run --rm --env-file /etc/wijkbudget/env wijkbudget flask --app wijkbudget db upgrade
#   docker run -d --name wijkbudget --env-file /etc/wijkbudget/env -p 127.0.0.1:8000:8000 wijkbudget
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint (the PDF report) needs Pango and HarfBuzz's subsetter from Debian, and a font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system wijkbudget \
    && useradd --system --gid wijkbudget --home-dir /var/lib/wijkbudget --create-home \
        --shell /usr/sbin/nologin wijkbudget

WORKDIR /app
# templates/, static/ and migrations/ sit beside the package, not in it, so the app runs from
# this folder: an editable install points Python at /app/wijkbudget.
COPY pyproject.toml README.md config.py gunicorn.conf.py babel.cfg ./
COPY wijkbudget ./wijkbudget
COPY templates ./templates
COPY static ./static
COPY migrations ./migrations
RUN pip install -e . "limits[redis]" \
    && pybabel compile -d wijkbudget/translations \
    && python -m compileall -q wijkbudget config.py

ENV WIJKBUDGET_ENV=production \
    WIJKBUDGET_INSTANCE=/var/lib/wijkbudget \
    WIJKBUDGET_BIND=0.0.0.0:8000 \
    LOG_FORMAT=json \
    FLASK_APP=wijkbudget

USER wijkbudget
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["gunicorn", "-c", "gunicorn.conf.py", "wijkbudget:create_app()"]
