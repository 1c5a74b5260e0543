"""`prompt_line`: one line of a prompt for lists, cut by terminal cells, never the answer."""

from __future__ import annotations

from rich.cells import cell_len

from quizapp.domain.text import prompt_line


def test_short_prompts_are_kept_with_whitespace_collapsed() -> None:
    assert prompt_line("What  does\nthe SYN carry?") == "What does the SYN carry?"


def test_cloze_blanks_do_not_give_the_answer_away() -> None:
    assert prompt_line("The client enters {{c1::SYN_SENT}}.") == "The client enters ___."


def test_chinese_is_cut_by_cells_not_characters() -> None:
    prompt = "为什么 TCP 建立连接需要三次握手，而不是两次或四次？请从序号同步的角度解释。"
    line = prompt_line(prompt, 30)
    assert line.endswith("…") and cell_len(line) <= 30
    assert line.startswith("为什么 TCP 建立连接需要")
    english = prompt_line("x" * 50, 30)
    assert english == "x" * 29 + "…"
