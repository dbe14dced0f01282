using System.Text.Json;
using Agentry.Testing;

namespace Agentry.Deployment.Tests.Support;

/// <summary>
/// The Compose stack as a user gets it: <c>infrastructure/docker</c> and <c>infrastructure/monitoring</c> copied to a
/// folder of their own (the layout the files' relative paths need), <c>cp .env.example .env</c> run as the guide
/// writes it, then the one edit a user makes on a shared machine: a project name and free host ports, bound to
/// loopback. docker-compose drives podman through its Docker-compatible socket.
/// </summary>
internal sealed class ComposeProject : IAsyncDisposable
{
    /// <summary>Every service whose image can be had here (Grafana, Loki and Promtail cannot: not in Debian, npm or NuGet).</summary>
    public static readonly string[] RunnableServices = ["agent", "redis", "redis-exporter", "prometheus", "alertmanager"];

    private readonly PodmanSocket _socket;
    private readonly string _root;
    private readonly string[] _files;

    private ComposeProject(PodmanSocket socket, string root, string[] files)
    {
        _socket = socket;
        _root = root;
        _files = files;
        Name = "agentry-test-" + Guid.NewGuid().ToString("N")[..8];
        foreach (string port in new[] { "AGENTRY_API_PORT", "AGENTRY_MANAGEMENT_PORT", "PROMETHEUS_PORT", "ALERTMANAGER_PORT", "REDIS_PORT", "SIMULATOR_PORT", "GRAFANA_PORT", "LOKI_PORT" })
        {
            Ports[port] = FreePort.Next();
        }
    }

    public string Name { get; }

    /// <summary>The copied <c>infrastructure/docker</c>, where every command runs.</summary>
    public string Folder => Path.Combine(_root, "infrastructure", "docker");

    public Dictionary<string, int> Ports { get; } = new(StringComparer.Ordinal);

    public Uri Api => new($"http://127.0.0.1:{Ports["AGENTRY_API_PORT"]}");

    public Uri Management => new($"http://127.0.0.1:{Ports["AGENTRY_MANAGEMENT_PORT"]}");

    public Uri Prometheus => new($"http://127.0.0.1:{Ports["PROMETHEUS_PORT"]}");

    public Uri Alertmanager => new($"http://127.0.0.1:{Ports["ALERTMANAGER_PORT"]}");

    /// <summary>A copy of the stack; <paramref name="files"/> are the <c>-f</c> files (none: Compose's own choice, the file and its override).</summary>
    public static async Task<ComposeProject> CreateAsync(params string[] files)
    {
        PodmanSocket socket = await PodmanSocket.StartAsync();
        string root = Directory.CreateTempSubdirectory("agentry-compose-").FullName;
        foreach (string folder in new[] { "docker", "monitoring" })
        {
            CopyFolder(Path.Combine(RepositoryPaths.Root, "infrastructure", folder), Path.Combine(root, "infrastructure", folder));
        }

        var project = new ComposeProject(socket, root, files);
        (await project.ShellAsync("cp .env.example .env")).EnsureSuccess();
        project.EditEnv("COMPOSE_PROJECT_NAME", project.Name);
        project.EditEnv("AGENTRY_API_BIND_ADDRESS", "127.0.0.1");
        foreach ((string variable, int port) in project.Ports)
        {
            project.EditEnv(variable, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return project;
    }

    /// <summary>Sets one variable of <c>.env</c>, as a user edits it.</summary>
    public void EditEnv(string variable, string value)
    {
        string env = Path.Combine(Folder, ".env");
        List<string> lines = File.ReadAllLines(env).ToList();
        int index = lines.FindIndex(l => l.StartsWith(variable + "=", StringComparison.Ordinal));
        Assert.True(index >= 0, $".env.example has no {variable}.");
        lines[index] = $"{variable}={value}";
        File.WriteAllLines(env, lines);
    }

    /// <summary>A command line as the docs write it, run by bash in the stack's folder against podman's socket.</summary>
    public Task<CommandResult> ShellAsync(string commandLine, TimeSpan? timeout = null) =>
        Command.RunAsync(ExternalTool.Require("bash", "bash"), ["-c", commandLine], timeout ?? TimeSpan.FromMinutes(6), Folder,
            new Dictionary<string, string?> { ["DOCKER_HOST"] = _socket.DockerHost });

    public Task<CommandResult> ComposeAsync(params string[] arguments) =>
        Command.RunAsync(ExternalTool.Require("docker-compose", "docker-compose"), [.. _files.SelectMany(f => new[] { "-f", f }), .. arguments], TimeSpan.FromMinutes(6), Folder,
            new Dictionary<string, string?> { ["DOCKER_HOST"] = _socket.DockerHost });

    /// <summary>The state of each container of the project, by service: "running" with "(healthy)" and the like.</summary>
    public async Task<Dictionary<string, string>> StatusAsync()
    {
        CommandResult listed = (await Podman.RunAsync("ps", "-a", "--filter", "label=com.docker.compose.project=" + Name,
            "--format", "{{index .Labels \"com.docker.compose.service\"}}\t{{.Status}}")).EnsureSuccess();
        var services = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.Split('\t');
            services[parts[0]] = parts[1];
        }

        return services;
    }

    /// <summary>Waits until every named service's container is healthy (the driver runs their checks).</summary>
    public async Task WaitHealthyAsync(IEnumerable<string> services, TimeSpan? timeout = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        Dictionary<string, string> status = [];
        while (DateTime.UtcNow < deadline)
        {
            status = await StatusAsync();
            if (services.All(s => status.TryGetValue(s, out string? state) && state.EndsWith("(healthy)", StringComparison.Ordinal)))
            {
                return;
            }

            await Task.Delay(1000);
        }

        Assert.Fail($"Not every service became healthy: {JsonSerializer.Serialize(status)}\n{(await ComposeAsync("logs", "--tail", "30")).Stdout}");
    }

    /// <summary>
    /// Waits until the agent's detailed health report says Redis is healthy again (its circuit closes on that
    /// report): the agent's own health check is about the process, so it passes while Redis is away.
    /// </summary>
    public async Task WaitUntilTheAgentReachesRedisAsync()
    {
        using var management = new HttpClient { BaseAddress = Management, Timeout = TimeSpan.FromSeconds(10) };
        string report = "";
        for (int attempt = 0; attempt < 60; attempt++)
        {
            try
            {
                report = await management.GetStringAsync("/health");
                using JsonDocument health = JsonDocument.Parse(report);
                if (health.RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString() == "Healthy")
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // The agent is restarting; ask again.
            }

            await Task.Delay(1000);
        }

        Assert.Fail($"The agent never reported Redis healthy again: {report}");
    }

    public async ValueTask DisposeAsync()
    {
        await ComposeAsync("down", "-v", "--remove-orphans", "-t", "5");
        await _socket.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
