"""The categories named by the sources (DOMAIN.md §4); staff can add, rename or retire them."""

from django.db import migrations

CATEGORIES = [
    "教育卫生",
    "城市管理",
    "规划建设",
    "环境卫生",
    "交通出行",
    "社会保障",
    "法律纠纷",
    "产业发展",
    "其他",
]


def seed(apps, schema_editor):
    Category = apps.get_model("petitions", "Category")
    for order, name in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(name=name, defaults={"order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
