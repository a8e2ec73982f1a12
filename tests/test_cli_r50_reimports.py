"""Re-imports after d131800 (review r50 D1, D3, D4), through the CLI on files the tests write: the
same bytes read another way (--map, --header-row, --encoding) are a new import and the new reading
applies (D1); a file whose latest import had other bytes is a new version even when its bytes are an
older import's again — the file imported last wins (D3), while the folder imported again and a copy of
an old export still change nothing (r44 F1); a new version of the same file is never a conflicting-line
with itself, and a conflicting-line whose old line was removed goes (D4)."""

from __future__ import annotations

import json

from conftest import connect, write_orders

HUAFENG, XINGCHEN, HONGXIN = "宁波华峰电器有限公司", "慈溪市星辰电子有限公司", "宁波宏信五金工具厂"
ADDRESS = {
    HUAFENG: "浙江省宁波市慈溪市龙山镇龙山路1号",
    XINGCHEN: "浙江省宁波市慈溪市坎墩街道坎墩路5号",
    HONGXIN: "浙江省宁波市余姚市泗门镇镇北路8号",
}
KEPT_SINCE = ("此后已被其他导入更改", "此后已被其他导入或 regiontool set 更改")


def _csv(path, rows):
    """A plain UTF-8 CSV as an ERP writes it."""
    path.write_text("".join(",".join(map(str, r)) + "\r\n" for r in rows), encoding="utf-8")
    return path


def _contacts(path, xingchen_tier="C"):
    rows = [["企业名称", "地址", "联系人", "手机", "区域经理", "客户分类"]]
    for i, (name, tier) in enumerate(((HUAFENG, "B"), (XINGCHEN, xingchen_tier), (HONGXIN, "D")), 1):
        rows.append([name, ADDRESS[name], f"联系人{i}", f"1380000000{i}", "张三", tier])
    return _csv(path, rows)


def _orders_csv(path, xingchen_amount):
    return _csv(
        path,
        [
            ["订单编号", "客户名称", "订单日期", "产品", "金额"],
            ["SO1", HUAFENG, "2026-03-02", "开关", 1000],
            ["SO2", XINGCHEN, "2026-03-05", "插座", xingchen_amount],
            ["SO3", HONGXIN, "2026-03-09", "电缆", 3000],
        ],
    )


def _ok(result):
    assert result.exit_code == 0, result.output
    return result


def _sales(cli) -> dict[str, float]:
    out = json.loads(_ok(cli("sales", "--by", "customers", "-f", "json")).stdout)
    return {c["客户"]: c["金额"] for c in out["customers"]}


def _problems(cli, code: str) -> list[dict]:
    out = json.loads(_ok(cli("problems", "--format", "json", "--lang", "en")).stdout)
    return [p for p in out if p["code"] == code]


# --- D1: the same bytes read another way are a new import --------------------------------------


def test_the_same_orders_file_with_another_map_is_read_again(cli, db, tmp_path):
    """U8's 无税金额 comes before 价税合计 and is read; --map puts 价税合计 in its place."""
    _ok(cli("import", _contacts(tmp_path / "c.csv")))
    rows = [
        ["U1", HUAFENG, "2026-03-02", "开关", 1000, 1130],
        ["U2", XINGCHEN, "2026-03-05", "插座", 2000, 2260],
    ]
    u8 = write_orders(
        tmp_path / "U8销售.xlsx",
        rows,
        headers=["单据号", "客户名称", "单据日期", "存货名称", "无税金额", "价税合计"],
    )
    _ok(cli("import", u8))
    assert _sales(cli) == {XINGCHEN: 2000, HUAFENG: 1000}
    out = _ok(cli("import", u8, "--map", "价税合计=amount", "--map", "无税金额=ignore"))
    assert "已导入过" not in out.stdout and not any(k in out.stdout for k in KEPT_SINCE)
    assert "（新增 0，更新 2，已有 0）" in out.stdout
    assert _sales(cli) == {XINGCHEN: 2260, HUAFENG: 1130}
    again = _ok(cli("import", u8, "--map", "价税合计=amount", "--map", "无税金额=ignore"))
    assert "此文件已导入过" in again.stdout and "更新 0" in again.stdout  # read the same way: nothing new
    assert not any(k in again.stdout for k in KEPT_SINCE)  # and nothing changed them since
    assert _sales(cli) == {XINGCHEN: 2260, HUAFENG: 1130}


def test_the_same_contact_list_with_another_map_is_read_again(cli, db, tmp_path):
    rows = [["企业名称", "地址", "对口人", "客户分类", "对口人电话"]]
    rows += [[HUAFENG, ADDRESS[HUAFENG], "王明", "B", "13800000001"]]
    rows += [[XINGCHEN, ADDRESS[XINGCHEN], "李华", "C", "13800000002"]]
    listed = _csv(tmp_path / "list.csv", rows)
    _ok(cli("import", listed))
    out = _ok(cli("import", listed, "--map", "对口人=contact", "--map", "对口人电话=phone", "--lang", "en"))
    assert "imported before" not in out.stdout and "changed since" not in out.stdout
    names = {r[0] for r in connect(db).execute("SELECT name FROM contacts").fetchall()}
    assert {"王明", "李华"} <= names


