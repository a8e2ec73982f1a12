"""Industry (行业) from the company name, else from the business scope (经营范围).

The taxonomy and keyword rules live in data/industries.toml (its header documents the
rule); a user file with the same shape replaces it.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .. import normalize
from ..errors import UsageError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@dataclass(frozen=True)
class Industry:
    label: str
    en: str
    gbt: str
    name_words: tuple[str, ...]
    scope_words: tuple[str, ...]


@dataclass(frozen=True)
class IndustryMatch:
    industry: str | None
    basis: str


class IndustryRules:
    def __init__(
        self,
        industries: list[Industry],
        source: str,
        scope_add_ons: tuple = (),
        scope_making: tuple = (),
        scope_trading: tuple = (),
    ):
        self.industries = industries
        self.source = source
        # A scope's side items (货物进出口, 道路货物运输: licensed for nearly every firm), the words of an
        # item the firm makes (塑料制品制造) and of a trader's (批发): see _scope_word.
        self.scope_add_ons = [k for k in map(normalize.text_key, scope_add_ons) if k]
        self.scope_making = [k for k in map(normalize.text_key, scope_making) if k]
        self.scope_trading = {k for k in map(normalize.text_key, scope_trading) if k}
        self.by_word: dict[str, str] = {}
        for ind in industries:
            for w in ind.name_words:
                key = normalize.text_key(w)
                # A word listed twice keeps its first industry, as written in the file.
                self.by_word.setdefault(key, ind.label)
        # The keywords by their first character, longest first: a name's characters are looked
        # up once each, not once per keyword length.
        self.by_first: dict[str, list[tuple[str, str]]] = {}
        for w, label in sorted(self.by_word.items(), key=lambda item: -len(item[0])):
            if w:
                self.by_first.setdefault(w[0], []).append((w, label))
        # Where a keyword may start, found in C: most of a name's characters begin none.
        self._starts = re.compile(f"[{''.join(map(re.escape, self.by_first))}]" if self.by_first else "(?!)")
        # Each scope keyword's industry (the first listed), and all of them as one pattern, longest first:
        # at each place in a scope the longest keyword there is found, in C.
        self._scope_label: dict[str, str] = {}
        for ind in industries:
            for w in ind.scope_words:
                self._scope_label.setdefault(normalize.text_key(w), ind.label)
        self._scope_re = _alternation(self._scope_label)
        self._add_on_re = _alternation(self.scope_add_ons)
        self.labels = [ind.label for ind in industries]
        # GB/T 4754 division names (电气机械和器材制造业) → the label whose gbt lists it: the first
        # that lists it plainly (批发业 before 批发业（兼营制造）), else the first that lists it.
        self.by_division: dict[str, str] = {}
        named = [
            (bool(qualified), n, name, ind.label)
            for n, ind in enumerate(industries)
            for name, qualified in _DIVISION.findall(normalize.to_simplified(ind.gbt))
        ]
        for _q, _n, name, label in sorted(named):
            self.by_division.setdefault(normalize.text_key(name), label)

    def label_of_division(self, text: str) -> str | None:
        """The label of an industry cell that names a GB/T 4754 division its gbt lists, with or
        without the code (橡胶和塑料制品业, C29 橡胶和塑料制品业 → 塑料); None for a label of the
        taxonomy or any other text."""
        if text in self.labels:
            return None
        return self.by_division.get(normalize.text_key(_CODE.sub("", normalize.to_simplified(text))))

    @classmethod
    def load(cls, path: str | Path | None = None) -> IndustryRules:
        if path is None:
            return _default_rules()
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise UsageError(
                f"industry rules file {path} not found", zh=f"找不到行业规则文件 {path}"
            ) from exc
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise UsageError(
                f"industry rules file {path} is not valid TOML ({exc})",
                zh=f"行业规则文件 {path} 不是有效的 TOML（{exc}）",
            ) from exc
        except OSError as exc:  # a directory, no permission …
            raise UsageError(
                f"industry rules file {path} cannot be read ({exc.strerror or exc})",
                zh=f"无法读取行业规则文件 {path}（{exc.strerror or exc}）",
            ) from exc
        return cls(_parse(data, str(path)), path.name, *_scope_lists(data, str(path), _default_rules()))

    def infer(self, name_key: str, scope: str = "") -> IndustryMatch:
        """Industry of one firm from its name key (see normalize.text_key) and scope text."""
        # Keywords are looked for in the whole name, legal suffix included: a keyword may run into
        # it (宏达酒店 → 酒+店, 金属制品厂 → 金属+制品厂), and a shop's suffix is its head noun
        # (东方五金经营部, 华联电器商行: a trade shop, 贸易, whatever goods its name says).
        found = self._keywords(name_key, len(name_key))
        if found:
            found.sort(key=lambda t: (-t[0], -t[1]))
            end, _n, word, label = found[0]
            # Other industries' words, but for one inside a longer word found (电器 of 汽车电器).
            others = [
                f"“{w}”({lab})"
                for e, m, w, lab in found[1:]
                if lab != label
                and not any(e2 >= e and e2 - m2 <= e - m and m2 > m for e2, m2, _w, _l in found)
            ]
            basis = f"名称关键词“{word}”"
            if others:
                basis += f"；另含 {'、'.join(dict.fromkeys(others))}，按最靠后的关键词"
            return IndustryMatch(label, basis)
        if scope:
            found = self._scope_word(scope)
            if found:
                word, label = found
                return IndustryMatch(label, f"经营范围关键词“{word}”")
        return IndustryMatch(None, "名称与经营范围中没有行业关键词")

    def _scope_word(self, scope: str) -> tuple[str, str] | None:
        """(keyword, industry) of a business scope: the first keyword of the first item the firm
        makes (塑料制品制造, 生产、销售：塑料制品: scope_making), else of the first item; a keyword inside
        a side item (许可项目：货物进出口, 道路货物运输: scope_add_ons) only when no other item has one —
        the registry's current form lists the licensed items first (review r96 F1). In an item the firm
        does not make, a trade word (scope_trading: 批发, 零售) wins over the goods it names: 五金产品批发,
        批发、零售：五金产品 and 五金产品：批发 are a trader's (reviews r97 F3, r98 F4, r99)."""
        best = None
        for n, text in enumerate(normalize.text_keys(_SCOPE_ITEMS.split(scope))):
            sides = [m.span() for m in self._add_on_re.finditer(text)]
            making = any(w in text for w in self.scope_making)
            found = [
                (any(a <= m.start() and m.end() <= b for a, b in sides), m.group())
                for m in self._scope_re.finditer(text)
            ]
            own = [w for side, w in found if not side]
            if own:
                if making:  # the goods it makes, not its trade word (生产、批发：塑料制品: review r100 F7)
                    word = next((w for w in own if w not in self.scope_trading), own[0])
                else:  # a trader's item: its trade word (五金产品批发)
                    word = next((w for w in own if w in self.scope_trading), own[0])
                side = False
            elif found:
                word, side = found[0][1], True
            else:
                continue
            rank = (side, not making, n)
            if best is None or rank < best[0]:
                best = (rank, word)
            if rank == (False, False, n):
                break  # the first item the firm makes: nothing after it ranks higher
        return (best[1], self._scope_label[best[1]]) if best else None

    def _keywords(self, key: str, before: int) -> list[tuple[int, int, str, str]]:
        """(end, length, word, industry) of the keywords in key that start before `before`."""
        found = []
        by_first = self.by_first
        for m in self._starts.finditer(key, 0, before):
            start = m.start()
            for word, label in by_first[m.group()]:
                if key.startswith(word, start):
                    found.append((start + len(word), len(word), word, label))
        return found


