"""Speech layer: offline Whisper transcription and delivery measures (no Qt, no audio devices).

Modules are imported on demand so that importing this package stays cheap:
``model_store`` (find/assemble the model), ``audio_file`` (decode audio files),
``transcriber`` (faster-whisper wrapper), ``delivery_measures`` (pace, pauses, loudness…),
``pipeline`` (transcribe + measure in one call).
"""
