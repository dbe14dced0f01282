using Agentry.Core.Caching;
using Agentry.Testing.Conformance;
using Microsoft.Extensions.Options;

namespace Agentry.Core.Tests.Caching;

public sealed class InMemoryResponseCacheTests : ResponseCacheConformanceTests, IDisposable
{
    private readonly List<InMemoryResponseCache> _caches = [];

    protected override IResponseCache CreateCache()
    {
        var cache = new InMemoryResponseCache(Options.Create(new ResponseCacheOptions()), Time);
        _caches.Add(cache);
        return cache;
    }

    protected override Task LetTimePassAsync(TimeSpan elapsed)
    {
        Time.Advance(elapsed);
        return Task.CompletedTask;
    }

    public void Dispose() => _caches.ForEach(c => c.Dispose());
}
