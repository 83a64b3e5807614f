"""Views for browsing the record with any SQL tool (Datasette, psql, a spreadsheet's ODBC), as
DDL the migrations run: plain column names over the projections, one engine's JSON functions
each (SQLite json_extract/json_each, PostgreSQL's json operators). Events and counts come from
the entity_versions projection, so they show what it holds (each edition's newest reading);
paragraphs and the edition summary read the newest reading of each edition too (its row in
`derivations`, else the edition's own); changes are the log's, as recorded at ingest. An
edition withdrawn with `tracker retract` leaves every view, as it leaves the commands' output.

Frozen on purpose, like `triggers`: a migration that imports this module must keep meaning
what it meant when it was written, so a later change of a view is a new set of definitions
(`VIEWS_0007` …) used by a new migration, never an edit of one below.

A migration that rebuilds a table these views read (an SQLite batch `recreate`) must drop the
views first and create them again afterwards (`drop_all`, `create_all`): SQLite refuses to
rename a table while a view names one that is missing.
"""

from __future__ import annotations

CHANGE_TYPES = ", ".join(f"'{entity}{kind}'" for entity in ("Event", "Count", "Section")
                         for kind in ("Added", "Removed", "Changed"))



def _kept(brief: str, edition: str) -> str:
    """SQL: the edition was not withdrawn with `tracker retract` (an EditionRetracted log event)."""
    return (f"NOT EXISTS (SELECT 1 FROM log AS x WHERE x.type = 'EditionRetracted' "
            f"AND x.brief = {brief} AND x.edition = {edition})")


V_KEPT = _kept("v.brief", "v.edition")
E_KEPT = _kept("e.brief", "e.number")
L_KEPT = _kept("l.brief", "l.edition")

def _newest(column: str) -> str:
    """SQL: `column` of edition e's newest reading in `derivations` (NULL when never re-read)."""
    return (f"(SELECT d.{column} FROM derivations AS d WHERE d.brief = e.brief "
            f"AND d.edition = e.number ORDER BY d.derivation DESC LIMIT 1)")


NEWEST_SNAPSHOT = f"COALESCE({_newest('snapshot')}, e.snapshot)"


def _log_count(types: str) -> str:
    return (f"(SELECT count(*) FROM log AS l WHERE l.brief = e.brief AND l.edition = e.number\n"
            f"         AND l.type IN ({types}))")


def _version_count(kind: str) -> str:
    return (f"(SELECT count(*) FROM entity_versions AS v\n"
            f"         WHERE v.brief = e.brief AND v.edition = e.number AND v.kind = '{kind}')")


def _edition_summary(previous: str, sections: str) -> str:
    """The edition summary; the two dialects differ only in how they read JSON: `previous`
    (the number of the edition compared with, from the EditionRecorded payload `l.payload`) and
    `sections` (the length of the newest snapshot's sections)."""
    return f"""
SELECT e.brief AS brief, e.number AS edition, e.as_of AS as_of, e.ingested_at AS ingested_at,
       e.source AS source, e.sha256 AS sha256,
       COALESCE({_newest('derivation')}, 1) AS reading,
       COALESCE({_newest('parser_version')}, e.parser_version) AS parser_version,
       (SELECT {previous} FROM log AS l
         WHERE l.brief = e.brief AND l.edition = e.number AND l.type = 'EditionRecorded') AS compared_with,
       {_version_count('event')} AS events,
       {_version_count('count')} AS counts,
       {sections} AS paragraphs,
       {_log_count("'EventAdded', 'CountAdded', 'SectionAdded'")} AS added,
       {_log_count("'EventRemoved', 'CountRemoved', 'SectionRemoved'")} AS removed,
       {_log_count("'EventChanged', 'CountChanged', 'SectionChanged'")} AS changed
FROM editions AS e WHERE """ + E_KEPT


