"""Normalisers: examples from real sheets, and properties that must hold for any text."""

from __future__ import annotations

import datetime as dt
import math
import operator
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from regiontool import normalize, vocab


@pytest.mark.parametrize(
    "raw, code",
    [
        ("A", "A"),
        ("a", "A"),
        ("Ａ", "A"),
        (" B ", "B"),
        ("f1", "F1"),
        ("Ｆ１", "F1"),
        ("F 1", "F1"),
        ("F-2", "F2"),
        ("f3", "F3"),
        ("o", "O"),
        ("v", "V"),
        ("A类", "A"),
        ("A级", "A"),
        ("E类客户", "E"),
        ("B类客户", "B"),
        ("F1级", "F1"),
        ("Ｅ類客戶", "E"),
        ("C 类", "C"),
        ("我方用户", "V"),
        ("明确不上", "D"),
        ("无法掌握情况", "O"),
        ("注销", "F2"),
        ("註銷", "F2"),
        ("近期不上，但有规划", "B"),
        ("行业不匹配、不具规模", "F3"),
    ],
)
def test_tier_spellings(raw, code):
    assert normalize.normalize_tier(raw) == (code, "ok")


@pytest.mark.parametrize("raw", ["X", "A+", "大客户", "F4", "AB", "0", 0, "类", "A类B类", "类A客户"])
def test_unknown_tier_is_invalid_not_guessed(raw):
    assert normalize.normalize_tier(raw) == (None, "invalid")


def test_blank_tier():
    assert normalize.normalize_tier(None) == (None, "blank")
    assert normalize.normalize_tier("  ") == (None, "blank")


@given(
    st.sampled_from(vocab.TIER_ORDER),
    st.sampled_from(["", " ", "  ", "\u3000"]),
    st.booleans(),
    st.booleans(),
)
def test_tier_code_survives_case_width_and_spacing(code, pad, lower, wide):
    text = code.lower() if lower else code
    if wide:
        text = "".join(chr(ord(c) + 0xFEE0) for c in text)  # full-width forms
    spaced = pad + pad.join(text) + pad
    assert normalize.normalize_tier(spaced) == (code, "ok")


@pytest.mark.parametrize(
    "raw, value",
    [
        ("是", "是"),
        ("是的", "是"),
        ("Y", "是"),
        ("yes", "是"),
        ("TRUE", "是"),
        ("1", "是"),
        (1, "是"),
        ("√", "是"),
        ("✓", "是"),
        ("关键", "是"),
        ("否", "否"),
        ("不是", "否"),
        ("N", "否"),
        ("no", "否"),
        ("false", "否"),
        ("0", "否"),
        (0, "否"),
        ("×", "否"),
        ("✗", "否"),
        ("非关键", "否"),
    ],
)
def test_yes_no_spellings(raw, value):
    assert normalize.normalize_yes_no(raw) == (value, "ok")


def test_yes_no_unknown_and_blank():
    assert normalize.normalize_yes_no("待定") == (None, "invalid")
    assert normalize.normalize_yes_no("") == (None, "blank")


@pytest.mark.parametrize("raw", ["-1", -1, "+1", "－１", "-0", " - 1", "−1"])
def test_a_signed_number_is_no_yes_or_no(raw):
    assert normalize.normalize_yes_no(raw) == (None, "invalid")


@pytest.mark.parametrize(
    "raw, value",
    [
        ("是（决策人）", "是"),
        ("是(决策人)", "是"),
        ("是 （老板）", "是"),
        ("是-决策人", "是"),
        ("是——老板", "是"),
        ("是【決策人】", "是"),
        ("√（老板）", "是"),
        ("Y [boss]", "是"),
        ("yes - decision maker", "是"),
        ("否（一般）", "否"),
        ("否-会计", "否"),
        ("非关键(财务)", "否"),
        ("0（一般）", "否"),
        ("是，老板", "是"),  # after a comma or a space (review r30 #6)
        ("是 老板", "是"),
        ("是,决策人", "是"),
        ("是、决策人", "是"),
        ("是\u3000总经理", "是"),
        ("否，一般", "否"),
        ("否 财务", "否"),
        ("非 关键，财务", "否"),
        ("Y, boss", "是"),
    ],
)
def test_yes_no_with_a_comment_reads_as_the_word_before_it(raw, value):
    assert normalize.normalize_yes_no(raw) == (value, "ok")


