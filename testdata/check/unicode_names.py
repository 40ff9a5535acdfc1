# Positions on lines holding emoji and CJK text (columns are code points).
import dagster as dg

données = "数据 😀"; daily = dg.DailyPartitionsDefinition(start_date="2024-01-01")


@dg.asset(description="データ 😀", partitions_def=daily)
def 数据_asset() -> str:
    return données
