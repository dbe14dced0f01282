using System.Collections.Concurrent;
using System.Text.Json;
using Agentry.Providers.Simulator;

namespace Agentry.Simulator;

/// <summary>Counters a test or benchmark reads to know how many calls actually reached the simulator.</summary>
public sealed class SimulatorStats
{
    private readonly ConcurrentDictionary<string, long> _byModel = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _breakpoints = new(StringComparer.Ordinal);
    private long _requests;
    private long _faults;
    private long _cacheReadTokens;
    private long _cacheWriteTokens;

    /// <summary>Calls to <c>POST /v1/messages</c>, including rejected ones.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Calls answered with an injected fault.</summary>
    public long Faults => Interlocked.Read(ref _faults);

    /// <summary>Parsed calls per requested model.</summary>
    public long RequestsFor(string model) => _byModel.TryGetValue(model, out long count) ? count : 0;

    /// <summary>Blocks that carried <c>cache_control</c>, by where they stood: <c>tools</c>, <c>system</c> or <c>messages</c>.</summary>
    public long CacheControlBlocks(string location) => _breakpoints.TryGetValue(location, out long count) ? count : 0;

    /// <summary>Prompt-cache tokens reported as <c>cache_read_input_tokens</c>.</summary>
    public long CacheReadTokens => Interlocked.Read(ref _cacheReadTokens);

    /// <summary>Prompt-cache tokens reported as <c>cache_creation_input_tokens</c>.</summary>
    public long CacheWriteTokens => Interlocked.Read(ref _cacheWriteTokens);

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
            json.WriteStartObject("cache_control_blocks");
            foreach (KeyValuePair<string, long> location in _breakpoints)
            {
                json.WriteNumber(location.Key, location.Value);
            }

            json.WriteEndObject();
            json.WriteNumber("cache_read_input_tokens", CacheReadTokens);
            json.WriteNumber("cache_creation_input_tokens", CacheWriteTokens);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal void RecordRequest() => Interlocked.Increment(ref _requests);

    internal void RecordFault() => Interlocked.Increment(ref _faults);

    internal void RecordModel(string model) => _byModel.AddOrUpdate(model, 1, (_, count) => count + 1);

    internal void RecordBreakpoints(IReadOnlyList<CacheBreakpoint> breakpoints)
    {
        foreach (CacheBreakpoint breakpoint in breakpoints)
        {
            _breakpoints.AddOrUpdate(breakpoint.Location, 1, (_, count) => count + 1);
        }
    }

    internal void RecordPromptCache(int read, int write)
    {
        Interlocked.Add(ref _cacheReadTokens, read);
        Interlocked.Add(ref _cacheWriteTokens, write);
    }
}