@pytest.mark.parametrize(
    "raw",
    [
        *("是（否）", "y-n", "1-0", "是-1", "1-2", "是(2)", "（决策人）是", "待定（老板）"),
        *("是，否", "是 否", "1 0", "是 1", "1 2", "是-否，老板", "y-n, boss", "待定，是", "N/A"),
    ],
)
def test_yes_no_with_a_comment_that_is_no_word_or_says_the_opposite_is_not_read(raw):
    assert normalize.normalize_yes_no(raw) == (None, "invalid")


_SPELLINGS = sorted(vocab.YES_SPELLINGS | vocab.NO_SPELLINGS)
_COMMENT_WORDS = st.text(
    st.characters(whitelist_categories=("Lo", "Ll", "Lu", "Nd", "Zs"), max_codepoint=0x9FFF), min_size=1
).filter(lambda t: any(c.isalpha() for c in t))


def _comment_forms():
    brackets = st.sampled_from(vocab.YES_NO_COMMENT_BRACKETS).map(lambda b: (b[0], b[1]))
    dashes = st.sampled_from(vocab.YES_NO_COMMENT_DASHES).map(lambda d: (d, ""))
    separators = st.sampled_from(vocab.YES_NO_COMMENT_SEPARATORS).map(lambda d: (d, ""))
    return st.one_of(brackets, dashes, separators)


@given(st.sampled_from(_SPELLINGS), _comment_forms(), _COMMENT_WORDS, st.sampled_from(["", " "]))
def test_property_a_yes_no_with_a_comment_reads_as_that_yes_no(word, form, comment, space):
    value = normalize.normalize_yes_no(word)[0]
    said = normalize.normalize_yes_no(comment)[0]
    raw = f"{word}{space}{form[0]}{comment}{form[1]}"
    if said in (None, value):
        assert normalize.normalize_yes_no(raw) == (value, "ok")
    else:  # the comment says the opposite: 是（否）
        assert normalize.normalize_yes_no(raw) == (None, "invalid")


@given(st.sampled_from(_SPELLINGS), _comment_forms(), st.text(max_size=12))
def test_property_a_comment_never_turns_a_yes_into_a_no(word, form, comment):
    value = normalize.normalize_yes_no(word)[0]
    found, status = normalize.normalize_yes_no(f"{word}{form[0]}{comment}{form[1]}")
    assert found in (None, value)
    assert (found is None) == (status != "ok")


@given(st.sampled_from(vocab.TIER_ORDER), st.sampled_from(vocab.TIER_SUFFIXES), st.sampled_from(["", " "]))
def test_property_every_tier_reads_with_every_suffix(code, suffix, space):
    assert normalize.normalize_tier(f"{code}{space}{suffix}") == (code, "ok")
    assert normalize.normalize_tier(f"{code}{suffix}{suffix}") == (None, "invalid")


@pytest.mark.parametrize(
    "raw, numbers",
    [
        ("13812345678", ["13812345678"]),
        ("138 1234 5678", ["13812345678"]),
        ("138-1234-5678", ["13812345678"]),
        ("+86 13812345678", ["13812345678"]),
        ("１３８１２３４５６７８", ["13812345678"]),
        (13812345678, ["13812345678"]),
        (13812345678.0, ["13812345678"]),
        ("13812345678/13987654321", ["13812345678", "13987654321"]),
        ("13812345678 13987654321", ["13812345678", "13987654321"]),
        ("0574-63012345", ["0574-63012345"]),
        ("(0574)63012345", ["0574-63012345"]),
        ("（0574）63012345", ["0574-63012345"]),
        ("057463012345", ["0574-63012345"]),
        ("010-12345678", ["010-12345678"]),
        ("0574-63012345-803", ["0574-63012345-803"]),
        ("0574-63012345转803", ["0574-63012345-803"]),
        ("63012345", ["63012345"]),
        ("13812345678、0574-63012345", ["13812345678", "0574-63012345"]),
        ("+86-574-63012345", ["0574-63012345"]),
        ("0086 574 63012345", ["0574-63012345"]),
        ("+86 10 12345678", ["010-12345678"]),
        ("+86 0574 63012345", ["0574-63012345"]),
        ("400-800-1234", ["400-800-1234"]),
        ("4008001234", ["400-800-1234"]),
        ("800-820-8820", ["800-820-8820"]),
        ("+86 400 800 1234", ["400-800-1234"]),
        ("63012345 转 12", ["63012345-12"]),
        ("13812345678 (微信同号)", ["13812345678"]),
        ("13812345678（微信同号）", ["13812345678"]),
        ("手机13812345678 电话0574-63012345", ["13812345678", "0574-63012345"]),
        ("手机：13812345678", ["13812345678"]),
        ("Tel: 0574-63012345", ["0574-63012345"]),
        ("0574-6301 2345 ext 12", ["0574-63012345-12"]),
        ("0574-63012345分机801", ["0574-63012345-801"]),
    ],
)
def test_phone_forms(raw, numbers):
    assert normalize.normalize_phone(raw) == (numbers, True)


