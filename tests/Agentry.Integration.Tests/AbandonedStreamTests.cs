using System.Net.Http.Headers;
using System.Text.Json;
using Agentry.Testing;
using Xunit.Abstractions;

namespace Agentry.Integration.Tests;

/// <summary>
/// A client that drops a streamed run half-way still leaves the provider's work accounted: in the usage API, in the
/// token and cost metrics and in the run-completed log (stop reason <c>cancelled</c>). Once through the real
/// Anthropic SDK over HTTP (input as <c>message_start</c> reported it), once on the in-process simulator (input
/// estimated from the request); output estimated from the text already streamed.
/// </summary>
public sealed class AbandonedStreamTests(ITestOutputHelper output)
{
    private const string Input = "Tell me about the lighthouses of the Breton coast";

    [Fact]
    public async Task AbandonedStream_OnTheAnthropicSdk_IsInUsageMetricsAndTheLog()
    {
        await using SimulatorHost simulator = await SimulatorHost.StartAsync(options => options.TokensPerSecond = 10);
        await using AgentryProcess agentry = await AgentryProcess.StartAsync(simulator.AnthropicSettings());

        (Tokens reference, Tokens abandoned) = await AbandonAfterAReferenceRunAsync(agentry);

        Assert.Equal(reference.Input, abandoned.Input);
        await AssertAccountedAsync(agentry, "anthropic", reference, abandoned);
    }

    [Fact]
    public async Task AbandonedStream_OnTheSimulatorProvider_IsInUsageMetricsAndTheLog()
    {
        await using AgentryProcess agentry = await AgentryProcess.StartAsync(new Dictionary<string, string> { ["Simulator__TokensPerSecond"] = "10" });

        (Tokens reference, Tokens abandoned) = await AbandonAfterAReferenceRunAsync(agentry);

        // Nothing reported the input before the stream was dropped: the request's estimate, which errs high.
        Assert.InRange(abandoned.Input, reference.Input, reference.Input * 2);
        await AssertAccountedAsync(agentry, "simulator", reference, abandoned);
    }

    /// <summary>A complete run of <see cref="Input"/>, then the same run streamed and dropped after three text deltas.</summary>
    private async Task<(Tokens Reference, Tokens Abandoned)> AbandonAfterAReferenceRunAsync(AgentryProcess agentry)
    {
        using HttpResponseMessage complete = await agentry.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body($$"""{"input":"{{Input}}"}"""));
        JsonElement run = await JsonHttp.ReadAsync(complete);
        Assert.True(complete.IsSuccessStatusCode, run.ToString());
        var reference = new Tokens(run.GetProperty("usage").GetProperty("input_tokens").GetInt64(), run.GetProperty("usage").GetProperty("output_tokens").GetInt64(), run.GetProperty("cost_usd").GetDecimal());
        UsageTotal before = await ReadUsageAsync(agentry);

        int deltas = await StreamThenDropAsync(agentry, deltasToRead: 3);

        Assert.Equal(3, deltas);
        UsageTotal after = await PollAsync(() => ReadUsageAsync(agentry), usage => usage.Calls > before.Calls, "the abandoned call's usage record");
        var abandoned = new Tokens(after.Input - before.Input, after.Output - before.Output, after.CostUsd - before.CostUsd);
        Assert.Equal(before.Calls + 1, after.Calls);
        output.WriteLine($"complete run: {reference}; abandoned after {deltas} deltas: {abandoned}");

        // Three deltas of at least three characters reached the service; far from the whole answer.
        Assert.InRange(abandoned.Output, 3, reference.Output - 1);
        Assert.Equal(decimal.Round((abandoned.Input * 3m + abandoned.Output * 15m) / 1_000_000m, 8), decimal.Round(abandoned.CostUsd, 8));
        return (reference, abandoned);
    }

    private static async Task AssertAccountedAsync(AgentryProcess agentry, string provider, Tokens reference, Tokens abandoned)
    {
        string metrics = await PollAsync(
            () => agentry.Management.GetStringAsync("/metrics"),
            text => PrometheusText.Sum(text, "agent_runs_total", "agent=\"assistant\"", "stop_reason=\"cancelled\"") > 0,
            "agent_runs_total{stop_reason=\"cancelled\"}");
        string[] assistant = ["agent=\"assistant\"", $"provider=\"{provider}\""];
        Assert.Equal(1, PrometheusText.Sum(metrics, "agent_runs_total", "agent=\"assistant\"", "stop_reason=\"cancelled\""));
        Assert.Equal(reference.Output + abandoned.Output, PrometheusText.Sum(metrics, "agent_llm_tokens_total", [.. assistant, "token_type=\"output\""]));
        Assert.Equal(reference.Input + abandoned.Input, PrometheusText.Sum(metrics, "agent_llm_tokens_total", [.. assistant, "token_type=\"input\""]));
        Assert.Equal((double)(reference.CostUsd + abandoned.CostUsd), PrometheusText.Sum(metrics, "agent_llm_cost_usd_total", assistant), 1e-9);

        JsonElement completed = await PollAsync(
            () => Task.FromResult(LogEvents(agentry).FirstOrDefault(e => e.GetProperty("message").GetString() == "Run completed" && e.GetProperty("stop_reason").GetString() == "cancelled")),
            e => e.ValueKind == JsonValueKind.Object,
            "a run-completed log event with stop_reason cancelled");
        Assert.Equal(abandoned.Input, completed.GetProperty("input_tokens").GetInt64());
        Assert.Equal(abandoned.Output, completed.GetProperty("output_tokens").GetInt64());
        Assert.Contains(LogEvents(agentry), e => e.GetProperty("message").GetString()!.Contains("usage is estimated", StringComparison.Ordinal));
    }

    private static async Task<int> StreamThenDropAsync(AgentryProcess agentry, int deltasToRead)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/agents/assistant/runs") { Content = JsonHttp.Body($$"""{"input":"{{Input}}","stream":true}""") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        int deltas = 0;

        // No draining of the unread rest to reuse the connection (HttpClient's default): the client hangs up.
        using var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = agentry.Api.BaseAddress };
        using (HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
            while (deltas < deltasToRead && await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                Assert.NotEqual("event: run.completed", line);
                if (line == "event: text.delta")
                {
                    deltas++;
                }
            }
        }

        return deltas;
    }

    private static async Task<UsageTotal> ReadUsageAsync(AgentryProcess agentry)
    {
        JsonElement total = (await JsonHttp.ReadAsync(await agentry.Api.GetAsync("/v1/usage"))).GetProperty("total");
        return new UsageTotal(total.GetProperty("calls").GetInt64(), total.GetProperty("input_tokens").GetInt64(), total.GetProperty("output_tokens").GetInt64(), total.GetProperty("cost_usd").GetDecimal());
    }

    private static List<JsonElement> LogEvents(AgentryProcess agentry)
    {
        var events = new List<JsonElement>();
        foreach (string line in agentry.Output.ToArray())
        {
            if (line.StartsWith('{'))
            {
                using JsonDocument document = JsonDocument.Parse(line);
                events.Add(document.RootElement.Clone());
            }
        }

        return events;
    }

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            T value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Waited 15 s for {what}.");
            await Task.Delay(100);
        }
    }

    private readonly record struct Tokens(long Input, long Output, decimal CostUsd);

    private readonly record struct UsageTotal(long Calls, long Input, long Output, decimal CostUsd);
}
