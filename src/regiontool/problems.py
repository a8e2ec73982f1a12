"""Problems found in the data: one typed record shared by import, export and `problems`."""

from __future__ import annotations

from pydantic import BaseModel

from . import vocab


class Problem(BaseModel):
    code: str
    file: str = ""
    sheet: str = ""
    row: int | None = None  # the sheet row number a user sees in Excel
    column: str = ""
    value: str = ""
    message_zh: str = ""
    message_en: str = ""

    def title(self, lang: str = "zh") -> str:
        zh, en = vocab.PROBLEMS.get(self.code, (self.code, self.code))
        return en if lang == "en" else zh

    def message(self, lang: str = "zh") -> str:
        return (self.message_en or self.message_zh) if lang == "en" else (self.message_zh or self.message_en)


def messages(code: str, **values: object) -> dict[str, str]:
    """message_zh and message_en of a problem, from vocab.PROBLEM_MESSAGES (vocab.problem_text)."""
    zh, en = vocab.problem_text(code, **values)
    return {"message_zh": zh, "message_en": en}