@pytest.mark.parametrize(
    "raw", ["abc", "1234", "138123456789999999999999", "传真", "传真 abc", "微信", "手机 abc", "(微信同号)"]
)
def test_phone_garbage_is_reported(raw):
    assert normalize.normalize_phone(raw)[1] is False


@pytest.mark.parametrize(
    ("raw", "numbers"),
    [
        ("传真0574-63012345", []),
        ("Fax: 0574-63012345", []),
        ("0574-63012345（传真）", []),
        ("电话0574-63012346 传真0574-63012345", ["0574-63012346"]),
        ("TEL 0574-63012346 FAX 0574-63012345", ["0574-63012346"]),
        ("传真 0574-63012345 13812345678", ["13812345678"]),
        ("0574-63012346 0574-63012345(传真)", ["0574-63012346"]),
        ("13812345678 传真号码：(0574)63012345", ["13812345678"]),
        ("传真：+86-574-63012345", []),
        # one number for both: a phone
        ("电话/传真：0574-63012345", ["0574-63012345"]),
        ("Tel/Fax 0574-63012345", ["0574-63012345"]),
    ],
)
def test_a_fax_number_is_understood_and_not_called(raw, numbers):
    assert normalize.normalize_phone(raw) == (numbers, True)
    assert normalize.normalize_phones([raw]) == [(numbers, True)]


@given(
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    st.from_regex(r"0[3-9][0-9]{2}-[2-9][0-9]{7}", fullmatch=True),
    st.sampled_from(vocab.FAX_LABELS),
    st.sampled_from(["{m} {f}{x}", "{m}；{f}：{x}", "{f} {x} {m}", "{m}/{x}（{f}）", "手机{m} {f}:{x}"]),
)
def test_property_a_fax_beside_a_mobile_leaves_the_mobile(mobile, fax, word, form):
    text = form.format(m=mobile, f=word.upper() if word.isascii() else word, x=fax)
    assert normalize.normalize_phone(text) == ([mobile], True)


@given(
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    st.sampled_from(["", " ", "-"]),
    st.sampled_from(["", "+86 ", "0086"]),
    st.booleans(),
)
def test_any_mobile_survives_formatting(number, sep, prefix, wide):
    text = prefix + number[:3] + sep + number[3:7] + sep + number[7:]
    if wide:
        text = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)
    assert normalize.normalize_phone(text) == ([number], True)


_LANDLINE_PARTS = st.tuples(
    st.one_of(
        st.from_regex(r"010|02[0-9]", fullmatch=True),  # real area codes only (review r74 F6)
        st.from_regex(r"0[3-9][0-9]{2}", fullmatch=True).filter(lambda a: a[1:] not in ("400", "800")),
    ),
    st.from_regex(r"[2-9][0-9]{6,7}", fullmatch=True),
)


@given(_LANDLINE_PARTS, st.sampled_from(["+86-{a}-{n}", "0086 {a} {n}", "+86 ({a}) {n}", "+86{a}{n}"]))
def test_property_an_international_landline_reads_as_the_national_one(parts, form):
    area, local = parts
    text = form.format(a=area[1:], n=local)  # the area code written without its trunk 0
    assert normalize.normalize_phone(text) == ([f"{area}-{local}"], True)


@given(
    st.one_of(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), st.builds("-".join, _LANDLINE_PARTS)),
    st.sampled_from(vocab.PHONE_LABELS),
    st.sampled_from(["{l}{n}", "{l}：{n}", "{l}: {n}", "{n}（{l}）", "{n} ({l})", "{n}{l}"]),
)
def test_property_a_word_beside_a_number_is_dropped(number, label, form):
    text = form.format(l=label.upper() if label.isascii() else label, n=number)
    assert normalize.normalize_phone(text) == ([number], True)


@given(
    st.one_of(st.from_regex(r"[2-9][0-9]{6,7}", fullmatch=True), st.builds("-".join, _LANDLINE_PARTS)),
    st.sampled_from(vocab.PHONE_EXTENSION_WORDS),
    st.sampled_from(["", " "]),
    st.from_regex(r"[0-9]{1,5}", fullmatch=True),
)
def test_property_an_extension_follows_its_number(number, word, space, ext):
    text = f"{number}{space}{word}{space}{ext}"
    assert normalize.normalize_phone(text) == ([f"{number}-{ext}"], True)


