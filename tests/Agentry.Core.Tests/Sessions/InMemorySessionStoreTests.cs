using Agentry.Core.Stores;
using Agentry.Core.Sessions;
using Agentry.Testing.Conformance;

namespace Agentry.Core.Tests.Sessions;

public sealed class InMemorySessionStoreTests : SessionStoreConformanceTests
{
    protected override ISessionStore CreateStore(SessionStoreOptions options) =>
        new InMemorySessionStore(Microsoft.Extensions.Options.Options.Create(options), Time);

    protected override Task LetTimePassAsync(TimeSpan elapsed)
    {
        Time.Advance(elapsed);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Create_WhenFull_RefusesWithUnavailable()
    {
        ISessionStore store = CreateStore(new SessionStoreOptions { MaxInMemorySessions = 2 });
        await store.CreateAsync("t1", "a", default);
        await store.CreateAsync("t1", "a", default);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CreateAsync("t1", "a", default));
    }
}