def _alternation(words) -> re.Pattern:
    """One pattern matching any of the words (text keys), the longest first; none: never matches."""
    words = sorted({w for w in words if w}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)) if words else "(?!)")


# Where a business scope's items part: 。；; and new lines, and the registry's section labels (许可项目：
# … 一般项目：…) with their colons. 、 and ， stay inside an item (生产、销售：塑料制品、模具).
_SCOPE_ITEMS = re.compile(r"[。；;\n]|(?:许可项目|一般项目|經營項目|许可经营项目|一般经营项目)\s*[:：]")
# One division of an industry's gbt text: its code (C38, E), its name, and a bracketed qualifier.
_DIVISION = re.compile(r"[A-T]\d{0,4}\s+([^；;（(]+?)\s*([（(][^）)]*[）)])?\s*(?:[；;]|$)")
# The code a registry may write before a division's name: C38, C-38, C38-.
_CODE = re.compile(r"^\s*[A-T]\s*-?\d{0,4}\s*[-:：]?\s*", re.I)


@lru_cache(maxsize=1)
def _default_rules() -> IndustryRules:
    text = resources.files("regiontool.data").joinpath("industries.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return IndustryRules(
        _parse(data, "industries.toml"), "industries.toml", *_scope_lists(data, "industries.toml")
    )


def _scope_lists(
    data: dict, source: str, defaults: IndustryRules | None = None
) -> tuple[tuple[str, ...], ...]:
    """The file's scope_add_ons, scope_making and scope_trading (lists of texts); a file without one
    takes the packaged file's (`defaults`): they are how a scope is written, not the taxonomy (review
    r97 F2)."""
    out = []
    for key in ("scope_add_ons", "scope_making", "scope_trading"):
        if key not in data and defaults is not None:
            out.append(tuple(getattr(defaults, key)))
            continue
        words = data.get(key, [])
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise UsageError(f"{source}: {key} must be a list of texts", zh=f"{source}：{key} 必须是文字列表")
        out.append(tuple(words))
    return tuple(out)


def _parse(data: dict, source: str) -> list[Industry]:
    items = data.get("industry")
    if not isinstance(items, list) or not items:
        raise UsageError(
            f"{source}: no [[industry]] tables",
            "see the packaged industries.toml for the shape",
            zh=f"{source}：没有 [[industry]] 表，格式请参照随软件附带的 industries.toml",
        )
    out = []
    for i, item in enumerate(items, start=1):
        label = item.get("label")
        if not isinstance(label, str) or not label.strip():
            raise UsageError(f"{source}: industry #{i} has no label", zh=f"{source}：第 {i} 个行业没有 label")
        words = item.get("name_words", [])
        scope = item.get("scope_words", [])
        if not isinstance(words, list) or not isinstance(scope, list):
            raise UsageError(
                f"{source}: industry '{label}': name_words and scope_words must be lists",
                zh=f"{source}：行业“{label}”的 name_words 和 scope_words 必须是列表",
            )
        if not all(isinstance(w, str) for w in [*words, *scope]):
            raise UsageError(
                f"{source}: industry '{label}' has non-text keywords",
                zh=f"{source}：行业“{label}”有不是文字的关键词",
            )
        if not all(normalize.text_key(w) for w in [*words, *scope]):
            raise UsageError(
                f"{source}: industry '{label}' has an empty keyword",
                zh=f"{source}：行业“{label}”有空的关键词",
            )
        out.append(
            Industry(label.strip(), item.get("en", label), item.get("gbt", ""), tuple(words), tuple(scope))
        )
    return out
