using Agentry.Deployment.Tests.Support;

namespace Agentry.Deployment.Tests.Compose;

/// <summary>
/// The guide's Quick Start as written, <c>cp .env.example .env</c> then <c>docker-compose up -d</c> (the file and its
/// development override), naming the services whose images can be had here.
/// </summary>
public sealed class DevelopmentCompose : IAsyncLifetime
{
    public static readonly string[] Services = [.. ComposeProject.RunnableServices, "simulator"];

    private ComposeProject? _project;

    internal ComposeProject Project => _project ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _project = await ComposeProject.CreateAsync();
        await UpAsync();
    }

    /// <summary><c>docker-compose up -d</c>, then every service healthy.</summary>
    internal async Task UpAsync()
    {
        (await Project.ComposeAsync(["up", "-d", .. Services])).EnsureSuccess();
        await Project.WaitHealthyAsync(Services);
        await Project.WaitUntilTheAgentReachesRedisAsync();
    }

    public async Task DisposeAsync()
    {
        if (_project is not null)
        {
            await _project.DisposeAsync();
        }
    }
}
