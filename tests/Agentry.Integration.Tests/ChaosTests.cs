using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Agentry.Testing;
using Xunit.Abstractions;

namespace Agentry.Integration.Tests;

/// <summary>
/// A bad provider day: the real service, on the real Anthropic SDK, against the simulator over HTTP with 30 %
/// of calls failing (429 with retry-after, 500, 529, connection resets). Bounded: 500 runs, 16 at a time.
/// </summary>
public sealed partial class ChaosTests(ITestOutputHelper output)
{
    private const int Runs = 500;
    private const int Concurrency = 16;
    private static readonly TimeSpan RunDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ThirtyPercentFaults_AtLeast99PercentOfRunsSucceed_NoneHangs()
    {
        await using SimulatorHost simulator = await SimulatorHost.StartAsync(options =>
        {
            options.Faults.RateLimit = 0.10;
            options.Faults.ServerError = 0.08;
            options.Faults.Overloaded = 0.08;
            options.Faults.ConnectionReset = 0.04;
            options.Faults.RetryAfterSeconds = 0;
        });
        Dictionary<string, string> settings = simulator.AnthropicSettings();
        settings["Agents__assistant__RunDeadline"] = RunDeadline.ToString();
        settings["Resilience__MaxRetries"] = "8";
        settings["Resilience__BaseDelay"] = "00:00:00.020";
        settings["Resilience__MaxDelay"] = "00:00:00.200";
        settings["Logging__LogLevel__Default"] = "Warning";
        await using AgentryProcess agentry = await AgentryProcess.StartAsync(settings);

        var results = new ConcurrentBag<(bool Ok, TimeSpan Took, string Detail)>();
        int next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            for (int n = Interlocked.Increment(ref next); n < Runs; n = Interlocked.Increment(ref next))
            {
                results.Add(await RunOnceAsync(agentry, stream: n % 4 == 0, n));
            }
        })));
        clock.Stop();

        string metrics = await agentry.Management.GetStringAsync("/metrics");
        double retries = Sum(metrics, "agent_llm_retries_total");
        var all = results.ToArray();
        double success = all.Count(r => r.Ok) / (double)all.Length;
        double[] latencies = all.Select(r => r.Took.TotalMilliseconds).Order().ToArray();
        double p50 = latencies[(int)(latencies.Length * 0.50)];
        double p99 = latencies[Math.Min(latencies.Length - 1, (int)(latencies.Length * 0.99))];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"chaos: runs={all.Length} success={success:P2} p50={p50:0} ms p99={p99:0} ms max={latencies[^1]:0} ms retries/run={retries / all.Length:0.00} injected faults={simulator.Stats.Faults} of {simulator.Stats.Requests} upstream calls, wall={clock.Elapsed.TotalSeconds:0.0} s"));
        foreach ((bool _, TimeSpan _, string detail) in all.Where(r => !r.Ok).Take(5))
        {
            output.WriteLine("failed: " + detail);
        }

        foreach (string line in agentry.Output.Where(l => l.Contains("\"level\":\"error\"", StringComparison.Ordinal) || l.Contains("circuit", StringComparison.OrdinalIgnoreCase)).Take(5))
        {
            output.WriteLine("agentry: " + (line.Length > 600 ? line[..600] : line));
        }

        Assert.Equal(Runs, all.Length);
        Assert.True(success >= 0.99, $"success ratio {success:P2} is below 99 %");
        Assert.True(latencies[^1] < (RunDeadline + TimeSpan.FromSeconds(5)).TotalMilliseconds, $"a run took {latencies[^1]:0} ms, past its deadline");
        Assert.True(simulator.Stats.Faults > Runs / 2, "the simulator injected too few faults for this to be a test");
        Assert.True(retries > 0);
    }

    private static async Task<(bool Ok, TimeSpan Took, string Detail)> RunOnceAsync(AgentryProcess agentry, bool stream, int n)
    {
        var watch = Stopwatch.StartNew();
        string body = stream ? $$"""{"input":"What is {{n}} * 3?","stream":true}""" : $$"""{"input":"What is {{n}} * 3?"}""";
        using HttpResponseMessage response = await agentry.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body(body));
        string text = await response.Content.ReadAsStringAsync();
        watch.Stop();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (false, watch.Elapsed, $"{(int)response.StatusCode} {text}");
        }

        JsonElement result = stream ? ServerSentEvents.Parse(text).LastOrDefault(e => e.Event == "run.completed").Data : JsonDocument.Parse(text).RootElement;
        bool ok = result.ValueKind == JsonValueKind.Object
            && result.GetProperty("stop_reason").GetString() == "end_turn"
            && result.GetProperty("output").GetString()!.Contains((n * 3).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return (ok, watch.Elapsed, ok ? "" : text.Length > 300 ? text[^300..] : text);
    }

    private static double Sum(string metrics, string name)
    {
        double total = 0;
        foreach (Match match in Series().Matches(metrics))
        {
            if (match.Groups["name"].Value == name)
            {
                total += double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)\{[^}]*\} (?<value>[0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex Series();
}
