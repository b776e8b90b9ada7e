"""The user-visible strings of what was heard in a spoken reply: fair charging (a finding a
recognition error may explain, shown as "heard as …, not counted") and the closer listen that
may update the fast result: id → (简体中文, English). Merged into ``strings.STRINGS``."""

from __future__ import annotations

HEARD_STRINGS: dict[str, tuple[str, str]] = {
    # the closer listen (beam 5) after the fast result of a spoken reply
    "call.closer_running": (
        "正在细听录音，结果可能更新…",
        "Listening to your reply more closely; the result may still change…",
    ),
    "call.closer_same": ("细听后结果不变", "Listened more closely: the result stands"),
    "call.closer_verdict": (
        "细听后更新：结论由“{old}”改为“{new}”（{old_score} → {new_score} 分）",
        "Updated after a closer listen: {old} → {new} ({old_score} → {new_score} points)",
    ),
    "call.closer_findings": (
        "细听后更新：发现的问题有变化（{old_score} → {new_score} 分）",
        "Updated after a closer listen: the findings changed ({old_score} → {new_score} points)",
    ),
    "call.closer_failed": (
        "细听没有完成：{msg}。结果以第一次评分为准。",
        "The closer listen failed: {msg}. The first result stands.",
    ),
    "fb.first_hearing": (
        "细听后更新：第一次听到的结论是“{verdict}”（{score} 分）",
        "Updated after a closer listen: first heard as {verdict} ({score} points)",
    ),
    "fb.sev_not_counted": ("听作·不计分", "heard as · not counted"),
    "fb.not_counted_note": (
        "识别可能有误：这一处按听到的文字标出，但不计入评分；培训师可回听录音核对。",
        "Possibly misheard: marked as the recogniser heard it, but not counted; a trainer can "
        "listen to the recording to check.",
    ),
    "heard.rev_not_counted": ("识别可能有误：{why}", "possibly misheard: {why}"),
    # "listen here" beside a finding heard as not counted (practice.views.listen)
    "heard.listen_here": ("▶ 在此处收听", "▶ Listen here"),
    "heard.listen_here_at": ("▶ 在此处收听（{at}）", "▶ Listen here ({at})"),
    "heard.listen_tip": (
        "从 {start} 起播放这一句的录音（听作之处前 1 秒）",
        "Play this turn's recording from {start} (1 s before the place it was heard)",
    ),
    "heard.listen_from_start": (
        "不知道它在录音中的位置：从头播放这一句的录音",
        "Where it was heard is not known: plays this turn's recording from the start",
    ),
    "heard.listen_typed": (
        "这是打字回答，没有录音可听",
        "A typed reply: there is no recording to listen to",
    ),
    "heard.listen_deleted": (
        "录音已按保留期限删除，无法回听（文字和评分仍保留）",
        "The recording was deleted under the retention period (the transcript and score stay)",
    ),
    "heard.listen_none": ("这一句没有保存录音，无法回听", "No recording was kept of this turn"),
    "heard.listen_lost": (
        "录音文件缺失或已改动，无法回听",
        "The recording file is missing or has changed: it cannot be played",
    ),
}
