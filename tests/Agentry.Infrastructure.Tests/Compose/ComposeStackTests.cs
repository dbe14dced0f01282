using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Agentry.Infrastructure.Tests.Kubernetes;
using Agentry.Infrastructure.Tests.Support;

namespace Agentry.Infrastructure.Tests.Compose;

/// <summary>The Compose stack's policies: what the issue and the guide promise, checked on the resolved model.</summary>
public sealed class ComposeStackTests
{
    /// <summary>Host paths a service may mount that belong to the Docker host, not to this repository.</summary>
    private static readonly string[] HostPaths = ["/var/run/docker.sock", "/dev/null"];

    /// <summary>The monitoring configuration files, at the paths the monitoring work writes them.</summary>
    private static readonly string[] MonitoringFiles =
    [
        "prometheus/prometheus.yml",
        "prometheus/alerts.yml",
        "prometheus/recording_rules.yml",
        "alertmanager/alertmanager.yml",
        "grafana/provisioning/datasources/datasources.yml",
        "grafana/provisioning/dashboards/dashboards.yml",
        "grafana/dashboards",
        "loki/loki-config.yml",
        "loki/rules",
        "promtail/promtail-config.yml",
    ];

    public static TheoryData<bool> Modes => [false, true];

    [Theory]
    [MemberData(nameof(Modes))]
    public void ComposeStack_EveryFileItMounts_Exists(bool development)
    {
        JsonElement resolved = ComposeFiles.Resolved(development);
        var missing = new List<string>();
        foreach ((string name, JsonElement service) in ComposeFiles.Services(resolved))
        {
            foreach (string source in BindSources(service))
            {
                if (!HostPaths.Contains(source) && !File.Exists(source) && !Directory.Exists(source))
                {
                    missing.Add($"{name}: {source}");
                }
            }
        }

        Assert.True(missing.Count == 0, $"Mounted files that do not exist:\n{string.Join('\n', missing)}");
    }

    [Fact]
    public void ComposeStack_MountsEveryMonitoringFileAtItsAgreedPath()
    {
        JsonElement resolved = ComposeFiles.Resolved(development: false);
        var mounted = ComposeFiles.Services(resolved).SelectMany(s => BindSources(s.Service)).ToHashSet(StringComparer.Ordinal);
        foreach (string file in MonitoringFiles)
        {
            Assert.Contains(Path.Combine(RepositoryLayout.Monitoring, file), mounted);
        }
    }

