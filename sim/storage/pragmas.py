"""SQLite connection settings, for the app's engine and the migration runner's."""


def sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DB-API object
    cursor = dbapi_connection.cursor()
    # First: the pragmas below wait for a lock instead of failing while another process is
    # creating the same new file.
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
