"""Editing a scenario pack as data: its YAML form, a copy under a new id (scenario ids and
audio references moved with it), a caller line's audio set. Every function returns a new
validated ``Pack``; nothing here touches files."""

from __future__ import annotations

from collections.abc import Callable

import yaml

from simulator.core.paths import AUDIO_PREFIX, PACK_AUDIO_PREFIX
from simulator.core.schema import Pack

TRAINER_CONTEXT = {"audio_prefix": PACK_AUDIO_PREFIX}
HEADER = (
    "# 坐席实训 trainer pack, written by the app (simulator.services.packs); earlier versions are\n"
    "# kept in versions/. Schema: simulator/core/schema.py (Pack).\n"
)


def dump_pack(pack: Pack) -> str:
    """The pack as YAML (fields at their defaults left out; it loads back to the same pack)."""
    data = pack.model_dump(mode="json", exclude_defaults=True)
    return HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def trainer_pack(data: dict) -> Pack:
    """``data`` validated as a trainer's pack (audio under ``audio/``)."""
    return Pack.model_validate(data, context=TRAINER_CONTEXT)


def pack_ref(ref: str) -> str:
    """A shipped reference (``assets/audio/x/t1.ogg``) as a trainer pack's (``audio/x/t1.ogg``);
    a trainer pack's is returned as it is."""
    if ref.startswith(AUDIO_PREFIX):
        return PACK_AUDIO_PREFIX + ref[len(AUDIO_PREFIX) :]
    return ref


def renamed_scenario(scenario_id: str, old_pack: str, new_pack: str) -> str:
    """A scenario's id in the pack's copy: ``<old pack>-x`` becomes ``<new pack>-x``, any
    other id gets the new pack's id in front (ids stay unique across the catalog)."""
    if scenario_id.startswith(old_pack + "-"):
        return new_pack + scenario_id[len(old_pack) :]
    return f"{new_pack}-{scenario_id}"


def copied(
    pack: Pack,
    new_id: str,
    rename: Callable[[str], bool],
    title: str | None = None,
    title_en: str | None = None,
) -> tuple[dict, dict[str, str]]:
    """The data of ``pack`` copied as ``new_id`` (not yet validated) and the audio references
    it moved (old → new). ``rename(scenario_id)`` says whether a scenario id must change (it is
    taken by another pack)."""
    data = pack.model_dump(mode="json", exclude_defaults=True)
    data["pack"] = new_id
    if title:
        data["title"] = title
    if title_en:
        data["title_en"] = title_en
    refs: dict[str, str] = {}
    for sc in data["scenarios"]:
        if rename(sc["id"]):
            sc["id"] = renamed_scenario(sc["id"], pack.pack, new_id)
        for turn in sc["turns"]:
            for holder in [turn["caller"], *turn["model_answers"]]:
                ref = holder.get("audio")
                if ref:
                    refs[ref] = holder["audio"] = pack_ref(ref)
    return data, refs


def with_caller_audio(pack: Pack, scenario_id: str, turn_id: int, ref: str, recorded: bool) -> Pack:
    """``pack`` with one caller line's audio set to ``ref``."""
    data = pack.model_dump(mode="json", exclude_defaults=True)
    for sc in data["scenarios"]:
        if sc["id"] != scenario_id:
            continue
        for turn in sc["turns"]:
            if turn["id"] == turn_id:
                turn["caller"]["audio"] = ref
                turn["caller"]["recorded"] = recorded
                return trainer_pack(data)
    raise KeyError(f"{scenario_id} turn {turn_id}")


__all__ = ["copied", "dump_pack", "pack_ref", "trainer_pack", "with_caller_audio"]
