using System.Globalization;
using System.Net;
using System.Text.Json;
using Agentry.Infrastructure.Tests.Compose;
using Agentry.Infrastructure.Tests.Support;
using Agentry.Testing;

namespace Agentry.Infrastructure.Tests.Docker;

/// <summary>
/// What the images would run, run here: the Dockerfile's restore and publish, then each final stage's ENTRYPOINT
/// with its ENV, on free loopback ports (no Docker engine exists on these machines).
/// </summary>
public sealed class PublishedImageTests : IClassFixture<PublishedImages>
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly PublishedImages _images;

    public PublishedImageTests(PublishedImages images) => _images = images;

    [Fact]
    public async Task ApiImage_Starts_AnswersReadyOnManagementAndServesTheApi()
    {
        await using Started api = await StartApiAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(api.Management, "/health/live"))).StatusCode);
        using HttpResponseMessage metrics = await http.GetAsync(new Uri(api.Management, "/metrics"));
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("# TYPE", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri(api.Api, "/v1/agents"))).StatusCode);
        using HttpRequestMessage withKey = ImageKey.Request(HttpMethod.Get, "/v1/agents");
        withKey.RequestUri = new Uri(api.Api, "/v1/agents");
        using HttpResponseMessage agents = await http.SendAsync(withKey);
        Assert.Equal(HttpStatusCode.OK, agents.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(api.Api, "/health/ready"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(api.Api, "/metrics"))).StatusCode);
    }

    [Fact]
    public async Task ApiImage_WritesOneJsonObjectPerLineOnStdout()
    {
        await using Started api = await StartApiAsync();
        IReadOnlyList<string> lines = api.Process.StandardOutput;
        Assert.NotEmpty(lines);
        foreach (string line in lines)
        {
            using JsonDocument log = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, log.RootElement.ValueKind);
            Assert.True(log.RootElement.TryGetProperty("timestamp", out _), line);
            Assert.True(log.RootElement.TryGetProperty("level", out _), line);
            Assert.True(log.RootElement.TryGetProperty("message", out _), line);
        }
    }

    [Fact]
    public async Task ApiImage_ComposeHealthcheckCommand_ExitsZeroWhenReadyAndNonZeroWhenDown()
    {
        await using Started api = await StartApiAsync();
        string[] command = ComposeHealthcheck("agent");
        Assert.Equal(["dotnet", "/app/Agentry.Api.dll", "--healthcheck", "http://127.0.0.1:8000/health/ready"], command);

        string dll = _images.Api.HostPath(command[1]);
        ToolResult healthy = HostCommand.Run(command[0], [dll, command[2], new Uri(api.Management, "/health/ready").ToString()]);
        Assert.True(healthy.ExitCode == 0, healthy.Describe("the compose healthcheck against a ready service"));

        ToolResult down = HostCommand.Run(command[0], [dll, command[2], $"http://127.0.0.1:{FreePort.Next()}/health/ready"]);
        Assert.NotEqual(0, down.ExitCode);
    }

    [Fact]
    public async Task ApiImage_OnSigterm_StopsCleanlyWithinTheGracePeriod()
    {
        await using Started api = await StartApiAsync();
        bool exited = await api.Process.TerminateAsync(TimeSpan.FromSeconds(30));
        Assert.True(exited, $"The service did not stop within 30 s of SIGTERM (the container's grace period).\n{api.Process.Output}");
        Assert.Equal(0, api.Process.ExitCode);
    }

    [Fact]
    public async Task SimulatorImage_Starts_AnswersHealthAndPassesItsComposeHealthcheck()
    {
        ReplayedStage stage = _images.Simulator;
        string[] entrypoint = stage.Stage.ExecEntrypoint();
        Assert.Equal(["dotnet", "Agentry.Simulator.dll", "--urls", "http://+:9100"], entrypoint);
        int port = FreePort.Next();
        await using ServiceProcess simulator = ServiceProcess.Start(
            [.. entrypoint, "--urls", $"http://127.0.0.1:{port}"],
            stage.HostPath(stage.WorkingDirectory),
            Environment(stage));
        await simulator.WaitUntilOkAsync(new Uri($"http://127.0.0.1:{port}/health"), StartTimeout);

        string[] check = ComposeHealthcheck("simulator");
        Assert.Equal("bash", check[0]);
        ToolResult result = HostCommand.Run("bash", [.. check[1..^1], check[^1].Replace("9100", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)]);
        Assert.True(result.ExitCode == 0, result.Describe("the simulator's compose healthcheck"));
    }

    [Fact]
    public void ApiImage_HoldsTheFrameworkDependentPublishOfAgentryApi()
    {
        string app = _images.Api.HostPath("/app");
        Assert.True(File.Exists(Path.Combine(app, "Agentry.Api.dll")), _images.Log);
        Assert.True(File.Exists(Path.Combine(app, "Agentry.Api.runtimeconfig.json")));
        Assert.False(File.Exists(Path.Combine(app, "Agentry.Api")), "UseAppHost=false: the image runs `dotnet Agentry.Api.dll`, no native host.");
        Assert.False(File.Exists(Path.Combine(app, "libcoreclr.so")), "Framework-dependent: the runtime comes from the base image.");
        Assert.False(Directory.Exists(Path.Combine(app, "obj")));
    }

    private static TestApiKey ImageKey { get; } = TestApiKey.Create("image-test");

    private static string[] ComposeHealthcheck(string service)
    {
        JsonElement test = ComposeFiles.Service(ComposeFiles.Base, service).GetProperty("healthcheck").GetProperty("test");
        string[] words = test.EnumerateArray().Select(w => w.GetString()!).ToArray();
        Assert.Equal("CMD", words[0]);
        return words[1..];
    }

    private static Dictionary<string, string?> Environment(ReplayedStage stage) =>
        stage.Stage.Named("ENV").Any()
            ? stage.Environment.ToDictionary(pair => pair.Key, string? (pair) => pair.Value, StringComparer.Ordinal)
            : new Dictionary<string, string?>(StringComparer.Ordinal);

    private async Task<Started> StartApiAsync()
    {
        ReplayedStage stage = _images.Api;
        var api = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var management = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        Dictionary<string, string?> environment = Environment(stage);
        Assert.Equal("http://+:8080", environment["Kestrel__Endpoints__Api__Url"]);
        Assert.Equal("http://+:8000", environment["Kestrel__Endpoints__Management__Url"]);
        environment["Kestrel__Endpoints__Api__Url"] = api.ToString();
        environment["Kestrel__Endpoints__Management__Url"] = management.ToString();

        // The image runs in Production, which needs at least one client key.
        foreach ((string name, string value) in ImageKey.Settings())
        {
            environment[name] = value;
        }

        ServiceProcess process = ServiceProcess.Start(stage.Stage.ExecEntrypoint(), stage.HostPath(stage.WorkingDirectory), environment);
        try
        {
            await process.WaitUntilOkAsync(new Uri(management, "/health/ready"), StartTimeout);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new Started(process, api, management);
    }

    private sealed record Started(ServiceProcess Process, Uri Api, Uri Management) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }
}
