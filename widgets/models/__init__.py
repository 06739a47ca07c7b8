"""The content models by kind; :mod:`widgets.schema` joins them into one ``Content`` type and
loads content files."""
