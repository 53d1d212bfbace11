"""Find the publication date of a document, and say where it came from.

A news page or magazine carries many dates: the byline's approval time, a
dateline under the headline, the issue date on the cover, registration and
copyright dates in the footer, dates of events in the body and in captions.
:func:`extract_date` finds them all, classifies each by its context, and keeps
the one with the highest precedence:

=========  =====================================================  ==========
rank       rule                                                   example
=========  =====================================================  ==========
1          ``approval``: a byline label before the date           ``승인 2022.06.20 16:57``
2          ``dateline``: a line that is only a date, near the top ``2024-06-25 (화)``
3          ``byline``: a date beside an author, e-mail or issue   ``[169호] 2024년 05월 01일 (수) 홍길동``
4          ``issue``: a labelled publication / issue date         ``발행일 2021년 4월 30일``
5          ``cover``: a month and year alone near the top         ``MAY 2021``
6          ``lead``: the first date in the opening body lines     ``최근인 12월 17일`` (year inferred)
never      registration, masthead registry and footer dates        ``등록일자 2011년 07월 19일``
=========  =====================================================  ==========

A date with a month and a day but no year (``12월 17일``) gets its year from
the document itself, from an explicit "this year" phrase such as ``올 2024년``
or ``올해 2024년``; it is then marked ``inferred``. Without such a phrase it is
not used.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pandas as pd

__all__ = ["DateHit", "EARLIEST", "extract_date", "find_dates", "implausible", "parse_date"]

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_Y = r"(?P<y>(?:19|20)\d{2})"
# Order matters: the most specific patterns come first; overlapping later hits are dropped.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("day", re.compile(_Y + r"\s*[.\-/]\s*(?P<m>\d{1,2})\s*[.\-/]\s*(?P<d>\d{1,2})(?!\d)")),
    ("day", re.compile(_Y + r"\s*년\s*(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일")),
    ("day", re.compile(_MON + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+" + _Y, re.I)),
    ("day", re.compile(r"(?<!\d)(?P<d>\d{1,2})\s+" + _MON + r",?\s+" + _Y, re.I)),
    ("month", re.compile(_Y + r"\s*년\s*(?P<m>\d{1,2})\s*월(?!\s*\d)")),
    ("month", re.compile(r"(?<![A-Za-z])" + _MON + r",?\s+" + _Y, re.I)),
    ("yearless", re.compile(r"(?<![\d년])(?<!년\s)(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일")),
]
_WEEKDAY = r"\s*(?:\(\s*[월화수목금토일]\s*\)|\(\s*(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\s*\))?"
_TIME = r"\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?"

_APPROVAL = re.compile(
    r"(승인|입력|기사입력|최종\s*수정|수정|게재|송고|업데이트|published|updated|posted"
    r"|(?<![가-힣])등록(?!\s*(?:일자|일|번호)))\s*[:：]?\s*$",
    re.I,
)
_ISSUE_LABEL = re.compile(r"(발행일|발행\s*일자|발간일|issue\s*date)\s*[:：]?\s*$", re.I)
_REGISTRATION_LABEL = re.compile(r"(등록\s*일자|등록일|등록번호|창간|설립|허가)\s*[:：]?\s*$")
_FOOTER_WORDS = re.compile(
    r"등록번호|등록일자|제호|발행인|편집인|사업자|발행소|발행처|청소년\s*보호|ⓒ|©|copyright"
    r"|all rights reserved|무단\s*전재|재배포",
    re.I,
)
_BYLINE_CUE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|기자|특파원|\[\s*\d+\s*호\s*\]|제\s*\d+\s*호|\bby\b", re.I)
_THIS_YEAR = re.compile(r"(?:올해|올|금년|this year,?)\s*\(?\s*((?:19|20)\d{2})\s*년?", re.I)
_CAPTION = re.compile(r"^\s*[▲△]")
_COMPACT = re.compile(r"(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})")

#: Publication dates before this one are implausible for news (see :func:`implausible`).
EARLIEST = pd.Timestamp("1990-01-01")

RULE_RANK = {"approval": 1, "dateline": 2, "byline": 3, "issue": 4, "cover": 5, "lead": 6}


@dataclass(frozen=True)
class DateHit:
    """One publication-date decision.

    Attributes
    ----------
    date : pandas.Timestamp
        The date (the first day of the month for ``precision="month"``).
    precision : {"day", "month"}
    rule : str
        The rule that chose it (see the module docstring).
    span : str
        The exact text the date was read from, with its label.
    line_no : int
        0-based line number in the text it was read from.
    inferred : bool
        True when the year was not written next to the date and was inferred.
    """

    date: pd.Timestamp
    precision: str
    rule: str
    span: str
    line_no: int
    inferred: bool = False

    @property
    def source(self) -> str:
        """``"rule: 'span'"``, the value of the corpus's ``date_source`` column."""
        tag = f"{self.rule}, year inferred" if self.inferred else self.rule
        return f"{tag}: {self.span!r}"


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    y: int | None
    m: int
    d: int | None
    precision: str


