"""GraphQL at ``/api/graphql/``, a second way into the REST API's read layer.

``types`` turns REST's pydantic schemas into GraphQL types, ``pages`` the page types,
``queries`` the queries (each through REST's own read path), ``schema`` the schema and
its limits, ``view`` the endpoint. See docs/graphql.md.
"""