@given(
    st.sampled_from(vocab.PHONE_SERVICE_PREFIXES), st.from_regex(r"[0-9]{7}", fullmatch=True), st.booleans()
)
def test_property_service_numbers_are_accepted(prefix, rest, dashed):
    text = f"{prefix}-{rest[:3]}-{rest[3:]}" if dashed else prefix + rest
    assert normalize.normalize_phone(text) == ([f"{prefix}-{rest[:3]}-{rest[3:]}"], True)


# Numbers as cells hold them, each with or without an extension word, several in one cell.
_some_number = st.one_of(
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    st.builds("-".join, _LANDLINE_PARTS),
    st.builds(lambda parts: f"({parts[0]}){parts[1]}", _LANDLINE_PARTS),
    st.from_regex(r"[2-9][0-9]{6,7}", fullmatch=True),
    st.builds(
        operator.add,
        st.sampled_from(vocab.PHONE_SERVICE_PREFIXES),
        st.from_regex(r"[0-9]{7}", fullmatch=True),
    ),
    st.from_regex(r"9[0-9]{4,5}", fullmatch=True),  # 95555
)
_an_extension = st.one_of(
    st.just(""),
    st.builds(
        "{1}{0}{1}{2}".format,
        st.sampled_from(vocab.PHONE_EXTENSION_WORDS),
        st.sampled_from(["", " "]),
        st.from_regex(r"[0-9]{1,5}", fullmatch=True),
    ),
)


@given(st.lists(st.builds(operator.add, _some_number, _an_extension), min_size=1, max_size=3).map(" / ".join))
def test_property_a_normalised_phone_reads_back_as_itself(text):
    """The normal form printed (63012345 转 12 → 63012345-12) is read back unchanged, alone or
    joined as a contact's phones are (review r17 #4): a round trip adds no invalid-phone problem."""
    numbers, ok = normalize.normalize_phone(text)
    assert ok and numbers
    for number in numbers:
        assert normalize.normalize_phone(number) == ([number], True)
    assert normalize.normalize_phone("; ".join(numbers)) == (numbers, True)


@given(st.text(max_size=40))
def test_phone_never_crashes_and_outputs_digits(text):
    numbers, _ok = normalize.normalize_phone(text)
    for n in numbers:
        assert n.replace("-", "").isdigit()


@given(st.text(max_size=60))
def test_text_key_is_idempotent_and_space_free(text):
    key = normalize.text_key(text)
    assert normalize.text_key(key) == key
    assert not any(ch.isspace() for ch in key)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_fold_is_trimmed_nfkc(text):
    folded = normalize.fold(text)
    assert folded == folded.strip()
    assert "  " not in folded
    assert unicodedata.normalize("NFKC", folded) == folded


def test_text_key_folds_traditional_width_and_spaces():
    assert normalize.text_key("慈溪市華峰電器有限公司 ") == normalize.text_key("慈溪市华峰电器有限公司")
    assert normalize.text_key("宁波（慈溪） 华峰") == normalize.text_key("宁波(慈溪)华峰")
    assert normalize.text_key("ABC Co") == "abcco"


@given(st.lists(st.text(max_size=20), max_size=30))
def test_batch_keys_equal_single_keys(texts):
    assert normalize.text_keys(texts) == [normalize.text_key(t) for t in texts]
    assert normalize.folded_keys([normalize.fold(t) for t in texts]) == [normalize.text_key(t) for t in texts]


@pytest.mark.parametrize(
    "a, b",
    [
        ("宁波华峰电器有限公司", "慈溪市华峰电器厂"),
        ("浙江省宁波市慈溪市宏达五金制品厂", "宏达五金有限公司"),
        ("宁波市天腾电器厂", "宁波天腾电器有限公司"),
        ("宁波华峰电器(慈溪)有限公司", "宁波华峰电器有限公司"),
        ("宁波华峰电器（集团）股份有限公司", "华峰电器"),
        # English legal suffixes
        ("Ningbo Huafeng Co., Ltd.", "Ningbo Huafeng Company Limited"),
        ("NINGBO HUAFENG CORP.", "Ningbo Huafeng Inc."),
    ],
)
def test_company_stem_links_similar_names(a, b):
    places = ["宁波", "慈溪"]
    assert normalize.company_stem(normalize.text_key(a), places) == normalize.company_stem(
        normalize.text_key(b), places
    )


