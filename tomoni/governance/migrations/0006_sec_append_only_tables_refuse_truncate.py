"""TRUNCATE refused on the ballots, their marks, participations, roll entries and decision notes (issue 13 item 12;
written by the security work)."""

from django.db import migrations

from tomoni.core.db import make_truncate_refused


class Migration(migrations.Migration):
    dependencies = [("governance", "0005_delegate_constituencies_and_notice_recipients")]

    operations = [
        make_truncate_refused(
            "governance_ballot",
            "governance_ballotmark",
            "governance_participation",
            "governance_rollentry",
            "governance_decisionnote",
        )
    ]
