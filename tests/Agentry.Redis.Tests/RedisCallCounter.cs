using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Agentry.Redis.Tests;

/// <summary>
/// A meter factory that counts the Redis round trips (<c>agent.redis.calls</c>) of the guard made with it, by
/// operation: the same numbers <c>agent_redis_calls_total</c> shows, and no other guard's.
/// </summary>
internal sealed class RedisCallCounter : IMeterFactory
{
    private readonly List<Meter> _meters = [];
    private readonly ConcurrentDictionary<string, long> _calls = new(StringComparer.Ordinal);
    private readonly MeterListener _listener = new();

    public RedisCallCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            bool ours;
            lock (_meters)
            {
                ours = _meters.Contains(instrument.Meter);
            }

            if (ours && instrument.Name == "agent.redis.calls")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key == "operation")
                {
                    _calls.AddOrUpdate((string)tag.Value!, value, (_, sum) => sum + value);
                }
            }
        });
        _listener.Start();
    }

    public long Total => _calls.Values.Sum();

    public long Of(string operation) => _calls.GetValueOrDefault(operation);

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        _listener.Dispose();
        lock (_meters)
        {
            _meters.ForEach(m => m.Dispose());
        }
    }
}
