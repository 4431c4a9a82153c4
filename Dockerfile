# The app for a shared deployment: runtime dependencies only, run as a non-root user.
# Build: docker build -t staff-sim .   Run several behind one PostgreSQL: see compose.yaml.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SIM_PROJECT_ROOT=/app \
    SIM_DATA_DIR=/home/sim/data \
    SIM_CONFIG_DIR=/home/sim/config \
    SIM_SECRETS_FILE=""

WORKDIR /app
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin sim

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
COPY sim ./sim
RUN pip install ".[postgres,auth]"

COPY app.py ./
COPY .streamlit/config.toml ./.streamlit/config.toml
COPY question_bank ./question_bank
COPY rubrics ./rubrics
COPY prompts ./prompts
COPY deploy/entrypoint.py ./deploy/entrypoint.py

USER sim
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]
ENTRYPOINT ["python", "deploy/entrypoint.py"]
