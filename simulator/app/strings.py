"""Every user-visible string of the app: id → (简体中文, English). zh-CN is the default."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "app.title": ("坐席实训", "Hotline Agent Trainer"),
    "app.already_running": (
        "坐席实训已经在运行（数据文件夹 {folder}）。请切换到已打开的窗口。",
        "The trainer is already running with the data folder {folder}; switch to that window.",
    ),
    "nav.home": ("练习", "Practice"),
    "nav.history": ("历史记录", "History"),
    "nav.settings": ("设置", "Settings"),
    # home
    "home.heading": ("选择一个场景开始练习", "Pick a scenario to practise"),
    "home.col_title": ("场景", "Scenario"),
    "home.col_difficulty": ("难度", "Difficulty"),
    "home.col_tags": ("标签", "Tags"),
    "home.col_best": ("最好成绩", "Best"),
    "home.col_attempts": ("练习次数", "Attempts"),
    "home.difficulty": ("难度", "Difficulty"),
    "home.turns": ("{n} 轮对话", "{n} turns"),
    "home.first_line": ("客户开口：“{text}”", "The caller opens: “{text}”"),
    "home.required": ("第一句要做到：{items}", "Your first reply must: {items}"),
    "home.your_best": (
        "你的最好成绩 {best} 分，已练习 {n} 次。",
        "Your best: {best} points in {n} attempt(s).",
    ),
    "home.not_tried": ("还没有练习过这个场景。", "You have not practised this one yet."),
    "home.start": ("开始练习（Enter）", "Start practice (Enter)"),
    "home.continue": ("继续（C）", "Continue (C)"),
    "home.resume": (
        "上次练习未完成：{title}，已完成 {n} 轮。",
        "Unfinished call: {title}, {n} turn(s) done.",
    ),
    "home.loading": ("正在加载场景…", "Loading scenarios…"),
    "home.no_scenarios": ("没有可用的场景包。", "No scenario packs are available."),
    "home.problems": (
        "以下场景包有错误，未加载：",
        "These scenario packs have errors and were not loaded:",
    ),
    "home.more_problems": ("\n…另有 {n} 处问题", "\n…and {n} more"),
    "home.mic_title": ("麦克风检查", "Microphone check"),
    "home.device": ("输入设备", "Input device"),
    "home.default_device": ("系统默认", "System default"),
    "home.device_missing": ("{name}（未连接）", "{name} (not connected)"),
    "home.mic_test": ("测试麦克风", "Test microphone"),
    "home.mic_stop": ("停止测试", "Stop test"),
    "home.mic_ok": (
        "说几句话，电平条应随声音跳动。",
        "Say something; the level bar should move with your voice.",
    ),
    "home.mic_listening": ("正在监听…请说话。", "Listening… please speak."),
    "home.mic_missing": ("麦克风不可用：{msg}", "Microphone unavailable: {msg}"),
    # banners, model
    "mic.banner": (
        "麦克风不可用：{msg}。现在是打字回复模式：用键盘输入回答，成绩会标注为“打字回复”。",
        "Microphone unavailable: {msg}. You are in typed-reply mode: type your answers; "
        "results are marked “typed reply”.",
    ),
    "mic.recheck": ("重新检测", "Check again"),
    "banner.close": ("知道了", "Dismiss"),
    "recovered.banner": (
        "有 {n} 段录音未能存入练习记录（例如练习被意外中断）；录音已找回，保存在：{folder}",
        "{n} recording(s) could not be saved to your history (for example, a call was "
        "interrupted); they were recovered to: {folder}",
    ),
    "recovered.open": ("打开文件夹", "Open folder"),
    "model.prepare": ("语音模型：准备文件…", "Speech model: preparing files…"),
    "model.load": ("语音模型：加载中…", "Speech model: loading…"),
    "model.warmup": ("语音模型：预热中…", "Speech model: warming up…"),
    "model.ready": ("语音模型已就绪", "Speech model ready"),
    "model.failed_short": ("语音模型不可用", "Speech model unavailable"),
    "model.failed": (
        "语音模型不可用：{msg}。可以在“设置”中选择其他模型，或用打字回复练习。",
        "Speech model unavailable: {msg}. Choose another model in Settings, or practise with typed replies.",
    ),
    "db.failed": ("无法打开练习记录数据库：{msg}", "Cannot open the practice database: {msg}"),
    "error.text": ("{text}", "{text}"),
    "home.load_failed": (
        "练习成绩读取失败：{msg}",
        "Your scores could not be read: {msg}",
    ),
    "hist.load_failed": ("历史记录读取失败：{msg}", "The history could not be read: {msg}"),
    "set.unreadable": (
        "设置文件 {path} 无法读取（{msg}），本次使用默认设置；保存设置时原文件会另存为 .unreadable。",
        "The settings file {path} cannot be read ({msg}); the defaults apply. When you save "
        "settings, the old file is kept as .unreadable.",
    ),
    "set.save_failed": (
        "设置未能保存：{msg}。本次运行仍按新设置进行。",
        "The settings could not be saved: {msg}. They apply until you quit.",
    ),
    "audio.output_fallback": (
        "所选的扬声器“{device}”无法播放（{msg}），已改用系统默认设备。",
        "The chosen speaker “{device}” cannot play ({msg}); using the system default instead.",
    ),
    "audio.no_output": (
        "无法播放声音（{msg}），请连接扬声器或耳机，或在“设置”中检查播放设备。",
        "Cannot play sound ({msg}): connect a speaker or headset, or check the playback "
        "device in Settings.",
    ),
    "folder.open_failed": ("无法打开文件夹：{msg}", "The folder could not be opened: {msg}"),
    "discard.failed": (
        "放弃的录音未能删除（{path}）：{msg}",
        "A discarded recording could not be deleted ({path}): {msg}",
    ),
    "missing.banner": (
        "有 {n} 段练习录音找不到了（数据文件夹：{folder}）。评分都还在；把录音文件放回原处后，"
        "下次启动会自动重新关联。",
        "{n} practice recording(s) cannot be found (data folder: {folder}). The scores are "
        "kept; put the files back and they are linked again at the next start.",
    ),
    "pending.saved": (
        "上次有 {n} 轮练习未能及时保存，已在这次启动时补存到练习记录。",
        "{n} turn(s) that could not be saved last time were saved to your history now.",
    ),
    "pending.still": (
        "有 {files} 次练习仍未能保存到练习记录（已补存 {n} 轮）；它们保存在 {folder}，下次启动会再试。",
        "{files} call(s) still could not be saved to your history ({n} turn(s) were); they are "
        "kept in {folder} and tried again at the next start.",
    ),
    # saving a call
    "save.turn_failed": (
        "本句未保存：{msg}。这一句已保留，不会丢失：可以重试；退出后也会在下次启动时补存。",
        "This turn is not saved: {msg}. It is kept, not lost: retry, or it is saved at the "
        "next start.",
    ),
    "save.turn_held": (
        "本句尚未保存：之前的保存失败了（{msg}）。这一句已保留，重试时会一并保存；"
        "退出后也会在下次启动时补存。",
        "This turn is not saved yet: an earlier save failed ({msg}). It is kept: a retry "
        "saves them together, or they are saved at the next start.",
    ),
    "save.retry": ("重试保存", "Retry saving"),
    "save.failed_attempt": (
        "练习记录未能创建：{msg}。",
        "The practice record could not be created: {msg}.",
    ),
    "save.failed_turn": ("这一句未能保存：{msg}。", "This turn could not be saved: {msg}."),
    "save.failed_finish": (
        "通话结束未能记录：{msg}。",
        "The end of the call could not be recorded: {msg}.",
    ),
    "save.failed_call": ("保存出错：{msg}。", "Saving failed: {msg}."),
    "save.kept": (
        "回答已暂存在 {folder}，下次启动时自动补存。",
        " Your replies are kept in {folder} and saved at the next start.",
    ),
    "save.not_kept": (
        "暂存也失败了（{msg}），请不要退出，稍后重试保存。",
        " Keeping them failed too ({msg}): do not quit; retry saving in a moment.",
    ),
    "save.summary_end": (
        "通话的结束未能记录：{msg}。可以重试保存；退出后也会在下次启动时补存。",
        "The end of the call is not recorded: {msg}. Retry, or it is saved at the next start.",
    ),
    "save.summary": (
        "有 {n} 轮未保存：{msg}。它们已保留，不会丢失：可以重试；退出后也会在下次启动时补存。",
        "{n} turn(s) not saved: {msg}. They are kept, not lost: retry, or they are saved at "
        "the next start.",
    ),
    # call
    "call.answer": ("接听（空格）", "Answer (Space)"),
    "call.hang_up": ("挂断（Esc）", "Hang up (Esc)"),
    "call.end_speech": ("说完了（空格）", "Done speaking (Space)"),
    "call.send": ("发送（Ctrl+Enter）", "Send (Ctrl+Enter)"),
    "call.typed_hint": ("在这里输入你的回答", "Type your reply here"),
    "call.typed_keys": (
        "Enter 换行，Ctrl+Enter 发送",
        "Enter: new line · Ctrl+Enter: send",
    ),
    "call.typed_mode": ("打字回复", "Typed reply"),
    "call.retry_turn": ("重试本句（R）", "Retry turn (R)"),
    "call.next": ("继续（N）", "Next (N)"),
    "call.turn_feedback": ("本句反馈", "Feedback on this turn"),
    "call.feedback_waiting": (
        "回答后，这里会显示评分、问题句子和规范说法。",
        "After you reply, your score, the problem phrases and the approved wording appear here.",
    ),
    "call.hint_show": ("显示提示（H）", "Show hint (H)"),
    "call.hint_hide": ("隐藏提示（H）", "Hide hint (H)"),
    "call.unknown_caller": ("未知来电", "Unknown caller"),
    "call.hotline": ("热线 {n}", "Hotline {n}"),
    "call.elapsed": ("通话 {t}", "Call {t}"),
    "call.response": ("回应用时 {s} 秒", "Response {s} s"),
    "call.turn_n": ("第 {n} 轮", "Turn {n}"),
    "call.caller": ("客户：", "Caller:"),
    "call.you": ("你：", "You:"),
    "call.points": ("{n} 分", "{n} pts"),
    "call.caller_detail": (
        "客户说完后自动开始聆听；按空格可直接开始回答。",
        "Listening starts when the caller stops; press Space to answer now.",
    ),
    "call.listen_detail": (
        "请直接说出你的回答；停顿约 1 秒自动结束，或按空格结束。",
        "Just speak; a 1-second pause ends your turn, or press Space.",
    ),
    "call.speaking_detail": ("正在听你说…", "Hearing you…"),
    "call.type_detail": (
        "输入你的回答，按 Ctrl+Enter 发送。",
        "Type your reply and press Ctrl+Enter.",
    ),
    "call.thinking_detail": ("正在转写和评分…", "Transcribing and grading…"),
    "call.waiting_detail": (
        "客户没有马上回应（约 {s} 秒）…",
        "The caller says nothing for about {s} s…",
    ),
    "call.waiting_end": (
        "稍等 {s} 秒，客户无回应后挂机…",
        "Waiting {s} s for the caller before hanging up…",
    ),
    "call.wait_before": ("这一句先停顿约 {s} 秒再开口。", "Pause about {s} s before you speak."),
    "call.no_speech": ("没有听到你的声音，请再说一遍。", "I heard nothing; please say it again."),
    "call.mic_failed": (
        "麦克风出错（{msg}），已切换为打字回复。",
        "Microphone error ({msg}); switched to typed replies.",
    ),
    "call.device_lost": ("录音中麦克风断开", "the microphone was disconnected while recording"),
    "call.device_lost_cause": (
        "录音中麦克风出错：{msg}",
        "the microphone failed while recording: {msg}",
    ),
    "call.resume_failed": (
        "无法继续上次的练习：{msg}",
        "The unfinished call cannot be continued: {msg}",
    ),
    "call.grade_failed": ("评分出错：{msg}，请重试。", "Grading failed: {msg}; please try again."),
    "call.resumed": ("—— 从上次停下的地方继续 ——", "— continuing where you stopped —"),
    "call.retrying": ("—— 重试这一句 ——", "— retrying this turn —"),
    "call.auto_next": (
        "{n} 秒后继续（N 立即继续 · R 重试 · Esc 暂停）",
        "Next in {n} s (N now · R retry · Esc pause)",
    ),
    "call.feedback_time": (
        "反馈用时 {s} 秒（从你说完算起）",
        "Feedback {s} s after you stopped speaking",
    ),
    "phase.ringing": ("来电中…", "Incoming call…"),
    "phase.waiting": ("等待中", "Waiting"),
    "phase.caller": ("客户正在说话", "Caller speaking"),
    "phase.listening": ("请回答 · 正在聆听", "Your turn · listening"),
    "phase.typing": ("请回答 · 打字输入", "Your turn · type your reply"),
    "phase.thinking": ("正在分析", "Thinking"),
    "phase.feedback": ("反馈", "Feedback"),
    "phase.ended": ("通话结束", "Call ended"),
    "persona.male": ("男", "male"),
    "persona.female": ("女", "female"),
    "persona.age": ("{age} 岁", "{age} yrs"),
    "mood.calm": ("平静", "calm"),
    "mood.angry": ("愤怒", "angry"),
    "mood.abusive": ("辱骂", "abusive"),
    "mood.anxious": ("焦急", "anxious"),
    "mood.happy": ("愉快", "happy"),
    "mood.flirty": ("轻佻", "flirty"),
    "mood.silent": ("无声", "silent"),
    "mood.apologetic": ("歉意", "apologetic"),
    "mood.curious": ("好奇", "curious"),
    "dialect.mandarin": ("普通话", "Mandarin"),
    "dialect.cantonese": ("粤语", "Cantonese"),
    "line.clear": ("线路清晰", "clear line"),
    "line.noisy": ("线路嘈杂", "noisy line"),
    "line.silent": ("无声线路", "silent line"),
    # feedback
    "fb.score": ("得分", "Score"),
    "fb.turn": ("第 {n} 轮", "Turn {n}"),
    "fb.passed": ("通过", "Passed"),
    "fb.failed": ("未通过", "Not passed"),
    "fb.outcome_passed": ("客户情绪平稳，通话继续。", "The caller stays calm; the call goes on."),
    "fb.outcome_passed_end": ("回答得当，通话可以结束了。", "A good reply; the call can end here."),
    "fb.reason_tone": ("用了禁用语或不当语气", "A forbidden word or tone"),
    "fb.reason_protocol": ("做法不合规范", "An off-protocol move"),
    "fb.reason_missing": ("缺少必备要素", "Required elements missing"),
    "fb.reason_other": ("回答未达到要求", "The reply falls short"),
    "fb.branch_escalated": ("，客户情绪升级。", ": the caller escalates."),
    "fb.branch_continues": ("，通话继续。", "; the call goes on."),
    "fb.branch_ends": ("，通话结束。", "; the call ends."),
    "fb.caller_said": ("客户：{text}", "Caller: {text}"),
    "fb.typed_badge": ("打字回复", "Typed reply"),
    "fb.you_said": ("你说的（转写）", "What you said (transcript)"),
    "fb.you_typed": ("你输入的回答", "What you typed"),
    "fb.empty_transcript": ("（没有识别到内容）", "(nothing recognised)"),
    "fb.unsure_note": (
        "灰色的字是语音识别没有把握的地方；必备要素在这些字上按相近读音认定。",
        "Grey characters are where the recogniser was unsure; required elements may match "
        "there by a near sound.",
    ),
    "fb.play_mine": ("▶ 听我的录音", "▶ My recording"),
    "fb.play_mine_tip": ("播放你这一句的录音", "Play your recording of this turn"),
    "fb.no_recording": ("没有录音", "No recording"),
    "fb.no_violations": ("没有发现禁用语或不当语气。", "No forbidden words or tones found."),
    "fb.sev_fail": ("不合格", "fail"),
    "fb.sev_warn": ("提醒", "warning"),
    "fb.rewrite": ("建议改为：", "Say instead:"),
    "fb.rewrite_answer": (
        "建议改为（本句规范话术）：",
        "Say instead (this turn's approved answer):",
    ),
    "fb.rewrite_above": ("建议改为：同上。", "Say instead: as above."),
    "fb.by_model": ("第二意见", "second opinion"),
    "fb.by_model_sure": ("第二意见 · 把握 {p}", "second opinion · {p} sure"),
    "fb.by_model_tip": (
        "规则没有发现这一处，这是学习模型（第二意见）的判断；把握是模型给出的概率。",
        "No rule found this: it is the learned model's judgement (the second opinion); the "
        "confidence is the model's probability.",
    ),
    "ev.rules": ("规则找到：“{where}”", "Found by the rules: “{where}”"),
    "ev.rules_sure": (
        "规则找到：“{where}”（第二意见：说到的可能 {p}）",
        "Found by the rules: “{where}” (second opinion: {p} likely said)",
    ),
    "ev.both": ("规则找到：“{where}”", "Found by the rules: “{where}”"),
    "ev.both_sure": (
        "规则找到：“{where}”，第二意见也认为说到了（把握 {p}）",
        "Found by the rules (“{where}”) and by the second opinion ({p} sure)",
    ),
    "ev.model": (
        "规则没有匹配到，第二意见认为已经说到（把握 {p}）",
        "No rule matched; the second opinion finds it said ({p} sure)",
    ),
    "ev.withdrawn": (
        "规则匹配到“{where}”，但第二意见认为并没有真正说到（说到的可能仅 {p}）",
        "The rules matched “{where}”, but the second opinion finds it not really said (only "
        "{p} likely)",
    ),
    "ev.none": ("规则没有找到", "Not found by the rules"),
    "ev.none_sure": (
        "规则没有找到，第二意见也没有（说到的可能 {p}）",
        "Found neither by the rules nor by the second opinion ({p} likely said)",
    ),
    "fb.tip": ("提示：{text}", "Tip: {text}"),
    "fb.rule_source": ("出处：{titles}", "From: {titles}"),
    "fb.recording_missing": (
        "录音文件找不到了：{path}（数据文件夹 {folder}）。放回原处后，下次启动会重新关联。",
        "The recording cannot be found: {path} (data folder {folder}). Put it back and it is "
        "linked again at the next start.",
    ),
    "fb.recording_changed": (
        "录音文件已被改动，与保存时不同：{path}（数据文件夹 {folder}）。",
        "The recording has changed since it was saved: {path} (data folder {folder}).",
    ),
    "fb.elements": ("必备要素", "Required elements"),
    "fb.delivery": ("声音表达（与标准对比）", "Delivery against the norm"),
    "fb.criteria": ("评分细则", "Score breakdown"),
    "fb.model_answer": ("规范话术", "Approved model answer"),
    "fb.play_answer": ("▶ 播放示范", "▶ Play model answer"),
    "fb.answer_not_rendered": ("示范录音尚未生成", "The model answer has not been recorded yet"),
    "fb.answer_quote": ("出处：{book}：「{quote}」", "From {book}: 「{quote}」"),
    "fb.answer_book": ("出处：{book}", "From {book}"),
    "fb.similarity": ("与你的回答相似度 {sim}", "Similarity to your reply: {sim}"),
    "crit.missing": ("缺少：{items}", "Missing: {items}"),
    "crit.all_present": ("{have}/{total} 项齐全", "all {have} of {total} present"),
    "crit.none": ("无", "none"),
    "crit.category_count": ("{name} {n} 处", "{name} ×{n}"),
    "crit.similarity": ("相似度 {pct}", "similarity {pct}"),
    "crit.delivery": ("{ok}/{total} 项达标", "{ok} of {total} within the norm"),
    "list.sep": ("、", ", "),
    "elements.or": (" 或 ", " or "),
    "measure.rate_cpm": ("语速（字/分）", "Rate (chars/min)"),
    "measure.latency_s": ("回应时间（秒）", "Latency (s)"),
    "measure.long_pauses": ("最长停顿（秒）", "Longest pause (s)"),
    "measure.loudness_dbfs": ("音量（dBFS）", "Loudness (dBFS)"),
    "measure.clipping_ratio": ("爆音比例", "Clipping"),
    "measure.fillers": ("语气词（次）", "Fillers"),
    "measure.pitch_std_semitones": ("语调起伏（半音）", "Pitch variation (st)"),
    "timing.too_soon": (
        "开口太快：这一句应先停顿约 {need} 秒，你在 {got} 秒后就开口了。",
        "Too soon: pause about {need} s first; you spoke after {got} s.",
    ),
    "timing.too_soon_tip": (
        "先停顿几秒，给客户说话的机会。",
        "Leave a few seconds for the caller.",
    ),
    "timing.too_late": (
        "回应太慢：应在 {limit} 秒内开口，你用了 {got} 秒。",
        "Too slow: answer within {limit} s; you took {got} s.",
    ),
    "timing.too_late_tip": (
        "客户说完后尽快回应，避免冷场。",
        "Answer promptly when the caller stops.",
    ),
    # summary
    "sum.retry_call": ("再练一次（R）", "Retry call (R)"),
    "sum.next_scenario": ("下一个场景（N）", "Next scenario (N)"),
    "sum.home": ("返回（Esc）", "Back (Esc)"),
    "sum.no_turns": ("这次通话没有作答。", "No replies in this call."),
    "sum.all_passed": ("{n} 轮全部通过", "All {n} turns passed"),
    "sum.some_failed": ("{total} 轮中有 {n} 轮未通过", "{n} of {total} turns not passed"),
    "sum.stopped": ("中途挂断", "hung up early"),
    "sum.turn_row": ("第 {n} 轮 · {score} 分 {mark}", "Turn {n} · {score} pts {mark}"),
    "sum.typed_short": ("打字", "typed"),
    "sum.not_saved": ("未保存", "not saved"),
    # history
    "hist.heading": ("历史记录", "History"),
    "hist.col_when": ("时间", "When"),
    "hist.col_scenario": ("场景", "Scenario"),
    "hist.col_mode": ("方式", "Mode"),
    "hist.col_score": ("得分", "Score"),
    "hist.col_turns": ("轮数", "Turns"),
    "hist.col_status": ("状态", "Status"),
    "hist.open": ("查看完整反馈（Enter）", "Open full feedback (Enter)"),
    "hist.play": ("▶ 录音", "▶ Recording"),
    "hist.empty": (
        "还没有练习记录。完成一次练习后，这里会显示成绩和图表。",
        "No attempts yet. Finish a practice call to see scores and charts here.",
    ),
    "hist.chart_scores": ("成绩变化", "Score over time"),
    "hist.chart_categories": ("最常见的问题类型", "Most frequent violation categories"),
    "hist.axis_attempt": ("第几次练习", "Attempt"),
    "hist.axis_score": ("得分", "Score"),
    "hist.axis_count": ("次数", "Count"),
    "mode.voice": ("语音", "voice"),
    "mode.typed": ("打字回复", "typed"),
    "mode.mixed": ("语音+打字", "mixed"),
    "status.completed": ("已完成", "completed"),
    "status.stopped": ("未完成", "unfinished"),
    "status.in_progress": ("进行中", "in progress"),
    "status.abandoned": ("已放弃", "abandoned"),
    # settings
    "set.heading": ("设置", "Settings"),
    "set.language": ("界面语言", "Interface language"),
    "set.mic": ("麦克风", "Microphone"),
    "set.refresh": ("刷新", "Refresh"),
    "set.output": ("播放设备", "Playback device"),
    "set.model": ("语音识别模型", "Speech model"),
    "set.model_base": ("内置 base 模型", "Bundled base model"),
    "set.model_small": ("small（需已下载）", "small (must be downloaded)"),
    "set.model_medium": ("medium（需已下载）", "medium (must be downloaded)"),
    "set.model_folder": ("本地模型文件夹", "Local model folder"),
    "set.browse": ("浏览…", "Browse…"),
    "set.data_dir": ("数据文件夹", "Data folder"),
    "set.default_folder": ("默认（用户数据目录）", "Default (per-user data folder)"),
    "set.default_folder_at": ("默认：{path}", "Default: {path}"),
    "set.data_in_use": ("正在使用的数据文件夹：{path}", "Data folder in use: {path}"),
    "set.auto_continue": (
        "免手动：回答通过后自动继续",
        "Hands-free: go on after a reply that passed",
    ),
    "set.seconds": (" 秒", " s"),
    "set.auto_off": ("关闭（按 N 继续）", "Off (press N)"),
    "set.save": ("保存", "Save"),
    "set.saved": ("已保存。", "Saved."),
    "set.note": (
        "更改数据文件夹后需重新启动程序才会生效；练习记录和录音保存在数据文件夹中。",
        "A new data folder takes effect after a restart; attempts and recordings are kept there.",
    ),
}

# Violation categories: (中文, English); "timing" is the app's own (turn timing notes).
CATEGORIES: dict[str, tuple[str, str]] = {
    "forbidden_word": ("禁用词", "Forbidden word"),
    "rhetorical": ("反问语气", "Rhetorical question"),
    "interrogating": ("质问语气", "Interrogating tone"),
    "commanding": ("命令语气", "Commanding tone"),
    "sarcastic": ("讽刺挖苦", "Sarcasm"),
    "shirking": ("推诿", "Shirking"),
    "filler": ("口头禅", "Filler words"),
    "impolite_address": ("称呼不礼貌", "Impolite address"),
    "missing_element": ("缺少要素", "Missing element"),
    "off_protocol": ("不合规范的做法", "Off protocol"),
    "delivery": ("声音表达", "Delivery"),
    "timing": ("时间节奏", "Timing"),
}

# Each feature keeps its strings in a module of its own; a key defined twice is a mistake
# (tests/app/test_app_english.py checks both languages of every key).
from simulator.app.strings_editor import EDITOR_STRINGS  # noqa: E402
from simulator.app.strings_exam import EXAM_STRINGS  # noqa: E402
from simulator.app.strings_heard import HEARD_STRINGS  # noqa: E402
from simulator.app.strings_people import PEOPLE_STRINGS  # noqa: E402
from simulator.app.strings_quiz import QUIZ_STRINGS  # noqa: E402
from simulator.app.strings_room import ROOM_STRINGS  # noqa: E402
from simulator.app.strings_trainer import TRAINER_STRINGS  # noqa: E402

for _feature in (
    PEOPLE_STRINGS,
    ROOM_STRINGS,
    EDITOR_STRINGS,
    EXAM_STRINGS,
    TRAINER_STRINGS,
    QUIZ_STRINGS,
    HEARD_STRINGS,
):
    STRINGS.update(_feature)
