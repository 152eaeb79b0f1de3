from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "smedt.policies"
    label = "policies"
    verbose_name = "惠企政策"

    def ready(self) -> None:
        from smedt.enterprises.services.facts import facts_changed_subscribe
        from smedt.policies.tasks import on_facts_changed

        facts_changed_subscribe(on_facts_changed)

        from smedt.notify.sms import receipt_subscribe
        from smedt.policies.services.push import delivery_receipt

        receipt_subscribe(delivery_receipt)
