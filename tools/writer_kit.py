"""Build the kit an independent set writer gets: the situations, the categories, the task.

A fresh labelled set is measured honestly only if its writer never saw the rules, the model or
earlier misses. The kit holds what a writer may see and nothing else: each scenario turn's
situation (the caller's line, the coach's hint, the elements the turn asks for, the wrong moves
the pack lists, described in words, never as patterns), the definitions of the fault categories
and the required elements, and a task for one kind of set. The seeds are read from
../shared/seeds (or seeds/) directly by the writer.

    python tools/writer_kit.py --out /work/writers/ar --kind replies --prefix AR --count 300
    python tools/writer_kit.py --out /work/writers/at --kind phrases --prefix AT --count 240

Kinds: replies (any turn), long (15-25 s replies to later turns), short (replies to first
turns), phrases (published service phrases from other sectors).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PACKS = ROOT / "scenarios" / "packs"
ELEMENTS = ROOT / "scenarios" / "rules" / "elements.yaml"
POLICY = ROOT / "scenarios" / "rules" / "policy.yaml"

# Alphabetical, so the list's order does not suggest which fault a writer should name first.
CATEGORY_ORDER = sorted(
    [
        "commanding",
        "filler",
        "forbidden_word",
        "impolite_address",
        "interrogating",
        "missing_element",
        "off_protocol",
        "rhetorical",
        "sarcastic",
        "shirking",
    ]
)
MISSING_ELEMENT = (
    "回复缺少本轮要求的必备要素（例如该致歉没致歉、该承诺时限没承诺），但没有别的毛病。"
)


def situations_md() -> str:
    """Every scenario turn as a writer needs it: no patterns, no model answers."""
    out = ["# 情景 / Situations", ""]
    out.append(
        "每个情景列出来电人每一轮说的话、教练提示、这一轮要求的必备要素，以及本轮列明的错误做法（off_protocol）。"
    )
    out.append("")
    for pack_file in sorted(PACKS.glob("*.yaml")):
        pack = yaml.safe_load(pack_file.read_text(encoding="utf-8"))
        out.append(f"## 题包 {pack['pack']}：{pack['title']}")
        out.append("")
        for sc in pack["scenarios"]:
            out.append(
                f"### scenario: `{sc['id']}` — {sc['title']}（热线 {sc.get('hotline', '')}）"
            )
            out.append("")
            out.append(sc["summary"])
            out.append("")
            out.append(f"来源：{', '.join(sc.get('source', []))}")
            out.append("")
            for turn in sc["turns"]:
                out.append(f"- **turn {turn['id']}** 来电人：「{turn['caller']['text']}」")
                if turn.get("hint"):
                    out.append(f"  - 提示：{turn['hint']}")
                required = turn.get("required") or []
                out.append(f"  - 必备要素：{'、'.join(required) if required else '（无）'}")
                for move in turn.get("off_protocol") or []:
                    out.append(f"  - 列明的错误做法：{move['explanation']}")
            out.append("")
    return "\n".join(out) + "\n"


def categories_md() -> str:
    """The fault categories and the required elements, in words."""
    policy = yaml.safe_load(POLICY.read_text(encoding="utf-8"))
    notes = policy["opinion"]["notes"]
    out = ["# 类别 / Categories", ""]
    out.append("不合格回复的 category 取下列之一（合格回复 category 为 null）：")
    out.append("")
    for cat in CATEGORY_ORDER:
        text = MISSING_ELEMENT if cat == "missing_element" else notes[cat]["explanation"]
        out.append(f"- `{cat}`：{text}")
    out.append(
        "- 说明：`off_protocol` 包括本轮“列明的错误做法”以及同样违反该情景规范的处理方式。"
        "一条回复同时有几种毛病时，标注你作为培训师会首先指出的主要毛病；列表按字母排序，顺序不代表轻重。"
    )
    out.append("")
    out.append("# 必备要素 / Required elements")
    out.append("")
    elements = yaml.safe_load(ELEMENTS.read_text(encoding="utf-8"))["elements"]
    for el in elements:
        out.append(f"- **{el['name']}**（{el.get('name_en', '')}）：{el.get('tip', '')}")
    return "\n".join(out) + "\n"


README = """# 写作说明（请严格遵守）

你是一名资深热线培训师，为坐席实训评分器编写一套**带标签的测试数据**。

- 你只能阅读：种子手册（`{seeds}` 下的全部文件）和本文件夹里的文件。**不要**打开其他任何目录或文件
  （不要看项目代码、规则、模型、其他数据集），也不要搜索网络。
