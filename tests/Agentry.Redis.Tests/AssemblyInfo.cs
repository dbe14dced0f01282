// Each class starts its own redis-server; one at a time keeps a busy two-core machine from starving them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
