using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Agentry.Redis.Connection;

/// <summary>
/// The process's one multiplexer. It never blocks start-up on a dead Redis (AbortOnConnectFail off) and
/// reconnects by itself when Redis returns.
/// </summary>
public sealed class RedisConnection : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _multiplexer;

    public RedisConnection(string connectionString, IOptions<RedisOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ConfigurationOptions configuration = ConfigurationOptions.Parse(connectionString);
        configuration.AbortOnConnectFail = false;
        configuration.ClientName ??= "agentry";
        int timeoutMs = (int)Math.Ceiling(options.Value.OperationTimeout.TotalMilliseconds);
        configuration.AsyncTimeout = timeoutMs;
        configuration.SyncTimeout = timeoutMs;
        configuration.ConnectTimeout = Math.Max(1000, timeoutMs * 2);
        Endpoint = string.Join(",", configuration.EndPoints.Select(e => e.ToString()));
        Keys = new RedisKeys(options.Value.KeyPrefix);
        _multiplexer = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(configuration));
    }

    /// <summary>Host and port only: never the password.</summary>
    public string Endpoint { get; }

    public RedisKeys Keys { get; }

    public IDatabase Database => _multiplexer.Value.GetDatabase();

    public IConnectionMultiplexer Multiplexer => _multiplexer.Value;

    public bool IsConnected => _multiplexer.IsValueCreated && _multiplexer.Value.IsConnected;

    public void Dispose()
    {
        if (_multiplexer.IsValueCreated)
        {
            _multiplexer.Value.Dispose();
        }
    }
}
