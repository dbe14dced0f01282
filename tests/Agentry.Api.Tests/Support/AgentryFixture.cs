using Agentry.Testing;

namespace Agentry.Api.Tests.Support;

/// <summary>One service shared by the endpoint tests of a collection.</summary>
public sealed class AgentryFixture : IAsyncLifetime
{
    private AgentryServer? _server;

    public AgentryServer Server => _server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _server = await AgentryServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AgentryTestGroup : ICollectionFixture<AgentryFixture>
{
    public const string Name = "agentry";
}
