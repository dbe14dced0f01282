using Agentry.Core.Sessions;
using Agentry.Redis.Connection;
using Agentry.Redis.Sessions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Agentry.Redis.Tests;

public sealed class RedisKeyLayoutTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public void Keys_CarryTheTenantAsHashTag()
    {
        var keys = new RedisKeys("agentry");

        Assert.Equal("agentry:{acme}:session:ses_1", keys.Session("acme", "ses_1"));
        Assert.Equal("agentry:{acme}:session:ses_1:turns", keys.SessionTurns("acme", "ses_1"));
        Assert.Equal("agentry:{acme}:cache:ab", keys.ResponseCache("acme", "ab"));
        Assert.Equal("agentry:{a_b_}:idem:x", keys.Idempotency("a{b}", "x"));
    }

    [Fact]
    public async Task SessionKeys_ExpireAfterIdleTimeToLive_AndUseRefreshesIt()
    {
        var time = new FakeTimeProvider();
        RedisGuard guard = redis.CreateGuard(time);
        var store = new RedisSessionStore(guard, Options.Create(new SessionStoreOptions { IdleTimeToLive = TimeSpan.FromMinutes(30) }), time);
        AgentSession session = await store.CreateAsync("acme", "assistant", default);
        await store.AppendAsync("acme", session.Id, 0, [new ChatMessage(ChatRole.User, "hi")], default);
        StackExchange.Redis.IDatabase db = guard.Multiplexer.GetDatabase();

        TimeSpan? meta = await db.KeyTimeToLiveAsync(guard.Keys.Session("acme", session.Id));
        TimeSpan? turns = await db.KeyTimeToLiveAsync(guard.Keys.SessionTurns("acme", session.Id));

        Assert.InRange(meta!.Value, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
        Assert.InRange(turns!.Value, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
        await db.KeyExpireAsync(guard.Keys.Session("acme", session.Id), TimeSpan.FromMinutes(1));
        await store.GetAsync("acme", session.Id, default);
        Assert.InRange((await db.KeyTimeToLiveAsync(guard.Keys.Session("acme", session.Id)))!.Value, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
    }
}
