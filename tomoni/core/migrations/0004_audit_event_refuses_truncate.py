from django.db import migrations

from tomoni.core.db import make_truncate_refused


class Migration(migrations.Migration):
    dependencies = [("core", "0003_two_factor_policy")]

    operations = [make_truncate_refused("core_auditevent")]
