using System.Net;
using System.Text.Json;
using Agentry.Testing;
using Xunit.Abstractions;

namespace Agentry.Integration.Tests;

/// <summary>200 parallel runs from two replicas at one tenant whose daily budget covers about 50: no overspend.</summary>
public sealed class BudgetConcurrencyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ParallelRunsFromTwoReplicas_NeverOverspendByMoreThanOneReservation()
    {
        await using RedisServer redis = await RedisServer.StartAsync();
        (string Key, string Value)[] settings =
        [
            ("Agents__metered__Provider", "simulator"),
            ("Agents__metered__Model", "claude-sonnet-4-5"),
            ("Agents__metered__MaxTokens", "64"),
            ("Agents__metered__SystemPrompt", "Be brief."),
            ("Budgets__Default__DailyUsd", "0.033"),
            ("Logging__LogLevel__Default", "Warning"),

            // This test is about atomicity under a burst, not about Redis timeouts: on two shared cores a burst of
            // 200 runs can starve a 500 ms budget call.
            ("Redis__OperationTimeout", "00:00:05"),
        ];
        await using AgentryProcess a = await AgentryProcess.StartAsync(ReplicaSettings.For(redis.ConnectionString, settings));
        await using AgentryProcess b = await AgentryProcess.StartAsync(ReplicaSettings.For(redis.ConnectionString, settings));

        HttpResponseMessage[] responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            (i % 2 == 0 ? a : b).Api.PostAsync("/v1/agents/metered/runs", JsonHttp.Body($$"""{"input":"Say something short about {{i}}."}"""))));

        int admitted = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        int refused = responses.Count(r => r.StatusCode == HttpStatusCode.PaymentRequired);
        decimal oneRun = (await JsonHttp.ReadAsync(responses.First(r => r.StatusCode == HttpStatusCode.OK))).GetProperty("cost_usd").GetDecimal();
        using HttpResponseMessage usageResponse = await a.Api.GetAsync("/v1/usage");
        string usageText = await usageResponse.Content.ReadAsStringAsync();
        output.WriteLine(usageText);
        Assert.Equal(HttpStatusCode.OK, usageResponse.StatusCode);
        JsonElement usage = JsonDocument.Parse(usageText).RootElement;
        decimal spent = usage.GetProperty("total").GetProperty("cost_usd").GetDecimal();
        decimal limit = usage.GetProperty("budget").GetProperty("daily_limit_usd").GetDecimal();
        // Worst case of one call: input at ~3 characters a token plus the 64-token output limit, Sonnet prices.
        decimal oneReservation = 0.002m;
        foreach (HttpResponseMessage odd in responses.Where(r => r.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.PaymentRequired)))
        {
            output.WriteLine($"unexpected {(int)odd.StatusCode}: {await odd.Content.ReadAsStringAsync()}");
        }

        output.WriteLine($"admitted={admitted} refused={refused} spent={spent} limit={limit} one run={oneRun} calls recorded={usage.GetProperty("total").GetProperty("calls").GetInt64()}");

        Assert.Equal(200, admitted + refused);
        Assert.InRange(admitted, 10, 199);
        Assert.True(spent <= limit + oneReservation, $"spent {spent} is over the limit {limit} by more than one reservation");
        Assert.Equal(admitted, usage.GetProperty("total").GetProperty("calls").GetInt64());
        HttpResponseMessage refusal = responses.First(r => r.StatusCode == HttpStatusCode.PaymentRequired);
        Assert.NotNull(refusal.Headers.RetryAfter);
        Assert.Equal("application/problem+json", refusal.Content.Headers.ContentType?.MediaType);
        foreach (HttpResponseMessage response in responses)
        {
            response.Dispose();
        }
    }
}
