using Agentry.Core;
using Agentry.Core.Audit;
using Agentry.Core.Budgets;
using Agentry.Core.Caching;
using Agentry.Core.Idempotency;
using Agentry.Core.Security;
using Agentry.Core.Sessions;
using Agentry.Redis.Budgets;
using Agentry.Redis.Caching;
using Agentry.Redis.Idempotency;
using Agentry.Redis.Security;
using Agentry.Redis.Sessions;
using Agentry.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agentry.Redis.Tests;

/// <summary><c>AddRedisStores()</c> replaces every store, as the service composes itself when Redis is configured.</summary>
public sealed class RedisRegistrationTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task WithAConnectionString_EveryStoreIsTheRedisOne_AndTheAuditStreamIsWritten()
    {
        await using WebApplication withRedis = AgentryServer.Build(out _, out _, $"--ConnectionStrings:Redis={redis.Server.ConnectionString}");
        await using WebApplication withoutRedis = AgentryServer.Build(out _, out _);
        IServiceProvider services = withRedis.Services;

        Assert.IsType<RedisSessionStore>(services.GetRequiredService<ISessionStore>());
        Assert.IsType<RedisResponseCache>(services.GetRequiredService<IResponseCache>());
        Assert.IsType<RedisIdempotencyStore>(services.GetRequiredService<IIdempotencyStore>());
        Assert.IsType<RedisBudgetStore>(services.GetRequiredService<IBudgetStore>());
        Assert.IsType<RedisBudgetLimitStore>(services.GetRequiredService<IBudgetLimitStore>());
        Assert.IsType<RedisRateLimitStore>(services.GetRequiredService<IRateLimitStore>());
        Assert.IsType<RedisApiKeyStore>(services.GetRequiredService<IApiKeyStore>());
        Assert.Contains(services.GetServices<IAuditWriter>(), w => w is RedisAuditWriter);
        Assert.IsType<InMemorySessionStore>(withoutRedis.Services.GetRequiredService<ISessionStore>());
        Assert.DoesNotContain(withoutRedis.Services.GetServices<IAuditWriter>(), w => w is RedisAuditWriter);
    }

    [Fact]
    public void WithoutAConnectionString_AddRedisStoresSaysWhatToSet()
    {
        var builder = new AgentryBuilder(new ServiceCollection(), new ConfigurationBuilder().Build());

        InvalidOperationException refused = Assert.Throws<InvalidOperationException>(() => builder.AddRedisStores());

        Assert.Contains("ConnectionStrings:Redis", refused.Message, StringComparison.Ordinal);
    }
}
