"""The seat's persistence (Qt-free): the SQLite database and its migrations, recordings on
disk, and one module per kind of record. Only ``simulator.services`` uses it."""
