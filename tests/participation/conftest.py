import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents.models import Document

from gongkai.accounts.roles import Role
from gongkai.participation.services import consultations, publication
from tests.factories import BureauFactory, user_with_role


@pytest.fixture(autouse=True)
def _root_collection(request):
    """Drafts are Wagtail documents: they need the root collection (tests/conftest.py)."""
    if {"db", "transactional_db"} & set(request.fixturenames) or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("root_collection")


@pytest.fixture
def bureau(db):
    return BureauFactory(code="wuzhi", name="武陟县应急管理局", short_name="武陟县局")


@pytest.fixture
def editor(bureau):
    return user_with_role(Role.EDITOR, bureau)


@pytest.fixture
def reviewer(bureau):
    return user_with_role(Role.REVIEWER, bureau)


def publish(obj, editor, reviewer):
    publication.submit(obj, acting_user=editor)
    return publication.approve(obj, acting_user=reviewer, confidentiality_result="passed")


def draft_document(title="征求意见稿", text="第一条 为了加强安全生产工作……"):
    return Document.objects.create(title=title, file=ContentFile(text.encode(), name="draft.txt"))


def make_consultation(bureau, editor, *, opens=None, closes=None, kind="major_decision", **fields):
    today = timezone.localdate()
    opens = opens or today - dt.timedelta(days=1)
    closes = closes or opens + dt.timedelta(days=30)
    return consultations.consultation_save(
        bureau=bureau,
        fields={
            "kind": kind,
            "title": "《武陟县安全生产举报奖励办法（征求意见稿）》",
            "summary": "现向社会公开征求意见。",
            "draft": draft_document(),
            "opens": opens,
            "closes": closes,
            **fields,
        },
        acting_user=editor,
    )


@pytest.fixture
def open_consultation(bureau, editor, reviewer):
    return publish(make_consultation(bureau, editor, moderation="post"), editor, reviewer)
