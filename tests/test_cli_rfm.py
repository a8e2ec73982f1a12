"""`regiontool rfm` through the CLI: outputs, options, windows and bad input."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from conftest import connect, dump, write_orders, write_xlsx
from regiontool import vocab
from regiontool.analysis.rfm import CUSTOMER_COLUMNS

NAMES = ["慈溪市华峰电器有限公司", "宁波宏达五金厂", "金鑫塑料制品有限公司", "慈溪市永光五金工具有限公司"]


@pytest.fixture
def workspace(cli, tmp_path):
    cli("import", write_xlsx(tmp_path / "contacts.xlsx"))
    rows = [
        [NAMES[0], f"2026-{m:02d}-10", "维护", 1, 10_000, None] for m in range(1, 11)
    ]  # monthly, big, recent
    rows += [
        [NAMES[1], "2025-03-01", "ERP", 1, 50_000, None],
        [NAMES[1], "2025-09-01", "ERP", 1, 50_000, None],
    ]
    rows += [[NAMES[2], "2026-11-15", "ERP", 1, 3_000, None]]
    rows += [[NAMES[3], "2024-06-01", "ERP", 1, 1_000, None]]
    rows += [[NAMES[0], "2027-01-05", "预签", 1, 5_000, None]]  # after --as-of
    result = cli("import", write_orders(tmp_path / "orders.xlsx", rows))
    assert result.exit_code == 0, result.output
    return tmp_path


def test_english_csv_has_the_documented_columns(cli, workspace):
    result = cli("rfm", "--as-of", "2026-11-20", "--format", "csv", "--lang", "en")
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.output)))
    assert tuple(table[0]) == tuple(vocab.label(c, "en") for c in CUSTOMER_COLUMNS)  # words, not keys
    assert tuple(table[0])[:4] == ("company", "company_id", "last order", "recency (days)")
    by_name = {r["company"]: r for r in table}
    assert set(by_name) == set(NAMES)
    huafeng = by_name[NAMES[0]]
    assert (huafeng["last order"], huafeng["recency (days)"], huafeng["frequency"]) == (
        "2026-10-10",
        "41",
        "10",
    )
    assert float(huafeng["monetary"]) == 100_000  # the 2027 order is not counted
    assert by_name[NAMES[3]]["churn warning"] == "yes"  # one order, 2 years ago; yes/no as elsewhere
    assert by_name[NAMES[2]]["churn warning"] == "no"


def test_summary_names_cut_points_and_future_orders(cli, workspace):
    result = cli("rfm", "--as-of", "2026-11-20")
    assert result.exit_code == 0, result.output
    assert "分界点" in result.output and "五分位" in result.output
    assert "1 条订单日期晚于 2026-11-20，未计入" in result.output
    assert "冠军客户" in result.output and "流失预警" in result.output


def test_given_bins_are_used_and_echoed(cli, workspace):
    payload = json.loads(
        cli("rfm", "--as-of", "2026-11-20", "--r-bins", "30,90,180,365", "-f", "json").output
    )
    assert payload["cut_points"]["r"] == [30, 90, 180, 365]
    assert payload["future_orders_excluded"] == 1
    r_scores = {c["企业名称"]: c["R分"] for c in payload["customers"]}
    assert r_scores[NAMES[2]] == 5 and r_scores[NAMES[0]] == 4 and r_scores[NAMES[3]] == 1
    assert {s["RFM分群"] for s in payload["segments"]} >= {"冠军客户", "已流失"}
    assert payload["churn"][0]["企业名称"] in (NAMES[1], NAMES[3])


def test_since_limits_the_window(cli, workspace):
    payload = json.loads(
        cli("rfm", "--as-of", "2026-11-20", "--since", "2026-01-01", "-f", "json", "--lang", "en").output
    )
    assert {c["company"] for c in payload["customers"]} == {NAMES[0], NAMES[2]}


def test_xlsx_has_segments_with_a_chart_quadrants_churn_and_customers(cli, workspace):
    from openpyxl import load_workbook

    out = workspace / "rfm.xlsx"
    result = cli("rfm", "--as-of", "2026-11-20", "--out", out)
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    assert [n for n in wb.sheetnames if not n.startswith("_")] == [
        "RFM分群",
        "规模×忠诚",
        "流失预警",
        "客户价值",
    ]
    assert len(wb["RFM分群"]._charts) == 1
    customers = wb["客户价值"]
    assert customers.auto_filter.ref
    names = {customers.cell(row=r, column=1).value for r in range(4, 4 + len(NAMES))}
    assert names == set(NAMES)
    notes = " ".join(str(c.value) for row in wb["RFM分群"].iter_rows() for c in row if c.value)
    assert "五分位" in notes and "未计入" in notes


def test_the_english_sheet_names_are_sentence_case_with_the_times_sign(cli, workspace):
    from openpyxl import load_workbook

    out = workspace / "rfm_en.xlsx"
    assert cli("rfm", "--as-of", "2026-11-20", "--out", out, "--lang", "en").exit_code == 0
    names = [n for n in load_workbook(out, read_only=True).sheetnames if not n.startswith("_")]
    assert names == ["Segments", "Volume × loyalty", "Churn warning", "Customers"]


def test_last_order_is_a_date_cell_in_the_workbook_and_iso_text_in_csv(cli, workspace):
    """Excel's date filters work on 最近下单 (a date cell shown yyyy-mm-dd); the CSV keeps ISO text."""
    import datetime as dt

    from openpyxl import load_workbook

    out = workspace / "rfm.xlsx"
    assert cli("rfm", "--as-of", "2026-11-20", "--out", out).exit_code == 0
    wb = load_workbook(out)
    for name in ("流失预警", "客户价值"):
        ws = wb[name]
        header = [c.value for c in ws[3]]
        j = header.index("最近下单") + 1
        cells = [ws.cell(row=r, column=j) for r in range(4, ws.max_row + 1) if ws.cell(row=r, column=j).value]
        assert cells, name
        assert all(isinstance(c.value, dt.datetime) and c.number_format == "yyyy-mm-dd" for c in cells), name
    assert dt.datetime(2026, 11, 15) in [c.value for c in cells]  # 金鑫塑料's one order
    csv_out = workspace / "rfm.csv"
    assert cli("rfm", "--as-of", "2026-11-20", "--out", csv_out).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(csv_out.read_text(encoding="utf-8-sig"))))
    assert "2026-11-15" in {r["最近下单"] for r in rows}


