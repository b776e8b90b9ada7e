"""The desktop app (PySide6): practice calls from ring to feedback, history and settings.

By feature — ``shell`` (main window, start-up, settings) and ``practice`` (home, call,
feedback, summary, history) — each with ``views`` that lay out widgets and emit user intents
and ``controllers`` that turn intents into work on the services (``simulator.services``; audio
and speech in ``services``) through the one background-task helper in ``tasks``. No widget
touches the database, the model or the device.
Entry point: :func:`simulator.app.main.run_app`.
"""
