// Each test here starts real processes and servers; running them one at a time keeps their timing honest
// on a two-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
