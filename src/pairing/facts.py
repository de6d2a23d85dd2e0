"""The book's fixed facts: codes and dates that every layer shares, defined once.

Each date is an event of ``data/curated/events.csv`` (which gives its source); a test checks that
they agree. Days are counted as the letter counts them: the lockdown of Wuhan is day 1.
"""

from __future__ import annotations

import pandas as pd

#: Administrative codes (GB/T 2260), the key of every join.
HUBEI = "420000"
WUHAN = "420100"
SHENNONGJIA = "429021"  # Shennongjia Forestry District, a county-level division under the province
#: Hubei's 17 divisions in one fixed order, west to east by the visual centre (pole of
#: inaccessibility) of each one's largest part: a map that numbers a division gives it its place
#: here, so that a division has the same number on every map of the book.
DIVISIONS_WEST_TO_EAST = (
    "422800", "429021", "420300", "420500", "420600",  # Enshi, Shennongjia, Shiyan, Yichang, Xiangyang
    "421000", "420800", "429005", "429006", "421300",  # Jingzhou, Jingmen, Qianjiang, Tianmen, Suizhou
    "429004", "420900", "421200", "420100", "420700",  # Xiantao, Xiaogan, Xianning, Wuhan, Ezhou
    "420200", "421100",                                # Huangshi, Huanggang
)

#: Wuhan locked down from 10:00: day 1 of the letter's count.
LOCKDOWN = pd.Timestamp("2020-01-23")
#: The mass mobilisation of the paired medical teams (the letter's "February 11").
MOBILISATION = pd.Timestamp("2020-02-11")
#: Hubei starts counting clinically diagnosed cases: a step in every series.
CRITERIA_CHANGE = pd.Timestamp("2020-02-12")
#: The paired teams at work in their cities: day 22, the letter's turning point.
TEAMS_AT_WORK = pd.Timestamp("2020-02-13")
#: The day the letter's Fig. 1 and the book's cross-sections read the counts (24:00).
CROSS_SECTION = pd.Timestamp("2020-03-31")


def lockdown_day(dates: pd.Series | pd.Timestamp) -> pd.Series | int:
    """Days since the lockdown of Wuhan, the lockdown day itself being day 1."""
    if isinstance(dates, pd.Timestamp):
        return (dates - LOCKDOWN).days + 1
    return (pd.to_datetime(dates) - LOCKDOWN).dt.days + 1


def day_date(day: int) -> pd.Timestamp:
    """The date of a day of the letter's count."""
    return LOCKDOWN + pd.Timedelta(days=day - 1)


TEAMS_AT_WORK_DAY = lockdown_day(TEAMS_AT_WORK)  # 22
CRITERIA_DAY = lockdown_day(CRITERIA_CHANGE)  # 21
CROSS_SECTION_DAY = lockdown_day(CROSS_SECTION)  # 69
#: "Around day 22", as this book reads the letter: within this many days of it (the letter gives no window).
AROUND_DAYS = 2
