using Agentry.Api.Endpoints;
using Agentry.Api.Http;
using Agentry.Api.Security;
using Agentry.Core.Audit;
using Agentry.Core.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Agentry.Core;
using Agentry.Core.Agents;
using Agentry.Core.Budgets;
using Agentry.Core.Caching;
using Agentry.Core.Idempotency;
using Agentry.Core.Pipeline;
using Agentry.Core.Resilience;
using Agentry.Core.Costs;
using Agentry.Core.Sessions;
using Agentry.Core.Tools;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Agentry.Api.Hosting;

/// <summary>
/// Registers Agentry's core (the agent loop and its pipeline, the in-memory stores, security, telemetry, health) and
/// returns the builder each further capability is added on: <c>AddAnthropic()</c>, <c>AddBuiltInTools()</c>,
/// <c>AddRedisStores()</c>, … Every options class is bound to its section and validated at start-up.
/// </summary>
internal static class ServiceCollectionExtensions
{
    public static IAgentryBuilder AddAgentry(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<AgentsOptions>()
            .Configure(options =>
            {
                // One agent at a time: a dictionary bind drops an entry whose value does not convert, and the
                // agent would vanish; bound on its own, the error names the setting (Agents:{name}:{key}).
                foreach (IConfigurationSection agent in configuration.GetSection(AgentsOptions.SectionName).GetChildren())
                {
                    var definition = new AgentDefinition();
                    agent.Bind(definition);
                    options.Agents[agent.Key] = definition;
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AgentsOptions>, AgentsOptionsValidator>();
        services.AddValidatedOptions<SessionStoreOptions>(configuration, SessionStoreOptions.SectionName);
        services.AddValidatedOptions<PricingOptions>(configuration, PricingOptions.SectionName);
        services.AddValidatedOptions<ApiLimitsOptions>(configuration, ApiLimitsOptions.SectionName);
        services.AddSingleton<ToolRegistry>();
        services.AddSingleton<ToolInvoker>();
        services.AddHostedService<ToolSourceStarter>();

        services.AddValidatedOptions<ResilienceOptions>(configuration, ResilienceOptions.SectionName);
        services.AddSingleton<ModelProviders>();
        services.AddSingleton<ModelRoutes>();
        services.AddSingleton<AgentPipeline>();
        services.AddSingleton<AgentCatalog>();
        services.AddSingleton<PriceTable>();
        services.AddValidatedOptions<ResponseCacheOptions>(configuration, ResponseCacheOptions.SectionName);
        services.AddValidatedOptions<IdempotencyOptions>(configuration, IdempotencyOptions.SectionName);
        services.AddSingleton<ISessionStore, InMemorySessionStore>();
        services.AddSingleton<IResponseCache, InMemoryResponseCache>();
        services.AddSingleton<IIdempotencyStore, InMemoryIdempotencyStore>();
        services.AddOptions<BudgetOptions>().Bind(configuration.GetSection(BudgetOptions.SectionName)).Validate(
            budgets => budgets.Thresholds.All(t => t is > 0 and <= 1) && budgets.Default.DailyUsd >= 0 && budgets.Default.MonthlyUsd >= 0
                && budgets.Tenants.Values.All(l => l.DailyUsd >= 0 && l.MonthlyUsd >= 0),
            "Budgets: limits must be 0 (none) or positive, and Budgets:Thresholds between 0 and 1.").ValidateOnStart();
        services.AddSingleton<IBudgetStore, InMemoryBudgetStore>();
        services.AddSingleton<IBudgetLimitStore, InMemoryBudgetLimitStore>();
        services.AddSingleton<BudgetLimitResolver>();
        services.AddAgentrySecurity(configuration);
        services.AddSingleton<AgentRunner>();

        // In-flight runs get this long to finish after SIGTERM; keep it below Kubernetes' terminationGracePeriodSeconds.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = configuration.GetValue("Shutdown:DrainTimeout", TimeSpan.FromSeconds(25)));
        services.AddSingleton<DrainState>();
        services.AddHostedService<StartupReport>();
        services.AddAgentryTelemetry(configuration);
        services.AddAgentryHealthChecks();
        return new AgentryBuilder(services, configuration);
    }

    /// <summary>API keys (ASP.NET Core authentication), the admin policy, rate limits and the audit log.</summary>
    private static void AddAgentrySecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SecurityOptions>(configuration, SecurityOptions.SectionName);
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        services.AddSingleton<IApiKeyStore, InMemoryApiKeyStore>();
        services.AddSingleton<IRateLimitStore, InMemoryRateLimitStore>();
        services.AddSingleton<ApiKeyRegistry>();
        services.AddSingleton<AnonymousAccess>();
        services.AddSingleton<RateLimitMiddleware>();
        services.AddSingleton<RunAftermath>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<IAuditSink>(sp => sp.GetRequiredService<AuditLog>());
        services.AddHostedService(sp => sp.GetRequiredService<AuditLog>());
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, configureOptions: null);
        services.AddAuthorizationBuilder()
            // No schemes named in the policies: the authentication middleware's result (the default scheme) is used
            // as it is, instead of being authenticated again and merged into a new principal on every request.
            .SetDefaultPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminEndpoints.Policy, policy => policy.RequireClaim(ApiKeyAuthenticationHandler.AdminClaim, "true"));
    }

    private static void AddValidatedOptions<TOptions>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
    {
        services.AddOptions<TOptions>()
            .Bind(configuration.GetSection(section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }
}
