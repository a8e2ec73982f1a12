"""Industry from the company name or business scope: regiontool.enrich.industry."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from labelled import _CHARS, _LEGAL, _PLACES, default_set, industry_words, to_traditional

from regiontool import normalize
from regiontool.enrich.industry import IndustryMatch, IndustryRules
from regiontool.errors import UsageError

RULES = IndustryRules.load()
PROPERTY = settings(
    derandomize=True,
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def infer(name: str, scope: str = "", rules: IndustryRules = RULES) -> IndustryMatch:
    return rules.infer(normalize.text_key(name), scope)


def industry(name: str, scope: str = "", rules: IndustryRules = RULES) -> str | None:
    return infer(name, scope, rules).industry


# --- the documented rule ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("慈溪市华峰电器有限公司", "电子电器"),
        ("慈溪市華峰電器有限公司 ", "电子电器"),  # traditional, trailing space
        ("ＡＢＣ电器有限公司", "电子电器"),  # full-width letters
        ("宁波宏达五金厂", "五金机械"),
        ("金鑫塑料制品有限公司", "塑料"),  # 制品 kept with 塑料, not read as a suffix word
        ("慈溪市永光五金工具有限公司", "五金机械"),
        ("宁波华美模具有限公司", "模具"),
        ("余姚恒瑞汽车配件有限公司", "汽配"),
        ("宁波明德彩印包装有限公司", "纸业包装印刷"),
        ("慈溪福春工贸有限公司", "工贸"),
        ("宁波嘉禾进出口有限公司", "贸易"),
        ("浙江盛泰化工股份有限公司", "化工"),
        ("宁波安康物流有限公司", "物流线缆"),
        ("宁波凯祥电子科技有限公司", "电子行业"),
    ],
)
def test_one_keyword(name, label):
    assert industry(name) == label


def test_the_keyword_ending_last_wins():
    # The head noun comes just before the suffix: 五金电器 makes 电器.
    m = infer("宁波五金电器有限公司")
    assert m.industry == "电子电器"
    assert "电器" in m.basis and "五金" in m.basis  # the other candidate is explained
    assert industry("宁波电器五金有限公司") == "五金机械"
    assert industry("宁波华峰涂料工程有限公司") == "建筑建材"  # 涂料工程 ends after 涂料 (化工)


def test_equal_ends_the_longer_keyword_wins():
    assert industry("宁波华峰卫生洁具有限公司") == "卫浴"  # 卫生洁具 (卫浴) over 洁具 (家具洁具)


def test_no_keyword_gives_no_industry_and_says_so():
    m = infer("宁波华峰有限公司")
    assert m.industry is None
    assert "没有" in m.basis


def test_scope_is_read_when_the_name_has_no_keyword():
    m = infer("宁波华峰有限公司", "生产、销售：塑料制品、模具；货物进出口")
    assert m.industry == "塑料"  # the scope keyword appearing first
    assert "经营范围" in m.basis


def test_name_keyword_beats_scope():
    assert industry("宁波华峰模具有限公司", "生产销售塑料制品") == "模具"


def test_blank_name_and_scope():
    assert industry("") is None
    assert industry("", "") is None


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("宁波宏达商行", "贸易"),
        ("慈溪市宏达经营部", "贸易"),
        ("宁波华美酒店有限公司", "其他"),
        ("慈溪市泰嘉金属制品厂", "五金机械"),
        ("宁波宏达纸制品厂", "纸业包装印刷"),
        # review r28: firms of no target industry are 其他, not unknown; 农机 is machinery
        ("慈溪市宏远软件有限公司", "其他"),
        ("宁波云帆信息技术有限公司", "其他"),
        ("慈溪市鑫鑫化纤有限公司", "其他"),
        ("宁波智联网络科技有限公司", "其他"),
        ("余姚县凤山农机厂", "五金机械"),
        ("宁波海天网络通信设备有限公司", "电子行业"),  # the head noun 通信 ends last
    ],
)
def test_keyword_inside_the_legal_suffix(name, label):
    assert industry(name) == label


@pytest.mark.parametrize(
    ("name", "goods"),
    [
        ("慈溪市东方五金经营部", "五金机械"),
        ("慈溪市华联电器商行", "电子电器"),
        ("慈溪市兴旺塑料制品经营部", "塑料"),
        ("慈溪市華聯電器商行", "电子电器"),
        ("慈溪市华峰五金门市部", "五金机械"),
        ("宁波宏达电器批发部", "电子电器"),
        ("慈溪市永光五金商店", "五金机械"),
        ("余姚市金鑫塑料经销部", "塑料"),
    ],
)
def test_a_shop_is_trade_whatever_goods_its_name_says(name, goods):
    """The shop's own word is the head noun (review r28 #5): 五金经营部 is a trade shop."""
    m = infer(name)
    assert m.industry == "贸易"
    assert f"({goods})" in m.basis  # the goods' industry is named as the other candidate


