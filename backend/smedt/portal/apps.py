from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "smedt.portal"
    label = "portal"
    verbose_name = "门户与内容"

    def ready(self) -> None:
        from smedt.portal import review_materials as m
        from smedt.portal.services import announcements, reviews, supply_demand
        from smedt.reviews.materials import materials_register

        reviews.processes_register()
        materials_register(announcements.ANNOUNCEMENT_CITY_PROCESS, m.announcement_materials)
        materials_register(announcements.ANNOUNCEMENT_COUNTY_PROCESS, m.announcement_materials)
        materials_register(supply_demand.NEED_PROCESS, m.need_materials)
        materials_register(supply_demand.OFFER_PROCESS, m.offer_materials)
