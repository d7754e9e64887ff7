"""The index: the only code that knows SQL (schema, migrations, writes, queries)."""
