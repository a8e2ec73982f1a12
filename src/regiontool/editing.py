"""Changing a company by hand (`regiontool set`) and reading its history: every change is logged."""

from __future__ import annotations

import orjson
from pydantic import BaseModel

from . import normalize, vocab
from .errors import DataError, UsageError
from .store import Workspace

SETTABLE = (
    "tier",
    "manager",
    "town",
    "county",
    "industry",
    "size",
    "deal_level",
    "closing",
    "value_level",
    "attractiveness",
    "advantage",
    "competitor",
)
MANUAL = "手工设置（regiontool set）"
SET_SOURCE = "regiontool set"  # history.source of a change made by hand: imports keep such values


class FieldChange(BaseModel):
    field: str
    old: str | None
    new: str | None


def find_company(ws: Workspace, name: str, changing: bool = True) -> dict:
    """The one company a name means, as `explain` finds it (explain.find_one): exact normalised
    name, else the only one containing it."""
    from .explain import find_one

    return find_one(ws, name, changing=changing)[0]


def set_fields(
    ws: Workspace,
    name: str,
    values: dict[str, str | None],
    note: str | None = None,
    dry_run: bool = False,
    force: bool = False,
) -> tuple[str, list[FieldChange]]:
    """Set key fields of one company by hand; returns its name and the changes made (and logged).

    A town is looked up in the gazetteer and its county follows it, with that reason (unless
    --county is given too, which must agree); a town the gazetteer does not have is refused,
    naming the close ones, unless `force` keeps it as written (its county then stays)."""
    unknown = set(values) - set(SETTABLE)
    if unknown:
        raise UsageError(
            f"cannot set {', '.join(sorted(unknown))}",
            f"settable: {', '.join(SETTABLE)}",
            zh=f"不能设置 {', '.join(sorted(unknown))}：可设置的有 {', '.join(SETTABLE)}",
        )
    clean: dict[str, str] = {}
    for field, value in values.items():
        if value is None:
            continue
        value = normalize.fold(value)
        if field == "tier":
            code, status = normalize.normalize_tier(value)
            if status != "ok":
                raise UsageError(
                    f"--tier '{value}' is not a tier",
                    "tiers: " + " ".join(vocab.TIER_ORDER),
                    zh=f"--tier '{value}' 不是客户分类：可用的分类有 " + " ".join(vocab.TIER_ORDER),
                )
            value = code
        elif field == "size":
            band, status = normalize.normalize_size(value)
            if status != "ok":
                raise UsageError(
                    f"--size '{value}'",
                    "sizes: " + " ".join(vocab.SIZE_ORDER),
                    zh=f"--size '{value}' 无法识别：规模可选 " + " ".join(vocab.SIZE_ORDER),
                )
            value = band
        elif field in ("town", "county", "industry", "manager", "competitor"):
            value = normalize.to_simplified(value)
            if field == "industry":  # an English name as --lang en prints it is the taxonomy's label
                value = vocab.industry_of(value) or value
        elif field in ("deal_level", "closing"):
            from .analysis.energy import level

            levels = vocab.DEAL_LEVELS if field == "deal_level" else vocab.CLOSING_LEVELS
            named = level(value, levels)
            if named is None:
                option = "--deal-level" if field == "deal_level" else "--closing"
                raise UsageError(
                    f"{option} '{value}'",
                    "levels: " + ", ".join(vocab.value_label(field, n, "en") for n in levels),
                    zh=f"{option} '{value}' 无法识别：等级可选 " + " ".join(levels),
                )
            value = named
        elif field == "value_level":
            from .analysis.energy import value_level

            named = value_level(value, None, None)
            if named is None:
                raise UsageError(
                    f"--value-level '{value}'",
                    "levels: "
                    + ", ".join(vocab.value_label("value_level", n, "en") for n in vocab.VALUE_LEVELS),
                    zh=f"--value-level '{value}' 无法识别：等级可选 " + " ".join(vocab.VALUE_LEVELS),
                )
            value = named
        elif field in ("attractiveness", "advantage"):
            from .analysis.energy import high_or_low

            if high_or_low(value) is None:
                raise UsageError(
                    f"--{field} '{value}'",
                    "use 高 or 低 (or a score 1–5)",
                    zh=f"--{field} '{value}' 无法识别：请用 高 或 低（或 1–5 分）",
                )
        clean[field] = value
    # a town label the workspace shows, 新桥镇（象山县）, is the township and its county, and so is a
    # township typed with its county where the place-name data has it there (as import reads such a
    # cell); any other text, 滨海开发区(杭州湾新区) too, is the town as typed
    shown = ws.shown_town(clean["town"]) if "town" in clean else None
    if "town" in clean and shown is None:
        from .enrich import labelled_town
        from .enrich.town import Gazetteer

        shown = labelled_town(Gazetteer.load(), clean["town"], None)
    if shown:
        town, county = shown
        if clean.setdefault("county", county) != county:
            raise UsageError(
                f"--town '{values['town']}' and --county '{clean['county']}' name different counties",
                "give one of them",
                zh=f"--town '{values['town']}' 与 --county '{clean['county']}' 指的不是同一个区县：请只给其中一个",
            )
        clean["town"] = town
    if not clean and not note:
        raise UsageError(
            "nothing to set",
            "e.g. --tier B or --note '约了下周演示'",
            zh="没有要设置的内容：例如 --tier B 或 --note '约了下周演示'",
        )
    context = ws.dry_transaction() if dry_run else ws.transaction()
    with context:  # read inside: another writer's change is seen, never overwritten unlogged
        company = find_company(ws, name)
        reasons = orjson.loads(company["basis"]) if company.get("basis") else {}
        county_reason = _county_of_town(clean, company, force) if "town" in clean else None
        changes = [  # a tier's old value as shown: its text where it is no tier code (大客户)
            FieldChange(
                field=f, old=company.get(f) or (company.get("tier_raw") if f == "tier" else None), new=v
            )
            for f, v in clean.items()
            if company.get(f) != v
        ]
        updates: list[tuple[int, str, object]] = [(company["id"], c.field, c.new) for c in changes]
        if any(c.field == "tier" for c in changes):
            updates.append((company["id"], "tier_raw", clean["tier"]))
        for c in changes:
            reasons[c.field] = MANUAL  # explain and the export's 推断依据 say so
        if county_reason and any(c.field in ("town", "county") for c in changes):
            reasons["county"] = county_reason  # the county follows the town, even when unchanged
        if changes:
            updates.append((company["id"], "basis", orjson.dumps(reasons).decode()))
        ws.update_fields("companies", updates)
        history = [(company["id"], None, c.field, c.old, c.new, SET_SOURCE, None) for c in changes]
        if note:
            history.append((company["id"], None, "note", None, note, SET_SOURCE, None))
            changes.append(FieldChange(field="note", old=None, new=note))
        ws.add_history(history)
        if any(c.field == "tier" for c in changes):
            from .orders import recheck_not_v

            recheck_not_v(ws)  # a tier fixed by hand loses its tier-not-v, a V taken away gains one
        if any(c.field in vocab.LEVEL_CHOICES for c in changes):
            recheck_levels(ws, company["id"], {c.field for c in changes})
    return company["name"], changes


