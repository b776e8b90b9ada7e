"""The training room's centre: one PostgreSQL database (the central truth: versioned schema,
constraints, triggers) and the thin HTTP service the seats talk to (they never hold a database
password). Needs the ``centre`` extra (psycopg 3). See docs/training-room.md."""
