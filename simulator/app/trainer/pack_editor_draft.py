"""The pack being edited, as plain data (no Qt): a field read and set by its path — the path
the schema's problems name (``scenarios[0].turns[1].caller.text``) — scenarios, turns, model
answers and off-protocol moves added and removed, whether anything is unsaved, a new pack's
skeleton, and the caller lines a trainee hears in a preview."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

SEED = "001_ab75b4677eacef2d.txt"  # 规范用语: the model answer of a new turn comes from it
_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_path(path: str) -> list[str | int]:
    """``a.b[2].c`` → ``["a", "b", 2, "c"]``."""
    return [int(i) if i else name for name, i in _TOKEN.findall(path)]


def get(data, path: str, default=None):
    node = data
    for key in parse_path(path):
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return default
    return default if node is None else node


def set_value(data: dict, path: str, value) -> None:
    """Set the field at ``path``, making the dicts on the way (``timing`` of a turn without)."""
    keys = parse_path(path)
    node = data
    for key, nxt in zip(keys, keys[1:], strict=False):
        child = node[key] if isinstance(key, int) else node.get(key)
        if child is None:
            child = [] if isinstance(nxt, int) else {}
            node[key] = child
        node = child
    node[keys[-1]] = value
    if keys[-2:-1] == ["timing"] or (len(keys) > 1 and keys[-2] == "timing"):
        parent = get(data, path.rsplit(".", 1)[0])
        if isinstance(parent, dict) and all(v in (None, "", []) for v in parent.values()):
            set_value(data, path.rsplit(".", 1)[0], None)  # no timing at all


def new_turn(turn_id: int) -> dict:
    return {
        "id": turn_id,
        "caller": {"text": "", "audio": None, "recorded": False},
        "required": [],
        "model_answers": [new_answer()],
        "next": {"passed": None, "failed": None, "escalated": None},
    }


def new_answer() -> dict:
    return {"text": "", "source": SEED, "quote": ""}


def new_off_protocol() -> dict:
    return {"id": "", "patterns": [], "explanation": "", "suggestion": "", "source": [SEED]}


def new_scenario(scenario_id: str) -> dict:
    return {
        "id": scenario_id,
        "title": "新情景",
        "title_en": "New scenario",
        "difficulty": 1,
        "hotline": "10000",
        "source": [SEED],
        "persona": {"gender": "female", "age": 40, "mood": "calm"},
        "turns": [new_turn(1)],
    }


def blank_pack(pack_id: str) -> dict:
    """A new pack that validates: one scenario with one turn (a greeting as model answer)."""
    scenario = new_scenario(f"{pack_id}-1")
    turn = scenario["turns"][0]
    turn["caller"]["text"] = "喂，你好，我想咨询一下。"
    turn["model_answers"][0]["text"] = "您好，请问有什么可以帮您？"
    return {
        "pack": pack_id,
        "title": "新方案包",
        "title_en": "New pack",
        "source": [SEED],
        "scenarios": [scenario],
    }


ITEM_TEMPLATES = {"model_answers": new_answer, "off_protocol": new_off_protocol}


class Draft:
    """A pack's data as edited, and as last saved (``dirty`` when they differ)."""

    def __init__(self, data: dict, editable: bool):
        self.data = copy.deepcopy(data)
        self.saved = copy.deepcopy(data)
        self.editable = editable

    @property
    def pack_id(self) -> str:
        return str(self.data.get("pack", ""))

    @property
    def dirty(self) -> bool:
        return self.data != self.saved

    def mark_saved(self) -> None:
        self.saved = copy.deepcopy(self.data)

    def revert(self) -> None:
        self.data = copy.deepcopy(self.saved)

    def set(self, path: str, value) -> None:
        set_value(self.data, path, value)

    def scenarios(self) -> list[dict]:
        return self.data.setdefault("scenarios", [])

    def add_scenario(self) -> int:
        taken = {s.get("id") for s in self.scenarios()}
        n = len(self.scenarios()) + 1
        while f"{self.pack_id}-{n}" in taken:
            n += 1
        self.scenarios().append(new_scenario(f"{self.pack_id}-{n}"))
        return len(self.scenarios()) - 1

    def remove_scenario(self, si: int) -> None:
        del self.scenarios()[si]

    def add_turn(self, si: int) -> int:
        turns = self.scenarios()[si].setdefault("turns", [])
        ids = [t.get("id") for t in turns if isinstance(t.get("id"), int)]
        turns.append(new_turn(max(ids, default=0) + 1))
        return len(turns) - 1

    def remove_turn(self, si: int, ti: int) -> None:
        del self.scenarios()[si]["turns"][ti]

    def add_item(self, list_path: str) -> None:
        kind = parse_path(list_path)[-1]
        items = get(self.data, list_path, [])
        self.set(list_path, [*items, ITEM_TEMPLATES[kind]()])

    def remove_item(self, list_path: str, index: int) -> None:
        items = list(get(self.data, list_path, []))
        del items[index]
        self.set(list_path, items)

    def set_audio(self, scenario_id: str, turn_id: int, ref: str, recorded: bool) -> None:
        """A caller line's new audio, saved already: set in the draft and in what was saved."""
        for data in (self.data, self.saved):
            for sc in data.get("scenarios", []):
                for turn in sc.get("turns", []) if sc.get("id") == scenario_id else []:
                    if turn.get("id") == turn_id:
                        turn["caller"]["audio"] = ref
                        turn["caller"]["recorded"] = recorded


@dataclass(frozen=True)
class HeardLine:
    """A caller line in the preview: which turn, what is said, its audio reference."""

    turn_id: int
    text: str
    audio: str | None


def heard_lines(scenario: dict) -> list[HeardLine]:
    """The caller lines of a scenario in the order a trainee who passes every turn hears them
    (from the first turn along ``next.passed``, each turn once)."""
    turns = {t.get("id"): t for t in scenario.get("turns", [])}
    order = scenario.get("turns", [])
    out: list[HeardLine] = []
    turn = order[0] if order else None
    seen: set = set()
    while turn is not None and turn.get("id") not in seen:
        seen.add(turn.get("id"))
        caller = turn.get("caller") or {}
        out.append(HeardLine(turn.get("id"), caller.get("text", ""), caller.get("audio")))
        turn = turns.get((turn.get("next") or {}).get("passed"))
    return out