def recheck_levels(ws: Workspace, company_id: int, fields: set[str]) -> None:
    """A level set by hand (set --attractiveness 高) is read and scored: the invalid-level problems
    of that column in the firm's rows (客户吸引力“5分”无法识别…不计分) no longer hold and go, as a
    tier set by hand drops its tier-not-v; the files' summaries count what `problems` lists."""
    from .io.layout import column_letter

    imports = {i["id"]: i for i in ws.imports()}
    drop: list[int] = []
    touched: set[int] = set()
    for problem_id, import_id, col, _value in ws.company_row_problems("invalid-level", company_id):
        record = imports.get(import_id) or {}
        headers, mapping = record.get("headers") or [], record.get("mapping") or {}
        field = next((mapping.get(h) for n, h in enumerate(headers) if column_letter(n) == col), None)
        if field in fields:
            drop.append(problem_id)
            touched.add(import_id)
    ws.delete_problems(drop)
    for import_id in touched:
        summary = imports[import_id].get("summary") or {}
        if summary:
            problems = sum(ws.import_problem_counts(import_id).values())
            ws.set_import_summary(import_id, summary | {"problems": problems})


def _county_of_town(clean: dict[str, str], company: dict, force: bool) -> str | None:
    """Settle the county of a town set by hand from the gazetteer: into `clean` (unless given),
    returning its reason (None when --county was given: set by hand too)."""
    from .enrich import county_from_town
    from .enrich.town import Gazetteer

    gaz = Gazetteer.load()
    town, given = clean["town"], clean.get("county")
    options = [gaz.counties[i] for i in dict.fromkeys(gaz.towns.get(town, ()))]
    if not options:
        if not force:
            close = close_towns(gaz, town, company.get("county"))
            raise UsageError(
                f"--town '{town}' is not a township in the gazetteer"
                + (f"; close: {vocab.listed(close, 'en')}" if close else ""),
                "give the township's full name (镇/乡/街道), or add --force to keep it as written",
                zh=f"--town '{town}' 不是地名库中的镇街"
                + (f"（相近的有：{'、'.join(close)}）" if close else "")
                + "：请写镇街全称（镇/乡/街道），或加 --force 按原样保留",
            )
        return None if given else TOWN_NOT_LISTED.format(town=town)
    if given:
        if not force and not any(given in (c.name, c.short) for c in options):
            counties = [c.name for c in options[:6]]
            raise UsageError(
                f"--town '{town}' is not in --county '{given}' (it is in {vocab.listed(counties, 'en')})",
                "correct either, or add --force to keep both as given",
                zh=f"--town '{town}' 不在 --county '{given}' 内（它属于 {vocab.listed(counties)}）："
                "请改正其中一个，或加 --force 按所给的保留",
            )
        return None
    chosen = [c for c in options if c.name == company.get("county")] if len(options) > 1 else options
    if len(chosen) != 1:
        counties = [c.name for c in options[:6]]
        raise UsageError(
            f"--town '{town}' is in several counties: {vocab.listed(counties, 'en')}",
            "add --county to say which",
            zh=f"--town '{town}' 在多个区县都有（{vocab.listed(counties)}）：请加 --county 指明是哪一个",
        )
    clean["county"] = chosen[0].name
    return county_from_town(town, chosen[0].name)


