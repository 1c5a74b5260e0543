"""The words the study screen puts around a question, in the question's language.

A learner reading a question in Chinese should not meet English hints beside it. Keys and
menus stay English (they match the footer and `--help`); text next to the content follows it.
"""

from __future__ import annotations

_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "pick_one": "Pick one (1-{n}, Enter to check)",
        "pick_all": "Pick all that apply (1-{n}, Enter to check)",
        "correct": "  (correct)",
        "answer": "Answer",
        "type_here": "type your answer",
        "order_hint": "Select with ↑/↓; move with Shift+↑/↓ or k/j, or type a position; "
        "x discards a step that does not belong; Enter checks.",
        "correct_order": "Correct order:",
        "any_order": "  (these in any order)",
        "preview_back": "The back of the card (a preview grades nothing):",
        "not_part": "Does not belong: ",
        "recall": "Recall the answer, then press Space to reveal it.",
        "recall_reverse": "Reverse card: recall the front, then press Space to reveal it.",
        "how_well": "How well did you remember it?",
        "right": "✓ Right",
        "partly": "◐ Partly right ({pct}%)",
        "wrong": "✗ Wrong",
        "source": "Source: {source}",
        "empty": "(empty)",
        "also_accepted": "   also accepted: ",
        "answer_is": "   answer: ",
        "lost": " (lost)",
        "blank": "Row {row}, {field}: ",
        "flags": "flags",
        "state": "{who} state",
        "discarded": "  (discarded)",
        "intruder": "  ← does not belong",
        "pick_first": "Pick an option first (its number, or ↑/↓ and Space).",
        "is_step": "  ← is step {n}",
        "list_sep": "; ",
        "know_it": "Did you know it? (y / n)",
        "quiz_progress": "question {k} of {n} · score {score}",
        "done": "{n} done · ",
        "new": " new ",
        "learning": " learning ",
        "review": " review",
    },
    "zh-CN": {
        "pick_one": "单选（1-{n}，回车提交）",
        "pick_all": "多选，选出所有正确项（1-{n}，回车提交）",
        "correct": "（正确）",
        "answer": "答案",
        "type_here": "输入你的答案",
        "order_hint": "↑/↓ 选择；Shift+↑/↓ 或 k/j 移动，或输入目标位置；"
        "x 丢弃不属于的步骤；回车提交。",
        "correct_order": "正确顺序：",
        "any_order": "  （这几步顺序不限）",
        "preview_back": "卡片背面（预览不评分）：",
        "not_part": "不属于此过程：",
        "recall": "先回想答案，再按空格键查看。",
        "recall_reverse": "反向卡片：先回想正面，再按空格键查看。",
        "how_well": "你记得怎么样？",
        "right": "✓ 正确",
        "partly": "◐ 部分正确（{pct}%）",
        "wrong": "✗ 错误",
        "source": "出处：{source}",
        "empty": "（空）",
        "also_accepted": "   也接受：",
        "answer_is": "   答案：",
        "lost": "（丢失）",
        "blank": "第 {row} 行 {field}：",
        "flags": "标志位",
        "state": "{who}状态",
        "discarded": "（已丢弃）",
        "intruder": "  ← 不属于此过程",
        "pick_first": "请先选择一个选项（按数字键，或 ↑/↓ 加空格）。",
        "is_step": "  ← 应是第 {n} 步",
        "list_sep": "；",
        "know_it": "你答上来了吗？（y / n）",
        "quiz_progress": "第 {k} 题，共 {n} 题 · 得分 {score}",
        "done": "已完成 {n} · ",
        "new": " 新 ",
        "learning": " 学习中 ",
        "review": " 复习",
    },
}


def label(key: str, lang: str, **values: object) -> str:
    """The label in `lang` (English when the language has no table), filled with `values`."""
    table = _LABELS.get(lang) or _LABELS["en"]
    return table.get(key, _LABELS["en"][key]).format(**values)
