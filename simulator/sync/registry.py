"""Which tables a seat and its centre keep in step, as data: for each table, the direction
(push: seat → centre; pull: centre → seat; both), the conflict rule the centre and the seat
apply, whether it is append-only, whose record it is (the disabled-account rule), which
columns point at recordings, which rows a seat may pull, and the columns that stay where they
are. ``docs/training-room.md`` states the rules in words.

The order is the order a new seat's history is queued in (parents before children); after
that, rows travel in the order they were written on the seat (the outbox sequence).

Tables another feature adds are listed with ``optional=True``: they take part only where the
seat has the table and the centre says it has it too (``/v1/status`` lists the centre's
tables), so adding them is a centre migration and, if the guess below was wrong, a line here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Direction(StrEnum):
    PUSH = "push"  # written on seats, gathered at the centre
    PULL = "pull"  # written at the centre, copied to the seats that may see them
    BOTH = "both"


class Rule(StrEnum):
    # inserted once; the same row again is a no-op; a different row under the same id is
    # refused and audited (an append-only record altered on the seat)
    APPEND_ONLY = "append_only"
    # only the seat that wrote the row changes it; its later change (its outbox sequence, never
    # its clock) wins over an earlier one delivered late
    SEAT_OWNED = "seat_owned"
    # SEAT_OWNED, and the centre's triggers keep an exam attempt one-way: a completed attempt
    # never reopens, its draw never changes, a sealed attempt never changes
    EXAM_STATE = "exam_state"
    # one row per natural key (``key``); the copy with more reviews wins, a tie goes to the
    # later arrival at the centre
    MORE_REVIEWS = "more_reviews"
    # any seat may change it while offline; the latest ``updated_at`` wins, a seat's clock
    # corrected by its measured offset; a stale seat copy is replaced at its next pull
    LATEST_UPDATED_AT = "latest_updated_at"
    # the centre's rows; a seat only reads them
    CENTRE_WINS = "centre_wins"
    # the centre's row; the seat it is for fills in the acknowledgement, once
    COMMAND_ACK = "command_ack"


class Scope(StrEnum):
    """Which rows of a pulled table a seat receives."""

    ALL = "all"
    SEAT = "seat"  # rows addressed to this seat (``seat_id``)
    SEAT_USERS = "seat_users"  # rows of accounts that have signed in on this seat


# rules under which a seat may only send its own rows (``seat_id`` = the sending seat); under
# the others the outbox queues every local change that did not come from a pull
OWNED_RULES = frozenset({Rule.APPEND_ONLY, Rule.SEAT_OWNED, Rule.EXAM_STATE})


@dataclass(frozen=True)
class SyncTable:
    name: str
    direction: Direction
    rule: Rule
    append_only: bool
    key: tuple[str, ...] = ("id",)  # what identifies a row across seats (the upsert key)
    user_column: str | None = None  # the account the record belongs to / was signed by
    time_column: str = "created_at"  # when it happened (seat clock), for the disabled rule
    recordings: tuple[tuple[str, str], ...] = ()  # (path column, sha256 column)
    scope: Scope | None = None  # pulled rows a seat receives (None: not pulled)
    local_only: tuple[str, ...] = ()  # columns that never travel (either way)
    optional: bool = False  # only where both the seat and the centre have the table
    # the account whose seats receive a SEAT_USERS row, when not ``user_column`` (an override
    # is signed by its trainer but follows the trainee it is about)
    scope_column: str | None = None
    # columns that travel but live in a file on the seat, not in its table (a pack's
    # ``pack.yaml``: added when pushed and written out when pulled, ``sync/pack_files.py``)
    carried: tuple[str, ...] = ()

    @property
    def whose(self) -> str | None:
        """The column naming the account a pulled row follows (``Scope.SEAT_USERS``)."""
        return self.scope_column or self.user_column

    @property
    def pushed(self) -> bool:
        return self.direction in (Direction.PUSH, Direction.BOTH)

    @property
    def pulled(self) -> bool:
        return self.direction in (Direction.PULL, Direction.BOTH)

    @property
    def owned(self) -> bool:
        """Only the writing seat's own rows are sent (and accepted)."""
        return self.rule in OWNED_RULES


P, L, B = Direction.PUSH, Direction.PULL, Direction.BOTH
REC = (("recording", "recording_sha256"),)

