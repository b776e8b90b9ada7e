"""Errors of the trainer, pack and privacy services: bad input or a refused operation, with a
message in both languages (``str()`` is "中文 / English", as elsewhere in the services)."""

from __future__ import annotations

from collections.abc import Sequence


class ServiceError(ValueError):
    """Something the user can act on; ``zh`` and ``en`` are the message in each language."""

    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en


class NotFound(ServiceError):
    """The pack, group, assignment, attempt, turn or set named does not exist."""


class PackError(ServiceError):
    """A pack (or a pack zip) that cannot be used; ``problems`` name the file and field of
    each problem (``core.catalog.LoadProblem``), the first one is in the message."""

    def __init__(self, zh: str, en: str, problems: Sequence = ()):
        self.problems = list(problems)
        first = f": {self.problems[0]}" if self.problems else ""
        super().__init__(zh + first, en + first)


class PackExists(PackError):
    """The pack id is taken; ``suggested`` is a free id to import or copy it under instead."""

    def __init__(self, pack_id: str, suggested: str, file: str = ""):
        self.pack_id = pack_id
        self.suggested = suggested
        where = f"{file}: pack: " if file else ""
        super().__init__(
            f"{where}方案包 {pack_id} 已存在，可改名为 {suggested} 导入",
            f"{where}pack {pack_id} already exists; import it renamed, e.g. as {suggested}",
        )


class ConsentRequired(ServiceError):
    """A recording of an account that has not agreed to recordings: nothing was kept."""


__all__ = ["ConsentRequired", "NotFound", "PackError", "PackExists", "ServiceError"]