def _to_ts(y: int, m: int, d: int | None) -> pd.Timestamp | None:
    try:
        return pd.Timestamp(year=y, month=m, day=d or 1)
    except ValueError:
        return None


def find_dates(line: str) -> list[_Match]:
    """Every date-like span in one line, most specific pattern first, no overlaps."""
    found: list[_Match] = []
    taken: list[tuple[int, int]] = []
    for precision, pat in _PATTERNS:
        for mt in pat.finditer(line):
            s, e = mt.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            g = mt.groupdict()
            month = _MONTHS[g["mon"].lower()[:3]] if g.get("mon") else int(g["m"])
            y = int(g["y"]) if g.get("y") else None
            d = int(g["d"]) if g.get("d") else None
            prec = "day" if precision == "yearless" else precision
            if _to_ts(y or 2000, month, d) is None:
                continue
            taken.append((s, e))
            found.append(_Match(s, e, y, month, d, prec))
    return sorted(found, key=lambda m: m.start)


def parse_date(value: object) -> tuple[pd.Timestamp | None, str | None]:
    """Parse one date value from a column or sidecar file.

    Besides the formats :func:`find_dates` reads, a value of eight digits ``YYYYMMDD``
    (``20241105``, as text or a number, as in BigKinds exports) is a day.

    Returns ``(timestamp, precision)``, or ``(None, None)`` when the value is
    empty. Raises ``ValueError`` when it is not a date.

    Examples
    --------
    >>> parse_date("2024년 05월 01일 (수)")
    (Timestamp('2024-05-01 00:00:00'), 'day')
    >>> parse_date("MAY 2021")
    (Timestamp('2021-05-01 00:00:00'), 'month')
    >>> parse_date(20241105)  # BigKinds 일자
    (Timestamp('2024-11-05 00:00:00'), 'day')
    """
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None, None
    if isinstance(value, (pd.Timestamp, datetime.date)):  # a date cell of a spreadsheet or Parquet file
        value = pd.Timestamp(value)
        return value.tz_localize(None) if value.tzinfo else value, "day"
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 20241105.0 from a spreadsheet column with blanks
    text = str(value).strip()
    if not text:
        return None, None
    compact = _COMPACT.fullmatch(text)
    if compact:
        ts = _to_ts(int(compact["y"]), int(compact["m"]), int(compact["d"]))
        if ts is None:
            raise ValueError(f"cannot read a date from {text!r}")
        return ts, "day"
    for m in find_dates(text):
        if m.y is not None:
            return _to_ts(m.y, m.m, m.d), m.precision
    if re.fullmatch(r"(?:19|20)\d{2}", text):
        return pd.Timestamp(year=int(text), month=1, day=1), "year"
    raise ValueError(f"cannot read a date from {text!r}")


