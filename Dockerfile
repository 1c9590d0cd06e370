# G-Lab Portal image: one image for web (gunicorn), worker and beat (celery).
# The Debian release is named (bookworm) so the PostgreSQL client below comes from a known
# repository; make wheelhouse reads the Python version (3.11) from this line.
FROM python:3.11-slim-bookworm

# manage.py backup / restore run pg_dump and pg_restore, which must be of the server's major
# version or newer (pg_dump refuses a newer server). Debian's own client is 15, so the client
# comes from the PostgreSQL project's repository (apt.postgresql.org, its signing key), at the
# major version of docker-compose.yml's postgres image (tests/core/test_compose_scale_out.py).
ARG PG_MAJOR=16
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && install -d /usr/share/postgresql-common/pgdg \
 && curl -fsSL -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc \
      https://www.postgresql.org/media/keys/ACCC4CF8.asc \
 && . /etc/os-release \
 && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt ${VERSION_CODENAME}-pgdg main" \
      > /etc/apt/sources.list.d/pgdg.list \
 && apt-get update \
 && apt-get install -y --no-install-recommends "postgresql-client-${PG_MAJOR}" \
 && apt-get purge -y --auto-remove curl \
 && rm -rf /var/lib/apt/lists/* \
 && pg_dump --version | grep -q " ${PG_MAJOR}\."

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    PATH=/opt/venv/bin:$PATH \
    MEDIA_ROOT=/app/media

# uv from PyPI, then the locked runtime dependencies only (no dev group). This layer is
# rebuilt only when pyproject.toml or uv.lock change.
RUN pip install uv
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .

# Static files are collected into the image (whitenoise serves them, hashed and compressed).
# The key below exists only for this build step; the container needs a real SECRET_KEY.
RUN SECRET_KEY=collectstatic-build-only DEBUG=0 python manage.py collectstatic --no-input \
 && useradd --system --create-home --uid 10001 glab \
 && mkdir -p /app/media \
 && chown -R glab:glab /app/media /app/staticfiles

USER glab
EXPOSE 8000

CMD ["gunicorn", "glab_portal.wsgi:application", "--config", "gunicorn.conf.py", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