# name -> {dialect: SELECT}; created in this order, dropped in reverse.
VIEWS_0005: dict[str, dict[str, str]] = {
    "events": {
        "sqlite": """
SELECT v.brief AS brief, v.edition AS edition, v.as_of AS as_of, v.date AS event_date,
       v.key AS key, v.name AS name,
       json_extract(v.data, '$.action') AS action, json_extract(v.data, '$.status') AS status,
       json_extract(v.data, '$.place') AS place,
       (SELECT group_concat(n.value, '; ') FROM json_each(v.data, '$.nations') AS n) AS nations,
       json_extract(v.data, '$.personnel') AS personnel, json_extract(v.data, '$.text') AS text
FROM entity_versions AS v WHERE v.kind = 'event' AND """ + V_KEPT,
        "postgresql": """
SELECT v.brief AS brief, v.edition AS edition, v.as_of AS as_of, v.date AS event_date,
       v.key AS key, v.name AS name,
       d.j ->> 'action' AS action, d.j ->> 'status' AS status, d.j ->> 'place' AS place,
       (SELECT string_agg(n.value, '; ' ORDER BY n.position)
          FROM json_array_elements_text(d.j -> 'nations') WITH ORDINALITY AS n(value, position)) AS nations,
       (d.j ->> 'personnel')::integer AS personnel, d.j ->> 'text' AS text
FROM entity_versions AS v CROSS JOIN LATERAL (SELECT v.data::json AS j) AS d
WHERE v.kind = 'event' AND """ + V_KEPT,
    },
    "counts": {
        "sqlite": """
SELECT v.brief AS brief, v.edition AS edition, v.as_of AS as_of, v.key AS key,
       v.name AS subject, json_extract(v.data, '$.value') AS value, v.date AS stated_as_of,
       json_extract(v.data, '$.text') AS text
FROM entity_versions AS v WHERE v.kind = 'count' AND """ + V_KEPT,
        "postgresql": """
SELECT v.brief AS brief, v.edition AS edition, v.as_of AS as_of, v.key AS key,
       v.name AS subject, (d.j ->> 'value')::bigint AS value, v.date AS stated_as_of,
       d.j ->> 'text' AS text
FROM entity_versions AS v CROSS JOIN LATERAL (SELECT v.data::json AS j) AS d
WHERE v.kind = 'count' AND """ + V_KEPT,
    },
    "paragraphs": {
        "sqlite": """
SELECT e.brief AS brief, e.number AS edition, e.as_of AS as_of, s.key + 1 AS position,
       json_extract(s.value, '$.key') AS key, json_extract(s.value, '$.title') AS title,
       json_extract(s.value, '$.text') AS text
FROM editions AS e, json_each(""" + NEWEST_SNAPSHOT + """, '$.sections') AS s
WHERE """ + E_KEPT,
        "postgresql": """
SELECT e.brief AS brief, e.number AS edition, e.as_of AS as_of, s.position AS position,
       s.value ->> 'key' AS key, s.value ->> 'title' AS title, s.value ->> 'text' AS text
FROM editions AS e
CROSS JOIN LATERAL json_array_elements(""" + NEWEST_SNAPSHOT + """::json -> 'sections') WITH ORDINALITY AS s(value, position)
WHERE """ + E_KEPT,
    },
    "changes": {
        "sqlite": f"""
SELECT l.brief AS brief, l.edition AS edition, e.as_of AS as_of,
       json_extract(l.payload, '$.kind') AS kind, json_extract(l.payload, '$.entity') AS entity,
       json_extract(l.payload, '$.key') AS key, json_extract(l.payload, '$.label') AS label,
       json_extract(l.payload, '$.field') AS field, json_extract(l.payload, '$.before') AS before,
       json_extract(l.payload, '$.after') AS after, l.seq AS seq
FROM log AS l JOIN editions AS e ON e.brief = l.brief AND e.number = l.edition
WHERE l.type IN ({CHANGE_TYPES}) AND """ + L_KEPT,
        "postgresql": f"""
SELECT l.brief AS brief, l.edition AS edition, e.as_of AS as_of,
       d.j ->> 'kind' AS kind, d.j ->> 'entity' AS entity, d.j ->> 'key' AS key,
       d.j ->> 'label' AS label, d.j ->> 'field' AS field, d.j ->> 'before' AS before,
       d.j ->> 'after' AS after, l.seq AS seq
FROM log AS l JOIN editions AS e ON e.brief = l.brief AND e.number = l.edition
CROSS JOIN LATERAL (SELECT l.payload::json AS j) AS d
WHERE l.type IN ({CHANGE_TYPES}) AND """ + L_KEPT,
    },
    "edition_summary": {
        "sqlite": _edition_summary(
            "json_extract(l.payload, '$.previous')",
            f"json_array_length({NEWEST_SNAPSHOT}, '$.sections')"),
        "postgresql": _edition_summary(
            "(l.payload::json ->> 'previous')::integer",
            f"json_array_length({NEWEST_SNAPSHOT}::json -> 'sections')"),
    },
}


