# Migrated by dagster2mage from pkg/graphs.py:42 (@asset band_report).

if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter


@data_exporter
def band_report(price_bands, *args, **kwargs) -> None:
    cheap = price_bands[0]  # output 'cheap' of price_bands
    dear = price_bands[1]  # output 'dear' of price_bands
    print("bands", cheap, dear)
