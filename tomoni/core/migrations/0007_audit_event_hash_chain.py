"""The audit log becomes hash chains (tomoni.core.audit): the new columns, the existing events linked in the order
they were written, and the append-only triggers put back (SQLite drops them when it rebuilds the table)."""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from tomoni.core import chain
from tomoni.core.audit import audit_content, audit_lane
from tomoni.core.db import append_only_sql

TABLE = "core_auditevent"


def link_existing_events(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    event_model = apps.get_model("core", "AuditEvent")
    head_model = apps.get_model("core", "AuditChainHead")
    create, drop = append_only_sql(schema_editor.connection.vendor, TABLE)
    for statement in drop:
        schema_editor.execute(statement, params=None)
    heads: dict[tuple[int, int], tuple[int, str]] = {}
    batch = []
    for event in event_model.objects.order_by("pk").iterator(chunk_size=5_000):
        key = (event.coop_id or 0, audit_lane(event.actor_id))
        sequence, prev_hash = heads.get(key, (0, chain.GENESIS_HASH))
        event.lane, event.sequence, event.prev_hash = key[1], sequence + 1, prev_hash
        event.event_hash = chain.link_hash(audit_content(event), prev_hash)
        heads[key] = (event.sequence, event.event_hash)
        batch.append(event)
        if len(batch) >= 5_000:
            event_model.objects.bulk_update(batch, ["lane", "sequence", "prev_hash", "event_hash"])
            batch = []
    event_model.objects.bulk_update(batch, ["lane", "sequence", "prev_hash", "event_hash"])
    head_model.objects.bulk_create(
        head_model(coop_id=coop_key, lane=lane, last_sequence=sequence, last_hash=last_hash)
        for (coop_key, lane), (sequence, last_hash) in heads.items()
    )
    for statement in create:
        schema_editor.execute(statement, params=None)  # no %-interpolation: the SQL holds a literal %


def unlink(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("core", "AuditChainHead").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0006_client_submission'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditChainHead',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('coop_id', models.BigIntegerField(default=0)),
                ('lane', models.PositiveSmallIntegerField(default=0)),
                ('last_sequence', models.PositiveBigIntegerField(default=0)),
                ('last_hash', models.CharField(max_length=64)),
            ],
            options={
                'verbose_name': 'audit chain head',
                'verbose_name_plural': 'audit chain heads',
            },
        ),
        migrations.AddField(
            model_name='auditevent',
            name='event_hash',
            field=models.CharField(default='', max_length=64),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='lane',
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='prev_hash',
            field=models.CharField(default='', max_length=64),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='sequence',
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['coop_id', 'lane', 'sequence'], name='audit_chain'),
        ),
        migrations.AddConstraint(
            model_name='auditchainhead',
            constraint=models.UniqueConstraint(fields=('coop_id', 'lane'), name='audit_chain_head_unique'),
        ),
        migrations.RunPython(link_existing_events, unlink),
    ]
