"""`regiontool rfm` prints the cut points that score (review r18 #1): a quintile of 110.8 days is
printed 110.8, not 111, so the printed rule (a cut point is an inclusive upper bound; the score
counts the cut points below the value) gives every customer the score the tool gives it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import openpyxl

from conftest import write_orders, write_xlsx

HEADERS = ["企业名称", "地址", "联系人", "手机", "区域经理"]
AS_OF = dt.date(2026, 11, 20)
# R (days before AS_OF) 110, 111, 142, 142, 172 → R quintiles 110.8 / 129.6 / 142 / 148; amounts
# 1,000.10 … → M quintiles with decimals too (1,000.1 + 0.8 × 999.9 = 1,800.02 …).
CUSTOMERS = [
    ("慈溪市辛八电器有限公司", 110, 1_000.10),
    ("慈溪市庚七电器有限公司", 111, 2_000),
    ("慈溪市戊五电子有限公司", 142, 3_000.55),
    ("慈溪市己六电子有限公司", 142, 4_000),
    ("慈溪市乙二五金有限公司", 172, 5_000),
]


def _workspace(cli, tmp_path):
    contacts = [[name, "浙江省慈溪市长河镇1号", "张一", "13800000001", "王海波"] for name, *_ in CUSTOMERS]
    orders = [
        [name, AS_OF - dt.timedelta(days=days), "ERP", 1, amount, f"SO{i}"]
        for i, (name, days, amount) in enumerate(CUSTOMERS)
    ]
    result = cli(
        "import",
        write_xlsx(tmp_path / "c.xlsx", HEADERS, contacts, title=None),
        write_orders(tmp_path / "o.xlsx", orders),
    )
    assert result.exit_code == 0, result.output


def _printed_cuts(text: str, name: str) -> list[float]:
    """The cut points of one dimension as printed: 'R 距今天数 · 110.8 / 129.6 / 142 / 148'."""
    match = re.search(re.escape(name) + r"[\s│·]+([\d.,]+(?: / [\d.,]+){3})", text)
    assert match, text
    return [float(c.replace(",", "")) for c in match.group(1).split(" / ")]


def _rule(value: float, cuts: list[float], higher_is_better: bool) -> int:
    """The README's rule applied by hand to the printed cut points."""
    below = sum(c < value for c in cuts)
    return below + 1 if higher_is_better else 5 - below


def _check(text: str, scores: list[dict]) -> None:
    r_cuts, m_cuts = _printed_cuts(text, "R 距今天数"), _printed_cuts(text, "M 累计金额")
    assert r_cuts == [110.8, 129.6, 142, 148]
    assert m_cuts == [1800.02, 2600.33, 3400.33, 4200]  # yuan to the fen, not 1,800 / 2,600 / 3,400
    for row in scores:
        assert int(row["R分"]) == _rule(float(row["距今天数"]), r_cuts, False), row
        assert int(row["M分"]) == _rule(float(row["累计金额"]), m_cuts, True), row


def test_terminal_and_workbook_print_the_cut_points_that_score(cli, tmp_path):
    _workspace(cli, tmp_path)
    args = ("rfm", "--as-of", AS_OF.isoformat())
    scores = list(csv.DictReader(io.StringIO(cli(*args, "-f", "csv").output)))
    by_name = {r["企业名称"]: r for r in scores}
    assert (by_name[CUSTOMERS[0][0]]["R分"], by_name[CUSTOMERS[1][0]]["R分"]) == ("5", "4")  # 110 | 111

    terminal = cli(*args)
    assert terminal.exit_code == 0, terminal.output
    _check(terminal.output, scores)

    out = tmp_path / "rfm.xlsx"
    assert cli(*args, "--out", out).exit_code == 0
    sheet = openpyxl.load_workbook(out)["RFM分群"]
    _check("\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None), scores)

    cuts = json.loads(cli(*args, "-f", "json").output)["cut_points"]  # the same figures
    assert (cuts["r"], cuts["m"]) == ([110.8, 129.6, 142, 148], [1800.02, 2600.33, 3400.33, 4200])
