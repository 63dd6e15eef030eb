import pytest
from django.db.models import IntegerField, Value
from wagtail.log_actions import registry
from gongkai.core import audit

@pytest.mark.django_db
def test_x(people):
    audit.record("accounts.user.login", username="x")
    out = []
    qs_all = None
    for i, m in enumerate(registry.get_log_entry_models()):
        qs = m.objects.viewable_by_user(people["audit_admin"]).values("pk", "timestamp").annotate(i=Value(i, output_field=IntegerField())).order_by()
        try:
            s = str(qs.query)[:300]
        except Exception as e:
            s = repr(e)
        out.append(f"{m} ob={qs.query.order_by} do={qs.query.default_ordering} extra={qs.query.extra_order_by} {s}")
        qs_all = qs if qs_all is None else qs_all.union(qs, all=True)
    try:
        list(qs_all.order_by("-timestamp"))
    except Exception as e:
        out.append(repr(e))
    raise AssertionError("\n".join(out))
