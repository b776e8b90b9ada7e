"""The user-visible strings of the exam screens (the candidate's exams and full-screen exam,
the proctor's page, results and certificates) and the users page's role change: id →
(简体中文, English). Merged into ``strings.STRINGS``."""

from __future__ import annotations

EXAM_STRINGS: dict[str, tuple[str, str]] = {
    "nav.exams": ("认证考试", "Exams"),
    "nav.proctor": ("监考", "Proctoring"),
    "nav.results": ("考试成绩", "Exam results"),
    # the candidate's exams page
    "exam.list_title": ("我的认证考试", "My certification exams"),
    "exam.list_intro": (
        "监考员为你报名并核对证件、授权后，才能开始考试。考试全屏进行，不提供提示、重答或即时反馈；"
        "每个答案在你离开该题时立即保存。",
        "An exam starts only after the proctor has booked you, checked your ID and authorised "
        "the attempt. It runs full-screen with no hints, retries or instant feedback; each "
        "answer is saved the moment you leave its item.",
    ),
    "exam.col_exam": ("考试", "Exam"),
    "exam.col_state": ("状态", "State"),
    "exam.col_left": ("剩余时间", "Time left"),
    "exam.col_note": ("说明", "Note"),
    "exam.note_awaiting": ("等待监考员授权", "waiting for the proctor's authorisation"),
    "exam.note_authorised": ("已授权，可以开始", "authorised: you may start"),
    "exam.note_resume": (
        "考试中断，需监考员 PIN 继续",
        "interrupted: the proctor's PIN resumes it",
    ),
    "exam.start": ("开始考试", "Start the exam"),
    "exam.starting": ("正在开始考试…", "Starting the exam…"),
    "exam.pin_note": (
        "程序意外关闭后，本场考试需由监考员输入用户名和 PIN 才能继续；已保存的答案都在，"
        "剩余时间为时限减去此前已用的时间。",
        "After the program closed unexpectedly, the proctor's user name and PIN resume this "
        "exam; every saved answer is still there and the time left is the limit minus the time "
        "used before.",
    ),
    "exam.proctor_name": ("监考员用户名", "Proctor's user name"),
    "exam.pin": ("PIN", "PIN"),
    "exam.resume_pin": ("输入 PIN 继续考试", "Resume with the PIN"),
    "exam.pin_empty": ("请监考员输入用户名和 PIN。", "The proctor enters their user name and PIN."),
    # the exam screen
    "exam.item_n": ("第 {n} 题", "Item {n}"),
    "exam.position": ("第 {n} 题 / 共 {total} 题", "Item {n} of {total}"),
    "exam.prev": ("上一题", "Previous"),
    "exam.next": ("保存并下一题", "Save and next"),
    "exam.finish": ("交卷…", "Finish…"),
    "exam.confirm_finish": (
        "交卷后不能再修改任何答案（还有 {n} 题未作答）。确定交卷吗？",
        "After finishing no answer can be changed ({n} item(s) unanswered). Finish now?",
    ),
    "exam.confirm_yes": ("确定交卷", "Finish the exam"),
    "exam.confirm_no": ("继续作答", "Keep answering"),
    "exam.saving": ("正在保存答案…", "Saving the answer…"),
    "exam.saved": ("第 {n} 题的答案已保存。", "The answer to item {n} is saved."),
    "exam.not_saved": (
        "答案未保存：{msg}。请立即举手告知监考员，并再试一次。",
        "The answer was NOT saved: {msg}. Tell the proctor now and try again.",
    ),
    "exam.submitting": ("正在交卷…", "Handing in…"),
    "exam.oral_prompt": (
        "口试题：先播放来电，再按“开始回答”用普通话回应客户，说完按“结束回答”。"
        "可以重新录音，最后一次录音为准。",
        "Oral item: play the caller's line, press \u201cAnswer\u201d and reply to the caller, "
        "then press \u201cDone\u201d. You may record again; the last recording counts.",
    ),
    "exam.play_caller": ("播放来电", "Play the caller"),
    "exam.record": ("开始回答（录音）", "Answer (record)"),
    "exam.stop_record": ("结束回答", "Done"),
    "exam.playing": ("正在播放来电…", "The caller is speaking…"),
    "exam.oral_ready": ("请开始回答。", "Your turn: answer the caller."),
    "exam.recording": ("正在录音…", "Recording…"),
    "exam.oral_none": ("尚未录音。", "Not recorded yet."),
    "exam.oral_saved": ("录音已保存。", "The recording is saved."),
    "exam.oral_failed": (
        "录音未保存，请重新录音并告知监考员。",
        "The recording was NOT saved: record again and tell the proctor.",
    ),
    "exam.no_speech": ("没有听到声音，请重新录音。", "Nothing was heard: record again."),
    "exam.mic_failed": (
        "麦克风出错：{msg}。请告知监考员。",
        "The microphone failed: {msg}. Tell the proctor.",
    ),
    "exam.paused": (
        "考试已由监考员暂停，计时已停止。\n请等待监考员继续。",
        "The proctor has paused the exam; the clock is stopped.\nWait for the proctor to "
        "resume it.",
    ),
    "exam.closed_title": ("考试已结束", "The exam is over"),
    "exam.closed_submitted": (
        "你已交卷，所有答案均已保存。成绩经评分封存后，可在“考试成绩”页查看。",
        "You have handed in; every answer is saved. Your result appears on the "
        "\u201cExam results\u201d page once it is graded and sealed.",
    ),
    "exam.closed_time_up": (
        "考试时间已到，已按保存的答案自动交卷。",
        "Time is up: the exam was handed in with the saved answers.",
    ),
    "exam.closed_terminated": (
        "监考员终止了本场考试（原因：{reason}）。",
        "The proctor terminated this exam (reason: {reason}).",
    ),
    "exam.closed_late": (
        "{n} 个超时提交的答案未被接受。",
        "{n} answer(s) handed in too late were not accepted.",
    ),
    "exam.leave": ("离开考试界面", "Leave the exam screen"),
    "exam.stay_full": ("考试期间不能退出全屏。", "The exam stays full-screen until it is over."),
    "exam.switch_refused": (
        "考试进行中，不能切换用户；交卷或由监考员终止后才能切换。",
        "An exam is in progress: switching user is refused until it is handed in or "
        "terminated by the proctor.",
    ),
    # the proctor at the candidate's seat
    "exam.proctor_button": ("监考员操作", "Proctor"),
    "exam.proctor_note": (
        "监考员在此输入自己的用户名和密码，可暂停、继续、加时或终止本场考试（加时和终止须填写原因）。",
        "The proctor enters their own user name and password here to pause, resume, add time "
        "or terminate this exam (added time and termination need a reason).",
    ),
    "exam.proctor_go": ("执行", "Do it"),
    "exam.minutes_suffix": (" 分钟", " min"),
    "exam.reason": ("原因", "Reason"),
    "exam.act_pause": ("暂停", "Pause"),
    "exam.act_resume": ("继续", "Resume"),
    "exam.act_add_time": ("加时", "Add time"),
    "exam.act_terminate": ("终止", "Terminate"),
    "exam.act_cancel": ("取消报名", "Cancel"),
    "exam.done_pause": ("已暂停，计时已停止。", "Paused: the clock is stopped."),
    "exam.done_resume": ("已继续。", "Resumed."),
    "exam.done_add_time": ("已加时（原因已记录）。", "Time added (the reason is kept)."),
    "exam.done_terminate": (
        "已终止并按已保存的答案评分。",
        "Terminated and graded from the saved answers.",
    ),
    "exam.done_cancel": ("已取消。", "Cancelled."),
    # the proctor's page
    "proctor.title": ("监考", "Proctoring"),
    "proctor.book": ("报名：", "Book:"),
    "proctor.register": ("为考生报名", "Book the candidate"),
    "proctor.refresh": ("刷新", "Refresh"),
    "proctor.updated": ("更新于 {at}（每 {s} 秒自动刷新）", "Updated {at} (refreshes every {s} s)"),
    "proctor.read_failed": (
        "考试列表读取失败：{msg}。页面显示的是上次读到的内容，{s} 秒后自动重试。",
        "The exams could not be read: {msg}. The page shows what was last read; it tries "
        "again in {s} s.",
    ),
    "proctor.col_candidate": ("考生", "Candidate"),
    "proctor.col_used": ("已用时间", "Time used"),
    "proctor.col_booked": ("报名时间", "Booked"),
    "proctor.authorise_label": ("核对证件后授权：", "Check the ID, then authorise:"),
    "proctor.name": ("证件上的姓名", "Name on the ID"),
    "proctor.id_number": ("证件号码", "ID number"),
    "proctor.checked": ("已核对证件与本人", "ID checked against the person"),
    "proctor.authorise": ("授权开考", "Authorise"),
    "proctor.registered": ("已报名，请核对证件后授权。", "Booked: check the ID and authorise."),
    "proctor.authorised": ("已授权，考生可以开始考试。", "Authorised: the candidate may start."),
    "proctor.pin_label": (
        "我的恢复 PIN（6–12 位数字）：考试意外中断后，凭监考员用户名和 PIN 继续。",
        "My resume PIN (6–12 digits): after a crash, an exam resumes with a proctor's user "
        "name and PIN.",
    ),
    "proctor.pin_again": ("再次输入 PIN", "PIN again"),
    "proctor.set_pin": ("设置 PIN", "Set the PIN"),
    "proctor.pin_set": ("PIN 已设置。", "The PIN is set."),
    "proctor.pin_mismatch": ("两次输入的 PIN 不一致。", "The two PINs differ."),
    # results
    "results.title": ("考试成绩与证书", "Exam results and certificates"),
    "results.intro_own": (
        "这里是你已评分封存的考试成绩。通过考试后，监考员签发的证书也在这里。",
        "Your graded and sealed exam results. Once you pass, the certificate the proctor "
        "issues is here too.",
    ),
    "results.intro_staff": (
        "所有已封存的考试成绩，含分主题得分、口试转写与违规项；通过的考试可签发证书。",
        "Every sealed result with per-topic scores, the oral transcripts and violations; a "
        "passed exam can be given its certificate.",
    ),
    "results.col_date": ("日期", "Date"),
    "results.col_total": ("总分", "Total"),
    "results.col_passed": ("结果", "Result"),
    "results.passed": ("合格", "passed"),
    "results.failed": ("不合格", "not passed"),
    "results.summary": (
        "总分 {total}（合格线 {mark}）· 笔试 {written} · 口试 {oral}",
        "Total {total} (pass mark {mark}) · written {written} · oral {oral}",
    ),
    "results.end": (
        "结束方式：{reason} · 加时 {extra} 分钟",
        "Ended: {reason} · time added {extra} min",
    ),
    "results.reason_submitted": ("考生交卷", "handed in by the candidate"),
    "results.reason_time_up": ("时间到自动交卷", "handed in at time-up"),
    "results.reason_abandoned": ("中断超时后关闭", "closed after an interruption ran too long"),
    "results.reason_terminated": ("监考员终止（{reason}）", "terminated by the proctor ({reason})"),
    "results.per_topic": ("分主题得分：", "Per topic:"),
    "results.oral": ("口试：", "Oral part:"),
    "results.oral_item": ("  第 {n} 题 {item}：{score} 分", "  Item {n} {item}: {score}"),
    "results.heard": ("转写：{text}", "heard: {text}"),
    "results.recording": ("录音：{path}", "recording: {path}"),
    "results.violation": ("违规：{text}（{category}）", "violation: {text} ({category})"),
    "rerate.label": ("口试复评", "Second rating"),
    "rerate.item": ("第 {n} 题（评分器 {score} 分）", "Item {n} (grader {score})"),
    "rerate.passed": ("通过", "Passed"),
    "rerate.reason": ("必填：复评理由", "Required: the reason"),
    "rerate.submit": ("提交复评", "Submit rating"),
    "rerate.saved": (
        "第 {n} 题的复评已保存，两次评分都保留。",
        "Item {n}'s second rating is saved; both ratings are kept.",
    ),
    "rerate.line": (
        "复评 第 {n} 题：{score} 分，{passed}（{rater}，{at}）：{reason}",
        "Second rating, item {n}: {score}, {passed} ({rater}, {at}): {reason}",
    ),
    "results.adjustment": ("加时 {minutes} 分钟：{reason}", "Time added {minutes} min: {reason}"),
    "results.own_detail": ("你的总分：{total}", "Your total: {total}"),
    # certificates
    "cert.title": ("证书", "Certificate"),
    "cert.none": ("尚未签发证书。", "No certificate issued yet."),
    "cert.facts": (
        "证书编号 {number}\n{candidate}\n{exam}\n{date} · {score} 分\n核验码 {code}",
        "Certificate No. {number}\n{candidate}\n“{exam}”\n{date} · score {score}\n"
        "Verification code {code}",
    ),
    "cert.issue": ("签发证书", "Issue the certificate"),
    "cert.issued": ("已签发证书 {number}。", "Certificate {number} issued."),
    "cert.save_pdf": ("保存 PDF…", "Save the PDF…"),
    "cert.saved": ("证书 PDF 已保存到 {path}。", "The certificate PDF is saved to {path}."),
    "cert.verify_label": ("核验证书：", "Verify a certificate:"),
    "cert.code": ("核验码或二维码内容", "Verification code or QR text"),
    "cert.verify_code": ("核验", "Verify"),
    "cert.verify_file": ("选择证书文件…", "Choose a certificate file…"),
    "cert.file_filter": ("证书 (*.pdf *.json)", "Certificates (*.pdf *.json)"),
    "cert.genuine": (
        "真实证书：编号 {number}，{candidate}，{exam}，{date}，{score} 分（{passed}）。",
        "Genuine certificate No. {number}: {candidate}, “{exam}”, {date}, score {score} ({passed}).",
    ),
    "cert.not_genuine": ("不是真实证书：{problem}", "NOT a genuine certificate: {problem}"),
    # the users page: changing a role
    "users.change_role": ("改为此角色", "Change the role"),
    "users.role_done": ("{name} 的角色已改为{role}。", "The role of {name} is now {role}."),
}
