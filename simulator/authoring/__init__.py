"""Authoring tools: caller voices (``voices``) and audio rendering (``render``).

Not used by the app at run time. Rendering needs the optional ``authoring`` extras
(pedalboard, soundfile) and, for TTS lines, the separate ``.venv-tts`` from
``tools/tts/setup.sh``.
"""