def close_towns(gaz, text: str, county: str | None = None, limit: int = 5) -> list[str]:
    """Township names of the gazetteer that resemble `text`, those of `county` first."""
    from rapidfuzz import fuzz, process

    local = [
        t for t, where in gaz.towns.items() if county and any(gaz.counties[i].name == county for i in where)
    ]
    found = process.extract(text, local, scorer=fuzz.ratio, limit=limit, score_cutoff=50) if local else []
    found += process.extract(text, list(gaz.towns), scorer=fuzz.ratio, limit=limit, score_cutoff=50)
    return list(dict.fromkeys(name for name, _score, _i in found))[:limit]


# The county's reason when the town set by hand is not in the gazetteer (set --town … --force).
TOWN_NOT_LISTED = "未随镇街更新（{town} 不在地名库中）"


def company_history(ws: Workspace, name: str) -> tuple[str, list[dict]]:
    company = find_company(ws, name, changing=False)  # reads only: no 未作任何更改
    return company["name"], ws.history(company["id"])


def link_customer(
    ws: Workspace, customer: str, company: str, dry_run: bool = False, force: bool = False
) -> tuple[str, int]:
    """Tie an orders file's customer name to a company (a candidate `problems` offered).

    Returns the company's name and how many order lines that links; later imports of
    orders under that name link by themselves. A name that is a company's own (its lines linked
    to it by that name) is refused unless `force`: an `unlinked-order` problem listed before the
    firm arrived offers candidates that are other firms.
    """
    key = normalize.text_key(customer)
    if not key:
        raise UsageError("the customer name is blank", zh="客户名称是空的")
    if not ws.has_orders_of(key):
        raise DataError(
            f"no orders under the customer name '{customer}'",
            "copy the name from `regiontool problems`",
            zh=f"没有客户名称为“{customer}”的订单：请从 `regiontool problems` 的结果中复制名称",
        )
    context = ws.dry_transaction() if dry_run else ws.transaction()
    with context:
        target = find_company(ws, company)
        merged = ws.alias_of(key)
        if merged and merged[1] != target["name"] and not force:
            gone, kept, when = merged  # its contacts would stay there, its orders go elsewhere
            raise DataError(
                f"'{customer}' was merged into {kept} on {when[:10]} (regiontool merge): its order lines"
                f" and payments are {kept}'s; to link them to {target['name']} instead, add --force",
                zh=f"“{customer}”已于 {when[:10]} 并入 {kept}（regiontool merge），其订单和回款都在 {kept} 名下；"
                f"确要改关联到 {target['name']}，请加 --force",
            )
        own = ws.own_company_lines(key)
        if own and own[0] != target["id"] and own[2] and not force:
            cid, name, lines = own
            raise DataError(
                f"'{customer}' is the name of the company {name} (id {cid}), its {lines} order lines and"
                f" payments are linked to it; to link them to {target['name']} instead, add --force",
                zh=f"“{customer}”就是企业 {name}（企业编号 {cid}）的名称，其 {lines} 条订单和回款已关联到它；"
                f"确要改关联到 {target['name']}，请加 --force",
            )
        n = ws.link_name(key, target["id"])
        from .orders import recheck_not_v

        recheck_not_v(ws)  # orders linked to a firm that is not V: tier-not-v
        ws.add_history([(target["id"], None, "link", None, customer, MANUAL_LINK, None)])
    return target["name"], n


