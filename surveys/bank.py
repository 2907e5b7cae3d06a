"""The portal's own question bank, written for this project (not taken from any published
instrument). Loaded idempotently by `services.bank_load`, which seed_demo and the
`surveys_load_bank` command call.

Each instrument: domains, then items as (key, domain key, charter area or "", text,
reverse scored). Reverse-scored items are worded so that agreeing is the less healthy
answer; they are scored from the other end so that a higher score is always better.
"""

from __future__ import annotations

from typing import Any

AGREEMENT = [
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
]

STAFF_ITEMS: list[tuple[str, str, str, str, bool]] = [
    # Health
    (
        "health-energy",
        "health",
        "",
        "I usually finish the school week with energy left for my life outside work.",
        False,
    ),
    ("health-sleep", "health", "", "Thinking about work often keeps me awake at night.", True),
    (
        "health-workload",
        "health",
        "workload",
        "My workload is manageable within my working hours.",
        False,
    ),
    (
        "health-breaks",
        "health",
        "workload",
        "I can take a proper break during the school day.",
        False,
    ),
    (
        "health-flexible",
        "health",
        "flexible_working",
        "If I asked to work more flexibly, the request would be considered fairly.",
        False,
    ),
    # Security
    (
        "security-mistakes",
        "security",
        "",
        "I can admit a mistake here without fearing the consequences.",
        False,
    ),
    (
        "security-future",
        "security",
        "",
        "I feel uneasy about what the next year holds for my job.",
        True,
    ),
    (
        "security-behaviour",
        "security",
        "behaviour_culture",
        "When a pupil's behaviour is serious, I know leaders will back me.",
        False,
    ),
    (
        "security-fair",
        "security",
        "",
        "Decisions that affect my pay and conditions are made fairly.",
        False,
    ),
    # Environment
    (
        "environment-space",
        "environment",
        "",
        "The place where I work helps me do my job well.",
        False,
    ),
    (
        "environment-communication",
        "environment",
        "communication",
        "I hear about changes that affect me in good time.",
        False,
    ),
    (
        "environment-email",
        "environment",
        "communication",
        "I am expected to answer messages in the evenings or at weekends.",
        True,
    ),
    (
        "environment-behaviour",
        "environment",
        "behaviour_culture",
        "Pupils' behaviour across the school lets me teach or work without constant disruption.",
        False,
    ),
    # Relationships
    (
        "relationships-manager",
        "relationships",
        "manager_support",
        "My line manager notices when I am struggling and does something about it.",
        False,
    ),
    (
        "relationships-manager-time",
        "relationships",
        "manager_support",
        "I can get time with my line manager when I need it.",
        False,
    ),
    (
        "relationships-colleagues",
        "relationships",
        "",
        "Colleagues help each other out when things get busy.",
        False,
    ),
    (
        "relationships-respect",
        "relationships",
        "",
        "I have been treated with disrespect by someone at work this term.",
        True,
    ),
    # Purpose
    ("purpose-difference", "purpose", "", "I can see the difference my work makes.", False),
    (
        "purpose-voice",
        "purpose",
        "voice",
        "My views are asked for before decisions that affect my work are made.",
        False,
    ),
    (
        "purpose-voice-heard",
        "purpose",
        "voice",
        "When staff raise a concern, something changes as a result.",
        False,
    ),
    (
        "purpose-career",
        "purpose",
        "career_progression",
        "I have a real chance to develop and progress in my career here.",
        False,
    ),
    (
        "purpose-recommend",
        "purpose",
        "",
        "I would recommend this school to a friend as a place to work.",
        False,
    ),
]

STAFF_DOMAINS = [
    ("health", "Health"),
    ("security", "Security"),
    ("environment", "Environment"),
    ("relationships", "Relationships"),
    ("purpose", "Purpose"),
]

HEAD_DOMAINS = [
    ("wellbeing-now", "Wellbeing now"),
    ("wellbeing-ahead", "Wellbeing in the year ahead"),
    ("pressures", "Pressures"),
    ("what-helps", "What helps"),
]

