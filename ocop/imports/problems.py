"""Long lists of problems, summarised: a file with 300,000 bad rows must not make a 100 MB page."""

import re
from collections import Counter

# Quoted values and numbers vary from row to row; the rest of a message says what kind it is.
_VARIABLE = re.compile(r"“[^”]*”|'[^']*'|\d+([.,/]\d+)*")


def problem_kind(problem: dict) -> tuple[str, str]:
    return problem.get("column", ""), _VARIABLE.sub("…", problem.get("message", ""))


def problem_kinds(problems: list[dict], limit: int = 30) -> list[dict]:
    """The kinds of problem by column, most frequent first: [{"column", "message", "count"}]."""
    counts = Counter(problem_kind(p) for p in problems)
    return [
        {"column": column, "message": message, "count": count}
        for (column, message), count in counts.most_common(limit)
    ]
