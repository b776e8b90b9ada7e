"""Audio devices: playback, recording with level meter and end-of-turn detection (no Qt).

``backend.SoundDeviceBackend`` talks to PortAudio through sounddevice (imported lazily);
``fake.FileAudioBackend`` has the same interface and streams a real audio file, for tests.
"""
