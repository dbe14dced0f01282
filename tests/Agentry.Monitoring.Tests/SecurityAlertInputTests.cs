using Agentry.Monitoring.Tests.Support;

namespace Agentry.Monitoring.Tests;

/// <summary>
/// The security alerts read what the real service exports: a real key over its rate limit, a real blocked run and a
/// real tenant out of budget reach the recording rules with the label values the alerts and runbooks use, and the
/// refused requests are part of the /v1 traffic the rate-limit ratio divides by.
/// </summary>
[Collection(LiveMonitoringDefinition.Name)]
public sealed class SecurityAlertInputTests(LiveMonitoring stack)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task RateLimitRejections_OfAThrottledKey_AreRecordedByLimitAndAsAShareOfV1Requests()
    {
        await stack.Prometheus.WaitForSeriesAsync("agentry:rate_limit_rejections:rate5m{limit=\"rpm\"} > 0", Wait);
        await stack.Prometheus.WaitForSeriesAsync("agentry:rate_limit_rejections:ratio_rate5m > 0 < 1", Wait);
    }

    [Fact]
    public async Task RateLimitRefusals_AreV1RequestsAnswered429_SoTheRatioCountsThemInItsDenominator()
    {
        await stack.Prometheus.WaitForSeriesAsync(
            "sum(rate(http_server_request_duration_seconds_count{job=\"agentry\", http_route=~\"/v1/.+\", http_response_status_code=\"429\"}[5m])) > 0", Wait);
    }

    [Fact]
    public async Task ModerationBlocks_OfABlockedRun_AreRecordedByStageAndRule()
    {
        await stack.Prometheus.WaitForSeriesAsync("agentry:moderation_blocks:rate1h{stage=\"input\", rule=\"prompt_injection\"} > 0", Wait);
        await stack.Prometheus.WaitForSeriesAsync("agentry:moderation_blocks:rate1d{stage=\"input\", rule=\"prompt_injection\"} > 0", Wait);
        await stack.Prometheus.WaitForSeriesAsync("agentry:moderation_actions:rate5m{stage=\"input\", action=\"flag\", rule=\"email\"} > 0", Wait);
    }

    [Fact]
    public async Task BudgetRejections_OfATenantOutOfBudget_AreCountedByPeriod()
    {
        await stack.Prometheus.WaitForSeriesAsync(
            "sum by (budget_period) (rate(agent_budget_rejections_total{job=\"agentry\", budget_period=\"daily\"}[5m])) > 0", Wait);
    }
}
