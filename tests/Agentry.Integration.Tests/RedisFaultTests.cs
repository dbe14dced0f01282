using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Agentry.Testing;
using Xunit.Abstractions;

namespace Agentry.Integration.Tests;

/// <summary>Kill the real redis-server under load, then bring it back: no hang, no 500, nothing lost.</summary>
public sealed class RedisFaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task RedisKilledMidLoad_ServiceAnswers503QuicklyAndRecoversWithEverySession()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        await using AgentryProcess agentry = await AgentryProcess.StartAsync(ReplicaSettings.For(
            redis.ConnectionString,
            ("Redis__OperationTimeout", OperationTimeout.ToString()),
            ("Redis__BreakDuration", "00:00:01")));

        // Sessions written before the outage: each must survive it (AOF, fsync always).
        var sessions = new List<string>();
        for (int i = 0; i < 20; i++)
        {
            string id = (await JsonHttp.ReadAsync(await agentry.Api.PostAsync("/v1/sessions", JsonHttp.Body("""{"agent":"assistant"}""")))).GetProperty("session_id").GetString()!;
            using HttpResponseMessage turn = await agentry.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body($$"""{"input":"My name is Ada{{i}}.","session_id":"{{id}}"}"""));
            Assert.Equal(HttpStatusCode.OK, turn.StatusCode);
            sessions.Add(id);
        }

        var statuses = new ConcurrentBag<(HttpStatusCode Status, bool RetryAfter, TimeSpan Took, string Kind)>();
        using var stopLoad = new CancellationTokenSource();
        Task[] clients = Enumerable.Range(0, 8).Select(c => Task.Run(async () =>
        {
            for (int n = 0; n < 400 && !stopLoad.IsCancellationRequested; n++)
            {
                (string kind, string path, string body) = (n % 3) switch
                {
                    0 => ("session", "/v1/agents/assistant/runs", $$"""{"input":"What is my name?","session_id":"{{sessions[(c + n) % sessions.Count]}}"}"""),
                    1 => ("cached", "/v1/agents/cached/runs", $$"""{"input":"What is {{n}} + {{c}}?"}"""),
                    _ => ("stateless", "/v1/agents/assistant/runs", """{"input":"What is 2 * 21?"}"""),
                };
                var watch = Stopwatch.StartNew();
                using HttpResponseMessage response = await agentry.Api.PostAsync(path, JsonHttp.Body(body));
                statuses.Add((response.StatusCode, response.Headers.RetryAfter is not null, watch.Elapsed, kind));
            }
        })).ToArray();

        await WaitForAsync(() => statuses.Count >= 100);
        redis.Kill();
        int atKill = statuses.Count;
        await WaitForAsync(() => statuses.Count >= atKill + 300);
        JsonElement downReport = await JsonHttp.ReadAsync(await agentry.Management.GetAsync("/health"));
        Assert.Equal(HttpStatusCode.OK, (await agentry.Management.GetAsync("/health/ready")).StatusCode);
        await stopLoad.CancelAsync();
        await Task.WhenAll(clients);

        var during = statuses.ToArray();
        output.WriteLine($"requests: {during.Length}; by status: {string.Join(", ", during.GroupBy(s => (s.Kind, s.Status)).Select(g => $"{g.Key.Kind}/{(int)g.Key.Status}={g.Count()}"))}; slowest: {during.Max(s => s.Took).TotalMilliseconds:0} ms");
        Assert.All(during, s => Assert.True(s.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{s.Kind} got {(int)s.Status}"));
        Assert.All(during.Where(s => s.Status == HttpStatusCode.ServiceUnavailable), s => Assert.True(s.RetryAfter, "503 without Retry-After"));
        Assert.Contains(during, s => s.Kind == "session" && s.Status == HttpStatusCode.ServiceUnavailable);
        // The cache fails open and stateless runs never touch Redis: both keep answering.
        Assert.DoesNotContain(during, s => s.Kind != "session" && s.Status != HttpStatusCode.OK);
        // No request waits much longer than one Redis timeout per call (a run makes at most a few).
        Assert.All(during, s => Assert.True(s.Took < TimeSpan.FromSeconds(5), $"{s.Kind} took {s.Took}"));
        Assert.Equal("Unhealthy", downReport.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());

        await redis.RestartAsync();
        await WaitForAsync(async () =>
            (await JsonHttp.ReadAsync(await agentry.Management.GetAsync("/health"))).GetProperty("checks").GetProperty("redis").GetProperty("status").GetString() == "Healthy");

        for (int i = 0; i < sessions.Count; i++)
        {
            JsonElement session = await ReadSessionWhenServedAsync(agentry, sessions[i]);
            Assert.Contains($"My name is Ada{i}.", session.GetProperty("messages")[0].GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        }
    }

    // The circuit may still be open for a moment after Redis returns; the service recovers by itself.
    private static async Task<JsonElement> ReadSessionWhenServedAsync(AgentryProcess agentry, string id)
    {
        for (int attempt = 0; ; attempt++)
        {
            using HttpResponseMessage response = await agentry.Api.GetAsync($"/v1/sessions/{id}");
            if (response.StatusCode == HttpStatusCode.OK || attempt == 100)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return await JsonHttp.ReadAsync(response);
            }

            await Task.Delay(100);
        }
    }

    private static Task WaitForAsync(Func<bool> condition) => WaitForAsync(() => Task.FromResult(condition()));

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "condition not met within 60 s");
            await Task.Delay(50);
        }
    }
}
