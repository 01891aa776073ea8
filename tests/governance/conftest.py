import pytest

from governance.models import Role
from governance.services import role_assign
from tests.factories import UserFactory


@pytest.fixture
def coordination_user(db):
    user = UserFactory()
    role_assign(user=user, role=Role.COORDINATION_TEAM)
    return user


@pytest.fixture
def oversight_user(db):
    user = UserFactory()
    role_assign(user=user, role=Role.OVERSIGHT_COMMITTEE)
    return user
