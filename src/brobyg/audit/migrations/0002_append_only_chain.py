"""The audit log becomes an append-only hash chain (issue 13 §3).

Existing entries are chained in the order they were written (by id). References to users and partnerships become
plain ids without a database constraint, so deleting either no longer rewrites entries (SET NULL did).
"""
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def chain_existing(apps, schema_editor):
    from brobyg.audit.chain import GENESIS, entry_hash

    AuditEntry = apps.get_model("audit", "AuditEntry")
    ChainHead = apps.get_model("audit", "ChainHead")
    prev, seq = GENESIS, 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        seq += 1
        entry.seq, entry.prev_hash = seq, prev
        entry.hash = entry_hash(entry, prev)
        AuditEntry.objects.filter(pk=entry.pk).update(seq=entry.seq, prev_hash=entry.prev_hash, hash=entry.hash)
        prev = entry.hash
    if seq:
        ChainHead.objects.create(pk=1, seq=seq, hash=prev)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
        ("partnerships", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ChainHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("seq", models.PositiveBigIntegerField(default=0)),
                ("hash", models.CharField(blank=True, max_length=64)),
            ],
            options={"verbose_name": "audit chain head"},
        ),
        migrations.AlterField(
            model_name="auditentry", name="created",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False,
                                       verbose_name="time"),
        ),
        migrations.AlterField(
            model_name="auditentry", name="actor",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True,
                                    on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
                                    to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name="auditentry", name="partnership",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True,
                                    on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
                                    to="partnerships.partnership"),
        ),
        migrations.AddField(
            model_name="auditentry", name="seq",
            field=models.PositiveBigIntegerField(editable=False, null=True, verbose_name="sequence number"),
        ),
        migrations.AddField(
            model_name="auditentry", name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64,
                                   verbose_name="hash of the previous entry"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry", name="hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="hash"),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditentry", name="seq",
            field=models.PositiveBigIntegerField(editable=False, unique=True, verbose_name="sequence number"),
        ),
    ]
