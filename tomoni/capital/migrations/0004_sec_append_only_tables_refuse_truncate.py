"""TRUNCATE refused on the capital ledger and the dividend lines (issue 13 item 12; written by the security work)."""

from django.db import migrations

from tomoni.core.db import make_truncate_refused


class Migration(migrations.Migration):
    dependencies = [("capital", "0003_portable_integer_bounds")]

    operations = [make_truncate_refused("capital_capitalentry", "capital_dividendline")]
