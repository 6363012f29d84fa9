"""Dates and numbers the Chinese way (FORMAT_MODULE_PATH): 2026年11月26日, 2026年11月,
2026年11月26日 14:05 on pages, in the admin and in files. Templates use the named formats
(``{{ day|date }}``, ``{{ month|date:"YEAR_MONTH_FORMAT" }}``, ``{{ at|date:"DATETIME_FORMAT" }}``)
rather than a pattern of their own.

Forms still read ISO dates first: the browser's ``<input type="date">`` sends 2026-11-26, and
Django writes an input's value in the first input format.
"""

DATE_FORMAT = "Y年n月j日"
SHORT_DATE_FORMAT = "Y年n月j日"
YEAR_MONTH_FORMAT = "Y年n月"
MONTH_DAY_FORMAT = "n月j日"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-11-26, what <input type="date"> sends
    "%Y/%m/%d",  # 2026/11/26
    "%Y年%m月%d日",  # 2026年11月26日
]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",  # <input type="datetime-local">
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M",
    "%Y年%m月%d日 %H:%M",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
