"""User settings (microphone, model, UI language, data folder …) kept as JSON.

The settings file lives in the *base* data folder — ``SIMULATOR_DATA_DIR`` when set, else
``platformdirs.user_data_dir("simulator")`` — so that the ``data_dir`` setting can point the
database and recordings somewhere else without losing the settings themselves.
Writes are atomic (temporary file, fsync, rename).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from simulator.fileutil import atomic_write_bytes
from simulator.fileutil import data_dir as base_data_dir

SETTINGS_NAME = "settings.json"
LANGUAGES = ("zh", "en")


@dataclass
class Settings:
    language: str = "zh"
    input_device: str = ""  # device name; "" = system default
    output_device: str = ""
    model: str = ""  # "" / "base" = bundled model; "small"/"medium"; or a folder
    data_dir: str = ""  # "" = fileutil.data_dir()
    # Hands-free (opt-in): the next caller line this long after the feedback on a reply that
    # passed; 0 = the feedback stays until N. (Replaces ``auto_continue_s``, whose 4 s default
    # moved on before violations could be read: a saved value of it is not carried over.)
    auto_next_s: float = 0.0
    last_scenario: str = ""

    def effective_data_dir(self) -> Path:
        return Path(self.data_dir).expanduser() if self.data_dir else base_data_dir()

    @classmethod
    def from_dict(cls, raw: dict) -> Settings:
        known = {f.name: f for f in fields(cls)}
        values = {}
        for key, value in raw.items():
            if key not in known:
                continue
            default = getattr(cls(), key)
            if isinstance(default, float) and isinstance(value, int | float):
                values[key] = float(value)
            elif isinstance(value, type(default)):
                values[key] = value
        settings = cls(**values)
        if settings.language not in LANGUAGES:
            settings.language = "zh"
        return settings


class SettingsStore:
    """Loads and saves :class:`Settings` in ``<base data dir>/settings.json``."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder else base_data_dir()
        self.path = self.folder / SETTINGS_NAME
        self.problem = ""  # why the settings file could not be read ("" when it could)

    def load(self) -> Settings:
        """The saved settings; the defaults when there are none. A file that exists but
        cannot be read is said (``problem``) and kept aside before it is ever saved over."""
        self.problem = ""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return Settings()
        except (OSError, ValueError) as exc:
            self.problem = str(exc) or type(exc).__name__
            return Settings()
        if not isinstance(raw, dict):
            self.problem = "not a JSON object"
            return Settings()
        return Settings.from_dict(raw)

    def save(self, settings: Settings) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.problem and self.path.exists():
            kept = self.path.with_name(SETTINGS_NAME + ".unreadable")
            if not kept.exists():
                self.path.replace(kept)  # the unreadable file is kept, not overwritten
            self.problem = ""
        text = json.dumps(asdict(settings), ensure_ascii=False, indent=1)
        atomic_write_bytes(self.path, text.encode("utf-8"))