HEAD_ITEMS: list[tuple[str, str, str, str, bool]] = [
    (
        "head-now-coping",
        "wellbeing-now",
        "leader_wellbeing",
        "Most days this term I have felt able to cope with the job.",
        False,
    ),
    (
        "head-now-switch-off",
        "wellbeing-now",
        "leader_wellbeing",
        "I can switch off from school for at least one full day a week.",
        False,
    ),
    (
        "head-ahead-stay",
        "wellbeing-ahead",
        "leader_wellbeing",
        "I expect to still be doing this job, and wanting to, a year from now.",
        False,
    ),
    (
        "head-ahead-sustainable",
        "wellbeing-ahead",
        "workload",
        "The way I work now is sustainable for the next year.",
        False,
    ),
    (
        "head-pressure-inspection",
        "pressures",
        "inspection_support",
        "Worry about the next inspection is affecting my health.",
        True,
    ),
    (
        "head-pressure-staffing",
        "pressures",
        "",
        "Gaps in staffing leave me covering work I cannot keep up with.",
        True,
    ),
    (
        "head-pressure-complaints",
        "pressures",
        "",
        "Complaints from parents take up more of my time and energy than I can afford.",
        True,
    ),
    (
        "head-pressure-finance",
        "pressures",
        "",
        "The school's budget keeps me awake at night.",
        True,
    ),
    (
        "head-helps-peer",
        "what-helps",
        "supervision",
        "I have a fellow head I can call when things are hard.",
        False,
    ),
    (
        "head-helps-body",
        "what-helps",
        "leader_wellbeing",
        "My trust or local authority has my back when things go wrong.",
        False,
    ),
]

CHECK_IN_DOMAINS = [("coping", "Coping"), ("support", "Support")]

CHECK_IN_ITEMS: list[tuple[str, str, str, str, bool]] = [
    ("checkin-coping", "coping", "", "I am coping with what happened.", False),
    ("checkin-sleep", "coping", "", "What happened is still on my mind most of the time.", True),
    (
        "checkin-told",
        "support",
        "communication",
        "I have been told clearly what happens next.",
        False,
    ),
    (
        "checkin-support",
        "support",
        "manager_support",
        "I know who to talk to if I need support.",
        False,
    ),
    ("checkin-time", "support", "", "I have been given time to recover.", False),
]

# (instrument key, name, description, domains, items, survey key, survey name, kind)
BANK = [
    (
        "portal-staff",
        "Portal staff wellbeing bank",
        "Statements over the charter's five domains and the areas charters commit to.",
        STAFF_DOMAINS,
        STAFF_ITEMS,
        "staff-wellbeing",
        "Staff wellbeing survey",
        "staff",
    ),
    (
        "portal-headteacher",
        "Portal headteacher bank",
        "Heads' wellbeing now and ahead, the pressures behind it and what helps.",
        HEAD_DOMAINS,
        HEAD_ITEMS,
        "headteacher-wellbeing",
        "Headteacher wellbeing survey",
        "headteacher",
    ),
    (
        "portal-check-in",
        "Portal post-incident check-in",
        "A short check-in after a difficult event at school.",
        CHECK_IN_DOMAINS,
        CHECK_IN_ITEMS,
        "post-incident-check-in",
        "Post-incident check-in",
        "check_in",
    ),
]


def install(registry: Any) -> list[Any]:
    """Create or update the bank's instruments, domains, items and surveys from BANK.
    `registry` is an app registry: the real one (services.bank_load) or a migration's
    historical one (surveys/migrations/0002), so both load the same way. Safe to run again."""
    Instrument = registry.get_model("surveys", "Instrument")
    Domain = registry.get_model("surveys", "Domain")
    Item = registry.get_model("surveys", "Item")
    Survey = registry.get_model("surveys", "Survey")
    surveys = []
    for key, name, description, domains, items, survey_key, survey_name, kind in BANK:
        instrument, _ = Instrument.objects.update_or_create(
            organisation=None,
            key=key,
            defaults={
                "name": name,
                "description": description,
                "source": "bank",
                "scale_min": 1,
                "scale_max": 5,
                "scale_labels": AGREEMENT,
                "favourable_from": 4,
            },
        )
        by_key = {}
        for position, (domain_key, label) in enumerate(domains):
            by_key[domain_key], _ = Domain.objects.update_or_create(
                instrument=instrument,
                key=domain_key,
                defaults={"label": label, "position": position},
            )
        item_rows = []
        for position, (item_key, domain_key, area, text, reversed_) in enumerate(items):
            item, _ = Item.objects.update_or_create(
                instrument=instrument,
                key=item_key,
                defaults={
                    "domain": by_key[domain_key],
                    "area": area,
                    "text": text,
                    "reverse_scored": reversed_,
                    "position": position,
                },
            )
            item_rows.append(item)
        survey, _ = Survey.objects.update_or_create(
            organisation=None,
            key=survey_key,
            defaults={"instrument": instrument, "name": survey_name, "kind": kind},
        )
        survey.items.set(item_rows)
        surveys.append(survey)
    return surveys
