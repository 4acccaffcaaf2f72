"""Two office users editing one draft's contents at once queue up instead of corrupting the order."""
import threading

from thidua import roles
from thidua.campaigns import services
from thidua.db import db
from thidua.models import Campaign, CampaignItem
from tests.campaign_factories import make_campaign


def test_concurrent_moves_and_additions_keep_positions_one_to_n(app, make_user, make_unit):
    office = make_user(roles.OFFICE)
    campaign = make_campaign(office, units=[make_unit()], status="draft", items=("A", "B", "C", "D"))
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            with db.connection_context():
                for step in range(6):
                    fresh = Campaign.get_by_id(campaign.id)
                    items = services.items_of(fresh)
                    if step % 3 == 2:
                        services.add_item(fresh, f"Thêm {n}-{step}", office)
                    else:
                        services.move_item(fresh, items[(n + step) % len(items)], 1 if n % 2 else -1, office)
        except BaseException as exc:  # collected: an exception in a thread would vanish otherwise
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    positions = [i.position for i in CampaignItem.select().where(CampaignItem.campaign == campaign)
                 .order_by(CampaignItem.position)]
    assert positions == list(range(1, 4 + 4 * 2 + 1))
