from dagster import repository

from etl_ops import people_job, region_graph, regions_job

regions_only_job = region_graph.to_job(name="regions_only_job")


@repository
def etl_repository():
    return [regions_job, regions_only_job, people_job]
