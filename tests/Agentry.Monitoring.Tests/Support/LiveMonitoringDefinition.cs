namespace Agentry.Monitoring.Tests.Support;

/// <summary>The tests that share one <see cref="LiveMonitoring"/> (it takes a few seconds to start and fill).</summary>
[CollectionDefinition(Name)]
public sealed class LiveMonitoringDefinition : ICollectionFixture<LiveMonitoring>
{
    public const string Name = "live stack";
}
