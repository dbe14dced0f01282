using Agentry.Testing;

namespace Agentry.Api.Tests.Security;

/// <summary>
/// A Production service with keys only: tenants <c>acme</c> and <c>globex</c>, a key of <c>acme</c> scoped to the
/// <c>helper</c> agent, a rate-limited key, and an admin key.
/// </summary>
public sealed class SecuredServerFixture : IAsyncLifetime
{
    private AgentryServer? _server;

    public TestApiKey Acme { get; } = TestApiKey.Create("acme");

    public TestApiKey Globex { get; } = TestApiKey.Create("globex");

    public TestApiKey HelperOnly { get; } = TestApiKey.Create("acme");

    public TestApiKey Limited { get; } = TestApiKey.Create("initech");

    public TestApiKey Admin { get; } = TestApiKey.Create("ops");

    public AgentryServer Server => _server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        string[] settings =
        [
            "--environment=Production",
            "--Agents:helper:Provider=simulator",
            "--Agents:helper:Model=claude-haiku-4-5",
            "--Agents:helper:SystemPrompt=Be brief.",
            .. Acme.Arguments(),
            .. Globex.Arguments(),
            .. HelperOnly.Arguments(agents: "helper"),
            .. Limited.Arguments(requestsPerMinute: 3),
            .. Admin.Arguments(admin: true),
        ];
        _server = await AgentryServer.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public async Task<HttpResponseMessage> SendAsync(TestApiKey key, HttpMethod method, string path, string? json = null)
    {
        using HttpRequestMessage request = key.Request(method, path, json);
        return await Server.Api.SendAsync(request);
    }
}