def test_auto_electrics_are_auto_parts_and_the_basis_names_no_word_inside_the_winner():
    m = infer("慈溪市永盛汽车电器有限公司")
    assert m.industry == "汽配"
    assert m.basis == "名称关键词“汽车电器”"  # not “电器”(电子电器): it is part of 汽车电器


@pytest.mark.parametrize(
    "product",
    [
        "取暖器",
        "吸尘器",
        "电暖器",
        "电熨斗",
        "加湿器",
        "饮水机",
        "电风扇",
        "净化器",
        "榨汁机",
        "电饭煲",
        "电吹风",
    ],
)
def test_small_appliances_named_by_their_product_are_electrical_appliances(product):
    """慈溪's 小家电 firms are named after the product (review r28 #5b)."""
    assert industry(f"慈溪市杰达{product}厂") == "电子电器"
    assert industry(f"慈溪市惠康{product}有限公司") == "电子电器"


@pytest.mark.parametrize(
    ("scope", "label", "word"),
    [
        # the registry's current form: licensed side items first (review r96 F1)
        (
            "许可项目：货物进出口；技术进出口（依法须经批准的项目，经相关部门批准后方可开展经营活动）。"
            "一般项目：塑料制品制造；模具制造；五金产品批发。",
            "塑料",
            "塑料制品",
        ),
        (
            "许可项目：道路货物运输（不含危险货物）。一般项目：家用电器制造；家用电器销售。",
            "电子电器",
            "家用电器",
        ),
        ("五金产品批发；塑料制品制造", "塑料", "塑料制品"),  # the item the firm makes first
        ("生产、销售：塑料制品、模具；货物进出口", "塑料", "塑料制品"),  # the older form, as before
        ("货物进出口；技术进出口", "贸易", "货物进出口"),  # side items only: they decide
        ("许可项目：道路货物运输。一般项目：国内货物运输代理；普通货物仓储服务", "物流线缆", "货物运输"),
        ("软件开发；信息系统集成服务；计算机软硬件及辅助设备批发", "其他", "软件开发"),
        ("五金产品批发；五金产品零售；货物进出口", "贸易", "批发"),  # a trader: the item's activity (r97 F3)
        ("电子产品、五金配件的销售", "电子行业", "电子产品"),  # no activity keyword ends it: the first
        (
            "一般项目：五金产品批发（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）。",
            "贸易",
            "批发",
        ),
        ("五金产品批发业务", "贸易", "批发"),  # (review r98 F4)
        ("批发、零售：五金产品、塑料制品", "贸易", "批发"),  # the activity heads the goods
        ("五金产品：批发、零售", "贸易", "批发"),  # goods before the colon are no activity (review r99)
        ("塑料制品：批发", "贸易", "批发"),
        ("生产、批发：塑料制品", "塑料", "塑料制品"),  # an item the firm makes: its goods (review r100 F7)
        ("制造、批发、零售：家用电器", "电子电器", "家用电器"),
    ],
)
def test_a_scope_is_read_by_the_items_the_firm_makes_before_its_side_items(scope, label, word):
    m = infer("宁波恒信科技有限公司", scope)
    assert (m.industry, m.basis) == (label, f"经营范围关键词“{word}”")


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("宁波海纳电子商务有限公司", "贸易"),  # review r96 F2: no 电子 maker
        ("宁波冰峰汽车空调有限公司", "汽配"),  # F3
        ("宁波德马物流设备有限公司", "五金机械"),
        ("舒雅制衣有限公司", "其他"),  # F4: trade words that had no industry
        ("康宁药业有限公司", "其他"),
        ("梦洁家纺有限公司", "其他"),
        ("永盛压铸厂", "五金机械"),
        ("金鑫冲压件厂", "五金机械"),
        ("宏光车灯有限公司", "汽配"),
        ("喜尔美厨房用品有限公司", "休闲用品日用品"),
        ("宁波康平制药有限公司", "其他"),  # review r97 F4
        ("宁波海王大药房有限公司", "贸易"),  # a pharmacy sells: retail
        ("宁波餐饮连锁有限公司", "其他"),  # 连锁 names no trade (review r98 F3)
        ("宁波超市购物车制造有限公司", None),  # 超市 names no trade (review r100 F8)
    ],
)
def test_more_trade_words_of_the_region(name, label):
    assert industry(name) == label


