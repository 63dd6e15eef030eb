"""The REPLICA database alias added and removed at run time by the replica tests.

Django's test case refuses connections to aliases it did not set up (and would flush those it did: a
standby cannot be flushed), so the alias connects with the method pytest-django keeps unpatched.
"""

import types

from django.db import connections

from gongkai.core.db_router import REPLICA


def register_replica(settings_dict, django_db_blocker):
    connections.settings[REPLICA] = settings_dict
    connection = connections[REPLICA]
    connection.ensure_connection = types.MethodType(django_db_blocker._real_ensure_connection, connection)
    return connection


def unregister_replica():
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]
