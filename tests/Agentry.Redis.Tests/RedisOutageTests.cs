using System.Diagnostics;
using Agentry.Core.Sessions;
using Agentry.Core.Stores;
using Agentry.Redis.Connection;
using Agentry.Redis.Sessions;
using Agentry.Testing;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace Agentry.Redis.Tests;

/// <summary>A dead Redis makes calls fail fast with <see cref="StoreUnavailableException"/>, then the guard recovers by itself.</summary>
public sealed class RedisOutageTests
{
    [Fact]
    public async Task Calls_WhileRedisIsDown_FailFastThenRecoverWithoutRestart()
    {
        await using RedisServer server = await RedisServer.StartAsync();
        var options = new RedisOptions { OperationTimeout = TimeSpan.FromMilliseconds(300), BreakDuration = TimeSpan.FromSeconds(1), MinimumThroughput = 2 };
        using var connection = new RedisConnection(server.ConnectionString, Options.Create(options));
        using var meters = new TestMeterFactory();
        var guard = new RedisGuard(connection, Options.Create(options), new Agentry.Core.Telemetry.AgentryMetrics(meters), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<RedisGuard>.Instance);
        var store = new RedisSessionStore(guard, Options.Create(new SessionStoreOptions()), TimeProvider.System);
        AgentSession session = await store.CreateAsync("t1", "a", default);

        server.Kill();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < 6; i++)
        {
            await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetAsync("t1", session.Id, default));
        }

        // Six calls against a dead server, each bounded by the 300 ms timeout or refused by the open circuit.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6 * 0.3 + 2), $"took {watch.Elapsed}");
        Assert.Equal(CircuitState.Open, guard.State);

        await server.RestartAsync();
        AgentSession? back = null;
        for (int attempt = 0; attempt < 100 && back is null; attempt++)
        {
            await Task.Delay(100);
            try
            {
                back = await store.GetAsync("t1", session.Id, default);
            }
            catch (StoreUnavailableException)
            {
                // Still reconnecting or circuit still open.
            }
        }

        Assert.NotNull(back);
        Assert.Equal(CircuitState.Closed, guard.State);
    }
}
