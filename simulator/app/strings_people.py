"""The user-visible strings of accounts, the self-assessment and quizzes: id → (简体中文,
English). Merged into ``strings.STRINGS``."""

from __future__ import annotations

PEOPLE_STRINGS: dict[str, tuple[str, str]] = {
    "nav.users": ("用户管理", "Users"),
    "role.trainee": ("学员", "Trainee"),
    "role.trainer": ("培训师", "Trainer"),
    "role.proctor": ("监考员", "Proctor"),
    "role.admin": ("管理员", "Administrator"),
    # the first administrator
    "admin.title": ("创建管理员账号", "Create the administrator account"),
    "admin.intro": (
        "这是本机第一次启动。请为管理员设置用户名和密码（没有默认密码）；"
        "管理员之后可以为学员、培训师和监考员创建账号。",
        "This is the first start on this PC. Choose the administrator's user name and password "
        "(there is no default password); the administrator then creates the accounts of "
        "trainees, trainers and proctors.",
    ),
    "admin.create": ("创建并登录", "Create and sign in"),
    "admin.quit": ("退出程序", "Quit"),
    "acct.username": ("用户名", "User name"),
    "acct.display_name": ("姓名", "Full name"),
    "acct.password": ("密码", "Password"),
    "acct.password_again": ("再次输入密码", "Password again"),
    "acct.password_hint": ("至少 8 位", "at least 8 characters"),
    "acct.mismatch": ("两次输入的密码不一致。", "The two passwords differ."),
    "acct.working": ("请稍候…", "Please wait…"),
    "acct.failed": ("无法完成：{msg}", "Could not do it: {msg}"),
    # sign-in
    "login.heading": ("登录", "Sign in"),
    "login.intro": (
        "这台电脑由多人共用：请用自己的账号登录，练习记录只属于你自己。",
        "This PC is shared: sign in with your own account; your practice history is yours alone.",
    ),
    "login.button": ("登录（Enter）", "Sign in (Enter)"),
    "login.empty": ("请输入用户名和密码。", "Enter your user name and password."),
    "login.switched": (
        "{name} 已退出登录。下一位请登录。",
        "{name} has signed out. Next person, please sign in.",
    ),
    "user.current": ("当前用户：{name}（{role}）", "Signed in: {name} ({role})"),
    "user.switch": ("切换用户", "Switch user"),
    "user.switch_in_call": (
        "通话进行中，不能切换用户。请先结束通话。",
        "A call is in progress: end it before switching user.",
    ),
    # the administrator's page
    "users.heading": ("用户管理", "Users"),
    "users.col_username": ("用户名", "User name"),
    "users.col_name": ("姓名", "Name"),
    "users.col_role": ("角色", "Role"),
    "users.col_status": ("状态", "Status"),
    "users.col_last": ("上次登录", "Last sign-in"),
    "users.active": ("正常", "active"),
    "users.disabled": ("已停用", "disabled"),
    "users.locked": ("已锁定至 {when}", "locked until {when}"),
    "users.never": ("从未登录", "never"),
    "users.new": ("新建用户", "New user"),
    "users.role": ("角色", "Role"),
    "users.create": ("创建用户", "Create user"),
    "users.created": ("已创建用户 {name}。", "User {name} created."),
    "users.selected": ("选中的用户", "Selected user"),
    "users.none_selected": ("请先在表格中选择一个用户。", "Select a user in the table first."),
    "users.disable": ("停用", "Disable"),
    "users.enable": ("启用", "Enable"),
    "users.disabled_done": ("已停用 {name}。", "{name} is disabled."),
    "users.enabled_done": ("已启用 {name}。", "{name} is enabled again."),
    "users.new_password": ("新密码", "New password"),
    "users.reset": ("重设密码", "Reset password"),
    "users.reset_done": ("已为 {name} 重设密码。", "The password of {name} was reset."),
    "users.history": ("升级前的练习记录", "Practice history from before accounts"),
    "users.history_n": (
        "本机有 {n} 条练习记录来自启用账号之前，不属于任何人。请选择把它们交给哪个账号（不会删除）。",
        "{n} practice attempt(s) on this PC date from before accounts and belong to nobody. "
        "Choose the account to give them to (nothing is deleted).",
    ),
    "users.history_none": (
        "没有启用账号之前的练习记录。",
        "There is no practice history from before accounts.",
    ),
    "users.assign_to": ("交给", "Give to"),
    "users.assign": ("移交记录", "Give the history"),
    "users.assigned": ("已把 {n} 条练习记录交给 {name}。", "{n} attempt(s) given to {name}."),
    "users.load_failed": ("无法读取用户列表：{msg}", "Cannot read the users: {msg}"),
    # self-assessment (seed 002)
    "nav.selfcheck": ("服务素质自测", "Self-assessment"),
    "self.heading": ("客服人员服务素质自测", "Service aptitude self-assessment"),
    "self.intro": (
        "每一行在两句话之间打分：越接近左边的说法打分越高（10），越接近右边越低（1）。"
        "十行都选好后提交，得出总分（10–100）。",
        "For each line, score yourself between the two statements: the closer to the left one, "
        "the higher (10); the closer to the right one, the lower (1). Answer all ten lines, "
        "then submit for your total (10–100).",
    ),
    "self.source": ("出自培训资料：{title}", "From the training manual: {title}"),
    "self.answered": ("已回答 {n}/{total} 行", "{n} of {total} lines answered"),
    "self.submit": ("提交自测", "Submit"),
    "self.again": ("再测一次", "Take it again"),
    "self.result": ("你的总分", "Your total"),
    "self.total": ("{total} 分", "{total} points"),
    "self.bands": ("分数段", "Bands"),
    "self.band_range": ("{lo}–{hi} 分：{title}", "{lo}–{hi} points: {title}"),
    "self.no_result": (
        "提交后这里显示总分、所在分数段和建议。",
        "Your total, band and advice appear here after you submit.",
    ),
    "self.history": ("历次自测", "Your past results"),
    "self.axis_take": ("第几次自测", "Take"),
    "self.axis_total": ("总分", "Total"),
    "self.history_empty": ("还没有自测记录。", "No results yet."),
    "self.history_row": ("{when}　{total} 分　{band}", "{when}   {total} points   {band}"),
    "self.failed": ("自测未能保存：{msg}", "The self-assessment was not saved: {msg}"),
    "self.load_failed": ("无法读取自测：{msg}", "Cannot read the self-assessment: {msg}"),
}
