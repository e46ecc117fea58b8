from django.db import migrations

from tomoni.core.db import make_append_only


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [make_append_only("core_auditevent")]
