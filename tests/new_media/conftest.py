import pytest


@pytest.fixture
def chain(leader, gov_reviewer, supervisor):
    return {"leader": leader, "gov_reviewer": gov_reviewer, "supervisor": supervisor}
