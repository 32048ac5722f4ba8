#!/usr/bin/env bash
# Extract the Dutch (nl) translation catalogues and compile them.
#
#   scripts/messages.sh [--no-compile] [--root-only] [ROOT]
#
# ROOT (default: the repository) holds manage.py. Two kinds of catalogue:
#   - the root catalogue locale/nl/LC_MESSAGES/django.po: templates in spalk/templates and every app
#     WITHOUT its own catalogue (core, families, access, audit, demo, settings, ...);
#   - one catalogue per app listed in OWN_CATALOGUE (plus any other app that has spalk/<app>/locale/),
#     extracted inside that app's folder into spalk/<app>/locale/nl/LC_MESSAGES/django.po.
# --root-only updates only the root catalogue; --no-compile skips compilemessages.
# makemessages runs without Django settings (DJANGO_SETTINGS_MODULE unset) so that LOCALE_PATHS does
# not pull an app's strings into the root catalogue. PYTHON is the interpreter command (default: python;
# may hold several words, e.g. "uv run --frozen python").
set -euo pipefail

OWN_CATALOGUE=(intake partners trajectories stays accounts centres api presence search agenda network)

compile=1
root_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --no-compile) compile=0; shift ;;
    --root-only) root_only=1; shift ;;
    *) break ;;
  esac
done
root="$(cd "${1:-$(dirname "$0")/..}" && pwd)"
python="${PYTHON:-python}"
django_admin() { env -u DJANGO_SETTINGS_MODULE $python -P -m django "$@"; }
common=(-l nl --no-obsolete --ignore=.venv --ignore=.venv-uv --ignore=var --ignore=node_modules
        --ignore=tests --ignore=bench --ignore=scripts)

cd "$root"
app_dirs=()
for app in "${OWN_CATALOGUE[@]}"; do
  [ -d "spalk/$app" ] && app_dirs+=("spalk/$app")
done
for locale_dir in spalk/*/locale; do
  [ -d "$locale_dir" ] || continue
  case " ${app_dirs[*]} " in *" ${locale_dir%/locale} "*) ;; *) app_dirs+=("${locale_dir%/locale}") ;; esac
done
ignores=()
for app_dir in "${app_dirs[@]}"; do
  ignores+=("--ignore=$app_dir/*")
done

mkdir -p locale/nl/LC_MESSAGES
django_admin makemessages "${common[@]}" "${ignores[@]}"

if [ "$root_only" = 0 ]; then
  for app_dir in "${app_dirs[@]}"; do
    mkdir -p "$app_dir/locale/nl/LC_MESSAGES"
    (cd "$app_dir" && django_admin makemessages "${common[@]}")
  done
fi

if [ "$compile" = 1 ]; then
  django_admin compilemessages --ignore=.venv --ignore=.venv-uv --ignore=var
fi
