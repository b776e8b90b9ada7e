"""The user-visible strings of fair charging of spoken replies (a finding a recognition error
may explain, shown as "heard as …, not counted"): id → (简体中文, English). Merged into
``strings.STRINGS``."""

from __future__ import annotations

HEARD_STRINGS: dict[str, tuple[str, str]] = {
    "fb.sev_not_counted": ("听作·不计分", "heard as · not counted"),
    "fb.not_counted_note": (
        "识别可能有误：这一处按听到的文字标出，但不计入评分；培训师可回听录音核对。",
        "Possibly misheard: marked as the recogniser heard it, but not counted; a trainer can "
        "listen to the recording to check.",
    ),
}
