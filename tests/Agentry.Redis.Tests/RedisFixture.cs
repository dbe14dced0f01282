using System.Diagnostics.Metrics;
using Agentry.Core.Telemetry;
using Agentry.Redis.Connection;
using Agentry.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Agentry.Redis.Tests;

/// <summary>One real redis-server for a test class; each test gets its own key prefix, so tests never see each other's keys.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private readonly List<IDisposable> _disposables = [];
    private RedisServer? _server;
    private int _next;

    public RedisServer Server => _server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    /// <summary>A guard with its own key prefix; pass <paramref name="meters"/> to observe its metrics.</summary>
    public RedisGuard CreateGuard(TimeProvider time, RedisOptions? options = null, IMeterFactory? meters = null)
    {
        // Store semantics, not timeouts, are under test here: a busy two-core machine must not fail them.
        options ??= new RedisOptions { OperationTimeout = TimeSpan.FromSeconds(5) };
        options.KeyPrefix = $"t{Interlocked.Increment(ref _next)}";
        var connection = new RedisConnection(Server.ConnectionString, Options.Create(options));
        _disposables.Add(connection);
        if (meters is null)
        {
            var own = new TestMeterFactory();
            _disposables.Add(own);
            meters = own;
        }

        return new RedisGuard(connection, Options.Create(options), new AgentryMetrics(meters), time, NullLogger<RedisGuard>.Instance);
    }

    /// <summary>Simulates time passing for Redis-side expiry: every key's remaining time to live shrinks by <paramref name="elapsed"/>.</summary>
    public static async Task LetTimePassAsync(RedisGuard guard, FakeTimeProvider time, TimeSpan elapsed)
    {
        time.Advance(elapsed);
        StackExchange.Redis.IServer server = guard.Multiplexer.GetServer(guard.Multiplexer.GetEndPoints()[0]);
        StackExchange.Redis.IDatabase db = guard.Multiplexer.GetDatabase();
        await foreach (StackExchange.Redis.RedisKey key in server.KeysAsync(pattern: guard.Prefix + ":*"))
        {
            TimeSpan? left = await db.KeyTimeToLiveAsync(key);
            if (left is null)
            {
                continue;
            }

            if (left.Value <= elapsed)
            {
                await db.KeyDeleteAsync(key);
            }
            else
            {
                await db.KeyExpireAsync(key, left.Value - elapsed);
            }
        }
    }

    public async Task DisposeAsync()
    {
        _disposables.ForEach(d => d.Dispose());
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