def test_company_stem_keeps_different_firms_apart():
    places = ["宁波", "慈溪"]
    stem = lambda s: normalize.company_stem(normalize.text_key(s), places)  # noqa: E731
    assert stem("宁波华峰电器有限公司") != stem("宁波华锋电器有限公司")
    assert stem("华峰电器有限公司") != stem("华峰五金有限公司")


@pytest.mark.parametrize("text", ["宁波", "慈溪市", "有限公司", "宁波有限公司", "浙江省宁波市慈溪市"])
def test_a_place_or_legal_word_alone_is_no_form_of_a_firm(text):
    forms = normalize.name_forms("宁波华峰电器有限公司", ["宁波", "慈溪"])
    assert normalize.text_key(text) not in forms
    assert normalize.name_forms(normalize.text_key("宁波有限公司"), ["宁波"]) == {"宁波有限公司"}


def test_a_firms_forms_are_its_name_without_place_or_legal_suffix():
    """Review r75 F2: exact forms only, never another firm of the stem nor a part of the name."""
    forms = normalize.name_forms("慈溪市佳腾电子有限公司", ["宁波", "慈溪"])
    assert {"慈溪佳腾电子", "慈溪市佳腾电子", "佳腾电子有限公司", "佳腾电子", "慈溪佳腾电子有限公司"} <= forms
    huafeng = normalize.name_forms("宁波华峰电器有限公司", ["宁波", "慈溪"])
    assert not {"慈溪华峰电器有限公司", "宁波电器厂", "电器", "华峰"} & huafeng
    assert "宁波干丰电器有限公司" not in normalize.name_forms("宁波乾丰电器有限公司", ["宁波"])


def test_header_keys_drop_units_and_fold_scripts():
    assert "年产值" in normalize.header_key_variants("年产值（万元）")
    assert normalize.header_key("企業名稱") == "企业名称"
    assert normalize.header_key("Company Name") == "companyname"


def test_cell_text():
    import datetime as dt

    assert normalize.cell_text(13812345678.0) == "13812345678"
    assert normalize.cell_text(1.5) == "1.5"
    assert normalize.cell_text(None) == ""
    assert normalize.cell_text(dt.date(2026, 3, 5)) == "2026-03-05"
    assert normalize.cell_text(dt.datetime(2026, 3, 5, 0, 0)) == "2026-03-05"


@given(st.lists(st.text(max_size=20), max_size=30))
def test_fold_many_equals_fold(texts):
    assert normalize.fold_many(texts) == [normalize.fold(t) for t in texts]


# Full-width and compatibility forms, combining marks and CJK side by side: most texts of a
# column are already NFKC and a few are not, which is the case the batch folding shortcuts.
_WIDTH_MIX = st.text(alphabet="ＡａＢ１２ｶﾞﾊﾟe\u0301\u0301华華公司ﬁ㈱①　 \t-", max_size=12)


@given(st.lists(_WIDTH_MIX, max_size=40))
def test_batch_folding_normalises_only_what_needs_it(texts):
    assert normalize.fold_many(texts) == [normalize.fold(t) for t in texts]
    folded = [normalize.fold(t) for t in texts]
    assert normalize.keys_of_folded_many(folded) == [normalize.text_key(t) for t in texts]


@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=20), max_size=30))
def test_keys_many_equal_single_keys(texts):
    folded = [normalize.fold(t) for t in texts]
    assert normalize.keys_of_folded_many(folded) == [normalize.text_key(t) for t in texts]


# --- order dates and amounts ---------------------------------------------------------

_DATES = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31))


@given(_DATES, st.sampled_from(["iso", "slash", "cn", "dot", "compact", "datetime", "serial", "wide"]))
def test_every_office_date_form_reads_back(day, form):
    text = {
        "iso": day.isoformat(),
        "slash": f"{day.year}/{day.month}/{day.day}",
        "cn": f"{day.year}年{day.month}月{day.day}日",
        "dot": f"{day:%Y.%m.%d}",
        "compact": f"{day:%Y%m%d}",
        "datetime": f"{day.isoformat()} 09:30:00",
        "wide": f"{day.year}／{day.month}／{day.day}".translate(
            {ord(c): ord(c) + 0xFEE0 for c in "0123456789"}
        ),
    }.get(form)
    value = (day - dt.date(1899, 12, 30)).days if form == "serial" else text
    assert normalize.parse_date(value) == day


@pytest.mark.parametrize("value", ["3/5/2026", "2026-02-30", "2026-13-01", "明天", "", None, True, "2026"])
def test_ambiguous_or_impossible_dates_are_refused(value):
    assert normalize.parse_date(value) is None


