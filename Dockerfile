# G-Lab Portal image: one image for web (gunicorn), worker and beat (celery).
FROM python:3.11-slim

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
