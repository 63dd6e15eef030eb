"""System checks: no active superuser in production (三员分立; `check --deploy`)."""

import pytest
from django.core import checks
from django.core.management import call_command

from gongkai.core.checks import check_no_active_superuser
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_superuser_check_is_a_deploy_check():
    assert check_no_active_superuser in checks.registry.registry.get_checks(include_deployment_checks=True)
    assert check_no_active_superuser not in checks.registry.registry.get_checks(include_deployment_checks=False)


def test_no_warning_without_superusers(people):
    assert check_no_active_superuser() == []


def test_warns_about_an_active_superuser():
    UserFactory(username="root", is_superuser=True)
    UserFactory(username="retired-root", is_superuser=True, is_active=False)
    warnings = check_no_active_superuser()
    assert [w.id for w in warnings] == ["gongkai.W001"]
    assert "root" in warnings[0].msg and "retired-root" not in warnings[0].msg


def test_check_deploy_reports_it(capsys):
    UserFactory(username="root", is_superuser=True)
    call_command("check", "--deploy", "--tag", "security", fail_level="CRITICAL")
    assert "gongkai.W001" in capsys.readouterr().err
