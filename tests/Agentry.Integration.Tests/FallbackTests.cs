using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Agentry.Testing;

namespace Agentry.Integration.Tests;

/// <summary>A dead primary model: its circuit opens, calls to it stop, the fallback answers; with every model dead, the cache or a fast 503.</summary>
public sealed class FallbackTests
{
    [Fact]
    public async Task PrimaryDead_CircuitOpens_FallbackAnswers_AndDeadModelIsNoLongerCalled()
    {
        await using SimulatorHost simulator = await SimulatorHost.StartAsync(options => options.Faults.FailModels.Add("claude-dead-model"));
        Dictionary<string, string> settings = simulator.AnthropicSettings();
        settings["Agents__assistant__Model"] = "claude-dead-model";
        settings["Agents__assistant__FallbackModels__0"] = "claude-haiku-4-5";
        settings["Resilience__MaxRetries"] = "1";
        settings["Resilience__BaseDelay"] = "00:00:00.010";
        settings["Resilience__CircuitMinimumThroughput"] = "4";
        settings["Resilience__CircuitBreakDuration"] = "00:05:00";
        await using AgentryProcess agentry = await AgentryProcess.StartAsync(settings);

        var served = new List<JsonElement>();
        for (int i = 0; i < 20; i++)
        {
            using HttpResponseMessage response = await agentry.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body("""{"input":"What is 6 * 7?"}"""));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            served.Add(await JsonHttp.ReadAsync(response));
        }

        Assert.All(served, run => Assert.Equal("fallback", run.GetProperty("served_by").GetString()));
        Assert.All(served, run => Assert.StartsWith("claude-haiku-4-5", run.GetProperty("model").GetString(), StringComparison.Ordinal));
        long deadCalls = simulator.Stats.RequestsFor("claude-dead-model");
        Assert.InRange(deadCalls, 4, 8);
        Assert.Equal(40, simulator.Stats.RequestsFor("claude-haiku-4-5"));

        string metrics = await agentry.Management.GetStringAsync("/metrics");
        Assert.Contains("circuit=\"anthropic/claude-dead-model\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("agent_llm_fallbacks_total", metrics, StringComparison.Ordinal);
        Assert.Contains(agentry.Output, line => line.Contains("Circuit changed state", StringComparison.Ordinal) && line.Contains("\"state\":\"open\"", StringComparison.Ordinal));
        JsonElement circuits = (await JsonHttp.ReadAsync(await agentry.Management.GetAsync("/health"))).GetProperty("checks").GetProperty("model_circuits");
        Assert.Equal("Degraded", circuits.GetProperty("status").GetString());
        Assert.Equal("open", circuits.GetProperty("data").GetProperty("anthropic/claude-dead-model").GetString());
        Assert.Equal("closed", circuits.GetProperty("data").GetProperty("anthropic/claude-haiku-4-5").GetString());
    }

    [Fact]
    public async Task EveryModelDead_CachedAnswersStillServed_OthersGetFast503WithRetryAfter()
    {
        await using SimulatorHost simulator = await SimulatorHost.StartAsync();
        Dictionary<string, string> settings = simulator.AnthropicSettings();
        settings["Agents__assistant__Model"] = "claude-sonnet-4-5";
        settings["Agents__assistant__FallbackModels__0"] = "claude-haiku-4-5";
        settings["Agents__assistant__Temperature"] = "0";
        settings["Agents__assistant__ResponseCache__Enabled"] = "true";
        settings["Resilience__MaxRetries"] = "1";
        settings["Resilience__BaseDelay"] = "00:00:00.010";
        settings["Resilience__CircuitMinimumThroughput"] = "4";
        settings["Resilience__CircuitBreakDuration"] = "00:05:00";
        await using AgentryProcess agentry = await AgentryProcess.StartAsync(settings);
        const string known = """{"input":"What is 11 * 11?"}""";
        Assert.Equal(HttpStatusCode.OK, (await agentry.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body(known))).StatusCode);

        simulator.Options.Faults.FailModels.Add("claude-sonnet-4-5");
        simulator.Options.Faults.FailModels.Add("claude-haiku-4-5");

        JsonElement cached = await JsonHttp.ReadAsync(await agentry.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body(known)));
        Assert.Equal("cache", cached.GetProperty("served_by").GetString());
        Assert.Contains("121", cached.GetProperty("output").GetString(), StringComparison.Ordinal);

        var durations = new List<TimeSpan>();
        for (int i = 0; i < 8; i++)
        {
            var watch = Stopwatch.StartNew();
            using HttpResponseMessage refused = await agentry.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body($$"""{"input":"What is {{i}} + 100?"}"""));
            durations.Add(watch.Elapsed);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        // Once both circuits are open, a refusal calls no model at all.
        long callsBefore = simulator.Stats.Requests;
        using HttpResponseMessage last = await agentry.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body("""{"input":"What is 1 + 1?"}"""));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, last.StatusCode);
        Assert.Equal(callsBefore, simulator.Stats.Requests);
        Assert.True(last.Headers.RetryAfter!.Delta > TimeSpan.FromSeconds(60), "Retry-After should say when the circuit lets a probe through");
    }
}
