using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Agentry.Deployment.Tests.Support;
using Agentry.Testing;

namespace Agentry.Deployment.Tests.Compose;

/// <summary>The development Compose stack, started with docker-compose against podman and used as a user would.</summary>
[Collection(ContainerTier.Name)]
public sealed partial class DevelopmentStackTests(DevelopmentCompose stack) : IClassFixture<DevelopmentCompose>
{
    private static readonly string[] ScrapedJobs = ["agentry", "redis", "alertmanager"];
    private static readonly string[] RuleFiles = ["prometheus/alerts.yml", "prometheus/recording_rules.yml"];

    private ComposeProject Project => stack.Project;

    [Fact]
    public async Task EveryService_IsHealthy_AndARunAnswersThroughTheSimulatorOverHttp()
    {
        Dictionary<string, string> status = await Project.StatusAsync();
        using var http = new HttpClient { BaseAddress = Project.Api };
        JsonElement run = await JsonHttp.ReadAsync(await http.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body("""{"input":"What is 17 * 23?"}""")));

        Assert.All(DevelopmentCompose.Services, s => Assert.EndsWith("(healthy)", status[s], StringComparison.Ordinal));
        Assert.Equal("17 * 23 = 391.", run.GetProperty("output").GetString());
        Assert.Equal("anthropic", run.GetProperty("provider").GetString());
    }

    [Fact]
    public async Task Prometheus_ScrapesTheAgentRedisAndAlertmanager_AndHasEveryRedisSeriesTheMonitoringUses()
    {
        using var prometheus = new HttpClient { BaseAddress = Project.Prometheus };
        Dictionary<string, string> targets = [];
        for (int attempt = 0; attempt < 90; attempt++)
        {
            targets = Targets(await JsonHttp.ReadAsync(await prometheus.GetAsync("/api/v1/targets")));
            if (ScrapedJobs.All(job => targets.GetValueOrDefault(job) == "up"))
            {
                break;
            }

            await Task.Delay(1000);
        }

        JsonElement names = await JsonHttp.ReadAsync(await prometheus.GetAsync("/api/v1/label/__name__/values"));
        var scraped = names.GetProperty("data").EnumerateArray().Select(n => n.GetString()!).ToHashSet(StringComparer.Ordinal);
        JsonElement redisUp = await JsonHttp.ReadAsync(await prometheus.GetAsync("/api/v1/query?query=redis_up"));

        Assert.Equal("up", targets.GetValueOrDefault("agentry"));
        Assert.Equal("up", targets.GetValueOrDefault("redis"));
        Assert.Equal("up", targets.GetValueOrDefault("alertmanager"));
        Assert.Equal("1", redisUp.GetProperty("data").GetProperty("result")[0].GetProperty("value")[1].GetString());
        string[] missing = RedisSeriesUsedByTheMonitoring().Where(n => !scraped.Contains(n)).ToArray();
        Assert.True(missing.Length == 0, "Rules or dashboards use redis_* series the exporter does not have: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task RedisStopped_PagesThroughAlertmanager_AndTheServiceAnswers503_ThenRecovers()
    {
        using var api = new HttpClient { BaseAddress = Project.Api, Timeout = TimeSpan.FromSeconds(30) };
        using var alertmanager = new HttpClient { BaseAddress = Project.Alertmanager };
        string session = await CreateSessionWithATurnAsync(api);

        (await Project.ComposeAsync("stop", "redis")).EnsureSuccess();
        try
        {
            using HttpResponseMessage duringOutage = await api.GetAsync($"/v1/sessions/{session}");
            JsonElement fired = await WaitForAlertAsync(alertmanager, "AgentryRedisDown", TimeSpan.FromMinutes(4));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, duringOutage.StatusCode);
            Assert.Equal("page", fired.GetProperty("labels").GetProperty("severity").GetString());
            Assert.Contains("runbook_url", fired.GetProperty("annotations").ToString(), StringComparison.Ordinal);
        }
        finally
        {
            (await Project.ComposeAsync("start", "redis")).EnsureSuccess();
            await Project.WaitHealthyAsync(DevelopmentCompose.Services);
            await Project.WaitUntilTheAgentReachesRedisAsync();
        }

        Assert.Equal(2, await MessageCountAsync(api, session));
    }

    [Fact]
    public async Task Sessions_SurviveARedisRestart_AndDownThenUp()
    {
        using var api = new HttpClient { BaseAddress = Project.Api, Timeout = TimeSpan.FromSeconds(30) };
        string session = await CreateSessionWithATurnAsync(api);

        (await Project.ComposeAsync("restart", "redis")).EnsureSuccess();
        await Project.WaitHealthyAsync(DevelopmentCompose.Services);
        await Project.WaitUntilTheAgentReachesRedisAsync();
        int afterRestart = await MessageCountAsync(api, session);
        (await Project.ComposeAsync("down")).EnsureSuccess();
        await stack.UpAsync();
        int afterDownAndUp = await MessageCountAsync(api, session);

        Assert.Equal(2, afterRestart);
        Assert.Equal(2, afterDownAndUp);
    }

    [Fact]
    public async Task BackupAndRestoreScripts_OnTheComposeTarget_BringADeletedSessionBack()
    {
        using var api = new HttpClient { BaseAddress = Project.Api, Timeout = TimeSpan.FromSeconds(30) };
        string session = await CreateSessionWithATurnAsync(api);
        string scripts = Path.Combine(RepositoryPaths.Root, "infrastructure", "scripts");
        string backups = Path.Combine(Project.Folder, "backups");
        string compose = Path.Combine(Project.Folder, "docker-compose.yml");

        (await Project.ShellAsync($"{scripts}/redis-backup.sh --target compose --compose-file {compose} --output {backups}")).EnsureSuccess();
        string backup = Assert.Single(Directory.GetDirectories(backups, "redis-*"));
        using HttpResponseMessage deleted = await api.DeleteAsync($"/v1/sessions/{session}");
        using HttpResponseMessage gone = await api.GetAsync($"/v1/sessions/{session}");
        (await Project.ShellAsync($"{scripts}/redis-restore.sh --target compose --compose-file {compose} --from {backup} --yes")).EnsureSuccess();
        await Project.WaitHealthyAsync(DevelopmentCompose.Services);
        await Project.WaitUntilTheAgentReachesRedisAsync();

        Assert.True(File.Exists(Path.Combine(backup, "dump.rdb")), "the backup holds the RDB snapshot");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(2, await MessageCountAsync(api, session));
    }

    private static async Task<string> CreateSessionWithATurnAsync(HttpClient api)
    {
        string session = (await JsonHttp.ReadAsync(await api.PostAsync("/v1/sessions", JsonHttp.Body("""{"agent":"assistant"}""")))).GetProperty("session_id").GetString()!;
        using HttpResponseMessage turn = await api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body($$"""{"input":"My name is Ada.","session_id":"{{session}}"}"""));
        Assert.Equal(HttpStatusCode.OK, turn.StatusCode);
        return session;
    }

    private static async Task<int> MessageCountAsync(HttpClient api, string session)
    {
        using HttpResponseMessage read = await api.GetAsync($"/v1/sessions/{session}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        return (await JsonHttp.ReadAsync(read)).GetProperty("messages").GetArrayLength();
    }

    private static async Task<JsonElement> WaitForAlertAsync(HttpClient alertmanager, string alert, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            JsonElement alerts = await JsonHttp.ReadAsync(await alertmanager.GetAsync($"/api/v2/alerts?filter=alertname%3D%22{alert}%22"));
            if (alerts.GetArrayLength() > 0)
            {
                return alerts[0];
            }

            await Task.Delay(2000);
        }

        Assert.Fail($"{alert} did not reach Alertmanager within {timeout}.");
        return default;
    }

    private static Dictionary<string, string> Targets(JsonElement answer)
    {
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonElement target in answer.GetProperty("data").GetProperty("activeTargets").EnumerateArray())
        {
            targets[target.GetProperty("labels").GetProperty("job").GetString()!] = target.GetProperty("health").GetString()!;
        }

        return targets;
    }

    private static IEnumerable<string> RedisSeriesUsedByTheMonitoring()
    {
        string monitoring = Path.Combine(RepositoryPaths.Root, "infrastructure", "monitoring");
        IEnumerable<string> files = RuleFiles.Select(f => Path.Combine(monitoring, f))
            .Concat(Directory.EnumerateFiles(Path.Combine(monitoring, "grafana", "dashboards"), "*.json"));
        return files.SelectMany(f => RedisSeries().Matches(File.ReadAllText(f)).Select(m => m.Value))
            .Where(n => n != "redis_exporter")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\bredis_[a-z_]+\b")]
    private static partial Regex RedisSeries();
}
