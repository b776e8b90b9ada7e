#!/usr/bin/env bash
# Set-up shared by ./run and ./test: Debian libraries (when root and missing), the .venv at the
# repository root, and the Python packages. Re-running is quick: it skips what is already done.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EXTRAS="${1:-speech,app}"

DEB_PACKAGES=(libportaudio2 libsndfile1 libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
  libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xfixes0 fonts-noto-cjk espeak-ng)
# the training-room tests and `simulator bench --room` start a throwaway PostgreSQL server
case ",$EXTRAS," in *,dev,*|*,centre,*) DEB_PACKAGES+=(postgresql) ;; esac

missing=()
for pkg in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else SUDO="-"; fi
  if [ "$SUDO" = "-" ]; then
    echo "warning: missing Debian packages (install them as root): ${missing[*]}" >&2
  else
    echo "Installing Debian packages: ${missing[*]}" >&2
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
fi

PY="${PYTHON:-python3}"
if [ ! -x "$ROOT/.venv/bin/python" ]; then
  echo "Creating $ROOT/.venv" >&2
  "$PY" -m venv "$ROOT/.venv"
fi
stamp="$ROOT/.venv/.installed-$(cat "$ROOT/pyproject.toml" | sha256sum | cut -c1-16)-${EXTRAS//,/_}"
if [ ! -f "$stamp" ]; then
  echo "Installing Python packages (.[${EXTRAS}]) into .venv" >&2
  "$ROOT/.venv/bin/python" -m pip install -q --upgrade pip >&2
  "$ROOT/.venv/bin/python" -m pip install -q -e "$ROOT[${EXTRAS}]" >&2
  touch "$stamp"
fi
