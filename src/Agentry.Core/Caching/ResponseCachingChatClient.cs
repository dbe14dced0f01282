using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Agentry.Core.Agents;
using Agentry.Core.Costs;
using Agentry.Core.Pipeline;
using Agentry.Core.Security;
using Agentry.Core.Sessions;
using Agentry.Core.Telemetry;
using Microsoft.Extensions.AI;

namespace Agentry.Core.Caching;

/// <summary>
/// Exact-match cache of model answers, built on Microsoft.Extensions.AI's <see cref="CachingChatClient"/>
/// (which handles streamed answers). The key hashes everything that shapes the answer: agent, model,
/// sampling settings, tool definitions and the whole conversation including the system prompt. A cached
/// answer costs nothing, so its usage is dropped, after counting what that usage would cost at today's prices
/// as saved (<c>agent_cache_saved_usd_total</c>); it is marked so the run can say <c>cached: true</c>.
/// A failing cache is a miss, never an error.
/// </summary>
public sealed class ResponseCachingChatClient : CachingChatClient
{
    private const string CacheName = "response";

    /// <summary>Marks a replayed answer between the base class's cache read and this class's overrides; never leaves it.</summary>
    private const string HitMarker = "Agentry.CacheHit";
    private const string KeyVersion = "v1";

    private readonly IResponseCache _cache;
    private readonly string _agent;
    private readonly TimeSpan _timeToLive;
    private readonly PriceTable _prices;
    private readonly AgentryMetrics _metrics;

    public ResponseCachingChatClient(IChatClient inner, IResponseCache cache, string agent, TimeSpan timeToLive, PriceTable prices, AgentryMetrics metrics)
        : base(inner)
    {
        _cache = cache;
        _agent = agent;
        _timeToLive = timeToLive;
        _prices = prices;
        _metrics = metrics;
    }

    /// <summary>
    /// A request that skipped the cache (<c>Cache-Control: no-cache</c>) still gets a cached answer when no model
    /// can answer at all: a stale answer beats a 503.
    /// </summary>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Resilience.ModelsUnavailableException) when (!EnableCaching(messages, options))
        {
            ChatResponse? cached = await ReadCacheAsync(GetCacheKey(messages, options), cancellationToken).ConfigureAwait(false);
            if (cached is null)
            {
                throw;
            }

            response = cached;
        }

        NoteHit(response.AdditionalProperties, options);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            NoteHit(update.AdditionalProperties, options);
            yield return update;
        }
    }

    protected override bool EnableCaching(IEnumerable<ChatMessage> messages, ChatOptions? options) =>
        ModelCall.Of(options)?.BypassCache != true;

    protected override string GetCacheKey(IEnumerable<ChatMessage> messages, ChatOptions? options, params ReadOnlySpan<object?> additionalValues)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("v", KeyVersion);
            json.WriteString("agent", _agent);
            json.WriteString("model", options?.ModelId);
            json.WriteString("temperature", options?.Temperature?.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteNumber("max_tokens", options?.MaxOutputTokens ?? 0);
            json.WriteStartArray("tools");
            foreach (AITool tool in options?.Tools ?? [])
            {
                json.WriteStringValue(tool.Name);
                if (tool is AIFunctionDeclaration function)
                {
                    function.JsonSchema.WriteTo(json);
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        byte[] conversation = StoredMessageCodec.Serialize(messages as IReadOnlyList<ChatMessage> ?? messages.ToList());
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(buffer.GetBuffer(), 0, (int)buffer.Length);
        hash.AppendData(conversation);
        string tenant = ModelCall.Of(options)?.Tenant ?? Tenancy.Default;
        return tenant + "\n" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    protected override async Task<ChatResponse?> ReadCacheAsync(string key, CancellationToken cancellationToken)
    {
        byte[]? bytes = await LookupAsync(key, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        ChatResponse? response = JsonSerializer.Deserialize(bytes, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ChatResponse))) as ChatResponse;
        if (response is not null)
        {
            CountSaving(response.ModelId, response.Usage);
            response.Usage = null;
            (response.AdditionalProperties ??= [])[HitMarker] = true;
        }

        return response;
    }

    protected override async Task<IReadOnlyList<ChatResponseUpdate>?> ReadCacheStreamingAsync(string key, CancellationToken cancellationToken)
    {
        byte[]? bytes = await LookupAsync(key, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        if (JsonSerializer.Deserialize(bytes, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(List<ChatResponseUpdate>))) is not List<ChatResponseUpdate> updates)
        {
            return null;
        }

        UsageDetails? usage = null;
        string? model = null;
        foreach (ChatResponseUpdate update in updates)
        {
            model ??= update.ModelId;
            foreach (UsageContent content in update.Contents.OfType<UsageContent>())
            {
                (usage ??= new UsageDetails()).Add(content.Details);
            }

            update.Contents = update.Contents.Where(c => c is not UsageContent).ToList();
            (update.AdditionalProperties ??= [])[HitMarker] = true;
        }

        CountSaving(model, usage);
        return updates;
    }

    /// <summary>Tells the call that the cache answered, and removes the marker.</summary>
    private static void NoteHit(AdditionalPropertiesDictionary? properties, ChatOptions? options)
    {
        if (properties?.Remove(HitMarker) == true && ModelCall.Of(options) is { } call)
        {
            call.Cached = true;
        }
    }

    private void CountSaving(string? model, UsageDetails? usage)
    {
        if (usage is not null)
        {
            string priced = model ?? "unknown";
            _metrics.CacheSaved(_agent, priced, _prices.Price(priced, UsageMapping.From(usage)).Total);
        }
    }

    protected override Task WriteCacheAsync(string key, ChatResponse value, CancellationToken cancellationToken) =>
        IsComplete(value.FinishReason)
            ? StoreAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ChatResponse))), cancellationToken)
            : Task.CompletedTask;

    protected override Task WriteCacheStreamingAsync(string key, IReadOnlyList<ChatResponseUpdate> value, CancellationToken cancellationToken) =>
        IsComplete(value.LastOrDefault(u => u.FinishReason is not null)?.FinishReason)
            ? StoreAsync(key, JsonSerializer.SerializeToUtf8Bytes(value.ToList(), AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(List<ChatResponseUpdate>))), cancellationToken)
            : Task.CompletedTask;

    // A cut or filtered answer is not worth replaying.
    private static bool IsComplete(ChatFinishReason? reason) => reason == ChatFinishReason.Stop || reason == ChatFinishReason.ToolCalls;

    private async Task<byte[]?> LookupAsync(string key, CancellationToken cancellationToken)
    {
        (string tenant, string hash) = Split(key);
        try
        {
            byte[]? bytes = await _cache.GetAsync(tenant, hash, cancellationToken).ConfigureAwait(false);
            _metrics.CacheLookup(CacheName, bytes is null ? "miss" : "hit");
            return bytes;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _metrics.CacheLookup(CacheName, "error");
            return null;
        }
    }

    private async Task StoreAsync(string key, byte[] value, CancellationToken cancellationToken)
    {
        (string tenant, string hash) = Split(key);
        try
        {
            await _cache.SetAsync(tenant, hash, value, _timeToLive, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _metrics.CacheWriteFailed(CacheName);
        }
    }

    private static (string Tenant, string Hash) Split(string key)
    {
        int separator = key.IndexOf('\n', StringComparison.Ordinal);
        return (key[..separator], key[(separator + 1)..]);
    }
}