def test_json_out_and_csv_out(cli, workspace):
    """--out X.json holds exactly what -f json prints: one shape for scripts, whichever they read."""
    for lang in ("zh", "en"):
        out = workspace / f"rfm_{lang}.json"
        assert cli("rfm", "--as-of", "2026-11-20", "--out", out, "--lang", lang).exit_code == 0
        payload = json.loads(out.read_text(encoding="utf-8"))
        printed = json.loads(cli("rfm", "--as-of", "2026-11-20", "-f", "json", "--lang", lang).output)
        assert payload == printed
        assert {"as_of", "since", "future_orders_excluded", "cut_points", "customers", "churn"} <= set(
            payload
        )
        assert payload["as_of"] == "2026-11-20" and payload["future_orders_excluded"] == 1
    out = workspace / "rfm.csv"
    assert cli("rfm", "--as-of", "2026-11-20", "--out", out).exit_code == 0
    assert out.read_text(encoding="utf-8-sig").splitlines()[0].startswith("企业名称,")


@pytest.mark.parametrize(
    "args",
    [
        ("--as-of", "soon"),
        ("--r-bins", "30,abc"),
        ("--r-bins", "30,30"),
        ("--churn-k", "0"),
        ("--since", "2026-12-01", "--as-of", "2026-11-01"),
        ("--format", "xml"),
    ],
)
def test_bad_options_are_usage_errors(cli, workspace, db, args):
    before = dump(db)
    result = cli("rfm", *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.output.startswith("错误：")
    result = cli("rfm", *args, "--lang", "en")
    assert result.exit_code == 2 and result.output.startswith("error: "), result.output
    assert dump(db) == before


def test_no_orders_is_a_data_error_with_the_next_step(cli, tmp_path):
    cli("import", write_xlsx(tmp_path / "contacts.xlsx"))
    result = cli("rfm")
    assert result.exit_code == 1
    assert "regiontool import orders.xlsx" in result.output


def test_a_window_without_orders_is_a_data_error(cli, workspace):
    result = cli("rfm", "--as-of", "2020-01-01", "--lang", "en")
    assert result.exit_code == 1 and "no linked orders up to 2020-01-01" in result.output
    result = cli("rfm", "--as-of", "2020-01-01")
    assert result.exit_code == 1 and "2020-01-01 及以前没有关联到企业的订单" in result.output


def test_unlinked_orders_are_not_scored(cli, workspace, db):
    con = connect(db)
    con.execute("UPDATE orders SET company_id = NULL WHERE customer = ?", (NAMES[3],))
    con.close()
    payload = json.loads(cli("rfm", "--as-of", "2026-11-20", "-f", "json", "--lang", "en").output)
    assert NAMES[3] not in {c["company"] for c in payload["customers"]}


def test_churn_warned_customers_get_a_win_back_visit_in_the_plan(cli, workspace):
    result = cli("plan", "--week", "--today", "2026-11-20", "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    items = items["items"] if isinstance(items, dict) else items
    hongda = [i for i in items if i["company"] == NAMES[1]]
    assert hongda, items
    assert hongda[0]["category"] == "win-back"
    assert "445" in hongda[0]["reason"]  # days without an order, from the churn warning
    assert hongda[0]["date"] == "2026-11-23"  # the first working day: value at risk comes first


def test_a_workspace_path_with_spaces_hashes_and_chinese(tmp_path):
    """rfm reads on a second connection opened by URI: the path must be quoted."""
    from typer.testing import CliRunner

    from regiontool.cli import app

    folder = tmp_path / "my #1 工作区?"
    folder.mkdir()
    db = folder / "ws 1.db"
    runner = CliRunner()
    env = {"REGIONTOOL_DB": str(db)}
    assert runner.invoke(app, ["import", str(write_xlsx(tmp_path / "c.xlsx"))], env=env).exit_code == 0
    orders = write_orders(tmp_path / "o.xlsx", [[NAMES[1], "2026-03-01", "ERP", 1, 100, None]])
    assert runner.invoke(app, ["import", str(orders)], env=env).exit_code == 0
    result = runner.invoke(app, ["rfm", "--as-of", "2026-11-20", "-f", "csv", "--lang", "en"], env=env)
    assert result.exit_code == 0, result.output
    assert NAMES[1] in result.output


@pytest.mark.parametrize("option", ["--volume-split", "--loyalty-split"])
def test_a_negative_split_is_refused(cli, option):
    result = cli("rfm", option, "-5", "--lang", "en")
    assert result.exit_code == 2 and "negative" in result.output, result.output
    result = cli("rfm", option, "-5")
    assert result.exit_code == 2 and f"{option} -5 是负数" in result.output, result.output


@pytest.fixture
def refunds(cli, tmp_path):
    """华峰: one order in 2024 and a refund of it last month; 宏达: two orders and an older refund;
    金鑫 and 永光: one order each."""
    cli("import", write_xlsx(tmp_path / "contacts.xlsx"))
    rows = [
        [NAMES[0], "2024-01-10", "ERP", 1, 10_000, "O1"],
        [NAMES[0], "2026-11-01", "ERP", 1, -1_000, "R1"],  # a refund, not an order
        [NAMES[1], "2026-10-01", "ERP", 1, 5_000, "O2"],
        [NAMES[1], "2026-11-01", "ERP", 1, 5_000, "O3"],
        [NAMES[2], "2025-01-01", "ERP", 1, 5_000, "O4"],
        [NAMES[2], "2025-03-01", "实施", 1, -500, "R2"],  # a refund two months after the only order
        [NAMES[3], "2026-03-01", "ERP", 1, 3_000, "O5"],
    ]
    result = cli("import", write_orders(tmp_path / "orders.xlsx", rows))
    assert result.exit_code == 0, result.output
    return tmp_path


def test_a_refund_is_not_the_last_order(cli, refunds):
    """R, 最近下单 and the churn clock come from real orders; the refund still lowers M."""
    result = cli("rfm", "--as-of", "2026-11-20", "-f", "csv", "--lang", "en")
    assert result.exit_code == 0, result.output
    by_name = {r["company"]: r for r in csv.DictReader(io.StringIO(result.output))}
    huafeng, jinxin = by_name[NAMES[0]], by_name[NAMES[2]]
    assert (huafeng["last order"], huafeng["recency (days)"], huafeng["frequency"]) == (
        "2024-01-10",
        "1045",
        "1",
    )
    assert float(huafeng["monetary"]) == 9_000
    assert (jinxin["last order"], jinxin["recency (days)"], float(jinxin["monetary"])) == (
        "2025-01-01",
        "688",
        4_500,
    )
    churn = json.loads(cli("rfm", "--as-of", "2026-11-20", "-f", "json").output)["churn"]
    reasons = {c["企业名称"]: c["原因"] for c in churn}
    assert "已 688 天未再下单" in reasons[NAMES[2]]
    assert "已 1045 天未再下单" in reasons[NAMES[0]]


def test_a_customer_with_only_refunds_in_the_window_is_noted_not_scored(cli, refunds):
    result = cli("rfm", "--as-of", "2026-11-20", "--since", "2026-01-01", "-f", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert {c["company"] for c in payload["customers"]} == {NAMES[1], NAMES[3]}
    summary = cli("rfm", "--as-of", "2026-11-20", "--since", "2026-01-01").output
    assert "1 个客户在此期间只有退款（-1,000 元）" in summary


@pytest.mark.parametrize(
    "args",
    [
        ("--r-bins", "30,90"),  # would score on 1–3 while the segments read a 1–5 grid
        ("--r-bins", "90,30,180,365"),  # not sorted silently
        ("--f-bins", "1,2,4,8,16"),
        ("--r-bins", "30,nan,180,365"),
        ("--m-bins", "1万,3000,5万,10万"),  # read as money, then checked: not increasing
    ],
)
def test_bins_must_be_four_increasing_cut_points(cli, workspace, args):
    result = cli("rfm", "--as-of", "2026-11-20", *args, "--lang", "en")
    assert result.exit_code == 2, result.output
    assert "four increasing cut points" in result.output and args[0] in result.output
    result = cli("rfm", "--as-of", "2026-11-20", *args)
    assert "需要四个递增的分界点" in result.output and args[0] in result.output
    assert len(result.output.strip().splitlines()) == 1


_CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
_EN_SENTENCE = re.compile(r"\b[a-z]+(?: [a-z]+){2,}\b")  # three English words in a row


@pytest.mark.parametrize(
    "args",
    [
        ["--r-bins", "30,abc"],
        ["--r-bins", "30,90"],
        ["--m-bins", "1000,nan,3000,4000"],
        ["--volume-split", "-5"],
        ["--churn-k", "0"],
        ["--since", "2026-12-01", "--as-of", "2026-11-01"],
        ["--as-of", "2020-01-01"],
        ["--since", "2020-01-01", "--as-of", "2020-06-01"],
        ["--format", "xml"],
        ["--out", "rfm.txt"],
    ],
)
def test_rfm_errors_are_one_line_in_the_commands_language(cli, workspace, args):
    # 错误： and a Chinese line by default (no English sentence); error: and no Chinese with --lang en
    args = [str(workspace / a) if a.endswith(".txt") else a for a in args]
    zh, en = cli("rfm", *args), cli("rfm", *args, "--lang", "en")
    assert zh.exit_code == en.exit_code and zh.exit_code in (1, 2), zh.output
    line = zh.output.strip()
    assert len(line.splitlines()) == 1 and line.startswith("错误：") and _CJK.search(line[3:]), line
    assert not _EN_SENTENCE.search(line), line
    line = en.output.strip()
    assert len(line.splitlines()) == 1 and line.startswith("error: ") and not _CJK.search(line), line


def test_unlinked_orders_left_out_are_noted_in_every_output(cli, workspace, db):
    # As unlinked payments are in receivables: the terminal, JSON and the workbook say how many
    # order lines (and how much) were not scored because their customer is not linked.
    from openpyxl import load_workbook

    con = connect(db)
    con.execute("UPDATE orders SET company_id = NULL WHERE customer = ?", (NAMES[3],))
    con.close()
    zh = cli("rfm", "--as-of", "2026-11-20")
    assert "3 个客户" in zh.output
    assert "1 条订单（1,000 元，1 个客户）未关联企业，未计入：见 regiontool problems" in zh.output
    en = json.loads(cli("rfm", "--as-of", "2026-11-20", "-f", "json", "--lang", "en").output)
    assert en["unlinked_orders_excluded"] == 1
    assert any(line.startswith("1 order line (1,000 yuan, 1 customer) is not linked") for line in en["notes"])
    out = workspace / "rfm.xlsx"
    assert cli("rfm", "--as-of", "2026-11-20", "--out", out).exit_code == 0
    notes = " ".join(
        str(c.value) for row in load_workbook(out)["RFM分群"].iter_rows() for c in row if c.value
    )
    assert "未关联企业" in notes
    # the unlinked line is dated 2024: a window that starts later leaves nothing unlinked out
    later = json.loads(cli("rfm", "--as-of", "2026-11-20", "--since", "2025-01-01", "-f", "json").output)
    assert later["unlinked_orders_excluded"] == 0 and not any("未关联" in line for line in later["notes"])


def test_a_managers_customers_keep_the_territorys_scores_and_segments(cli, workspace):
    """review r33 LOW-3: --manager narrows the customers listed, not the cut points and splits they are
    scored by, so the same customer has the same segment, quadrant and action in every view."""

    def rfm(*extra) -> dict:
        result = cli("rfm", "--as-of", "2026-11-20", "-f", "json", "--lang", "en", *extra)
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    everyone, mine = rfm(), rfm("--manager", "王海波")  # 华峰 (10 orders) and 永光 (1, long ago)
    assert {c["company"] for c in mine["customers"]} == {NAMES[0], NAMES[3]}
    for key in ("cut_points", "volume_split", "loyalty_split"):
        assert mine[key] == everyone[key]
    by_id = {c["company_id"]: c for c in everyone["customers"]}
    for c in mine["customers"]:
        assert c == by_id[c["company_id"]]
    churn = {c["company_id"]: c for c in everyone["churn"]}
    assert mine["churn"] and all(c == churn[c["company_id"]] for c in mine["churn"])
