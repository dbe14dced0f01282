using System.Text.Json;
using Agentry.Core.Agents;
using Agentry.Core.Pipeline;
using Agentry.Core.Resilience;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Agentry.Api.Hosting;

/// <summary>
/// The three health views on the management port: <c>/health/live</c> (the process answers),
/// <c>/health/ready</c> (started and not draining; deliberately blind to shared dependencies, so an outage
/// of Redis or a provider does not pull every replica out of the Service) and <c>/health</c> (every check, in JSON:
/// the agents, the circuit of every model route, Redis when configured).
/// </summary>
internal static class HealthChecks
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddAgentryHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<ProcessReadyCheck>("process", tags: [ReadyTag])
            .AddCheck<AgentsCheck>("agents")
            .AddCheck<ModelCircuitsCheck>("model_circuits");
        return services;
    }

    public static void MapAgentryHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health/live", new() { Predicate = _ => false }).ManagementOnly();
        routes.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains(ReadyTag) }).ManagementOnly();
        routes.MapHealthChecks("/health", new() { ResponseWriter = WriteReportAsync }).ManagementOnly();
    }

    private static async Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteNumber("duration_ms", Math.Round(report.TotalDuration.TotalMilliseconds, 3));
        json.WriteStartObject("checks");
        foreach ((string name, HealthReportEntry entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            if (entry.Description is not null)
            {
                json.WriteString("description", entry.Description);
            }

            json.WriteNumber("duration_ms", Math.Round(entry.Duration.TotalMilliseconds, 3));
            if (entry.Data.Count > 0)
            {
                json.WriteStartObject("data");
                foreach ((string key, object value) in entry.Data)
                {
                    json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private sealed class ProcessReadyCheck(IHostApplicationLifetime lifetime, DrainState drain) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(
                drain.Draining ? HealthCheckResult.Unhealthy("draining: the process is shutting down")
                : !lifetime.ApplicationStarted.IsCancellationRequested ? HealthCheckResult.Unhealthy("starting")
                : HealthCheckResult.Healthy("serving"));
    }

    private sealed class AgentsCheck(AgentCatalog catalog) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var data = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (ResolvedAgent agent in catalog.All)
            {
                data[agent.Name] = $"{agent.Provider}/{agent.Model}";
            }

            return Task.FromResult(HealthCheckResult.Healthy($"{data.Count} agent(s) configured", data));
        }
    }

    /// <summary>
    /// The circuit of every model route (each agent's model and its fallbacks, made when the agent catalog was built at
    /// start-up): degraded while any is open or half-open, since a fallback or the cache may still answer.
    /// </summary>
    private sealed class ModelCircuitsCheck(ModelRoutes routes) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var data = new Dictionary<string, object>(StringComparer.Ordinal);
            int notClosed = 0;
            foreach (ResilientChatClient route in routes.Clients.OrderBy(r => r.CircuitName, StringComparer.Ordinal))
            {
                data[route.CircuitName] = CircuitReporting.Describe(route.Circuit);
                notClosed += route.Circuit == Polly.CircuitBreaker.CircuitState.Closed ? 0 : 1;
            }

            return Task.FromResult(notClosed == 0
                ? HealthCheckResult.Healthy($"{data.Count} model route(s), every circuit closed", data)
                : HealthCheckResult.Degraded($"{notClosed} of {data.Count} model route(s) not closed", data: data));
        }
    }
}
