from django.apps import AppConfig


class PeopleConfig(AppConfig):
    """People and places: users, organisations, schools, memberships and the policy layer."""

    name = "wellbeing_portal.people"
    label = "people"
    verbose_name = "People and schools"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Membership, OfficerAssignment

        # Who was given which role, and which officer covers which school, matters
        # when a confidential record is read: keep a history of both.
        auditlog.register(Membership)
        auditlog.register(OfficerAssignment)