    [Fact]
    public void ComposeStack_Secrets_AreFilesTheRepositoryNeverHolds()
    {
        JsonElement secrets = ComposeFiles.Resolved(development: false).GetProperty("secrets");
        foreach (JsonProperty secret in secrets.EnumerateObject())
        {
            string file = secret.Value.GetProperty("file").GetString()!;
            Assert.StartsWith(Path.Combine(RepositoryLayout.Docker, "secrets") + "/", file, StringComparison.Ordinal);
        }

        string ignore = File.ReadAllText(RepositoryLayout.RequireFile(Path.Combine(RepositoryLayout.Docker, "secrets", ".gitignore"), "secrets/.gitignore"));
        Assert.Contains("*", ignore.Split('\n').Select(l => l.Trim()));
        ToolResult tracked = HostCommand.Run("git", ["ls-files", "infrastructure/docker/secrets"]);
        Assert.All(tracked.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries), file => Assert.EndsWith(".gitignore", file, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void ComposeStack_EveryService_HasHealthcheckRestartPolicyLimitsAndPinnedImage(bool development)
    {
        foreach ((string name, JsonElement service) in ComposeFiles.Services(ComposeFiles.Resolved(development)))
        {
            Assert.True(service.TryGetProperty("healthcheck", out JsonElement health) && health.GetProperty("test").GetArrayLength() > 1, $"{name}: no healthcheck.");
            Assert.True(service.TryGetProperty("restart", out _), $"{name}: no restart policy.");
            Assert.True(service.TryGetProperty("mem_limit", out _), $"{name}: no memory limit.");
            Assert.True(service.TryGetProperty("cpus", out _), $"{name}: no CPU limit.");
            Assert.True(service.TryGetProperty("logging", out JsonElement logging) && logging.GetProperty("options").TryGetProperty("max-size", out _), $"{name}: its logs are not rotated.");
            Assert.True(ImageReference.Parse(service.GetProperty("image").GetString()!).IsPinned, $"{name}: image {service.GetProperty("image")} is not pinned.");
            Assert.Contains("ALL", service.GetProperty("cap_drop").EnumerateArray().Select(c => c.GetString()));
        }
    }

    [Fact]
    public void ComposeStack_Production_RestartsUnlessStopped()
    {
        Assert.All(ComposeFiles.Services(ComposeFiles.Resolved(development: false)), s => Assert.Equal("unless-stopped", s.Service.GetProperty("restart").GetString()));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void ComposeStack_DependsOn_WaitsForHealth(bool development)
    {
        JsonElement resolved = ComposeFiles.Resolved(development);
        int edges = 0;
        foreach ((string name, JsonElement service) in ComposeFiles.Services(resolved))
        {
            if (service.TryGetProperty("depends_on", out JsonElement dependsOn))
            {
                foreach (JsonProperty dependency in dependsOn.EnumerateObject())
                {
                    edges++;
                    Assert.True(dependency.Value.GetProperty("condition").GetString() == "service_healthy", $"{name} starts before {dependency.Name} is healthy.");
                }
            }
        }

        Assert.True(edges >= 6);
        JsonElement agent = ComposeFiles.Service(resolved, "agent");
        Assert.True(agent.GetProperty("depends_on").TryGetProperty("redis", out _));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void ComposeStack_Agent_MatchesTheServiceContract(bool development)
    {
        JsonElement agent = ComposeFiles.Service(ComposeFiles.Resolved(development), "agent");
        JsonElement env = agent.GetProperty("environment");
        Assert.Equal("http://+:8080", env.GetProperty("Kestrel__Endpoints__Api__Url").GetString());
        Assert.Equal("http://+:8000", env.GetProperty("Kestrel__Endpoints__Management__Url").GetString());
        Assert.Equal("redis:6379", env.GetProperty("ConnectionStrings__Redis").GetString());
        Assert.Equal("/run/secrets/anthropic-api-key", env.GetProperty("Providers__Anthropic__ApiKeyFile").GetString());
        Assert.False(env.TryGetProperty("ANTHROPIC_API_KEY", out _), "The key comes from the secret file, never the environment.");
        Assert.Contains("anthropic-api-key", agent.GetProperty("secrets").EnumerateArray().Select(s => s.GetProperty("source").GetString()));

        TimeSpan drain = TimeSpan.Parse(env.GetProperty("Shutdown__DrainTimeout").GetString()!, CultureInfo.InvariantCulture);
        Assert.True(Seconds(agent.GetProperty("stop_grace_period").GetString()!) >= drain.TotalSeconds + 5, "stop_grace_period must cover the drain timeout and a margin.");

        Assert.True(agent.GetProperty("read_only").GetBoolean(), "The agent's root filesystem is not read-only.");
        Assert.Contains("/tmp", agent.GetProperty("tmpfs").EnumerateArray().Select(t => t.GetString()!.Split(':')[0]));
        Assert.Contains("no-new-privileges:true", agent.GetProperty("security_opt").EnumerateArray().Select(s => s.GetString()));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void ComposeStack_PublishesTheGuidePorts_AndManagementOnLoopbackOnly(bool development)
    {
        JsonElement resolved = ComposeFiles.Resolved(development);
        var published = new Dictionary<int, (string Service, string HostIp, int Target)>();
        foreach ((string name, JsonElement service) in ComposeFiles.Services(resolved))
        {
            foreach (JsonElement port in service.TryGetProperty("ports", out JsonElement ports) ? ports.EnumerateArray() : Enumerable.Empty<JsonElement>())
            {
                (string hostIp, int hostPort, int target) = ParsePort(port);
                Assert.False(published.ContainsKey(hostPort), $"Host port {hostPort} is published twice.");
                published[hostPort] = (name, hostIp, target);
            }
        }

        Assert.Equal(("agent", "127.0.0.1", 8000), published[8000]);
        Assert.Equal(("agent", 8080), (published[8080].Service, published[8080].Target));
        Assert.Equal(("grafana", 3000), (published[3000].Service, published[3000].Target));
        Assert.Equal(("prometheus", 9090), (published[9090].Service, published[9090].Target));
        foreach ((int hostPort, (string service, string hostIp, int _)) in published.Where(p => p.Value.Service != "agent" || p.Key != 8080))
        {
            Assert.True(hostIp == "127.0.0.1", $"{service} publishes host port {hostPort} on '{hostIp}'; only the public API may leave loopback by default.");
        }
    }

    [Fact]
    public void Development_PointsTheAgentAtTheSimulator()
    {
        JsonElement resolved = ComposeFiles.Resolved(development: true);
        JsonElement agent = ComposeFiles.Service(resolved, "agent");
        Assert.Equal("http://simulator:9100", agent.GetProperty("environment").GetProperty("Providers__Anthropic__BaseUrl").GetString());
        Assert.True(agent.GetProperty("depends_on").TryGetProperty("simulator", out _));
        JsonElement simulator = ComposeFiles.Service(resolved, "simulator");
        Assert.Contains(simulator.GetProperty("ports").EnumerateArray(), p => ParsePort(p).Target == 9100);
    }

    [Fact]
    public void Redis_PersistsWithAppendOnlyFileOnAVolume()
    {
        JsonElement redis = ComposeFiles.Service(ComposeFiles.Resolved(development: false), "redis");
        string[] command = redis.GetProperty("command").EnumerateArray().Select(c => c.GetString()!).ToArray();
        Assert.Equal(["--appendonly", "yes"], command.SkipWhile(c => c != "--appendonly").Take(2));
        Assert.Contains("redis-data:/data:rw", redis.GetProperty("volumes").EnumerateArray().Select(v => v.GetString()));
        Assert.True(ComposeFiles.Base.GetProperty("volumes").TryGetProperty("redis-data", out _));
    }

    private static IEnumerable<string> BindSources(JsonElement service)
    {
        if (!service.TryGetProperty("volumes", out JsonElement volumes))
        {
            yield break;
        }

        foreach (JsonElement volume in volumes.EnumerateArray())
        {
            if (volume.ValueKind == JsonValueKind.String)
            {
                string source = volume.GetString()!.Split(':')[0];
                if (source.StartsWith('/'))
                {
                    yield return source;
                }
            }
            else if (volume.GetProperty("type").GetString() == "bind")
            {
                yield return volume.GetProperty("source").GetString()!;
            }
        }
    }

    private static (string HostIp, int Published, int Target) ParsePort(JsonElement port)
    {
        if (port.ValueKind == JsonValueKind.Object)
        {
            return (
                port.TryGetProperty("host_ip", out JsonElement ip) ? ip.GetString()! : "0.0.0.0",
                int.Parse(port.GetProperty("published").ToString(), CultureInfo.InvariantCulture),
                port.GetProperty("target").GetInt32());
        }

        string[] parts = port.GetString()!.Split('/')[0].Split(':');
        return parts.Length switch
        {
            3 => (parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture)),
            2 => ("0.0.0.0", int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture)),
            _ => throw new Xunit.Sdk.XunitException($"Unexpected port form '{port}'."),
        };
    }

    private static double Seconds(string duration)
    {
        Match match = Regex.Match(duration, @"^(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?$", RegexOptions.None, TimeSpan.FromSeconds(1));
        Assert.True(match.Success, $"Unexpected duration '{duration}'.");
        return (match.Groups["m"].Success ? 60 * int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) : 0)
            + (match.Groups["s"].Success ? int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) : 0);
    }
}
