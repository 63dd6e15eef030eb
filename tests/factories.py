"""factory_boy factories for every model; tests build data through these."""

import factory
from factory.django import DjangoModelFactory

from gongkai.accounts.models import Membership, User
from gongkai.accounts.roles import Role
from gongkai.organizations.models import Bureau, BureauKind
from gongkai.organizations.validators import uscc_check_character

PASSWORD = "Test-pass-2026"


def _credit_code(n):
    first17 = f"11410800{n:09d}"
    return first17 + uscc_check_character(first17)


class BureauFactory(DjangoModelFactory):
    class Meta:
        model = Bureau
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"测试县{n}应急管理局")
    short_name = factory.Sequence(lambda n: f"测试县{n}")
    code = factory.Sequence(lambda n: f"county{n}")
    kind = BureauKind.COUNTY
    parent = factory.LazyFunction(lambda: CityBureauFactory())
    division_code = "410821"
    credit_code = factory.Sequence(_credit_code)
    phone = "0391-0000000"
    office_hours = "工作日 8:30—18:00"
    leader_name = "测试领导"


class CityBureauFactory(BureauFactory):
    name = "测试市应急管理局"
    short_name = "测试市局"
    code = "testcity"
    kind = BureauKind.CITY
    parent = None
    division_code = "410800"


class ReviewOfficeFactory(BureauFactory):
    name = factory.Sequence(lambda n: f"测试县{n}人民政府办公室")
    code = factory.Sequence(lambda n: f"county{n}-gov")
    kind = BureauKind.REVIEW_OFFICE
    parent = None


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    is_staff = True

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """UserFactory(roles=[(bureau, Role.EDITOR), ...])."""
        for bureau, role in extracted or []:
            Membership.objects.get_or_create(user=self, bureau=bureau, role=role)


def user_with_role(role: Role, bureau: Bureau, username: str | None = None) -> User:
    return UserFactory(username=username or f"{role}-{bureau.code}", roles=[(bureau, role)])


def save_and_publish_guide(*, bureau, body: str, rules_text: str, acting_user, **_ignored):
    """The editor (`acting_user`) saves the guide; a reviewer of the bureau approves and publishes it (four eyes)."""
    from gongkai.portal import services
    from gongkai.portal.models import DisclosureGuide

    services.guide_save(bureau=bureau, body=body, rules_text=rules_text, publish=False, acting_user=acting_user)
    guide = DisclosureGuide.objects.get(bureau=bureau)
    if guide.has_unpublished_changes or not guide.live:
        approver = (
            User.objects.filter(memberships__role=Role.REVIEWER, memberships__bureau=bureau)
            .exclude(pk=acting_user.pk)
            .first()
        ) or user_with_role(Role.REVIEWER, bureau, username=f"guide-reviewer-{bureau.code}")
        services.guide_publish(guide=guide, acting_user=approver, confidentiality_result="passed")
    guide.refresh_from_db()
    return guide
