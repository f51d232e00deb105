#!/usr/bin/env bash
# Compose's first service: refuses to let the stack start while a secret is still the placeholder
# from .env.example (change-me…), or the profile app's token is shorter than 32 characters.
set -euo pipefail
problems=()
for name in POSTGRES_PASSWORD JOBS_APP_PASSWORD JOBS_UI_PASSWORD AIRFLOW_DB_PASSWORD AIRFLOW_JWT_SECRET \
    AIRFLOW_FERNET_KEY UI_ADMIN_TOKEN UI_SESSION_SECRET LINK_SIGNING_SECRET; do
    value="${!name:-}"
    shopt -s nocasematch
    if [[ $value == change-me* || $value == changeme* ]]; then
        problems+=("$name is still the placeholder from .env.example")
    fi
    shopt -u nocasematch
done
if (( ${#UI_ADMIN_TOKEN} < 32 )); then problems+=("UI_ADMIN_TOKEN must be at least 32 characters"); fi
if [[ -n ${UI_SESSION_SECRET:-} ]] && (( ${#UI_SESSION_SECRET} < 32 )); then
    problems+=("UI_SESSION_SECRET must be at least 32 characters")
fi
if [[ -n ${LINK_SIGNING_SECRET:-} ]] && (( ${#LINK_SIGNING_SECRET} < 32 )); then
    problems+=("LINK_SIGNING_SECRET must be at least 32 characters")
fi
if (( ${#problems[@]} > 0 )); then
    printf 'SecretsError: %s\n' "${problems[@]}" >&2
    exit 1
fi
echo "secrets-check: no placeholder secrets"
