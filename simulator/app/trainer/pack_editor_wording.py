"""The schema's problems worded in the UI language: the checks (pydantic and the catalog's)
say what is wrong in English; in Chinese the common ones are said in Chinese, anything else
is shown as it is (never hidden)."""

from __future__ import annotations

import re

from simulator.app.i18n import language

_ZH: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(pattern), zh)
    for pattern, zh in (
        (r"^Field required$", "必填"),
        (r"^Extra inputs are not permitted$", "不认识的字段"),
        (r"^Input should be greater than or equal to (\S+)$", r"应大于或等于 \1"),
        (r"^Input should be greater than (\S+)$", r"应大于 \1"),
        (r"^Input should be less than or equal to (\S+)$", r"应小于或等于 \1"),
        (r"^Input should be less than (\S+)$", r"应小于 \1"),
        (r"^Input should be a valid integer.*$", "应为整数"),
        (r"^Input should be a valid number.*$", "应为数字"),
        (r"^Input should be a valid string.*$", "应为文字"),
        (r"^Input should be a valid (list|tuple|array).*$", "应为一组值"),
        (r"^Tuple should have at (most|least) (\d+) items?.*$", r"应为 \2 个数"),
        (r"^String should have at least (\d+) characters?$", r"至少 \1 个字"),
        (r"^List should have at least (\d+) items? after validation.*$", r"至少要有 \1 项"),
        (r"^String should match pattern .*$", "格式不对（小写字母、数字和 -）"),
        (r"^Input should be (.+)$", r"应为 \1 之一"),
        (
            r"^unknown element '(.*)' \(see rules/elements\.yaml\)$",
            r"未知的要素“\1”（见 rules/elements.yaml）",
        ),
        (r"^scenario id '(.*)' is used twice$", r"情景编号 \1 已被使用"),
        (r"^pack id '(.*)' is used twice$", r"方案包编号 \1 已被使用"),
        (r"^Value error, duplicate turn ids in (.*)$", r"轮次编号重复：\1"),
        (
            r"^Value error, turn (\d+): next\.(\w+) = (\S+) is not a turn of this scenario$",
            r"第 \1 轮：next.\2 = \3 不是本情景的轮次",
        ),
    )  # fmt: skip
)


def problem_text(text: str) -> str:
    """One problem of a pack check in the UI language."""
    if language() == "en":
        return text
    for pattern, zh in _ZH:
        if pattern.match(text):
            return pattern.sub(zh, text)
    return text
