namespace Agentry.Bench.Scenarios;

/// <summary>Where the service keeps its state during a scenario.</summary>
internal enum StoreKind
{
    Memory,
    Redis,
}
