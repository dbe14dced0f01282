using Agentry.Core.Agents;
using Agentry.Core.Audit;
using Agentry.Core.Costs;
using Agentry.Core.Resilience;
using Agentry.Core.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Agentry.Core.Budgets;

/// <summary>
/// <c>UseBudgets(agent, routes)</c>: each call's worst case reserved against the tenant's budgets, at the dearest price
/// among the models that may answer it, and settled to its real cost.
/// </summary>
public static class BudgetChatClientBuilderExtensions
{
    public static ChatClientBuilder UseBudgets(this ChatClientBuilder builder, AgentDefinition agent, IReadOnlyList<ModelRef> routes)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(routes);
        return builder.Use((inner, services) =>
        {
            PriceTable prices = services.GetRequiredService<PriceTable>();
            ModelPrice dearest = routes.Select(r => prices.Find(r.Model).Price).MaxBy(p => p.InputPerMillion + p.OutputPerMillion)!;
            return new BudgetChatClient(
                inner, services.GetRequiredService<IBudgetStore>(), services.GetRequiredService<IOptions<BudgetOptions>>().Value, prices, dearest, agent.Name,
                services.GetRequiredService<AgentryMetrics>(), services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ILogger<BudgetChatClient>>(), services.GetService<IAuditSink>(), services.GetService<BudgetLimitResolver>());
        });
    }
}
