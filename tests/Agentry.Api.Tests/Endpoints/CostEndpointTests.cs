using System.Net;
using System.Text.Json;
using Agentry.Testing;

namespace Agentry.Api.Tests.Endpoints;

/// <summary>Per-run cost limits, budgets that answer 402, and the usage report, on one instance.</summary>
public sealed class CostEndpointTests
{
    [Fact]
    public async Task Run_WithCostLimit_StopsWithMaxCost()
    {
        await using AgentryServer server = await AgentryServer.StartAsync();

        JsonElement run = await JsonHttp.ReadAsync(await server.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body("""{"input":"What is 9 * 9?","max_cost_usd":0.0001}""")));

        Assert.Equal("max_cost", run.GetProperty("stop_reason").GetString());
        Assert.Equal(1, run.GetProperty("iterations").GetInt32());
    }

    [Fact]
    public async Task Run_WhenBudgetSpent_Is402WithRetryAfter_AndUsageShowsTheSpend()
    {
        await using AgentryServer server = await AgentryServer.StartAsync("--Budgets:Default:DailyUsd=0.01");
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 20 && !statuses.Contains(HttpStatusCode.PaymentRequired); i++)
        {
            using HttpResponseMessage response = await server.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body("""{"input":"Hello there"}"""));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.PaymentRequired)
            {
                Assert.NotNull(response.Headers.RetryAfter);
                JsonElement problem = await JsonHttp.ReadAsync(response);
                Assert.Contains("daily budget", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }

        Assert.Contains(HttpStatusCode.PaymentRequired, statuses);
        JsonElement usage = await JsonHttp.ReadAsync(await server.Api.GetAsync("/v1/usage"));
        Assert.Equal(statuses.Count(s => s == HttpStatusCode.OK), usage.GetProperty("total").GetProperty("calls").GetInt64());
        Assert.True(usage.GetProperty("budget").GetProperty("daily_spent_usd").GetDecimal() <= 0.01m);
        Assert.Equal(0.01m, usage.GetProperty("budget").GetProperty("daily_limit_usd").GetDecimal());
    }

    [Theory]
    [InlineData("?from=2026-13-01")]
    [InlineData("?to=yesterday")]
    [InlineData("?from=2026-01-01&to=2026-12-31")]
    [InlineData("?from=2026-11-28&to=2026-11-01")]
    public async Task Usage_WithBadRange_Is400(string query)
    {
        await using AgentryServer server = await AgentryServer.StartAsync();

        using HttpResponseMessage response = await server.Api.GetAsync("/v1/usage" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
