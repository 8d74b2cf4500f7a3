"""factory_boy factories. Network nodes go through stations.services so their ancestor columns are right."""

import factory
from django.contrib.auth import get_user_model

from deputies.models import Assignment, Deputy, Specialty, VoterContact
from stations import services as station_services
from stations.models import Node, Position

PASSWORD = "test-pass-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)


class _NodeFactory(factory.Factory):
    class Meta:
        model = Node

    name = factory.Sequence(lambda n: f"节点{n}")
    code = factory.Sequence(lambda n: f"N{n:04d}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        by = kwargs.pop("by", None) or UserFactory(username="factory-admin", is_superuser=True)
        return station_services.node_create(by=by, **kwargs)


class DistrictFactory(_NodeFactory):
    kind = Node.Kind.DISTRICT
    parent = None
    name = factory.Sequence(lambda n: f"测试区{n}")


class StreetFactory(_NodeFactory):
    kind = Node.Kind.STREET
    parent = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"测试街道{n}")


class StationFactory(_NodeFactory):
    kind = Node.Kind.STATION
    parent = factory.SubFactory(StreetFactory)
    name = factory.Sequence(lambda n: f"测试社区联络站{n}")


class PointFactory(_NodeFactory):
    kind = Node.Kind.POINT
    parent = factory.SubFactory(StationFactory)
    point_kind = Node.PointKind.COMMUNITY
    name = factory.Sequence(lambda n: f"测试联系点{n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    user = factory.SubFactory(UserFactory)
    node = factory.SubFactory(StationFactory)


class SpecialtyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialty
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"专长{n}")


class DeputyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deputy

    name = factory.Sequence(lambda n: f"代表{n}")
    gender = Deputy.Gender.FEMALE
    level = Deputy.Level.COUNTY
    district = factory.SubFactory(DistrictFactory)
    phone = factory.Sequence(lambda n: f"139{n:08d}")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    deputy = factory.SubFactory(DeputyFactory)
    node = factory.SubFactory(StationFactory)
    role = Assignment.Role.RESIDENT


class VoterContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VoterContact

    deputy = factory.SubFactory(DeputyFactory)
    name = factory.Sequence(lambda n: f"选民{n}")
    phone = factory.Sequence(lambda n: f"138{n:08d}")
