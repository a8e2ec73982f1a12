"""`regiontool done` of the rows of one firm on one day (review r87): a plan read again after a merge
changes nothing, a 改期's day comes from its own cell, a cleared row removes nothing, each note once."""

from __future__ import annotations

import openpyxl
from test_cli_r84_done_notes import FIRMS, _done, _fill, _logged, _plan

from conftest import dump, plan_columns


def test_a_plan_read_again_after_a_merge_changes_nothing(cli, db, tmp_path):
    """Both firms' rows were logged, each as its own activity; after the merge the same plan read again
    (in either language) is already logged: no 更正, no note stored twice (F4). An edit of the merged
    firm's row then corrects its own record."""
    out = _plan(cli, tmp_path)
    _fill(out, {1: "完成：谈了报价", 2: "未完成：老板不在"})
    assert "新记录 2 条" in cli("done", out).stdout
    assert cli("merge", FIRMS[1], FIRMS[0]).exit_code == 0
    before = dump(db)
    for lang in ("zh", "en"):
        again = cli("done", out, "--lang", lang)
        assert again.exit_code == 0, again.output
        assert (
            "新记录 0 条，更正 0 条（已记录过 2 条）" if lang == "zh" else "corrected 0 (2 already"
        ) in again.stdout
        assert dump(db) == before
    wb = openpyxl.load_workbook(out)
    ws = wb["11-23 周一"]
    top, cols = plan_columns(ws)
    for r in range(top + 1, ws.max_row + 1):
        if ws.cell(r, cols["企业编号"]).value == 2:
            ws.cell(r, cols["完成情况"]).value = "未完成：老板出差了"
    wb.save(out)
    assert "新记录 0 条，更正 1 条" in cli("done", out).stdout
    lines = _logged(cli, FIRMS[0])
    assert sum("老板出差了" in x for x in lines) == 1 and not any("谈了报价；" in x for x in lines)


def test_a_reschedules_day_comes_from_its_own_cell_not_another_rows_note(cli, tmp_path):
    """改期 without a day beside a row whose note names a date: the firm comes first in the next plan,
    not on that date (F5)."""
    _done(cli, tmp_path, {4: "改期，客户忙"}, [(4, "未完成：12月3日报价会还没开")])
    [line] = _logged(cli, FIRMS[3])
    assert "12月3日报价会还没开" in line
    week = cli("plan", "--week", "--as-of", "2026-11-27")
    assert week.exit_code == 0, week.output
    assert "改期到 12-03" not in week.stdout and "11-23 改期，优先安排" in week.stdout


def test_a_cleared_row_of_the_day_removes_nothing_stored(cli, db, tmp_path):
    """Three rows of one firm logged as one record; the third's cell cleared, then the 完成 rows
    cleared: the record keeps every note and its 完成, no 更正, each cleared row is pointed out (F6)."""
    out = _plan(cli, tmp_path)
    _fill(out, {4: "未完成：电话不用打了"}, [(4, "完成：上门谈了"), (4, "完成：带了新样品")])
    assert "新记录 1 条" in cli("done", out).stdout
    before = dump(db)
    wb = openpyxl.load_workbook(out)
    ws = wb["11-23 周一"]
    top, cols = plan_columns(ws)
    done_rows = [r for r in range(top + 1, ws.max_row + 1) if ws.cell(r, cols["企业编号"]).value == 4]
    for cleared in (done_rows[-1:], done_rows[1:]):
        for r in cleared:
            ws.cell(r, cols["完成情况"]).value = None
        wb.save(out)
        again = cli("done", out)
        assert again.exit_code == 0, again.output
        assert "更正 0 条" in again.stdout
        assert "之前已记为" in again.stderr
        assert dump(db) == before
    [line] = _logged(cli, FIRMS[3])
    assert "完成：上门谈了；〔同日另一行〕未完成：电话不用打了；〔同日另一行〕带了新样品" in line


def test_each_part_of_the_days_notes_is_kept_once(cli, tmp_path):
    """A row's note that only repeats a part of another's (A；B then B) adds nothing (F7)."""
    out = _plan(cli, tmp_path)
    _fill(out, {4: "完成：谈了价格；要样品"}, [(4, "完成：要样品")])
    result = cli("done", out)
    assert result.exit_code == 0, result.output
    [line] = _logged(cli, FIRMS[3])
    assert "完成：谈了价格；要样品" in line and line.count("要样品") == 1
    assert "一并记入" not in result.stderr


def test_a_bare_done_beside_another_outcomes_note_reads_as_two_outcomes(cli, tmp_path):
    """A bare 完成 logged with a 未完成 row's note: the history reads 完成；未完成：…, not 完成：未完成：… as if
    the outcome were both (F9)."""
    _done(cli, tmp_path, {4: "未完成：电话不用打了"}, [(4, "完成")])
    [line] = _logged(cli, FIRMS[3])
    assert "完成；〔同日另一行〕未完成：电话不用打了" in line and "完成：未完成" not in line


