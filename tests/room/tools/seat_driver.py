"""A seat's sync in a process of its own, for the kill test: it pushes its backlog in small
batches and prints ``committed N`` after each batch the centre acknowledged — before the seat
has recorded it — then pauses a moment so the test can SIGKILL it right there.

    python tests/room/tools/seat_driver.py DATA_DIR BATCH_ROWS
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))


def main() -> int:
    from simulator.services import Services
    from simulator.sync.client import CentreClient
    from simulator.sync.engine import SyncEngine
    from simulator.sync.join import load_token
    from simulator.sync.outbox import Outbox

    data, batch_rows = Path(sys.argv[1]), int(sys.argv[2])
    services = Services.open(data)
    pushes = 0

    class Announcing(CentreClient):
        def push(self, batch):
            nonlocal pushes
            reply = super().push(batch)
            pushes += 1
            print(json.dumps({"committed": pushes}), flush=True)
            time.sleep(0.3)  # the window between the centre's commit and the seat's record
            return reply

    url = Outbox(services.db).get("centre_url")
    client = Announcing(url, load_token(data))
    report = SyncEngine(services, client, batch_rows=batch_rows).run_once()
    print(json.dumps({"done": report.ok, "error": report.error}), flush=True)
    services.close()
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
