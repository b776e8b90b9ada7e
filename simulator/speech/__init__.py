"""Speech layer: offline Whisper transcription and delivery measures (no Qt, no audio devices).

Modules are imported on demand so that importing this package stays cheap:
``model_store`` (find/assemble the model), ``transcriber`` (faster-whisper wrapper),
``delivery_measures`` (pace, pauses, loudness…), ``pipeline`` (transcribe + measure in one call), ``early_pass`` (when a live call transcribes
early). Audio files are decoded by :mod:`simulator.audio.files`: speech imports audio, never
the reverse.
"""