def test_date_cells_keep_their_day():
    assert normalize.parse_date(dt.datetime(2026, 3, 5, 23, 59)) == dt.date(2026, 3, 5)
    assert normalize.parse_date(dt.date(2026, 3, 5)) == dt.date(2026, 3, 5)


@given(
    st.integers(min_value=-(10**9), max_value=10**9),
    st.sampled_from(["plain", "comma", "yen", "yuan", "rmb", "wan", "paren"]),
)
def test_every_amount_form_reads_back(fen, form):
    amount = fen / 100
    text = {
        "plain": f"{amount:.2f}",
        "comma": f"{amount:,.2f}",
        "yen": f"¥{amount:,.2f}",
        "yuan": f"{amount:.2f}元",
        "rmb": f"RMB {amount:,.2f}",
        "wan": f"{amount / 10000:.6f}万元",
        "paren": f"({abs(amount):,.2f})",
    }[form]
    expected = -abs(amount) if form == "paren" else amount
    assert normalize.parse_amount(text) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize("value", ["abc", "1,2,3", "12.3.4", "", None, True, "万元"])
def test_non_amounts_are_refused(value):
    assert normalize.parse_amount(value) is None


def test_header_unit_scales_bare_numbers_only():
    unit = normalize.header_unit("金额（万元）")
    assert unit == 10_000
    assert normalize.parse_amount(1.5, unit) == 15_000
    assert normalize.parse_amount("2000元", unit) == 2000  # a written unit wins over the header's
    assert normalize.header_unit("金额") == 1


@pytest.mark.parametrize(
    ("header", "unit"),
    [("金額（萬元）", 10_000), ("目標(億元)", 1e8), ("預算（千元）", 1_000), ("金額（萬）", 10_000)],
)
def test_header_unit_reads_a_traditional_unit(header, unit):
    assert normalize.header_unit(header) == unit  # review r56 §1: was 1


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["萬", "萬元", "億", "億元"]))
def test_traditional_unit_words_in_a_cell_read_as_the_simplified_ones(fen, word):
    text = f"{fen / 100:.2f}{word}"
    simplified = text.replace("萬", "万").replace("億", "亿")
    assert normalize.read_amount(text) == normalize.read_amount(simplified) != (None, None)
    assert normalize.read_amount(f"-{text}") == normalize.read_amount(f"-{simplified}")


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan, 1e300, -1e300, 10**400])
def test_an_infinite_or_huge_number_is_no_date(value):
    assert normalize.parse_date(value) is None  # review r56 §3: inf raised OverflowError


@given(st.one_of(st.floats(), st.integers()), st.booleans())
@example(math.inf, False)
@example(-math.inf, True)
def test_parse_date_never_raises_on_a_number(number, date1904):
    normalize.parse_date(number, date1904)


@given(st.text(max_size=30))
def test_date_and_amount_parsers_never_raise(text):
    normalize.parse_date(text)
    normalize.parse_amount(text)


_mobile = st.from_regex(r"1[3-9]\d{9}", fullmatch=True)
_landline = st.from_regex(r"0(?:10|2\d|[3-9]\d{2})-[2-9]\d{6,7}", fullmatch=True)
_local = st.from_regex(r"[2-9]\d{6,7}", fullmatch=True)


@given(
    numbers=st.lists(st.one_of(_mobile, _landline, _local), min_size=2, max_size=4),
    seps=st.lists(st.sampled_from(["/", ",", "；", "、", " / ", "|", ",,"]), min_size=3, max_size=3),
)
def test_a_list_of_clean_numbers_reads_as_the_full_parser_reads_it(numbers, seps):
    """The shortcut for cells like 13812345678/0574-63012345 must agree with the parser."""
    text = numbers[0] + "".join(sep + n for sep, n in zip(seps, numbers[1:], strict=False))
    assert normalize.normalize_phone(text) == normalize._parse_phones(
        unicodedata.normalize("NFKC", text).strip()
    )
    if text.isascii():  # other scripts' digits (٠١٢) are no phone number
        assert normalize.normalize_phone(text) == (list(dict.fromkeys(numbers)), True)


