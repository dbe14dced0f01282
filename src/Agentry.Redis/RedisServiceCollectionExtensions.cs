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

public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// When <c>ConnectionStrings:Redis</c> is set, replaces the in-memory stores with the Redis ones and adds
    /// Redis to the detailed health report. Returns whether Redis is in use.
    /// </summary>
    public static bool AddAgentryRedis(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? connectionString = configuration.GetConnectionString(RedisOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return false;
        }

        services.AddOptions<RedisOptions>()
            .Bind(configuration.GetSection(RedisOptions.SectionName))
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
        return true;
    }
}