def test_another_header_row_is_a_new_reading(cli, db, tmp_path):
    """Row 2 repeats the headers with 金额 and 备注 swapped: --header-row 2 reads the other column."""
    headers = ["订单编号", "客户名称", "订单日期", "产品", "金额", "备注"]
    rows = [
        ["订单编号", "客户名称", "订单日期", "产品", "备注", "金额"],
        ["SO2", XINGCHEN, "2026-03-05", "插座", 2000, 2260],
    ]
    book = write_orders(tmp_path / "订单.xlsx", rows, headers=headers)
    _ok(cli("import", _contacts(tmp_path / "c.csv")))
    _ok(cli("import", book))
    assert _sales(cli) == {XINGCHEN: 2000}
    out = _ok(cli("import", book, "--header-row", "2"))
    assert "已导入过" not in out.stdout
    assert _sales(cli) == {XINGCHEN: 2260}


def test_another_encoding_is_a_new_reading(cli, db, tmp_path):
    orders = _orders_csv(tmp_path / "订单.csv", 2000)
    _ok(cli("import", _contacts(tmp_path / "c.csv")))
    _ok(cli("import", orders))
    assert "此文件已导入过" in _ok(cli("import", orders, "--encoding", "utf-8")).stdout  # as detected
    assert "此文件已导入过" not in _ok(cli("import", orders, "--encoding", "utf-8-sig")).stdout


def test_how_a_text_file_was_read_is_kept_in_the_summary(tmp_path):
    from regiontool.store import READ_AS, Workspace

    ws = Workspace.open(tmp_path / "ws.db", create=True)
    try:
        with ws.transaction():
            kept = {"encoding": "gb18030", "delimiter": ";"}
            fields = dict(path=str(tmp_path / "a.csv"), file_name="a.csv", sha256="ab", kind="orders:csv")
            i = ws.add_import(**fields, sheet="a", header_row=1, headers=[], mapping={}, read_as=kept)
            ws.set_import_summary(i, {"rows_read": 3})
            assert ws.imports()[0]["summary"] == {"rows_read": 3, READ_AS: kept}
            reading = {"header_row": 1, "mapping": {}, READ_AS: kept}
            assert ws.earlier_import("ab", "a", "orders", path=fields["path"], reading=reading)["id"] == i
            other = {**reading, READ_AS: {"encoding": "utf-8", "delimiter": ";"}}
            assert ws.earlier_import("ab", "a", "orders", path=fields["path"], reading=other) is None
    finally:
        ws.close()


# --- D3: the file imported last wins, even with an older import's bytes -------------------------


def test_a_file_back_to_an_earlier_weeks_bytes_is_the_newest(cli, db, tmp_path):
    contacts, orders = tmp_path / "客户联系表.csv", tmp_path / "订单.csv"
    for tier, amount in (("C", 2000), ("A", 2500), ("C", 2000)):  # corrected, then the correction undone
        _ok(cli("import", _contacts(contacts, tier)))
        out = _ok(cli("import", _orders_csv(orders, amount)))
    assert "已导入过" not in out.stdout and "更新 1" in out.stdout
    assert _sales(cli)[XINGCHEN] == 2000
    tiers = dict(connect(db).execute("SELECT name, tier FROM companies").fetchall())
    assert tiers[XINGCHEN] == "C"
    again = _ok(cli("import", orders, contacts))  # the latest bytes again: imported before
    assert again.stdout.count("此文件已导入过") == 2 and "更新 0" in again.stdout
    (tmp_path / "备份").mkdir()
    copy = _orders_csv(tmp_path / "备份" / "订单.csv", 2500)
    old = _ok(cli("import", copy))  # a copy of an older week's export, a path never imported
    assert "此文件已导入过（导入记录 #4" in old.stdout
    assert "其中 1 条订单行此后已被其他导入更改" in old.stdout
    assert _sales(cli)[XINGCHEN] == 2000


# --- D4: conflicting-line is for other files, and goes with the line it names -------------------


def test_a_new_version_of_the_same_payments_file_is_no_conflict(cli, db, tmp_path):
    pay = tmp_path / "回款.xlsx"
    headers = ["客户名称", "回款日期", "回款金额"]
    rows = [[HUAFENG, "2026-03-10", 1000], [XINGCHEN, "2026-03-12", 2000], [HONGXIN, "2026-03-15", 3000]]
    _ok(cli("import", _contacts(tmp_path / "c.csv"), write_orders(pay, rows, headers=headers)))
    rows[1][2] = 1500
    write_orders(pay, rows, headers=headers)
    _ok(cli("import", pay))
    assert _problems(cli, "conflicting-line") == []
    [gone] = _problems(cli, "payment-not-in-file")
    assert gone["row"] == 3
    _ok(cli("import", pay, "--replace"))
    assert _problems(cli, "conflicting-line") == [] and _problems(cli, "payment-not-in-file") == []