# Phone cells as sheets hold them: clean or spaced, full-width, with +86, several in one
# cell, numeric cells, blanks and text that is no number.
_ascii_mobile = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
_ascii_landline = st.from_regex(r"0(?:[12][0-9]|[3-9][0-9]{2})-[2-9][0-9]{6,7}", fullmatch=True)
_FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
_phone_cell = st.one_of(
    _ascii_mobile,
    _mobile,
    _ascii_landline,
    st.builds(lambda n: n.translate(_FULL_WIDTH), st.one_of(_ascii_mobile, _ascii_landline)),
    st.builds(lambda n: f"+86 {n[:3]} {n[3:7]} {n[7:]}", _ascii_mobile),
    st.builds(lambda a, b: f" {a}/{b}转8", _ascii_mobile, _ascii_landline),
    st.builds(float, _ascii_mobile),
    st.sampled_from(["", " ", None, "无", "0574 63311060", "(0574)63991195"]),
    st.sampled_from(["+86-574-63012345", "400-800-1234", "63012345 转 12", "13812345678 (微信同号)"]),
    st.builds(lambda n: f"手机{n} 电话0574-63012345", _ascii_mobile),
    st.text(max_size=12),
)


@given(st.lists(_phone_cell, max_size=25))
def test_batch_phones_equal_single_phones(cells):
    assert normalize.normalize_phones(cells) == [normalize.normalize_phone(c) for c in cells]


# The one-match reading of the common phone forms gives what the full parser gives, for every
# text the pattern takes and for texts near it.
_digits = st.text("0123456789", min_size=1, max_size=9)
_near_light_phone = st.builds(
    lambda prefix, paren, groups, seps: (
        prefix
        + (f"({groups[0]})" if paren else groups[0])
        + "".join(sep + g for sep, g in zip(seps, groups[1:], strict=False))
    ),
    st.sampled_from(["", "+86", "+86 ", "86", "0086", "+86-"]),
    st.booleans(),
    st.lists(_digits, min_size=1, max_size=4),
    st.lists(st.sampled_from(["", " ", "-", "  ", "转", "—", "x"]), min_size=3, max_size=3),
)


@given(st.one_of(st.from_regex(normalize._LIGHT_PHONE, fullmatch=True), _near_light_phone))
def test_light_phone_forms_read_as_the_full_parser_reads_them(text):
    text = text.strip()
    assert normalize._parse_phones(text) == normalize._parse_all_phones(text)


# --- negative amounts and a cell's own unit (review r11 items 1 and 3) -----------------------

_NEGATIVE_FORMS = {
    "minus": "-{a}",
    "minus-yen": "-¥{a}",  # how WPS and many ERPs print a negative currency cell
    "minus-fullwidth-yen": "-￥{a}",
    "yen-minus": "¥-{a}",
    "fullwidth-minus": "－{a}",
    "minus-sign": "\u2212{a}",  # U+2212, typeset reports
    "en-dash": "\u2013{a}",
    "trailing": "{a}-",  # SAP
    "trailing-yen": "¥{a}-",
    "paren": "({a})",
    "paren-yen": "(¥{a})",
    "yen-paren": "¥({a})",
    "minus-rmb": "-RMB {a}",
    "minus-cny-after": "-{a} CNY",
}


@given(st.integers(min_value=1, max_value=10**12), st.sampled_from(sorted(_NEGATIVE_FORMS)), st.booleans())
def test_every_negative_form_reads_back(fen, form, commas):
    amount = fen / 100
    text = _NEGATIVE_FORMS[form].format(a=f"{amount:,.2f}" if commas else f"{amount:.2f}")
    assert normalize.parse_amount(text) == pytest.approx(-amount, abs=0.001), text


@given(
    st.integers(min_value=1, max_value=10**9),
    st.sampled_from(["-{a}", "({a})", "{a}-", "¥-{a}"]),
    st.sampled_from(["-{t}", "({t})", "{t}-"]),
)
def test_two_minus_signs_are_not_an_amount(fen, inner, outer):
    """(-500), -500-, -(500): a sign too many is a typo to look at, not a guess (the old reader took
    (-500) for +500)."""
    text = outer.format(t=inner.format(a=f"{fen / 100:.2f}"))
    assert normalize.parse_amount(text) is None, text


@given(
    st.integers(min_value=-(10**11), max_value=10**11),
    st.sampled_from([10_000, 1_000, 1e8]),
    st.sampled_from(["¥{a}", "￥ {a}", "RMB {a}", "rmb{a}", "{a} CNY", "人民币{a}", "{a}元", "-¥{a}"]),
)
def test_a_cell_that_names_its_currency_is_not_scaled_by_the_header(fen, unit, form):
    amount = fen / 100
    negated = form.startswith("-")
    text = form.format(a=f"{abs(amount) if negated else amount:,.2f}")
    value, own = normalize.read_amount(text, unit)
    expected = -abs(amount) if negated else amount
    assert value == pytest.approx(expected, abs=0.001), text
    assert own == 1


