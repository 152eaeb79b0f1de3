"""Compute the MAC of an existing chain head (data migration; the key comes from the settings)."""

from django.core.exceptions import ImproperlyConfigured
from django.db import migrations


def seal(apps, schema_editor):
    from smedt.audit.services import head_mac

    Head = apps.get_model("audit", "AuditChainHead")
    for head in Head.objects.all():
        try:
            head.mac = head_mac(count=head.count, last_hash=head.last_hash)
        except ImproperlyConfigured:
            return  # no audit key here: verification will report the unsealed head
        head.save(update_fields=["mac"])


def unseal(apps, schema_editor):
    apps.get_model("audit", "AuditChainHead").objects.update(mac="")


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_chain_head_mac")]

    operations = [migrations.RunPython(seal, unseal)]
