"""Audio device errors, each with a one-line Chinese + English message for users.

``str(exc)`` is "中文 / English (detail)"; ``exc.zh``, ``exc.en`` and ``exc.detail`` are there
for UIs that show one language.
"""

from __future__ import annotations

from typing import Any


class AudioDeviceError(Exception):
    zh = "音频设备出错"
    en = "Audio device error"

    def __init__(self, detail: str = "", **info: Any):
        self.detail = detail
        self.info = info
        text = f"{self.zh} / {self.en}"
        if detail:
            text += f" ({detail})"
        super().__init__(text)


class PortAudioMissing(AudioDeviceError):
    zh = "未找到 PortAudio 音频库，请安装 libportaudio2"
    en = "The PortAudio library is missing: install libportaudio2"


class NoInputDevice(AudioDeviceError):
    zh = "未找到麦克风，请连接麦克风或在设置中选择输入设备"
    en = "No microphone found: connect one or choose an input device in Settings"


class NoOutputDevice(AudioDeviceError):
    zh = "未找到扬声器或耳机，请连接后重试"
    en = "No speaker or headset found: connect one and try again"


class UnsupportedSampleRate(AudioDeviceError):
    zh = "麦克风不支持 16 kHz 单声道录音，请换一个输入设备"
    en = "The microphone cannot record 16 kHz mono: choose another input device"


class DeviceLost(AudioDeviceError):
    """The device vanished mid-recording; what was recorded is kept at ``recording.path``."""

    zh = "录音中麦克风断开，已保存断开前的录音"
    en = "The microphone was disconnected while recording; the audio so far was saved"

    def __init__(self, detail: str = "", recording: Any = None, **info: Any):
        self.recording = recording
        super().__init__(detail, **info)