@given(st.integers(min_value=-(10**11), max_value=10**11), st.sampled_from([1, 10_000, 1_000, 1e8]))
def test_bare_numbers_are_scaled_by_the_header(fen, unit):
    amount = fen / 100
    for text in (f"{amount:.2f}", f"{amount:,.2f}", amount):
        value, own = normalize.read_amount(text, unit)
        assert value == pytest.approx(round(amount * unit, 2), rel=1e-9, abs=0.001) and own is None


@given(st.integers(min_value=1, max_value=10**8), st.sampled_from(sorted(vocab.AMOUNT_UNIT_WORDS)))
def test_a_unit_word_wins_over_the_header(n, word):
    assert normalize.read_amount(f"¥{n}{word}", 10_000) == (
        n * vocab.AMOUNT_UNIT_WORDS[word],
        vocab.AMOUNT_UNIT_WORDS[word],
    )


def test_the_review_cells():
    wan = normalize.header_unit("金额（万元）")
    for text in ("¥3,000", "RMB 3,000", "￥3,000", "3,000 CNY", "3000元"):
        assert normalize.parse_amount(text, wan) == 3000, text
    assert normalize.parse_amount("¥ 1,000.00", wan) == 1000
    assert normalize.parse_amount("500.00 CNY", wan) == 500
    assert normalize.parse_amount("3,000", wan) == 30_000_000  # a bare number is in the header's unit
    assert normalize.parse_amount("-￥2,000.00") == -2000
    assert normalize.parse_amount("500-") == -500
    assert normalize.parse_amount("−500") == -500
    assert normalize.parse_amount("-¥500") == -500


@pytest.mark.parametrize(
    "mark", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\u200e"]
)
def test_invisible_format_characters_are_dropped_from_cleaned_values_and_keys(mark):
    assert normalize.fold(f"{mark}慈溪市乙{mark}电器厂{mark}") == "慈溪市乙电器厂"
    assert normalize.fold_many([f"A{mark}", "是"]) == ["A", "是"]
    assert normalize.text_key(f"华峰{mark}电器") == normalize.text_key("华峰电器")
    assert normalize.normalize_tier(f"A{mark}") == ("A", "ok")
    assert normalize.normalize_yes_no(f"是{mark}") == ("是", "ok")
    assert normalize.normalize_phone(f"138{mark}0000\u00a00001") == (["13800000001"], True)
    assert normalize.normalize_phones([f"138{mark}00000001", "x"])[0] == (["13800000001"], True)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("宁波乾丰電器有限公司", "宁波乾丰电器有限公司"),  # simplified text, one stray traditional character
        ("寧波乾丰电器有限公司", "宁波乾丰电器有限公司"),
        ("宁波乾丰电器有限公司(寧波)", "宁波乾丰电器有限公司(宁波)"),
        ("寧波乾燥設備有限公司", "宁波干燥设备有限公司"),  # traditional text: converted whole
        ("寧波乾豐電器有限公司", "宁波干丰电器有限公司"),
        ("寧波乾峰電器有限公司", "宁波干峰电器有限公司"),  # 峰: Taiwan's too, no simplified-only character
    ],
)
def test_a_kept_character_is_converted_only_in_traditional_text(name, key):
    """Review r75 F3: a name is converted whole only when none of its characters is simplified-only."""
    assert normalize.text_key(name) == key
    assert normalize.text_keys([name, "宁波华峰电器有限公司"])[0] == key
    assert normalize.keys_of_folded_many([name, "x"])[0] == key


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("A-可以上门拜访", "A"),  # review r101 F13: a drop-down's code with its own description
        ("V（我方用户）", "V"),
        ("可以上门拜访(A)", "A"),
        ("A类：可以上门拜访", "A"),
        ("D-不了解/明确不上", "D"),
        ("F2 注销", "F2"),
        ("A-近期不上", None),  # another tier's words: no tier
        ("B（已转为我方用户）", None),
        ("A（降为C）", None),
    ],
)
def test_a_tier_code_with_its_own_description_is_the_code(cell, code):
    assert normalize.normalize_tier(cell) == ((code, "ok") if code else (None, "invalid"))


@pytest.mark.parametrize("cell", ["x", "X", "ｘ"])
def test_an_ascii_x_in_a_key_contact_cell_is_reported_not_read_as_no(cell):
    """Review r101 F8: in a column of ticks an x is as often a mark made as a cross."""
    assert normalize.normalize_yes_no(cell) == (None, "invalid")
    assert normalize.normalize_yes_no("×") == ("否", "ok")
