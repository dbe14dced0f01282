using System.Text.Json;
using Agentry.Deployment.Tests.Support;
using Agentry.Testing;

namespace Agentry.Deployment.Tests.Kubernetes;

/// <summary>
/// Every overlay's Deployment started as a pod with <c>podman kube play</c>, with the Secret made by the README's own
/// command: it runs as the manifest says (user, read-only root, capabilities), its probes' endpoints answer, and the
/// API serves a run on Redis from the StatefulSet's pod template.
/// </summary>
[Collection(ContainerTier.Name)]
public sealed class KubePlayTests
{
    [Theory]
    [InlineData("overlays/production")]
    [InlineData("overlays/multi-region/us-east-1")]
    [InlineData("overlays/multi-region/eu-west-1")]
    [InlineData("overlays/canary")]
    public async Task Overlay_WithTheReadmesSecret_StartsAsAHardenedPod_AndServesAKeyedRun(string overlay)
    {
        TestApiKey key = TestApiKey.Create("acme");
        await using PlayedOverlay played = await PlayedOverlay.StartAsync(overlay, await ReadmeSecretAsync(key));

        await AssertServesAsync(played, key.Key);
        Assert.Equal(401, (await played.CurlAsync(8080, "/v1/agents")).Status);
    }

    [Fact]
    public async Task GuidesRedisDebugAndBackupCommands_RunOnThePlayedStatefulSet()
    {
        TestApiKey key = TestApiKey.Create("acme");
        await using PlayedOverlay played = await PlayedOverlay.StartAsync("overlays/production", await ReadmeSecretAsync(key));
        string backups = Directory.CreateTempSubdirectory("agentry-backup-").FullName;
        try
        {
            // The guide's `kubectl exec -it redis-0 -- redis-cli ping`, then its backup: BGSAVE and `kubectl cp` of
            // dump.rdb, with podman's exec and cp (the same verbs) on the played pod.
            CommandResult ping = await Podman.RunAsync("exec", PlayedOverlay.RedisContainer, "redis-cli", "ping");
            await played.CurlAsync(8080, "/v1/sessions", key.Key, """{"agent":"assistant"}""");
            CommandResult save = await Podman.RunAsync("exec", PlayedOverlay.RedisContainer, "redis-cli", "BGSAVE");
            for (int attempt = 0; attempt < 50 && (await Podman.RunAsync("exec", PlayedOverlay.RedisContainer, "redis-cli", "INFO", "persistence")).Stdout.Contains("rdb_bgsave_in_progress:1", StringComparison.Ordinal); attempt++)
            {
                await Task.Delay(100);
            }

            CommandResult copied = await Podman.RunAsync("cp", PlayedOverlay.RedisContainer + ":/data/dump.rdb", backups);

            Assert.Equal("PONG", ping.EnsureSuccess().Stdout.Trim());
            Assert.Contains("Background saving started", save.EnsureSuccess().Stdout, StringComparison.Ordinal);
            copied.EnsureSuccess();
            Assert.True(new FileInfo(Path.Combine(backups, "dump.rdb")).Length > 0, "dump.rdb was copied out");
        }
        finally
        {
            Directory.Delete(backups, recursive: true);
        }
    }

    [Fact]
    public async Task DevelopmentOverlay_WithNoSecret_StartsAndServesAnonymousLoopbackCallers()
    {
        await using PlayedOverlay played = await PlayedOverlay.StartAsync("overlays/development", secretYaml: null);

        await AssertServesAsync(played, bearer: null);
    }

    /// <summary>
    /// README.md's "From zero to a running deployment", step 2, run as written (the key made by the image, the Secret by
    /// the kubectl command it shows) with <c>--dry-run=client -o yaml</c>, since no cluster is there to take it.
    /// </summary>
    private static async Task<string> ReadmeSecretAsync(TestApiKey key)
    {
        string[] readme = await File.ReadAllLinesAsync(Path.Combine(Manifests.Kubernetes, "README.md"));
        int first = Array.FindIndex(readme, l => l.StartsWith("kubectl create secret generic agent-secrets", StringComparison.Ordinal));
        Assert.True(first >= 0, "infrastructure/kubernetes/README.md shows no `kubectl create secret generic agent-secrets` command.");
        var command = new List<string>();
        for (int i = first; i < readme.Length; i++)
        {
            command.Add(readme[i].TrimEnd('\\').Trim());
            if (!readme[i].TrimEnd().EndsWith('\\'))
            {
                break;
            }
        }

        using var files = new SecretFiles(key);
        CommandResult made = await Command.RunAsync(ExternalTool.Require("bash", "bash"), ["-c", string.Join(' ', command) + " --dry-run=client -o yaml"], workingDirectory: files.Folder);
        return made.EnsureSuccess().Stdout;
    }

    private static async Task AssertServesAsync(PlayedOverlay played, string? bearer)
    {
        await played.WaitUntilAnsweringAsync("/health/ready");
        Dictionary<object, object> container = (Dictionary<object, object>)Manifests.List(Manifests.Map(played.Deployment, "spec", "template", "spec"), "containers")[0];
        foreach (string probe in new[] { "startupProbe", "livenessProbe", "readinessProbe" })
        {
            string path = (string)Manifests.Map(container, probe, "httpGet")["path"];
            Assert.Equal(200, (await played.CurlAsync(8000, path)).Status);
        }

        (int runStatus, string run) = await played.CurlAsync(8080, "/v1/agents/assistant/runs", bearer, """{"input":"What is 17 * 23?"}""");
        (int metricsStatus, string metrics) = await played.CurlAsync(8000, "/metrics");
        JsonElement inspected = await Podman.InspectAsync(played.AgentContainer, ".");

        Assert.Equal(200, metricsStatus);
        Assert.Contains("agent_runs_total", metrics, StringComparison.Ordinal);
        Assert.True(runStatus == 200, $"{played.Overlay}: the run answered {runStatus}: {run}");
        Assert.Equal("17 * 23 = 391.", JsonDocument.Parse(run).RootElement.GetProperty("output").GetString());
        Assert.Equal("1654", inspected[0].GetProperty("Config").GetProperty("User").GetString()!.Split(':')[0]);
        Assert.True(inspected[0].GetProperty("HostConfig").GetProperty("ReadonlyRootfs").GetBoolean(), "read-only root filesystem");
        Assert.Contains("CAP_NET_RAW", inspected[0].GetProperty("HostConfig").GetProperty("CapDrop").ToString(), StringComparison.Ordinal);
    }
}
