using System.Globalization;
using System.Net;
using System.Text.Json;
using Agentry.Deployment.Tests.Support;
using Agentry.Testing;

namespace Agentry.Deployment.Tests.Images;

/// <summary>The service's image, built from the real Dockerfile, and run as the production Deployment runs it.</summary>
[Collection(ContainerTier.Name)]
public sealed class ApiImageTests(ContainerHost host)
{
    [Fact]
    public async Task Image_RunsAsUserAppWithoutAShell_AndKeepsItsHealthCheck()
    {
        JsonElement config = await Podman.InspectImageAsync(ContainerHost.ApiImage, ".Config");
        JsonElement healthCheck = await Podman.InspectImageAsync(ContainerHost.ApiImage, ".HealthCheck");
        CommandResult shell = await Podman.RunAsync("run", "--rm", "--entrypoint", "/bin/sh", ContainerHost.ApiImage, "-c", "true");
        CommandResult probeOfNothing = await Podman.RunAsync("run", "--rm", ContainerHost.ApiImage, "--healthcheck", "http://127.0.0.1:9/health/ready");
        long size = long.Parse(await Podman.InspectTextAsync(ContainerHost.ApiImage, "{{.Size}}"), CultureInfo.InvariantCulture);

        Assert.Equal("1654:1654", config.GetProperty("User").GetString());
        Assert.Contains("--healthcheck", healthCheck.GetProperty("Test").ToString(), StringComparison.Ordinal);
        Assert.NotEqual(0, shell.ExitCode);
        Assert.Contains("/bin/sh", shell.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, probeOfNothing.ExitCode);
        Assert.Contains("http://127.0.0.1:9/health/ready: HttpRequestException", probeOfNothing.Stdout, StringComparison.Ordinal);
        Assert.True(size < 200_000_000, $"The API image is {size:N0} bytes (built in {host.BuildTimes[ContainerHost.ApiImage]}).");
    }

    [Fact]
    public async Task Image_RunAsTheDeploymentRunsIt_PassesItsHealthCheckAndServesRuns()
    {
        TestApiKey key = TestApiKey.Create("acme");
        await using AgentPod pod = await AgentPod.StartAsync(key);

        using HttpRequestMessage run = key.Request(HttpMethod.Post, "/v1/agents/assistant/runs", """{"input":"What is 17 * 23?"}""");
        using HttpResponseMessage answered = await pod.Api.SendAsync(run);
        JsonElement answer = await JsonHttp.ReadAsync(answered);
        using HttpResponseMessage anonymous = await pod.Api.GetAsync("/v1/agents");
        using HttpResponseMessage metricsOnApi = await pod.Api.GetAsync("/metrics");
        using HttpResponseMessage metrics = await pod.Management.GetAsync("/metrics");
        string logs = await pod.LogsAsync();

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("17 * 23 = 391.", answer.GetProperty("output").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, metricsOnApi.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("Sessions, response cache and idempotency keys are shared through Redis", logs, StringComparison.Ordinal);
        foreach (string line in logs.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using JsonDocument entry = JsonDocument.Parse(line);
            Assert.True(entry.RootElement.TryGetProperty("level", out _), line);
        }
    }

    [Fact]
    public async Task Image_ToolAskedForAnotherTimeZone_Answers()
    {
        TestApiKey key = TestApiKey.Create("acme");
        await using AgentPod pod = await AgentPod.StartAsync(key);

        using HttpRequestMessage run = key.Request(HttpMethod.Post, "/v1/agents/assistant/runs", """{"input":"What time is it in Asia/Tokyo?"}""");
        JsonElement answer = await JsonHttp.ReadAsync(await pod.Api.SendAsync(run));
        JsonElement call = Assert.Single(answer.GetProperty("tool_calls").EnumerateArray());

        Assert.Equal("current_time", call.GetProperty("name").GetString());
        Assert.False(call.GetProperty("is_error").GetBoolean(), call.ToString());
        Assert.EndsWith("+09:00", call.GetProperty("result").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PodmanStop_DuringInFlightRuns_DrainsEveryRunAndExitsZero()
    {
        const int runs = 8;
        TestApiKey key = TestApiKey.Create("acme");
        await using AgentPod pod = await AgentPod.StartAsync(key, new Dictionary<string, string> { ["Simulator__Latency"] = "00:00:03" });

        Task<HttpResponseMessage>[] inFlight = Enumerable.Range(0, runs)
            .Select(_ => pod.Api.SendAsync(key.Request(HttpMethod.Post, "/v1/agents/assistant/runs", """{"input":"hello"}""")))
            .ToArray();
        await RunsInFlight.WaitForAsync(pod.Management, runs);
        Task<CommandResult> stopping = Podman.RunAsync(["stop", "-t", "40", pod.Agent], TimeSpan.FromMinutes(1));
        HttpResponseMessage[] answers = await Task.WhenAll(inFlight);
        (await stopping).EnsureSuccess();

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(0, await pod.ExitCodeAsync());
        foreach (HttpResponseMessage answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task Image_WithABadSetting_ExitsOneWithOneLineNamingIt()
    {
        CommandResult refused = await Podman.RunAsync(
            ["run", "--rm", "--read-only", "--cap-drop", "ALL", "-e", "ASPNETCORE_ENVIRONMENT=Development", "-e", "Agents__assistant__MaxTokens=0", ContainerHost.ApiImage],
            TimeSpan.FromMinutes(1));

        Assert.Equal(1, refused.ExitCode);
        string line = Assert.Single(refused.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Agents:assistant:MaxTokens", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", refused.Stdout + refused.Stderr, StringComparison.Ordinal);
    }
}
