"""Audio devices: playback, recording with level meter and end-of-turn detection (no Qt).

``backend.SoundDeviceBackend`` talks to PortAudio through sounddevice (imported lazily);
``fake.FileAudioBackend`` has the same interface and streams a real audio file, for tests.
``recorder.Recorder`` writes crash-safe WAVs; ``levels`` holds dBFS helpers and the energy
end-of-turn detector; ``files`` decodes audio files to 16 kHz mono; ``errors`` the user-facing
device errors; ``virtual_mic`` an ALSA capture device fed from a file, for end-to-end tests
through real PortAudio. Nothing here imports ``simulator.speech``.
"""
