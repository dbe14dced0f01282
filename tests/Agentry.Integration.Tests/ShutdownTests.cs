using System.Net;
using Agentry.Testing;

namespace Agentry.Integration.Tests;

/// <summary>
/// SIGTERM during streamed runs: every run in flight finishes, new connections are refused, exit code 0. With Redis,
/// the token charges a replica still holds are sent before it exits.
/// </summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Sigterm_DuringStreamedRuns_DrainsThemAndExitsZero()
    {
        await using AgentryProcess agentry = await AgentryProcess.StartAsync(new Dictionary<string, string>
        {
            ["Simulator__TokensPerSecond"] = "15",
            ["Shutdown__DrainTimeout"] = "00:00:20",
        });

        var streams = new List<Task<string>>();
        var started = new List<TaskCompletionSource>();
        for (int i = 0; i < 4; i++)
        {
            var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            started.Add(first);
            streams.Add(ReadStreamAsync(agentry.Api, i, first));
        }

        await Task.WhenAll(started.Select(s => s.Task)).WaitAsync(TimeSpan.FromSeconds(30));
        await agentry.SignalAsync(15);

        // The listener closes soon after the signal while the streams drain: wait for a new connection to be refused.
        using var fresh = new HttpClient { BaseAddress = agentry.Api.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var closing = System.Diagnostics.Stopwatch.StartNew();
        while (await AcceptsAsync(fresh))
        {
            Assert.True(closing.Elapsed < TimeSpan.FromSeconds(10), "a new connection was still accepted 10 s after SIGTERM");
            await Task.Delay(50);
        }

        string[] bodies = await Task.WhenAll(streams).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(bodies, body => Assert.Equal("run.completed", ServerSentEvents.Parse(body)[^1].Event));
        Assert.Equal(0, await agentry.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Sigterm_WithRedis_SendsTheTokenChargesStillHeld()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        TestApiKey key = TestApiKey.Create("acme");
        // No flush before shutdown: the charge is held until the process stops.
        Dictionary<string, string> settings = ReplicaSettings.For(redis.ConnectionString, ("Redis__RateLimitChargeInterval", "00:01:00"));
        foreach ((string name, string value) in key.Settings(requestsPerMinute: 600, tokensPerMinute: 1))
        {
            settings[name] = value;
        }

        await using (AgentryProcess first = await AgentryProcess.StartAsync(settings))
        {
            using HttpRequestMessage run = key.Request(HttpMethod.Post, "/v1/agents/assistant/runs", """{"input":"What is 2 + 2?"}""");
            Assert.Equal(HttpStatusCode.OK, (await first.Api.SendAsync(run)).StatusCode);
            await first.SignalAsync(15);
            Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }

        await using AgentryProcess second = await AgentryProcess.StartAsync(settings);
        using HttpRequestMessage list = key.Request(HttpMethod.Get, "/v1/agents");
        using HttpResponseMessage refused = await second.Api.SendAsync(list);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    private static async Task<string> ReadStreamAsync(HttpClient api, int n, TaskCompletionSource started)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/agents/assistant/runs")
        {
            Content = JsonHttp.Body($$"""{"input":"Tell me something about the number {{n}} in a few words please.","stream":true}"""),
        };
        using HttpResponseMessage response = await api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using Stream body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body);
        var text = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            text.Append(line).Append('\n');
            if (line.StartsWith("event: text.delta", StringComparison.Ordinal))
            {
                started.TrySetResult();
            }
        }

        return text.ToString();
    }

    private static async Task<bool> AcceptsAsync(HttpClient client)
    {
        try
        {
            using HttpResponseMessage response = await client.GetAsync("/v1/agents");
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
