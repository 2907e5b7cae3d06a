"""Load Ofsted's November 2025 framework and the default feedback forms, as data."""

from django.db import migrations

from inspections import protocol_defaults


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    Framework = apps.get_model("inspections", "Framework")
    GradeScale = apps.get_model("inspections", "GradeScale")
    Grade = apps.get_model("inspections", "Grade")
    EvaluationArea = apps.get_model("inspections", "EvaluationArea")
    FeedbackQuestion = apps.get_model("inspections", "FeedbackQuestion")
    data = protocol_defaults.FRAMEWORK_2025
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
                framework=framework, name=name, order=order, scale=scales[scale], only_where=only_where
            )
    if not FeedbackQuestion.objects.exists():
        for kind, questions in protocol_defaults.FEEDBACK_QUESTIONS.items():
            for order, text in enumerate(questions, start=1):
                FeedbackQuestion.objects.create(inspection_type=kind, order=order, text=text)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0002_protocol_timeline_concerns_outcomes")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
