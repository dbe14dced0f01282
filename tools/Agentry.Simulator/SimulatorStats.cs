using System.Collections.Concurrent;
using System.Text.Json;

namespace Agentry.Simulator;

/// <summary>Counters a test or benchmark reads to know how many calls actually reached the simulator.</summary>
public sealed class SimulatorStats
{
    private readonly ConcurrentDictionary<string, long> _byModel = new(StringComparer.Ordinal);
    private long _requests;
    private long _faults;

    /// <summary>Calls to <c>POST /v1/messages</c>, including rejected ones.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Calls answered with an injected fault.</summary>
    public long Faults => Interlocked.Read(ref _faults);

    /// <summary>Parsed calls per requested model.</summary>
    public long RequestsFor(string model) => _byModel.TryGetValue(model, out long count) ? count : 0;

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("requests", Requests);
            json.WriteNumber("faults", Faults);
            json.WriteStartObject("by_model");
            foreach (KeyValuePair<string, long> model in _byModel)
            {
                json.WriteNumber(model.Key, model.Value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal void RecordRequest() => Interlocked.Increment(ref _requests);

    internal void RecordFault() => Interlocked.Increment(ref _faults);

    internal void RecordModel(string model) => _byModel.AddOrUpdate(model, 1, (_, count) => count + 1);
}
