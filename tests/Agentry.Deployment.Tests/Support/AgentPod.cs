using System.Globalization;
using Agentry.Testing;

namespace Agentry.Deployment.Tests.Support;

/// <summary>
/// The API image run as the production Deployment runs it, in a podman pod with a Redis beside it (the pod's
/// <c>redis</c> host name is its own loopback, where the ConfigMap's <c>redis:6379</c> points): the rendered base
/// ConfigMap's environment, the Secret's files read-only at <c>/run/secrets</c>, user 1654, a read-only root
/// filesystem with a tmpfs <c>/tmp</c>, every capability dropped and no new privileges. Both ports are published on
/// free loopback ports.
/// </summary>
internal sealed class AgentPod : IAsyncDisposable
{
    private readonly SecretFiles _secrets;

    private AgentPod(string name, SecretFiles secrets, int apiPort, int managementPort)
    {
        Name = name;
        _secrets = secrets;
        Api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}"), Timeout = TimeSpan.FromSeconds(60) };
        Management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Name { get; }

    public string Agent => Name + "-agent";

    public HttpClient Api { get; }

    public HttpClient Management { get; }

    public static async Task<AgentPod> StartAsync(TestApiKey key, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        string name = "agentry-image-" + Guid.NewGuid().ToString("N")[..8];
        int apiPort = FreePort.Next();
        int managementPort = FreePort.Next();
        var pod = new AgentPod(name, new SecretFiles(key), apiPort, managementPort);
        try
        {
            (await Podman.RunAsync("pod", "create", "--name", name, "--add-host", "redis:127.0.0.1",
                "-p", $"127.0.0.1:{apiPort}:8080", "-p", $"127.0.0.1:{managementPort}:8000")).EnsureSuccess();
            (await Podman.RunAsync("run", "-d", "--pod", name, "--name", name + "-redis", "--user", "999:1000", "--read-only", "--tmpfs", "/tmp",
                "docker.io/library/redis:7.4.2-alpine", "redis-server", "--appendonly", "yes", "--dir", "/data")).EnsureSuccess();

            List<Dictionary<object, object>> rendered = await Manifests.RenderAsync("base");
            var settings = new Dictionary<string, string>(Manifests.ConfigMapData(rendered, "agent-config"), StringComparer.Ordinal);
            foreach ((string variable, string value) in environment ?? new Dictionary<string, string>())
            {
                settings[variable] = value;
            }

            var run = new List<string>
            {
                "run", "-d", "--pod", name, "--name", pod.Agent,
                "--user", "1654:1654", "--read-only", "--tmpfs", "/tmp:size=64m", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                "-v", $"{pod._secrets.Folder}:/run/secrets:ro",
            };
            foreach ((string variable, string value) in settings)
            {
                run.Add("--env");
                run.Add($"{variable}={value}");
            }

            run.Add(ContainerHost.ApiImage);
            (await Podman.RunAsync(run, TimeSpan.FromMinutes(1))).EnsureSuccess();
            await pod.WaitUntilHealthyAsync();
            return pod;
        }
        catch
        {
            await pod.DisposeAsync();
            throw;
        }
    }

    /// <summary>The image's own HEALTHCHECK (the service's binary asking /health/ready), run until it passes.</summary>
    public async Task WaitUntilHealthyAsync()
    {
        for (int attempt = 0; attempt < 120; attempt++)
        {
            if ((await Podman.RunAsync("healthcheck", "run", Agent)).ExitCode == 0)
            {
                return;
            }

            if (await Podman.InspectTextAsync(Agent, "{{.State.Running}}") != "true")
            {
                Assert.Fail($"The agent container stopped during start-up:\n{await LogsAsync()}");
            }

            await Task.Delay(500);
        }

        Assert.Fail($"The agent container never passed its health check:\n{await LogsAsync()}");
    }

    public async Task<string> LogsAsync()
    {
        CommandResult logs = await Podman.RunAsync("logs", Agent);
        return logs.Stdout + logs.Stderr;
    }

    public async Task<int> ExitCodeAsync() =>
        int.Parse(await Podman.InspectTextAsync(Agent, "{{.State.ExitCode}}"), CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Management.Dispose();
        await Podman.RemovePodAsync(Name);
        _secrets.Dispose();
    }
}
