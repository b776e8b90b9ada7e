"""Services the controllers use: settings, the attempt store, recordings, audio and speech.

None of them imports widgets; the audio and speech services wrap ``simulator.audio`` and
``simulator.speech`` behind small interfaces so that tests can inject fakes.
"""
