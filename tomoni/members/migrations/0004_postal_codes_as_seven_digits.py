"""Postal codes kept as their seven digits (written 271-0092 or 〒２７１－００９２ before); others left as they are."""

from django.db import migrations


def to_digits(apps, schema_editor):  # type: ignore[no-untyped-def]
    from tomoni.members.japanese import postal_code

    Person = apps.get_model("members", "Person")
    changed = []
    for person in Person.objects.exclude(postal_code="").only("pk", "postal_code").iterator(chunk_size=2000):
        digits = postal_code(person.postal_code)
        if digits and digits != person.postal_code:
            person.postal_code = digits
            changed.append(person)
    Person.objects.bulk_update(changed, ["postal_code"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("members", "0003_membership_number_unique_ignoring_case")]

    operations = [migrations.RunPython(to_digits, migrations.RunPython.noop)]
