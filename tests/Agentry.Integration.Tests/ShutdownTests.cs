using System.Net;
using Agentry.Testing;

namespace Agentry.Integration.Tests;

/// <summary>SIGTERM during streamed runs: every run in flight finishes, new connections are refused, exit code 0.</summary>
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
        await Task.Delay(500);

        using var fresh = new HttpClient { BaseAddress = agentry.Api.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAsync<HttpRequestException>(() => fresh.GetAsync("/v1/agents"));

        string[] bodies = await Task.WhenAll(streams).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(bodies, body => Assert.Equal("run.completed", ServerSentEvents.Parse(body)[^1].Event));
        Assert.Equal(0, await agentry.WaitForExitAsync(TimeSpan.FromSeconds(30)));
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
}
