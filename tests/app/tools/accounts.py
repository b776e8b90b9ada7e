"""The accounts a screenshot tool starts from: the first administrator and the people it names,
all with one password, made through the services (as the app's first start and the users page
would); and, for a tool that opens the app already signed in, that person's session."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

PASSWORD = "training-room-1"

Person = tuple[str, str, str]  # username, display name, role


def make_people(
    services, people: Iterable[Person], *, admin_name: str = "Admin", password: str = PASSWORD
) -> dict[str, str]:
    """The administrator ("admin") and ``people``; their user ids by username."""
    admin = services.accounts.create_first_admin("admin", admin_name, password)
    return {
        username: services.accounts.create_user(admin, username, name, role, password)
        for username, name, role in people
    }


def signed_in(data: Path, person: Person, *, admin_name: str = "Admin"):
    """A fresh data folder with the administrator and ``person``; that person's session."""
    from simulator.services import Services

    services = Services.open(data)
    try:
        make_people(services, [person], admin_name=admin_name)
        return services.accounts.sign_in(person[0], PASSWORD)
    finally:
        services.close()