# 0009: the events view tells how precisely each event date is known (`date_precision`, beside
# `event_date`): "day" for a day, else the period `event_date` opens (week, part-month, month,
# quarter, half-year, year); NULL without a date, as the export's events table gives it.
_PRECISION = {
    "sqlite": "CASE WHEN v.date IS NULL THEN NULL ELSE coalesce(json_extract(v.data, '$.date_precision'), "
              "'day') END AS date_precision,",
    "postgresql": "CASE WHEN v.date IS NULL THEN NULL ELSE coalesce(d.j ->> 'date_precision', 'day') END "
                  "AS date_precision,",
}
VIEWS_0009: dict[str, dict[str, str]] = {
    "events": {dialect: sql.replace("v.date AS event_date,", f"v.date AS event_date, {_PRECISION[dialect]}", 1)
               for dialect, sql in VIEWS_0005["events"].items()},
}


# 0010: an analyst's corrections of one fact (`tracker fact`), one row per FactCorrected log
# record with its revocation (FactCorrectionRevoked naming it), if any: what was corrected, in
# which edition, the sentence it rests on, who and why. Whether a correction still holds in a
# later edition (in force, moot, superseded) is the readings' to say: `tracker fact list`.
# `before` / `after`: text, or JSON text for a list (nations), as the changes view gives them.
_FACT_COLUMNS = """
SELECT l.seq AS id, l.brief AS brief, l.edition AS edition, e.as_of AS as_of,
       {op} AS op, {entity} AS entity, {key} AS key, {field} AS field,
       {before} AS before, {after} AS after, {anchor} AS sentence,
       {reason} AS reason, {by} AS corrected_by, {at} AS corrected_at,
       r.seq AS revocation_id, {r_reason} AS revoke_reason, {r_by} AS revoked_by, {r_at} AS revoked_at
FROM log AS l JOIN editions AS e ON e.brief = l.brief AND e.number = l.edition
"""
_FACT_NAMES = ("op", "entity", "key", "field", "before", "after", "anchor", "reason", "by", "at")
VIEWS_0010: dict[str, dict[str, str]] = {
    "fact_corrections": {
        "sqlite": _FACT_COLUMNS.format(
            **{n: f"json_extract(l.payload, '$.{n}')" for n in _FACT_NAMES},
            **{f"r_{n}": f"json_extract(r.payload, '$.{n}')" for n in ("reason", "by", "at")}) + """\
LEFT JOIN log AS r ON r.type = 'FactCorrectionRevoked' AND r.brief = l.brief
     AND json_extract(r.payload, '$.id') = l.seq
WHERE l.type = 'FactCorrected' AND """ + L_KEPT,
        "postgresql": _FACT_COLUMNS.format(
            **{n: f"l.payload::json ->> '{n}'" for n in _FACT_NAMES},
            **{f"r_{n}": f"r.payload::json ->> '{n}'" for n in ("reason", "by", "at")}) + """\
LEFT JOIN log AS r ON r.type = 'FactCorrectionRevoked' AND r.brief = l.brief
     AND (r.payload::json ->> 'id')::integer = l.seq
WHERE l.type = 'FactCorrected' AND """ + L_KEPT,
    },
}


