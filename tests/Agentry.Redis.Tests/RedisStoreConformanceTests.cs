using Agentry.Core.Caching;
using Agentry.Core.Idempotency;
using Agentry.Core.Sessions;
using Agentry.Redis.Caching;
using Agentry.Redis.Connection;
using Agentry.Redis.Idempotency;
using Agentry.Redis.Sessions;
using Agentry.Testing.Conformance;

namespace Agentry.Redis.Tests;

public sealed class RedisSessionStoreTests(RedisFixture redis) : SessionStoreConformanceTests, IClassFixture<RedisFixture>
{
    private RedisGuard? _guard;

    protected override ISessionStore CreateStore(SessionStoreOptions options)
    {
        _guard = redis.CreateGuard(Time);
        return new RedisSessionStore(_guard, Microsoft.Extensions.Options.Options.Create(options), Time);
    }

    protected override Task LetTimePassAsync(TimeSpan elapsed) => RedisFixture.LetTimePassAsync(_guard!, Time, elapsed);
}

public sealed class RedisResponseCacheTests(RedisFixture redis) : ResponseCacheConformanceTests, IClassFixture<RedisFixture>
{
    private RedisGuard? _guard;

    protected override IResponseCache CreateCache()
    {
        _guard = redis.CreateGuard(Time);
        return new RedisResponseCache(_guard);
    }

    protected override Task LetTimePassAsync(TimeSpan elapsed) => RedisFixture.LetTimePassAsync(_guard!, Time, elapsed);
}

public sealed class RedisIdempotencyStoreTests(RedisFixture redis) : IdempotencyStoreConformanceTests, IClassFixture<RedisFixture>
{
    private RedisGuard? _guard;

    protected override IIdempotencyStore CreateStore()
    {
        _guard = redis.CreateGuard(Time);
        return new RedisIdempotencyStore(_guard);
    }

    protected override Task LetTimePassAsync(TimeSpan elapsed) => RedisFixture.LetTimePassAsync(_guard!, Time, elapsed);
}

public sealed class RedisBudgetStoreTests(RedisFixture redis) : BudgetStoreConformanceTests, IClassFixture<RedisFixture>
{
    protected override Agentry.Core.Budgets.IBudgetStore CreateStore() =>
        new Agentry.Redis.Budgets.RedisBudgetStore(redis.CreateGuard(TimeProvider.System), Microsoft.Extensions.Options.Options.Create(new Agentry.Core.Budgets.BudgetOptions()));
}

public sealed class RedisRateLimitStoreTests(RedisFixture redis) : RateLimitStoreConformanceTests, IClassFixture<RedisFixture>
{
    protected override Agentry.Core.Security.IRateLimitStore CreateStore() => new Agentry.Redis.Security.RedisRateLimitStore(redis.CreateGuard(TimeProvider.System));
}

public sealed class RedisApiKeyStoreTests(RedisFixture redis) : ApiKeyStoreConformanceTests, IClassFixture<RedisFixture>
{
    protected override Agentry.Core.Security.IApiKeyStore CreateStore() => new Agentry.Redis.Security.RedisApiKeyStore(redis.CreateGuard(TimeProvider.System));
}

public sealed class RedisBudgetLimitStoreTests(RedisFixture redis) : BudgetLimitStoreConformanceTests, IClassFixture<RedisFixture>
{
    protected override Agentry.Core.Budgets.IBudgetLimitStore CreateStore() => new Agentry.Redis.Budgets.RedisBudgetLimitStore(redis.CreateGuard(TimeProvider.System));
}
