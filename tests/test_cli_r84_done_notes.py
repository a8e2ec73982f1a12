"""Rows of one firm on one day read back by `regiontool done` (review r84 N8): the day's one record keeps
the notes the manager wrote on every row — a plan printed before a merge (chain) included."""

from __future__ import annotations

import openpyxl

from conftest import dump, imported, plan_columns, write_sheet

HEADERS = ["企业名称", "地址", "区域经理", "客户分类"]
MARK = "〔同日另一行〕"  # vocab.NOTE_JOINED_MARK: before each note joined from another row
FIRMS = ["宁波华峰电器有限公司", "慈溪市华峰电器厂", "慈溪华峰电器科技有限公司", "宁波宏达五金厂"]


def _plan(cli, tmp_path):
    rows = [[name, f"慈溪市长河镇工业路{i}号", "王海波", ""] for i, name in enumerate(FIRMS, start=1)]
    imported(cli, write_sheet(tmp_path, "all.xlsx", HEADERS, rows))
    out = tmp_path / "plan.xlsx"
    result = cli("plan", "--as-of", "2026-11-20", "--out", out)
    assert result.exit_code == 0, result.output
    return out


def _fill(path, outcomes: dict[int, str], extra: list[tuple[int, str]] = ()) -> list[int]:
    """Write outcomes on the 11-23 sheet's rows by 企业编号, and add rows (id, outcome) under them;
    the sheet's filled rows in order, by id."""
    wb = openpyxl.load_workbook(path)
    ws = wb["11-23 周一"]
    top, cols = plan_columns(ws)
    for cid, outcome in extra:
        row = ws.max_row + 1
        ws.cell(row, cols["类别"]).value, ws.cell(row, cols["企业编号"]).value = "拜访", cid
        ws.cell(row, cols["完成情况"]).value = outcome
    order = []
    for r in range(top + 1, ws.max_row + 1):
        cid = ws.cell(r, cols["企业编号"]).value
        if cid in outcomes and not ws.cell(r, cols["完成情况"]).value:
            ws.cell(r, cols["完成情况"]).value = outcomes[cid]
        if ws.cell(r, cols["完成情况"]).value:
            order.append(cid)
    wb.save(path)
    return order


def _done(cli, tmp_path, outcomes: dict[int, str], extra: list[tuple[int, str]] = ()):
    """The plan written (_plan), filled (_fill) and read back by `regiontool done`, which must succeed;
    the plan's path."""
    out = _plan(cli, tmp_path)
    _fill(out, outcomes, extra)
    result = cli("done", out)
    assert result.exit_code == 0, result.output
    return out


def _logged(cli, firm: str) -> list[str]:
    """The firm's history lines of activities logged for 11-23."""
    return [
        line
        for line in cli("history", firm).stdout.splitlines()
        if "2026-11-23 " in line and "联系记录" in line
    ]


def test_the_notes_of_a_merged_chains_rows_are_joined_into_the_days_one_record(cli, db, tmp_path):
    """A plan printed before two merges: the three firms' rows of 11-23 are the kept firm's now, and
    each row's note is kept in that day's one record, in row order; read again, nothing changes."""
    out = _plan(cli, tmp_path)
    for other, kept in ((FIRMS[0], FIRMS[1]), (FIRMS[1], FIRMS[2])):
        assert cli("merge", other, kept).exit_code == 0
    notes = {1: "老板要报价单", 2: "下周签约", 3: "约了演示"}
    order = _fill(out, {cid: f"完成：{n}" for cid, n in notes.items()})
    result = cli("done", out)
    assert result.exit_code == 0, result.output
    assert "新记录 1 条" in result.stdout
    [line] = _logged(cli, FIRMS[2])
    assert "完成：" + ("；" + MARK).join(notes[c] for c in order) in line
    remarks = [x for x in result.stderr.splitlines() if "同一天同一企业另有一行" in x]
    assert len(remarks) == 2 and all("一并记入" in x and "不另记" not in x for x in remarks)
    before = dump(db)
    again = cli("done", out)
    assert again.exit_code == 0, again.output
    assert "新记录 0 条，更正 0 条（已记录过 1 条）" in again.stdout
    assert dump(db) == before
    assert len(_logged(cli, FIRMS[2])) == 1


def test_two_rows_of_one_firm_on_one_day_without_a_merge_keep_both_notes_each_once(cli, tmp_path):
    """No merge: a visit added by hand beside the planned call. Its 完成 is logged, with the call's
    未完成 note after it; a note written twice is kept once; a bare 完成 adds nothing and is not logged
    on its own."""
    out = _plan(cli, tmp_path)
    _fill(
        out,
        {4: "未完成：电话不用打了"},
        [(4, "完成：上门谈了，下月签"), (4, "完成：上门谈了，下月签"), (4, "完成")],
    )
    result = cli("done", out)
    assert result.exit_code == 0, result.output
    assert "新记录 1 条，更正 0 条" in result.stdout
    [line] = _logged(cli, FIRMS[3])
    assert "完成：上门谈了，下月签；〔同日另一行〕未完成：电话不用打了" in line
    assert line.count("上门谈了") == 1
    remarks = [x for x in result.stderr.splitlines() if "同一天同一企业另有一行" in x]
    assert len(remarks) == 3
    # the note written twice adds nothing: its row, as the bare 完成's, is 不另记 (review r87 F7)
    assert sum("一并记入" in x for x in remarks) == 1 and sum("不另记" in x for x in remarks) == 2
    assert "已记录过 1 条" in cli("done", out).stdout


def test_the_joined_note_is_the_same_whatever_language_the_plan_is_read_in(cli, tmp_path):
    """The other outcome's word in the joined note is the workspace's, not --lang's: the same plan read
    again in English records nothing new (no correction of the word)."""
    out = _plan(cli, tmp_path)
    _fill(out, {4: "未完成：电话不用打了"}, [(4, "完成：上门谈了，下月签")])
    assert cli("done", out).exit_code == 0
    again = cli("done", out, "--lang", "en")
    assert again.exit_code == 0, again.output
    assert "logged 0 new, corrected 0 (1 already logged)" in again.stdout
    [line] = _logged(cli, FIRMS[3])
    assert "完成：上门谈了，下月签；〔同日另一行〕未完成：电话不用打了" in line
