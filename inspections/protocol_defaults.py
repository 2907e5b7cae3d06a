"""The portal's default protocol, from the local-authority guidance the portal was
designed from (SPEC §4): who gets in touch with the head, and when, before, during and
after an inspection. An organisation starts with this and changes it in the portal."""

from __future__ import annotations

from typing import Any

GRACE_HOURS = 4

# (phase, responsible, anchor, offset, unit, condition, description)
STEPS: tuple[tuple[str, str, str, int, str, str, str], ...] = (
    ("before", "link_officer", "notification", 2, "hours", "always",
     "Acknowledge the notification and explain how we will be involved"),
    ("before", "senior_officer", "notification", 3, "hours", "always",
     "Agree between the officers who will be involved, and how"),
    ("before", "link_officer", "notification", 4, "hours", "always",
     "Agree with the head how and when information will flow during the inspection"),
    ("before", "senior_officer", "notification", 2, "hours", "deferral",
     "Support the head's request to defer or pause, and confirm it in writing"),
    ("before", "buddy", "first_day", 0, "hours", "always",
     "Buddy check-in before the inspection starts"),
    ("during", "link_officer", "each_day", 8, "hours", "always",
     "Check in with the head at the end of the inspection day"),
    ("during", "link_officer", "final_feedback", 0, "hours", "always",
     "Attend final feedback: make sure the reasons for judgements are clear, note any "
     "concern about conduct and any need for welfare support"),
    ("after", "link_officer", "final_feedback", 1, "days", "always",
     "Decide the follow-up action with the head"),
    ("after", "link_officer", "final_feedback", 5, "days", "always",
     "Complete the feedback form for this type of inspection"),
    ("after", "senior_officer", "final_feedback", 2, "days", "support_plan",
     "Agree the support plan with the governors"),
    ("after", "link_officer", "final_feedback", 1, "days", "support_plan",
     "Support plan check-in (1 working day)"),
    ("after", "link_officer", "final_feedback", 5, "days", "support_plan",
     "Support plan check-in (5 working days)"),
    ("after", "link_officer", "final_feedback", 10, "days", "support_plan",
     "Support plan check-in (10 working days)"),
    ("after", "link_officer", "final_feedback", 20, "days", "support_plan",
     "Support plan check-in (20 working days)"),
    ("after", "senior_officer", "final_feedback", 3, "days", "concern",
     "Help with a complaint under Ofsted's code of conduct, if the head wants to make one"),
    ("after", "link_officer", "report_published", 0, "days", "always",
     "Check in with the head on the day the report is published"),
    ("after", "senior_officer", "report_published", 10, "days", "concern",
     "Hold an internal learning review of what happened and what we will change"),
)  # fmt: skip


def default_steps() -> list[dict[str, Any]]:
    names = ("phase", "responsible", "anchor", "offset", "unit", "condition", "description")
    return [dict(zip(names, step, strict=True)) for step in STEPS]


FEEDBACK_QUESTIONS: dict[str, tuple[str, ...]] = {
    "full": (
        "How was the notification call, and did the school get what it needed from it?",
        "Did the inspection team follow Ofsted's code of conduct? Give examples.",
        "Were the reasons for each judgement clear at final feedback?",
        "How were the head's and staff's wellbeing looked after during the inspection?",
        "Was our support before, during and after the inspection what the school needed?",
        "What should we do differently next time?",
    ),
    "monitoring": (
        "Was the purpose of the monitoring inspection clear from the call?",
        "Did the inspector follow Ofsted's code of conduct? Give examples.",
        "Were the findings clear, and do they match the school's own view of its progress?",
        "Was our support what the school needed?",
    ),
    "focused_monitoring": (
        "Was the reason for the focused monitoring inspection explained?",
        "Did the inspector follow Ofsted's code of conduct? Give examples.",
        "How were the head's and staff's wellbeing looked after?",
        "Was our support what the school needed?",
    ),
    "other": (
        "What happened, and was it handled fairly?",
        "Was our support what the school needed?",
    ),
}

# The framework in force from 10 November 2025 (DOMAIN.md, "Report cards").
FRAMEWORK_2025: dict[str, Any] = {
    "name": "School inspection framework (from 10 November 2025)",
    "starts_on": "2025-11-10",
    "scales": {
        "Five-point scale": (
            ("Exceptional", False),
            ("Strong standard", False),
            ("Expected standard", False),
            ("Needs attention", True),
            ("Urgent improvement", True),
        ),
        "Met or not met": (("Met", False), ("Not met", True)),
    },
    "areas": (
        ("Inclusion", "Five-point scale", ""),
        ("Curriculum and teaching", "Five-point scale", ""),
        ("Achievement", "Five-point scale", ""),
        ("Attendance and behaviour", "Five-point scale", ""),
        ("Personal development and well-being", "Five-point scale", ""),
        ("Leadership and governance", "Five-point scale", ""),
        ("Early years", "Five-point scale", "where the school has early years provision"),
        ("Sixth form", "Five-point scale", "where the school has a sixth form"),
        ("Safeguarding", "Met or not met", ""),
    ),
}


def install_framework_and_forms(models: Any) -> None:
    """Load FRAMEWORK_2025 and FEEDBACK_QUESTIONS if they are not there. `models` is
    the app registry (real models, or a migration's historical ones). Safe to run again."""
    Framework = models.get_model("inspections", "Framework")
    GradeScale = models.get_model("inspections", "GradeScale")
    Grade = models.get_model("inspections", "Grade")
    EvaluationArea = models.get_model("inspections", "EvaluationArea")
    FeedbackQuestion = models.get_model("inspections", "FeedbackQuestion")
    data = FRAMEWORK_2025
    framework, created = Framework.objects.get_or_create(
        starts_on=data["starts_on"], defaults={"name": data["name"]}
    )
    if created:
        scales = {}
        for name, grades in data["scales"].items():
            scales[name] = GradeScale.objects.create(framework=framework, name=name)
            for order, (label, negative) in enumerate(grades, start=1):
                Grade.objects.create(
                    scale=scales[name], label=label, order=order, is_negative=negative
                )
        for order, (name, scale, only_where) in enumerate(data["areas"], start=1):
            EvaluationArea.objects.create(
                framework=framework,
                name=name,
                order=order,
                scale=scales[scale],
                only_where=only_where,
            )
    if not FeedbackQuestion.objects.exists():
        for kind, questions in FEEDBACK_QUESTIONS.items():
            for order, text in enumerate(questions, start=1):
                FeedbackQuestion.objects.create(inspection_type=kind, order=order, text=text)
