"""A limit on time or manner followed by the agent's next step is not a shut-out.

“没办法” alone tells the caller nothing can be done (000 常见禁用语, 001 “没法查！没办法！”). Said of
*how* or *when* only — 没办法马上上门, 没办法直接出站, 没办法免费托运, 没办法再进站 — and followed in a
later clause by what the agent does instead or when it will be done (我已经给您登记了加急, 明天上午
我们第一家就给您安排, 一般五个工作日到账，到账会短信提醒您), it is 001's 婉拒说明: “暂时不能帮您
转接。您的问题我会做详细的记录，稍后会转相关部门处理”, and 000's “我们会在XX小时/天内给您答复”.
A limit with nothing after it (没办法马上处理。), or with only the caller sent elsewhere (您自己去网上
办), stays a violation.
"""

from __future__ import annotations

from functools import lru_cache

from simulator.core.clauses import Analysis
from simulator.core.normalize import Normalized
from simulator.core.patterns import CompiledPattern, compile_pattern

# The words right after the limiting phrase that make it a limit of time or manner, not of
# the whole request (没办法 + 马上/直接/免费/再 …).
LIMITS = tuple("马上 立即 立刻 立马 直接 当场 当天 免费 再 一下子 现场".split())

# The agent's next step, in a clause after the limit: what I/we do (我已经给您登记, 我们会在…完成,
# 我每隔五分钟帮您打, 可以安排, 明天一早就给您安排), when it will be done (预计周三, 五个工作日
# 左右), or that the caller will be told (到账会短信提醒您, 第一时间通知您).
_NEXT_STEP = (
    "(我|我们|我这边|咱们)(会|先|可以|已经|马上|每|第一时间|提前|当天|这边|帮|给|同时|随时|一定|来)",
    "(可以|能)(先|安排|帮您|给您|为您)",
    "(给|为|帮)您(安排|办理|处理|登记|联系|预约|改签|预留|申请|跟进|催办|加急)",
    "(通知|提醒|联系|告知|回复|答复|告诉)您",
    "预计",
    "(工作日|小时|天)(内|之内|以内|左右)",
)


@lru_cache(maxsize=1)
def _next_step() -> tuple[CompiledPattern, ...]:
    return tuple(compile_pattern(p) for p in _NEXT_STEP)


def limit_with_next_step(text: Normalized, an: Analysis, span: tuple[int, int]) -> bool:
    """The match is followed at once by a limiting word (马上, 直接 …) and a later clause says
    the agent's next step."""
    if not text.chars.startswith(LIMITS, span[1]):
        return False
    clause_end = an.clause_at(span[0])[1]
    return any(s >= clause_end for p in _next_step() for s, _ in p.spans(text))
