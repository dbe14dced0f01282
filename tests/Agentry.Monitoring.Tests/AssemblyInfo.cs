// The live tests start Prometheus, Alertmanager and Agentry processes; on a small CI machine (two cores) running
// them one class at a time keeps scrape and evaluation timing predictable.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
