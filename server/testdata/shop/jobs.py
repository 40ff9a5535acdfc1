from dagster import define_asset_job, AssetSelection

orders_job = define_asset_job("orders_job", selection=AssetSelection.assets("orders"))
