"""The parts of tools/suite.py, by responsibility (standard library only
until the virtualenv exists: psycopg2 is imported where it is used)."""