REGISTRY: tuple[SyncTable, ...] = (
    # accounts come from the centre; a seat's own sign-in state stays on the seat; the
    # password hash travels only to seats the account has signed in on (see centre/pull.py)
    SyncTable("users", L, Rule.CENTRE_WINS, False, scope=Scope.ALL,
              local_only=("failed_logins", "locked_until", "last_login_at")),
    # practice: a trainee's attempts follow them to every seat they sign in on
    SyncTable("attempts", B, Rule.SEAT_OWNED, False, user_column="user_id",
              time_column="started_at", scope=Scope.SEAT_USERS),
    SyncTable("turns", P, Rule.SEAT_OWNED, False, recordings=REC),
    SyncTable("violations", P, Rule.APPEND_ONLY, True),
    # quizzes, self-assessments, drills and the spaced-review queue
    SyncTable("self_assessments", P, Rule.APPEND_ONLY, True, user_column="user_id"),
    SyncTable("quiz_sessions", P, Rule.APPEND_ONLY, True, user_column="user_id"),
    SyncTable("quiz_answers", P, Rule.APPEND_ONLY, True, user_column="user_id", recordings=REC),
    SyncTable("drill_answers", P, Rule.APPEND_ONLY, True, user_column="user_id", recordings=REC),
    SyncTable("review_cards", B, Rule.MORE_REVIEWS, False, key=("user_id", "kind", "item"),
              user_column="user_id", time_column="updated_at", scope=Scope.SEAT_USERS),
    SyncTable("review_log", P, Rule.APPEND_ONLY, True, user_column="user_id"),
    # certification exams: the attempt's state is the seat's, answers and results are records
    SyncTable("exam_attempts", P, Rule.EXAM_STATE, False, user_column="candidate_id",
              time_column="updated_at"),
    SyncTable("exam_answers", P, Rule.APPEND_ONLY, True, recordings=REC),
    SyncTable("exam_time_adjustments", P, Rule.APPEND_ONLY, True),
    SyncTable("exam_results", P, Rule.APPEND_ONLY, True, user_column="candidate_id"),
    SyncTable("exam_ratings", P, Rule.APPEND_ONLY, True, user_column="rater_id"),
    SyncTable("certificates", P, Rule.APPEND_ONLY, True, user_column="candidate_id"),
    # exam sessions booked at the centre for a seat; the proctor console's commands
    SyncTable("exam_bookings", L, Rule.CENTRE_WINS, False, scope=Scope.SEAT),
    SyncTable("proctor_commands", B, Rule.COMMAND_ACK, False, scope=Scope.SEAT,
              time_column="updated_at"),
    # privacy (centre schema 4): consent follows the trainee to every seat they sign in on; a
    # recording deleted on a seat (with its reason) is deleted at the centre too
    SyncTable("recording_consents", B, Rule.APPEND_ONLY, True, user_column="user_id",
              scope=Scope.SEAT_USERS),
    SyncTable("recording_deletions", P, Rule.APPEND_ONLY, True),
    # --- the trainer's tables (local migration 5): groups, members and assignments synced
    # since centre schema 5, overrides and calibration grades since schema 6; the calibration
    # sets and items are inert until the centre has them. Groups, assignments and calibration
    # sets are edited by trainers on any seat, offline too (the latest edit wins); overrides
    # and calibration grades are records of what a trainer decided. An override follows the
    # trainee it is about to the seats they sign in on (applied where the turn is).
    # The seat's settings (the retention period) stay on the seat for now.
    SyncTable("groups", B, Rule.LATEST_UPDATED_AT, False, scope=Scope.ALL,
              time_column="updated_at", optional=True),
    SyncTable("group_members", B, Rule.LATEST_UPDATED_AT, False, scope=Scope.ALL,
              time_column="updated_at", optional=True),
    SyncTable("assignments", B, Rule.LATEST_UPDATED_AT, False, scope=Scope.ALL,
              time_column="updated_at", optional=True),
    SyncTable("overrides", B, Rule.APPEND_ONLY, True, user_column="by_id",
              scope=Scope.SEAT_USERS, scope_column="trainee_id", optional=True),
    SyncTable("calibration_sets", B, Rule.LATEST_UPDATED_AT, False, scope=Scope.ALL,
              time_column="updated_at", optional=True),
    SyncTable("calibration_items", B, Rule.LATEST_UPDATED_AT, False, scope=Scope.ALL,
              time_column="updated_at", optional=True),
    SyncTable("calibration_grades", P, Rule.APPEND_ONLY, True, user_column="rater_id",
              optional=True),
    # trainers' packs (centre schema 7): the row of each pack in the data folder, its
    # ``pack.yaml`` travelling with it (``content``, read from the file when pushed and
    # sha256-checked; validated and written atomically into <data>/packs/ when pulled, a pack
    # that does not validate refused with its reason; ``sync/pack_files.py``). Edited on any
    # seat, offline too: the latest edit wins; every seat pulls every pack.
    SyncTable("trainer_packs", B, Rule.LATEST_UPDATED_AT, False, scope=Scope.ALL,
              time_column="updated_at", optional=True, carried=("content",)),
    # the audit chain: the centre checks each entry's hash and its link to the one before
    SyncTable("audit", P, Rule.APPEND_ONLY, True, user_column="actor_id", time_column="at"),
)  # fmt: skip

BY_NAME: dict[str, SyncTable] = {t.name: t for t in REGISTRY}


def table(name: str, registry: tuple[SyncTable, ...] = REGISTRY) -> SyncTable:
    for entry in registry:
        if entry.name == name:
            return entry
    raise KeyError(f"{name} is not a synchronised table")
