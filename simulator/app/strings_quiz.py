"""The user-visible strings of answering quiz questions by voice ("say it" questions, and a
rewrite said instead of typed): id → (简体中文, English). Merged into ``strings.STRINGS``."""

from __future__ import annotations

QUIZ_STRINGS: dict[str, tuple[str, str]] = {
    "type.say_voice": (
        "口述题：针对来电者的这句话，用语音回答（由评分器评判）",
        "Say it: answer the caller's line aloud (graded by the grader)",
    ),
    "quiz.caller_says": ("来电者说：", "The caller says:"),
    "quiz.record": ("开始录音回答", "Record your answer"),
    "quiz.record_rewrite": ("改为说出改写", "Say it instead"),
    "quiz.record_again": ("重新录音", "Record again"),
    "quiz.stop": ("说完了", "Done speaking"),
    "quiz.type_instead": ("改为输入", "Type instead"),
    "quiz.recording": (
        "正在录音…说完后稍停片刻，或点“说完了”。",
        "Recording… pause when you are done, or click Done speaking.",
    ),
    "quiz.transcribing": ("正在识别并评分…", "Transcribing and grading…"),
    "quiz.no_speech": (
        "没有听到说话声：请再录一次，或改为输入。",
        "No speech was heard: record again, or type instead.",
    ),
    "quiz.mic_failed": (
        "录音失败：{msg}。请再试一次，或改为输入。",
        "Recording failed: {msg}. Try again, or type instead.",
    ),
    "quiz.hear_failed": (
        "语音识别失败：{msg}。请再录一次，或改为输入。",
        "Transcription failed: {msg}. Record again, or type instead.",
    ),
    "quiz.no_mic": (
        "无法录音（{msg}），请输入你要说的话。",
        "Recording is not possible ({msg}): type what you would say instead.",
    ),
    "quiz.no_model": (
        "语音识别不可用（{msg}），请输入你要说的话。",
        "Speech recognition is unavailable ({msg}): type what you would say instead.",
    ),
    "quiz.model_loading": (
        "语音模型还在加载，请稍后再录音，或先输入回答。",
        "The speech model is still loading: record in a moment, or type your answer.",
    ),
    "quiz.say_hint": ("在这里输入你要说的话", "Type what you would say"),
    "quiz.heard": ("识别出你说的是：", "What you said, as heard:"),
    "quiz.heard_empty": ("（没有识别出文字）", "(no words were recognised)"),
}