def test_a_new_version_of_the_same_orders_file_is_no_conflict(cli, db, tmp_path):
    book = tmp_path / "订单.xlsx"
    headers = ["客户名称", "订单日期", "产品", "金额"]
    rows = [[HUAFENG, "2026-03-02", "开关", 1000], [XINGCHEN, "2026-03-05", "插座", 2000]]
    rows += [[HONGXIN, "2026-03-09", "电缆", 3000]]
    _ok(cli("import", _contacts(tmp_path / "c.csv"), write_orders(book, rows, headers=headers)))
    rows[1][3] = 2500
    write_orders(book, rows, headers=headers)
    _ok(cli("import", book, "--replace"))
    assert _problems(cli, "conflicting-line") == []
    assert _sales(cli)[XINGCHEN] == 2500


def _overlapping(tmp_path):
    """Q1's export, then an export of another name for Feb–Mar that corrected 星辰's 2000 to 2500."""
    headers = ["客户名称", "订单日期", "产品", "金额"]
    q1 = [[HUAFENG, "2026-01-12", "开关", 1000], [XINGCHEN, "2026-02-05", "插座", 2000]]
    q1 += [[HONGXIN, "2026-03-09", "电缆", 3000]]
    feb = [[XINGCHEN, "2026-02-05", "插座", 2500], [HONGXIN, "2026-03-09", "电缆", 3000]]
    return (
        write_orders(tmp_path / "订单_Q1.xlsx", q1, headers=headers),
        write_orders(tmp_path / "订单_0201-0331.xlsx", feb, headers=headers),
        q1,
        headers,
    )


def test_a_conflict_goes_when_a_new_version_removes_its_old_line(cli, db, tmp_path):
    q1, feb, rows, headers = _overlapping(tmp_path)
    _ok(cli("import", _contacts(tmp_path / "c.csv"), q1, feb))
    [said] = _problems(cli, "conflicting-line")
    assert (said["file"], said["row"]) == ("订单_0201-0331.xlsx", 2)
    assert "on row 3 of 订单_Q1.xlsx" in said["message"] and "both are counted" in said["message"]
    write_orders(q1, [rows[0], rows[2]], headers=headers)  # Q1 exported again without the old line
    _ok(cli("import", q1, "--replace"))
    assert _sales(cli)[XINGCHEN] == 2500
    assert _problems(cli, "conflicting-line") == []
    status = json.loads(_ok(cli("status", "--format", "json")).stdout)
    [summary] = [f["summary"] for f in status["files"] if f["file_name"] == "订单_0201-0331.xlsx"]
    assert summary["problems"] == sum(1 for p in _problems_all(cli) if p["file"] == "订单_0201-0331.xlsx")


def test_a_conflict_goes_when_replace_period_of_a_third_file_removes_its_old_line(cli, db, tmp_path):
    q1, feb, _rows, headers = _overlapping(tmp_path)
    _ok(cli("import", _contacts(tmp_path / "c.csv"), q1, feb))
    assert len(_problems(cli, "conflicting-line")) == 1
    march = [[XINGCHEN, "2026-02-05", "插座", 2500], [HONGXIN, "2026-03-09", "电缆", 3000]]
    full = write_orders(tmp_path / "订单_0201-0331_全.xlsx", march, headers=headers)
    _ok(cli("import", full, "--replace-period"))
    assert _sales(cli)[XINGCHEN] == 2500
    assert _problems(cli, "conflicting-line") == []


def _problems_all(cli) -> list[dict]:
    return json.loads(_ok(cli("problems", "--format", "json", "--lang", "en")).stdout)


def test_a_payments_conflict_goes_when_a_new_version_removes_its_old_payment(cli, db, tmp_path):
    headers = ["客户名称", "回款日期", "回款金额", "订单编号"]
    q1 = [[HUAFENG, "2026-01-12", 1000, "SO1"], [XINGCHEN, "2026-02-05", 2000, "SO2"]]
    first = write_orders(tmp_path / "回款_Q1.xlsx", q1, headers=headers)
    later = write_orders(tmp_path / "回款_02.xlsx", [[XINGCHEN, "2026-02-05", 2200, "SO2"]], headers=headers)
    _ok(cli("import", _contacts(tmp_path / "c.csv"), first, later))
    [said] = _problems(cli, "conflicting-line")
    assert said["file"] == "回款_02.xlsx" and "on row 3 of 回款_Q1.xlsx" in said["message"]
    write_orders(first, q1[:1], headers=headers)
    _ok(cli("import", first, "--replace"))
    assert _problems(cli, "conflicting-line") == []