def implausible(date, today: pd.Timestamp | None = None) -> str | None:
    """Why ``date`` cannot be a news article's publication date, or None when it can.

    Returns ``"date in the future"`` after ``today`` (by default the current day here or in
    Korea, whichever is later),
    ``"date before 1990"`` before :data:`EARLIEST`, and None for other and missing dates.

    Examples
    --------
    >>> implausible(pd.Timestamp("1987-03-01")), implausible(pd.Timestamp("2024-01-01"))
    ('date before 1990', None)
    """
    if date is None or pd.isna(date):
        return None
    if today is None:  # the later of the local day and the day in Korea (UTC+9), where the news is dated
        korea = pd.Timestamp.now(tz="UTC").tz_localize(None) + pd.Timedelta(hours=9)
        today = max(pd.Timestamp.now(), korea).normalize()
    if date > today:
        return "date in the future"
    if date < EARLIEST:
        return "date before 1990"
    return None


def _label_before(line: str, start: int) -> str:
    return line[max(0, start - 14) : start]


def _classify(line: str, m: _Match, line_no: int, header_end: int) -> str | None:
    """The rule a date qualifies for, or None when it must never be a publication date."""
    before = _label_before(line, m.start)
    if _REGISTRATION_LABEL.search(before):
        return None
    if len(_FOOTER_WORDS.findall(line)) >= 2 or (_FOOTER_WORDS.search(line) and line.count("|") >= 2):
        return None  # registration footer or copyright line
    if _CAPTION.match(line):
        return None  # photo caption: the date of the photo, not of the article
    if _APPROVAL.search(before):
        return "approval"
    if _ISSUE_LABEL.search(before):
        return "issue"
    if line_no < header_end:
        rest = (line[: m.start] + line[m.end :]).strip()
        rest = re.sub(_WEEKDAY + _TIME, "", rest, count=1).strip(" ()[]|·-")
        if m.y is not None and m.precision == "day" and len(rest) <= 3:
            return "dateline"
        if m.y is not None and m.precision == "day" and _BYLINE_CUE.search(line):
            return "byline"
        if m.y is not None and m.precision == "month" and len(rest) <= 12:
            return "cover"
    return "lead"


def _this_year(text: str) -> tuple[int, str] | None:
    mt = _THIS_YEAR.search(text)
    if mt:
        return int(mt.group(1)), mt.group(0).strip()
    return None


def extract_date(text: str, *, header_lines: int = 12, lead_lines: int = 3) -> DateHit | None:
    """Return the publication date of ``text``, or None when it has none.

    Parameters
    ----------
    text : str
        The whole document (or article) text.
    header_lines : int, default 12
        How many non-empty lines at the top count as the header, where
        datelines, bylines and cover dates are looked for.
    lead_lines : int, default 3
        How many body lines after the header may give a ``lead`` date, the
        weakest rule, used only when nothing else is found.

    Examples
    --------
    >>> hit = extract_date("제목\\n  • 승인 2022.06.20 16:57\\n본문 6월 15일 보도했다.")
    >>> hit.date.date(), hit.rule
    (datetime.date(2022, 6, 20), 'approval')
    """
    lines = text.splitlines()
    nonempty = [i for i, ln in enumerate(lines) if ln.strip()]
    header_end = nonempty[header_lines] if len(nonempty) > header_lines else len(lines)
    lead_end = nonempty[header_lines + lead_lines] if len(nonempty) > header_lines + lead_lines else len(lines)
    best: DateHit | None = None
    this_year = None
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        for m in find_dates(line):
            rule = _classify(line, m, i, header_end)
            if rule is None or (rule == "lead" and i >= lead_end):
                continue
            inferred = False
            year = m.y
            span = line[max(0, m.start - 6) : m.end].strip()
            if year is None:
                if this_year is None:
                    this_year = _this_year(text) or (0, "")
                if not this_year[0]:
                    continue
                year, inferred = this_year[0], True
                span = f"{span} + {this_year[1]!r}"
            ts = _to_ts(year, m.m, m.d)
            if ts is None:
                continue
            hit = DateHit(ts, m.precision, rule, span, i, inferred)
            if best is None or RULE_RANK[rule] < RULE_RANK[best.rule]:
                best = hit
    return best