# 0011: events and counts say whose reading each row is (`reading`): "analyst" where an
# analyst's correction (`tracker fact`) applies to that fact in that edition's reading in force
# (its newest derivation, whose snapshot lists the corrections under "fact_corrections" with
# their outcome), else "parser". A brief without any correction costs one index probe per row.
def _reading(entity: str, applied: str) -> str:
    """SQL: 'analyst' or 'parser' for the entity_versions row `v` of kind `entity`; `applied`
    is the dialect's EXISTS over the newest reading's applied corrections of `v`."""
    return (f"CASE WHEN NOT EXISTS (SELECT 1 FROM log AS fc WHERE fc.type = 'FactCorrected' "
            f"AND fc.brief = v.brief) THEN 'parser' WHEN {applied} THEN 'analyst' ELSE 'parser' END AS reading")


_NEWEST_OF_V = ("(SELECT nd.snapshot FROM derivations AS nd WHERE nd.brief = v.brief AND nd.edition = v.edition "
                "ORDER BY nd.derivation DESC LIMIT 1)")
_APPLIED = {
    "sqlite": "EXISTS (SELECT 1 FROM json_each(" + _NEWEST_OF_V + ", '$.fact_corrections') AS f "
              "WHERE json_extract(f.value, '$.entity') = '{entity}' AND json_extract(f.value, '$.key') = v.key "
              "AND json_extract(f.value, '$.outcome') = 'applied')",
    "postgresql": "EXISTS (SELECT 1 FROM json_array_elements(" + _NEWEST_OF_V + "::json -> 'fact_corrections') "
                  "AS f(value) WHERE f.value ->> 'entity' = '{entity}' AND f.value ->> 'key' = v.key "
                  "AND f.value ->> 'outcome' = 'applied')",
}
_TEXT_COLUMN = {"sqlite": "json_extract(v.data, '$.text') AS text\n", "postgresql": "d.j ->> 'text' AS text\n"}
VIEWS_0011: dict[str, dict[str, str]] = {
    name: {dialect: sql.replace(_TEXT_COLUMN[dialect],
                                f"{_TEXT_COLUMN[dialect].rstrip()}, "
                                f"{_reading(entity, _APPLIED[dialect].format(entity=entity))}\n", 1)
           for dialect, sql in base.items()}
    for name, entity, base in (("events", "event", VIEWS_0009["events"]), ("counts", "count", VIEWS_0005["counts"]))
}


def create_all(op, views: dict[str, dict[str, str]] = VIEWS_0005) -> None:
    """Create (or re-create) the views; idempotent."""
    dialect = op.get_bind().dialect.name
    for name, sql in views.items():
        op.execute(f"DROP VIEW IF EXISTS {name}")
        op.execute(f"CREATE VIEW {name} AS {sql[dialect].strip()}")


def drop_all(op, views: dict[str, dict[str, str]] = VIEWS_0005) -> None:
    for name in reversed(list(views)):
        op.execute(f"DROP VIEW IF EXISTS {name}")


# 0012: the edition summary shows the charset each edition's bytes are read with (`charset`,
# after `sha256`, whose bytes it reads): "utf-8", or the legacy charset a page declared, was
# detected in, or was given with `ingest --encoding`.
VIEWS_0012: dict[str, dict[str, str]] = {
    "edition_summary": {
        dialect: sql.replace("e.sha256 AS sha256,", "e.sha256 AS sha256, e.charset AS charset,", 1)
        for dialect, sql in VIEWS_0005["edition_summary"].items()
    },
}


# 0014: the changes view lists every kind of change the log holds, as `diff` names them: 0005
# listed only added, removed and changed, so a date refined, a figure reconfirmed, a cumulative
# brief's progress, disputes, settlements and retractions, and an analyst's corrections logged
# at ingest were missing from it (a reconfirmation, logged as a change before its own kind,
# went missing when it got one).
CHANGE_TYPES_0014 = ", ".join(
    f"'{entity}{kind}'" for entity in ("Event", "Count", "Section")
    for kind in ("Added", "Removed", "Changed", "Progressed", "Retracted", "Disputed", "Settled",
                 "Refined", "Corrected", "Reconfirmed"))
VIEWS_0014: dict[str, dict[str, str]] = {
    "changes": {dialect: sql.replace(f"l.type IN ({CHANGE_TYPES})", f"l.type IN ({CHANGE_TYPES_0014})", 1)
                for dialect, sql in VIEWS_0005["changes"].items()},
}