def test_the_remark_on_rows_added_with_only_an_id_names_the_firm(cli, tmp_path):
    """Two rows added by hand with only 企业编号: the 提示 names the firm (F10)."""
    out = _plan(cli, tmp_path)
    _fill(out, {}, [(4, "完成：上门谈了"), (4, "未完成：电话不用打了")])
    result = cli("done", out)
    assert result.exit_code == 0, result.output
    [remark] = [x for x in result.stderr.splitlines() if "同一天同一企业另有一行" in x]
    assert f"行 {FIRMS[3]}：" in remark


def test_a_missed_call_naming_its_day_keeps_that_day(cli, tmp_path):
    """未完成：12月10日再打 on its own row is a 改期 to 12-10: the own note begins with its word, and only
    a part joined after the separator is another row's (review r88 F3)."""
    _done(cli, tmp_path, {4: "未完成：12月10日再打"})
    [line] = _logged(cli, FIRMS[3])
    assert "12月10日再打" in line and "改期；" not in line
    week = cli("plan", "--week", "--as-of", "2026-11-27")
    assert week.exit_code == 0, week.output
    assert FIRMS[3] not in week.stdout and "改期，优先安排" not in week.stdout
    assert f"{FIRMS[3]}（2026-12-10）" in week.stderr  # left for the plan of its week


def test_of_two_reschedules_the_one_naming_its_day_is_logged(cli, tmp_path):
    """Two 改期 rows of one firm on one day, the upper without a day: the firm moves to the day the
    other names (review r88 F4), and both notes are kept."""
    _done(cli, tmp_path, {4: "改期：客户出差"}, [(4, "改期到12月3日")])
    [line] = _logged(cli, FIRMS[3])
    assert "客户出差" in line and "12月3日" in line
    week = cli("plan", "--week", "--as-of", "2026-11-27")
    assert week.exit_code == 0, week.output
    assert "改期到 12-03" in week.stdout


def test_a_firm_reached_on_a_day_a_merged_firm_was_missed_is_not_planned_first(cli, tmp_path):
    """After a merge the kept firm holds two records of one day, its own 完成 and the merged firm's
    未完成: the firm was reached, the next plan does not put it first as missed (review r88 F5)."""
    _done(cli, tmp_path, {1: "完成：谈了报价", 2: "未完成：老板不在"})
    assert cli("merge", FIRMS[1], FIRMS[0]).exit_code == 0
    week = cli("plan", "--week", "--as-of", "2026-11-27")
    assert week.exit_code == 0, week.output
    assert "未完成，优先安排" not in week.stdout


def test_of_two_misses_of_one_day_after_a_merge_the_reschedule_naming_its_day_counts(cli, tmp_path):
    _done(cli, tmp_path, {1: "未完成：老板不在", 2: "改期到12月3日"})
    assert cli("merge", FIRMS[1], FIRMS[0]).exit_code == 0
    week = cli("plan", "--week", "--as-of", "2026-11-27")
    assert week.exit_code == 0, week.output
    assert "改期到 12-03" in week.stdout


def test_a_day_typed_after_another_outcome_word_in_one_cell_is_kept(cli, tmp_path):
    """改期：客户忙；未完成：12月8日再打 typed in one cell is all the row's own: the firm moves to 12-08,
    as before the joined notes (review r89 F1). Only a part `done` joined from another row (after its
    mark) is left out when the day is read."""
    _done(cli, tmp_path, {4: "改期：客户忙；未完成：12月8日再打"})
    week = cli("plan", "--week", "--as-of", "2026-11-27")
    assert week.exit_code == 0, week.output
    assert "改期，优先安排" not in week.stdout and f"{FIRMS[3]}（2026-12-08）" in week.stderr


def test_a_bare_outcome_beside_a_plain_note_reads_cleanly(cli, tmp_path):
    """A bare 完成 and another row's plain note: 完成；〔同日另一行〕老板说下月签, no empty 完成： (review r89 F2)."""
    _done(cli, tmp_path, {4: "完成"}, [(4, "老板说下月签")])
    [line] = _logged(cli, FIRMS[3])
    assert "完成；〔同日另一行〕老板说下月签" in line and "完成：；" not in line


def test_clearing_the_done_row_beside_a_cell_beginning_with_another_word_removes_nothing(cli, db, tmp_path):
    """The surviving row's cell begins with another outcome word (未完成：… read as a 改期): its parts are
    compared without every such word, so the cleared reading keeps the stored 完成 (review r90 F1)."""
    out = _done(cli, tmp_path, {4: "未完成：老板不在；下周再约"}, [(4, "完成：上门谈了")])
    before = dump(db)
    wb = openpyxl.load_workbook(out)
    ws = wb["11-23 周一"]
    _top, cols = plan_columns(ws)
    ws.cell(ws.max_row, cols["完成情况"]).value = None
    wb.save(out)
    again = cli("done", out)
    assert again.exit_code == 0, again.output
    assert "更正 0 条" in again.stdout and dump(db) == before