- 每一条都要**亲手逐条写**：不要用脚本、模板或程序批量生成文本，不要复制同一句式反复改几个字。
- 像真实坐席那样说话：措辞多样，口语，长短不一；有礼貌但含有看似危险词的句子（如“不知道您方便吗”）；
  没有明显关键词的粗鲁、讽刺、推诿、不耐烦；有的像语音识别出来的文字（无标点、同音字）。
- 标签要像资深培训师那样判断：是否合格（passed），不合格时主要毛病的类别（category，见 categories.md，
  取你作为培训师会**首先**指出的那一个），毛病所在的原文片段（bad_span，必须是 text 的原样子串），
  回复里做到的必备要素（elements，用 categories.md 里的要素名），以及简短理由 note（注明依据的种子文件名）。
- 写完后自己检查：每行是合法 JSON；bad_span 是 text 的子串；scenario 和 turn 与 situations.md 一致。
"""

TASKS = {
    "replies": """# 任务：{count} 条坐席回复，文件 `{out}`

{style}

- 覆盖 situations.md 里的所有情景和轮次，每轮 3–6 条，合格与不合格大约各半。
- 每行一个 JSON：
  {{"id": "{prefix}-0001", "scenario": "angry-caller", "turn": 1, "text": "…", "passed": false,
   "category": "sarcastic", "bad_span": "…", "elements": ["致歉"], "note": "…（000_f5f53003cce702ee.txt）"}}
  合格时 category 和 bad_span 为 null。
""",
    "long": """# 任务：{count} 条较长的坐席回复（朗读约 15–25 秒，60–120 字），文件 `{out}`

{style}

- 每个情景写一条，回复该情景 **turn 2 及以后**的某一轮（由你挑选），覆盖 situations.md 里的全部情景；合格与不合格大约各半。
- 长回复要包含承诺、时限（如“两个工作日内”“24小时内”）、记录、工号、结束语等内容；不合格的毛病可以藏在中间或末尾。
- 每行一个 JSON：
  {{"id": "{prefix}-0001", "scenario": "angry-caller", "turn": 2, "text": "…", "passed": true,
   "category": null, "bad_span": null, "elements": ["记录处理", "承诺时限"], "note": "…"}}
""",
    "short": """# 任务：{count} 条简短的坐席回复（朗读约 3–8 秒），文件 `{out}`

{style}

- 每个情景的 **turn 1** 写两条（10–50 字），覆盖 situations.md 里的全部情景；合格与不合格大约各半。
- 每行一个 JSON：
  {{"id": "{prefix}-0001", "scenario": "angry-caller", "turn": 1, "text": "…", "passed": false,
   "category": "commanding", "bad_span": "…", "elements": [], "note": "…"}}
""",
    "phrases": """# 任务：{count} 条真实机构风格的服务用语，文件 `{out}`

{style}

- 不是本项目的热线：银行、医院、政务大厅、快递、交通、保险、物业、学校、电商客服等至少 20 个行业。
- 一半是服务忌语（forbidden），一半是规范用语（approved）。忌语里大多数**不要**含“不知道、不行、没办法”这类明显关键词；
  规范用语里很多要含看似危险的词，但用在礼貌的说法里。
- 每行一个 JSON：
  {{"id": "{prefix}-0001", "sector": "银行", "kind": "forbidden", "text": "…", "category": "shirking"}}
  approved 时 category 为 null；forbidden 时 category 取 categories.md 里除 missing_element、off_protocol 之外的类别。
""",
}


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", required=True, type=Path, help="the writer's folder")
    ap.add_argument("--kind", required=True, choices=sorted(TASKS))
    ap.add_argument("--prefix", required=True, help="id prefix, e.g. AR")
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--style", default="", help="who the agents are and how they talk")
    ap.add_argument("--seeds", default="/work/shared/seeds")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    out_file = args.out / f"{args.prefix.lower()}.jsonl"
    (args.out / "README.md").write_text(README.format(seeds=args.seeds), encoding="utf-8")
    (args.out / "situations.md").write_text(situations_md(), encoding="utf-8")
    (args.out / "categories.md").write_text(categories_md(), encoding="utf-8")
    task = TASKS[args.kind].format(
        count=args.count, out=out_file, prefix=args.prefix, style=args.style
    )
    (args.out / "task.md").write_text(task, encoding="utf-8")
    print(f"kit written to {args.out}; the writer writes {out_file}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