# --- a custom rules file -----------------------------------------------------------------

CUSTOM = """
# two industries of my own
[[industry]]
label = "灯具"
name_words = ["灯具", "照明", "灯饰"]
scope_words = ["灯具"]

[[industry]]
label = "小家电"
en = "small appliances"
name_words = ["电器", "小家电"]
scope_words = ["家用电器"]
"""


def write(tmp_path, text: str, name: str = "r.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_custom_rules_replace_the_packaged_ones(tmp_path):
    rules = IndustryRules.load(write(tmp_path, CUSTOM))
    assert rules.labels == ["灯具", "小家电"]
    assert rules.source == "r.toml"
    assert industry("宁波华峰照明电器有限公司", rules=rules) == "小家电"
    assert industry("宁波华峰灯饰有限公司", rules=rules) == "灯具"
    assert industry("宁波华峰五金有限公司", rules=rules) is None  # not in this file
    assert industry("宁波华峰有限公司", "生产家用电器", rules=rules) == "小家电"
    assert IndustryRules.load().source == "industries.toml"  # the default is untouched


def test_custom_rules_without_the_scope_lists_read_scopes_as_the_packaged_ones(tmp_path):
    """Review r97 F2: the side items and the making words are how a scope is written, not the taxonomy."""
    text = CUSTOM + '[[industry]]\nlabel = "贸易"\nscope_words = ["货物进出口"]\n'
    rules = IndustryRules.load(write(tmp_path, text))
    assert (
        industry("宁波华峰有限公司", "许可项目：货物进出口。一般项目：家用电器制造", rules=rules) == "小家电"
    )
    own = IndustryRules.load(write(tmp_path, "scope_add_ons = []\n" + text, "own.toml"))
    assert industry("宁波华峰有限公司", "许可项目：货物进出口。一般项目：家用电器制造", rules=own) == "小家电"
    none = IndustryRules.load(write(tmp_path, "scope_add_ons = []\nscope_making = []\n" + text, "none.toml"))
    assert industry("宁波华峰有限公司", "许可项目：货物进出口。一般项目：家用电器制造", rules=none) == "贸易"


def test_custom_rules_keyword_written_in_traditional(tmp_path):
    rules = IndustryRules.load(write(tmp_path, '[[industry]]\nlabel = "A"\nname_words = ["電器"]\n'))
    assert industry("宁波华峰电器厂", rules=rules) == "A"


def test_custom_rules_word_listed_twice_keeps_the_first_industry(tmp_path):
    text = '[[industry]]\nlabel = "A"\nname_words = ["电器"]\n[[industry]]\nlabel = "B"\nname_words = ["电器", "五金"]\n'
    rules = IndustryRules.load(write(tmp_path, text))
    assert industry("宁波华峰电器厂", rules=rules) == "A"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x = [\n", "not valid TOML"),
        ("title = 'no industries'\n", "no [[industry]]"),
        ("industry = 3\n", "no [[industry]]"),
        ("[industry]\nlabel = 'A'\n", "no [[industry]]"),
        ("[[industry]]\nname_words = ['电器']\n", "no label"),
        ("[[industry]]\nlabel = '  '\n", "no label"),
        ("[[industry]]\nlabel = 'A'\nname_words = [1]\n", "non-text"),
        ("[[industry]]\nlabel = 'A'\nscope_words = [true]\n", "non-text"),
        ("scope_add_ons = '货物进出口'\n[[industry]]\nlabel = 'A'\n", "scope_add_ons must be a list"),
        ("scope_making = [1]\n[[industry]]\nlabel = 'A'\n", "scope_making must be a list"),
    ],
)
def test_custom_rules_errors(tmp_path, text, message):
    with pytest.raises(UsageError, match=message.replace("[", r"\[").replace("]", r"\]")):
        IndustryRules.load(write(tmp_path, text))


