"""People by name: the one way the app names a user (a reviewer, who built a report, who logged a
duty shift), on pages, in files and in the admin.

The town writes a person's full name (姓名) in ``first_name``, the way the administrator's user
form asks for it; a name split over ``last_name`` (姓) and ``first_name`` (名) is joined in
Chinese order. The login name is only the last resort, for accounts made before names were
required.
"""

import re

_CJK = re.compile(r"[\u3400-\u9fff]")


def person_name(user) -> str:
    """The name a person is shown by: 马玉兰; a split name joined as Chinese writes it (张三,
    古丽娜尔·阿不都); else the login name; '' for nobody."""
    if user is None:
        return ""
    first = (getattr(user, "first_name", "") or "").strip()
    last = (getattr(user, "last_name", "") or "").strip()
    if first and last:
        if _CJK.search(first) and _CJK.search(last):
            # 张 + 三 → 张三; a transcribed name (古丽娜尔 + 阿不都) reads given·family.
            if len(first) <= 2 and len(last) <= 2:
                return f"{last}{first}"
            return f"{first}·{last}"
        return f"{first} {last}"
    return first or last or user.get_username()


def install() -> None:
    """Make ``str(user)`` the person's name, so that every place that prints a user — a template's
    ``{{ batch.reviewed_by }}``, the admin's lists, selects and history, an export's cell — names
    the person rather than the account (auth.User prints its login name)."""
    from django.contrib.auth import get_user_model

    get_user_model().__str__ = person_name
