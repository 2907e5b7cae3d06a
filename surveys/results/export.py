"""A closed wave's results as CSV, read from its frozen result set like the pages."""

from __future__ import annotations

import io

from wellbeing_portal.core.csv_export import safe_writer

from .groups import GroupResult, WaveResults

SUPPRESSED = "suppressed"


def results_csv(results: WaveResults, *, school_ids: set[int] | None = None) -> str:
    """The aggregates as CSV, with the same suppression as the page: a hidden group's
    count, rate and scores are written as 'suppressed'. `open_link` says whether a shown
    group's figures include answers given through the school's open link. Text cells that a
    spreadsheet would run as a formula (a domain or school named "=...") are neutralised."""
    out = io.StringIO()
    writer = safe_writer(out)
    writer.writerow(
        [
            "group",
            "school",
            "role_group",
            "domain",
            "respondents",
            "response_rate",
            "mean",
            "percent_favourable",
            "open_link",
        ]
    )

    def write(level: str, school: str, role: str, group: GroupResult) -> None:
        for domain in results.domains:
            if group.hidden:
                writer.writerow([level, school, role, domain.label, *[SUPPRESSED] * 5])
                continue
            score = group.scores.get(domain.key)
            rate = group.response_rate
            writer.writerow(
                [
                    level,
                    school,
                    role,
                    domain.label,
                    group.respondents,
                    f"{rate:.0%}" if rate is not None else "",
                    f"{score.mean:.2f}" if score else "",
                    f"{score.favourable:.0%}" if score else "",
                    "yes" if group.includes_open_link else "no",
                ]
            )

    if school_ids is None:
        write("organisation", "", "", results.organisation)
    for sid, group in results.schools.items():
        if school_ids is not None and sid not in school_ids:
            continue
        write("school", group.label, "", group)
        for role in results.roles.get(sid, []):
            write("role group", group.label, role.label, role)
    return out.getvalue()
