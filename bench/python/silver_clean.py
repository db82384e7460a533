"""Silver of eCO2mix regional records with Python Polars, for comparison only.

The same work as bronzeToRegionalSilver (activities/sources/rte-regional/silver.ts): the JSON
file to clean rows, rejects with their reason, and one Parquet file per UTC day for each Silver
dataset (wide and production), in the same lake layout. Mirrors cleanEco2mixRegional rule for
rule. The column lists, region codes, null markers, MW bound and production sources are not
repeated here: the TypeScript bench writes them into a spec file from the platform's
declarations, so both sides clean against the same definitions.

The file is read by Polars' own JSON reader with a String schema: measured on a year of records
(2026-12-01), it was the fastest of read_json with a String schema, read_json with full schema
inference, and json.load + from_dicts (bench/README.md).

Usage: python3 silver_clean.py RECORDS.json SPEC.json OUT_DIR BRONZE_KEY
Prints one JSON line: wall ms from the read to the last file written, and peak RSS.
"""

import json
import os
import resource
import sys
import time

try:
    import polars as pl
except ImportError:  # the bench turns this exit code into the pip command to run
    print("polars is not installed: pip install -r bench/python/requirements.txt", file=sys.stderr)
    sys.exit(3)


def input_columns(spec):
    return spec["textColumns"] + ["date_heure"] + spec["numericColumns"]


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

    # A null marker ("ND", "-", "") does not parse as a number: the lenient cast alone types the column.
    typed = raw.with_columns(
        pl.col("date_heure").str.strptime(pl.Datetime("us"), "%Y-%m-%dT%H:%M:%S%z", strict=False).alias("ts_utc"),
        *[
            trimmed(c).cast(pl.Float64, strict=False).alias(f"{c}__num")
            for c in numeric
        ],
    )

    # The first failing rule names the reason, in the TypeScript's order.
    rules = [
        (pl.col("code_insee_region").is_null(), pl.lit("code_insee_region is missing")),
        (
            ~pl.col("code_insee_region").is_in(spec["regionCodes"]),
            pl.format('unknown region code "{}"', pl.col("code_insee_region")),
        ),
        (pl.col("date_heure").is_null(), pl.lit("date_heure is missing")),
        (
            pl.col("ts_utc").is_null(),
            pl.format('date_heure "{}" is not an ISO instant with offset', pl.col("date_heure")),
        ),
        *[
            (pl.col(f"{c}__num").is_null() & ~is_null_marker(c), pl.format(c + ' "{}" is not a number', pl.col(c)))
            for c in numeric
        ],
        (pl.col("consommation__num") < 0, pl.format("consommation {} MW is negative", pl.col("consommation__num"))),
        *[
            (
                pl.col(f"{c}__num").abs() > max_mw,
                pl.format(c + " {} MW is outside ±" + str(max_mw) + " MW", pl.col(f"{c}__num")),
            )
            for c in numeric
            if c in power
        ],
    ]
    # As in the TypeScript: one boolean per row, the reason text only for the rejected rows.
    judged = typed.with_columns(pl.any_horizontal([failed.fill_null(False) for failed, _ in rules]).alias("_invalid"))
    reason = pl.when(rules[0][0]).then(rules[0][1])
    for failed, text in rules[1:]:
        reason = reason.when(failed).then(text)

    rejected = (
        judged.filter(pl.col("_invalid"))
        .with_columns(reason.otherwise(pl.lit(None)).alias("_reason"))
        .select(pl.col("_reason").alias("reason"), *input_columns(spec))
    )
    cleaned = (
        judged.filter(~pl.col("_invalid"))
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


def unpivot_production(cleaned, spec):
    """eco2mix_regional_production: one block per source, stacked, in fact_energy_flow key order.

    The order (region, instant, source) comes from integers: the wide rows' index once sorted by
    (region, instant), then the source's rank; sorting the stacked rows on text is much slower.
    """

    def rate(column):
        return pl.col(column) if column else pl.lit(None, dtype=pl.Float64)

    ordered = cleaned.sort(["region_code", "ts_utc"]).with_row_index("_row")
    sources = sorted(spec["productionSources"], key=lambda s: s["code"])
    blocks = [
        ordered.select(
            pl.col("_row"),
            pl.lit(rank, dtype=pl.UInt32).alias("_rank"),
            pl.col("region_code"),
            pl.lit(s["code"]).alias("source_code"),
            pl.col("ts_utc"),
            pl.col(s["code"]).alias("mw"),
            rate(s.get("coverageColumn")).alias("coverage_rate_pct"),
            rate(s.get("loadFactorColumn")).alias("load_factor_pct"),
        )
        for rank, s in enumerate(sources)
    ]
    return pl.concat(blocks, how="vertical").sort(["_row", "_rank"]).drop("_row", "_rank")


def day_key(prefix, day):
    y, m, d = day.split("-")
    return f"{prefix}/year={y}/month={m}/day={d}/data.parquet"


def write_days(frame, out_dir, prefix):
    parts = frame.with_columns(pl.col("ts_utc").dt.date().alias("_day")).partition_by(
        "_day", as_dict=True, maintain_order=True, include_key=False
    )
    for (day,), part in parts.items():
        path = os.path.join(out_dir, day_key(prefix, day.isoformat()))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        part.write_parquet(path, compression="zstd")


def main():
    records_path, spec_path, out_dir, bronze_key = sys.argv[1:5]
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)

    t0 = time.perf_counter()
    raw = frame_from_file(records_path, spec)
    t1 = time.perf_counter()
    cleaned, rejected = clean(raw, spec)
    t2 = time.perf_counter()
    if rejected.height:
        path = os.path.join(out_dir, spec["rejectedPrefix"], "python.parquet")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        rejected.select(pl.lit(bronze_key).alias("bronze_key"), pl.all()).write_parquet(path, compression="zstd")
    write_days(unpivot_production(cleaned, spec), out_dir, spec["productionPrefix"])
    write_days(cleaned, out_dir, spec["silverPrefix"])
    ms = (time.perf_counter() - t0) * 1000
    print(
        json.dumps(
            {
                "ms": ms,
                "readMs": (t1 - t0) * 1000,
                "cleanMs": (t2 - t1) * 1000,
                "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "polars": pl.__version__,
                "python": sys.version.split()[0],
                "input": raw.height,
                "rows": cleaned.height,
                "rejected": rejected.height,
            }
        )
    )


if __name__ == "__main__":
    main()