MANUAL_LINK = "手工关联（regiontool link）"


MERGE_SOURCE = "regiontool merge"  # history.source of a merge and of the fields it filled
# Company columns a merge takes from the other firm with the field they go with (the tier's text, the
# figures read from 员工人数/营业额), with no history row of their own.
_MERGE_QUIET = {"tier_raw": "tier", "employees_n": "employees", "revenue_n": "revenue"}


class MergeResult(BaseModel):
    kept: str
    kept_id: int
    other: str
    other_id: int
    contacts: int
    same_people: int = 0  # of those, people the kept firm lists too (store.merging.same_person), kept both
    orders: int
    payments: int
    activities: int
    filled: list[str]
    dry_run: bool = False
    was_apart: bool = False  # the pair had been recorded as two firms (`apart`); that record goes
    dropped: list[tuple[str, str, str]] = []  # (field, the other's value not taken, the kept value)
    # the other firm's manager, the kept firm's, and the yuan of orders and payments moving between them
    managers: tuple[str, str] | None = None
    moved_amounts: tuple[float, float] = (0.0, 0.0)


def merge_companies(ws: Workspace, other: str, kept: str, dry_run: bool = False) -> MergeResult:
    """The manager's decision that two listed names are one firm: the other firm goes into the
    kept one, in one transaction, and stays gone.

    Its contacts (keyed in its name's namespace: 张伟@其名; a person both firms list stays two
    contacts, counted: nothing either row holds is lost or overwritten), order and payment lines, activities,
    history (marked as the other's) and name links move; the kept firm's blank fields take the other's
    (never overwritten; each in the history, a hand-set value as set by hand); its name key becomes
    an alias (company_aliases: a later contact file writing it lands on the kept firm, its contacts
    on the keys they got here; its id kept) and a name link (orders and payments under it). The stored
    problems follow: the other's name leaves the possible-duplicate groups, its firm-not-in-file and
    conflicting-value problems go."""
    from .orders import recheck_not_v
    from .records import EXPORT_FIRM_FIELDS, shown_value
    from .store.schema import COMPANY_COLUMNS

    context = ws.dry_transaction() if dry_run else ws.transaction()
    with context:
        gone, keep = _two_firms(
            ws,
            other,
            kept,
            (
                "give the name to merge away first, then the name to keep",
                "请先给要并掉的企业，再给保留的企业",
            ),
        )
        row_problems = [p[0] for p in ws.company_row_problems("conflicting-value", gone["id"])]
        was_apart = frozenset((gone["name_key"], keep["name_key"])) in ws.apart_pairs()
        dropped = _not_taken(gone, keep)
        managers = (
            (gone["manager"], keep["manager"]) if any(f == "manager" for f, _o, _k in dropped) else None
        )
        amounts = ws.firm_amounts(gone["id"]) if managers else (0.0, 0.0)
        hand_set = {f for _c, f in ws.fields_last_set_by(SET_SOURCE, [gone["id"]])}
        contacts, same = ws.move_contacts(gone["id"], keep["id"], gone["name_key"])
        moved = ws.repoint_company(gone["id"], keep["id"], gone["name"])
        reasons = orjson.loads(keep["basis"]) if keep.get("basis") else {}
        their_reasons = orjson.loads(gone["basis"]) if gone.get("basis") else {}
        fills = [
            c
            for c in COMPANY_COLUMNS
            if c != "basis"
            and c not in _MERGE_QUIET
            and keep.get(c) in (None, "")
            and gone.get(c) not in (None, "")
        ]
        fills += [c for c, lead in _MERGE_QUIET.items() if lead in fills]  # 大客户 is no text of a B
        updates: list[tuple[int, str, object]] = [(keep["id"], c, gone[c]) for c in fills]
        for c in fills:
            if c in their_reasons:
                reasons[c] = their_reasons[c]
        if any(c in their_reasons for c in fills):
            updates.append((keep["id"], "basis", orjson.dumps(reasons).decode()))
        ws.update_fields("companies", updates)
        logged = [c for c in fills if c not in _MERGE_QUIET]
        # A value the other firm's manager set by hand stays set by hand (imports keep it).
        history = [
            (keep["id"], None, c, None, str(gone[c]), SET_SOURCE if c in hand_set else MERGE_SOURCE, None)
            for c in logged
        ]
        history.append((keep["id"], None, "merge", None, gone["name"], MERGE_SOURCE, None))
        ws.add_history(history)
        ws.delete_company(gone["id"])
        shown = {f: shown_value(gone, f) for f in EXPORT_FIRM_FIELDS}
        ws.add_alias(gone["name_key"], keep["id"], gone["name"], gone["id"], shown)
        ws.repoint_apart(gone["name_key"], keep["name_key"])  # kept apart from the other: from the kept too
        ws.relink_orders()  # lines under the other name that waited unlinked
        ws.relink_payments()
        _merged_problems(ws, gone, keep, row_problems)
        recheck_not_v(ws)  # the other's lines on a firm of another tier: tier-not-v again
    return MergeResult(
        kept=keep["name"],
        kept_id=keep["id"],
        other=gone["name"],
        other_id=gone["id"],
        contacts=contacts,
        same_people=same,
        orders=moved["orders"],
        payments=moved["payments"],
        activities=moved["activities"],
        filled=logged,
        dry_run=dry_run,
        was_apart=was_apart,
        dropped=dropped,
        managers=managers,
        moved_amounts=amounts,
    )


