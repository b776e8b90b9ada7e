"""The desktop app (PySide6): practice calls from ring to feedback, history and settings.

Layers: ``views`` lay out widgets and emit user intents; ``controllers`` turn intents into work
on the ``services`` (database, recordings, audio device, speech model, grader) through the one
background-task helper in ``tasks``. No widget touches the database, the model or the device.
Entry point: :func:`simulator.app.main.run_app`.
"""
