"""Silver cleaning of eCO2mix regional records with Python Polars, for comparison only.

Mirrors cleanEco2mixRegional (activities/sources/rte-regional/silver.ts) rule for rule. The column
lists, region codes, null markers and MW bound are not repeated here: the TypeScript bench
writes them into a spec file from the declarations the platform uses, so both sides clean
against the same definitions.

Usage: python3 silver_clean.py RECORDS.json SPEC.json
Prints one JSON object with two runs of the same cleaning: from records parsed by Python's json
module (the scope the TypeScript figure measures) and from Polars' own read_json. Each carries
counts, timings (ms), reason counts, column sums and sample rows.
"""

import json
import sys
import time

try:
    import polars as pl
except ImportError:  # the bench turns this exit code into the pip command to run
    print("polars is not installed: pip install -r bench/python/requirements.txt", file=sys.stderr)
    sys.exit(3)


def as_text(value):
    """asText in the TypeScript: strings stay, other values become their JSON text."""
    if value is None or isinstance(value, str):
        return value
    # str() of an int or float reads back as the same number, and is several times faster than json.dumps.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def input_columns(spec):
    return spec["textColumns"] + ["date_heure"] + spec["numericColumns"]


def frame_from_records(records, spec):
    """Every column enters Polars as text, so "0", 0 and "ND" are judged by one rule."""
    columns = input_columns(spec)
    data = {c: [as_text(r.get(c)) for r in records] for c in columns}
    return pl.DataFrame(data, schema={c: pl.String for c in columns})


def frame_from_file(path, spec):
    """The Polars-native way: its JSON reader turns numbers into text when the schema says String."""
    return pl.read_json(path, schema={c: pl.String for c in input_columns(spec)})


def clean(raw, spec):
    numeric = spec["numericColumns"]
    power = set(spec["powerColumns"])
    markers = spec["nullMarkers"]
    max_mw = spec["maxAbsMw"]

    def trimmed(c):
        return pl.col(c).str.strip_chars()

    def is_null_marker(c):
        return pl.col(c).is_null() | trimmed(c).is_in(markers)

    typed = raw.with_columns(
        pl.col("date_heure").str.strptime(pl.Datetime("ms"), "%Y-%m-%dT%H:%M:%S%z", strict=False).alias("ts_utc"),
        *[
            pl.when(is_null_marker(c)).then(pl.lit(None)).otherwise(trimmed(c)).cast(pl.Float64, strict=False).alias(f"{c}__num")
            for c in numeric
        ],
    )

    # The first failing rule names the reason, in the TypeScript's order.
    reason = pl.when(pl.col("code_insee_region").is_null()).then(pl.lit("code_insee_region is missing"))
    reason = reason.when(~pl.col("code_insee_region").is_in(spec["regionCodes"])).then(
        pl.format('unknown region code "{}"', pl.col("code_insee_region"))
    )
    reason = reason.when(pl.col("date_heure").is_null()).then(pl.lit("date_heure is missing"))
    reason = reason.when(pl.col("ts_utc").is_null()).then(
        pl.format('date_heure "{}" is not an ISO instant with offset', pl.col("date_heure"))
    )
    for c in numeric:
        reason = reason.when(pl.col(f"{c}__num").is_null() & ~is_null_marker(c)).then(
            pl.format(c + ' "{}" is not a number', pl.col(c))
        )
    reason = reason.when(pl.col("consommation__num") < 0).then(
        pl.format("consommation {} MW is negative", pl.col("consommation__num"))
    )
    for c in (c for c in numeric if c in power):
        reason = reason.when(pl.col(f"{c}__num").abs() > max_mw).then(
            pl.format(c + " {} MW is outside ±" + str(max_mw) + " MW", pl.col(f"{c}__num"))
        )
    judged = typed.with_columns(reason.otherwise(pl.lit(None)).alias("_reason"))

    rejected = judged.filter(pl.col("_reason").is_not_null()).select(
        pl.col("_reason").alias("reason"), *input_columns(spec)
    )
    cleaned = (
        judged.filter(pl.col("_reason").is_null())
        .select(
            pl.col("code_insee_region").alias("region_code"),
            pl.col("libelle_region").alias("region_name"),
            pl.col("nature"),
            pl.col("ts_utc"),
            *[pl.col(f"{c}__num").alias(c) for c in numeric],
        )
        .unique(subset=["region_code", "ts_utc"], keep="last", maintain_order=True)
        .sort(["ts_utc", "region_code"])
    )
    return cleaned, rejected


def sample_row(df, index):
    row = df.row(index, named=True)
    row["ts_utc"] = int(row["ts_utc"].timestamp() * 1000)
    return row


def summary(cleaned, rejected, spec):
    reasons = rejected.group_by("reason").len().sort("reason")
    return {
        "clean": cleaned.height,
        "rejected": rejected.height,
        "reasons": dict(zip(reasons["reason"].to_list(), reasons["len"].to_list())),
        "sums": {c: cleaned[c].sum() for c in spec["numericColumns"]},
        "samples": [sample_row(cleaned, i) for i in spec["sampleRows"] if i < cleaned.height],
    }


def main():
    records_path, spec_path = sys.argv[1], sys.argv[2]
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)

    # Same scope as the TypeScript figure: parse the file, then records -> clean + rejected.
    t0 = time.perf_counter()
    with open(records_path, encoding="utf-8") as f:
        records = json.load(f)
    t1 = time.perf_counter()
    raw = frame_from_records(records, spec)
    t2 = time.perf_counter()
    cleaned, rejected = clean(raw, spec)
    t3 = time.perf_counter()
    from_records = summary(cleaned, rejected, spec)
    del records, raw, cleaned, rejected

    # Polars reading the file itself: no Python objects per value.
    t4 = time.perf_counter()
    raw = frame_from_file(records_path, spec)
    t5 = time.perf_counter()
    cleaned, rejected = clean(raw, spec)
    t6 = time.perf_counter()
    from_file = summary(cleaned, rejected, spec)

    print(
        json.dumps(
            {
                "polars": pl.__version__,
                "python": sys.version.split()[0],
                "input": raw.height,
                "records": {**from_records, "parseMs": (t1 - t0) * 1000, "frameMs": (t2 - t1) * 1000, "cleanMs": (t3 - t1) * 1000},
                "readJson": {**from_file, "parseMs": (t5 - t4) * 1000, "frameMs": 0, "cleanMs": (t6 - t5) * 1000},
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