def test_custom_rules_missing_file(tmp_path):
    with pytest.raises(UsageError, match="not found"):
        IndustryRules.load(tmp_path / "missing.toml")


def test_custom_rules_not_utf8(tmp_path):
    path = tmp_path / "r.toml"
    path.write_bytes("[[industry]]\nlabel = '电器'\n".encode("gbk"))
    with pytest.raises(UsageError, match="not valid TOML"):
        IndustryRules.load(path)


def test_usage_error_exit_code(tmp_path):
    with pytest.raises(UsageError) as info:
        IndustryRules.load(tmp_path / "missing.toml")
    assert info.value.exit_code == 2


def test_custom_rules_path_is_a_directory(tmp_path):
    with pytest.raises(UsageError):
        IndustryRules.load(tmp_path)


def test_custom_rules_keywords_must_be_a_list(tmp_path):
    with pytest.raises(UsageError):
        IndustryRules.load(write(tmp_path, '[[industry]]\nlabel = "A"\nname_words = "电器"\n'))


def test_custom_rules_empty_keyword_is_refused_or_ignored(tmp_path):
    text = '[[industry]]\nlabel = "A"\nname_words = ["", "电器"]\n[[industry]]\nlabel = "B"\nname_words = ["五金"]\n'
    try:
        rules = IndustryRules.load(write(tmp_path, text))
    except UsageError:
        return
    assert industry("宏达五金华电", rules=rules) == "B"


# --- properties -------------------------------------------------------------------------

# Keywords that are or run into a legal suffix (see the xfail above).
_SUFFIX_CLASH = {"商行", "经营部", "酒店", "金属制品", "纸制品"}
_WORDS = sorted(w for w in industry_words() if w not in _SUFFIX_CLASH)
_BRANDS = st.text(alphabet=_CHARS, min_size=2, max_size=3)


@PROPERTY
@given(st.sampled_from(_WORDS), _BRANDS, st.sampled_from(_PLACES), st.sampled_from(_LEGAL), st.booleans())
def test_property_brand_word_suffix_gives_the_word_industry(word, brand, place, suffix, trad):
    name = f"{place}{brand}{word}{suffix}"
    if trad:
        name = to_traditional(name)
    assert industry(name) == industry_words()[word]


@PROPERTY
@given(st.sampled_from(_WORDS), _BRANDS, st.sampled_from(_LEGAL))
def test_property_scope_never_overrides_a_name_keyword(word, brand, suffix):
    assert industry(f"{brand}{word}{suffix}", "生产销售塑料制品、模具、五金") == industry_words()[word]


@PROPERTY
@given(st.text(max_size=30), st.text(max_size=60))
def test_property_infer_never_raises(name, scope):
    m = RULES.infer(normalize.text_key(name), scope)
    assert m.industry is None or m.industry in RULES.labels
    assert m.basis


def test_every_keyword_with_every_suffix():
    wrong = [
        f"宏达{w}{s}"
        for w, label in industry_words().items()
        for s in (*_LEGAL, "")
        if industry(f"宏达{w}{s}") != label
    ]
    assert not wrong, wrong[:10]


# --- accuracy on the labelled set -------------------------------------------------------


def test_labelled_names_cover_every_keyword():
    names = default_set().names
    assert len(names) >= 1000
    assert {c.word for c in names} == set(industry_words())


def test_accuracy_industry_on_one_keyword_names():
    names = default_set().names
    right = sum(industry(c.name) == c.industry for c in names)
    assert right / len(names) >= 0.95, f"{right}/{len(names)}"
