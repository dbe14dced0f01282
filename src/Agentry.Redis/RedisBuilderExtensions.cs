using Agentry.Core;
using Agentry.Core.Budgets;
using Agentry.Core.Caching;
using Agentry.Core.Idempotency;
using Agentry.Core.Sessions;
using Agentry.Redis.Budgets;
using Agentry.Redis.Caching;
using Agentry.Redis.Connection;
using Agentry.Redis.Idempotency;
using Agentry.Redis.Sessions;
using Agentry.Redis.Security;
using Agentry.Core.Security;
using Agentry.Core.Audit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Agentry.Redis;

/// <summary><c>AddRedisStores()</c>: every store in Redis, shared by all replicas.</summary>
public static class RedisBuilderExtensions
{
    /// <summary>
    /// Replaces every in-memory store with its Redis implementation (sessions, response cache, idempotency keys,
    /// budgets and their limits, rate limits, API keys), adds the audit stream and Redis to the detailed health report.
    /// Needs <c>ConnectionStrings:Redis</c>.
    /// </summary>
    public static IAgentryBuilder AddRedisStores(this IAgentryBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IServiceCollection services = builder.Services;
        string connectionString = builder.Configuration.GetConnectionString(RedisOptions.ConnectionStringName) is { Length: > 0 } configured
            ? configured
            : throw new InvalidOperationException("AddRedisStores needs ConnectionStrings:Redis (ConnectionStrings__Redis).");

        services.AddOptions<RedisOptions>()
            .Bind(builder.Configuration.GetSection(RedisOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => new RedisConnection(connectionString, sp.GetRequiredService<IOptions<RedisOptions>>()));
        services.AddSingleton<RedisGuard>();
        services.Replace(ServiceDescriptor.Singleton<ISessionStore, RedisSessionStore>());
        services.Replace(ServiceDescriptor.Singleton<IResponseCache, RedisResponseCache>());
        services.Replace(ServiceDescriptor.Singleton<IIdempotencyStore, RedisIdempotencyStore>());
        services.Replace(ServiceDescriptor.Singleton<IBudgetStore, RedisBudgetStore>());
        services.Replace(ServiceDescriptor.Singleton<IBudgetLimitStore, RedisBudgetLimitStore>());
        services.AddSingleton<RedisRateLimitStore>();
        services.Replace(ServiceDescriptor.Singleton<IRateLimitStore>(sp => sp.GetRequiredService<RedisRateLimitStore>()));
        services.AddHostedService<RedisRateLimitChargeFlusher>();
        services.Replace(ServiceDescriptor.Singleton<IApiKeyStore, RedisApiKeyStore>());
        services.AddSingleton<IAuditWriter, RedisAuditWriter>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");
        return builder;
    }
}
