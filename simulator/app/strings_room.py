"""The user-visible strings of the training room: the settings page's link to the centre and
the proctor console: id → (简体中文, English). Merged into ``strings.STRINGS``."""

from __future__ import annotations

ROOM_STRINGS: dict[str, tuple[str, str]] = {
    "nav.room": ("考场监控", "Proctoring"),
    # the settings page: this seat and its centre
    "sync.heading": ("培训中心", "Training centre"),
    "sync.standalone": (
        "本座席未加入培训中心，练习和考试只保存在本机。",
        "This seat has not joined a training centre: practice and exams stay on this PC.",
    ),
    "sync.joined": (
        "已加入：{centre}（{url}），本座席名为 {seat}",
        "Joined {centre} ({url}) as seat {seat}",
    ),  # fmt: skip
    "sync.last_sync": ("上次同步：{when}", "Last sync: {when}"),
    "sync.never": ("尚未同步成功", "not synced yet"),
    "sync.queued_none": ("没有待上传的记录", "No records waiting to be sent"),
    "sync.queued": ("待上传记录：{n} 条（{tables}）", "Records waiting to be sent: {n} ({tables})"),
    "sync.rejected": (
        "中心拒收的记录：{n} 条（保留在本机，请联系管理员）",
        "Records the centre refused: {n} (kept on this PC; tell an administrator)",
    ),
    "sync.error": ("同步出错（{when}）：{msg}", "Sync failed ({when}): {msg}"),
    "sync.ok": ("连接正常", "Connected"),
    # what a seat's queued records are, in words (simulator/sync/registry.py's tables)
    "sync.t.users": ("账号", "accounts"),
    "sync.t.attempts": ("练习", "practice calls"),
    "sync.t.turns": ("答题轮次", "replies"),
    "sync.t.violations": ("扣分项", "rule findings"),
    "sync.t.self_assessments": ("自测", "self-assessments"),
    "sync.t.quiz_sessions": ("测验", "quizzes"),
    "sync.t.quiz_answers": ("测验答案", "quiz answers"),
    "sync.t.drill_answers": ("复习练习", "drill answers"),
    "sync.t.review_cards": ("复习卡片", "review cards"),
    "sync.t.review_log": ("复习记录", "reviews"),
    "sync.t.exam_attempts": ("考试", "exams"),
    "sync.t.exam_answers": ("考试答案", "exam answers"),
    "sync.t.exam_time_adjustments": ("考试加时", "added exam time"),
    "sync.t.exam_results": ("考试成绩", "exam results"),
    "sync.t.exam_ratings": ("考试评分", "exam ratings"),
    "sync.t.certificates": ("证书", "certificates"),
    "sync.t.proctor_commands": ("监考指令", "proctor commands"),
    "sync.t.recording_consents": ("录音同意", "recording consents"),
    "sync.t.recording_deletions": ("录音删除", "recording deletions"),
    "sync.t.groups": ("学员组", "groups"),
    "sync.t.group_members": ("组成员", "group members"),
    "sync.t.assignments": ("布置的任务", "assignments"),
    "sync.t.overrides": ("评分复核", "grading overrides"),
    "sync.t.calibration_sets": ("校准集", "calibration sets"),
    "sync.t.calibration_items": ("校准题", "calibration items"),
    "sync.t.calibration_grades": ("校准评分", "calibration grades"),
    "sync.t.audit": ("审计日志", "audit entries"),
    "sync.now": ("立即同步", "Sync now"),
    "sync.running": ("正在同步…", "Syncing…"),
    "sync.done": (
        "同步完成：上传 {pushed} 条，下载 {pulled} 条",
        "Synced: {pushed} sent, {pulled} received",
    ),
    "sync.failed": (
        "同步未完成：记录保留在本机，稍后自动重试。",
        "The sync did not get through: the records stay on this PC and it tries again by itself.",
    ),
    "sync.join_heading": ("加入培训中心", "Join a training centre"),
    "sync.join_note": (
        "向中心管理员索取加入码（一次有效）。本机无需数据库密码。",
        "Ask the centre's administrator for an enrolment code (valid once). No database "
        "password is typed on this PC.",
    ),
    "sync.url": ("中心地址", "Centre address"),
    "sync.code": ("加入码", "Enrolment code"),
    "sync.seat_name": ("座席名称（可选）", "Seat name (optional)"),
    "sync.join": ("加入", "Join"),
    "sync.joining": ("正在加入…", "Joining…"),
    "sync.joined_done": ("已加入 {centre}，本座席名为 {seat}", "Joined {centre} as seat {seat}"),
    "sync.join_failed": ("未能加入：{msg}", "Could not join: {msg}"),
    "sync.need_url_code": ("请填写中心地址和加入码。", "Give the centre's address and the code."),
    "sync.admin_only": (
        "只有管理员可以让本座席加入培训中心。",
        "Only an administrator can join this seat to a centre.",
    ),  # fmt: skip
    "sync.unreadable": ("无法读取同步状态：{msg}", "The sync state cannot be read: {msg}"),
    # the proctor console
    "room.heading": ("考场监控", "Proctor console"),
    "room.summary": (
        "{seats} 个座席 · {exams} 场考试 · 中心时间 {at}",
        "{seats} seats · {exams} exams · centre time {at}",
    ),  # fmt: skip
    "room.refresh": ("刷新", "Refresh"),
    "room.loading": ("正在读取考场…", "Reading the room…"),
    "room.not_joined": (
        "本座席尚未加入培训中心：考场监控需要先在“设置”中加入中心。",
        "This seat has not joined a training centre: join one in Settings to proctor the room.",
    ),
    "room.failed": ("无法读取考场：{msg}", "The room cannot be read: {msg}"),
    "room.empty": ("考场里暂时没有考试。", "No exams in the room right now."),
    "room.col_candidate": ("考生", "Candidate"),
    "room.col_seat": ("座席", "Seat"),
    "room.col_state": ("状态", "Status"),
    "room.col_left": ("剩余时间", "Time left"),
    "room.col_answered": ("已答", "Answered"),
    "room.col_heartbeat": ("最后心跳", "Last heartbeat"),
    "room.ago": ("{s} 秒前", "{s} s ago"),
    "room.ago_min": ("{m} 分钟前", "{m} min ago"),
    "room.alert": (
        "⚠ 座席 {seat} 已 {s} 秒没有响应（考生 {name}）",
        "⚠ Seat {seat} has not reported for {s} s (candidate {name})",
    ),
    "room.reason": ("原因", "Reason"),
    "room.reason_hint": ("加时和终止必须填写原因", "Added time and termination need a reason"),
    "room.minutes": (" 分钟", " min"),
    "room.pause": ("暂停", "Pause"),
    "room.resume": ("继续", "Resume"),
    "room.add_time": ("加时", "Add time"),
    "room.terminate": ("终止考试", "Terminate"),
    "room.pick": ("请先在表中选择一场考试。", "Select an exam in the table first."),
    "room.need_reason": ("请填写原因。", "Give the reason."),
    "room.sent": (
        "已发出“{kind}”（{name}）：座席下次同步时执行",
        "“{kind}” sent ({name}): the seat applies it at its next sync",
    ),
    "room.cmd_failed": ("指令未发出：{msg}", "The command was not sent: {msg}"),
    "room.pending": ("待执行指令：{n} 条", "Commands waiting for their seat: {n}"),
    "room.state.awaiting": ("待核验", "Awaiting check"),
    "room.state.authorised": ("已核验", "Authorised"),
    "room.state.active": ("考试中", "In progress"),
    "room.state.paused": ("已暂停", "Paused"),
    "room.state.interrupted": ("已中断", "Interrupted"),
    "room.state.finished": ("已交卷", "Finished"),
    "room.state.terminated": ("已终止", "Terminated"),
    "room.state.cancelled": ("已取消", "Cancelled"),
    "room.state.graded": ("已评分", "Graded"),
    "room.state.sealed": ("已封存", "Sealed"),
    # where a trainer's page got its data (simulator/app/room/views/source.py)
    "src.centre": ("数据来源：全中心（所有座席）", "Data from: the whole centre (every seat)"),
    "src.centre_as_of": (
        "数据来源：全中心（所有座席），汇总于 {when}",
        "Data from: the whole centre (every seat), summed up at {when}",
    ),
    "src.local": ("数据来源：本机（仅本座席）— {reason}", "Data from: this seat only — {reason}"),
    # the team dashboard as the centre sums it up
    "cdash.summary": (
        "全中心：{n} 次练习 · {trainees} 名学员 · {seats} 个座席",
        "Whole centre: {n} practice calls · {trainees} trainees · {seats} seats",
    ),
    "cdash.col_trainee": ("学员", "Trainee"),
    "cdash.col_attempts": ("练习次数", "Calls"),
    "cdash.col_average": ("平均分", "Mean score"),
    "cdash.col_pass_rate": ("通过率", "Pass rate"),
    "cdash.col_last": ("最近练习", "Last call"),
    "cdash.nobody": ("（未登录的练习）", "(practice without an account)"),
    # the review page's attempts from every seat
    "rev.col_seat": ("座席", "Seat"),
    "rev.seat_here": ("本机", "this seat"),
    "rev.seat_other": ("其他座席 {id}", "another seat {id}"),
    "rev.remote_opened": (
        "这次练习在其他座席（{seat}）完成，已从培训中心读取；在这里改判会同步到中心和该座席。",
        "This call was made on another seat ({seat}) and was read from the training centre; "
        "an override made here goes to the centre and to that seat.",
    ),
    "rev.remote_stale": (
        "培训中心暂时无法连接，显示的是本机之前从中心读取的副本：{why}",
        "The training centre cannot be reached: this is the copy read from it earlier. {why}",
    ),
    "rev.recording_at_centre": (
        "录音保存在培训中心和完成练习的座席，不在本机（打字回答则没有录音）。",
        "The recording is kept at the training centre and on the seat of the call, not on "
        "this seat (a typed reply has none).",
    ),
    # the settings page's list of records the centre refused
    "sync.refused_show": ("查看拒收记录", "Show refused records"),
    "sync.refused_hide": ("收起拒收记录", "Hide refused records"),
    "sync.refused_col_kind": ("类型", "Kind"),
    "sync.refused_col_id": ("记录", "Record"),
    "sync.refused_col_when": ("时间", "When"),
    "sync.refused_col_reason": ("原因", "Reason"),
    "sync.refused_admin": (
        "拒收记录的明细只有管理员可以查看。",
        "Only an administrator can see the refused records one by one.",
    ),
    # an account disabled at the centre while signed in here
    "room.disabled_out": (
        "{name} 的账号已在培训中心停用，已退出登录。其记录都保留在本机，并按规则上传中心。",
        "{name}'s account was disabled at the training centre and has been signed out. "
        "Everything recorded is kept on this PC and sent to the centre as the rules say.",
    ),
    "room.disabled_later": (
        "此账号已在培训中心停用：当前通话或考试结束后将自动退出登录，记录都会保留。",
        "This account was disabled at the training centre: it is signed out when the call or "
        "exam in progress ends; everything recorded is kept.",
    ),
}
