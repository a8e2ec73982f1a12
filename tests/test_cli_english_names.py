"""What --lang en prints can be typed back: the English industry names in --where and market
--target-industries, the English level words in set; an unknown industry is refused with one line
listing the industries here in the language asked, as an unknown tier is."""

from __future__ import annotations

import csv
import io
import json

import pytest
from test_cli_bad_input import assert_one_error_line

from conftest import connect, write_xlsx


@pytest.fixture
def workspace(cli, tmp_path):
    """Firms of 电子电器 (华峰电器), 五金机械 (宏达五金, 永光五金工具) and 塑料 (金鑫塑料)."""
    assert cli("import", write_xlsx(tmp_path / "c.xlsx")).exit_code == 0


def _csv_names(result) -> set[str]:
    assert result.exit_code == 0, result.output
    return {row[1] for row in list(csv.reader(io.StringIO(result.stdout)))[1:]}


def test_where_industry_takes_the_english_name_list_prints(cli, workspace):
    chinese = _csv_names(cli("list", "--where", "industry=五金机械", "-f", "csv"))
    assert chinese == {"宁波宏达五金厂", "慈溪市永光五金工具有限公司"}
    for name in ("hardware & machinery", "Hardware  &  Machinery"):
        assert _csv_names(cli("list", "--where", f"industry={name}", "--lang", "en", "-f", "csv")) == chinese
    listed = cli("list", "--where", "industry!=hardware & machinery,plastics & rubber", "-f", "csv")
    assert _csv_names(listed) == {"慈溪市华峰电器有限公司"}
    pivot = cli(
        "pivot", "--by", "town", "--where", "industry=electrical appliances & instruments", "-f", "json"
    )
    assert pivot.exit_code == 0, pivot.output
    assert json.loads(pivot.stdout) == [{"镇街": "长河镇", "企业数": 1}, {"镇街": "总计", "企业数": 1}]


def test_an_english_name_with_a_comma_is_one_industry(cli, workspace):
    """paper, packaging & printing: an industry of the taxonomy no firm here has, read whole."""
    result = cli("list", "--where", "industry=paper, packaging & printing,plastics & rubber", "-f", "csv")
    assert _csv_names(result) == {"金鑫塑料制品有限公司"}


def test_an_unknown_industry_is_refused_listing_the_industries_here(cli, workspace):
    result = cli("list", "--where", "industry=火箭")
    assert_one_error_line(result, 2, ["没有这个行业：火箭", "这里的行业有 五金机械、塑料、电子电器"])
    result = cli("pivot", "--by", "town", "--where", "industry=rockets", "--lang", "en")
    assert_one_error_line(
        result,
        2,
        [
            "unknown industry rockets",
            "industries here: electrical appliances & instruments; hardware & machinery;",
        ],
        lang="en",
    )


def test_market_target_industries_take_english_names_and_refuse_in_english(cli, workspace):
    result = cli(
        "market",
        "--target-industries",
        "hardware & machinery,plastics & rubber",
        "--lang",
        "en",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.output
    targets = {r["industry"] for r in json.loads(result.stdout)["industries"] if r["target (chosen)"]}
    assert targets == {"hardware & machinery", "plastics & rubber"}
    result = cli("market", "--target-industries", "rockets,moulds & dies", "--lang", "en")
    line = assert_one_error_line(result, 2, ["unknown industries rockets, moulds & dies"], lang="en")
    assert (
        "industries here: electrical appliances & instruments; hardware & machinery; plastics & rubber"
        in line
    )
    assert "五金机械" not in line


def test_set_takes_the_english_words_explain_prints(cli, db, workspace):
    result = cli(
        "set", "宏达五金", "--deal-level", "major", "--closing", "This Month", "--industry", "moulds & dies"
    )
    assert result.exit_code == 0, result.output
    con = connect(db)
    row = con.execute(
        "SELECT deal_level, closing, industry FROM companies WHERE name LIKE '%宏达%'"
    ).fetchone()
    con.close()
    assert tuple(row) == ("重要", "本月内", "模具")
    result = cli("set", "宏达五金", "--deal-level", "huge", "--lang", "en")
    line = assert_one_error_line(result, 2, ["levels: above quota, major, partial, minor"], lang="en")
    assert "重要" not in line


def test_english_lines_list_names_apart_by_a_comma(cli, tmp_path):
    """The names are data and stay Chinese; the separator between them is the tool's own."""
    headers = ["序号", "企业名称", "来源", "联系人", "区域经理"]
    rows = [
        [1, "慈溪市华峰电器有限公司", "展会", "张伟", "王海波"],
        [2, "宁波华峰塑料有限公司", "网络", "赵敏", "沈晓东"],
    ]
    path = write_xlsx(tmp_path / "k.xlsx", headers=headers, rows=rows, title=None, notes_sheet=False)
    result = cli("import", path, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "kept as they are: 序号, 来源" in result.output and "、" not in result.output
    assert "原样保留：序号、来源" in cli("import", path, "--dry-run").output
    line = assert_one_error_line(
        cli("list", "--manager", "无人", "--lang", "en"), 2, ["managers: 沈晓东, 王海波"], "en"
    )
    assert "、" not in line
    line = assert_one_error_line(
        cli("explain", "华峰", "--lang", "en"), 2, ["宁波华峰塑料有限公司, 慈溪市华峰电器有限公司"], "en"
    )
    assert "、" not in line
