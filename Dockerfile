# syntax=docker/dockerfile:1
# The Wellbeing Portal: one image for the web (gunicorn), the Celery worker and Celery beat.
# `docker compose up --build` builds it; see docker-compose.yml and the README.

# ------------------------------------------------------------------------------
# Stage 1: the stylesheet (GOV.UK Frontend compiled with our settings, by Sass)
# ------------------------------------------------------------------------------
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ frontend/
# Writes build/static/css/portal.css.
RUN npm run build

# ------------------------------------------------------------------------------
# Stage 2: the portal
# ------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's runtime libraries (Pango, HarfBuzz, fontconfig) and fonts for the
# governor report PDFs. psycopg[binary] brings its own libpq.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 \
      libpangoft2-1.0-0 \
      libharfbuzz0b \
      libharfbuzz-subset0 \
      libfontconfig1 \
      fonts-liberation2 \
      fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

# The portal runs as this user. It has a home so that fontconfig can keep its cache.
RUN groupadd --system portal \
 && useradd --system --gid portal --create-home --home-dir /home/portal \
      --shell /usr/sbin/nologin portal

WORKDIR /app

COPY pyproject.toml README.md ./
COPY wellbeing_portal/ wellbeing_portal/
COPY charters/ charters/
COPY surveys/ surveys/
COPY inspections/ inspections/
COPY support_directory/ support_directory/
COPY reports/ reports/
COPY privacy/ privacy/
COPY portal/ portal/
# The demo builders and `seed_demo`, installed only by the demo settings (see the README).
COPY demo/ demo/
COPY templates/ templates/
COPY static/ static/
COPY scripts/ scripts/
COPY manage.py ./

# An editable install: the dependencies from pyproject.toml, and the portal's own
# packages imported from /app, where templates/, static/ and build/ live beside them.
RUN pip install --no-cache-dir -e .

# The compiled stylesheet, and GOV.UK Frontend's JavaScript and images (served by us).
COPY --from=assets /app/build /app/build
COPY --from=assets /app/node_modules/govuk-frontend/dist /app/node_modules/govuk-frontend/dist

ENV DJANGO_SETTINGS_MODULE=wellbeing_portal.settings.production

# Production settings require these three; the values are throwaway and stay in this
# build step only (nothing connects to Redis during collectstatic).
RUN DJANGO_SECRET_KEY=build \
    DJANGO_ALLOWED_HOSTS=localhost \
    REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput \
 && mkdir -p /app/media \
 && chown portal:portal /app/media
# /app/media belongs to portal so that a named volume mounted there starts writable.

USER portal
EXPOSE 8000
CMD ["gunicorn", "wellbeing_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
