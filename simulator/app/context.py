"""What every controller shares: the task runner, the services and the loaded catalog."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from simulator.app.services.audio import AudioService
from simulator.app.services.settings import Settings, SettingsStore
from simulator.services import Services, Session

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    runner: object  # TaskRunner or SyncTaskRunner
    services: Services
    audio: AudioService
    speech: object  # has load(progress), hear(audio, caller_end_s, checkpoint), a settable catalog
    settings: Settings
    settings_store: SettingsStore
    scenarios_root: Path | None = None
    session: Session = field(default_factory=Session.anonymous)
    # True: someone must sign in (the app); False: the seat runs as the given session (tests).
    sign_in_required: bool = False
    catalog: object = None  # simulator.core.catalog.Catalog once loaded
    grader: object = None
    model_state: str = "loading"  # loading | ready | failed
    model_error: str = ""
    audio_reason: str | None = None  # why recording cannot work, or None
    timings: dict = field(default_factory=dict)

    @property
    def recordings(self):
        return self.services.recordings

    @property
    def typed_only(self) -> bool:
        """True when replies must be typed (no microphone, or no speech model)."""
        return self.audio_reason is not None or self.model_state == "failed"

    def audio_path(self, rel: str | None, scenario_id: str | None = None) -> Path | None:
        """Path of a pack's audio reference (assets/audio/…; with ``scenario_id``, resolved in
        that scenario's own pack folder: a trainer's pack has audio/…), or None when there is
        no such file or the reference leads outside the audio folder (logged)."""
        if not rel:
            return None
        from simulator.core.paths import UnsafePath, audio_file

        catalog = self.catalog
        try:
            if scenario_id and catalog is not None and scenario_id in catalog.scenario_pack:
                path = catalog.audio_path(scenario_id, rel)
            else:
                path = audio_file(rel, self.scenarios_root.parent if self.scenarios_root else None)
        except UnsafePath as exc:
            log.warning("not playing %s", exc)
            return None
        return path if path.is_file() else None
