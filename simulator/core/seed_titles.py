"""The titles of the training manuals (../shared/seeds/), shown beside a quoted passage."""

from __future__ import annotations

SEED_TITLES: dict[str, tuple[str, str]] = {
    "000_f5f53003cce702ee.txt": (
        "中国电信客服代表营销服务及技能认证培训教材",
        "China Telecom agent service and skills certification manual",
    ),
    "001_ab75b4677eacef2d.txt": (
        "呼叫中心设计与规范（含 12345 政府服务热线服务用语）",
        "Call-centre design and standards (with the 12345 hotline's phrasings)",
    ),
    "002_7fd5fb1ffe6b249b.txt": (
        "客户服务人员技能基础与服务意识",
        "Customer-service skills and service attitude",
    ),
    "003_e98f4ad5f807b8b3.txt": (
        "客服常用话术 SOP 及应对技巧",
        "Common agent phrasings (SOP) and how to respond",
    ),
    "004_f8856a91b075e821.txt": (
        "95598 客户服务的沟通技巧",
        "Communication skills of the 95598 customer service",
    ),
}


def seed_title(source: str) -> tuple[str, str]:
    """(Chinese, English) title of a seed file; the file name itself when it is not known."""
    return SEED_TITLES.get(source, (source, source))