def _not_taken(gone: dict, keep: dict) -> list[tuple[str, str, str]]:
    """The other firm's values that differ from the kept firm's, which keeps its own: what the
    manager loses by the merge, told before (--dry-run) and after. A figure written two ways (50人,
    50) is one value: its number (_MERGE_QUIET) decides."""
    from .records import shown_value
    from .store.schema import COMPANY_COLUMNS

    def shown(firm: dict, c: str) -> str:
        value = shown_value(firm, c)
        return "" if value is None else str(value)

    def same_figure(c: str) -> bool:
        number = next((n for n, of in _MERGE_QUIET.items() if of == c and n.endswith("_n")), None)
        return number is not None and gone.get(number) is not None and gone.get(number) == keep.get(number)

    return [
        (c, shown(gone, c), shown(keep, c))
        for c in COMPANY_COLUMNS
        if c != "basis"
        and c not in _MERGE_QUIET
        and shown(gone, c)
        and shown(keep, c)
        and shown(gone, c) != shown(keep, c)
        and not same_figure(c)
    ]


def _merged_problems(ws: Workspace, gone: dict, keep: dict, row_problems: list[int]) -> None:
    """The stored problems after a merge: a possible-duplicate group names the kept firm in the
    other's place (fewer than 2 firms left: dropped); the other's firm-not-in-file and the
    conflicting values of its rows go; the imports' summaries count again."""
    from . import duplicates

    apart = ws.apart_pairs()

    def merged(names: list[str], keys: list[str]) -> list[list[str]]:
        out: dict[str, str] = {}  # (a group without the other may hold a pair kept apart from it)
        for name, key in zip(names, keys, strict=True):
            key, name = (keep["name_key"], keep["name"]) if key == gone["name_key"] else (key, name)
            out.setdefault(key, name)
        shown = list(out.values())
        return [[shown[i] for i in g] for g in duplicates.split_apart(list(out), apart) if len(g) > 1]

    touched = duplicates.redo_stored(ws, merged)
    not_in_file = [
        p
        for p in ws.problems_of_code("firm-not-in-file")
        if normalize.text_key(p["value"] or "") == gone["name_key"]
    ]
    drop = [p["id"] for p in not_in_file] + row_problems
    touched |= {p["import_id"] for p in not_in_file if p["import_id"] is not None}
    if row_problems:
        touched |= {i for i in ws.problem_imports(row_problems) if i is not None}
    ws.delete_problems(drop)
    for import_id in touched:
        ws.recount_import_problems(import_id)


