import calendar
import datetime


def add_months(date: datetime.date, months: int) -> datetime.date:
    """Same day `months` later; the last day of the month when that day does not exist."""
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    return date.replace(year=year, month=month, day=min(date.day, calendar.monthrange(year, month)[1]))
