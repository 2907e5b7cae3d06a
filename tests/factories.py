"""factory_boy factories for the core models. Writes that have rules go through services."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt

from wellbeing_portal.people.models import Membership, Organisation, Role, School, User

TEST_PASSWORD = "correct-horse-battery"


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Trust {n}")
    slug = factory.Sequence(lambda n: f"trust-{n}")
    kind = Organisation.Kind.TRUST


class SchoolFactory(factory.django.DjangoModelFactory[School]):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"School {n}")
    urn = factory.Sequence(lambda n: f"{800000 + n}")
    phase = School.Phase.PRIMARY
    responsible_body = factory.SubFactory(OrganisationFactory)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def verified_email(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.STAFF


TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def give_totp(user: User) -> Authenticator:
    """Mark a user as having set up an authenticator app with TOTP_SECRET, stored as allauth
    stores it: through the MFA adapter, which encrypts it."""
    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(TOTP_SECRET)}
    )