def _two_firms(ws: Workspace, first: str, second: str, hint: tuple[str, str]) -> tuple[dict, dict]:
    """The two firms two names mean (find_company), refused when they are one name or one firm."""
    if normalize.text_key(first) == normalize.text_key(second) and normalize.text_key(first):
        raise UsageError(
            f"'{first}' and '{second}' are one name",
            hint[0],
            zh=f"“{first}”与“{second}”是同一个名称：{hint[1]}",
        )
    a, b = find_company(ws, first), find_company(ws, second)
    if a["id"] == b["id"]:
        raise UsageError(
            f"'{first}' and '{second}' both name {a['name']}",
            "give two different firms",
            zh=f"“{first}”与“{second}”指的都是 {a['name']}：请给两家不同的企业",
        )
    return a, b


def keep_apart(ws: Workspace, first: str, second: str, dry_run: bool = False) -> tuple[str, str, bool]:
    """The manager's decision that two listed names are two firms: recorded (apart_pairs), the stored
    possible-duplicate groups no longer hold the pair together, and no import lists it again. Returns
    both firms' names and whether the pair is newly recorded."""
    from . import duplicates

    context = ws.dry_transaction() if dry_run else ws.transaction()
    with context:
        a, b = _two_firms(
            ws,
            first,
            second,
            (
                "give two names the problems list as possible duplicates",
                "请给 problems 列为疑似重复的两个名称",
            ),
        )
        new = ws.add_apart(a["name_key"], b["name_key"])
        pair = frozenset((a["name_key"], b["name_key"]))

        def apart(names: list[str], keys: list[str]) -> list[list[str]]:
            return [[names[i] for i in g] for g in duplicates.split_apart(keys, {pair})]

        for import_id in duplicates.redo_stored(ws, apart):
            ws.recount_import_problems(import_id)
    return a["name"], b["name"], new
